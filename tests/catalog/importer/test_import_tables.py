"""Real 任务分解表 layouts import to the expected catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from importer.taskbook_tables import city_dotted, city_reordered, city_roman
from wenming_submit.catalog.importer import import_table
from wenming_submit.catalog.model import Indicator
from wenming_submit.errors import CatalogError


def _ind(**data: Any) -> Indicator:
    return Indicator.model_validate(data)


EXPECTED_ROMAN = [
    _ind(
        code="Ⅱ-3-2",
        title="开展“我们的节日”主题活动",
        category=["社会风尚"],
        content="开展“我们的节日”主题活动",
        standard="围绕春节、清明、端午、中秋等传统节日开展主题活动。",
        method=["材料审核"],
        lead="区委宣传部",
        units=["区委宣传部", "区文明办", "区教育局"],
        deadline=dt.date(2026, 6, 30),
        requirement="1.活动方案；2.实景图片5张以上，注明时间、地点、主题；3.说明报告500字",
        materials=[
            {"name": "活动方案", "kinds": ["document", "pdf"], "note": "活动方案"},
            {
                "name": "实景图片",
                "kinds": ["image"],
                "min": 5,
                "caption": ["时间", "地点", "主题"],
                "note": "实景图片5张以上，注明时间、地点、主题",
            },
            {"name": "说明报告", "kinds": ["document"], "min_chars": 500, "note": "说明报告500字"},
        ],
    ),
    _ind(
        code="II-3-3",
        title="志愿服务制度化",
        category=["社会风尚"],
        content="志愿服务制度化",
        standard="建立志愿服务站点，志愿者注册率达到13%以上",
        method=["材料审核", "实地考察"],
        units=["区文明办", "团区委"],
        deadline=dt.date(2026, 6, 30),
        requirement="文件通知/制度文件；台账/统计表",
        materials=[
            {
                "name": "文件通知",
                "kinds": ["document", "pdf"],
                "match": ["制度文件"],
                "note": "文件通知/制度文件",
            },
            {"name": "台账", "kinds": ["spreadsheet"], "match": ["统计表"], "note": "台账/统计表"},
        ],
    ),
    _ind(
        code="Ⅲ-12-2",
        title="交通秩序",
        category=["公共秩序"],
        content="交通秩序",
        standard="机动车礼让行人，文明驾驶",
        method=["材料审核", "问卷调查"],
        lead="区交警大队",
        units=["区城管局", "区交警大队"],
        requirement="视频1段；巡查台账，每月巡查不少于2次",
        materials=[
            {"name": "视频", "kinds": ["video"], "note": "视频1段"},
            {"name": "巡查台账", "kinds": ["spreadsheet"], "note": "巡查台账，每月巡查不少于2次"},
        ],
    ),
]


def test_roman_codes_title_row_merged_category_spacer_and_notes(tmp_path: Path) -> None:
    result = import_table(city_roman(tmp_path / "任务分解表.xlsx"))
    assert result.indicators == EXPECTED_ROMAN
    assert [item.rows for item in result.items] == [[4], [5], [7]]
    assert result.items[2].unparsed == ["每月巡查不少于2次"]
    sheet = result.sheets[0]
    assert sheet.columns.header_row == 3
    assert ("F", "网上申报具体要求", "材料要求") in sheet.mapping()
    assert any("第 8 行是备注" in note for note in result.notes)
    assert any("第 9 行是备注" in note for note in result.notes)  # 填表人：… under the table
    assert any("长期坚持" in note for note in result.notes)


def test_reordered_columns_other_wording_and_merged_code(tmp_path: Path) -> None:
    result = import_table(city_reordered(tmp_path / "清单.xlsx"))
    assert [s.sheet for s in result.sheets] == ["网报任务"]
    assert any("「说明」中没有找到表头" in note for note in result.notes)
    first, second, third = result.indicators
    assert first == _ind(
        code="Ⅰ-1",
        title="公共卫生服务",
        category=["公共服务"],
        lead="区卫健委",
        units=["区卫健委", "区市场监管局", "各镇（街道）"],
        requirement="提供文件通知、工作台账、实景图片3张以上（注明时间、地点、人物、主题）",
        materials=[
            {"name": "文件通知", "kinds": ["document", "pdf"], "note": first.requirement},
            {"name": "工作台账", "kinds": ["spreadsheet"], "note": first.requirement},
            {
                "name": "实景图片",
                "kinds": ["image"],
                "min": 3,
                "caption": ["时间", "地点", "人物", "主题"],
                "note": first.requirement,
            },
        ],
    )
    # Ⅳ—２ spans two rows through a merged code cell: one indicator, both requirement rows.
    assert second.code == "Ⅳ-2"
    assert result.items[1].rows == [5, 6]
    assert second.requirement == "相关制度文件\n开展情况说明（300字以内）；视频1段"
    assert [(m.name, m.kinds, m.min_chars) for m in second.materials] == [
        ("制度文件", ("document", "pdf"), None),
        ("开展情况说明", ("document",), None),  # 300字以内 is a limit, not a minimum
        ("视频", ("video",), None),
    ]
    assert third.units == ("区民政局", "区文明办")
    assert [(m.name, m.kinds) for m in third.materials] == [("佐证材料", ("any",))]
    assert "负责人" in result.sheets[0].mapping()[6][1]


EXPECTED_DOTTED = [
    _ind(
        code="3.2.1",
        title="窗口单位文明服务",
        category=["公共文明", "公共场所秩序"],
        lead="区政务服务中心",
        units=["区政务服务中心", "区税务局", "区人社局"],
        deadline=dt.date(2026, 6, 30),
        requirement="台账/统计表；实景照片不少于十张，并注明时间地点主题",
        materials=[
            {"name": "台账", "kinds": ["spreadsheet"], "match": ["统计表"], "note": "台账/统计表"},
            {
                "name": "实景照片",
                "kinds": ["image"],
                "min": 10,
                "caption": ["时间", "地点", "主题"],
                "note": "实景照片不少于十张，并注明时间地点主题",
            },
        ],
    ),
    _ind(
        code="3.2.2",
        title="公共场所控烟",
        category=["公共文明", "公共场所秩序"],
        lead="区卫健委",
        units=["区卫健委"],
        requirement="视频",
        materials=[{"name": "视频", "kinds": ["video"], "note": "视频"}],
    ),
]


def test_dotted_codes_section_heading_and_lead_column(tmp_path: Path) -> None:
    result = import_table(city_dotted(tmp_path / "分工表.xlsx"))
    assert result.indicators == EXPECTED_DOTTED
    assert any("第 8 行是备注" in note for note in result.notes)


def test_csv_in_gbk_with_title_row(tmp_path: Path) -> None:
    path = tmp_path / "分工表.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["创文网上申报材料分工表", "", "", ""])
        writer.writerow(["编号", "指标名称", "材料要求", "责任单位"])
        writer.writerow(
            ["Ⅱ—3—2", "我们的节日", "实景图片5张以上，注明时间、地点、主题", "区文明办、区教育局"]
        )
        writer.writerow(["", "", "", ""])
        writer.writerow(["3.2.1", "窗口服务", "说明报告500字", "区政务服务中心"])
    result = import_table(path)
    assert [i.code for i in result.indicators] == ["Ⅱ-3-2", "3.2.1"]
    assert result.indicators[0].units == ("区文明办", "区教育局")
    assert result.indicators[0].materials[0].caption == ("时间", "地点", "主题")
    assert result.indicators[1].materials[0].min_chars == 500


def test_utf8_csv_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "表.csv"
    path.write_text(
        "序号,指标名称,责任单位\n1,志愿服务,区文明办\n2,公益广告,区城管局\n", encoding="utf-8-sig"
    )
    result = import_table(path)
    assert [(i.code, i.title) for i in result.indicators] == [("1", "志愿服务"), ("2", "公益广告")]
    assert result.indicators[0].materials[0].kinds == ("any",)


def test_map_overrides_a_column_nobody_could_guess(tmp_path: Path) -> None:
    path = tmp_path / "表.csv"
    path.write_text("编号,名称,要报的东西,谁来做,备用\nⅠ-1,志愿服务,视频,区文明办,x\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="工作表「表」第 2 行：没有责任单位") as caught:
        import_table(path)
    assert "--map" in str(caught.value)
    mapped = import_table(path, overrides=["要报的东西=材料要求", "谁来做=units", "备用=忽略"])
    assert mapped.indicators[0].materials[0].kinds == ("video",)
    assert ("C", "要报的东西", "材料要求（--map 指定）") in mapped.sheets[0].mapping()


def test_codes_in_title_when_there_is_no_code_column(tmp_path: Path) -> None:
    path = tmp_path / "表.csv"
    path.write_text(
        "指标名称,测评标准,网上申报具体要求,责任单位\n"
        "Ⅱ-3-2 我们的节日,开展节日活动,视频,区文明办\n"
        "文明交通,礼让斑马线,视频,区交警大队\n",
        encoding="utf-8",
    )
    result = import_table(path)
    assert [(i.code, i.title) for i in result.indicators] == [("Ⅱ-3-2", "我们的节日"), ("1", "文明交通")]
    assert result.items[1].generated_code
    assert any("按行的顺序编号" in note for note in result.notes)


@pytest.mark.slow
def test_legacy_xls_made_by_libreoffice(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no way to make a real .xls here")
    source = city_roman(tmp_path / "任务分解表.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xls",
         "--outdir", str(tmp_path / "xls"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    xls = tmp_path / "xls" / "任务分解表.xls"
    assert xls.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    assert import_table(xls).indicators == EXPECTED_ROMAN


def test_map_by_column_letter_and_all_sheets_with_a_header(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "社会风尚"
    for row in (["编号", "指标名称", "x", "责任单位"], ["Ⅱ-3-2", "我们的节日", "视频", "区文明办"]):
        first.append(row)
    second = book.create_sheet("公共秩序")
    for row in (["编号", "指标名称", "y", "责任单位"], ["Ⅲ-1", "文明交通", "台账", "区交警大队"]):
        second.append(row)
    path = tmp_path / "两页.xlsx"
    book.save(path)
    result = import_table(path, overrides=["C=requirement"])
    assert [s.sheet for s in result.sheets] == ["社会风尚", "公共秩序"]
    assert [m.kinds for i in result.indicators for m in i.materials] == [("video",), ("spreadsheet",)]
    second.cell(2, 1, "II—3—2")
    book.save(path)
    with pytest.raises(CatalogError, match=r"工作表「社会风尚」第 2 行.*工作表「公共秩序」第 2 行"):
        import_table(path)


def test_two_row_header_with_merged_unit_columns(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["某某区任务分解表"])
    ws.append(["编号", "指标名称", "材料要求", "责任单位", None, "完成时间"])
    ws.append([None, None, None, "牵头单位", "配合单位", None])
    ws.append(["Ⅱ-3-2", "我们的节日", "视频", "区委宣传部", "区文明办、区教育局", "2026-06-30"])
    ws.merge_cells("A1:F1")
    ws.merge_cells("D2:E2")
    for column in "ABCF":
        ws.merge_cells(f"{column}2:{column}3")
    path = tmp_path / "两行表头.xlsx"
    book.save(path)
    result = import_table(path)
    columns = result.sheets[0].columns
    assert columns.rows_label == "第 2–3 行"
    assert [label for _, _, label in result.sheets[0].mapping()][3:5] == ["牵头单位", "配合单位"]
    (indicator,) = result.indicators
    assert indicator.lead == "区委宣传部"
    assert indicator.units == ("区委宣传部", "区文明办", "区教育局")  # no 责任单位 column: the lead works too
    assert indicator.deadline == dt.date(2026, 6, 30)


def test_specific_code_column_beats_running_number(tmp_path: Path) -> None:
    path = tmp_path / "表.csv"
    path.write_text(
        "序号,指标编号,指标名称,责任单位\n1,Ⅱ-3-2,我们的节日,区文明办\n2,Ⅱ-3-3,志愿服务,团区委\n",
        encoding="utf-8",
    )
    result = import_table(path)
    assert [i.code for i in result.indicators] == ["Ⅱ-3-2", "Ⅱ-3-3"]
    assert result.sheets[0].mapping()[0] == ("A", "序号", "（未使用）")
