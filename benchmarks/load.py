"""Load test (issue 20): concurrent public-page sessions against 2 dashboard processes sharing PostgreSQL.

    .venv/bin/python -m benchmarks.load [--sessions 50] [--lots 10000] [--observations N] [--pg-url URL]

Builds a throwaway PostgreSQL database with benchmarks.dashboard.build (`--lots`, 10 observations a lot
by default), starts 2 `streamlit run` processes over it on two ports, warms each with one front page and
one lot page (a deployed process is warm; the cold first load is reported apart), then opens `--sessions`
sessions at once from one Chromium (one browser context a session), spread evenly over the two processes
as a sticky reverse proxy would. Each session opens the public front page, then one lot page; "page
ready" is as in benchmarks.dashboard: from the navigation's start until the page's key content is visible
and Streamlit's running indicator is gone. A page has 60 s. Reports p50/p95/max over all pages, the
failures, the CPU seconds of the Streamlit processes, of Chromium and of the whole machine, and the load
average before and after. The browser runs on the same 2 cores as the servers, which inflates the figures.
Writes benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.dashboard import RESULTS, _postgres_url, build, database_megabytes

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

TARGET_P95_SECONDS = 3.0
PAGE_LIMIT_SECONDS = 60.0
PROCESSES = 2
SHARED_CORES_NOTE = (
    "Chromium (all sessions' renderers) runs on the same 2 cores as the 2 Streamlit processes and "
    "PostgreSQL, so the page-ready figures include the browser's own CPU; on a real deployment the "
    "browsers are the visitors' machines."
)
# the condition of dashboard.testing.wait_idle, for the async API: no running indicator, the app drawn
IDLE_JS = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelector('[data-testid=\"stApp\"]')"
)
APP_TEXT_JS = "() => document.querySelector('[data-testid=\"stApp\"]')?.innerText ?? ''"

# ---------------------------------------------------------------------------------------- CPU from /proc


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid → (parent pid, command line, CPU seconds including reaped children) of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    out: dict[int, tuple[int, str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended while we read
            continue
        # fields after the command: state ppid … utime(12) stime(13) cutime(14) cstime(15)
        out[int(entry.name)] = (int(stat[1]), cmdline, sum(int(x) for x in stat[11:15]) / tick)
    return out


def cpu_by_role(ports: list[int]) -> dict[str, float]:
    """CPU seconds so far of this process's Streamlit servers (by port) and of its Chromium."""
    procs = _processes()
    mine = {os.getpid()}
    grew = True
    while grew:  # the descendants of this process
        more = {pid for pid, (ppid, _, _) in procs.items() if ppid in mine} - mine
        mine |= more
        grew = bool(more)
    roles = {"streamlit": 0.0, "chromium": 0.0}
    for pid in mine:
        _, cmdline, cpu = procs.get(pid, (0, "", 0.0))
        if "streamlit run" in cmdline and any(f"--server.port {port} " in cmdline for port in ports):
            roles["streamlit"] += cpu
        elif "chromium" in cmdline.split(" ", 1)[0]:
            roles["chromium"] += cpu
    return roles


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


# ---------------------------------------------------------------------------------------- one session


async def _ready(page: Page, url: str, markers: tuple[str, ...], element: str | None, stage: list[str]) -> float:
    """Seconds from the navigation's start until the markers (and element) show and the run is over;
    `stage` says how far a page that failed had got."""
    started = time.perf_counter()
    stage.append("navigation")
    await page.goto(url)
    for marker in markers:
        stage.append(f"text {marker}")
        await page.get_by_text(marker, exact=False).first.wait_for()
    if element:
        stage.append(element)
        await page.locator(f"[data-testid='stMain'] [data-testid='{element}']").first.wait_for()
    stage.append("idle")
    last, seen = None, 0.0
    while True:  # as dashboard.testing.wait_idle: idle, and the text has stopped changing
        # every 100 ms, not on every animation frame: 50 pages polling at 60 Hz would load the cores
        await page.wait_for_function(IDLE_JS, polling=100)
        text = await page.evaluate(APP_TEXT_JS)
        if text == last:
            # ready when this text was first seen idle; the 400 ms after only confirmed it
            return seen - started
        last, seen = text, time.perf_counter()
        await page.wait_for_timeout(400)


def front(base: str, lots: int) -> tuple[str, tuple[str, ...], str | None]:
    return f"{base}/", (f"共找到 {lots:,} 个停车场", "基准停车场000001"), None


def lot(base: str, lot_id: int) -> tuple[str, tuple[str, ...], str | None]:
    return f"{base}/lot?lot={lot_id}", (f"基准停车场{lot_id:06d}", "常见停放时长的费用"), "stTable"


