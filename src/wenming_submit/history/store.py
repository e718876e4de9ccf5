"""Progress over time: one small snapshot per check in `output/.history/history.sqlite`.

A snapshot holds, per (unit, indicator), how many requirements are complete/partial/missing/waived and
how many findings of each severity there are. SQLite in WAL mode with a busy timeout, and one
`BEGIN IMMEDIATE` transaction per snapshot: a check killed mid-write leaves the file as it was (the
journal is rolled back on the next open), and two checks that overlap simply take turns.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from wenming_submit.check.result import CheckResult, Counts, Requirement
from wenming_submit.config import ProjectConfig
from wenming_submit.errors import WenmingError
from wenming_submit.findings.finding import Finding
from wenming_submit.sqlitewal import use_wal

HISTORY_DIR = ".history"
HISTORY_FILE = "history.sqlite"
BUSY_TIMEOUT_MS = 30_000
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    taken_at TEXT NOT NULL,          -- ISO 8601, UTC
    command TEXT NOT NULL,
    title TEXT NOT NULL,
    cells INTEGER NOT NULL           -- number of rows in `counts` for this snapshot (a completeness check)
);
CREATE TABLE IF NOT EXISTS counts (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    unit TEXT NOT NULL,              -- '' for findings that belong to no unit
    indicator TEXT NOT NULL,         -- '' for findings that belong to no indicator
    complete INTEGER NOT NULL DEFAULT 0,
    partial INTEGER NOT NULL DEFAULT 0,
    missing INTEGER NOT NULL DEFAULT 0,
    waived INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    infos INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (snapshot_id, unit, indicator)
) WITHOUT ROWID;
"""


class HistoryError(WenmingError):
    """The history file cannot be read or written."""


COUNT_FIELDS = tuple(f.name for f in fields(Counts))


@dataclass(frozen=True)
class Snapshot:
    id: int
    taken_at: dt.datetime
    """Aware, UTC."""
    command: str
    title: str
    cells: dict[tuple[str, str], Counts] = field(default_factory=dict)
    """(unit, indicator) -> counts."""

    def by_unit(self) -> dict[str, Counts]:
        """Per unit (findings without a unit are left out)."""
        out: dict[str, Counts] = defaultdict(Counts)
        for (unit, _), counts in self.cells.items():
            if unit:
                out[unit] = out[unit] + counts
        return dict(out)

    def total(self) -> Counts:
        return sum(self.cells.values(), Counts())


def history_path(config: ProjectConfig) -> Path:
    return config.output_dir / HISTORY_DIR / HISTORY_FILE


