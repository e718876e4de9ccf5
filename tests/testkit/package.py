"""Small real projects in tmp folders for the build tests (files made by scripts/samplefiles.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.project import Project, open_project

CATALOG = """\
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  lead: 区委宣传部
  units: [区文明办, 区教育局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 3
- code: "Ⅰ-1-1"
  title: 理论学习中心组学习
  lead: 区委宣传部
  units: [区文明办]
  materials:
    - name: 学习台账
      kinds: [spreadsheet]
"""

TOML = """\
[project]
title = "{title}"
organization = "某某区创文办"
[period]
start = 2025-01-01
end = 2025-12-31
[limits]
image_max_mb = {image_max_mb}
image_min_width = 800
image_min_height = 600
[naming]
pattern = "{pattern}"
"""

TAKEN = dt.datetime(2025, 5, 12, 9, 30)


def make_project(
    root: Path,
    files: Any,
    *,
    complete: bool = True,
    title: str = "某某区2025年度创建全国文明城市网上申报材料",
    catalog: str = CATALOG,
    image_max_mb: float = 5,
    pattern: str = "{code}_{unit}_{material}_{n:02d}",
) -> Path:
    """A project where 区文明办 is complete and 区教育局 is complete too unless `complete=False`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "wenming.toml").write_text(
        TOML.format(title=title, image_max_mb=image_max_mb, pattern=pattern), encoding="utf-8"
    )
    (root / "indicators").mkdir(exist_ok=True)
    (root / "indicators" / "指标.yaml").write_text(catalog, encoding="utf-8")
    ev = root / "evidence"
    a = ev / "区文明办" / "Ⅱ-3-2 我们的节日"
    files.docx(a / "活动方案.docx", ["春节活动方案正文。"], title="活动方案")
    files.jpeg(a / "实景图片" / "2025年5月12日 社区 包粽子.jpg", size=(1600, 1200), seed=1, taken=TAKEN,
               orientation=6)  # fmt: skip
    files.image(a / "实景图片" / "2025年5月13日 广场 舞龙.heic", "HEIC", size=(1200, 900), seed=2)
    files.image(a / "实景图片" / "2025年5月14日 学校 诵读.webp", "WEBP", size=(1024, 768), seed=3)
    files.xlsx(ev / "区文明办" / "Ⅰ-1-1 中心组学习" / "学习台账.xlsx", ["学习时间", "内容"],
               [["2025-03-01", "学习"]], title="学习台账")  # fmt: skip
    b = ev / "区教育局" / "Ⅱ-3-2 我们的节日"
    files.pdf(b / "活动方案.pdf", ["教育局活动方案。"])
    count = 3 if complete else 1
    for i in range(count):
        files.jpeg(
            b / "实景图片" / f"2025年6月{i + 1}日 学校 活动.jpg", size=(1024, 768), seed=10 + i, taken=TAKEN
        )
    return root


@pytest.fixture
def project_factory(tmp_path: Path, files: Any) -> Callable[..., Path]:
    counter = iter(range(1000))

    def factory(**kwargs: Any) -> Path:
        return make_project(tmp_path / f"p{next(counter)}", files, **kwargs)

    return factory


def check_project(root: Path) -> tuple[Project, CheckResult]:
    project = open_project(root)
    return project, run_check(project)


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Project, CheckResult]:
    """One complete project, checked once, for tests that only read it (saves a check per test)."""
    import samplefiles

    root = make_project(tmp_path_factory.mktemp("shared") / "project", samplefiles)
    project, result = check_project(root)
    return root, project, result


@pytest.fixture
def checked() -> Callable[[Path], tuple[Project, CheckResult]]:
    """Open and check a project folder: (project, result)."""
    return check_project
