"""Shared fixtures: databases (SQLite always, a real PostgreSQL server) and real-part gates.

Tests that need a real part (tesseract, PostgreSQL, Chromium) call
`tests.realparts.require_real_part`: in CI a missing part fails the test; elsewhere it skips.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
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
    reset_settings_cache()
    from parkwatch.store.db.engine import get_engine

    get_engine.cache_clear()
    yield
    get_engine.cache_clear()
    reset_settings_cache()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A real PostgreSQL: PARKWATCH_TEST_PG_URL, or a throwaway server from Debian's package."""
    url = os.environ.get("PARKWATCH_TEST_PG_URL")
    if url:
        yield url
        return
    bindir = _pg_bin()
    require_real_part(bindir is not None, "PostgreSQL server (Debian package postgresql)")
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="parkwatch-pg-"))
    datadir, sockdir = root / "data", root / "sock"
    sockdir.mkdir()
    as_root = os.geteuid() == 0
    if as_root:  # initdb and postgres refuse to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sockdir, "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    port = _free_port()
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log = root / "server.log"
    if as_root:
        log.touch()
        shutil.chown(log, "postgres")
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-l",
            str(log),
            "-w",
            "-o",
            f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server for one test."""
    import sqlalchemy as sa

    name = f"t{os.getpid()}_{time.monotonic_ns()}"
    admin = sa.create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = postgres_server_url.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        from parkwatch.store.db.engine import get_engine

        get_engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


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
