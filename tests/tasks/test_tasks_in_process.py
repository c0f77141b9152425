"""The tasks without a broker (Celery's eager mode: the same code, in the caller's process), the dead
letters, and the embedded default: with no broker the bot and the worker command need no Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from parkwatch.store.checking import check_lots
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import make_engine, read_session, write_session
from parkwatch.store.db.migrate import upgrade
from parkwatch.store.services.dead_letters import record_dead_letter
from parkwatch.tasks import app as tasks
from tests.rows import board_observation, lot_row, pending_notification
from tests.tasks.conftest import NOW, PHOTO, ROOT

sys.path.insert(0, str(ROOT / "tests" / "rules"))
from rules_kit import board

ON = date(2026, 12, 1)


def _city(engine: sa.Engine, lots: int = 9) -> None:
    """Lots whose boards break different rules (and some that break none)."""
    with write_session(engine) as session:
        for number in range(1, lots + 1):
            session.add(
                lot_row(
                    f"停车场{number}",
                    NOW,
                    id=number,
                    city="yueyang",
                    operator="岳阳停车公司",
                    pricing_form="market",
                    charging_right=True,
                )
            )
            record = [board(), board(drop=("hotlines",)), board(drop=("operator",), fee_basis=None)][number % 3]
            session.add(board_observation(number, record, NOW))


def _findings(engine: sa.Engine) -> set[tuple[str, int, str]]:
    with read_session(engine) as session:
        return {
            tuple(row)
            for row in session.execute(sa.select(m.Finding.rule_code, m.Finding.lot_id, m.Finding.fingerprint))
        }


def test_without_a_broker_a_task_runs_in_the_callers_process() -> None:
    assert tasks.app.conf.task_always_eager and not tasks.broker_configured()


def test_the_check_split_in_chunks_finds_what_one_run_finds(engine: sa.Engine, tmp_path: Path) -> None:
    _city(engine)
    results = tasks.submit_check(ON, NOW, run_id="t", chunk=2)
    assert len(results) == 5
    assert sum(r.get()["lots"] for r in results) == 9
    chunked = _findings(engine)
    assert chunked  # the boards break rules: something must be found
    whole_url = f"sqlite:///{tmp_path / 'whole.db'}"
    upgrade(whole_url)
    whole = make_engine(whole_url)
    _city(whole)
    check_lots(whole, ON, now=NOW)
    assert _findings(whole) == chunked
    again = [r.get() for r in tasks.submit_check(ON, NOW, run_id="t", chunk=2)]  # run twice: stored once
    assert sum(r["new"] for r in again) == 0
    assert _findings(engine) == chunked
    whole.dispose()


def test_a_task_that_keeps_failing_is_a_dead_letter_once(engine: sa.Engine) -> None:
    arguments = dict(
        sha256="f" * 64, filename="x.jpg", lot_id=None, actor="巡查员", captured_at=NOW.isoformat(), store=True
    )
    for _ in range(2):
        result = tasks.read_photo.apply_async(kwargs=arguments)
        with pytest.raises(FileNotFoundError):
            result.get()
    with read_session(engine) as session:
        letters = session.scalars(sa.select(m.DeadLetter)).all()
    attempts = tasks.read_photo.max_retries + 1
    assert [(d.task, d.task_key, d.attempts) for d in letters] == [(tasks.READ_PHOTO, f"{'f' * 64}:-", 2 * attempts)]


def test_a_dead_letter_recorded_again_is_one_row_with_the_attempts_added(engine: sa.Engine) -> None:
    for error in ("first", "second"):
        with write_session(engine) as session:
            record_dead_letter(session, task="t", key="k", arguments={"a": 1}, error=error, attempts=2, now=NOW)
    with read_session(engine) as session:
        (row,) = session.scalars(sa.select(m.DeadLetter)).all()
    assert (row.attempts, row.error, row.failed_at) == (4, "second", NOW)


@pytest.mark.tesseract
def test_a_photo_read_in_process_is_stored_once(engine: sa.Engine) -> None:
    import shutil

    from tests.realparts import require_real_part

    require_real_part(shutil.which("tesseract") is not None, "tesseract")
    with write_session(engine) as session:
        session.add(lot_row("照片停车场", NOW, id=3))
    answers: list[dict[str, Any]] = [
        tasks.submit_photo_read(
            PHOTO.read_bytes(), PHOTO.name, lot_id=3, actor="巡查员", captured_at=NOW, store=True, engine="tesseract"
        ).get()
        for _ in range(2)
    ]
    assert [a["duplicate"] for a in answers] == [False, True]
    assert answers[0]["observation_id"] == answers[1]["observation_id"]
    assert answers[0]["board"]["tariff"]  # the sample board's prices were read
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Observation)) == 1


def test_the_bot_without_a_broker_runs_in_process_and_loads_no_celery() -> None:
    code = (
        "import sys\n"
        "from parkwatch.cli.bot import make_bot\n"
        "from parkwatch.store.notify.config import NotifyConfig\n"
        "bot = make_bot(NotifyConfig())\n"
        "assert bot.deliver_due is None, 'no broker: the bot sends itself'\n"
        "assert bot.jobs and all(job.run.__qualname__.startswith('crawl_job') for job in bot.jobs)\n"
        "assert 'celery' not in sys.modules and 'redis' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_worker_command_without_a_broker_says_so() -> None:
    from parkwatch.cli import app

    result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "PARKWATCH_BROKER_URL" in result.output
    assert CliRunner().invoke(app, ["worker", "--queues", "ocr,nope"]).exit_code == 2


def test_a_notification_is_handed_over_once_per_lease_and_claimed_once(engine: sa.Engine) -> None:
    from datetime import UTC, datetime

    from parkwatch.tasks import work

    with write_session(engine) as session:
        notification = pending_notification(session, "值班群", "e:1", {}, datetime(2020, 1, 1, tzinfo=UTC), NOW)
    handed = work.hand_over_notification(notification, NOW)
    assert handed is not None and work.hand_over_notification(notification, NOW) is None
    claims = [work.claim_notification(notification, handed, NOW) for _ in range(2)]  # a message delivered twice
    assert [claim is not None for claim in claims] == [True, False]


def test_a_worker_gives_each_library_one_thread_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in tasks.WORKER_THREAD_LIMITS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")  # an operator's own choice
    tasks.limit_worker_threads()
    assert {name: os.environ[name] for name in tasks.WORKER_THREAD_LIMITS} == {
        "OMP_THREAD_LIMIT": "1",
        "OMP_NUM_THREADS": "4",
        "OPENBLAS_NUM_THREADS": "1",
        "OPENCV_FOR_THREADS_NUM": "1",
    }
    probe = "import cv2; print(cv2.getNumThreads())"  # what a pool process that loads OpenCV gets
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "1"
