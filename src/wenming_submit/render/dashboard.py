"""`output/进度看板.html`: one self-contained page (no network) a coordinator can open, send or print.

Everything is inline: CSS, the trend chart as SVG drawn here, the unit × indicator matrix as a table,
and the problem list as JSON that a small script turns into rows and filters. The problem list is
rendered by the script (not the template) so that the same strings are not written twice: at 40 units
× 200 indicators that keeps the file well under 3 MB. Strings shared by many findings (unit, indicator,
material, hint…) are written once in a string table.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from wenming_submit.atomic import write_text_atomic
from wenming_submit.check.result import STATUS_LABELS, CheckResult, Counts, Requirement
from wenming_submit.findings.registry import KIND_LABELS, SEVERITY_LABELS
from wenming_submit.history.store import Snapshot, cells_of

DASHBOARD_FILE = "进度看板.html"
TEMPLATE = "dashboard.html.j2"


TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 720, 220, 40
TREND_MAX_POINTS = 60


@dataclass(frozen=True)
class UnitRow:
    name: str
    counts: Counts
    previous: Counts | None
    """The unit in the snapshot before this run (None without history)."""

    @property
    def pct(self) -> float:
        # A unit with errors left is never shown as finished: its files still need fixing before the build.
        return min(round(100 * self.counts.ratio, 1), 99.9 if self.counts.errors else 100.0)

    def width(self, status: str) -> float:
        total = self.counts.requirements
        return round(100 * getattr(self.counts, status) / total, 2) if total else 0.0

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.counts.done - self.previous.done


@dataclass(frozen=True)
class TrendChart:
    points: list[tuple[float, float]] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)
    values: list[tuple[float, float, str]] = field(default_factory=list)
    """(x, y, tooltip) per point."""
    last_pct: float = 0.0

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)

    @property
    def area(self) -> str:
        if not self.points:
            return ""
        base = TREND_HEIGHT - TREND_PAD
        return f"{self.points[0][0]:.1f},{base} {self.polyline} {self.points[-1][0]:.1f},{base}"


def _cell_status(reqs: Sequence[Requirement]) -> str:
    statuses = {r.status.value for r in reqs}
    if statuses <= {"complete", "waived"}:
        return "waived" if statuses == {"waived"} else "complete"
    if statuses == {"missing"}:
        return "missing"
    return "partial"


def _y(ratio: float) -> float:
    return TREND_PAD / 2 + (1 - ratio) * (TREND_HEIGHT - 1.5 * TREND_PAD)


def trend_chart(snapshots: Sequence[Snapshot]) -> TrendChart:
    """Overall completion per snapshot (the last of each day when there are many), as SVG coordinates."""
    if len(snapshots) > TREND_MAX_POINTS:
        per_day: dict[dt.date, Snapshot] = {}
        for snap in snapshots:
            per_day[snap.taken_at.astimezone().date()] = snap
        snapshots = list(per_day.values())[-TREND_MAX_POINTS:]
    if not snapshots:
        return TrendChart()
    n = len(snapshots)
    span = TREND_WIDTH - 2 * TREND_PAD
    points, values, labels = [], [], []
    step = max(1, n // 6)
    for i, snap in enumerate(snapshots):
        x = TREND_PAD + (span * i / (n - 1) if n > 1 else span / 2)
        total = snap.total()
        y = _y(total.ratio)
        local = snap.taken_at.astimezone()
        points.append((x, y))
        values.append((x, y, f"{local:%m-%d %H:%M}  完成率 {total.ratio:.0%}（缺失 {total.missing} 项）"))
        if i % step == 0 or i == n - 1:
            labels.append((x, f"{local:%m-%d}"))
    return TrendChart(points, labels, values, round(100 * snapshots[-1].total().ratio, 1))


class _Strings:
    """Intern table: each distinct string is written once in the page data."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, value: str | None) -> int:
        if value is None:
            return -1
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.items)
            self.items.append(value)
        return found


def page_data(result: CheckResult) -> dict[str, Any]:
    """The problem list as compact JSON rows: [unit, indicator, material, code, kind, severity, message,
    hint, path], each an index into `strings` (-1 for none)."""
    strings = _Strings()
    rows = [
        [strings(f.unit), strings(f.indicator), strings(f.material), strings(f.code), strings(f.kind),
         strings(f.severity.value), strings(f.message), strings(f.hint), strings(f.path)]
        for f in result.findings
    ]  # fmt: skip
    return {
        "strings": strings.items,
        "findings": rows,
        "severityLabels": SEVERITY_LABELS,
        "kindLabels": KIND_LABELS,
    }


