"""The inspection cache: `output/.cache/inspect.sqlite3`, keyed by relative path + size + mtime.

Why SQLite: one file, atomic transactions, and safe when two `wenming check` runs overlap (WAL mode and
a busy timeout; a run that cannot get the lock simply does not save). A cache that cannot be opened or
read is deleted and rebuilt; when even that fails the check runs without a cache. Entries carry the
inspector version, so a newer inspector never trusts older facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.model import SheetFacts
from wenming_submit.findings.registry import Issue

CACHE_FILE = "inspect.sqlite3"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS facts (rel TEXT PRIMARY KEY, size INTEGER, mtime REAL, version INTEGER, data TEXT);"
    "CREATE TABLE IF NOT EXISTS hashes (rel TEXT PRIMARY KEY, size INTEGER, mtime REAL, sha256 TEXT);"
)


def _encode_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, SheetFacts):
        return {"name": value.name, "header_row": value.header_row, "columns": list(value.columns),
                "data_rows": value.data_rows, "truncated": value.truncated,
                "dates": {k: [list(c) for c in v] for k, v in value.dates.items()}}  # fmt: skip
    if isinstance(value, tuple):
        return [_encode_value(v) for v in value]
    return value


def _decode_facts(data: dict[str, Any]) -> dict[str, Any]:
    facts = dict(data)
    for key in ("date", "name_date"):
        if facts.get(key):
            facts[key] = dt.date.fromisoformat(facts[key])
    if "sheets" in facts:
        facts["sheets"] = tuple(
            SheetFacts(
                name=s["name"],
                header_row=s["header_row"],
                columns=tuple(s["columns"]),
                data_rows=s["data_rows"],
                truncated=s["truncated"],
                dates={k: tuple((int(r), str(d)) for r, d in v) for k, v in s["dates"].items()},
            )
            for s in facts["sheets"]
        )
    return facts


def encode(inspected: Inspected) -> str:
    return json.dumps(
        {
            "facts": {k: _encode_value(v) for k, v in inspected.facts.items()},
            "issues": [[i.code, i.params] for i in inspected.issues],
        },
        ensure_ascii=False,
        default=str,
    )


def decode(text: str) -> Inspected:
    data = json.loads(text)
    return Inspected(facts=_decode_facts(data["facts"]), issues=[Issue(c, p) for c, p in data["issues"]])


class InspectionCache:
    """Lookups for one run; `save` writes new entries in one transaction."""

    def __init__(self, folder: Path | None, version: int) -> None:
        self.version = version
        self.path = folder / CACHE_FILE if folder is not None else None
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        if self.path is not None:
            self._db = self._open(self.path) or self._rebuild(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            db.execute("SELECT rel FROM facts LIMIT 1").fetchall()
            return db
        except (sqlite3.Error, OSError):
            return None

    def _rebuild(self, path: Path) -> sqlite3.Connection | None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
        return self._open(path)

    def load(self) -> dict[str, tuple[int, float, str]]:
        """rel -> (size, mtime, data) of the entries of the current inspector version."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(
                "SELECT rel, size, mtime, data FROM facts WHERE version = ?", (self.version,)
            )
            return {rel: (size, mtime, data) for rel, size, mtime, data in rows}
        except sqlite3.Error:
            self._db = self._rebuild(self.path) if self.path else None
            return {}

    def save(self, entries: Iterable[tuple[str, int, float, str]]) -> None:
        rows = [(rel, size, mtime, self.version, data) for rel, size, mtime, data in entries]
        self._write("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?)", rows)

    def load_hashes(self) -> dict[str, tuple[int, float, str]]:
        """rel -> (size, mtime, sha256) of files hashed by earlier duplicate checks."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT rel, size, mtime, sha256 FROM hashes")
            return {rel: (size, mtime, sha) for rel, size, mtime, sha in rows}
        except sqlite3.Error:
            return {}

    def save_hashes(self, entries: Iterable[tuple[str, int, float, str]]) -> None:
        self._write("INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?)", list(entries))

    def _write(self, sql: str, rows: Sequence[tuple[object, ...]]) -> None:
        """One transaction; a locked or broken database means this run does not save, nothing worse."""
        if self._db is None or not rows:
            return
        try:
            with contextlib.closing(self._db.cursor()) as cur:
                cur.execute("BEGIN IMMEDIATE")
                cur.executemany(sql, rows)
                cur.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
