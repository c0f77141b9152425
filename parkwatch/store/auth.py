"""Local accounts and roles for the embedded default (OIDC deployments map their users to roles).

Roles are ordered: public < inspector < manager < admin; a higher role may do what a lower one may.
Passwords are stored as bcrypt hashes only. `authenticate` answers the same way (None) for an unknown
name and a wrong password, and spends the same bcrypt work on both so timing does not tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import bcrypt
from sqlalchemy import Engine, select

from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import User
from parkwatch.store.services.base import audit

ROLES = ("public", "inspector", "manager", "admin")
ACCOUNT_ROLES = ("inspector", "manager", "admin")  # roles a local account can hold
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 8
# bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut.
MAX_PASSWORD_BYTES = 72

# The demo's documented accounts (docs/dashboard.md). Demo only: never use them on a real server.
DEMO_ACCOUNTS = (
    ("inspector", "inspector-demo", "inspector", "演示检查员"),
    ("manager", "manager-demo", "manager", "演示负责人"),
    ("admin", "admin-demo", "admin", "演示管理员"),
)

# bcrypt cost; tests lower it through monkeypatch to stay fast
BCRYPT_ROUNDS = 12
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds=BCRYPT_ROUNDS))


class AuthError(ValueError):
    """A bad account request (unknown role, weak password, duplicate name)."""


class RoleRefused(PermissionError):
    """The current role may not do this."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    display_name: str | None = None
    is_demo: bool = False


def role_allows(role: str | None, needed: str) -> bool:
    """True when `role` is at least `needed` (unknown roles count as public)."""
    return ROLE_RANK.get(role or "public", 0) >= ROLE_RANK[needed]


def require_role(role: str | None, needed: str) -> None:
    """Raise RoleRefused unless `role` may act as `needed`. Every write calls this on the server."""
    if needed not in ROLE_RANK:
        raise ValueError(f"unknown role {needed!r}")
    if not role_allows(role, needed):
        raise RoleRefused(f"需要{needed}权限 (role {needed} required, have {role or 'public'})")


def hash_password(password: str) -> str:
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(
            f"密码至少{MIN_PASSWORD_LENGTH}个字符 (password must have at least {MIN_PASSWORD_LENGTH} characters)"
        )
    if len(raw) > MAX_PASSWORD_BYTES:
        raise AuthError(f"密码不能超过{MAX_PASSWORD_BYTES}字节 (password longer than {MAX_PASSWORD_BYTES} bytes)")
    return bcrypt.hashpw(raw, bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    raw = password.encode("utf-8")[:MAX_PASSWORD_BYTES]
    try:
        return bcrypt.checkpw(raw, password_hash.encode("ascii"))
    except ValueError:
        return False


def add_user(
    engine: Engine,
    name: str,
    password: str,
    role: str,
    now: datetime,
    display_name: str | None = None,
    is_demo: bool = False,
    actor: str = "cli",
) -> Account:
    """Create a local account; refuses unknown roles, short passwords and existing names."""
    name = name.strip()
    if not name or len(name) > 80:
        raise AuthError("用户名不能为空且不超过80个字符 (name must be 1-80 characters)")
    if role not in ACCOUNT_ROLES:
        raise AuthError(f"未知角色 {role!r} (role must be one of {', '.join(ACCOUNT_ROLES)})")
    hashed = hash_password(password)
    with write_session(engine) as session:
        if session.scalar(select(User.id).where(User.name == name)) is not None:
            raise AuthError(f"用户 {name} 已存在 (user {name} exists)")
        session.add(
            User(name=name, display_name=display_name, password_hash=hashed, role=role, created_at=now, is_demo=is_demo)
        )
        after = {"name": name, "role": role, "is_demo": is_demo}
        audit(session, "user.add", name, actor=actor, before=None, after=after, now=now)
    return Account(name=name, role=role, display_name=display_name, is_demo=is_demo)


def authenticate(engine: Engine, name: str, password: str) -> Account | None:
    """The account when name and password match, else None (same answer for both failures)."""
    with read_session(engine) as session:
        user = session.scalar(select(User).where(User.name == (name or "").strip()))
        if user is None:
            bcrypt.checkpw(b"x", _DUMMY_HASH)  # same work as a real check
            return None
        if not check_password(password or "", user.password_hash):
            return None
        return Account(name=user.name, role=user.role, display_name=user.display_name, is_demo=user.is_demo)


def list_users(engine: Engine) -> list[Account]:
    with read_session(engine) as session:
        rows = session.scalars(select(User).order_by(User.name)).all()
        return [Account(name=u.name, role=u.role, display_name=u.display_name, is_demo=u.is_demo) for u in rows]


def create_demo_users(engine: Engine, now: datetime) -> str:
    """The demo step: the documented demo accounts (existing ones are left as they are)."""
    existing = {account.name for account in list_users(engine)}
    made = []
    for name, password, role, display in DEMO_ACCOUNTS:
        if name in existing:
            continue
        add_user(engine, name, password, role, now, display_name=display, is_demo=True, actor="demo")
        made.append(f"{name}/{password}")
    if not made:
        return "演示账号已存在 demo accounts already exist"
    return "演示账号 demo accounts: " + ", ".join(made)
