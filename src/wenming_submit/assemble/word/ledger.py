"""Ledgers (台账, 统计表) as Word tables: the first visible sheet, with the header the check found, capped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from wenming_submit.assemble.word import texts
from wenming_submit.evidence.ledger import HEADER_SEARCH_ROWS, find_header
from wenming_submit.evidence.model import SheetFacts
from wenming_submit.evidence.spreadsheet import UnreadableSheet, open_sheets
from wenming_submit.gongwen.chinese import chinese_date

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


def _title_above(rows: list[list[str]], header_at: int) -> str | None:
    """The first row above the header with exactly one filled cell (a merged title row)."""
    for row in rows[:header_at]:
        filled = [v for v in row if v]
        if len(filled) == 1:
            return filled[0]
    return None


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values


def read_ledger(path: Path, format_id: str, sheets: Sequence[SheetFacts] = ()) -> Ledger:
    """The first visible sheet as a table, its header where the check found it (`sheets`, the file's
    SheetFacts), else by the same rule (evidence/ledger.find_header). Raises ValueError with a Chinese
    reason when the file cannot be read.
    """
    try:
        with open_sheets(path, format_id) as workbook:
            visible = [s for s in workbook if s.visible] or workbook
            sheet = visible[0]
            raw = [_trim([_cell(v) for v in row]) for row in islice(sheet.rows, SCAN_ROWS)]
            others = len(visible) - 1
    except UnreadableSheet as exc:
        raise ValueError(texts.LEDGER_FAILED.format(reason=str(exc))) from exc
    except Exception as exc:  # openpyxl/xlrd raise many types on broken files
        raise ValueError(texts.LEDGER_FAILED.format(reason=type(exc).__name__)) from exc
    known = next((s.header_row for s in sheets if s.name == sheet.name), None)
    header_at = known - 1 if known else find_header(raw[:HEADER_SEARCH_ROWS])
    ledger = Ledger(other_sheets=others)
    if header_at is None or header_at >= len(raw):
        return ledger
    ledger.title = _title_above(raw, header_at)
    data = [r for r in raw[header_at + 1 :] if any(r)]
    width = min(MAX_COLS, max(len(r) for r in [raw[header_at], *data]))
    ledger.header = (raw[header_at] + [""] * width)[:width]
    ledger.total_rows = len(data)
    ledger.rows = [(r + [""] * width)[:width] for r in data[:MAX_ROWS]]
    return ledger
