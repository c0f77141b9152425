"""Fixtures of the task tests: a real broker (a throwaway redis-server), real worker processes, a lot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from benchmarks.workers import wait_until_ready
from parkwatch.settings import get_settings, reset_settings_cache
from parkwatch.store.db.engine import write_session
from tests.rows import lot_row

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "data" / "samples" / "jpeg-000.jpg"
NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
VISIBILITY_S = 3  # a killed worker's task goes to another worker after this


@pytest.fixture
def lot(engine: sa.Engine) -> int:
    with write_session(engine) as session:
        session.add(lot_row("任务测试停车场", NOW, id=7))
    return 7


@pytest.fixture
def broker(redis_server_url: str, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An empty Redis as broker for this test, in the environment the workers inherit; yields a client app."""
    import redis

    redis.Redis.from_url(redis_server_url).flushall()
    monkeypatch.setenv("PARKWATCH_BROKER_URL", redis_server_url)
    monkeypatch.setenv("PARKWATCH_TASK_VISIBILITY_TIMEOUT", str(VISIBILITY_S))
    monkeypatch.setenv("PARKWATCH_TASK_MAX_RETRIES", "2")
    reset_settings_cache()
    from parkwatch.tasks.app import make_app

    client = make_app(get_settings())
    yield client
    client.close()


Worker = subprocess.Popen[bytes]


@pytest.fixture
def start_worker(broker: Any, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start `parkwatch worker` processes (each its own process group); all are killed at the end."""
    started: list[Worker] = []

    def start(
        *,
        slow_s: float = 0.0,
        kill_in_ocr: bool = False,
        queues: str = "ocr,crawl,check,notify",
        concurrency: int = 1,
        prefork: bool = False,
    ) -> Worker:
        """`kill_in_ocr`: every photo read kills the process that runs it; `prefork`: a pool of
        `concurrency` processes under a parent that outlives them (else one process, `--pool solo`)."""
        log = tmp_path / f"worker-{len(started)}.log"
        module = "tests.tasks.slow_worker" if slow_s or kill_in_ocr else "parkwatch"
        pool = ["--concurrency", str(concurrency)] if prefork or concurrency > 1 else ["--pool", "solo"]
        env = {
            **os.environ,
            "PARKWATCH_TEST_OCR_DELAY": str(slow_s),
            "PARKWATCH_TEST_OCR_KILL": "1" if kill_in_ocr else "0",
            "PYTHONPATH": str(ROOT),
        }
        with log.open("wb") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", module, "worker", "--queues", queues, *pool],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(worker)
        wait_until_ready(worker, log, timeout_s=60)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
