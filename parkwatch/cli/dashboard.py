"""`parkwatch dashboard`: serve the Streamlit app."""

from __future__ import annotations

import os
import subprocess
import sys

import typer

from parkwatch.core.reference import in_checkout
from parkwatch.settings import PROJECT_ROOT

app = typer.Typer()
# Streamlit reads .streamlit/config.toml (the public dashboard's hardening) in the folder it runs in: the
# checkout's root, or installed, the dashboard package, where the wheel puts a copy (pyproject.toml)
STREAMLIT_FOLDER = PROJECT_ROOT if in_checkout() else PROJECT_ROOT / "dashboard"


def run_dashboard(port: int = 8501, headless: bool = True) -> int:
    """Start Streamlit on dashboard/app.py in a child process and wait for it."""
    app_path = PROJECT_ROOT / "dashboard" / "app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
    ]
    return subprocess.call(command, cwd=STREAMLIT_FOLDER, env=os.environ.copy())


@app.command("dashboard")
def dashboard_command(port: int = typer.Option(8501, "--port", help="端口 port to serve on")) -> None:
    """打开仪表板 — serve the dashboard at http://localhost:PORT (exit status: Streamlit's).

    A database that is not set up (or is older than this parkwatch) is refused first, with one sentence
    saying what to run (exit status 2)."""
    from parkwatch.store.db.engine import get_engine
    from parkwatch.store.db.migrate import check_schema

    check_schema(get_engine())  # DatabaseNotReady: `parkwatch.cli.main` prints its sentence
    raise typer.Exit(run_dashboard(port))
