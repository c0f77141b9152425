"""A database that was never set up, or is older than the code, gives one clear sentence on the command
line (exit status 2), never a raw "no such table"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from parkwatch.store.db.engine import make_engine
from parkwatch.store.db.migrate import NOT_SET_UP, OUTDATED, DatabaseNotReady, check_schema, upgrade

ROOT = Path(__file__).resolve().parents[2]


def _parkwatch(db_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARKWATCH_DATA_DIR": str(tmp_path / "data"), "PARKWATCH_DB_URL": db_url}
    return subprocess.run(
        [sys.executable, "-m", "parkwatch", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("args", [("stats",), ("check",), ("inspection", "confirm", "1"), ("users", "list")])
def test_a_command_on_a_database_never_set_up_says_what_to_run(db_url: str, tmp_path: Path, args) -> None:
    done = _parkwatch(db_url, tmp_path, *args)
    assert done.returncode == 2, done.stderr
    assert "数据库尚未初始化：请运行 `parkwatch db upgrade` 或 `parkwatch demo`" in done.stderr
    assert "Traceback" not in done.stderr and "no such table" not in done.stderr and "UndefinedTable" not in done.stderr


def test_a_database_older_than_the_code_is_told_to_upgrade(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url, "0005")
    done = _parkwatch(db_url, tmp_path, "check")
    assert done.returncode == 2 and OUTDATED in done.stderr, done.stderr
    engine = make_engine(db_url)
    with pytest.raises(DatabaseNotReady, match="parkwatch db upgrade"):
        check_schema(engine)
    engine.dispose()
    upgrade(db_url)
    engine = make_engine(db_url)
    check_schema(engine)  # at head: nothing to say
    engine.dispose()


def test_the_dashboard_command_refuses_to_start_on_a_database_never_set_up(tmp_path: Path) -> None:
    done = _parkwatch(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path, "dashboard", "--port", "8599")
    assert done.returncode == 2 and NOT_SET_UP in done.stderr, done.stderr
