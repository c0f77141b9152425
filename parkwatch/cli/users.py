"""`parkwatch users add|list`: local accounts for the dashboard (bcrypt-hashed passwords)."""

from __future__ import annotations

import sys
from datetime import datetime

import typer

from parkwatch.store.auth import ACCOUNT_ROLES, AuthError, add_user, list_users
from parkwatch.store.db.engine import get_engine

users_app = typer.Typer(help="Dashboard accounts (local sign-in).", no_args_is_help=True)


@users_app.command("add")
def add_command(
    name: str = typer.Argument(..., help="account name"),
    role: str = typer.Option(..., "--role", help="inspector | manager | admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from stdin"),
    display_name: str = typer.Option(None, "--display-name", help="name shown inside the dashboard"),
) -> None:
    """Add an account; the password is asked for (or read from stdin), never taken as an argument."""
    if role not in ACCOUNT_ROLES:
        typer.echo(f"未知角色 {role!r}; 可选 roles: {', '.join(ACCOUNT_ROLES)}", err=True)
        raise typer.Exit(2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码 password", hide_input=True, confirmation_prompt=True)
    try:
        account = add_user(get_engine(), name, password, role, now=datetime.now(), display_name=display_name)
    except AuthError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"已添加 added: {account.name} ({account.role})")


@users_app.command("list")
def list_command() -> None:
    """List accounts with their roles (never the hashes)."""
    accounts = list_users(get_engine())
    if not accounts:
        typer.echo("没有账号 no accounts")
    for account in accounts:
        demo = "  演示 demo" if account.is_demo else ""
        typer.echo(f"{account.name}\t{account.role}\t{account.display_name or ''}{demo}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
