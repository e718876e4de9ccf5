"""The catalogue as a formatted Excel table (`wenming export-checklist`), re-importable by `wenming import`.

One row per indicator in the 任务分解表 shape coordinators know (编号, 测评项目, 指标名称, 测评标准, 材料要求,
牵头单位, 责任单位, 完成时间), plus a 材料规则 column holding the parsed material rules, so importing the
table gives back the same catalogue. Styled for print: A4 landscape, header repeated, widths fit for CJK.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from wenming_submit.atomic import staged_file
from wenming_submit.catalog.dump import materials_rules_text
from wenming_submit.catalog.model import Indicator

SHEET_NAME = "指标清单"
MIN_WIDTH = 6
MAX_WIDTHS = {
    "编号": 10,
    "指标名称": 18,
    "测评内容": 24,
    "测评标准": 30,
    "测评方法": 10,
    "材料要求": 30,
    "材料规则": 30,
    "牵头单位": 10,
    "责任单位": 16,
    "各单位分别提交": 8,
    "完成时间": 11,
    "是否网上申报": 8,
}
DEFAULT_MAX_WIDTH = 10
LINE_HEIGHT = 14.5
RULES_SCALE = 1.4
"""The 材料规则 column is set in 8 pt: about 1.4 times as many characters fit in a line."""
RULES_SCALE_INV = 0.7
FORMULA_START = ("=", "+", "-", "@")
THIN = Side(style="thin", color="808080")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
RULES_FONT = Font(size=8, color="595959")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
"""One shared style object: openpyxl hashes every new one it is given, which is slow on big sheets."""


def category_headers(depth: int) -> list[str]:
    if depth == 0:
        return []
    if depth == 1:
        return ["测评项目"]
    return ["测评类别", "测评项目"] + [f"类别{i}" for i in range(3, depth + 1)]


def _columns(depth: int, upload_column: bool = False) -> list[tuple[str, Callable[[Indicator], Any]]]:
    def category(level: int) -> Callable[[Indicator], Any]:
        return lambda ind: ind.category[level] if level < len(ind.category) else None

    columns: list[tuple[str, Callable[[Indicator], Any]]] = [("编号", lambda ind: ind.code)]
    columns += [(name, category(i)) for i, name in enumerate(category_headers(depth))]
    columns += [
        ("指标名称", lambda ind: ind.title),
        ("测评内容", lambda ind: ind.content),
        ("测评标准", lambda ind: ind.standard),
        ("测评方法", lambda ind: "、".join(ind.method) or None),
        ("材料要求", lambda ind: ind.requirement),
        ("材料规则", lambda ind: materials_rules_text(ind.materials)),
        ("牵头单位", lambda ind: ind.lead),
        ("责任单位", lambda ind: "、".join(ind.units)),
        ("各单位分别提交", lambda ind: "是" if ind.per_unit else "否"),
        ("完成时间", lambda ind: ind.deadline),
    ]
    if upload_column:  # only when some item has nothing to hand in online (upload: false)
        columns.append(("是否网上申报", lambda ind: "是" if ind.upload else "否"))
    return columns


def display_width(text: str) -> int:
    """Columns a line takes in Excel: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _set(cell: Any, value: Any) -> None:
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True


def _text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _fit_widths(ws: Worksheet, headers: list[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column as wide as its longest line (CJK counted double), within a per-column cap."""
    widths: list[float] = []
    for index, header in enumerate(headers):
        longest = max((display_width(line) for row in [headers, *rows] for line in _text(row[index]).splitlines()),
                      default=0)  # fmt: skip
        width = max(MIN_WIDTH, min(MAX_WIDTHS.get(header, DEFAULT_MAX_WIDTH), longest + 2))
        ws.column_dimensions[get_column_letter(index + 1)].width = width
        widths.append(width)
    return widths


def _fit_heights(
    ws: Worksheet, headers: list[str], widths: list[float], rows: Sequence[Sequence[Any]], first_row: int
) -> None:
    """Row heights for the wrapped text: Excel and LibreOffice do not grow rows written by openpyxl."""
    for offset, row in enumerate(rows):
        lines: float = 1
        for value, width, header in zip(row, widths, headers, strict=True):
            room = max(1, int(width * (RULES_SCALE if header == "材料规则" else 1)) - 1)
            wrapped = sum(max(1, -(-display_width(line) // room)) for line in _text(value).splitlines())
            lines = max(lines, wrapped * (RULES_SCALE_INV if header == "材料规则" else 1))
        ws.row_dimensions[first_row + offset].height = LINE_HEIGHT * lines + 4


def _print_setup(ws: Worksheet, last_column: str) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.auto_filter.ref = f"A2:{last_column}{ws.max_row}"


def checklist_workbook(indicators: Sequence[Indicator], title: str) -> Workbook:
    depth = max((len(ind.category) for ind in indicators), default=0)
    columns = _columns(depth, upload_column=any(not ind.upload for ind in indicators))
    book = Workbook()
    ws = book.active
    ws.title = SHEET_NAME
    last = get_column_letter(len(columns))
    ws["A1"] = title
    ws["A1"].font = Font(name="黑体", size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 32
    headers = [name for name, _ in columns]
    rows = [[get(ind) for _, get in columns] for ind in indicators]
    for col, name in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=col, value=name)
        cell.font = Font(name="黑体", bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    wrap = Alignment(vertical="top", wrap_text=True)
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            _set(cell, value)
            cell.alignment = wrap
            if headers[c - 1] == "材料规则":
                cell.font = RULES_FONT
            cell.border = BOX
            if hasattr(value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    widths = _fit_widths(ws, headers, rows)
    _fit_heights(ws, headers, widths, rows, 3)
    ws.row_dimensions[2].height = 30
    ws.freeze_panes = "B3"
    _print_setup(ws, last)
    return book


def write_checklist(indicators: Sequence[Indicator], path: Path, title: str) -> Path:
    """Write the checklist to a temp file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = checklist_workbook(indicators, title)
    with staged_file(path) as temp:
        book.save(temp)
    return path
