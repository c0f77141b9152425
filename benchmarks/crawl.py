"""Benchmark: items stored per second by the parkwatch crawler vs a bare Scrapy spider.

Both crawl the same generated portal (the demo portal, enlarged to 250 lot pages) from one local
DemoServer in the same run, with delays off (no DOWNLOAD_DELAY, no AutoThrottle, Crawl-delay not
honoured; robots.txt still obeyed by both). The bare spider extracts the same fields with the same
selectors and stores nothing; the parkwatch crawl validates (board reader + fee grid hash), matches
lots, stores observations + gzip page snapshots as evidence and price versions in SQLite.

Throughput = items / Scrapy's `elapsed_time_seconds` (spider open → close; process start-up is
excluded). The CPU seconds (user + system) of each whole crawl process, start-up included, are
recorded too, because wall time on the shared machine swings with other people's load. Each repeat
runs a parkwatch first crawl (fresh database), a parkwatch recrawl of the same unchanged pages, then
the bare spider; the reported ratio is the median over repeats of
(parkwatch items/s) / (bare items/s of the same repeat), because load on the shared machine drifts.
Target ratio ≥ 0.5.

Run: `.venv/bin/python -m benchmarks.crawl` → table + benchmarks/results/crawl.json.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "crawl.json"
PAGES = 250
REPEATS = 5
NO_DELAYS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "PARKWATCH_HONOR_CRAWL_DELAY": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


class StatsToFile:
    """Extension: write the crawl's Scrapy stats as JSON to BENCH_STATS_FILE when the spider closes."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("BENCH_STATS_FILE")
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> StatsToFile:
        return cls(crawler)

    def closed(self, spider: Any, reason: str) -> None:
        if self.path:
            stats = {
                k: (v if isinstance(v, int | float | str) else str(v))
                for k, v in self.crawler.stats.get_stats().items()
            }
            Path(self.path).write_text(json.dumps(stats), encoding="utf-8")


class BareSpider(scrapy.Spider):
    """The same pages and fields as `demo_portal`, selectors inlined, no pipelines."""

    name = "bare_demo_portal"

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        settings.set("ITEM_PIPELINES", {}, priority="spider")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.settings.get("PARKWATCH_BASE_URL") + "/lots/page-1.html")

    def parse(self, response: Any, **kwargs: Any) -> Iterator[Any]:
        for href in response.css("ul.lot-list a.lot-link::attr(href)").getall():
            yield response.follow(href, callback=self.parse_lot)
        nxt = response.css("nav.pager a.next-page::attr(href)").get()
        if nxt:
            yield response.follow(nxt, callback=self.parse)

    def parse_lot(self, response: Any) -> Iterator[dict[str, Any]]:
        notice = response.css("article.lot section.price-notice")
        yield {
            "url": response.url,
            "source_ref": response.css("article.lot::attr(data-lot-id)").get(),
            "name": response.css("article.lot h1.lot-name::text").get(),
            "address": response.css("dl.lot-info dd.address::text").get(),
            "district": response.css("dl.lot-info dd.district::text").get(),
            "latitude": response.css("div.lot-map::attr(data-lat)").get(),
            "longitude": response.css("div.lot-map::attr(data-lng)").get(),
            "operator": response.xpath("//dl[@class='lot-info']/dd[@class='operator']/text()").get(),
            "price_text": "\n".join(t.strip() for t in notice.css("::text").getall() if t.strip()),
        }


def _child(args: list[str], settings: dict[str, Any], env: dict[str, str]) -> tuple[float, float]:
    """Run one crawl process: (wall seconds, CPU seconds user+system of the whole process)."""
    cmd = [sys.executable, "-m", "scrapy", *args]
    for k, v in settings.items():
        cmd += ["-s", f"{k}={json.dumps(v) if isinstance(v, dict) else v}"]
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.monotonic() - started, cpu


def _seeded_db(folder: Path) -> Path:
    from demo.city import demo_lots, lot_row
    from parkwatch.store.db.engine import make_engine, write_session
    from parkwatch.store.db.migrate import upgrade
    from parkwatch.store.db.models import Lot

    path = folder / "seed.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    now = datetime(2026, 1, 1)
    with write_session(engine) as s:
        s.add_all(Lot(**lot_row(lot, now)) for lot in demo_lots())
    engine.dispose()
    return path


def _measured(args: list[str], settings: dict[str, Any], env: dict[str, str], stats_file: Path) -> dict[str, float]:
    """One crawl process: its items, Scrapy's crawl seconds, and the process's wall and CPU seconds."""
    wall, cpu = _child(args, {**settings, "BENCH_STATS_FILE": stats_file}, env)
    st = json.loads(stats_file.read_text())
    return {"items": st.get("item_scraped_count", 0), "seconds": st["elapsed_time_seconds"], "wall": wall, "cpu": cpu}


