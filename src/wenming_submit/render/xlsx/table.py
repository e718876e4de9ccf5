"""One sheet as a table: header, rows, optional totals row, and the print/view setup every sheet shares.

Frozen header, autofilter over the data, CJK-aware widths, wrapped long text, A4 landscape fitted to one
page wide with the header row repeated on every printed page.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import DataBarRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.properties import PageSetupProperties

from wenming_submit.render.xlsx.styles import Cell, StyleBook, display_width
from wenming_submit.textcodec import xml_text

PAPERSIZE_A4 = "9"


@dataclass(frozen=True)
class Column:
    header: str
    max_width: int = 30
    """Characters (CJK counted as 2) beyond which the column wraps instead of widening."""
    wrap: bool = False
    number_format: str | None = None
    min_width: int = 6


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    totals: Sequence[Any] | None = None
    data_bar: str | None = None
    """Header of a 0–1 column to draw as a data bar."""
    print_header: str = ""
    print_columns: int | None = None
    """Print only the first N columns (machine columns such as SHA-256 and paths stay on screen only)."""


def _text_of(item: Any) -> str:
    value = item.value if isinstance(item, Cell) else item
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def column_widths(table: Table, sample: int = 2000) -> list[float]:
    """Width per column from the header and (a sample of) the values, capped; long text wraps instead."""
    widths = []
    rows = list(table.rows[:sample]) + ([table.totals] if table.totals else [])
    for i, col in enumerate(table.columns):
        longest = display_width(col.header) + 2  # room for the filter button
        for row in rows:
            text = _text_of(row[i])
            longest = max(longest, max((display_width(line) for line in text.splitlines()), default=0))
        widths.append(float(min(max(longest + 2, col.min_width), col.max_width)))
    return widths


def _setup(ws: Any, table: Table, widths: list[float]) -> None:
    last_col = get_column_letter(len(table.columns))
    last_row = max(len(table.rows) + 1, 2)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_col}{last_row}"
    ws.print_title_rows = "1:1"
    if table.print_columns:
        ws.print_area = f"A1:{get_column_letter(table.print_columns)}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75  # inches; header/footer text sits in the 0.3" above
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = xml_text(table.print_header or table.title)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if table.data_bar:
        index = [c.header for c in table.columns].index(table.data_bar) + 1
        letter = get_column_letter(index)
        rule = DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5",
                           showValue=True)  # fmt: skip
        ws.conditional_formatting.add(f"{letter}2:{letter}{last_row}", rule)


class _CellSheet(WriteOnlyWorksheet):  # type: ignore[misc]
    """A write-only sheet whose rows are ready-made cells (StyleBook.make).

    openpyxl's own append first tries each item as a value and only takes it as a cell after a
    ValueError (whose message formats the cell's repr): that alone cost seconds for 10,000 rows.
    """

    def _values_to_row(self, values: Sequence[WriteOnlyCell], row_idx: int) -> Iterator[WriteOnlyCell]:
        for col_idx, cell in enumerate(values, 1):
            cell.column = col_idx
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell


def _new_sheet(wb: Workbook, title: str) -> WriteOnlyWorksheet:
    """The fast sheet where this openpyxl has the internals it overrides; the public slow path otherwise."""
    if hasattr(WriteOnlyWorksheet, "_values_to_row") and hasattr(wb, "_add_sheet"):
        ws = _CellSheet(parent=wb, title=title)
        wb._add_sheet(ws)
        return ws
    return wb.create_sheet(title)


LINE_HEIGHT_PT = 14.0
"""One line of 10 pt body text (CJK fonts included) in Excel, WPS and LibreOffice."""
MAX_ROW_LINES = 30


def row_height(row: Sequence[Any], columns: Sequence[Column], widths: list[float]) -> float | None:
    """The height (points) a row needs so that its wrapped cells show all their text, or None for one line.

    Excel fits row heights itself when it opens a file, LibreOffice and printing from WPS do not: without
    an explicit height, 问题/处理办法 are cut off after the first line on paper.
    """
    lines = 1
    for item, column, width in zip(row, columns, widths, strict=True):
        if not column.wrap:
            continue
        room = max(width * 0.85 - 1.5, 1.0)  # padding, and LibreOffice fonts run wider than the grid
        needed = sum(max(1, math.ceil(display_width(line) / room)) for line in _text_of(item).split("\n"))
        lines = max(lines, needed)
    return None if lines <= 1 else min(lines, MAX_ROW_LINES) * LINE_HEIGHT_PT + 3


def write_table(wb: Workbook, table: Table) -> WriteOnlyWorksheet:
    ws = _new_sheet(wb, table.title)
    widths = column_widths(table)
    _setup(ws, table, widths)
    book = StyleBook(ws)
    columns = table.columns
    ws.append([book.make(c.header, wrap=True, number_format=None, header=True) for c in columns])
    for index, row in enumerate(table.rows, 2):
        height = row_height(row, columns, widths)
        if height is not None:
            ws.row_dimensions[index] = RowDimension(ws, index=index, ht=height, customHeight=True)
        ws.append(
            [
                book.make(item, wrap=c.wrap, number_format=c.number_format)
                for item, c in zip(row, columns, strict=True)
            ]
        )
    if table.totals:
        totals = [
            item if isinstance(item, Cell) else Cell(item, tone="total", bold=True) for item in table.totals
        ]
        ws.append(
            [
                book.make(item, wrap=c.wrap, number_format=c.number_format)
                for item, c in zip(totals, columns, strict=True)
            ]
        )
    return ws