def script_json(data: Any) -> str:
    """JSON safe inside <script>: no `</`, `<!--`, `&` or line separators can end or confuse the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return text


def _matrix(
    result: CheckResult, units: list[str], indicators: list[str]
) -> list[list[tuple[str, str] | None]]:
    """rows per unit: (status, tooltip) per indicator, None where the unit is not responsible."""
    reqs: dict[tuple[str, str], list[Requirement]] = defaultdict(list)
    for req in result.requirements:
        reqs[(req.unit, req.indicator)].append(req)
    # Missing/insufficient already show as the cell colour; the corner marks problems with the files.
    errors = {(f.unit, f.indicator) for f in result.findings
              if f.severity.value == "error" and f.unit and f.kind not in ("missing", "insufficient")}  # fmt: skip
    rows: list[list[tuple[str, str] | None]] = []
    for unit in units:
        row: list[tuple[str, str] | None] = []
        for code in indicators:
            cell = reqs.get((unit, code))
            if not cell:
                row.append(None)
                continue
            status = _cell_status(cell)
            done = sum(1 for r in cell if r.status.value in ("complete", "waived"))
            css = status + (" err" if (unit, code) in errors else "")
            tip = f"{unit} · {code}：{STATUS_LABELS[status]}（{done}/{len(cell)} 项）"
            late = next((r.due for r in cell if r.overdue), None)
            if late:
                css, tip = css + " late", f"{tip}，已过完成时间 {late}"
            row.append((css, tip))
        rows.append(row)
    return rows


def dashboard_context(
    result: CheckResult,
    snapshots: Sequence[Snapshot] = (),
    *,
    titles: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the template shows; numbers come from the result, trends from the history."""
    cells = cells_of(result)
    per_unit: dict[str, Counts] = defaultdict(Counts)
    for (unit, _), counts in cells.items():
        if unit:
            per_unit[unit] = per_unit[unit] + counts
    previous = _previous(snapshots, dict(per_unit))
    units = [UnitRow(name, counts, previous.get(name) if previous is not None else None)
             for name, counts in per_unit.items() if counts.requirements]  # fmt: skip
    units.sort(key=lambda u: (u.counts.ratio, -u.counts.missing, -u.counts.errors, u.name))
    indicators = list(dict.fromkeys(r.indicator for r in result.requirements))
    total = sum(cells.values(), Counts())
    summary = result.summary
    names = [u.name for u in units]
    return {
        "title": result.title,
        "period": result.period,
        "generated": (now or dt.datetime.now()).astimezone().strftime("%Y年%-m月%-d日 %H:%M"),
        "total": total,
        "pct": round(100 * total.ratio, 1),
        "files": summary.files,
        "units": units,
        "indicators": [(code, (titles or {}).get(code, "")) for code in indicators],
        "matrix": list(zip(names, _matrix(result, names, indicators), strict=True)),
        "trend": trend_chart(snapshots),
        "snapshots": len(snapshots),
        "trend_size": (TREND_WIDTH, TREND_HEIGHT, TREND_PAD),
        "y_ticks": [(p, _y(p / 100)) for p in (0, 25, 50, 75, 100)],
        "status_labels": STATUS_LABELS,
        "severity_labels": SEVERITY_LABELS,
        "kinds": sorted({(f.kind, KIND_LABELS.get(f.kind, f.kind)) for f in result.findings}),
        "problem_units": sorted({f.unit for f in result.findings if f.unit}),
        "findings_count": len(result.findings),
        "dated": any(r.due for r in result.requirements),
        "overdue": result.overdue,
        "data_json": script_json(page_data(result)),
    }


def _previous(snapshots: Sequence[Snapshot], now: dict[str, Counts]) -> dict[str, Counts] | None:
    """Per unit in the snapshot before this result: the last one, unless it *is* this result."""
    if not snapshots:
        return None
    latest = snapshots[-1]
    if latest.by_unit() == now:
        return snapshots[-2].by_unit() if len(snapshots) > 1 else None
    return latest.by_unit()


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("wenming_submit", "templates/dashboard"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_dashboard(result: CheckResult, snapshots: Sequence[Snapshot] = (), **kwargs: Any) -> str:
    return _environment().get_template(TEMPLATE).render(dashboard_context(result, snapshots, **kwargs))


def write_dashboard(html: str, target: Path) -> Path:
    """Write next to the target and rename: an open or interrupted page is never half-written."""
    return write_text_atomic(target, html)
