"""`parkwatch demo [--no-dashboard]`: the only command that imports `demo` (the generated data)."""

from __future__ import annotations

import typer

app = typer.Typer()


@app.command("demo")
def demo_command(
    no_dashboard: bool = typer.Option(
        False, "--no-dashboard", help="只生成演示数据库 build the demo database and exit"
    ),
    port: int = typer.Option(8501, "--port", help="仪表板端口 dashboard port"),
) -> None:
    """生成演示数据库（岳阳，演示数据）并打开仪表板 — build the demo database and serve the dashboard."""
    from demo.build import build_demo
    from parkwatch.cli.dashboard import run_dashboard
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.engine import get_engine

    build_demo(get_engine(), now=utc_now())
    if not no_dashboard:
        typer.echo(f"仪表板 dashboard: http://localhost:{port}")
        raise typer.Exit(run_dashboard(port))
