"""The portal's database: one SQLite file inside the project (`.wenming/portal.sqlite3`).

WAL journal and synchronous=FULL: every change is one transaction, so a kill -9 at any moment leaves the
last committed state. The audit log and the reviews are append-only; triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wenming_submit.portal import STATE_DIR
from wenming_submit.sqlitewal import use_wal

DB_NAME = "portal.sqlite3"
COORDINATOR = "coordinator"
UNIT = "unit"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    login TEXT PRIMARY KEY,
    unit TEXT UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('unit', 'coordinator')),
    password TEXT NOT NULL,
    created TEXT NOT NULL,
    changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL REFERENCES accounts(login),
    csrf TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
    path TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    indicator TEXT NOT NULL,
    material TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    login TEXT NOT NULL,
    at TEXT NOT NULL,
    original TEXT NOT NULL,
    withdrawn_to TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    unit TEXT,
    decision TEXT NOT NULL CHECK (decision IN ('accept', 'return')),
    comment TEXT NOT NULL,
    sha256 TEXT,
    login TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_path ON reviews(path);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    login TEXT,
    unit TEXT,
    action TEXT NOT NULL,
    path TEXT,
    detail TEXT,
    address TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_no_update BEFORE UPDATE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_no_delete BEFORE DELETE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
"""


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def db_path(root: Path) -> Path:
    return root / STATE_DIR / DB_NAME


@dataclass(frozen=True)
class Account:
    login: str
    unit: str | None
    role: str
    password: str
    """The scrypt hash (auth.hash_password), never the password."""

    @property
    def coordinator(self) -> bool:
        return self.role == COORDINATOR


@dataclass(frozen=True)
class Review:
    decision: str
    comment: str
    login: str
    at: str
    returns: int
    """How often the file was returned so far (many upload systems allow one resubmission)."""
    sha256: str | None = None
    """The content the decision was about: a file replaced since (withdrawn and sent again under the same
    name) shows the decision as about its earlier version."""
    current: bool = True


