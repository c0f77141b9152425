"""The bot's schedule, locks and events, driven by an injected clock."""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.bot import Bot, Job, Schedule
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.notify.config import Channel, NotifyConfig
from tests.rows import lot_row

MONDAY = datetime(2026, 11, 30, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # midnight in the city
NO_CHANNELS = NotifyConfig()


def _no_rules(engine, now) -> None:
    return None


def _counting_job(name: str, schedule: Schedule, runs: Counter, fail: bool = False) -> Job:
    def run(now: datetime) -> str:
        runs[name] += 1
        if fail:
            raise RuntimeError("portal answered 503")
        return "ok"

    return Job(name, schedule, run)


def test_a_week_of_schedules_runs_each_job_as_often_as_its_schedule_says(sqlite_engine) -> None:
    runs: Counter = Counter()
    jobs = [
        _counting_job("crawl:every6h", Schedule(interval_minutes=360), runs),
        _counting_job("crawl:daily", Schedule(cron="0 6 * * *"), runs),
        _counting_job("crawl:weekdays", Schedule(cron="30 9 * * 1-5"), runs),
    ]
    bot = Bot(sqlite_engine, jobs, NO_CHANNELS, check=_no_rules)
    moment = MONDAY
    while moment < MONDAY + timedelta(days=7):
        bot.tick(moment)
        moment += timedelta(minutes=15)
    # first run at start, then every 6 h: 0:00, 6:00, … over 7 days = 28 runs
    assert runs["crawl:every6h"] == 28
    # at start (never run), then 06:00 each of 7 days
    assert runs["crawl:daily"] == 1 + 7
    # at start, then 09:30 Monday to Friday
    assert runs["crawl:weekdays"] == 1 + 5


def test_missed_jobs_run_once_after_downtime(sqlite_engine) -> None:
    runs: Counter = Counter()
    jobs = [_counting_job("crawl:hourly", Schedule(cron="0 * * * *"), runs)]
    Bot(sqlite_engine, jobs, NO_CHANNELS, check=_no_rules).tick(MONDAY)
    # the bot is down for ten hours; a new one starts
    restarted = Bot(sqlite_engine, jobs, NO_CHANNELS, check=_no_rules)
    restarted.tick(MONDAY + timedelta(hours=10, minutes=5))
    restarted.tick(MONDAY + timedelta(hours=10, minutes=20))
    assert runs["crawl:hourly"] == 2


def test_a_failing_source_does_not_stop_the_others_and_shows_in_source_health(sqlite_engine) -> None:
    runs: Counter = Counter()
    jobs = [
        _counting_job("crawl:broken", Schedule(interval_minutes=60), runs, fail=True),
        _counting_job("crawl:fine", Schedule(interval_minutes=60), runs),
    ]
    report = Bot(sqlite_engine, jobs, NO_CHANNELS, check=_no_rules).tick(MONDAY)
    assert report.ran == ("crawl:fine",)
    assert report.failed == ("crawl:broken",)
    with read_session(sqlite_engine) as session:
        run = session.scalars(sa.select(m.SourceRun)).one()
        source = session.get(m.Source, run.source_id)
    assert (source.key, run.status, source.last_status) == ("broken", "failed", "failed")
    assert "503" in run.message


def test_two_bots_never_run_the_same_job_at_once(engine) -> None:
    """Two bots (think: two machines) tick at the same moment against one database."""
    runs: Counter = Counter()
    started = threading.Event()
    release = threading.Event()

    def slow(now: datetime) -> str:
        runs["crawl:slow"] += 1
        started.set()
        release.wait(5)
        return "ok"

    job = Job("crawl:slow", Schedule(interval_minutes=60), slow)
    first = Bot(engine, [job], NO_CHANNELS, holder="machine-a", check=_no_rules)
    second = Bot(engine, [job], NO_CHANNELS, holder="machine-b", check=_no_rules)
    thread = threading.Thread(target=first.tick, args=(MONDAY,))
    thread.start()
    assert started.wait(5)
    assert second.tick(MONDAY + timedelta(seconds=1)).ran == ()  # locked by machine-a
    release.set()
    thread.join()
    assert second.tick(MONDAY + timedelta(minutes=1)).ran == ()  # ran already, next in an hour
    assert runs["crawl:slow"] == 1
    assert second.tick(MONDAY + timedelta(hours=1)).ran == ("crawl:slow",)


def test_a_lock_left_by_a_crashed_bot_expires(sqlite_engine) -> None:
    runs: Counter = Counter()
    job = _counting_job("crawl:x", Schedule(interval_minutes=60), runs)
    with write_session(sqlite_engine) as session:
        session.add(m.JobState(name="crawl:x", lock_holder="crashed", lock_expires_at=MONDAY + timedelta(hours=1)))
    bot = Bot(sqlite_engine, [job], NO_CHANNELS, check=_no_rules)
    assert bot.tick(MONDAY).ran == ()
    assert bot.tick(MONDAY + timedelta(hours=1, minutes=1)).ran == ("crawl:x",)


def test_a_briefly_unavailable_database_is_retried_with_back_off(sqlite_engine) -> None:
    sleeps: list[float] = []
    bot = Bot(sqlite_engine, [], NO_CHANNELS, check=_no_rules, sleep=sleeps.append)
    real_tick, failures = bot.tick, [2]

    def flaky_tick(now: datetime):
        if failures[0]:
            failures[0] -= 1
            raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))
        return real_tick(now)

    bot.tick = flaky_tick  # type: ignore[method-assign]  # the database fails on the first ticks
    bot.tick_with_retry(lambda: MONDAY)
    assert sleeps == [1, 2]
    with pytest.raises(OperationalError):
        failures[0] = 10
        bot.tick_with_retry(lambda: MONDAY, attempts=3)


