"""Run Alembic migrations programmatically (`parkwatch db upgrade`), and tell whether a database is ready.

`check_schema(engine)` raises `DatabaseNotReady` with one clear sentence when the database has no schema
yet (a file never migrated, an empty PostgreSQL database) or an older one than this code: the command
line and the dashboard show that sentence instead of "no such table: users".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from parkwatch.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", (url or get_settings().db_url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


NOT_SET_UP = (
    "数据库尚未初始化：请运行 `parkwatch db upgrade` 或 `parkwatch demo` / the database is not set up: "
    "run `parkwatch db upgrade` or `parkwatch demo`"
)
OUTDATED = (
    "数据库结构版本较旧：请运行 `parkwatch db upgrade` / the database schema is older than this parkwatch: "
    "run `parkwatch db upgrade`"
)


class DatabaseNotReady(RuntimeError):
    """The database has no schema, or an older one: the message says what to run."""


NEWER = "数据库结构比本程序新：请升级 parkwatch / the database schema is newer than this parkwatch: update parkwatch"


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str | None:
    return _scripts().get_current_head()


def schema_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision the database is at; None when it has no schema."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        found = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        return None if found is None else str(found)


def check_schema(engine: sa.Engine) -> None:
    """Raise `DatabaseNotReady` unless the database is migrated to this code's head revision."""
    revision = schema_revision(engine)
    if revision is None:
        raise DatabaseNotReady(NOT_SET_UP)
    if revision != head_revision():
        known = {script.revision for script in _scripts().walk_revisions()}
        raise DatabaseNotReady(OUTDATED if revision in known else NEWER)