def _crawl_all(work: Path) -> tuple[dict[str, list[dict[str, float]]], int]:
    """REPEATS × (parkwatch first crawl, parkwatch recrawl, bare spider); and how many disallowed paths
    were fetched."""
    from demo.city import demo_lots
    from demo.portal_server import DemoServer
    from demo.portal_site import build_site

    build_site(work / "site", demo_lots(), portal_lots=PAGES)
    seed = _seeded_db(work)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PARKWATCH_DATA_DIR": str(work / "data")}
    rows: dict[str, list[dict[str, float]]] = {"parkwatch": [], "parkwatch_recrawl": [], "bare": []}
    with DemoServer(work / "site") as server:
        common = {**NO_DELAYS, "PARKWATCH_BASE_URL": server.url, "EXTENSIONS": {"benchmarks.crawl.StatsToFile": 0}}
        for i in range(REPEATS):
            # parkwatch: a fresh copy of the seeded database each time (first-crawl work: versions)
            # then a recrawl of the same, unchanged pages into that database (the daily case)
            db = work / f"run{i}.db"
            shutil.copy(seed, db)
            for name in ("parkwatch", "parkwatch_recrawl"):
                settings = {**common, "PARKWATCH_DB_URL": f"sqlite:///{db}"}
                rows[name].append(_measured(["crawl", "demo_portal"], settings, env, work / f"{name}{i}.json"))
            bare = ["runspider", str(Path(__file__).resolve())]
            rows["bare"].append(_measured(bare, common, env, work / f"bare{i}.json"))
        admin_fetched = [p for p in server.requested_paths() if p.startswith("/admin/")]
    return rows, len(admin_fetched)


def _summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    rates = [r["items"] / r["seconds"] for r in runs]
    return {
        "items": runs[0]["items"],
        "items_per_s_median": round(statistics.median(rates), 1),
        "items_per_s": [round(x, 1) for x in rates],
        "crawl_seconds": [round(r["seconds"], 2) for r in runs],
        "process_seconds": [round(r["wall"], 2) for r in runs],
        "process_cpu_seconds": [round(r["cpu"], 2) for r in runs],
        "process_cpu_seconds_median": round(statistics.median(r["cpu"] for r in runs), 2),
    }


def _paired(runs: list[dict[str, float]], bare: list[dict[str, float]]) -> list[float]:
    """The machine is shared, so load drifts: each parkwatch run against the bare run right after it
    (same conditions); the median of these paired ratios is reported."""
    return [(a["items"] / a["seconds"]) / (b["items"] / b["seconds"]) for a, b in zip(runs, bare, strict=True)]


def _result(rows: dict[str, list[dict[str, float]]], admin_fetched: int) -> dict[str, Any]:
    pairs, pairs_recrawl = _paired(rows["parkwatch"], rows["bare"]), _paired(rows["parkwatch_recrawl"], rows["bare"])
    ratio, ratio_recrawl = statistics.median(pairs), statistics.median(pairs_recrawl)
    return {
        "benchmark": "crawl",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work), "
        f"Python {platform.python_version()}, Scrapy {scrapy.__version__}, SQLite",
        "pages": PAGES,
        "repeats": REPEATS,
        "settings": dict(NO_DELAYS),
        "parkwatch": _summary(rows["parkwatch"]),
        "parkwatch_recrawl": _summary(rows["parkwatch_recrawl"]),
        "bare": _summary(rows["bare"]),
        "ratio": round(ratio, 2),
        "ratio_recrawl": round(ratio_recrawl, 2),
        "paired_ratios": [round(x, 2) for x in pairs],
        "paired_ratios_recrawl": [round(x, 2) for x in pairs_recrawl],
        "target": 0.5,
        "meets_target": ratio >= 0.5,
        "recrawl_meets_target": ratio_recrawl >= 0.5,
        "disallowed_paths_fetched": admin_fetched,
    }


def _print(result: dict[str, Any]) -> None:
    print(f"crawl benchmark — {PAGES} lot pages, delays off, {REPEATS} runs each (median)")
    print(f"{'crawler':<20}{'items':>7}{'items/s':>10}  {'crawl s (runs)':<36}{'process CPU s (median)':>24}")
    for name in ("parkwatch", "parkwatch_recrawl", "bare"):
        s = result[name]
        print(
            f"{name:<20}{s['items']:>7}{s['items_per_s_median']:>10}  {s['crawl_seconds']!s:<36}"
            f"{s['process_cpu_seconds_median']:>24}"
        )
    for label, key in (("first crawl", "ratio"), ("recrawl", "ratio_recrawl")):
        r = result[key]
        print(
            f"ratio parkwatch / bare, {label} (median of paired runs) = {r:.2f} "
            f"(target ≥ 0.5: {'met' if r >= 0.5 else 'NOT met'})"
        )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="parkwatch-bench-crawl-"))
    try:
        rows, admin_fetched = _crawl_all(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = _result(rows, admin_fetched)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _print(result)
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
