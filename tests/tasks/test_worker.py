"""Tasks through the real parts: `parkwatch worker` processes, a real redis-server, SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session
from parkwatch.tasks.app import READ_PHOTO, submit_photo_read
from tests.tasks.conftest import NOW, PHOTO, VISIBILITY_S

pytestmark = [pytest.mark.slow, pytest.mark.tesseract]


def _counts(engine: sa.Engine) -> tuple[int, int]:
    with read_session(engine) as session:
        observations = session.scalar(sa.select(sa.func.count()).select_from(m.Observation))
        evidence = session.scalar(sa.select(sa.func.count()).select_from(m.Evidence))
    return int(observations or 0), int(evidence or 0)


def _dead_letters(engine: sa.Engine, wait_s: float = 15) -> list[m.DeadLetter]:
    """The dead letters, once the worker has written them (it stores the task's failure first)."""
    deadline = time.monotonic() + wait_s
    while True:
        with read_session(engine) as session:
            letters = list(session.scalars(sa.select(m.DeadLetter)))
        if letters or time.monotonic() > deadline:
            return letters
        time.sleep(0.1)


def _sha() -> str:
    return hashlib.sha256(PHOTO.read_bytes()).hexdigest()


def _read(broker: Any, lot: int) -> Any:
    return submit_photo_read(
        PHOTO.read_bytes(),
        PHOTO.name,
        lot_id=lot,
        actor="巡查员",
        captured_at=NOW,
        store=True,
        engine="tesseract",
        celery=broker,
    )


def test_a_photo_read_by_a_worker_is_stored_once_however_often_it_is_run(
    broker: Any, start_worker: Callable[..., Any], engine: sa.Engine, lot: int
) -> None:
    start_worker()
    first = _read(broker, lot).get(timeout=120)
    assert first["ok"] and not first["duplicate"]
    assert _counts(engine) == (1, 1)
    with read_session(engine) as session:
        stored = session.get_one(m.Observation, first["observation_id"])
        assert (stored.lot_id, stored.kind, stored.created_by) == (lot, "photo", "巡查员")
        assert stored.evidence_sha256 == first["sha256"]
    second = _read(broker, lot).get(timeout=120)
    assert second == {
        "ok": True,
        "sha256": first["sha256"],
        "observation_id": first["observation_id"],
        "duplicate": True,
    }
    assert _counts(engine) == (1, 1)


def test_a_task_whose_worker_is_killed_is_run_by_another_worker_once(
    broker: Any, start_worker: Callable[..., Any], engine: sa.Engine, lot: int
) -> None:
    doomed = start_worker(slow_s=30)  # holds the photo long enough to be killed with it
    result = _read(broker, lot)
    deadline = time.monotonic() + 60
    while result.state != "STARTED":
        assert time.monotonic() < deadline, "the worker never started the task"
        time.sleep(0.1)
    os.killpg(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=30)
    assert _counts(engine) == (0, 0)  # killed mid-task: nothing stored yet
    start_worker()
    answer = result.get(timeout=VISIBILITY_S + 120)
    assert answer["ok"] and not answer["duplicate"]
    assert _counts(engine) == (1, 1)  # retried, nothing lost, nothing twice


def test_a_task_that_keeps_failing_lands_in_the_dead_letters(
    broker: Any, start_worker: Callable[..., Any], engine: sa.Engine, lot: int
) -> None:
    start_worker()
    missing = "0" * 64  # never staged: every attempt fails
    arguments = {
        "sha256": missing,
        "filename": "x.jpg",
        "lot_id": lot,
        "actor": "巡查员",
        "captured_at": NOW.isoformat(),
        "store": True,
    }
    result = broker.send_task(READ_PHOTO, kwargs=arguments, queue="ocr")
    with pytest.raises(FileNotFoundError):
        result.get(timeout=60, propagate=True)
    letters = _dead_letters(engine)
    assert [(d.task, d.task_key, d.attempts) for d in letters] == [(READ_PHOTO, f"{missing}:{lot}", 3)]
    assert "FileNotFoundError" in letters[0].error
    assert letters[0].arguments == arguments
    assert _counts(engine) == (0, 0)


def _broker_empty(url: str) -> bool:
    """No message waiting in a queue, none delivered and unacknowledged, no delivery count left."""
    import redis

    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 15
    while True:
        waiting = sum(client.llen(q) for q in ("ocr", "crawl", "check", "notify"))
        empty = waiting == 0 and client.hlen("unacked") == 0 and not client.keys("parkwatch:deliveries:*")
        if empty or time.monotonic() > deadline:
            return empty
        time.sleep(0.1)


def _poison_letter(engine: sa.Engine, sha256: str, lot: int) -> m.DeadLetter:
    (letter,) = _dead_letters(engine)
    assert (letter.task, letter.task_key, letter.attempts) == (READ_PHOTO, f"{sha256}:{lot}", 3)
    assert "DeliveredTooOften" in letter.error and "died during 3 of them" in letter.error
    return letter


def test_a_message_whose_pool_process_dies_every_time_lands_in_the_dead_letters(
    broker: Any, redis_server_url: str, start_worker: Callable[..., Any], engine: sa.Engine, lot: int
) -> None:
    # a pool of one process under a parent that survives it: without the delivery count the parent hands
    # the message back at once, for ever (reject_on_worker_lost)
    worker = start_worker(kill_in_ocr=True, prefork=True)
    result = _read(broker, lot)
    with pytest.raises(Exception, match="not run again"):
        result.get(timeout=120, propagate=True)
    _poison_letter(engine, _sha(), lot)
    assert _broker_empty(redis_server_url)
    assert worker.poll() is None  # the worker itself goes on taking work
    assert _counts(engine) == (0, 0)


def test_a_message_whose_whole_worker_dies_every_time_is_dead_lettered_by_the_next_worker(
    broker: Any, redis_server_url: str, start_worker: Callable[..., Any], engine: sa.Engine, lot: int
) -> None:
    # one process, killed with its photo (a lost machine): the message returns after the visibility timeout
    # to the next worker started
    result = _read(broker, lot)
    started = []
    while not _dead_letters(engine, wait_s=0):
        assert len(started) < 6, "the message was never dead-lettered"
        if started:
            # past the visibility timeout: the next worker's first scan of unacknowledged messages (then one
            # every 100 s only) hands the message back to the queue
            time.sleep(VISIBILITY_S + 1)
        started.append(start_worker(kill_in_ocr=True))
        deadline = time.monotonic() + 90
        while started[-1].poll() is None and not _dead_letters(engine, wait_s=0):
            assert time.monotonic() < deadline, "the worker neither died nor dead-lettered the message"
            time.sleep(0.2)
    assert [w.poll() for w in started] == [-signal.SIGKILL] * 3 + [None]  # three runs, then not run again
    with pytest.raises(Exception, match="not run again"):
        result.get(timeout=30, propagate=True)
    _poison_letter(engine, _sha(), lot)
    assert _broker_empty(redis_server_url)
