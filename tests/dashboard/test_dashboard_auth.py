"""Local accounts: bcrypt hashes, roles, `parkwatch users add|list`, the demo accounts."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.store.auth import (
    AuthError,
    RoleRefused,
    add_user,
    authenticate,
    create_demo_users,
    list_users,
    require_role,
    role_allows,
)
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import AuditEvent, User

NOW = datetime(2024, 6, 1, 9, 0)


def test_a_password_is_stored_only_as_a_bcrypt_hash_and_checks_out(sqlite_engine):
    add_user(sqlite_engine, "li", "correct horse", "inspector", NOW)
    with read_session(sqlite_engine) as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$2") and "correct horse" not in stored
    assert authenticate(sqlite_engine, "li", "correct horse").role == "inspector"
    assert authenticate(sqlite_engine, "li", "wrong horse!") is None
    assert authenticate(sqlite_engine, "nobody", "correct horse") is None


def test_bad_accounts_are_refused_and_nothing_is_stored(sqlite_engine):
    with pytest.raises(AuthError):
        add_user(sqlite_engine, "a", "short", "inspector", NOW)
    with pytest.raises(AuthError):
        add_user(sqlite_engine, "a", "long enough", "superuser", NOW)
    with pytest.raises(AuthError):
        add_user(sqlite_engine, "a", "x" * 80, "manager", NOW)
    assert list_users(sqlite_engine) == []
    add_user(sqlite_engine, "a", "long enough", "manager", NOW)
    with pytest.raises(AuthError):
        add_user(sqlite_engine, "a", "another one", "manager", NOW)
    assert len(list_users(sqlite_engine)) == 1


def test_roles_are_ordered_and_require_role_refuses_lower_roles():
    assert role_allows("admin", "manager") and role_allows("manager", "inspector")
    assert not role_allows("inspector", "manager") and not role_allows(None, "inspector")
    assert not role_allows("someone-made-up", "inspector")
    require_role("inspector", "inspector")
    with pytest.raises(RoleRefused):
        require_role("public", "inspector")


def test_the_demo_accounts_are_created_once_and_documented_passwords_work(sqlite_engine):
    first = create_demo_users(sqlite_engine, NOW)
    assert "inspector/inspector-demo" in first
    assert "已存在" in create_demo_users(sqlite_engine, NOW)
    assert authenticate(sqlite_engine, "manager", "manager-demo").role == "manager"
    assert authenticate(sqlite_engine, "admin", "admin-demo").role == "admin"
    assert all(account.is_demo for account in list_users(sqlite_engine))
    with read_session(sqlite_engine) as session:
        assert len(session.scalars(select(AuditEvent).where(AuditEvent.action == "user.add")).all()) == 3


def test_users_add_reads_the_password_from_stdin_and_users_list_shows_roles(sqlite_engine):
    runner = CliRunner()
    result = runner.invoke(
        app, ["users", "add", "wang", "--role", "manager", "--password-stdin"], input="a-good-password\n"
    )
    assert result.exit_code == 0, result.output
    assert authenticate(sqlite_engine, "wang", "a-good-password").role == "manager"
    listed = runner.invoke(app, ["users", "list"])
    assert listed.exit_code == 0 and "wang\tmanager" in listed.output
    assert "$2" not in listed.output  # never the hash


def test_users_add_refuses_an_unknown_role_and_a_short_password(sqlite_engine):
    runner = CliRunner()
    bad_role = runner.invoke(app, ["users", "add", "x", "--role", "boss", "--password-stdin"], input="long enough\n")
    assert bad_role.exit_code == 2
    short = runner.invoke(app, ["users", "add", "x", "--role", "inspector", "--password-stdin"], input="short\n")
    assert short.exit_code == 1
    assert list_users(sqlite_engine) == []


def test_signing_in_on_the_page_with_a_wrong_password_fails_and_a_right_one_works(seeded):
    from dashboard_helpers import all_text, open_page, sign_in

    at = sign_in(open_page("public", "signin"), "inspector", "wrong-password")
    assert "用户名或密码错误" in all_text(at) and "account" not in at.session_state
    at.text_input(key="signin_password").input("inspector-demo")
    at.button[0].click().run()
    assert at.session_state["account"]["role"] == "inspector"
    assert "已登录" in all_text(at)
