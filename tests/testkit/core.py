"""A small project builder for the core tests: wenming.toml, one catalogue, evidence files on demand."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from wenming_submit.check.assess import assess
from wenming_submit.check.result import CheckResult, Requirement
from wenming_submit.evidence.scan import scan
from wenming_submit.findings.finding import Finding
from wenming_submit.project import open_project

TOML = """\
[project]
title = "测试区2026年度创文网上申报材料"
organization = "测试区创文办"

[period]
start = 2025-11-01
end = 2026-10-31

[units]
"区文明办" = ["文明办"]
"""

CATALOG = """\
units:
  - name: 区教育局
    aliases: [教育局, 区教体局]
indicators:
  - code: "Ⅱ-3-2"
    title: 开展“我们的节日”主题活动
    lead: 区文明办
    units: [区文明办, 区教育局]
    materials:
      - name: 活动方案
        kinds: [document, pdf]
      - name: 实景图片
        kinds: [image]
        min: 2
      - name: 说明报告
        kinds: [document]
        match: [情况报告]
  - code: "Ⅲ—12"
    title: 网格化创建巡查
    units: [区城管局]
    materials:
      - name: 巡查台账
        kinds: [spreadsheet]
        match: [台账]
      - name: 整改照片
        kinds: [image]
        max_mb: 0.1
"""


class Proj:
    """A project folder under tmp_path with helpers to add evidence and run the check."""

    def __init__(self, root: Path, files: object) -> None:
        self.root = root
        self.files = files
        root.mkdir(parents=True, exist_ok=True)
        (root / "wenming.toml").write_text(TOML, encoding="utf-8")
        (root / "indicators").mkdir(exist_ok=True)
        (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
        (root / "evidence").mkdir(exist_ok=True)

    def path(self, rel: str) -> Path:
        path = self.root / "evidence" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def raw(self, rel: str, data: bytes = b"") -> Path:
        path = self.path(rel)
        path.write_bytes(data)
        return path

    def photo(self, rel: str, seed: int = 0, size: tuple[int, int] = (800, 600)) -> Path:
        return self.files.jpeg(self.path(rel), size=size, seed=seed, taken=dt.datetime(2026, 3, 5, 9))  # type: ignore[attr-defined]

    def docx(self, rel: str, text: str = "活动情况说明。") -> Path:
        return self.files.docx(self.path(rel), [text], title="说明")  # type: ignore[attr-defined]

    def pdf(self, rel: str, text: str = "关于开展活动的通知") -> Path:
        return self.files.pdf(self.path(rel), [text])  # type: ignore[attr-defined]

    def xlsx(self, rel: str) -> Path:
        return self.files.xlsx(self.path(rel), ["巡查时间", "巡查人员"], [[dt.date(2026, 1, 5), "张伟"]],  # type: ignore[attr-defined]
                               title="巡查台账")  # fmt: skip

    def complete(self) -> None:
        """Every requirement met with good files."""
        for n, unit in enumerate(("区文明办", "区教育局")):
            base = f"{unit}/Ⅱ-3-2 我们的节日"
            self.docx(f"{base}/活动方案.docx", f"{unit}“我们的节日”活动方案。")
            self.photo(f"{base}/实景图片/2026年3月5日 广场 元宵节活动.jpg", seed=10 * n + 1)
            self.photo(f"{base}/实景图片/2026年3月6日 社区 元宵节活动.jpg", seed=10 * n + 2)
            # A good report gives figures with their source (the reviewer's checks, WM301/WM302).
            self.pdf(f"{base}/说明报告.pdf", f"{unit}关于“我们的节日”活动的说明报告：2026年2月12日开展元宵节活动"
                     "3场，参与群众600人次（数据来源：活动签到表）。")  # fmt: skip
        self.xlsx("区城管局/Ⅲ—12 网格化创建巡查/巡查台账.xlsx")
        self.photo("区城管局/Ⅲ—12 网格化创建巡查/整改照片/解放路整改后.jpg", seed=25)

    def check(self) -> CheckResult:
        """Scan and assess only (issue 2's check), without the deep content inspection of later stages."""
        project = open_project(self.root)
        return assess(project.config, project.catalog, scan(project.config, project.catalog))


def findings(result: CheckResult, code: str | None = None, *, kind: str | None = None) -> list[Finding]:
    return [
        f for f in result.findings if (code is None or f.code == code) and (kind is None or f.kind == kind)
    ]


def requirement(result: CheckResult, indicator: str, unit: str, material: str) -> Requirement:
    for req in result.requirements:
        if (req.indicator, req.unit, req.material) == (indicator, unit, material):
            return req
    raise AssertionError(f"no requirement {indicator} {unit} {material}")


def tree_digest(root: Path) -> dict[str, tuple[str, int, float]]:
    """Every entry under `root`: content hash (or link target), mode and mtime — to prove nothing changed."""
    out: dict[str, tuple[str, int, float]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st = path.lstat()
            if path.is_symlink():
                digest = "link:" + os.readlink(path)
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                digest = "dir"
            out[os.fsencode(path.relative_to(root)).hex()] = (digest, st.st_mode, st.st_mtime)
    return out


@pytest.fixture
def proj(tmp_path: Path, files: object) -> Iterator[Proj]:
    yield Proj(tmp_path / "项目", files)
