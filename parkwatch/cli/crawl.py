"""`parkwatch crawl [--sources DIR] [SOURCE...]`: crawl web / API sources (data/sources/*.yaml, or DIR)
in a child process. A malformed definition is named and skipped; the other sources run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape  # data (names from crawled pages, YAML errors) prints as text

from parkwatch.cli._output import console as make_console

if TYPE_CHECKING:
    from rich.console import Console

    from crawler.runner import CrawlResult
    from crawler.sources import SourceDefinition

app = typer.Typer()


def _list_sources(console: Console, known: dict[str, SourceDefinition], broken: dict[str, str]) -> None:
    from rich.table import Table

    table = Table("key", "名称 name", "城市 city", "类型 kind", "计划 schedule", "演示 demo")
    for key, s in known.items():
        sched = s.schedule.cron or f"every {s.schedule.interval_minutes} min"
        table.add_row(
            escape(key), escape(s.name), s.city or "（页面 per page）", s.kind, sched, "是" if s.is_demo else ""
        )
    for file in broken:
        table.add_row(escape(file), "[red]定义有误 broken[/red]", "", "", "", "")
    console.print(table)
    _print_broken(console, broken)


def _print_broken(console: Console, broken: dict[str, str]) -> None:
    for file, reason in broken.items():
        console.print(
            f"[red]数据源定义有误，已跳过 bad source definition, skipped:[/red] {escape(file)}: {escape(reason)}",
            soft_wrap=True,
        )


def _chosen(
    console: Console, sources: list[str] | None, demo: bool, known: dict[str, SourceDefinition], broken: dict[str, str]
) -> list[str]:
    chosen = list(sources or [])
    if demo:
        from demo.portal import DEMO_SOURCES

        chosen = chosen or list(DEMO_SOURCES)
    chosen = chosen or list(known)
    named_broken = {f: why for f, why in broken.items() if f.removesuffix(".yaml") in chosen}
    if named_broken:
        _print_broken(console, named_broken)
        raise typer.Exit(2)
    unknown = [s for s in chosen if s not in known]
    if unknown:
        console.print(
            f"[red]未知数据源 unknown source(s):[/red] {', '.join(unknown)} "
            f"(已知 known: {', '.join(known) or '无 none'})"
        )
        raise typer.Exit(2)
    return chosen


def _run(
    console: Console,
    chosen: list[str],
    base_url: str | None,
    demo: bool,
    cache: bool,
    log_dir: Path | None,
    sources_dir: Path | None = None,
) -> list[CrawlResult]:
    """Run the crawls with a live status line; with --demo, serve the demo portal around them."""
    from crawler.runner import run_crawl
    from parkwatch.settings import get_settings

    def show(event: dict[str, Any]) -> None:
        status.update(
            f"[bold]{event.get('source')}[/bold] 已抓取 items {event.get('items', 0)} · "
            f"已存储 stored {event.get('stored', 0)} · 错误 errors {event.get('errors', 0)}"
        )

    settings = {"HTTPCACHE_ENABLED": 1} if cache else {}
    server = None
    if demo:
        from demo.portal_server import DemoServer

        server = DemoServer()
        base_url = server.start()
        console.print(f"演示门户 demo portal (演示数据): {base_url}/lots/page-1.html")
    try:
        with console.status("抓取中 crawling…") as status:
            return run_crawl(
                chosen,
                db_url=get_settings().db_url,
                base_url=base_url,
                settings=settings,
                on_progress=show,
                log_dir=log_dir,
                sources_dir=sources_dir,
            )
    finally:
        if server is not None:
            server.stop()


def _report(console: Console, results: list[CrawlResult]) -> None:
    from rich.table import Table

    table = Table(
        "数据源 source",
        "状态 status",
        "条目 items",
        "有效 valid",
        "已存储 stored",
        "价格版本 versions",
        "价格变化 changes",
        "未匹配 unmatched",
        "未公示 no price",
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
            str(r.unmatched),
            str(r.no_price),
            str(r.errors),
            f"{r.seconds:.1f}",
        )
    console.print(table)
    for r in results:
        console.print(escape(r.line()), soft_wrap=True)
        for note in r.notes():
            console.print(escape(note), soft_wrap=True)  # names crawled pages gave
    for r in results:
        if r.status != "ok":
            reason = (r.detail.get("problems") if r.detail else None) or r.log_tail.strip()[-500:]
            console.print(f"[red]抓取失败 failed run[/red] {escape(r.source)}: {escape(str(reason))}")


@app.command("crawl")
def crawl_command(
    sources: list[str] | None = typer.Argument(None, help="数据源 source keys (default: all sources)"),
    sources_dir: Path | None = typer.Option(
        None, "--sources", help="数据源定义目录 read the source definitions from DIR (default data/sources)"
    ),
    base_url: str | None = typer.Option(None, "--base-url", help="替换数据源网址 override the sources' base URL"),
    demo: bool = typer.Option(False, "--demo", help="在本机提供演示门户并抓取 serve and crawl the demo portal"),
    cache: bool = typer.Option(False, "--cache", help="使用 Scrapy 的 HTTP 缓存 use Scrapy's HTTP cache (development)"),
    list_only: bool = typer.Option(False, "--list", help="列出并校验数据源后退出 list and check the sources, exit"),
    log_dir: Path | None = typer.Option(
        None, "--log-dir", help="每次抓取的 Scrapy 日志目录 write each crawl's log here"
    ),
) -> None:
    """抓取网站/接口公示的停车收费标准 — crawl posted parking prices (runs Scrapy in a separate process).

    定义有误的数据源会被列出并跳过，其余照常抓取 — a malformed definition is named and skipped, the others run.

    退出状态 exit status:
    0 全部成功 every run ok;
    1 有抓取失败，或有定义有误的数据源被跳过 a run failed, or a bad definition was skipped (--list: one is bad);
    2 指定的数据源未知或定义有误、目录不存在 a named source is unknown or bad, or DIR does not exist.
    """
    from crawler.sources import load_folder

    console = make_console()
    if sources_dir is not None and not sources_dir.is_dir():
        console.print(f"[red]数据源目录不存在 no such folder:[/red] {sources_dir}")
        raise typer.Exit(2)
    known, broken = load_folder(sources_dir)
    if list_only:
        _list_sources(console, known, broken)
        raise typer.Exit(1 if broken else 0)
    chosen = _chosen(console, sources, demo, known, broken)
    results = _run(console, chosen, base_url, demo, cache, log_dir, sources_dir)
    _report(console, results)
    skipped = {} if sources else broken  # naming sources runs only those: the others are not this run's
    _print_broken(console, skipped)
    if skipped or any(r.status != "ok" for r in results):
        raise typer.Exit(1)
