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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.context import PROGRESS_PREFIX, RESULT_PREFIX
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
    unmatched: int = 0
    returncode: int | None = None
    seconds: float = 0.0
    log_tail: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return (
            f"{self.source}: {self.status} — {self.stored} stored / {self.items} items, {self.valid} valid, "
            f"{self.price_versions} price versions ({self.price_changes} changes), {self.errors} errors, "
            f"{self.seconds:.1f}s"
        )


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
) -> list[CrawlResult]:
    """Crawl each source in its own child process, one after the other."""
    from crawler.health import fail_unfinished_runs
    from parkwatch.store.db.engine import get_engine

    results = []
    for source in sources:
        merged: dict[str, Any] = {"PARKWATCH_PROGRESS": 1, "LOG_LEVEL": "INFO"}
        if db_url:
            merged["PARKWATCH_DB_URL"] = db_url
        if base_url:
            merged["PARKWATCH_BASE_URL"] = base_url
        merged.update(settings or {})
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PYTHONUNBUFFERED": "1"}
        if db_url:
            env["PARKWATCH_DB_URL"] = db_url
        log_path = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            log_path = log_dir / f"crawl-{source}.log"
        started = time.monotonic()
        result = CrawlResult(source=source, status="failed")
        stderr_file = open(log_path, "w", encoding="utf-8") if log_path else subprocess.PIPE  # noqa: SIM115
        try:
            proc = subprocess.Popen(
                scrapy_command(source, merged),
                cwd=PROJECT_ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=stderr_file,
                text=True,
                encoding="utf-8",
            )
            assert proc.stdout is not None
            tail: list[str] = []
            if stderr_file is subprocess.PIPE:
                import threading

                def _drain() -> None:
                    assert proc.stderr is not None
                    for line in proc.stderr:
                        tail.append(line)
                        del tail[:-40]

                threading.Thread(target=_drain, daemon=True).start()
            for line in proc.stdout:
                if line.startswith(PROGRESS_PREFIX):
                    event = json.loads(line[len(PROGRESS_PREFIX) :])
                    if on_progress:
                        on_progress(event)
                elif line.startswith(RESULT_PREFIX):
                    data = json.loads(line[len(RESULT_PREFIX) :])
                    result.detail = data
                    for name in (
                        "status",
                        "items",
                        "valid",
                        "stored",
                        "errors",
                        "price_versions",
                        "price_changes",
                        "unmatched",
                    ):
                        if name in data:
                            setattr(result, name, data[name])
                if time.monotonic() - started > timeout:
                    proc.kill()
                    break
            result.returncode = proc.wait(timeout=60)
            result.log_tail = "".join(tail[-20:])
        finally:
            if log_path:
                stderr_file.close()  # type: ignore[union-attr]
        result.seconds = time.monotonic() - started
        if not result.detail:
            # the child died before closing its run: record the failure in source health
            result.status = "failed"
            if log_path:
                result.log_tail = "".join(log_path.read_text(encoding="utf-8").splitlines(True)[-20:])
            try:
                fail_unfinished_runs(
                    get_engine(db_url), source, datetime.now(UTC).replace(tzinfo=None), f"exit code {result.returncode}"
                )
            except Exception:
                pass
        results.append(result)
    return results
