"""A small project for the matching/archive/date tests: real files, the whole check (scan, inspect, match,
judge, assess) run as `wenming check` runs it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import samplefiles

from wenming_submit.check.result import CheckResult, Requirement
from wenming_submit.check.run import run_check
from wenming_submit.findings.finding import Finding
from wenming_submit.project import open_project

TOML = """\
[project]
title = "测试区2026年度创文网上申报材料"

[period]
start = 2025-11-01
end = 2026-10-31
"""

CATALOG = """\
units:
  - name: 区文明办
    aliases: [文明办]
  - name: 区卫健委
    aliases: [卫健委]
indicators:
  - code: "Ⅱ-3-2"
    title: 开展“我们的节日”主题活动
    lead: 区委宣传部
    units: [区文明办, 区卫健委]
    materials:
      - name: 文件通知
        kinds: [document, pdf]
      - name: 活动方案
        kinds: [document]
      - name: 说明报告
        kinds: [document]
      - name: 实景图片
        kinds: [image]
        min: 2
        caption: [时间, 地点, 主题]
"""

ITEM = "Ⅱ-3-2 我们的节日"


class MatchProject:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True)
        (root / "wenming.toml").write_text(TOML, encoding="utf-8")
        (root / "indicators").mkdir()
        (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
        (root / "evidence").mkdir()

    @property
    def evidence(self) -> Path:
        return self.root / "evidence"

    def path(self, rel: str) -> Path:
        path = self.evidence / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def photo(self, rel: str, taken: dt.datetime | None = dt.datetime(2026, 3, 5, 9), seed: int = 1) -> Path:
        return samplefiles.jpeg(self.path(rel), size=(1024, 768), seed=seed, taken=taken)

    def docx(self, rel: str, *paragraphs: str) -> Path:
        return samplefiles.docx(self.path(rel), list(paragraphs))

    def pdf(self, rel: str, text: str) -> Path:
        return samplefiles.pdf(self.path(rel), [text])

    def check(self) -> CheckResult:
        return run_check(open_project(self.root))


def at(result: CheckResult, rel_end: str) -> list[Finding]:
    return [f for f in result.findings if f.path and f.path.endswith(rel_end)]


def requirement(result: CheckResult, unit: str, material: str) -> Requirement:
    return next(r for r in result.requirements if r.unit == unit and r.material == material)


def entry(result: CheckResult, rel_end: str) -> dict[str, object]:
    return next(e for e in result.to_json()["files"] if str(e["path"]).endswith(rel_end))
