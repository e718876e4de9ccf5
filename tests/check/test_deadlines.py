"""完成时间 (`due`): decided once in the check with an injectable today, shown by every renderer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from testkit.core import Proj, requirement
from wenming_submit.check.assess import assess
from wenming_submit.check.result import CheckResult
from wenming_submit.evidence.scan import scan
from wenming_submit.notify.notices import plan_notices, render_text
from wenming_submit.project import open_project
from wenming_submit.render.console import render_console
from wenming_submit.render.dashboard import render_dashboard
from wenming_submit.render.xlsx import write_workbook

# The first indicator is due later than the second: the notice must put the second first anyway.
CATALOG = """\
indicators:
  - code: "Ⅱ-3-2"
    title: 开展“我们的节日”主题活动
    units: [区文明办, 区教育局]
    due: 2026-12-31
    materials:
      - name: 活动方案
        kinds: [document, pdf]
  - code: "Ⅲ—12"
    title: 网格化创建巡查
    units: [区文明办, 区教育局]
    due: 2026-06-30
    materials:
      - name: 巡查台账
        kinds: [spreadsheet]
  - code: "Ⅳ-1"
    title: 常态化工作
    units: [区教育局]
    materials:
      - name: 工作记录
        kinds: [document]
"""
TODAY = dt.date(2026, 7, 15)


@pytest.fixture
def dated(proj: Proj) -> tuple[Proj, CheckResult]:
    (proj.root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    proj.docx("区文明办/Ⅱ-3-2 我们的节日/活动方案.docx", "区文明办活动方案。")
    proj.xlsx("区文明办/Ⅲ—12 网格化创建巡查/巡查台账.xlsx")  # 区文明办 met Ⅲ—12 on time; 区教育局 did not
    project = open_project(proj.root)
    return proj, assess(project.config, project.catalog, scan(project.config, project.catalog), today=TODAY)


def test_overdue_is_decided_in_the_check(dated: tuple[Proj, CheckResult]) -> None:
    _, result = dated
    late = requirement(result, "Ⅲ—12", "区教育局", "巡查台账")
    assert (late.due, late.status.value, late.overdue) == ("2026-06-30", "missing", True)
    met = requirement(result, "Ⅲ—12", "区文明办", "巡查台账")
    assert (met.due, met.overdue) == ("2026-06-30", False)  # complete: never overdue
    assert requirement(result, "Ⅱ-3-2", "区教育局", "活动方案").overdue is False  # due later
    ongoing = requirement(result, "Ⅳ-1", "区教育局", "工作记录")
    assert (ongoing.due, ongoing.overdue) == (None, False)
    assert result.overdue == (late,)
    # the JSON contract gains optional fields only: items without a 完成时间 carry none
    rows = {(r["indicator"], r["unit"]): r for r in json.loads(json.dumps(result.to_json()))["requirements"]}
    assert rows[("Ⅲ—12", "区教育局")]["due"] == "2026-06-30" and rows[("Ⅲ—12", "区教育局")]["overdue"] is True
    assert "due" not in rows[("Ⅳ-1", "区教育局")] and "overdue" not in rows[("Ⅳ-1", "区教育局")]


def test_before_the_date_nothing_is_overdue(proj: Proj) -> None:
    (proj.root / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    project = open_project(proj.root)
    result = assess(project.config, project.catalog, scan(project.config, project.catalog),
                    today=dt.date(2026, 6, 30))  # fmt: skip
    assert result.overdue == ()
    assert requirement(result, "Ⅲ—12", "区教育局", "巡查台账").due == "2026-06-30"


def test_console_shows_the_overdue_item(dated: tuple[Proj, CheckResult]) -> None:
    _, result = dated
    console = Console(record=True, width=200, color_system=None)
    render_console(result, console)
    text = console.export_text()
    assert "截止" in text and "2026-06-30 已逾期" in text
    assert "逾期未完成（1 项）" in text
    assert "区教育局 · Ⅲ—12 · 巡查台账（缺失）：完成时间 2026-06-30，已逾期" in text


def test_workbook_overview_has_due_and_overdue(dated: tuple[Proj, CheckResult], tmp_path: Path) -> None:
    proj, result = dated
    path = tmp_path / "清单.xlsx"
    write_workbook(result, open_project(proj.root).catalog, path, project_root=proj.root)
    rows = list(openpyxl.load_workbook(path)["总览"].iter_rows(values_only=True))
    assert rows[0][-2:] == ("截止日期", "是否逾期")
    body = {r[0]: r for r in rows[1:-1]}
    assert body["Ⅲ—12"][-2:] == ("2026-06-30", "逾期 1 项")
    assert body["Ⅱ-3-2"][-2:] == ("2026-12-31", "否")
    assert body["Ⅳ-1"][-2] == "—"
    assert rows[-1][-1] == "逾期 1 项"


def test_dashboard_counts_and_lists_overdue(dated: tuple[Proj, CheckResult]) -> None:
    _, result = dated
    html = render_dashboard(result)
    assert '<b id="k-overdue">1</b><span>逾期未完成</span>' in html
    assert "<td>区教育局</td><td>Ⅲ—12</td><td>巡查台账</td><td>缺失</td><td class=\"late-date\">2026-06-30 已逾期</td>" in html
    assert "missing late" in html and "已过完成时间 2026-06-30" in html


def test_notice_lists_overdue_items_first(dated: tuple[Proj, CheckResult]) -> None:
    proj, result = dated
    project = open_project(proj.root)
    plan = plan_notices(result, catalog=project.catalog)
    notice = next(n for n in plan.notices if n.unit == "区教育局")
    assert notice.overdue == 1
    assert [(i.indicator, i.overdue) for i in notice.items] == [("Ⅲ—12", True), ("Ⅱ-3-2", False), ("Ⅳ-1", False)]
    assert notice.items[0].due == "2026-06-30"
    text = render_text(plan, project.config, deadline=dt.date(2026, 7, 22), today=TODAY)
    block = text.split("【区教育局】", 1)[1]
    assert "已过完成时间 1 项（列在最前）" in block
    assert "1. 【已逾期，完成时间 2026-06-30】Ⅲ—12" in block
