"""The Excel 清单 read back with openpyxl (values, fills, print setup, links, formula-safe text) and LibreOffice."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wenming_submit.render.xlsx import SHEETS, write_workbook
from wenming_submit.render.xlsx.styles import display_width

HOSTILE_NAMES = ["=cmd|' -c calc'!A1.jpg", "+1 学校.jpg", "-2 社区.jpg", "@SUM(1) 广场.jpg"]


@pytest.fixture
def workbook_path(project_factory: Any, files: Any, checked: Any) -> tuple[Path, Path]:
    root = project_factory(complete=False)
    photos = root / "evidence" / "区教育局" / "Ⅱ-3-2 我们的节日" / "实景图片"
    for i, name in enumerate(HOSTILE_NAMES):
        files.jpeg(photos / name, size=(1024, 768), seed=40 + i)
    files.docx(photos.parent / "+1.docx", ["活动方案"])
    (root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "~$临时.docx").write_bytes(b"x")
    project, result = checked(root)
    path = root / "output" / "标题" / "网报材料清单.xlsx"
    path.parent.mkdir(parents=True)
    write_workbook(result, project.catalog, path, project_root=root)
    return root, path


def rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(values_only=True))


def test_sheets_and_overview_values(workbook_path: tuple[Path, Path]) -> None:
    _, path = workbook_path
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    overview = rows(wb["总览"])
    assert overview[0] == (
        "指标编号",
        "指标名称",
        "牵头单位",
        "责任单位",
        "已完成材料",
        "要求材料",
        "状态",
        "错误",
        "警告",
    )
    body = {r[0]: r for r in overview[1:-1]}
    assert body["Ⅱ-3-2"][4:7] == (4, 4, "完整")  # the extra photos made 区教育局 complete
    assert body["Ⅰ-1-1"][4:7] == (1, 1, "完整")
    totals = overview[-1]
    assert totals[0] == "合计" and totals[4] == 5 and totals[5] == 5
    ws = wb["总览"]
    status = ws.cell(row=2, column=7)
    assert status.fill.fgColor.rgb.endswith("C6EFCE")  # green for 完整
    assert ws.cell(row=len(overview), column=1).font.b  # totals row bold


def test_unit_progress_worst_first_with_data_bar(project_factory: Any, checked: Any, tmp_path: Path) -> None:
    root = project_factory(complete=False)
    project, result = checked(root)
    path = tmp_path / "r.xlsx"
    write_workbook(result, project.catalog, path, project_root=root)
    ws = openpyxl.load_workbook(path)["单位进度"]
    data = rows(ws)
    assert data[0][0] == "单位" and data[0][-1] == "完成率"
    assert [r[0] for r in data[1:]] == ["区教育局", "区文明办"]  # 1/2 done before 3/3 done
    assert data[1][-1] == pytest.approx(0.5) and data[2][-1] == 1
    assert ws.cell(row=2, column=8).number_format == "0%"
    assert ws.cell(row=2, column=8).fill.fgColor.rgb.endswith("FFEB9C")  # partial: yellow
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
    assert [r.type for r in rules] == ["dataBar"]
    assert str(next(iter(ws.conditional_formatting)).sqref) == "H2:H3"


def test_every_sheet_has_header_setup(workbook_path: tuple[Path, Path]) -> None:
    _, path = workbook_path
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        header = ws[1]
        assert all(c.font.b for c in header), ws.title
        for cell in header:  # CJK headers fit their column (2 per wide character)
            assert ws.column_dimensions[cell.column_letter].width >= display_width(str(cell.value)), (
                cell.value
            )
    # The printed 材料明细 stops before the machine columns (SHA-256, path).
    details = wb["材料明细"]
    headers = [c.value for c in details[1]]
    printed = str(details.print_area).split(":")[-1].rstrip("0123456789$").lstrip("$")
    assert printed == openpyxl.utils.get_column_letter(headers.index("校验码"))


def test_file_details_facts_links_and_formula_safe_text(workbook_path: tuple[Path, Path]) -> None:
    root, path = workbook_path
    wb = openpyxl.load_workbook(path)
    ws = wb["材料明细"]
    data = rows(ws)
    header = data[0]
    assert header[:5] == ("指标", "单位", "材料", "文件名", "类型（按内容）")
    col = {name: i for i, name in enumerate(header)}
    names = [r[col["文件名"]] for r in data[1:]]
    for hostile in [*HOSTILE_NAMES, "+1.docx"]:
        assert hostile in names
    by_name = {r[col["文件名"]]: (i + 2, r) for i, r in enumerate(data[1:])}
    row_no, row = by_name[HOSTILE_NAMES[0]]
    cell = ws.cell(row=row_no, column=col["文件名"] + 1)
    assert cell.data_type == "s" and cell.value == HOSTILE_NAMES[0]  # text, not a formula
    assert cell.quotePrefix
    plus = ws.cell(row=by_name["+1.docx"][0], column=col["文件名"] + 1)
    assert plus.data_type == "s" and plus.value == "+1.docx" and plus.quotePrefix
    assert cell.hyperlink is not None
    target = cell.hyperlink.target
    assert target.startswith("../../evidence/区教育局/")
    resolved = (path.parent / target.replace("%20", " ")).resolve()
    assert resolved == (root / row[col["路径"]]).resolve() and resolved.is_file()
    assert row[col["类型（按内容）"]] == "JPEG 图片" and row[col["状态"]] == "已计入"
    heic = by_name["2025年5月13日 广场 舞龙.heic"][1]
    assert heic[col["类型（按内容）"]].startswith("HEIC")
    temp = by_name["~$临时.docx"][1]
    assert temp[col["状态"]] == "已忽略"
    assert "临时文件" in temp[col["问题"]] or temp[col["问题"]].startswith("【")
    # No cell in the whole workbook is a formula.
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in zf.read(name), name


def test_finding_list(workbook_path: tuple[Path, Path]) -> None:
    _, path = workbook_path
    ws = openpyxl.load_workbook(path)["问题清单"]
    data = rows(ws)
    assert data[0] == ("级别", "代码", "类型", "单位", "指标", "材料", "文件", "问题", "处理办法")
    codes = {r[1] for r in data[1:]}
    assert "WM131" in codes  # the ~$ temp file
    temp_row = next(i for i, r in enumerate(data) if r[1] == "WM131") + 1
    assert ws.cell(row=temp_row, column=1).value == "警告"
    assert ws.cell(row=temp_row, column=1).fill.fgColor.rgb.endswith("FFEB9C")
    assert ws.cell(row=temp_row, column=7).hyperlink.target.startswith("../../evidence/")
    assert ws.cell(row=temp_row, column=8).alignment.wrap_text


def test_check_xlsx_option(project_factory: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wenming_submit.cli import main

    root = project_factory()
    out = tmp_path / "检查报告.xlsx"
    res = CliRunner().invoke(main, ["check", "-C", str(root), "--no-history", "--xlsx", str(out)])
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(out).sheetnames == list(SHEETS)
    assert not list(tmp_path.glob(".检查报告.tmp-*"))
    res = CliRunner().invoke(
        main, ["check", "-C", str(root), "--no-history", "--xlsx", str(tmp_path / "无" / "a.xlsx")]
    )
    assert res.exit_code == 2 and "无法写入" in res.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_text_not_formulas(workbook_path: tuple[Path, Path], tmp_path: Path) -> None:
    _, path = workbook_path
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "lo"
    base = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    # All sheets to CSV (sheet index -1), UTF-8 (76), values as shown.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    convert = [*base, "--convert-to", csv_filter, "--outdir", str(out), str(path)]
    subprocess.run(convert, check=True, capture_output=True, timeout=120)
    details = next(out.glob("*材料明细*.csv"))
    with details.open(encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    names = [r[3] for r in table[1:]]
    for hostile in [*HOSTILE_NAMES, "+1.docx"]:
        assert hostile in names  # shown as the text it is: no formula evaluated, no #NAME?
    convert = [*base, "--convert-to", "pdf", "--outdir", str(out), str(path)]
    subprocess.run(convert, check=True, capture_output=True, timeout=120)
    pdf = out / "网报材料清单.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4 landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "指标编号" in text and "处理办法" in text and "区教育局" in text
