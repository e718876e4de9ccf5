"""A project on disk for the content checks (the `project` fixture lives in conftest.py): wenming.toml, a catalogue with every kind of requirement,
and helpers to drop real files into evidence/ and run the whole check."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.evidence.inspect.stage import InspectStats
from wenming_submit.findings.finding import Finding
from wenming_submit.project import open_project

TOML = """\
[project]
title = "测试区2025年度创文网上申报材料"

[period]
start = 2025-01-01
end = 2025-12-31

[limits]
image_min_width = 800
image_min_height = 600
"""

CATALOG = """\
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  units: [区文明办, 区教育局]
  materials:
    - name: 实景图片
      kinds: [image]
      min: 2
      caption: [时间, 地点, 主题]
    - name: 说明报告
      kinds: [document]
      min_chars: 200
    - name: 活动方案
      kinds: [document]
- code: "Ⅲ-12"
  title: 网格化创建巡查
  units: [区城管局]
  materials:
    - name: 巡查台账
      kinds: [spreadsheet]
      columns: [巡查时间, 巡查人员, 发现问题, 整改情况]
      date_column: 巡查时间
      per_month_min: 2
    - name: 巡查照片
      kinds: [image]
      min: 1
      min_width: 2000
      min_height: 1500
      period: {start: 2025-06-01, end: 2025-06-30}
"""

PHOTOS = "evidence/区文明办/Ⅱ-3-2 我们的节日/实景图片"
REPORTS = "evidence/区文明办/Ⅱ-3-2 我们的节日/说明报告"
PLANS = "evidence/区文明办/Ⅱ-3-2 我们的节日/活动方案"
LEDGERS = "evidence/区城管局/Ⅲ-12 网格化创建巡查/巡查台账"
PATROL_PHOTOS = "evidence/区城管局/Ⅲ-12 网格化创建巡查/巡查照片"


@dataclass
class Run:
    result: CheckResult
    stats: InspectStats

    def at(self, rel_end: str) -> list[Finding]:
        return [f for f in self.result.findings if f.path and f.path.endswith(rel_end)]

    def codes(self, rel_end: str) -> set[str]:
        return {f.code for f in self.at(rel_end)}

    def requirement(self, unit: str, material: str) -> object:
        return next(r for r in self.result.requirements if r.unit == unit and r.material == material)


class ProjectDir:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "indicators").mkdir(parents=True)
        (root / "evidence").mkdir()
        (root / "wenming.toml").write_text(TOML, encoding="utf-8")
        (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")

    def path(self, folder: str, name: str) -> Path:
        target = self.root / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def check(self, *, use_cache: bool = True, time_limit: float | None = None) -> Run:
        project = open_project(self.root)
        project = replace(project, use_cache=use_cache)
        if time_limit is not None:
            project = replace(project, time_limit=time_limit)
        stats = InspectStats()
        return Run(run_check(project, stats=stats), stats)
