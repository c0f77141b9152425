"""Tasks through the real parts: `parkwatch worker` processes, a real redis-server, SQLite and PostgreSQL."""

from __future__ import annotations

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


def _dead_letters(engine: sa.Engine) -> list[m.DeadLetter]:
    """The dead letters, once the worker has written them (it stores the task's failure first)."""
    deadline = time.monotonic() + 15
    while True:
        with read_session(engine) as session:
            letters = list(session.scalars(sa.select(m.DeadLetter)))
        if letters or time.monotonic() > deadline:
            return letters
        time.sleep(0.1)


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
