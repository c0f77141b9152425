"""A plain `pip install .` can migrate a database: the wheel carries the Alembic scripts.

The wheel is built from a copy of the sources (so the build leaves no `build/` in the work tree), with
pip's ordinary build isolation; the build log must hold no setuptools warning.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("parkwatch", "crawler", "ocr", "dashboard", "demo")
MIGRATIONS = "parkwatch/store/db/migrations"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str, str]:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [path] = out.glob("parkwatch-*.whl")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        return names, archive.read(entry_points).decode("utf-8"), built.stdout + built.stderr


@pytest.mark.slow
def test_the_wheel_carries_every_migration_and_the_alembic_template(wheel: tuple[list[str], str, str]) -> None:
    names, _, _ = wheel
    expected = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / MIGRATIONS).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert f"{MIGRATIONS}/script.py.mako" in expected and f"{MIGRATIONS}/env.py" in expected
    assert any(name.startswith(f"{MIGRATIONS}/versions/0001_") for name in expected)
    assert [name for name in expected if name not in names] == []


@pytest.mark.slow
def test_the_wheel_carries_the_command_and_its_entry_point(wheel: tuple[list[str], str, str]) -> None:
    names, entry_points, _ = wheel
    assert "parkwatch/cli/__init__.py" in names and "parkwatch/__main__.py" in names
    assert "parkwatch = parkwatch.cli:main" in entry_points


@pytest.mark.slow
def test_building_the_wheel_prints_no_setuptools_warning(wheel: tuple[list[str], str, str]) -> None:
    _, _, log = wheel
    for warning in ("SetuptoolsDeprecationWarning", "SetuptoolsWarning", "absent from the `packages`"):
        assert warning not in log
