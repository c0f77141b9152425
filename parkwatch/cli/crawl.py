"""`parkwatch crawl [SOURCE...]`: crawl web / API sources (data/sources/*.yaml) in a child process."""

from __future__ import annotations

from pathlib import Path

import typer


def crawl_command(
    sources: list[str] = typer.Argument(None, help="source keys (default: all sources)"),
    base_url: str = typer.Option(None, "--base-url", help="override the sources' base URL"),
    demo: bool = typer.Option(False, "--demo", help="serve the demo portal locally and crawl the demo sources"),
    cache: bool = typer.Option(False, "--cache", help="use Scrapy's HTTP cache (development)"),
    list_only: bool = typer.Option(False, "--list", help="list the sources and exit"),
    log_dir: Path = typer.Option(None, "--log-dir", help="write each crawl's Scrapy log here"),
) -> None:
    """抓取网站/接口公示的停车收费标准 — crawl posted parking prices (runs Scrapy in a separate process)."""
    from rich.console import Console
    from rich.table import Table

    from crawler.sources import SourceError, load_sources
    from parkwatch.settings import get_settings

    console = Console()
    try:
        known = load_sources()
    except SourceError as exc:
        console.print(f"[red]数据源定义有误 bad source definition:[/red] {exc}")
        raise typer.Exit(2) from None
    if list_only:
        table = Table("key", "名称 name", "类型 kind", "计划 schedule", "演示 demo")
        for key, s in known.items():
            sched = s.schedule.cron or f"every {s.schedule.interval_minutes} min"
            table.add_row(key, s.name, s.kind, sched, "是" if s.is_demo else "")
        console.print(table)
        return
    chosen = list(sources or [])
    if demo:
        from demo.portal import DEMO_SOURCES

        chosen = chosen or list(DEMO_SOURCES)
    chosen = chosen or list(known)
    unknown = [s for s in chosen if s not in known]
    if unknown:
        console.print(
            f"[red]未知数据源 unknown source(s):[/red] {', '.join(unknown)} "
            f"(已知 known: {', '.join(known) or '无 none'})"
        )
        raise typer.Exit(2)

    from crawler.runner import run_crawl

    counts = {"items": 0, "stored": 0, "errors": 0}

    def show(event: dict) -> None:
        counts.update({k: event.get(k, 0) for k in counts})
        status.update(
            f"[bold]{event.get('source')}[/bold] 已抓取 items {event.get('items', 0)} · "
            f"已存储 stored {event.get('stored', 0)} · 错误 errors {event.get('errors', 0)}"
        )

    settings = {"HTTPCACHE_ENABLED": 1} if cache else {}
    db_url = get_settings().db_url
    server = None
    if demo:
        from demo.portal_server import DemoServer

        server = DemoServer()
        base_url = server.start()
        console.print(f"演示门户 demo portal (演示数据): {base_url}/lots/page-1.html")
    try:
        with console.status("抓取中 crawling…") as status:
            results = run_crawl(
                chosen, db_url=db_url, base_url=base_url, settings=settings, on_progress=show, log_dir=log_dir
            )
    finally:
        if server is not None:
            server.stop()
    table = Table(
        "数据源 source",
        "状态 status",
        "条目 items",
        "有效 valid",
        "已存储 stored",
        "价格版本 versions",
        "价格变化 changes",
        "错误 errors",
        "秒 s",
    )
    for r in results:
        colour = "green" if r.status == "ok" else "red"
        table.add_row(
            r.source,
            f"[{colour}]{r.status}[/{colour}]",
            str(r.items),
            str(r.valid),
            str(r.stored),
            str(r.price_versions),
            str(r.price_changes),
            str(r.errors),
            f"{r.seconds:.1f}",
        )
    console.print(table)
    for r in results:
        console.print(r.line(), soft_wrap=True)
    failed = [r for r in results if r.status != "ok"]
    for r in failed:
        reason = (r.detail.get("problems") if r.detail else None) or r.log_tail.strip()[-500:]
        console.print(f"[red]抓取失败 failed run[/red] {r.source}: {reason}")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_command)
