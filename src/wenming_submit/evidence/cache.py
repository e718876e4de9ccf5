"""The inspection cache: `output/.cache/inspect.sqlite3`, keyed by relative path and the file's stamp.

The stamp (`file_stamp`) is size, mtime, inode and change time: a same-size file swapped in with its
mtime set back still gets a new inode or ctime (setting the mtime itself sets the ctime), so it is read
afresh. A row that does not decode (bad JSON, a bad date, a wrong type) is a cache miss, never an error.

Why SQLite: one file, atomic transactions, and safe when two `wenming check` runs overlap (WAL mode and
a busy timeout; a run that cannot get the lock simply does not save). A cache that cannot be opened or
read is deleted and rebuilt; when even that fails the check runs without a cache. Entries carry the
inspector version, so a newer inspector never trusts older facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from wenming_submit.evidence.inspect.common import Inspected
from wenming_submit.evidence.model import EvidenceFile, SheetFacts
from wenming_submit.findings.registry import Issue
from wenming_submit.sqlitewal import use_wal

CACHE_FILE = "inspect.sqlite3"
_SCHEMA = (
    "DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS hashes;"  # keyed by size + mtime only (before 0.x)
    "CREATE TABLE IF NOT EXISTS facts2 (rel TEXT PRIMARY KEY, stamp TEXT, version INTEGER, data TEXT);"
    "CREATE TABLE IF NOT EXISTS hashes2 (rel TEXT PRIMARY KEY, stamp TEXT, sha256 TEXT);"
    "CREATE TABLE IF NOT EXISTS sniffs1 (path TEXT PRIMARY KEY, stamp TEXT, data TEXT);"
)
_BAD_ROW = (ValueError, TypeError, KeyError, AttributeError, IndexError)
"""What decoding a damaged row can raise (json.JSONDecodeError is a ValueError)."""


def file_stamp(path: Path) -> str | None:
    """What must be unchanged for cached facts of `path` to hold: size, mtime, inode, ctime (ns)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat_stamp(st)


def stat_stamp(st: os.stat_result) -> str:
    """`file_stamp` of a stat result already taken."""
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"


def evidence_stamp(file: EvidenceFile) -> str | None:
    """The stamp of an evidence file; a member of an archive is stamped by its archive (its copy in the temp
    folder is made afresh every run) plus its own name and size."""
    if file.archive_path is not None:
        archive = file_stamp(file.archive_path)
        return None if archive is None else f"{archive}!{file.member}:{file.facts.size}"
    return file_stamp(file.path)


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


def decode(text: object) -> Inspected | None:
    """The cached facts, or None when the row is damaged (then the file is simply inspected again)."""
    try:
        data = json.loads(text)  # type: ignore[arg-type]  # a damaged row may hold any SQLite type
        issues = [Issue(str(c), dict(p)) for c, p in data["issues"]]
        return Inspected(facts=_decode_facts(dict(data["facts"])), issues=issues)
    except _BAD_ROW:
        return None


class _Busy(Exception):
    """The cache file is locked by another process."""


class InspectionCache:
    """Lookups for one run; `save` writes new entries in one transaction."""

    def __init__(self, folder: Path | None, version: int) -> None:
        self.version = version
        self.path = folder / CACHE_FILE if folder is not None else None
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        if self.path is not None:
            try:
                self._db = self._open(self.path) or self._rebuild(self.path)
            except _Busy:
                self._db = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=5, isolation_level=None)
            use_wal(db, 5)
            db.executescript(_SCHEMA)
            db.execute("SELECT rel FROM facts2 LIMIT 1").fetchall()
            return db
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):  # another check holds it: run without the cache, never delete it
                raise _Busy from None
            return None
        except (sqlite3.Error, OSError):
            return None

    def _rebuild(self, path: Path) -> sqlite3.Connection | None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
        try:
            return self._open(path)
        except _Busy:
            return None

    def load(self) -> dict[str, tuple[str, str]]:
        """rel -> (stamp, data) of the entries of the current inspector version (`decode` the data)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT rel, stamp, data FROM facts2 WHERE version = ?", (self.version,))
            return {rel: (stamp, data) for rel, stamp, data in rows if isinstance(stamp, str)}
        except sqlite3.Error:
            self._db = self._rebuild(self.path) if self.path else None
            return {}

    def save(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """(rel, stamp, data) rows."""
        rows = [(rel, stamp, self.version, data) for rel, stamp, data in entries]
        self._write("INSERT OR REPLACE INTO facts2 VALUES (?, ?, ?, ?)", rows)

    def load_hashes(self) -> dict[str, tuple[str, str]]:
        """rel -> (stamp, sha256) of files hashed by earlier duplicate checks (damaged rows left out)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT rel, stamp, sha256 FROM hashes2")
            return {
                rel: (stamp, sha)
                for rel, stamp, sha in rows
                if isinstance(stamp, str) and isinstance(sha, str) and len(sha) == 64
            }
        except sqlite3.Error:
            return {}

    def save_hashes(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """(rel, stamp, sha256) rows."""
        self._write("INSERT OR REPLACE INTO hashes2 VALUES (?, ?, ?)", list(entries))

    def load_sniffs(self) -> dict[str, tuple[str, str]]:
        """path -> (stamp, data) of the formats found by earlier scans (evidence/sniff.py decodes the data)."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute("SELECT path, stamp, data FROM sniffs1")
            return {path: (stamp, data) for path, stamp, data in rows if isinstance(stamp, str)}
        except sqlite3.Error:
            return {}

    def save_sniffs(self, entries: Iterable[tuple[str, str, str]], gone: Iterable[str] = ()) -> None:
        """(path, stamp, data) rows; `gone`: paths the scan no longer found."""
        self._write("INSERT OR REPLACE INTO sniffs1 VALUES (?, ?, ?)", list(entries))
        self._write("DELETE FROM sniffs1 WHERE path = ?", [(path,) for path in gone])

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
