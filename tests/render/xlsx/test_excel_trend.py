"""The trend in the Excel 清单: 单位进度's trend columns and the 进度趋势 sheet, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from wenming_submit.cli import main
from wenming_submit.history.store import history_path, load_trends, record_snapshot
from wenming_submit.render.xlsx import SHEETS, TREND_SHEET, write_workbook

TREND_HEADERS = ["较上次", "本周", "缺失变化", "趋势"]
BASE_HEADERS = ["单位", "承担指标", "材料要求", "完整", "部分", "缺失", "免报", "完成率"]
EDU = Path("evidence") / "区教育局" / "Ⅱ-3-2 我们的节日"


def behind_project(project_factory: Any) -> Path:
    """区教育局 misses its 活动方案 and has 1 of 3 photos; 区文明办 is complete."""
    root: Path = project_factory(complete=False)
    (root / EDU / "活动方案.pdf").unlink()
    return root


def add_plan(root: Path, files: Any) -> None:
    files.pdf(root / EDU / "活动方案.pdf", ["教育局活动方案。"])


def add_photos(root: Path, files: Any) -> None:
    for i in (2, 3):
        files.jpeg(root / EDU / "实景图片" / f"2025年6月{i}日 学校 活动.jpg", size=(1024, 768), seed=20 + i)


def unit_rows(path: Path) -> dict[str, dict[str, Any]]:
    ws = openpyxl.load_workbook(path)["单位进度"]
    header, *body = list(ws.iter_rows(values_only=True))
    assert list(header) == BASE_HEADERS + TREND_HEADERS  # the existing columns keep their place
    return {row[0]: dict(zip(header, row, strict=True)) for row in body}


def check_xlsx(root: Path, out: Path, *extra: str) -> None:
    res = CliRunner().invoke(main, ["check", "-C", str(root), "--format", "json", "--xlsx", str(out), *extra])
    assert res.exit_code in (0, 1), res.output
    assert out.exists()


def test_check_xlsx_shows_change_since_previous_check(
    project_factory: Any, files: Any, tmp_path: Path
) -> None:
    root = behind_project(project_factory)
    first = tmp_path / "第一次.xlsx"
    check_xlsx(root, first)
    # One recorded check: nothing to compare yet.
    assert all(unit_rows(first)[u][h] == "—" for u in ("区教育局", "区文明办") for h in TREND_HEADERS)
    first_points = list(openpyxl.load_workbook(first)[TREND_SHEET].iter_rows(min_row=2, values_only=True))
    assert [p[1:4] for p in first_points] == [(3, 1, 1)]  # 区文明办's 3 complete; 区教育局 partial + missing
    assert len(openpyxl.load_workbook(first)[TREND_SHEET]._charts) == 0  # one point: no line to draw

    add_plan(root, files)  # the missing 活动方案 arrives: 区教育局 goes from 0 to 1 of 2 done
    second = tmp_path / "第二次.xlsx"
    check_xlsx(root, second)
    units = unit_rows(second)
    edu, civ = units["区教育局"], units["区文明办"]
    assert (edu["完整"], edu["部分"], edu["缺失"]) == (1, 1, 0)
    assert (edu["较上次"], edu["本周"], edu["缺失变化"]) == (1, 1, "1 → 0")
    assert edu["趋势"] == "缺失 1 → 0，本周 +1 完成，较上次 +1 完成，错误 2 → 1"  # WM1xx: missing + too few
    assert (civ["较上次"], civ["本周"], civ["缺失变化"], civ["趋势"]) == (0, 0, "0 → 0", "缺失 0 → 0")

    wb = openpyxl.load_workbook(second)
    ws = wb["单位进度"]
    assert wb.sheetnames == [*SHEETS, TREND_SHEET]
    edu_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "区教育局")
    gained = ws.cell(edu_row, 9)
    assert gained.number_format == "+0;-0;0" and gained.fill.fgColor.rgb.endswith("C6EFCE")  # green
    assert ws.cell(edu_row, 11).fill.fgColor.rgb.endswith("C6EFCE")  # fewer missing: green

    trend = wb[TREND_SHEET]
    header, *points = list(trend.iter_rows(values_only=True))
    assert header == ("检查时间", "完整", "部分", "缺失", "免报", "错误", "完成率")
    assert [p[1:4] for p in points] == [(3, 1, 1), (4, 1, 0)]  # 5 requirements: 3 → 4 complete
    assert points[0][6] == pytest.approx(3 / 5) and points[1][6] == pytest.approx(4 / 5)
    assert isinstance(points[0][0], dt.datetime) and points[0][0] <= points[1][0]
    assert trend.cell(2, 7).number_format == "0%"
    assert len(trend._charts) == 1  # the completion line chart survives a round trip


def test_week_and_previous_differ(project_factory: Any, files: Any, checked: Any, tmp_path: Path) -> None:
    """Three checks: 10 days ago, 2 days ago, now. 较上次 counts from the 2-day-old one, 本周 from the oldest."""
    root = behind_project(project_factory)
    now = dt.datetime(2025, 6, 20, 8, 0, tzinfo=dt.UTC)
    project, result = checked(root)
    record_snapshot(project.config, result, now=now - dt.timedelta(days=10))
    add_plan(root, files)
    project, result = checked(root)
    record_snapshot(project.config, result, now=now - dt.timedelta(days=2))
    add_photos(root, files)
    project, result = checked(root)
    record_snapshot(project.config, result, now=now)

    trends = load_trends(project.config, result, now=now)
    assert trends.snapshots == 3
    out = tmp_path / "清单.xlsx"
    write_workbook(result, project.catalog, out, project_root=root, trends=trends)
    edu = unit_rows(out)["区教育局"]
    assert (edu["完成率"], edu["较上次"], edu["本周"], edu["缺失变化"]) == (1, 1, 2, "1 → 0")
    assert edu["趋势"] == "缺失 1 → 0，本周 +2 完成，较上次 +1 完成，错误 2 → 0"
    times = [r[0] for r in openpyxl.load_workbook(out)[TREND_SHEET].iter_rows(min_row=2, values_only=True)]
    assert times == sorted(times) and len(times) == 3
    assert times[2] - times[0] == dt.timedelta(days=10)


def test_unrecorded_result_is_the_last_point(project_factory: Any, files: Any, tmp_path: Path) -> None:
    """`check --no-history --xlsx` after a recorded check: compared with it, but not written to the history."""
    root = behind_project(project_factory)
    check_xlsx(root, tmp_path / "a.xlsx")
    add_plan(root, files)
    out = tmp_path / "b.xlsx"
    check_xlsx(root, out, "--no-history")
    assert unit_rows(out)["区教育局"]["较上次"] == 1
    project_out = openpyxl.load_workbook(out)[TREND_SHEET]
    assert project_out.max_row == 3  # the recorded check and this one
    again = tmp_path / "c.xlsx"
    check_xlsx(root, again, "--no-history")
    assert unit_rows(again)["区教育局"]["较上次"] == 1  # still compared with the one recorded check


def test_narrowed_to_one_unit(project_factory: Any, files: Any, tmp_path: Path) -> None:
    root = behind_project(project_factory)
    check_xlsx(root, tmp_path / "a.xlsx")
    add_plan(root, files)
    out = tmp_path / "b.xlsx"
    check_xlsx(root, out, "--unit", "区教育局")
    units = unit_rows(out)
    assert list(units) == ["区教育局"] and units["区教育局"]["较上次"] == 1
    points = list(openpyxl.load_workbook(out)[TREND_SHEET].iter_rows(min_row=2, values_only=True))
    assert [p[1:4] for p in points] == [(0, 1, 1), (1, 1, 0)]  # 区教育局's own counts only


def test_no_history_shows_dashes(project_factory: Any, checked: Any, tmp_path: Path) -> None:
    root = behind_project(project_factory)
    project, result = checked(root)
    trends = load_trends(project.config, result)
    assert trends.snapshots == 0 and not history_path(project.config).exists()  # reading creates nothing
    out = tmp_path / "清单.xlsx"
    write_workbook(result, project.catalog, out, project_root=root, trends=trends)
    units = unit_rows(out)
    assert set(units) == {"区教育局", "区文明办"}
    assert all(row[h] == "—" for row in units.values() for h in TREND_HEADERS)
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS)  # no 进度趋势 without any check recorded


def test_unreadable_history_shows_dashes(project_factory: Any, checked: Any, tmp_path: Path) -> None:
    root = behind_project(project_factory)
    project, result = checked(root)
    broken = history_path(project.config)
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"this is not a database" * 100)
    trends = load_trends(project.config, result)
    assert trends.snapshots == 0
    out = tmp_path / "清单.xlsx"
    write_workbook(result, project.catalog, out, project_root=root, trends=trends)
    assert all(row[h] == "—" for row in unit_rows(out).values() for h in TREND_HEADERS)
    # and through the CLI: the check warns about the history but still writes the workbook
    check_xlsx(root, tmp_path / "cli.xlsx")
    assert unit_rows(tmp_path / "cli.xlsx")["区教育局"]["较上次"] == "—"


def test_narrowed_to_one_indicator(project_factory: Any, files: Any, tmp_path: Path) -> None:
    root = behind_project(project_factory)
    check_xlsx(root, tmp_path / "a.xlsx")
    add_plan(root, files)
    out = tmp_path / "b.xlsx"
    check_xlsx(root, out, "--indicator", "Ⅱ-3-2")
    units = unit_rows(out)
    assert (units["区文明办"]["材料要求"], units["区文明办"]["较上次"]) == (2, 0)  # 学习台账 (Ⅰ-1-1) left out
    assert units["区教育局"]["较上次"] == 1
    points = list(openpyxl.load_workbook(out)[TREND_SHEET].iter_rows(min_row=2, values_only=True))
    assert [p[1:4] for p in points] == [(2, 1, 1), (3, 1, 0)]  # Ⅱ-3-2's 4 requirements only