class Store:
    """One connection shared by the server's threads behind a lock; each change is one transaction."""

    def __init__(self, root: Path) -> None:
        path = db_path(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._conn.row_factory = sqlite3.Row
        use_wal(self._conn, 30)
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(_SCHEMA)
        columns = {r["name"] for r in self._conn.execute("PRAGMA table_info(reviews)")}
        if "sha256" not in columns:  # databases made before reviews recorded the reviewed content
            self._conn.execute("ALTER TABLE reviews ADD COLUMN sha256 TEXT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # ---------------------------------------------------------------- meta

    def secret(self) -> bytes:
        """The key that signs session cookies: made once, kept in the database."""
        with self.transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
            if row is None:
                value = secrets.token_hex(32)
                db.execute("INSERT INTO meta (key, value) VALUES ('secret', ?)", (value,))
                return bytes.fromhex(value)
            return bytes.fromhex(row["value"])

    # ---------------------------------------------------------------- accounts

    def accounts(self) -> list[Account]:
        rows = self.query("SELECT login, unit, role, password FROM accounts ORDER BY rowid")
        return [Account(r["login"], r["unit"], r["role"], r["password"]) for r in rows]

    def account(self, login: str) -> Account | None:
        rows = self.query("SELECT login, unit, role, password FROM accounts WHERE login = ?", (login,))
        return Account(rows[0]["login"], rows[0]["unit"], rows[0]["role"], rows[0]["password"]) if rows else None

    def add_account(self, login: str, unit: str | None, role: str, password_hash: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO accounts (login, unit, role, password, created, changed) VALUES (?, ?, ?, ?, ?, ?)",
                       (login, unit, role, password_hash, now(), now()))  # fmt: skip
            _audit(db, None, unit, "create-account", None, login, None)

    def set_password(self, login: str, password_hash: str) -> None:
        """A new password; the account's sessions end."""
        with self.transaction() as db:
            db.execute("UPDATE accounts SET password = ?, changed = ? WHERE login = ?", (password_hash, now(), login))
            db.execute("DELETE FROM sessions WHERE login = ?", (login,))
            _audit(db, None, None, "reset-password", None, login, None)

    # ---------------------------------------------------------------- sessions

    def add_session(self, session_hash: str, login: str, csrf: str, expires: float, address: str | None) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE expires < ?", (dt.datetime.now().timestamp(),))
            db.execute("INSERT INTO sessions (id, login, csrf, expires) VALUES (?, ?, ?, ?)",
                       (session_hash, login, csrf, expires))  # fmt: skip
            unit = db.execute("SELECT unit FROM accounts WHERE login = ?", (login,)).fetchone()["unit"]
            _audit(db, login, unit, "login", None, None, address)

    def session(self, session_hash: str) -> tuple[Account, str, float] | None:
        rows = self.query(
            "SELECT a.login, a.unit, a.role, a.password, s.csrf, s.expires FROM sessions s "
            "JOIN accounts a ON a.login = s.login WHERE s.id = ?",
            (session_hash,),
        )
        if not rows:
            return None
        r = rows[0]
        return Account(r["login"], r["unit"], r["role"], r["password"]), r["csrf"], r["expires"]

    def end_session(self, session_hash: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_hash,))

    # ---------------------------------------------------------------- uploads, reviews, audit

    def record_upload(self, account: Account, unit: str, indicator: str, material: str, path: str, sha256: str,
                      size: int, original: str, address: str | None) -> None:  # fmt: skip
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO uploads (path, unit, indicator, material, sha256, size, login, at, "
                       "original, withdrawn_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                       (path, unit, indicator, material, sha256, size, account.login, now(), original))  # fmt: skip
            _audit(db, account.login, unit, "upload", path, f"sha256={sha256} size={size} name={original}", address)

    def record_withdrawal(self, account: Account, unit: str, path: str, moved_to: str, address: str | None) -> None:
        with self.transaction() as db:
            db.execute("UPDATE uploads SET withdrawn_to = ? WHERE path = ?", (moved_to, path))
            _audit(db, account.login, unit, "withdraw", path, f"移到 {moved_to}", address)

    def uploads(self, unit: str | None = None) -> dict[str, sqlite3.Row]:
        sql = "SELECT * FROM uploads WHERE withdrawn_to IS NULL" + (" AND unit = ?" if unit else "")
        return {r["path"]: r for r in self.query(sql, (unit,) if unit else ())}

    def add_review(self, account: Account, path: str, unit: str | None, decision: str, comment: str,
                   address: str | None, sha256: str | None = None) -> Review:  # fmt: skip
        with self.transaction() as db:
            db.execute("INSERT INTO reviews (path, unit, decision, comment, sha256, login, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (path, unit, decision, comment, sha256, account.login, now()))  # fmt: skip
            _audit(db, account.login, unit, f"review-{decision}", path, comment, address)
        return self.reviews([path])[path]

    def reviews(self, paths: list[str] | None = None) -> dict[str, Review]:
        """The latest review of each path, with the number of returns."""
        rows = self.query(
            "SELECT r.path, r.decision, r.comment, r.login, r.at, r.sha256, "
            "(SELECT COUNT(*) FROM reviews x WHERE x.path = r.path AND x.decision = 'return') AS returns "
            "FROM reviews r WHERE r.id = (SELECT MAX(id) FROM reviews y WHERE y.path = r.path)"
        )
        found = {r["path"]: Review(r["decision"], r["comment"], r["login"], r["at"], r["returns"], r["sha256"])
                 for r in rows}  # fmt: skip
        return found if paths is None else {p: found[p] for p in paths if p in found}

    def audit(self, account: Account | None, unit: str | None, action: str, path: str | None = None,
              detail: str | None = None, address: str | None = None) -> None:  # fmt: skip
        with self.transaction() as db:
            _audit(db, account.login if account else None, unit, action, path, detail, address)

    def audit_log(self, limit: int = 200) -> list[sqlite3.Row]:
        return self.query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))

    def integrity(self) -> str:
        return str(self.query("PRAGMA integrity_check")[0][0])


def _audit(db: sqlite3.Connection, login: str | None, unit: str | None, action: str, path: str | None,
           detail: str | None, address: str | None) -> None:  # fmt: skip
    db.execute("INSERT INTO audit (at, login, unit, action, path, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (now(), login, unit, action, path, detail, address))  # fmt: skip
