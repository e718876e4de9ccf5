"""Bad tables fail with a Chinese message naming the file, sheet and row; the CLI exits 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.chart import BarChart, Reference

from importer.taskbook_tables import city_roman
from wenming_submit.catalog.importer import import_table
from wenming_submit.cli import main
from wenming_submit.errors import CatalogError, UsageError


def _book(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_no_recognisable_header_names_the_sheet(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "表.xlsx",
        [["会议纪要"], ["时间", "地点", "参会人员"], ["3月1日", "会议室", "张三"]],
        "纪要",
    )
    with pytest.raises(CatalogError, match="工作表「纪要」中找不到表头行"):
        import_table(path)
    code, output = _cli("import", str(path), "--out", str(tmp_path / "out.yaml"))
    assert code == 2
    assert "纪要" in output and "--map" in output and "Traceback" not in output


def test_password_protected_workbook(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = city_roman(tmp_path / "plain.xlsx")
    locked = tmp_path / "加密.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        OOXMLFile(source).encrypt("123456", target)
    code, output = _cli("import", str(locked), "--out", str(tmp_path / "out.yaml"))
    assert code == 2
    assert "加密.xlsx" in output and "密码" in output
    assert not (tmp_path / "out.yaml").exists()


def test_chart_sheet_is_refused_and_skipped(tmp_path: Path) -> None:
    path = city_roman(tmp_path / "表.xlsx")
    book = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(book["任务分解"], min_col=1, min_row=4, max_row=7))
    book.create_chartsheet("进度图").add_chart(chart)
    book.save(path)
    with pytest.raises(CatalogError, match="工作表「进度图」是图表"):
        import_table(path, sheet="进度图")
    result = import_table(path)  # without --sheet the chart is skipped, the table imported
    assert len(result.indicators) == 3
    assert "工作表「进度图」是图表，已跳过" in result.notes
    code, output = _cli("import", str(path), "--sheet", "进度图", "--out", str(tmp_path / "o.yaml"))
    assert code == 2 and "图表" in output


def test_unknown_sheet_lists_the_real_ones(tmp_path: Path) -> None:
    path = city_roman(tmp_path / "表.xlsx")
    with pytest.raises(UsageError, match="没有名为「Sheet9」的工作表") as caught:
        import_table(path, sheet="Sheet9")
    assert "任务分解" in str(caught.value)


def test_duplicate_codes_name_sheet_and_rows(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "表.xlsx",
        [
            ["编号", "指标名称", "责任单位"],
            ["Ⅱ-3-2", "我们的节日", "区文明办"],
            ["Ⅰ-1", "志愿服务", "团区委"],
            ["II—3—2", "我们的节日（重复）", "区教育局"],
        ],
        "任务",
    )
    with pytest.raises(CatalogError) as caught:
        import_table(path)
    text = str(caught.value)
    assert "编号「Ⅱ-3-2」重复" in text
    assert "工作表「任务」第 2 行" in text and "工作表「任务」第 4 行" in text
    code, output = _cli("import", str(path), "--out", str(tmp_path / "o.yaml"))
    assert code == 2 and "第 4 行" in output


def test_missing_and_bad_codes_name_rows(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "表.xlsx",
        [
            ["编号", "指标名称", "责任单位"],
            ["Ⅱ-3-2", "我们的节日", "区文明办"],
            [None, "志愿服务", "团区委"],
            ["第三项", "文明交通", "区交警大队"],
        ],
    )
    with pytest.raises(CatalogError) as caught:
        import_table(path)
    problems = [str(p) for p in caught.value.problems]
    assert any("工作表「Sheet1」第 3 行：缺少编号" in p for p in problems)
    assert any("工作表「Sheet1」第 4 行：编号「第三项」无法识别" in p for p in problems)


def test_wps_et_html_and_empty_files(tmp_path: Path) -> None:
    et = tmp_path / "任务分解表.et"
    et.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(CatalogError, match="WPS") as caught:
        import_table(et)
    assert "另存为" in str(caught.value) and "xlsx" in str(caught.value)
    html = tmp_path / "导出.xls"
    html.write_text("<html><body><table><tr><td>编号</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(CatalogError, match="网页"):
        import_table(html)
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(CatalogError, match="空的"):
        import_table(empty)
    with pytest.raises(CatalogError, match="不存在"):
        import_table(tmp_path / "没有.xlsx")


def test_bad_map_option(tmp_path: Path) -> None:
    path = city_roman(tmp_path / "表.xlsx")
    code, output = _cli("import", str(path), "--map", "序号", "--out", str(tmp_path / "o.yaml"))
    assert code == 2 and "列名=字段" in output
    code, output = _cli("import", str(path), "--map", "序号=颜色", "--out", str(tmp_path / "o.yaml"))
    assert code == 2 and "「颜色」无法识别" in output
    code, output = _cli("import", str(path), "--map", "不存在的列=title", "--out", str(tmp_path / "o.yaml"))
    assert code == 2 and "找不到" in output and "网上申报具体要求" in output


def test_edited_rules_cell_is_validated(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "清单.xlsx",
        [["编号", "指标名称", "材料规则", "责任单位"], ["Ⅱ-3-2", "我们的节日", "- {name: 实景图片, kinds: [photo]}", "区文明办"],
         ["Ⅱ-3-3", "志愿服务", "- {name: 台账, kinds: [spreadsheet", "区文明办"]],
        "指标清单",
    )  # fmt: skip
    with pytest.raises(CatalogError) as caught:
        import_table(path)
    problems = [str(p) for p in caught.value.problems]
    assert any("工作表「指标清单」第 2 行：materials[1].kinds[1]" in p and "'photo'" in p for p in problems)
    assert any("工作表「指标清单」第 3 行：材料规则不是有效的 YAML" in p for p in problems)
