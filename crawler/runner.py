"""Run crawls in a separate process (`scrapy crawl KEY`), never in the caller's process.

The Twisted reactor cannot be restarted and must not run inside Streamlit or the bot, so every
crawl is a child process. The child prints one `PARKWATCH-PROGRESS {json}` line per item and a
final `PARKWATCH-RESULT {json}` line (`PARKWATCH_PROGRESS=1`); `run_crawl` reads them, calls
`on_progress`, and returns one `CrawlResult` per source. A child that dies without a result has
its run marked failed in source health.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from crawler.context import PROGRESS_PREFIX, RESULT_PREFIX
from crawler.sources import SOURCES_DIR_ENV
from parkwatch.settings import PROJECT_ROOT


@dataclass
class CrawlResult:
    source: str
    status: str  # ok / failed
    items: int = 0
    valid: int = 0
    stored: int = 0
    errors: int = 0
    price_versions: int = 0
    price_changes: int = 0
    rereads: int = 0  # latest versions re-read by a newer reader, their price text unchanged
    unmatched: int = 0
    no_price: int = 0
    returncode: int | None = None
    seconds: float = 0.0
    log_tail: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.source}: {self.status} — {self.stored} stored / {self.items} items, {self.valid} valid, "
            f"{self.price_versions} price versions ({self.price_changes} changes), {self.errors} errors, "
            f"{self.unmatched} unmatched, {self.no_price} without a price, {self.seconds:.1f}s"
        )

    def notes(self) -> list[str]:
        """The lots behind the counts: unmatched pages and pages without a price, by name."""
        out = []
        for key, label in (("unmatched_names", "未匹配 unmatched"), ("no_price_names", "暂未公示 no price posted")):
            names = self.detail.get(key) or []
            if names:
                more = f" …(+{len(names) - 10})" if len(names) > 10 else ""
                out.append(f"{self.source} {label} ({len(names)}): " + "、".join(names[:10]) + more)
        if self.rereads:
            out.append(
                f"{self.source} 价格文字未变、按新版读取器更新了 {self.rereads} 个价格版本（不算价格变动） / "
                f"{self.rereads} price versions re-read by a newer reader, price text unchanged (not a price change)"
            )
        return out


def scrapy_command(source: str, settings: dict[str, Any]) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", source]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def run_crawl(
    sources: Sequence[str],
    *,
    db_url: str | None = None,
    base_url: str | None = None,
    settings: dict[str, Any] | None = None,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
    timeout: float = 1800,
    log_dir: Path | None = None,
    sources_dir: Path | None = None,
) -> list[CrawlResult]:
    """Crawl each source in its own child process, one after the other; `sources_dir` is the folder
    of definitions (default data/sources)."""
    merged: dict[str, Any] = {"PARKWATCH_PROGRESS": 1, "LOG_LEVEL": "INFO"}
    if db_url:
        merged["PARKWATCH_DB_URL"] = db_url
    if base_url:
        merged["PARKWATCH_BASE_URL"] = base_url
    merged.update(settings or {})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONUNBUFFERED": "1"}
    if db_url:
        env["PARKWATCH_DB_URL"] = db_url
    if sources_dir is not None:
        env[SOURCES_DIR_ENV] = str(Path(sources_dir).resolve())
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for source in sources:
        log_path = log_dir / f"crawl-{source}.log" if log_dir is not None else None
        result = _crawl_source(
            scrapy_command(source, merged),
            env,
            CrawlResult(source=source, status="failed"),
            on_progress=on_progress,
            timeout=timeout,
            log_path=log_path,
        )
        if not result.detail:
            _record_died(result, db_url, log_path)
        results.append(result)
    return results


def _crawl_source(
    cmd: list[str],
    env: dict[str, str],
    result: CrawlResult,
    *,
    on_progress: Callable[[dict[str, Any]], None] | None,
    timeout: float,
    log_path: Path | None,
) -> CrawlResult:
    """Run one child crawl to its end (or its timeout), reading its progress and result lines."""
    started = time.monotonic()
    tail: list[str] = []
    with ExitStack() as stack:
        stderr: IO[str] | int = (
            stack.enter_context(open(log_path, "w", encoding="utf-8")) if log_path else subprocess.PIPE
        )
        proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8"
        )
        assert proc.stdout is not None
        if proc.stderr is not None:  # not kept in a file: keep its last lines for the result
            threading.Thread(target=_keep_tail, args=(proc.stderr, tail), daemon=True).start()
        for line in proc.stdout:
            if line.startswith(PROGRESS_PREFIX):
                if on_progress:
                    on_progress(json.loads(line[len(PROGRESS_PREFIX) :]))
            elif line.startswith(RESULT_PREFIX):
                _read_result(result, json.loads(line[len(RESULT_PREFIX) :]))
            if time.monotonic() - started > timeout:
                proc.kill()
                break
        result.returncode = proc.wait(timeout=60)
        result.log_tail = "".join(tail[-20:])
    result.seconds = time.monotonic() - started
    return result


def _keep_tail(stream: IO[str], tail: list[str]) -> None:
    """Drain a child's stderr (so it never blocks on a full pipe), keeping the last 40 lines."""
    for line in stream:
        tail.append(line)
        del tail[:-40]


def _read_result(result: CrawlResult, data: dict[str, Any]) -> None:
    result.detail = data
    names = (
        "status",
        "items",
        "valid",
        "stored",
        "errors",
        "price_versions",
        "price_changes",
        "rereads",
        "unmatched",
        "no_price",
    )
    for name in names:
        if name in data:
            setattr(result, name, data[name])


def _record_died(result: CrawlResult, db_url: str | None, log_path: Path | None) -> None:
    """The child died before closing its run: the result says failed, and so does source health."""
    from crawler.health import fail_unfinished_runs
    from parkwatch.store.db.engine import get_engine

    result.status = "failed"
    if log_path:
        result.log_tail = "".join(log_path.read_text(encoding="utf-8").splitlines(True)[-20:])
    # best effort: the result already reports the failure, and the next run of the source closes a
    # run left open (crawler.health.start_run), so a database that cannot be reached must not hide it
    with suppress(Exception):
        fail_unfinished_runs(
            get_engine(db_url), result.source, datetime.now(UTC).replace(tzinfo=None), f"exit code {result.returncode}"
        )
