"""The demo's second city, Zhuzhou (株洲, 演示数据): its generated portal served locally and crawled with one
YAML (`data/sources/demo_zhuzhou.yaml`), which creates its 12 lots in city `zhuzhou` — so the dashboard's
city choice, the per-city totals and the rules per jurisdiction have two cities to show.

Zhuzhou has no standards folder of its own (no Zhuzhou approval or city standard was found in public
sources): its lots are judged by the Hunan measures (docs/cities.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from crawler.runner import CrawlResult, run_crawl
from demo.portal_server import DemoServer
from demo.portal_zhuzhou import ZHUZHOU_SITE_DIR

ZHUZHOU_SOURCE = "demo_zhuzhou"


def crawl_zhuzhou(engine: Engine, now: datetime | None = None) -> CrawlResult:
    url = engine.url.render_as_string(hide_password=False)
    settings = {"PARKWATCH_NOW": now.replace(tzinfo=None).isoformat()} if now is not None else {}
    with DemoServer(ZHUZHOU_SITE_DIR) as server:
        (result,) = run_crawl([ZHUZHOU_SOURCE], db_url=url, base_url=server.url, settings=settings)
    return result


def build_second_city(engine: Engine, now: datetime) -> str:
    """`parkwatch demo` step: one line (Chinese first, English beside)."""
    result = crawl_zhuzhou(engine, now)
    status = "正常" if result.status == "ok" else "失败"
    return (
        f"株洲演示门户 Zhuzhou demo portal: {result.stored} 条观测 observations, 暂未公示 no price {result.no_price}, "
        f"{result.price_versions} 个价格版本 price versions; {result.source} {status}({result.status})"
    )
