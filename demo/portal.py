"""The demo step: serve the demo portal on localhost and crawl both demo sources into the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from crawler.runner import CrawlResult, run_crawl
from demo.portal_server import DemoServer

DEMO_SOURCES = ("demo_portal", "demo_app_api")


def crawl_demo(
    engine: Engine, now: datetime | None = None, settings: dict[str, Any] | None = None
) -> list[CrawlResult]:
    url = engine.url.render_as_string(hide_password=False)
    extra = dict(settings or {})
    if now is not None:
        extra.setdefault("PARKWATCH_NOW", now.replace(tzinfo=None).isoformat())
    with DemoServer() as server:
        return run_crawl(DEMO_SOURCES, db_url=url, base_url=server.url, settings=extra)


def run_demo_crawl(engine: Engine, now: datetime) -> str:
    """`parkwatch demo` step: returns a one-line summary (Chinese first, English beside)."""
    results = crawl_demo(engine, now)
    stored = sum(r.stored for r in results)
    versions = sum(r.price_versions for r in results)
    status = " · ".join(f"{r.source} {'正常' if r.status == 'ok' else '失败'}({r.status})" for r in results)
    return (
        f"演示门户网站抓取 demo portal crawled: 存储 {stored} 条价格观测 observations, "
        f"{versions} 个价格版本 price versions; {status}"
    )
