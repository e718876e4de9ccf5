"""Passwords (scrypt, memory-hard), signed session cookies, CSRF tokens and login rate limits.

A session cookie is `<random id>.<HMAC-SHA256 of the id>`; the database keeps only the sha256 of the id,
so a stolen database holds no usable session. The CSRF token is random per session, handed out by
/api/login and put in each page's <meta name="csrf">; every state-changing request must send it back
in the X-CSRF-Token header (compared in constant time).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
"""16 MB and about 50 ms per hash: slow for a guesser, quick enough for 60 units logging in."""
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/l/I: the password is read off a printed sheet and typed by hand."""
PASSWORD_LENGTH = 12
SESSION_SECONDS = 8 * 3600
COOKIE = "wenming_session"


def new_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 << 20)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=64 << 20, dklen=len(expected))  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def burn_time(password: str) -> None:
    """Spend the same time as a real check for an unknown login (no timing hint that a login exists)."""
    verify_password(password, _DUMMY_HASH)


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


class Signer:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, value: str) -> str:
        return hmac.new(self._secret, value.encode("ascii"), hashlib.sha256).hexdigest()

    def new_session(self) -> tuple[str, str]:
        """(cookie value, session id)."""
        session_id = secrets.token_urlsafe(32)
        return f"{session_id}.{self._mac(session_id)}", session_id

    def session_id(self, cookie: str | None) -> str | None:
        """The id of a cookie whose signature is right, else None."""
        if not cookie or "." not in cookie or len(cookie) > 200:
            return None
        session_id, _, mac = cookie.rpartition(".")
        if not session_id.isascii() or not hmac.compare_digest(mac, self._mac(session_id)):
            return None
        return session_id


def csrf_ok(expected: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(expected.encode(), (sent or "").encode("utf-8", "replace"))


class RateLimiter:
    """Failed logins per account and per address in a sliding window; over the limit -> 429, even with the
    right password, until the window has passed. Kept in memory: a restart forgets (and the restart is
    the coordinator's)."""

    def __init__(self, per_login: int = 5, per_address: int = 20, window: float = 600.0) -> None:
        self.per_login = per_login
        self.per_address = per_address
        self.window = window
        self._fails: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, at: float) -> int:
        q = self._fails[key]
        while q and q[0] < at - self.window:
            q.popleft()
        return len(q)

    def blocked(self, login: str, address: str) -> float | None:
        """Seconds to wait when this login or address has failed too often, else None."""
        at = time.monotonic()
        with self._lock:
            for key, limit in ((f"login:{login}", self.per_login), (f"addr:{address}", self.per_address)):
                if self._recent(key, at) >= limit:
                    return max(1.0, self._fails[key][0] + self.window - at)
        return None

    def failed(self, login: str, address: str) -> None:
        at = time.monotonic()
        with self._lock:
            self._fails[f"login:{login}"].append(at)
            self._fails[f"addr:{address}"].append(at)

    def succeeded(self, login: str) -> None:
        with self._lock:
            self._fails.pop(f"login:{login}", None)
