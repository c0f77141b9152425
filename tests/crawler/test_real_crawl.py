"""Real crawls over HTTP: the demo portal served by the test, `scrapy crawl` in a child process.

Scrapy's Twisted reactor cannot be restarted inside one process, so every crawl is a subprocess
(`crawler.runner.run_crawl`), exactly as `parkwatch crawl` runs it. Uses the real board reader,
tariff reader and fee grid.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from sqlalchemy import func, select

from crawler.runner import run_crawl
from crawler.snapshot import snapshot_path
from demo.city import demo_lots, lot_row
from demo.portal_server import DemoServer
from demo.portal_site import load_manifest
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Evidence, Lot, Observation, PriceVersion, Source, SourceRun

pytestmark = pytest.mark.slow
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)  # stored instants read back as aware UTC


def _seed_demo_lots(engine) -> dict[str, int]:
    """The demo city's lots that the portal or the app shows (as the demo city step stores them)."""
    manifest = load_manifest()
    wanted = {info["key"] for info in manifest["pages"].values()} | set(manifest["api"])
    ids = {}
    with write_session(engine) as s:
        for lot in demo_lots():
            if lot.key in wanted:
                row = Lot(**lot_row(lot, NOW))
                s.add(row)
                s.flush()
                ids[lot.key] = row.id
    return ids


def _count(engine, model, *where) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_a_real_crawl_stores_the_portal_obeys_robots_and_versions_only_real_price_changes(sqlite_engine) -> None:
    engine = sqlite_engine
    lot_ids = _seed_demo_lots(engine)
    pages = load_manifest()["pages"]
    with DemoServer() as server:
        # no delay of our own: only the portal's robots.txt Crawl-delay (0.2 s) may space the requests
        (first,) = run_crawl(
            ["demo_portal"],
            db_url=_url(engine),
            base_url=server.url,
            settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False},
        )
        assert first.status == "ok", first.log_tail
        paths = server.requested_paths()

        # what was stored: every lot page, matched to its demo-city lot, with a page snapshot; the two
        # 暂未公示 pages are recorded as "no price posted" (the source's no_price_markers), not as failed
        # items: only the page whose layout changed is invalid
        assert (first.items, first.stored, first.valid, first.no_price) == (30, 30, 29, 2)
        no_price_names = sorted(i["name"] for i in pages.values() if i["role"] == "no_price")
        assert sorted(first.detail["no_price_names"]) == no_price_names and len(no_price_names) == 2
        with read_session(engine) as s:
            observations = s.scalars(select(Observation)).all()
            by_url = {o.url.rsplit("/", 2)[-2] + "/" + o.url.rsplit("/", 1)[-1]: o for o in observations}
            for path, info in pages.items():
                obs = by_url[path]
                if info["role"] == "changed_layout":
                    assert obs.lot_id is None and obs.raw_text is None
                else:
                    assert obs.lot_id == lot_ids[info["key"]] and obs.source_ref == info["key"]
                if info["role"] == "normal":
                    assert obs.tariff is not None and obs.fee_grid_hash, (path, obs.raw_text, obs.board)
                if info["role"] == "no_price":
                    assert obs.tariff is None and "暂未公示" in obs.raw_text
                    assert any(w.startswith("alert:") for w in obs.board["warnings"])
                evidence = s.get(Evidence, obs.evidence_sha256)
                assert snapshot_path(evidence).is_file() and evidence.kind == "page"
        assert _count(engine, PriceVersion) == 27

        # politeness: robots.txt fetched first, the disallowed path never, Crawl-delay kept
        # (Scrapy alone would ignore it: crawler.middlewares.CrawlDelayMiddleware applies it)
        assert paths[0] == "/robots.txt"
        assert not [p for p in paths if p.startswith("/admin/")]
        times = [r.at for r in server.request_log if r.path != "/robots.txt"]
        gaps = [b - a for a, b in pairwise(times)]
        assert min(gaps) >= 0.2 * 0.9, min(gaps)
        assert all("parkwatch" in r.user_agent for r in server.request_log)

        # second crawl of unchanged pages (one 503 on the way, retried): no new price versions
        server.request_log.clear()
        server.fail("/lots/page-2.html", 503)
        (second,) = run_crawl(
            ["demo_portal"], db_url=_url(engine), base_url=server.url, settings={"RETRY_BACKOFF_BASE": 0.2}
        )
        assert second.status == "ok" and second.stored == 30
        assert server.requested_paths().count("/lots/page-2.html") == 2
        assert _count(engine, PriceVersion) == 27 and second.price_versions == 0

        # a page whose prices changed: exactly one new version, for that lot
        path = next(p for p, i in pages.items() if i["role"] == "normal" and i["layout"] == "rows")
        html = server.read_page("/" + path)
        changed = re.sub(
            r"(收费标准：</span><span class=\"v\">[^<]*?)(\d+)元",
            lambda m: f"{m.group(1)}{int(m.group(2)) + 3}元",
            html,
            count=1,
        )
        assert changed != html
        server.set_page("/" + path, changed)
        (third,) = run_crawl(["demo_portal"], db_url=_url(engine), base_url=server.url)
        assert third.status == "ok" and third.price_changes == 1
        lot_id = lot_ids[pages[path]["key"]]
        assert _count(engine, PriceVersion) == 28
        assert _count(engine, PriceVersion, PriceVersion.lot_id == lot_id) == 2
    with read_session(engine) as s:
        source = s.scalar(select(Source).where(Source.key == "demo_portal"))
        assert (source.last_status, source.last_items) == ("ok", 30)
        runs = s.scalars(select(SourceRun).order_by(SourceRun.id)).all()
    assert [(r.status, r.items, r.valid_items) for r in runs] == [("ok", 30, 29)] * 3
    assert all("暂未公示价格 no price posted ×2" in (r.message or "") for r in runs)


def test_a_crawl_that_gets_only_server_errors_is_a_failed_run_in_source_health(sqlite_engine) -> None:
    engine = sqlite_engine
    with DemoServer() as server:
        server.fail_always("*", 500)
        (result,) = run_crawl(
            ["demo_portal"],
            db_url=_url(engine),
            base_url=server.url,
            settings={"RETRY_TIMES": 1, "RETRY_BACKOFF_BASE": 0.1},
        )
        assert server.requested_paths().count("/lots/page-1.html") == 2  # tried, retried, gave up
    assert result.status == "failed" and result.items == 0 and result.errors >= 1
    with read_session(engine) as s:
        source = s.scalar(select(Source).where(Source.key == "demo_portal"))
        run = s.scalars(select(SourceRun)).one()
    assert (source.last_status, source.last_items) == ("failed", 0) and source.last_errors >= 1
    assert run.status == "failed" and "no items" in run.message


def test_the_demo_step_crawls_the_portal_and_the_app_api(sqlite_engine) -> None:
    from demo.portal import run_demo_crawl

    _seed_demo_lots(sqlite_engine)
    line = run_demo_crawl(sqlite_engine, NOW)
    assert "demo_portal 正常(ok)" in line and "demo_app_api 正常(ok)" in line, line
    with read_session(sqlite_engine) as s:
        api = s.scalar(select(Source).where(Source.key == "demo_app_api"))
        api_obs = s.scalars(select(Observation).where(Observation.source_id == api.id)).all()
    assert len(api_obs) == 12 and all(o.lot_id is not None for o in api_obs)
    assert all(o.captured_at == NOW for o in api_obs)  # the demo's `now` pins capture times
