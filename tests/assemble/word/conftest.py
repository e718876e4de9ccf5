"""A small real project (made with samplefiles in a tmp dir) and its built 汇编, shared per module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest

from wenming_submit.assemble.options import BuildOptions, gate
from wenming_submit.assemble.word import WordReport, build_word
from wenming_submit.check.result import CheckResult
from wenming_submit.check.run import run_check
from wenming_submit.project import Project, open_project

TOML = """[project]
title = "某某区2026年度创建全国文明城市网上申报材料"
organization = "某某区创文办"
district = "某某区"
[period]
start = 2026-01-01
end = 2026-12-31
"""

CATALOG = """
- code: "Ⅱ-3-2"
  title: 开展“我们的节日”主题活动
  standard: 围绕春节、元宵、清明、端午、七夕、中秋、重阳等传统节日开展主题活动。
  lead: 区委宣传部
  units: [区文明办, 区教育局]
  materials:
    - name: 活动方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 3
    - name: 巡查台账
      kinds: [spreadsheet]
- code: "Ⅲ-1-1"
  title: 公共场所文明引导
  standard: 公共场所设置文明引导标识。
  lead: 区文明办
  units: [区文明办]
  materials:
    - name: 工作方案
      kinds: [document, pdf]
    - name: 实景图片
      kinds: [image]
      min: 2
"""

PLAN_TEXT = "为深入开展“我们的节日”主题活动，弘扬中华优秀传统文化，结合我区实际，制定本方案。"
CONCLUSION = "我办在火车站、汽车站等公共场所设置文明引导标识120处，符合测评标准。"


def make_project(root: Path, files: Any) -> Path:
    (root / "indicators").mkdir(parents=True)
    (root / "wenming.toml").write_text(TOML, encoding="utf-8")
    (root / "indicators" / "社会风尚.yaml").write_text(CATALOG, encoding="utf-8")
    a = root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日"
    picture = files.png(root / "素材" / "插图.png", size=(640, 480), seed=11)
    files.docx(a / "活动方案" / "端午节活动方案.docx", [PLAN_TEXT, "一、活动时间：2026年6月。"],
               title="端午节活动方案", table=[["项目", "时间", "地点"], ["包粽子", "6月19日", "社区"]],
               image=picture)  # fmt: skip
    for i in range(4):
        files.jpeg(a / "实景图片" / f"2026年6月{i + 1}日 区文化馆 端午活动{i + 1}.jpg", size=(2000, 1500), seed=i,
                   taken=dt.datetime(2026, 6, i + 1, 9), orientation=6 if i == 1 else None)  # fmt: skip
    rows = [[dt.date(2026, 3, d % 28 + 1), "张三", f"问题{d}", "已整改"] for d in range(80)]
    files.xlsx(a / "巡查台账" / "巡查台账.xlsx", ["巡查时间", "巡查人员", "发现问题", "整改情况"], rows,
               title="2026年巡查台账")  # fmt: skip
    b = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日"
    files.pdf(
        b / "活动方案" / "教育局活动方案.pdf",
        ["清明节祭英烈活动方案正文。" * 10, "第二页。"],
        title="清明节活动方案",
    )
    files.image(b / "实景图片" / "2026年4月5日 实验小学 清明祭扫.heic", "HEIC", seed=7)
    c = root / "evidence" / "区文明办" / "Ⅲ-1-1 文明引导"
    files.scanned_pdf(c / "工作方案" / "关于印发文明引导工作方案的通知.pdf", pages=12)
    files.png(c / "实景图片" / "2026年5月1日 火车站 文明引导牌.png", seed=3)
    (c / "结论性说明.txt").write_text(CONCLUSION, encoding="utf-8")
    return root


@dataclass
class Built:
    root: Path
    project: Project
    result: CheckResult
    report: WordReport
    path: Path

    def open(self) -> Any:
        return docx.Document(str(self.path))


def build(root: Path, dest: Path, *, today: dt.date = dt.date(2026, 11, 29), **options: Any) -> Built:
    """Check `root` and build its 汇编 into `dest` through the build's gate (`options`: BuildOptions fields)."""
    project = open_project(root)
    options.setdefault("allow_incomplete", True)
    chosen = BuildOptions(**options)
    view = gate(run_check(project), chosen)
    dest.mkdir(parents=True, exist_ok=True)
    report = build_word(project, view, dest, chosen, today=today)
    return Built(root, project, view, report, report.documents[0])


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import samplefiles

    return make_project(tmp_path_factory.mktemp("project") / "proj", samplefiles)


@pytest.fixture(scope="module")
def built(sample_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The whole 汇编 without LibreOffice (fast); the LibreOffice test builds its own."""
    return build(sample_project, tmp_path_factory.mktemp("out"), update_toc=False)
