"""Running the dashboard for the browser test and the benchmark: `streamlit run` on a free port
over a given data folder, and Debian's Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def streamlit_server(
    data_dir: Path, log: Path | None = None, timeout: float = 60, db_url: str | None = None
) -> Iterator[str]:
    """`streamlit run dashboard/app.py` (from the repository root, so .streamlit/config.toml applies)
    over PARKWATCH_DATA_DIR=data_dir and `db_url` (SQLite or PostgreSQL; by default the data folder's
    SQLite file); yields the base URL and stops the server afterwards."""
    port = free_port()
    env = {**os.environ, "PARKWATCH_DATA_DIR": str(data_dir)}
    env.pop("PARKWATCH_DB_URL", None)
    if db_url is not None:
        env["PARKWATCH_DB_URL"] = db_url
    # the log stays open while the server runs; closed in the `finally` below
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, timeout, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if not isinstance(out, int):
            out.close()


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout: float, log: Path | None = None) -> None:
    """Wait until the Streamlit server at `base` answers its health check (or has exited)."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("streamlit did not start")
        time.sleep(0.3)


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator[Page]:
    """A Playwright page in Debian's Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(90_000)  # a first script run on a busy 2-core machine is slow
            yield page
        finally:
            browser.close()


def wait_idle(page: Page, timeout_ms: int = 60_000) -> None:
    """Wait until the script run is over: Streamlit's running indicator is gone and the main area's
    text has stopped changing (the indicator shows only after a short delay, so a run that has just
    begun can look idle for a moment)."""
    deadline = time.monotonic() + timeout_ms / 1000
    last = None
    while True:
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && document.querySelector('[data-testid=\"stApp\"]')",
            timeout=max(int((deadline - time.monotonic()) * 1000), 1),
        )
        text = page.evaluate("() => document.querySelector('[data-testid=\"stApp\"]')?.innerText ?? ''")
        if text == last or time.monotonic() > deadline:
            return
        last = text
        page.wait_for_timeout(400)
