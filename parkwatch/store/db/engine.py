"""Engines and sessions.

SQLite (the embedded default) is opened in WAL mode with foreign keys on and a busy timeout, and
every write transaction starts with `BEGIN IMMEDIATE`: with a plain deferred BEGIN two writers can
both read, then one fails to upgrade its lock with "database is locked". Reads use `read_session()`,
which begins deferred so readers never wait for writers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

import parkwatch.store.audit_chain  # registers the audit trail's hash chain (every AuditEvent insert)
import parkwatch.store.db.guards  # noqa: F401 - registers the append-only ORM guard (finding_evidence, audit_events)
from parkwatch.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str | None = None, *, pre_ping: bool = True) -> Engine:
    """An engine for `url`. `pre_ping=False` (PostgreSQL only) skips the round trip that tests a pooled
    connection before each use (six on a lot page): for callers that run a read again once when its
    connection turns out dropped (the dashboard's `_read`); SQLAlchemy then discards every pooled
    connection older than the failure, so a restarted server costs one retry. Such connections are also
    replaced after `POOL_RECYCLE_S`, before a firewall or server drops them idle."""
    url = url or get_settings().db_url
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    if pre_ping:
        return create_engine(url, pool_pre_ping=True)
    return create_engine(url, pool_recycle=POOL_RECYCLE_S)


POOL_RECYCLE_S = 1800  # without pre-ping: a pooled connection is replaced at checkout after this long


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


@lru_cache(maxsize=8)
def get_engine(url: str | None = None, *, pre_ping: bool = True) -> Engine:
    """One engine per URL (and pre-ping choice, see `make_engine`) per process."""
    return make_engine(url or get_settings().db_url, pre_ping=pre_ping)


@lru_cache(maxsize=16)
def _session_factory(engine: Engine, *, read_only: bool) -> sessionmaker[Session]:
    # made once per engine: a sessionmaker makes a Session subclass, whose event set-up was 7 % of a
    # dashboard page's script run when made for every query
    bind = engine.execution_options(sqlite_begin="DEFERRED") if read_only else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def write_session(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commits on success, rolls back everything on any error (no half records)."""
    session = _session_factory(engine or get_engine(), read_only=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_session(engine: Engine | None = None) -> Iterator[Session]:
    session = _session_factory(engine or get_engine(), read_only=True)()
    try:
        yield session
    finally:
        # close() ends the transaction and detaches the rows without expiring them, so what was
        # read stays readable after the block
        session.close()
