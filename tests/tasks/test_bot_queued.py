"""With a broker, `parkwatch bot` is the scheduler: it queues each due crawl and each due notification
(real redis-server), and a worker sends a notification once however often its message comes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from parkwatch.settings import reset_settings_cache
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.notify.config import load_config
from parkwatch.store.notify.receiver import running_receiver
from tests.rows import pending_notification
from tests.tasks.conftest import NOW

pytestmark = pytest.mark.slow
DUE = datetime(2020, 1, 1, tzinfo=UTC)  # long due, by any clock


def _channels(tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    channels = tmp_path / "channels.yaml"
    channels.write_text(f"channels:\n  - name: 值班群\n    type: wecom\n    url: {url}\n", encoding="utf-8")
    monkeypatch.setenv("PARKWATCH_CHANNELS_FILE", str(channels))
    reset_settings_cache()


def _pending(engine: sa.Engine) -> int:
    payload = {"kind": "new_error", "title": "新违规", "text": "新违规：某停车场"}
    with write_session(engine) as session:
        return pending_notification(session, "值班群", "new_error:1", payload, DUE, NOW)


def _queued(broker: Any, queue: str) -> int:
    import redis

    return int(redis.Redis.from_url(broker.conf.broker_url).llen(queue))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_bot_with_a_broker_queues_crawls_and_notifications_and_runs_none_itself(
    broker: Any, engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parkwatch.tasks.app as tasks_app
    from parkwatch.cli.bot import make_bot

    monkeypatch.setattr(tasks_app, "app", broker)  # this process's app, made before the broker was set
    _channels(tmp_path, "http://127.0.0.1:9/never", monkeypatch)
    _pending(engine)
    bot = make_bot(load_config())
    report = bot.tick(NOW)
    assert len(report.ran) == len(bot.jobs) >= 1 and not report.failed
    assert _queued(broker, "crawl") == len(bot.jobs)  # handed to the crawl workers, not run here
    assert _queued(broker, "notify") == 1 and report.sent == 1
    assert bot.tick(NOW).sent == 0 and _queued(broker, "notify") == 1  # handed over once, not every tick
    with read_session(engine) as session:
        assert session.scalars(sa.select(m.Notification.status)).all() == ["pending"]  # a worker sends it
        assert session.scalar(sa.select(sa.func.count()).select_from(m.SourceRun)) == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_notification_queued_twice_is_sent_once_by_a_worker(
    broker: Any, start_worker: Callable[..., Any], engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parkwatch.tasks.app import submit_notification

    with running_receiver() as receiver:
        _channels(tmp_path, receiver.url, monkeypatch)
        notification = _pending(engine)
        start_worker(queues="notify")
        answers = [submit_notification(notification, celery=broker).get(timeout=60) for _ in range(2)]
        assert answers == ["sent", "skipped: sent, failed or claimed already"]
        assert len(receiver.bodies) == 1 and "某停车场" in receiver.bodies[0]["markdown"]["content"]
    with read_session(engine) as session:
        assert session.scalars(sa.select(m.Notification.status)).all() == ["sent"]
