"""`parkwatch db upgrade|downgrade`: the schema through the Alembic migrations packaged with parkwatch.store."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


def _migrate(upgrade: bool, revision: str) -> None:
    from alembic.util import CommandError

    from parkwatch.store.db import migrate

    try:
        (migrate.upgrade if upgrade else migrate.downgrade)(revision=revision)
    except CommandError as exc:  # an unknown revision is a bad argument, not a crash
        typer.echo(f"错误 error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head", help="目标版本 target revision")) -> None:
    """创建数据库或迁移到最新结构 — create or migrate the database to the newest schema."""
    from parkwatch.settings import get_settings

    _migrate(True, revision)
    typer.echo(f"database at {revision}: {get_settings().db_url}")


@app.command("downgrade")
def downgrade_command(revision: str = typer.Argument(..., help="目标版本 target revision, e.g. base")) -> None:
    """退回到较早的结构 — migrate the database back to an older schema."""
    _migrate(False, revision)
    typer.echo(f"database at {revision}")
