"""Storage: SQLAlchemy models, engines and sessions, Alembic migrations."""

from parkwatch.store.db.engine import get_engine, make_engine, read_session, write_session
from parkwatch.store.db.migrate import upgrade

__all__ = ["get_engine", "make_engine", "read_session", "upgrade", "write_session"]
