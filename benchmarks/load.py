"""Load test (issue 20): concurrent public-page sessions against 2 dashboard processes sharing PostgreSQL.

    .venv/bin/python -m benchmarks.load [--sessions 50] [--lots 10000] [--observations N] [--pg-url URL]
        [--driver protocol|browser] [--stock] [--compare]

Builds a throwaway PostgreSQL database with benchmarks.dashboard.build (`--lots`, 10 observations a lot
by default), starts 2 `streamlit run` processes over it on two ports (with the repository's
.streamlit/config.toml, as deployed; `--stock`: Streamlit's defaults), warms each with one session (a
deployed process is warm; the warm-up is reported apart), then opens `--sessions` sessions at once,
spread evenly over the two processes as a sticky reverse proxy would. Each session opens the public
front page, then one random lot page. A page has 60 s.

- `--driver protocol` (the default): each session is a WebSocket to /_stcore/stream speaking Streamlit's
  own protocol from this process, as the front end does: a `rerun_script` BackMsg per page (the page's
  name and query string; the lot page on the same socket, as a followed link), and "page ready" is from
  that request to the `script_finished` ForwardMsg, with the page's texts and elements checked. No
  browser shares the cores, so this is the servers' time; the static files are not fetched.
- `--driver browser`: one Chromium, one browser context a session; "page ready" as in
  benchmarks.dashboard (key content visible, running indicator gone). On 2 cores it measures mostly the
  browser (docs/benchmarks.md).
- `--compare`: one session by each driver on the same pages, three times, with the script run as the
  browser's own WebSocket saw it: the check that both drivers see the same pages and server times.

Reports p50/p95/max over all pages, the failures, the CPU seconds of the Streamlit processes, of Chromium,
of this process and of the whole machine, and the load average before and after. Writes
benchmarks/results/load.json (load-stock.json, load-browser.json, load-compare.json).
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
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.dashboard import RESULTS, _postgres_url, build, database_megabytes

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

TARGET_P95_SECONDS = 3.0
# `--stock`: Streamlit's own defaults instead of the repository's .streamlit/config.toml (a full garbage
# collection after every script run; "magic" recompiling every page for each new session). Environment
# variables override the config file.
STOCK_SETTINGS = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true", "STREAMLIT_RUNNER_MAGIC_ENABLED": "true"}
PAGE_LIMIT_SECONDS = 60.0
PROCESSES = 2
DRIVER_NOTES = {
    "browser": (
        "Chromium (all sessions' renderers) runs on the same 2 cores as the 2 Streamlit processes and "
        "PostgreSQL, so the page-ready figures include the browser's own CPU; on a real deployment the "
        "browsers are the visitors' machines."
    ),
    "protocol": (
        "Each session is a WebSocket speaking Streamlit's protocol from this one Python process (a "
        "rerun_script request per page, timed until the script_finished message): the figures are the "
        "servers' time to run and send each page, without a browser's drawing or the static files."
    ),
}
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


async def _ready(page: Page, base: str, visit: Visit, stage: list[str]) -> float:
    """Seconds from the navigation's start until the markers (and element) show and the run is over;
    `stage` says how far a page that failed had got."""
    started = time.perf_counter()
    stage.append("navigation")
    await page.goto(visit.url(base))
    for marker in visit.markers:
        stage.append(f"text {marker}")
        await page.get_by_text(marker, exact=False).first.wait_for()
    if visit.element:
        stage.append(visit.element)
        testid = "st" + visit.element[0].upper() + visit.element[1:]  # "table" → stTable
        await page.locator(f"[data-testid='stMain'] [data-testid='{testid}']").first.wait_for()
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


@dataclass(frozen=True)
class Visit:
    """One page a visitor opens: its address (path and query) and what shows it is drawn: texts, and an
    element (Streamlit's element type, e.g. "table")."""

    path: str
    query: str
    markers: tuple[str, ...]
    element: str | None = None

    def url(self, base: str) -> str:
        return f"{base}/{self.path}" + (f"?{self.query}" if self.query else "")


def front(lots: int) -> Visit:
    return Visit("", "", (f"共找到 {lots:,} 个停车场", "基准停车场000001"))


def lot(lot_id: int) -> Visit:
    return Visit("lot", f"lot={lot_id}", (f"基准停车场{lot_id:06d}", "常见停放时长的费用"), "table")


async def browser_session(
    browser: Browser, base: str, visits: list[Visit], runs: list[float] | None = None
) -> list[Any]:
    """One visitor (a fresh browser context): the pages in turn; each page's seconds or its failure.
    With `runs`, each page's script run as the browser's own WebSocket saw it is added there: seconds
    from its first `rerun_script` request to the `script_finished` message after it."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(PAGE_LIMIT_SECONDS * 1000)
    page = await context.new_page()
    frames: list[tuple[float, str]] = []
    if runs is not None:
        page.on("websocket", lambda socket: _watch(socket, frames))
    out: list[Any] = []
    try:
        for visit in visits:
            stage: list[str] = []
            try:
                frames.clear()
                out.append(await asyncio.wait_for(_ready(page, base, visit, stage), PAGE_LIMIT_SECONDS))
                if runs is not None:
                    runs.append(_script_run(frames))
            except Exception as exc:  # a timeout or a broken page is a failed page, not a crash
                out.append(_failure(visit, stage[-1], exc))
                break
    finally:
        await context.close()
    return out


def _watch(socket: Any, frames: list[tuple[float, str]]) -> None:
    """Note the time of each rerun request the page sends and of each script_finished it receives."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def sent(payload: str | bytes) -> None:
        msg = BackMsg()
        if isinstance(payload, bytes) and msg.ParseFromString(payload) and msg.WhichOneof("type") == "rerun_script":
            frames.append((time.perf_counter(), "rerun"))

    def received(payload: str | bytes) -> None:
        msg = ForwardMsg()
        if isinstance(payload, bytes) and msg.ParseFromString(payload) and msg.WhichOneof("type") == "script_finished":
            frames.append((time.perf_counter(), "finished"))

    socket.on("framesent", sent)
    socket.on("framereceived", received)


def _script_run(frames: list[tuple[float, str]]) -> float:
    """Seconds from the first rerun request to the first script_finished after it (NaN if none came)."""
    asked = next((t for t, kind in frames if kind == "rerun"), None)
    done = next((t for t, kind in frames if kind == "finished" and asked is not None and t >= asked), None)
    return done - asked if asked is not None and done is not None else float("nan")


def _failure(visit: Visit, stage: str, exc: BaseException) -> str:
    reason = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{visit.path or 'front'}, waiting for {stage}: {type(exc).__name__} {reason}"


# ---------------------------------------------------------------------------------------- Streamlit's protocol

# the elements whose text a visitor reads, and the field that holds it
_TEXT_FIELDS = {"markdown": "body", "heading": "body", "text": "body", "alert": "body", "page_link": "label"}


@dataclass
class Drawn:
    """What one script run sent: its ForwardMsgs, the elements by type, the texts, how it ended."""

    messages: int = 0
    bytes: int = 0
    deltas: int = 0
    elements: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    status: str | None = None  # the script_finished status, once it came


def _take(drawn: Drawn, raw: bytes) -> None:
    """One ForwardMsg read into `drawn`."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(raw)
    drawn.messages += 1
    drawn.bytes += len(raw)
    kind = msg.WhichOneof("type")
    if kind == "delta":
        drawn.deltas += 1
        if msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            name = element.WhichOneof("type") or ""
            drawn.elements[name] = drawn.elements.get(name, 0) + 1
            if name in _TEXT_FIELDS:
                drawn.texts.append(getattr(getattr(element, name), _TEXT_FIELDS[name]))
    elif kind == "script_finished":
        drawn.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
    elif kind == "page_not_found":
        drawn.status = "PAGE_NOT_FOUND"


def rerun_message(base: str, visit: Visit) -> bytes:
    """The BackMsg a browser sends to run a page: `rerun_script` with the page's name (its URL path) and
    query string, as the front end does on load and when a link to another page is followed."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = visit.query
    state.page_name = visit.path
    state.context_info.timezone = "Asia/Shanghai"
    state.context_info.timezone_offset = -480  # as JavaScript's getTimezoneOffset() says it
    state.context_info.locale = "zh-CN"
    state.context_info.url = visit.url(base)
    data: bytes = msg.SerializeToString()
    return data


async def _run_page(socket: Any, base: str, visit: Visit, stage: list[str]) -> tuple[float, Drawn]:
    """Seconds from the rerun request sent until the ForwardMsg that ends the script run, and what came."""
    started = time.perf_counter()
    stage.append("script_finished")
    await socket.send(rerun_message(base, visit))
    drawn = Drawn()
    while drawn.status is None:
        _take(drawn, await socket.recv())
    seconds = time.perf_counter() - started
    if drawn.status != "FINISHED_SUCCESSFULLY":
        raise RuntimeError(f"the script run ended {drawn.status}")
    text = "\n".join(drawn.texts)
    for marker in visit.markers:
        stage.append(f"text {marker}")
        if marker not in text:
            raise LookupError(f"{marker!r} not drawn")
    if visit.element and not drawn.elements.get(visit.element):
        stage.append(visit.element)
        raise LookupError(f"no {visit.element} drawn")
    return seconds, drawn


async def protocol_session(base: str, visits: list[Visit], seen: list[Drawn] | None = None) -> list[Any]:
    """One visitor as Streamlit's front end is to the server: one WebSocket (a Streamlit session) to
    /_stcore/stream, each page a `rerun_script` request (the first as on opening the address, the next
    as a followed link); each page's seconds or its failure. The page's static files (HTML, JavaScript,
    fonts) are not fetched: a returning visitor's browser has them cached."""
    from websockets.asyncio.client import connect

    out: list[Any] = []
    stage = ["connect"]
    try:
        async with asyncio.timeout(PAGE_LIMIT_SECONDS * len(visits)):
            socket = await connect(
                base.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=["streamlit"],  # type: ignore[list-item]  # websockets' Subprotocol is a str
                max_size=None,
                open_timeout=PAGE_LIMIT_SECONDS,
            )
    except Exception as exc:
        return [_failure(visits[0], stage[-1], exc)]
    async with socket:
        for visit in visits:
            stage = []
            try:
                seconds, drawn = await asyncio.wait_for(_run_page(socket, base, visit, stage), PAGE_LIMIT_SECONDS)
            except Exception as exc:  # a timeout or a broken page is a failed page, not a crash
                out.append(_failure(visit, stage[-1], exc))
                break
            out.append(seconds)
            if seen is not None:
                seen.append(drawn)
    return out


# ---------------------------------------------------------------------------------------- the run


def plan(bases: list[str], lots: int, sessions: int, seed: int = 20) -> list[tuple[str, list[Visit]]]:
    """Each session's process (evenly, as a sticky proxy spreads them) and pages: the front page, one lot."""
    rng = random.Random(seed)
    return [(bases[n % len(bases)], [front(lots), lot(rng.randint(1, lots))]) for n in range(sessions)]


async def drive(
    driver: str, bases: list[str], ports: list[int], lots: int, sessions: int, seed: int = 20
) -> dict[str, Any]:
    """Each process warmed with one session, then `sessions` sessions at once; their pages' seconds."""
    async with AsyncExitStack() as stack:
        if driver == "browser":
            browser = await _browser(stack)

            def visitor(base: str, visits: list[Visit]) -> Any:
                return browser_session(browser, base, visits)

        else:
            visitor = protocol_session
        warm = [await visitor(base, visits) for base, visits in plan(bases, lots, len(bases), seed=2)]
        cpu_before, machine_before, own_before = cpu_by_role(ports), machine_cpu(), time.process_time()
        started = time.perf_counter()
        visitors = (visitor(base, visits) for base, visits in plan(bases, lots, sessions, seed))
        results = await asyncio.gather(*visitors)
        wall = time.perf_counter() - started
        # before the browser closes: its renderers' CPU is lost once they exit unreaped
        cpu_after, machine_after, own_after = cpu_by_role(ports), machine_cpu(), time.process_time()
    cpu = {role: round(cpu_after[role] - cpu_before[role], 1) for role in cpu_before}
    cpu["driver"] = round(own_after - own_before, 1)  # this process: the protocol driver, or Playwright's side
    busy, total = (machine_after[i] - machine_before[i] for i in (0, 1))
    return {
        "warm_up_s": [[round(x, 2) if isinstance(x, float) else x for x in pages] for pages in warm],
        "sessions_s": [[round(x, 3) if isinstance(x, float) else x for x in pages] for pages in results],
        "wall_s": round(wall, 1),
        "cpu_s": cpu,
        "machine_busy_pct": round(100 * busy / total, 1) if total else None,
    }


async def _browser(stack: AsyncExitStack) -> Browser:
    from playwright.async_api import async_playwright

    from dashboard.testing import CHROMIUM, CHROMIUM_ARGS

    playwright = await stack.enter_async_context(async_playwright())
    browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    stack.push_async_callback(browser.close)
    return browser


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


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--lots", type=int, default=10_000)
    parser.add_argument("--observations", type=int, default=None, help="default: 10 a lot")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server URL (default: a throwaway server)")
    parser.add_argument(
        "--driver",
        choices=("protocol", "browser"),
        default="protocol",
        help="protocol: Streamlit's own WebSocket protocol from this process (default); browser: Chromium",
    )
    parser.add_argument("--rounds", type=int, default=1, help="bursts of --sessions, one after another")
    parser.add_argument("--stock", action="store_true", help="the servers with Streamlit's default settings")
    parser.add_argument(
        "--compare", action="store_true", help="one session by each driver on the same pages, instead of the load"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    observations = args.observations or 10 * args.lots
    from dashboard.testing import CHROMIUM

    if (args.driver == "browser" or args.compare) and not CHROMIUM.exists():
        print("Chromium (/usr/bin/chromium) is missing; install the Debian package chromium", file=sys.stderr)
        return 2
    data_dir = Path(tempfile.mkdtemp(prefix="parkwatch-load-"))
    settings = STOCK_SETTINGS if args.stock else {}
    os.environ.update(settings)  # the servers are started with this process's environment
    uptime_before = _uptime()
    with ExitStack() as stack:
        db_url = _postgres_url(stack, args.pg_url)
        built = {**build(db_url, args.lots, observations), "db_megabytes": database_megabytes(db_url)}
        bases = [stack.enter_context(_server(data_dir, n, db_url)) for n in range(PROCESSES)]
        ports = [int(base.rsplit(":", 1)[1]) for base in bases]
        if args.compare:
            compared = asyncio.run(compare(bases, args.lots))
        else:
            # each round other lots (a fresh seed), on the same warm servers
            rounds = [
                asyncio.run(drive(args.driver, bases, ports, args.lots, args.sessions, seed=20 + n))
                for n in range(args.rounds)
            ]
    uptime_after = _uptime()
    shutil.rmtree(data_dir, ignore_errors=True)
    result = {
        "benchmark": "load",
        "driver": "both, one session each" if args.compare else args.driver,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work)",
        "note": DRIVER_NOTES["browser" if args.compare else args.driver],
        "uptime_before": uptime_before,
        "uptime_after": uptime_after,
        "streamlit_processes": PROCESSES,
        "streamlit_settings": settings or ".streamlit/config.toml (runner: postScriptGC, magicEnabled off)",
        "lots": args.lots,
        "observations": observations,
        **built,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.compare:
        result.update(compared)
        (RESULTS / "load-compare.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    result.update(
        sessions=args.sessions,
        target_p95_s=TARGET_P95_SECONDS,
        page_limit_s=PAGE_LIMIT_SECONDS,
        rounds=args.rounds,
        **summarise([pages for run in rounds for pages in run["sessions_s"]], args.sessions * args.rounds),
        per_round=[{**summarise(run["sessions_s"], args.sessions), **run} for run in rounds],
    )
    name = {"protocol": "load.json", "browser": "load-browser.json"}[args.driver]
    name = name.replace(".json", "-stock.json") if args.stock else name
    (RESULTS / name).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _print(result)
    return 0 if result["target_met"] else 1


async def compare(bases: list[str], lots: int, rounds: int = 3) -> dict[str, Any]:
    """The same pages (the front page and one lot, on the first process, warmed first) opened by one
    session of each driver, `rounds` times in turn: the seconds of each, the script runs as the browser's
    own WebSocket saw them (request → script_finished), and what the protocol drew."""
    async with AsyncExitStack() as stack:
        browser = await _browser(stack)
        for base, visits in plan(bases, lots, len(bases), seed=2):  # warm both processes
            await protocol_session(base, visits)
        out: dict[str, Any] = {"protocol_s": [], "browser_s": [], "browser_script_run_s": []}
        for n in range(rounds):
            base, visits = plan(bases, lots, 1, seed=100 + n)[0]
            drawn: list[Drawn] = []
            runs: list[float] = []
            out["protocol_s"].append([_round(x) for x in await protocol_session(base, visits, drawn)])
            out["browser_s"].append([_round(x) for x in await browser_session(browser, base, visits, runs)])
            out["browser_script_run_s"].append([_round(x) for x in runs])
        out["pages"] = [v.url("") for v in visits]
        out["protocol_drew"] = [
            {"messages": d.messages, "deltas": d.deltas, "bytes": d.bytes, "elements": d.elements, "texts": d.texts[:8]}
            for d in drawn
        ]
    return out


def _round(x: Any) -> Any:
    return round(x, 3) if isinstance(x, float) else x


def _server(data_dir: Path, n: int, db_url: str) -> Any:
    from dashboard.testing import streamlit_server

    return streamlit_server(data_dir, data_dir / f"streamlit-{n}.log", timeout=120, db_url=db_url)


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _print(r: dict[str, Any]) -> None:
    print(
        f"{r['sessions']} sessions × {r['rounds']} rounds over {r['streamlit_processes']} Streamlit processes, "
        f"PostgreSQL, {r['lots']:,} lots, {r['observations']:,} observations ({r['db_megabytes']} MB)"
    )
    for label, part in (*((f"round {n + 1}", x) for n, x in enumerate(r["per_round"])), ("all rounds", r)):
        print(
            f"{label}: pages ready {part['pages_ready']}/{part['pages_expected']}; page ready p50 {part['p50_s']} s, "
            f"p95 {part['p95_s']} s, max {part['max_s']} s (front p95 {part['front_p95_s']} s, lot p95 "
            f"{part['lot_p95_s']} s); target p95 < {r['target_p95_s']} s: {'met' if part['target_met'] else 'NOT met'}"
        )
        if "wall_s" in part:
            print(f"  wall {part['wall_s']} s; CPU s: {part['cpu_s']}; machine busy {part['machine_busy_pct']} %")
    print(f"warm-up (front, lot) per process: {r['per_round'][0]['warm_up_s']}")
    print(f"load average before {r['uptime_before']}, after {r['uptime_after']}")
    for failure in r["failures"]:
        print(f"  failure: {failure}")
    print(f"note: {r['note']}")


if __name__ == "__main__":
    raise SystemExit(main())
