"""Open SQLite files in WAL mode when several processes may open a brand-new file at the same moment.

SQLite answers "database is locked" at once, without calling the busy handler, when a second connection
switches a new file to WAL while the first is switching it. Two checks started together on a new project
hit this in about one pair in seven. The switch is retried here within the caller's busy timeout.
"""

from __future__ import annotations

import sqlite3
import time


def use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """`PRAGMA journal_mode = WAL`, retried on "locked" for up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