def _lot_with_prices(engine, texts: list[str]) -> None:
    from parkwatch.core.fee import fee_grid_hash

    with write_session(engine) as session:
        session.add(lot_row("演示·南湖广场停车场", MONDAY, id=1))
        session.add(m.Source(id=1, key="demo_portal", kind="web", name="演示停车信息网"))
        session.flush()
        for index, text in enumerate(texts, start=1):
            tariff = read_tariff(text).tariff
            session.add(
                m.Observation(
                    id=index,
                    lot_id=1,
                    source_id=1,
                    kind="web",
                    captured_at=MONDAY + timedelta(days=index),
                    raw_text=text,
                )
            )
            session.flush()
            session.add(
                m.PriceVersion(
                    lot_id=1,
                    source_id=1,
                    observation_id=index,
                    valid_from=MONDAY + timedelta(days=index),
                    fee_grid_hash=fee_grid_hash(tariff),
                    tariff=tariff.to_json(),
                )
            )


def test_a_real_price_change_is_notified_with_the_numbers(sqlite_engine, receiver) -> None:
    _lot_with_prices(sqlite_engine, ["首小时5元，之后每小时2元", "首小时5元，之后每小时3元"])
    config = NotifyConfig(
        channels=(Channel(name="hook", type="webhook", url=receiver.url),), public_base_url="http://pw"
    )
    Bot(sqlite_engine, [], config, check=_no_rules).tick(MONDAY + timedelta(days=2, hours=1))
    [message] = receiver.bodies
    assert message["kind"] == "price_change"
    assert message["title"] == "【价格变动】演示·南湖广场停车场"
    assert "→" in message["lines"][0] and "元" in message["lines"][0]
    assert message["url"] == "http://pw/lot?lot=1"


def test_a_change_below_both_thresholds_is_not_notified(sqlite_engine, receiver) -> None:
    _lot_with_prices(
        sqlite_engine,
        ["首小时5元，之后每小时2元，24小时最高收费100元", "首小时5.1元，之后每小时2元，24小时最高收费100元"],
    )
    config = NotifyConfig(
        channels=(Channel(name="hook", type="webhook", url=receiver.url),),
        price_change_yuan=Decimal("1.00"),
        price_change_percent=Decimal("10"),
    )
    Bot(sqlite_engine, [], config, check=_no_rules).tick(MONDAY + timedelta(days=2, hours=1))
    assert receiver.bodies == []


def test_new_errors_are_notified_once_across_restarts(sqlite_engine, receiver) -> None:
    with write_session(sqlite_engine) as session:
        session.add(lot_row("演示·市政务服务中心后停车场", MONDAY, id=1))
        session.flush()
        for n, (code, severity) in enumerate([("CX003", "error"), ("PD011", "alert")], start=1):
            session.add(
                m.Finding(
                    fingerprint=f"f{n}",
                    rule_code=code,
                    severity=severity,
                    lot_id=1,
                    message="无收费权的主体收取停车费：每小时10元",
                    found_at=MONDAY + timedelta(hours=1),
                    updated_at=MONDAY,
                )
            )
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    Bot(sqlite_engine, [], config, check=_no_rules).tick(MONDAY + timedelta(hours=2))
    Bot(sqlite_engine, [], config, check=_no_rules).tick(MONDAY + timedelta(hours=3))
    assert [b["data"]["rule"] for b in receiver.bodies] == ["CX003"]  # errors only, once


def test_two_price_versions_with_the_same_time_are_ordered_by_when_they_were_stored(sqlite_engine, receiver) -> None:
    """Capture times can be pinned (the demo): the later row is the change."""
    _lot_with_prices(sqlite_engine, ["首小时5元，之后每小时2元", "首小时5元，之后每小时3元"])
    with write_session(sqlite_engine) as session:
        for version in session.scalars(sa.select(m.PriceVersion)):
            version.valid_from = MONDAY + timedelta(days=1)
    config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url=receiver.url),))
    Bot(sqlite_engine, [], config, check=_no_rules).tick(MONDAY + timedelta(days=1, hours=1))
    [message] = receiver.bodies
    assert message["data"]["price_version_id"] == 2
    before, after = (Decimal(x) for x in re.findall(r"(\d+\.\d\d) 元", message["lines"][0]))
    assert after > before  # judged against version 1, the earlier row: 每小时2元 → 3元
