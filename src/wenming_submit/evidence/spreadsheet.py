"""The one spreadsheet reader: .xlsx (openpyxl, read-only), .xls (xlrd) and .csv (UTF-8/GB18030).

A workbook is read as sheets of rows of cell values (dates as `datetime`). The ledger inspection
(evidence/inspect/xlsx.py) and the 汇编 (assemble/word/ledger.py) both read through here, so with the one
header rule (evidence/ledger.find_header) they see the same rows and the same header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wenming_submit.textcodec import decode_chinese_text

Row = tuple[object, ...]
SPREADSHEET_FORMATS = frozenset({"xlsx", "xls", "csv"})
MAX_COLS = 256
"""Columns read per sheet (a ledger has a dozen; the checks look at the first 60)."""


class UnreadableSheet(ValueError):
    """The workbook cannot be read; the message is a short Chinese reason."""


@dataclass(frozen=True)
class Sheet:
    name: str
    visible: bool
    rows: Iterator[Row]
    """Row 1 first; blank rows included, so positions are the sheet's own row numbers."""


@contextmanager
def open_sheets(path: Path, format_id: str) -> Iterator[list[Sheet]]:
    """The sheets of a workbook, readable while the context is open (xlsx is streamed from the file)."""
    if format_id == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(str(path), read_only=True, data_only=True)
        try:
            # Rows are padded to the declared width: A1:XFD1048576 would make every row 16,384 cells.
            yield [Sheet(ws.title, getattr(ws, "sheet_state", "visible") == "visible",
                         ws.iter_rows(values_only=True, max_col=min(ws.max_column or MAX_COLS, MAX_COLS)))
                   for ws in wb.worksheets]  # fmt: skip
        finally:
            wb.close()
    elif format_id == "xls":
        yield _xls_sheets(path)
    elif format_id == "csv":
        text = decode_chinese_text(path.read_bytes())
        if text is None:
            raise UnreadableSheet("编码无法识别")
        yield [Sheet(path.stem, True, (tuple(row) for row in csv.reader(io.StringIO(text))))]
    else:
        raise UnreadableSheet(f"不是表格文件（{format_id}）")


def _xls_sheets(path: Path) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO(), verbosity=0)

    def rows(sheet: xlrd.sheet.Sheet) -> Iterator[Row]:
        for r in range(sheet.nrows):
            values: list[object] = []
            for cell in sheet.row(r):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                else:
                    values.append(cell.value)
            yield tuple(values)

    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        sheets.append(Sheet(sheet.name, getattr(sheet, "visibility", 0) == 0, rows(sheet)))
    return sheets