def cells_of(result: CheckResult) -> dict[tuple[str, str], Counts]:
    """Collapse a CheckResult into per-(unit, indicator) counts (the same rule as its summary)."""
    requirements: dict[tuple[str, str], list[Requirement]] = defaultdict(list)
    findings: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for req in result.requirements:
        requirements[(req.unit, req.indicator)].append(req)
    for finding in result.findings:
        findings[(finding.unit or "", finding.indicator or "")].append(finding)
    return {key: Counts.of(requirements[key], findings[key]) for key in requirements.keys() | findings.keys()}


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError(
            f"无法打开进度记录：{exc}", path=path, hint="请检查 output 文件夹是否可写"
        ) from None
    with closing(conn):
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            use_wal(conn, BUSY_TIMEOUT_MS / 1000)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise HistoryError(
                    "进度记录文件被占用（另一个检查正在写入）",
                    path=path,
                    hint="请稍后再试，或加 --no-history",
                ) from None
            raise HistoryError(
                f"进度记录文件无法读写：{exc}", path=path, hint="请检查磁盘空间和写入权限"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise HistoryError(
                f"进度记录文件已损坏：{exc}",
                path=path,
                hint="可以删除该文件（只会丢失历史趋势，不影响材料），下次检查时会重新记录",
            ) from None


def _ensure_schema(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"记录文件版本 {version} 比本程序新，请升级 wenming")
    conn.execute("BEGIN IMMEDIATE")  # the schema is created in one transaction, like every snapshot
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("COMMIT")


def record_snapshot(
    config: ProjectConfig, result: CheckResult, *, command: str = "check", now: dt.datetime | None = None
) -> int:
    """Append one snapshot of `result`; returns its id. Everything is written in a single transaction."""
    return write_snapshot(history_path(config), result, command=command, now=now)


def write_snapshot(
    path: Path, result: CheckResult, *, command: str = "check", now: dt.datetime | None = None
) -> int:
    taken = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    cells = cells_of(result)
    rows = [
        (unit, indicator, *(getattr(c, name) for name in COUNT_FIELDS))
        for (unit, indicator), c in cells.items()
    ]
    with _connect(path) as conn:
        _ensure_schema(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO snapshots (taken_at, command, title, cells) VALUES (?, ?, ?, ?)",
                (taken.isoformat(), command, result.title, len(rows)),
            )
            snapshot_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO counts (snapshot_id, unit, indicator, "
                + ", ".join(COUNT_FIELDS)
                + ") VALUES (?, ?, ?, "
                + ", ".join("?" * len(COUNT_FIELDS))
                + ")",
                ((snapshot_id, *row) for row in rows),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return snapshot_id


def load_snapshots(
    config: ProjectConfig, *, limit: int | None = None, per_unit: bool = False
) -> list[Snapshot]:
    """Every snapshot, oldest first (the last `limit` only when given). No file -> empty list."""
    return read_snapshots(history_path(config), limit=limit, per_unit=per_unit)


def read_snapshots(path: Path, *, limit: int | None = None, per_unit: bool = False) -> list[Snapshot]:
    """Snapshots oldest first. `per_unit`: cells summed per unit in SQL (keys (unit, "")) — all that
    trends need, and much less to read back than every (unit, indicator) cell."""
    if not path.exists():
        return []
    with _connect(path) as conn:
        _ensure_schema(conn)
        # One read transaction: a writer committing meanwhile is not seen half-way.
        conn.execute("BEGIN")
        try:
            heads = conn.execute(
                "SELECT id, taken_at, command, title, cells FROM snapshots ORDER BY id DESC"
                + (" LIMIT ?" if limit is not None else ""),
                (limit,) if limit is not None else (),
            ).fetchall()
            heads.reverse()
            cells, sizes = _cells(conn, heads[0][0] if heads else 0, per_unit=per_unit)
        finally:
            conn.execute("COMMIT")
    snapshots = []
    for sid, taken, command, title, n in heads:
        if sizes.get(sid, 0) != n:
            raise sqlite3.DatabaseError(f"第 {sid} 次记录不完整（{sizes.get(sid, 0)}/{n}）")
        snapshots.append(Snapshot(sid, dt.datetime.fromisoformat(taken), command, title, cells.get(sid, {})))
    return snapshots


def _cells(
    conn: sqlite3.Connection, first_id: int, *, per_unit: bool
) -> tuple[dict[int, dict[tuple[str, str], Counts]], dict[int, int]]:
    """Counts of every snapshot from `first_id` on, and how many stored rows each one has."""
    sums = ", ".join(f"SUM({name})" for name in COUNT_FIELDS)
    query = (
        f"SELECT snapshot_id, unit, '', COUNT(*), {sums} FROM counts WHERE snapshot_id >= ? GROUP BY snapshot_id, unit"
        if per_unit
        else f"SELECT snapshot_id, unit, indicator, 1, {', '.join(COUNT_FIELDS)} FROM counts WHERE snapshot_id >= ?"
    )
    cells: dict[int, dict[tuple[str, str], Counts]] = defaultdict(dict)
    sizes: dict[int, int] = defaultdict(int)
    for sid, unit, indicator, rows, *values in conn.execute(query, (first_id,)):
        cells[sid][(unit, indicator)] = Counts(*values)
        sizes[sid] += rows
    return cells, sizes


def unit_series(snapshots: Iterable[Snapshot], unit: str | None = None) -> list[tuple[dt.datetime, Counts]]:
    """(time, counts) per snapshot for one unit, or for the whole project when unit is None."""
    out = []
    for snap in snapshots:
        counts = snap.total() if unit is None else snap.by_unit().get(unit, Counts())
        out.append((snap.taken_at, counts))
    return out


WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class UnitTrend:
    unit: str
    first: Counts
    previous: Counts
    week_ago: Counts
    now: Counts

    def line(self) -> str:
        """「区教育局：缺失 12 → 4，本周 +5 完成」"""
        parts = [f"缺失 {self.first.missing} → {self.now.missing}"]
        week = self.now.done - self.week_ago.done
        if week:
            parts.append(f"本周 {week:+d} 完成")
        last = self.now.done - self.previous.done
        if last:
            parts.append(f"较上次 {last:+d} 完成")
        if self.now.errors or self.first.errors:
            parts.append(f"错误 {self.first.errors} → {self.now.errors}")
        return f"{self.unit}：" + "，".join(parts)


def _week_ago(snapshots: list[Snapshot]) -> Snapshot:
    """The latest snapshot taken at least a week before the newest one (else the first)."""
    cutoff = snapshots[-1].taken_at - WEEK
    older = [s for s in snapshots if s.taken_at <= cutoff]
    return older[-1] if older else snapshots[0]


def unit_trends(snapshots: list[Snapshot], unit: str | None = None) -> list[UnitTrend]:
    """Per unit of the newest snapshot, worst (lowest completion) first."""
    if not snapshots:
        return []
    first, previous, week, now = (s.by_unit() for s in
                                  (snapshots[0], snapshots[max(len(snapshots) - 2, 0)], _week_ago(snapshots),
                                   snapshots[-1]))  # fmt: skip
    units = [u for u in now if unit is None or u == unit]
    trends = [UnitTrend(u, first.get(u, Counts()), previous.get(u, Counts()), week.get(u, Counts()), now[u])
              for u in units]  # fmt: skip
    return sorted(trends, key=lambda t: (t.now.ratio, -t.now.missing, t.unit))


@dataclass(frozen=True)
class HistoryTrends:
    """What the Excel 清单 shows of the history: per-unit trends and the completion series."""

    units: dict[str, UnitTrend]
    """Unit -> trend; the trend's `now` is the result being reported."""
    series: tuple[tuple[dt.datetime, Counts], ...]
    """(time, counts) per snapshot, oldest first, summed over the units in view (or the whole project)."""

    @property
    def snapshots(self) -> int:
        return len(self.series)


NO_TRENDS = HistoryTrends({}, ())
"""No history yet (first check), or it cannot be read."""


def load_trends(
    config: ProjectConfig,
    result: CheckResult,
    *,
    unit: str | None = None,
    indicator: str | None = None,
    now: dt.datetime | None = None,
) -> HistoryTrends:
    """Trends for a (possibly narrowed) `result`; empty when there is no history or it cannot be read.

    Only `unit`/`indicator` cells count, so the numbers match a narrowed report. When the newest
    snapshot is not this result (recording failed or was skipped), the result is added as the last
    point so that "now" is always what the report shows. A history problem never fails the caller.
    """
    try:
        snapshots = load_snapshots(config, per_unit=indicator is None)
    except HistoryError:
        return NO_TRENDS
    if not snapshots:
        return NO_TRENDS
    if indicator is not None:
        snapshots = [_only_indicator(s, indicator) for s in snapshots]
    taken = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    current = Snapshot(0, taken, "", result.title, cells_of(result))
    if not _same_units(snapshots[-1], current):
        snapshots.append(current)
    trends = unit_trends(snapshots, unit)
    in_view = set(current.by_unit())
    scoped = unit is not None or indicator is not None
    series = tuple((s.taken_at, _sum_units(s, in_view) if scoped else s.total()) for s in snapshots)
    return HistoryTrends({t.unit: t for t in trends if t.unit in in_view}, series)


def _only_indicator(snapshot: Snapshot, indicator: str) -> Snapshot:
    cells = {key: counts for key, counts in snapshot.cells.items() if key[1] == indicator}
    return Snapshot(snapshot.id, snapshot.taken_at, snapshot.command, snapshot.title, cells)


def _same_units(stored: Snapshot, current: Snapshot) -> bool:
    stored_units = stored.by_unit()
    return all(stored_units.get(u) == counts for u, counts in current.by_unit().items())


def _sum_units(snapshot: Snapshot, units: set[str]) -> Counts:
    return sum((c for u, c in snapshot.by_unit().items() if u in units), Counts())
