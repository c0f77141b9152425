"""A throwaway PostgreSQL server from Debian's package, for the tests (tests/conftest.py) and the
benchmarks: `initdb` into a temporary folder, `pg_ctl start` on a free port (as the `postgres` user when
run as root), stopped and removed afterwards."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.testing import free_port  # the one free-port helper of the tests and benchmarks


def pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL programs (the newest version installed), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


@contextmanager
def throwaway_server(bindir: Path, *, fsync: bool = False) -> Iterator[str]:
    """A fresh server; yields the URL of its `postgres` database (SQLAlchemy + psycopg)."""
    root = Path(tempfile.mkdtemp(prefix="parkwatch-pg-"))
    datadir, sockdir = root / "data", root / "sock"
    sockdir.mkdir()
    as_root = os.geteuid() == 0
    if as_root:  # initdb and postgres refuse to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sockdir, "postgres")
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    port = free_port()
    initdb = [str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
    subprocess.run([*prefix, *initdb, "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
    log = root / "server.log"
    if as_root:
        log.touch()
        shutil.chown(log, "postgres")
    options = f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync={'on' if fsync else 'off'}"
    start = [str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(log), "-w", "-o", options, "start"]
    subprocess.run([*prefix, *start], check=True, stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"]
        subprocess.run([*prefix, *stop], stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str, name: str | None = None) -> str:
    """A new, empty database on the server; its URL."""
    import sqlalchemy as sa

    name = name or f"t{os.getpid()}_{time.monotonic_ns()}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(server_url: str, url: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()
