"""A small real project, and a headless Chromium driven through chromedriver (Selenium)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

import wenming_submit.findings.codes_core  # noqa: F401  (registers WM1xx)
from wenming_submit.check.result import CheckResult, Requirement, Status
from wenming_submit.findings.finding import make_finding

CATALOG = """
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  units: [区文明办, 区教育局, 区城市管理综合行政执法局第三执法大队（原区市容环境卫生管理所）]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 2
- code: "Ⅲ-1-4"
  title: 志愿服务
  units: [区文明办, 区教育局]
  materials:
    - name: 工作台账
      kinds: [spreadsheet]
"""

HOSTILE = "区<b>教育</b>局 & \"文明\" '办' </script><script>alert(1)</script>"
LONG = "某某区" + "城市管理综合行政执法局第三执法大队" * 6


def _hostile_result() -> CheckResult:
    reqs = (
        Requirement(
            indicator="Ⅱ-3-2", unit=HOSTILE, material="实景图片", status=Status.missing, required=5, found=0
        ),
        Requirement(
            indicator="Ⅱ-3-2", unit=LONG, material="实景图片", status=Status.complete, required=5, found=5
        ),
        Requirement(
            indicator="Ⅲ-<1>", unit=LONG, material="台账&记录", status=Status.partial, required=2, found=1
        ),
    )
    findings = (
        make_finding(
            "WM101",
            indicator="Ⅱ-3-2",
            unit=HOSTILE,
            material="实景图片",
            required=5,
            folder=f"evidence/{HOSTILE}/Ⅱ-3-2",
        ),
        make_finding("WM130", path=f"evidence/{LONG}/</script>.jpg", indicator="Ⅱ-3-2", unit=LONG),
    )
    return CheckResult(title="标题 <i>&</i>", period=("2026-01-01", "2026-12-31"), requirements=reqs,
                       findings=findings)  # fmt: skip


@pytest.fixture
def hostile_result() -> CheckResult:
    """Unit, indicator, material and path strings that would break a page that does not escape."""
    return _hostile_result()


@pytest.fixture
def names() -> tuple[str, str]:
    return HOSTILE, LONG


def make_project(root: Path, files: ModuleType) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "wenming.toml").write_text(
        '[project]\ntitle = "某区2026年度创文网上申报材料"\norganization = "某区创文办"\n'
        "[period]\nstart = 2026-01-01\nend = 2026-12-31\n",
        encoding="utf-8",
    )
    ev = root / "evidence"
    files.docx(ev / "区文明办/Ⅱ-3-2 我们的节日/活动方案/方案.docx", ["活动方案。"])
    files.jpeg(ev / "区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年2月10日 社区 春节活动.jpg", seed=1)
    files.jpeg(ev / "区文明办/Ⅱ-3-2 我们的节日/实景图片/2026年2月11日 社区 元宵活动.jpg", seed=2)
    files.xlsx(ev / "区文明办/Ⅲ-1-4 志愿服务/工作台账.xlsx", ["日期", "内容"], [["2026-03-01", "巡查"]])
    (ev / "区文明办/Ⅱ-3-2 我们的节日/活动方案/~$方案.docx").write_bytes(b"\x00" * 162)
    files.docx(ev / "区教育局/Ⅱ-3-2 我们的节日/活动方案/方案.docx", ["教育局方案。"])
    (ev / "区教育局/Ⅱ-3-2 我们的节日/实景图片").mkdir(parents=True)
    (ev / "区教育局/Ⅱ-3-2 我们的节日/实景图片/空照片.jpg").write_bytes(b"")
    (ev / "区城市管理综合行政执法局第三执法大队（原区市容环境卫生管理所）").mkdir(parents=True)
    return root


@pytest.fixture
def project(tmp_path: Path, files: ModuleType) -> Path:
    return make_project(tmp_path / "项目", files)