async def session(browser: Browser, pages: list[tuple[str, tuple[str, ...], str | None]]) -> list[Any]:
    """One visitor (a fresh browser context): the pages in turn; each page's seconds or its failure."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(PAGE_LIMIT_SECONDS * 1000)
    page = await context.new_page()
    out: list[Any] = []
    try:
        for url, markers, element in pages:
            stage: list[str] = []
            try:
                out.append(await asyncio.wait_for(_ready(page, url, markers, element, stage), PAGE_LIMIT_SECONDS))
            except Exception as exc:  # a timeout or a broken page is a failed page, not a crash
                reason = str(exc).splitlines()[0][:120] if str(exc) else ""
                out.append(
                    f"{url.rsplit('/', 1)[1] or 'front'}, waiting for {stage[-1]}: {type(exc).__name__} {reason}"
                )
                break
    finally:
        await context.close()
    return out


# ---------------------------------------------------------------------------------------- the run


async def drive(bases: list[str], ports: list[int], lots: int, sessions: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from dashboard.testing import CHROMIUM, CHROMIUM_ARGS

    rng = random.Random(20)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            warm = [await session(browser, [front(base, lots), lot(base, rng.randint(1, lots))]) for base in bases]
            warm = [[round(x, 2) if isinstance(x, float) else x for x in pages] for pages in warm]
            plans = [
                [front(bases[n % len(bases)], lots), lot(bases[n % len(bases)], rng.randint(1, lots))]
                for n in range(sessions)
            ]
            cpu_before, machine_before = cpu_by_role(ports), machine_cpu()
            started = time.perf_counter()
            results = await asyncio.gather(*(session(browser, plan) for plan in plans))
            wall = time.perf_counter() - started
            # before the browser closes: its renderers' CPU is lost once they exit unreaped
            cpu_after, machine_after = cpu_by_role(ports), machine_cpu()
        finally:
            await browser.close()
    cpu = {role: round(cpu_after[role] - cpu_before[role], 1) for role in cpu_before}
    busy, total = (machine_after[i] - machine_before[i] for i in (0, 1))
    results = [[round(x, 3) if isinstance(x, float) else x for x in pages] for pages in results]
    return {
        "warm_up_s": warm,
        "sessions_s": results,
        "wall_s": round(wall, 1),
        "cpu_s": cpu,
        "machine_busy_pct": round(100 * busy / total, 1) if total else None,
    }


def summarise(results: list[list[Any]], sessions: int) -> dict[str, Any]:
    times = sorted(x for pages in results for x in pages if isinstance(x, float))
    failures = [x for pages in results for x in pages if isinstance(x, str)]
    expected = 2 * sessions
    quantiles = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    p95 = round(quantiles[94], 2) if times else None
    return {
        "pages_expected": expected,
        "pages_ready": len(times),
        "pages_failed_or_timed_out": expected - len(times),
        "failures": failures[:10],
        "p50_s": round(statistics.median(times), 2) if times else None,
        "p95_s": p95,
        "max_s": round(times[-1], 2) if times else None,
        "front_p95_s": _p95([pages[0] for pages in results if pages and isinstance(pages[0], float)]),
        "lot_p95_s": _p95([pages[1] for pages in results if len(pages) > 1 and isinstance(pages[1], float)]),
        "target_met": p95 is not None and p95 < TARGET_P95_SECONDS and len(times) == expected,
    }


def _p95(times: list[float]) -> float | None:
    if len(times) < 2:
        return round(times[0], 2) if times else None
    return round(statistics.quantiles(times, n=100, method="inclusive")[94], 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--lots", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=None, help="default: 10 a lot")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server URL (default: a throwaway server)")
    args = parser.parse_args(argv)
    observations = args.observations or 10 * args.lots

    from dashboard.testing import CHROMIUM

    if not CHROMIUM.exists():
        print("Chromium (/usr/bin/chromium) is missing; install the Debian package chromium", file=sys.stderr)
        return 2
    data_dir = Path(tempfile.mkdtemp(prefix="parkwatch-load-"))
    uptime_before = _uptime()
    with ExitStack() as stack:
        db_url = _postgres_url(stack, args.pg_url)
        built = {**build(db_url, args.lots, observations), "db_megabytes": database_megabytes(db_url)}
        bases = [stack.enter_context(_server(data_dir, n, db_url)) for n in range(PROCESSES)]
        ports = [int(base.rsplit(":", 1)[1]) for base in bases]
        run = asyncio.run(drive(bases, ports, args.lots, args.sessions))
    uptime_after = _uptime()
    shutil.rmtree(data_dir, ignore_errors=True)
    result = {
        "benchmark": "load",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work)",
        "note": SHARED_CORES_NOTE,
        "uptime_before": uptime_before,
        "uptime_after": uptime_after,
        "sessions": args.sessions,
        "streamlit_processes": PROCESSES,
        "lots": args.lots,
        "observations": observations,
        "target_p95_s": TARGET_P95_SECONDS,
        "page_limit_s": PAGE_LIMIT_SECONDS,
        **built,
        **summarise(run["sessions_s"], args.sessions),
        **run,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _print(result)
    return 0 if result["target_met"] else 1


def _server(data_dir: Path, n: int, db_url: str) -> Any:
    from dashboard.testing import streamlit_server

    return streamlit_server(data_dir, data_dir / f"streamlit-{n}.log", timeout=120, db_url=db_url)


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _print(r: dict[str, Any]) -> None:
    print(
        f"{r['sessions']} sessions over {r['streamlit_processes']} Streamlit processes, PostgreSQL, "
        f"{r['lots']:,} lots, {r['observations']:,} observations ({r['db_megabytes']} MB)"
    )
    print(
        f"pages ready {r['pages_ready']}/{r['pages_expected']}, failed or timed out "
        f"{r['pages_failed_or_timed_out']} (limit {r['page_limit_s']:.0f} s a page)"
    )
    print(
        f"page ready: p50 {r['p50_s']} s, p95 {r['p95_s']} s, max {r['max_s']} s "
        f"(front p95 {r['front_p95_s']} s, lot p95 {r['lot_p95_s']} s); target p95 < {r['target_p95_s']} s: "
        f"{'met' if r['target_met'] else 'NOT met'}"
    )
    print(f"wall {r['wall_s']} s; CPU s: {r['cpu_s']}; machine busy {r['machine_busy_pct']} %")
    print(f"warm-up (front, lot) per process: {r['warm_up_s']}")
    print(f"load average before {r['uptime_before']}, after {r['uptime_after']}")
    for failure in r["failures"]:
        print(f"  failure: {failure}")
    print(f"note: {r['note']}")


if __name__ == "__main__":
    raise SystemExit(main())
