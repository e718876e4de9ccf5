"""Ledger judgments: required columns, rows per month, unreadable and out-of-period dates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from wenming_submit.catalog.model import Material
from wenming_submit.evidence.ledger import normalize_column
from wenming_submit.evidence.model import SheetFacts
from wenming_submit.findings.codes_content import (
    LEDGER_BAD_DATES,
    LEDGER_COLUMNS,
    LEDGER_FREQUENCY,
    LEDGER_NO_HEADER,
    LEDGER_OUT_OF_PERIOD,
)
from wenming_submit.findings.registry import Issue

ROWS_SHOWN = 10


def _matches(wanted: str, column: str) -> bool:
    w = normalize_column(wanted)
    return bool(column) and (w == column or w in column or (len(column) >= 2 and column in w))


def _column(wanted: str, sheet: SheetFacts) -> str | None:
    return next((c for c in sheet.columns if _matches(wanted, c)), None)


def _best_sheet(sheets: Sequence[SheetFacts], wanted: Sequence[str]) -> SheetFacts | None:
    with_header = [s for s in sheets if s.header_row is not None]
    if not with_header:
        return None
    return max(with_header, key=lambda s: (sum(1 for w in wanted if _column(w, s)), s.data_rows))


def _rows(rows: Sequence[int]) -> str:
    shown = "、".join(str(r) for r in rows[:ROWS_SHOWN])
    return shown + (f" 等 {len(rows)} 行" if len(rows) > ROWS_SHOWN else "")


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def ledger_issues(
    sheets: Sequence[SheetFacts], material: Material, period: tuple[dt.date, dt.date], today: dt.date
) -> list[Issue]:
    wanted = list(material.columns) or ([material.date_column] if material.date_column else [])
    sheet = _best_sheet(sheets, wanted)
    if sheet is None:
        return [LEDGER_NO_HEADER.issue(columns="、".join(wanted))]
    issues: list[Issue] = []
    missing = [w for w in material.columns if _column(w, sheet) is None]
    if missing:
        issues.append(LEDGER_COLUMNS.issue(sheet=sheet.name, row=sheet.header_row, missing="、".join(missing),
                                      columns="、".join(material.columns)))  # fmt: skip
    column = _column(material.date_column, sheet) if material.date_column else None
    if column is None:
        return issues
    cells = sheet.dates.get(column, ())
    bad = [row for row, value in cells if not value]
    if bad or (not cells and sheet.data_rows):
        count = len(bad) if cells else sheet.data_rows
        issues.append(
            LEDGER_BAD_DATES.issue(column=column, count=count, rows=_rows(bad) if bad else "全部")
        )
    start, end = period
    days = [(row, dt.date.fromisoformat(value)) for row, value in cells if value]
    outside = [row for row, day in days if not start <= day <= end]
    if outside:
        issues.append(LEDGER_OUT_OF_PERIOD.issue(count=len(outside), rows=_rows(outside)))
    if material.per_month_min:
        per_month = Counter((day.year, day.month) for _, day in days if start <= day <= end)
        short = [
            (m, per_month[m])
            for m in _months(start, min(end, today))
            if per_month[m] < material.per_month_min
        ]
        if short:
            months = "、".join(f"{y}年{m}月（{n} 条）" for (y, m), n in short)
            issues.append(LEDGER_FREQUENCY.issue(months=months, per_month=material.per_month_min))
    return issues
