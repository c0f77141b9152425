"""Sign-ins that last: a signed, expiring session token and a server-side lockout.

A token is `payload.signature`: the payload (base64url JSON: session id, account name, expiry) signed
with HMAC-SHA256 under a server-side secret kept in the data folder (`dashboard-auth/secret`, created
on first use, readable by the owner only). The token rides in the URL (`?session=…`), so a reload, a
bookmark or a link copied from the address bar keeps the sign-in; it is honoured only while its
session id is in the server's session list, so signing out (or expiry) ends it everywhere.

Failed sign-ins are counted on the server, per account and per client address, in the same folder:
a reload or a new browser tab does not reset them.

Both stores are small JSON files written under an exclusive file lock (several Streamlit sessions,
and several server processes, may sign in at once). Every function takes `now` and the folder, so
the rules here are tested without a clock or a browser.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SESSION_SECONDS = 12 * 3600  # one working day; a bookmark from yesterday asks to sign in again
MAX_ACCOUNT_FAILURES = 5  # wrong passwords for one account within the window lock that account
MAX_CLIENT_FAILURES = 10  # wrong sign-ins from one address (any accounts) lock that address
FAILURE_WINDOW_SECONDS = 15 * 60
LOCKOUT_SECONDS = 60
QUERY_KEY = "session"


def auth_dir(data_dir: Path) -> Path:
    return data_dir / "dashboard-auth"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomic replace: a reader never sees half a file."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _update(folder: Path, name: str, change: Callable[[dict[str, Any]], Any]) -> Any:
    """Read-modify-write one store file under the lock; returns what `change` returns."""
    with _locked(folder):
        path = folder / name
        data = _read(path)
        result = change(data)
        _write(path, data)
        return result


def secret(folder: Path) -> bytes:
    """The signing secret, created once (32 random bytes, file mode 0600)."""
    path = folder / "secret"
    if not path.exists():
        with _locked(folder):
            if not path.exists():
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as out:
                    out.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode("ascii")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def issue(folder: Path, name: str, now: float) -> str:
    """A new session for `name`: recorded on the server, returned as a signed token."""
    sid = secrets.token_urlsafe(16)
    expires = int(now + SESSION_SECONDS)

    def add(sessions: dict[str, Any]) -> None:
        for old in [key for key, value in sessions.items() if value.get("exp", 0) <= now]:
            del sessions[old]  # expired sessions are dropped whenever somebody signs in
        sessions[sid] = {"name": name, "exp": expires}

    _update(folder, "sessions.json", add)
    payload = _b64(json.dumps({"sid": sid, "name": name, "exp": expires}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret(folder), payload)}"


def holder(folder: Path, token: str | None, now: float) -> str | None:
    """The account name a token signs in, or None: bad signature, expired, or signed out."""
    if not token or token.count(".") != 1:
        return None
    payload, signature = token.split(".")
    if not (folder / "secret").exists() or not hmac.compare_digest(signature, _sign(secret(folder), payload)):
        return None
    try:
        claims = json.loads(_unb64(payload))
        sid, name, expires = str(claims["sid"]), str(claims["name"]), float(claims["exp"])
    except (ValueError, KeyError, TypeError):
        return None
    if expires <= now:
        return None
    with _locked(folder):
        stored = _read(folder / "sessions.json").get(sid)
    if not stored or stored.get("name") != name or stored.get("exp", 0) <= now:
        return None
    return name


def end(folder: Path, token: str | None) -> None:
    """Sign out: the token's session is removed from the server, so no copy of the token works."""
    if not token or token.count(".") != 1:
        return
    try:
        sid = str(json.loads(_unb64(token.split(".")[0]))["sid"])
    except (ValueError, KeyError, TypeError):
        return
    _update(folder, "sessions.json", lambda sessions: sessions.pop(sid, None))


@dataclass(frozen=True)
class Lockout:
    locked: bool
    seconds_left: int = 0


def _recent(stamps: list[float], now: float) -> list[float]:
    return [at for at in stamps if now - at < FAILURE_WINDOW_SECONDS]


def _locked_for(stamps: list[float], limit: int, now: float) -> int:
    """Seconds left of the lockout that `limit` failures in the window start (0: not locked)."""
    if len(stamps) < limit:
        return 0
    return max(int(stamps[-1] + LOCKOUT_SECONDS - now + 0.999), 0)


def lockout(folder: Path, account: str, client: str, now: float) -> Lockout:
    """Is a sign-in for `account` from `client` refused for now?"""
    with _locked(folder):
        failures = _read(folder / "failures.json")
    left = max(
        _locked_for(_recent(failures.get(f"account:{account.strip()}", []), now), MAX_ACCOUNT_FAILURES, now),
        _locked_for(_recent(failures.get(f"client:{client}", []), now), MAX_CLIENT_FAILURES, now),
    )
    return Lockout(left > 0, left)


def record_failure(folder: Path, account: str, client: str, now: float) -> None:
    def add(failures: dict[str, Any]) -> None:
        for key in (f"account:{account.strip()}", f"client:{client}"):
            failures[key] = [*_recent(failures.get(key, []), now), now]
        for stale in [key for key, stamps in failures.items() if not _recent(stamps, now)]:
            del failures[stale]

    _update(folder, "failures.json", add)


def clear_failures(folder: Path, account: str) -> None:
    """A right password clears the account's count (the client's stays: it may be guessing others)."""
    _update(folder, "failures.json", lambda failures: failures.pop(f"account:{account.strip()}", None))
