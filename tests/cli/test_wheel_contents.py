"""A plain `pip install .` can migrate a database and runs outside a checkout: the wheel carries the Alembic
scripts and the reference data (standards, source definitions, demo sites, map outlines). An editable
install (`make setup`) prints nothing and copies nothing: it puts the checkout on the path.

The wheel is built from a copy of the sources (so the build leaves nothing in the work tree), with
pip's ordinary build isolation; the build log must hold no warning from the build backend. It is then installed
without its dependencies into a folder that a fresh virtual environment puts first on its path (the
dependencies come from the project's environment, whose editable install of this checkout stays out),
and the command is run from a temporary folder outside the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from parkwatch.core.reference import NAMES

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("parkwatch", "crawler", "ocr", "dashboard", "demo")
MIGRATIONS = "parkwatch/store/db/migrations"
NO_CACHE = shutil.ignore_patterns("__pycache__", "*.pyc")
# what pip itself says about this machine's package indexes: no part of the build
PIP_INDEX_NOTICE = "WARNING: Location 'file:"


def copy_of_the_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", ".gitignore", ".streamlit/config.toml"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=NO_CACHE)
    for name in NAMES:
        shutil.copytree(ROOT / "data" / name, source / "data" / name, ignore=NO_CACHE)
    return source


def warnings_in(log: str) -> list[str]:
    return [line for line in log.splitlines() if "warn" in line.lower() and PIP_INDEX_NOTICE not in line]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel and its build log."""
    source = copy_of_the_sources(tmp_path_factory)
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
    return path, built.stdout + built.stderr


@pytest.fixture(scope="module")
def wheel(built: tuple[Path, str]) -> tuple[list[str], str, str]:
    path, log = built
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        return names, archive.read(entry_points).decode("utf-8"), log


@pytest.fixture(scope="module")
def installed(built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the python of an environment with the wheel installed, a working folder outside the checkout)."""
    path, _ = built
    root = tmp_path_factory.mktemp("installed")
    target, venv = root / "site", root / "venv"
    run = dict(capture_output=True, text=True, timeout=300, check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", target, path], **run)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], **run)
    python = venv / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([python, "-c", purelib], **run).stdout.strip())
    # a .pth line puts a folder on the path without running that folder's .pth files (the editable install)
    deps = subprocess.run([sys.executable, "-c", purelib], **run).stdout.strip()
    (site / "parkwatch-wheel-test.pth").write_text(f"{target}\n{deps}\n", encoding="utf-8")
    outside = root / "work"
    outside.mkdir()
    where = subprocess.run([python, "-c", "import parkwatch; print(parkwatch.__file__)"], cwd=outside, **run)
    assert Path(where.stdout.strip()).is_relative_to(target)
    return python, outside


def parkwatch(installed: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, run from the folder outside the checkout with no PARKWATCH_* setting."""
    python, outside = installed
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKWATCH_") and k != "PYTHONPATH"}
    return subprocess.run(
        [python, "-m", "parkwatch", *args],
        cwd=outside,
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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
def test_building_the_wheel_prints_no_warning(wheel: tuple[list[str], str, str]) -> None:
    _, _, log = wheel
    assert "Building wheel for parkwatch" in log
    assert warnings_in(log) == []


@pytest.mark.slow
def test_an_editable_install_prints_nothing_and_puts_the_checkout_on_the_path(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    source = copy_of_the_sources(tmp_path_factory)
    venv = tmp_path_factory.mktemp("editable") / "venv"
    run = dict(capture_output=True, text=True, timeout=600, check=False)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], **run)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "-e", str(source)]
    done = subprocess.run(pip, **run)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert warnings_in(done.stdout + done.stderr) == []
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([python, "-c", purelib], **run).stdout.strip())
    # no copy of the reference data (or of anything else) beside the checkout it points at
    assert not (site / "parkwatch").exists()
    where = subprocess.run([python, "-c", "import parkwatch; print(parkwatch.__file__)"], cwd=venv, **run)
    assert Path(where.stdout.strip()).is_relative_to(source), where.stderr[-2000:]


def test_the_build_ships_the_reference_data_the_command_reads() -> None:
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]
    included = wheel["wheel"]["only-include"]
    assert [p for p in included if "/" not in p] == list(PACKAGES)
    assert [p.removeprefix("data/") for p in included if p.startswith("data/")] == list(NAMES)
    assert wheel["wheel"]["sources"]["data"] == "parkwatch/reference"


@pytest.mark.slow
def test_the_wheel_carries_the_dashboard_settings_where_the_installed_command_runs_streamlit(
    built: tuple[Path, str], installed: tuple[Path, Path]
) -> None:
    path, _ = built
    with zipfile.ZipFile(path) as archive:
        shipped = archive.read("dashboard/.streamlit/config.toml")
    assert shipped == (ROOT / ".streamlit" / "config.toml").read_bytes()
    python, outside = installed
    folder = "from parkwatch.cli.dashboard import STREAMLIT_FOLDER as f; print(f)"
    done = subprocess.run([python, "-c", folder], cwd=outside, capture_output=True, text=True, timeout=120, check=True)
    assert (Path(done.stdout.strip()) / ".streamlit" / "config.toml").read_bytes() == shipped


@pytest.mark.slow
def test_the_wheel_carries_the_reference_data_the_command_reads(wheel: tuple[list[str], str, str]) -> None:
    names, _, _ = wheel
    expected = sorted(
        "parkwatch/reference/" + p.relative_to(ROOT / "data").as_posix()
        for name in NAMES
        for p in (ROOT / "data" / name).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert "parkwatch/reference/standards/jurisdictions.yaml" in expected
    assert [name for name in expected if name not in names] == []
    assert not [name for name in names if name.startswith(("data/", "parkwatch/reference/evidence"))]


@pytest.mark.slow
def test_the_installed_command_judges_a_text_by_the_packaged_standards(installed: tuple[Path, Path]) -> None:
    # a bare price is an error only where a standard in force requires the unit (PD002): no standards, exit 2
    done = parkwatch(installed, "audit", "--json", "--on", "2026-11-01", "收费标准：5元")
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "PD002" in [f["rule"] for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]


@pytest.mark.slow
def test_the_installed_command_lists_the_packaged_sources_with_their_cities(installed: tuple[Path, Path]) -> None:
    # each source's city must be a jurisdiction of the standards: without them every definition is "broken"
    done = parkwatch(installed, "crawl", "--list")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    keys = sorted(p.stem for p in (ROOT / "data" / "sources").glob("*.yaml"))
    assert keys and all(key in done.stdout for key in keys)
    assert "broken" not in done.stdout


@pytest.mark.slow
def test_the_installed_command_migrates_a_new_database_to_the_newest_schema(installed: tuple[Path, Path]) -> None:
    done = parkwatch(installed, "db", "upgrade")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    _, outside = installed
    database = outside / "data" / "parkwatch.db"  # the default outside a checkout: data/ of the current folder
    assert str(database) in done.stdout
    heads = [p.stem.split("_")[0] for p in (ROOT / MIGRATIONS / "versions").glob("[0-9]*.py")]
    with sqlite3.connect(database) as db:
        [(version,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert version == max(heads)
    assert {"lots", "observations", "findings"} <= tables
