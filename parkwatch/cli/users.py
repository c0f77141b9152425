"""`parkwatch users add|list`: local accounts for the dashboard (bcrypt-hashed passwords).

`parkwatch.store.auth` (and with it bcrypt) is imported inside the commands: only the commands that
hash passwords load the hasher.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


@app.command("add")
def add_command(
    name: str = typer.Argument(..., help="账号名 account name"),
    role: str = typer.Option(..., "--role", help="inspector | manager | admin"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="从标准输入读取密码 read the password from stdin"
    ),
    display_name: str | None = typer.Option(
        None, "--display-name", help="仪表板中显示的名字 name shown in the dashboard"
    ),
) -> None:
    """添加账号（询问密码，不接受密码参数）— add an account; the password is asked for or read from stdin."""
    from parkwatch.store.auth import ACCOUNT_ROLES, AuthError, add_user
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.engine import get_engine

    if role not in ACCOUNT_ROLES:
        typer.echo(f"未知角色 {role!r}; 可选 roles: {', '.join(ACCOUNT_ROLES)}", err=True)
        raise typer.Exit(2)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("密码 password", hide_input=True, confirmation_prompt=True)
    try:
        account = add_user(get_engine(), name, password, role, now=utc_now(), display_name=display_name)
    except AuthError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    typer.echo(f"已添加 added: {account.name} ({account.role})")


@app.command("list")
def list_command() -> None:
    """列出账号及其角色（不显示密码散列）— list accounts with their roles (never the hashes)."""
    from parkwatch.store.auth import list_users
    from parkwatch.store.db.engine import get_engine

    accounts = list_users(get_engine())
    if not accounts:
        typer.echo("没有账号 no accounts")
    for account in accounts:
        demo = "  演示 demo" if account.is_demo else ""
        typer.echo(f"{account.name}\t{account.role}\t{account.display_name or ''}{demo}")
