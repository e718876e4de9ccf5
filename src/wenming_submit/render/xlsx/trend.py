"""Progress over time in the Excel 清单: trend columns of 单位进度 and the 进度趋势 sheet with its chart.

The history itself is read by the callers (check.history.load_trends) and passed in; nothing here opens
the history file. Without history (first check, unreadable file) every trend cell is "—".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.chart import LineChart, Reference

from wenming_submit.check.result import Counts
from wenming_submit.history.store import HistoryTrends, UnitTrend
from wenming_submit.render.xlsx.styles import Cell
from wenming_submit.render.xlsx.table import Column, Table

TREND_SHEET = "进度趋势"
NONE = "—"
DELTA_FORMAT = "+0;-0;0"

TREND_COLUMNS = (
    Column("较上次", 8, number_format=DELTA_FORMAT),
    Column("本周", 8, number_format=DELTA_FORMAT),
    Column("缺失变化", 12),
    Column("趋势", 44, wrap=True),
)
"""Appended after 完成率: 较上次/本周 = change in materials done (complete or waived); 缺失变化 = first → now."""


def _delta(value: int) -> Cell:
    return Cell(value, tone="complete" if value > 0 else "missing" if value < 0 else None)


def trend_cells(trends: HistoryTrends, unit: str) -> list[object]:
    """The four trend cells of one 单位进度 row ("—" until there are two checks to compare)."""
    trend = trends.units.get(unit)
    if trend is None or trends.snapshots < 2:
        return [NONE] * len(TREND_COLUMNS)
    first, now = trend.first.missing, trend.now.missing
    missing = Cell(f"{first} → {now}", tone="complete" if now < first else "missing" if now > first else None)
    return [
        _delta(trend.now.done - trend.previous.done),
        _delta(trend.now.done - trend.week_ago.done),
        missing,
        _line(trend),
    ]


def _line(trend: UnitTrend) -> str:
    return trend.line().removeprefix(f"{trend.unit}：")


def _local(when: dt.datetime) -> dt.datetime:
    """Excel has no time zones: the coordinator's local wall-clock time, to the minute."""
    return when.astimezone().replace(tzinfo=None, second=0, microsecond=0)


def _series_row(when: dt.datetime, c: Counts) -> list[Any]:
    return [_local(when), c.complete, c.partial, c.missing, c.waived, c.errors, c.ratio]


def trend_table(trends: HistoryTrends, title: str) -> Table:
    """One row per recorded check, oldest first."""
    rows = [_series_row(when, counts) for when, counts in trends.series]
    columns = [Column("检查时间", 18, number_format="yyyy-mm-dd hh:mm"), Column("完整", 8), Column("部分", 8),
               Column("缺失", 8), Column("免报", 8), Column("错误", 8),
               Column("完成率", 10, number_format="0%")]  # fmt: skip
    return Table(TREND_SHEET, columns, rows, print_header=title)


def completion_chart(ws: Any, points: int) -> LineChart | None:
    """A line of 完成率 (column G) over 检查时间 (column A); None when there is nothing to draw yet."""
    if points < 2:
        return None
    chart = LineChart()
    chart.title = "完成率变化"
    chart.height, chart.width = 8, 16
    chart.legend = None
    chart.add_data(Reference(ws, min_col=7, min_row=1, max_row=points + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=points + 1))
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.y_axis.number_format = "0%"
    chart.x_axis.number_format = "mm-dd hh:mm"
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes by default
    return chart


__all__ = ["NONE", "TREND_COLUMNS", "TREND_SHEET", "completion_chart", "trend_cells", "trend_table"]
