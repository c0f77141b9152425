"""The command imports a subcommand's module, and what it needs, only when that subcommand runs.

Each case runs the command in a fresh interpreter and lists the modules it imported: the test process
itself has SQLAlchemy and the rest loaded already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs the command in-process, then prints which of the watched modules were imported.
PROBE = """
import json, sys
sys.argv = ["parkwatch", *json.loads(sys.argv[1])]
from parkwatch.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
roots = {name.split(".")[0] for name in sys.modules}
print(json.dumps({
    "code": code,
    "external": sorted(roots & {"sqlalchemy", "alembic", "bcrypt", "scrapy", "numpy", "cv2", "pandas", "streamlit"}),
    "project": sorted(
        n for n in sys.modules if n.startswith(("parkwatch.cli.", "parkwatch.store", "ocr", "crawler", "demo"))
    ),
}), file=sys.stderr)
"""


def _imports(*args: str, tmp_path: Path) -> dict[str, Any]:
    env = {**os.environ, "PARKWATCH_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    seen: dict[str, Any] = json.loads(done.stderr.strip().splitlines()[-1])
    return seen


def test_tariff_fee_answers_without_storage_hasher_crawler_or_ocr(tmp_path: Path) -> None:
    seen = _imports("tariff", "fee", "首小时5元，之后每小时2元", "--minutes", "90", tmp_path=tmp_path)
    assert seen["code"] in (0, None)
    assert seen["external"] == []
    assert seen["project"] == ["parkwatch.cli.tariff"]


def test_the_top_level_help_imports_no_command_module(tmp_path: Path) -> None:
    seen = _imports("--help", tmp_path=tmp_path)
    assert seen["code"] in (0, None)
    assert seen["project"] == [] and seen["external"] == []


def test_the_password_hasher_loads_only_in_the_commands_that_hash_passwords(tmp_path: Path) -> None:
    upgrade = _imports("db", "upgrade", tmp_path=tmp_path)
    assert upgrade["code"] in (0, None)
    assert "sqlalchemy" in upgrade["external"] and "bcrypt" not in upgrade["external"]
    users = _imports("users", "list", tmp_path=tmp_path)
    assert users["code"] in (0, None)
    assert "bcrypt" in users["external"]


@pytest.mark.parametrize(
    ("args", "module"),
    [(("audit", "--help"), "parkwatch.cli.audit"), (("campaign", "--help"), "parkwatch.cli.report")],
)
def test_a_command_imports_its_own_module_and_no_other_command(
    args: tuple[str, ...], module: str, tmp_path: Path
) -> None:
    seen = _imports(*args, tmp_path=tmp_path)
    assert [name for name in seen["project"] if name.startswith("parkwatch.cli.")] == [module]
