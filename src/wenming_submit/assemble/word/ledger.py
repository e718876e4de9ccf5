"""Ledgers (台账, 统计表) as Word tables: the first sheet, header found under any title rows, capped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from wenming_submit.assemble.word import texts
from wenming_submit.gongwen.chinese import chinese_date
from wenming_submit.textcodec import decode_chinese_text

MAX_ROWS = 60
"""Data rows shown; the whole table is in the attachment."""
MAX_COLS = 10
SCAN_ROWS = 100_000


@dataclass
class Ledger:
    title: str | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total_rows: int = 0
    other_sheets: int = 0


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return chinese_date(value.date()) if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shape(raw_rows: list[list[str]], other_sheets: int) -> Ledger:
    """Title rows (one filled cell, usually merged) above the first row with two or more cells."""
    ledger = Ledger(other_sheets=other_sheets)
    rows = [r for r in raw_rows if any(r)]
    start = 0
    for i, row in enumerate(rows):
        filled = sum(1 for v in row if v)
        if filled >= 2:
            start = i
            break
        if filled == 1 and ledger.title is None:
            ledger.title = next(v for v in row if v)
    else:
        start = len(rows)
    if start < len(rows):
        width = min(MAX_COLS, max(len(r) for r in rows[start:]))
        ledger.header = (rows[start] + [""] * width)[:width]
        data = rows[start + 1 :]
        ledger.total_rows = len(data)
        ledger.rows = [(r + [""] * width)[:width] for r in data[:MAX_ROWS]]
    return ledger


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values


def read_ledger(path: Path, format_id: str) -> Ledger:
    """Raises ValueError with a Chinese reason when the file cannot be read."""
    try:
        if format_id == "xlsx":
            return _read_xlsx(path)
        if format_id == "xls":
            return _read_xls(path)
        return _read_csv(path)
    except ValueError:
        raise
    except Exception as exc:  # openpyxl/xlrd raise many types on broken files
        raise ValueError(texts.LEDGER_FAILED.format(reason=type(exc).__name__)) from exc


def _read_xlsx(path: Path) -> Ledger:
    from openpyxl import load_workbook

    wb = load_workbook(str(path), read_only=True, data_only=True)
    try:
        sheets = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        ws = sheets[0] if sheets else wb.worksheets[0]
        raw = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i >= SCAN_ROWS:
                break
            raw.append(_trim([_cell(v) for v in row]))
        return _shape(raw, len(sheets) - 1)
    finally:
        wb.close()


def _read_xls(path: Path) -> Ledger:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    sheet = book.sheet_by_index(0)
    raw = []
    for r in range(min(sheet.nrows, SCAN_ROWS)):
        values: list[str] = []
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(_cell(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
            else:
                values.append(_cell(cell.value))
        raw.append(_trim(values))
    return _shape(raw, book.nsheets - 1)


def _read_csv(path: Path) -> Ledger:
    raw = path.read_bytes()
    content = decode_chinese_text(raw)
    if content is None:
        raise ValueError(texts.LEDGER_FAILED.format(reason="编码无法识别"))
    rows = [_trim([v.strip() for v in row]) for row in csv.reader(io.StringIO(content))]
    return _shape(rows[:SCAN_ROWS], 0)
