"""`parkwatch db upgrade|downgrade`."""

from __future__ import annotations

import typer

from parkwatch.settings import get_settings
from parkwatch.store.db.migrate import downgrade, upgrade

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head")) -> None:
    """Create or migrate the database to the newest schema."""
    upgrade(revision=revision)
    typer.echo(f"database at {revision}: {get_settings().db_url}")


@db_app.command("downgrade")
def downgrade_command(revision: str = typer.Argument(..., help="target revision, e.g. base")) -> None:
    """Migrate the database back to an older schema."""
    downgrade(revision=revision)
    typer.echo(f"database at {revision}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
