"""`parkwatch demo [--no-dashboard]`."""

from __future__ import annotations

from datetime import datetime

import typer

from demo.build import build_demo
from parkwatch.cli.dashboard import run_dashboard
from parkwatch.store.db.engine import get_engine


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        no_dashboard: bool = typer.Option(False, "--no-dashboard", help="build the demo database and exit"),
        port: int = typer.Option(8501, help="dashboard port"),
    ) -> None:
        """Build the demo database (generated Yueyang data, labelled demo) and serve the dashboard."""
        build_demo(get_engine(), now=datetime.now())
        if not no_dashboard:
            typer.echo(f"仪表板 dashboard: http://localhost:{port}")
            raise typer.Exit(run_dashboard(port))
