"""Snapshots are recorded, read back in order, and survive kills and overlapping writers."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wenming_submit.check.result import CheckResult, Counts
from wenming_submit.history.store import (
    HistoryError,
    read_snapshots,
    unit_series,
    unit_trends,
    write_snapshot,
)

MakeResult = Callable[..., CheckResult]


def test_snapshot_roundtrip(tmp_path: Path, make_result: MakeResult) -> None:
    db = tmp_path / "output" / ".history" / "history.sqlite"
    first = make_result({("区教育局", "Ⅰ-1-1"): ["missing", "missing", "partial"],
                         ("区文明办", "Ⅰ-1-1"): ["complete", "waived"]}, errors={"区教育局": 2})  # fmt: skip
    second = make_result({("区教育局", "Ⅰ-1-1"): ["complete", "missing", "complete"],
                          ("区文明办", "Ⅰ-1-1"): ["complete", "waived"]})  # fmt: skip
    t0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    write_snapshot(db, first, now=t0)
    write_snapshot(db, second, now=t0 + dt.timedelta(days=3))

    snaps = read_snapshots(db)
    assert [s.taken_at for s in snaps] == [t0, t0 + dt.timedelta(days=3)]
    assert snaps[0].by_unit()["区教育局"] == Counts(partial=1, missing=2, errors=2)
    assert snaps[1].by_unit()["区教育局"] == Counts(complete=2, missing=1)
    assert snaps[1].by_unit()["区文明办"].done == 2
    series = unit_series(snaps, "区教育局")
    assert [c.missing for _, c in series] == [2, 1]
    assert read_snapshots(db, limit=1)[0].id == snaps[1].id
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_no_file_means_no_snapshots(tmp_path: Path) -> None:
    assert read_snapshots(tmp_path / "nothing.sqlite") == []


def test_garbage_file_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(HistoryError, match="损坏"):
        read_snapshots(db)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from conftest import build_result
    from wenming_submit.history.store import write_snapshot

    units = [f"单位{{u}}" for u in range(40)]
    result = build_result({{(u, f"Ⅰ-{{i}}-1"): ["missing", "complete", "partial"] for u in units for i in range(200)}})
    db = Path(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        write_snapshot(db, result, command=sys.argv[3])
        print("ok", flush=True)
    """
)


def _writer(tmp_path: Path) -> Path:
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(tests=str(Path(__file__).resolve().parent)), encoding="utf-8")
    return script


def _assert_consistent(db: Path) -> int:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    snaps = read_snapshots(db)  # raises when a snapshot lacks rows
    for snap in snaps:
        assert len(snap.cells) == 8000
        assert snap.total() == Counts(complete=8000, partial=8000, missing=8000)
    return len(snaps)


def test_killed_writer_leaves_complete_snapshots_only(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    script = _writer(tmp_path)
    for kills, delay in enumerate((0.15, 0.3, 0.45, 0.6), start=1):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(db), "1000", "check"], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one snapshot committed: the next one is in flight
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        before = _assert_consistent(db)
        assert before >= kills
    # The file keeps working after the kills.
    subprocess.run([sys.executable, str(script), str(db), "1", "check"], check=True, capture_output=True)
    assert _assert_consistent(db) == before + 1


def test_overlapping_writers_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite"
    script = _writer(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(db), "6", name], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for name in ("check", "build")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert out.decode().count("ok") == 6
    assert _assert_consistent(db) == 12
    commands = [s.command for s in read_snapshots(db)]
    assert commands.count("check") == commands.count("build") == 6


def test_per_unit_read_matches_cell_read(tmp_path: Path, make_result: MakeResult) -> None:
    db = tmp_path / "h.sqlite"
    result = make_result(
        {
            ("甲局", "Ⅰ-1-1"): ["missing", "complete"],
            ("甲局", "Ⅰ-1-2"): ["partial"],
            ("乙局", "Ⅰ-1-1"): ["waived"],
        },
        errors={"甲局": 3},
    )
    write_snapshot(db, result)
    write_snapshot(db, result)
    full, summed = read_snapshots(db), read_snapshots(db, per_unit=True)
    assert [s.by_unit() for s in full] == [s.by_unit() for s in summed]
    assert set(summed[0].cells) == {("甲局", ""), ("乙局", "")}
    assert summed[0].by_unit()["甲局"] == Counts(complete=1, partial=1, missing=1, errors=3)
    assert len(read_snapshots(db, limit=1, per_unit=True)) == 1


def test_unit_trends_first_last_and_week(tmp_path: Path, make_result: MakeResult) -> None:
    db = tmp_path / "h.sqlite"
    t0 = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    # 区教育局 finishes 0, 1, 3, then 4 of 6 materials on days 0, 3, 9, 10.
    for day, done in ((0, 0), (3, 1), (9, 3), (10, 4)):
        statuses = ["complete"] * done + ["missing"] * (6 - done)
        write_snapshot(db, make_result({("区教育局", "Ⅰ-1-1"): statuses, ("区文明办", "Ⅰ-1-1"): ["complete"]}),
                       now=t0 + dt.timedelta(days=day))  # fmt: skip
    trends = unit_trends(read_snapshots(db, per_unit=True))
    assert [t.unit for t in trends] == ["区教育局", "区文明办"]  # worst first
    edu = trends[0]
    assert (edu.first.missing, edu.previous.missing, edu.week_ago.missing, edu.now.missing) == (6, 3, 5, 2)
    assert edu.line() == "区教育局：缺失 6 → 2，本周 +3 完成，较上次 +1 完成"
    assert trends[1].line() == "区文明办：缺失 0 → 0"
    assert unit_trends([]) == []
    assert [t.unit for t in unit_trends(read_snapshots(db), "区文明办")] == ["区文明办"]


def _open_fresh_files(barrier: Any, paths: list[Path], errors: Any) -> None:
    from wenming_submit.history.store import _connect

    for path in paths:
        barrier.wait()
        try:
            with _connect(path) as conn:
                conn.execute("SELECT 1").fetchall()
        except HistoryError as exc:
            errors.put(str(exc))


def test_two_checks_opening_a_new_history_file_at_once_take_turns(tmp_path: Path) -> None:
    """SQLite refuses a second WAL switch of a brand-new file at once (no busy handler); this race hit
    about one in seven pairs before the switch was retried."""
    ctx = multiprocessing.get_context("spawn")
    barrier, errors = ctx.Barrier(2), ctx.Queue()
    paths = [tmp_path / f"h{i}.sqlite" for i in range(60)]
    workers = [ctx.Process(target=_open_fresh_files, args=(barrier, paths, errors)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    failures = [errors.get() for _ in range(errors.qsize())]
    assert failures == []
    assert all(w.exitcode == 0 for w in workers)
