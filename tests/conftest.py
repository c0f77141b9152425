"""Shared fixtures: databases (SQLite always, a real PostgreSQL server) and real-part gates.

Tests that need a real part (tesseract, PostgreSQL, Chromium) call
`tests.realparts.require_real_part`: in CI a missing part fails the test; elsewhere it skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from parkwatch.settings import reset_settings_cache
from tests.realparts import require_real_part


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own data folder and SQLite database unless it sets others."""
    monkeypatch.setenv("PARKWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PARKWATCH_DB_URL", raising=False)
    monkeypatch.delenv("PARKWATCH_TIMEZONE", raising=False)  # the tests' city is Yueyang: Asia/Shanghai
    reset_settings_cache()
    from parkwatch.store.db.engine import get_engine

    get_engine.cache_clear()
    yield
    get_engine.cache_clear()
    reset_settings_cache()


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A real PostgreSQL: PARKWATCH_TEST_PG_URL, or a throwaway server from Debian's package."""
    url = os.environ.get("PARKWATCH_TEST_PG_URL")
    if url:
        yield url
        return
    from benchmarks.postgres import pg_bin, throwaway_server

    bindir = pg_bin()
    require_real_part(bindir is not None, "PostgreSQL server (Debian package postgresql)")
    assert bindir is not None
    with throwaway_server(bindir) as server_url:
        yield server_url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server for one test."""
    from benchmarks.postgres import create_database, drop_database

    url = create_database(postgres_server_url)
    try:
        yield url
    finally:
        from parkwatch.store.db.engine import get_engine

        get_engine.cache_clear()
        drop_database(postgres_server_url, url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


def _migrated_default(url: str, monkeypatch: pytest.MonkeyPatch):
    """Migrate the database at `url` and make it the process default for the test."""
    from parkwatch.store.db.engine import get_engine
    from parkwatch.store.db.migrate import upgrade

    monkeypatch.setenv("PARKWATCH_DB_URL", url)
    reset_settings_cache()
    get_engine.cache_clear()
    upgrade(url)
    return get_engine(url)


@pytest.fixture
def engine(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """A migrated database (SQLite and PostgreSQL), also set as the process default."""
    eng = _migrated_default(db_url, monkeypatch)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url: str, monkeypatch: pytest.MonkeyPatch):
    """A migrated SQLite database, set as the process default (for tests of the layers above storage)."""
    eng = _migrated_default(sqlite_url, monkeypatch)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server (Debian's package) on a free port, without persistence; its URL."""
    import shutil

    from benchmarks.workers import throwaway_redis

    require_real_part(shutil.which("redis-server") is not None, "Redis server (Debian package redis-server)")
    with throwaway_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url
