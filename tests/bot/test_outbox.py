"""The outbox: de-duplication, digests, retries, and nothing sent twice across restarts."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.notify.config import Channel, NotifyConfig
from parkwatch.store.notify.events import Event
from parkwatch.store.notify.outbox import deliver, enqueue

CITY = ZoneInfo("Asia/Shanghai")  # the default PARKWATCH_TIMEZONE: a digest's hour is the city's
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=CITY)


def _event(n: int, kind: str = "new_error") -> Event:
    return Event(
        kind=kind,
        key=f"finding:{n}",
        at=NOW,
        title=f"【新违规】演示停车场{n} PD006",
        lines=("未公示举报电话",),
        lot_id=n,
        lot_name=f"演示停车场{n}",
        url=f"http://x/lot?lot={n}",
    )


def _rows(engine) -> list[m.Notification]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(m.Notification).order_by(m.Notification.id)))


def test_the_same_event_is_queued_and_sent_once(sqlite_engine, receiver) -> None:
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    assert enqueue(sqlite_engine, config, [_event(1), _event(1)], NOW) == 1
    assert enqueue(sqlite_engine, config, [_event(1)], NOW) == 0
    deliver(sqlite_engine, config, NOW)
    deliver(sqlite_engine, config, NOW + timedelta(minutes=5))
    assert [b["key"] for b in receiver.bodies] == ["finding:1"]
    assert [(r.status, r.attempts) for r in _rows(sqlite_engine)] == [("sent", 1)]


def test_a_channel_only_gets_the_event_kinds_it_asked_for(sqlite_engine, receiver) -> None:
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url, events=("source_failed",)),))
    assert enqueue(sqlite_engine, config, [_event(1), _event(2, "source_failed")], NOW) == 1
    deliver(sqlite_engine, config, NOW)
    assert [b["kind"] for b in receiver.bodies] == ["source_failed"]


def test_a_failed_delivery_is_retried_with_back_off_then_sent(sqlite_engine, receiver) -> None:
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    receiver.fail_with = [500]
    enqueue(sqlite_engine, config, [_event(1)], NOW)
    report = deliver(sqlite_engine, config, NOW)
    assert (report.sent, report.retrying) == (0, 1)
    [row] = _rows(sqlite_engine)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, NOW + timedelta(minutes=1))
    assert "500" in row.last_error
    assert deliver(sqlite_engine, config, NOW + timedelta(seconds=30)).sent == 0  # not due yet
    assert deliver(sqlite_engine, config, NOW + timedelta(minutes=1)).sent == 1
    assert len(receiver.requests) == 2
    assert _rows(sqlite_engine)[0].status == "sent"


def test_a_delivery_that_keeps_failing_ends_as_failed(sqlite_engine, receiver) -> None:
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url, max_attempts=3),))
    receiver.fail_with = [500] * 10
    enqueue(sqlite_engine, config, [_event(1)], NOW)
    moment = NOW
    for _ in range(5):
        deliver(sqlite_engine, config, moment)
        moment += timedelta(hours=2)
    [row] = _rows(sqlite_engine)
    assert (row.status, row.attempts) == ("failed", 3)
    assert len(receiver.requests) == 3


def test_a_digest_channel_sends_one_message_a_day_at_its_hour(sqlite_engine, receiver) -> None:
    config = NotifyConfig(
        channels=(Channel(name="daily", type="webhook", url=receiver.url, mode="digest", digest_at=time(8, 30)),)
    )
    morning = datetime(2026, 12, 1, 7, 0, tzinfo=CITY)
    enqueue(sqlite_engine, config, [_event(1), _event(2), _event(3, "price_change")], morning)
    assert deliver(sqlite_engine, config, morning).sent == 0  # before 08:30
    assert deliver(sqlite_engine, config, morning.replace(hour=8, minute=30)).sent == 3
    [digest] = receiver.bodies
    assert digest["kind"] == "digest"
    assert [e["key"] for e in digest["events"]] == ["finding:1", "finding:2", "finding:3"]
    assert "共 3 条" in digest["title"]
    # a new event the same day waits for tomorrow's digest
    enqueue(sqlite_engine, config, [_event(4)], morning.replace(hour=9))
    assert deliver(sqlite_engine, config, morning.replace(hour=23)).sent == 0
    assert deliver(sqlite_engine, config, morning + timedelta(days=1, hours=2)).sent == 1
    assert len(receiver.requests) == 2


def test_a_restarted_outbox_sends_nothing_twice(sqlite_engine, receiver) -> None:
    channel = Channel(name="hook", type="webhook", url=receiver.url)
    enqueue(sqlite_engine, NotifyConfig(channels=(channel,)), [_event(1), _event(2)], NOW)
    deliver(sqlite_engine, NotifyConfig(channels=(channel,)), NOW)
    # a new process: fresh config objects, the same database
    restarted = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    enqueue(sqlite_engine, restarted, [_event(1), _event(2), _event(3)], NOW + timedelta(minutes=1))
    deliver(sqlite_engine, restarted, NOW + timedelta(minutes=1))
    assert [b["key"] for b in receiver.bodies] == ["finding:1", "finding:2", "finding:3"]


def test_queued_rows_keep_the_chinese_message_and_the_lot_link(sqlite_engine, receiver) -> None:
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    enqueue(sqlite_engine, config, [_event(7)], NOW)
    with write_session(sqlite_engine) as session:
        row = session.scalars(sa.select(m.Notification)).one()
        assert row.payload["text"] == "【新违规】演示停车场7 PD006\n未公示举报电话\n详情：http://x/lot?lot=7"
