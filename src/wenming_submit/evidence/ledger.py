"""Ledgers (台账): find the header row under merged title rows and collect the dates per column.

Chinese ledgers usually start with a merged title row ("2025年网格化巡查台账"), sometimes a 填报单位/日期
line, then the header. The header is taken as the first of the top rows that has at least two text cells
and at least 60 % as many filled cells as the fullest top row; the title row (one filled cell) and the
填报单位 line (cells like "填报单位：区文明办") never are. This is the one header rule: the check and the
汇编 both use it (through evidence/spreadsheet.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from wenming_submit.evidence.dates import cell_date
from wenming_submit.evidence.model import SheetFacts

HEADER_SEARCH_ROWS = 20
MAX_ROWS = 20_000
MAX_COLUMNS = 60
_DATE_WORDS = ("日期", "时间", "date", "年月")


def normalize_column(name: str) -> str:
    """Header cells carry line breaks, spaces, notes in brackets: 巡查\n时间（年月日） -> 巡查时间."""
    name = re.sub(r"[（(].*?[)）]", "", name)
    return re.sub(r"\s+", "", name)


def _filled(row: Sequence[object]) -> int:
    return sum(1 for v in row if v is not None and str(v).strip() != "")


_LABELLED = re.compile(r"^\s*[^:：]{1,10}[:：]\s*\S")
"""A "填报单位：区文明办" / "填表日期：…" cell: a label with its value, not a column name."""


def _is_filler(row: Sequence[object]) -> bool:
    """A 填报单位/填报日期 line: every filled cell is a label with its value."""
    cells = [str(v) for v in row if v is not None and str(v).strip()]
    return bool(cells) and all(_LABELLED.match(c) for c in cells)


def find_header(top: Sequence[Sequence[object]]) -> int | None:
    """0-based index of the header among the top rows, or None.

    The first row with at least two text cells (not dates) and at least 60 % as many filled cells as the
    fullest top row; title rows (one cell) and 填报单位/填报日期 lines ("标签：值" cells) never are.
    """
    counts = [_filled(r) for r in top]
    if not counts or max(counts) < 2:
        return None
    most = max(counts)
    for i, row in enumerate(top):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip() and cell_date(v) is None)
        if texts >= 2 and counts[i] >= 0.6 * most and not _is_filler(row):
            return i
    return None


def sheet_facts(name: str, rows: Iterable[Sequence[object]]) -> SheetFacts:
    """Facts of one sheet from its rows of cell values (row 1 first), reading at most MAX_ROWS rows."""
    top: list[Sequence[object]] = []
    iterator = iter(rows)
    for row in iterator:
        top.append(tuple(row[:MAX_COLUMNS]))
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    header_at = find_header(top)
    if header_at is None:
        return SheetFacts(name=name, header_row=None, data_rows=sum(1 for r in top if _filled(r)))
    header = [normalize_column(str(v)) if v is not None else "" for v in top[header_at]]
    values: dict[int, list[tuple[int, str]]] = {i: [] for i, col in enumerate(header) if col}
    data_rows = 0
    truncated = False

    def take(row_no: int, row: Sequence[object]) -> None:
        nonlocal data_rows
        if not _filled(row):
            return
        data_rows += 1
        for i, cells in values.items():
            value = row[i] if i < len(row) else None
            if value is None or str(value).strip() == "":
                continue
            day = cell_date(value)
            cells.append((row_no, day.isoformat() if isinstance(day, dt.date) else ""))

    for offset, row in enumerate(top[header_at + 1 :]):
        take(header_at + 2 + offset, row)
    row_no = len(top)
    for row in iterator:
        row_no += 1
        if row_no > MAX_ROWS:
            truncated = True
            break
        take(row_no, tuple(row[:MAX_COLUMNS]))
    dates = {
        header[i]: tuple(cells)
        for i, cells in values.items()
        if any(v for _, v in cells) or any(w in header[i].lower() for w in _DATE_WORDS)
    }
    columns = tuple(col for col in header if col)
    return SheetFacts(name=name, header_row=header_at + 1, columns=columns, data_rows=data_rows,
                      dates=dates, truncated=truncated)  # fmt: skip
