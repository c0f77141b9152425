"""The monitoring bot: runs each job on its schedule, then the rules, then the notifications.

One `tick(now)` does a whole cycle, so the bot is driven by an injected clock (tests run a week of
schedules in seconds). Each job's state lives in the `job_state` table:

- a job is due when its `next_run_at` has passed; after a run the next time is computed from *now*,
  so a bot that was down runs each missed job once, not once per missed occurrence; a `cron:` schedule
  is read on the city's clock (`PARKWATCH_TIMEZONE`), every stored time is UTC;
- before running, a bot takes the job's lock with one conditional UPDATE (due, and not locked by a
  live holder): two bots on two machines sharing a database never run the same job at once;
- a job that fails is recorded (and, for a crawl, in source health) and the others go on;
- a database that is briefly unavailable is retried with back-off;
- events are notified by identity (`parkwatch.store.notify.events`): each event since the bot began
  watching (the `events` row's `last_run_at`, set once) that is not yet queued is queued, once;
- housekeeping: once an hour (one bot of all, by the same lock) photos staged for a worker longer than
  `PARKWATCH_STAGING_MAX_AGE_HOURS` are deleted (`sweep:staging`): not a job (no rules after it).
"""

from __future__ import annotations

import logging
import os
import socket
import time as _time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from croniter import croniter
from sqlalchemy import CursorResult, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from parkwatch.settings import get_settings
from parkwatch.store.clock import as_utc, to_city, utc_now
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.evidence_storage import evidence_storage, sweep_staging
from parkwatch.store.notify.config import NotifyConfig
from parkwatch.store.notify.events import collect_events
from parkwatch.store.notify.outbox import DeliveryReport, Sender, deliver, enqueue

log = logging.getLogger("parkwatch.store.bot")

EVENTS_STATE = "events"  # job_state row whose last_run_at is when the bot began watching for events
FIRST_LOOKBACK = timedelta(days=1)  # a new bot also notifies the events of the day before it started
STAGING_SWEEP = "sweep:staging"  # job_state row of the hourly sweep of staged photos


@dataclass(frozen=True)
class Schedule:
    cron: str | None = None
    interval_minutes: int | None = None

    def next_after(self, moment: datetime) -> datetime:
        """The next run after `moment` (UTC); "0 6 * * *" is 06:00 in the city, not on the host."""
        if self.cron:
            following: datetime = croniter(self.cron, to_city(moment)).get_next(datetime)
            return as_utc(following)
        assert self.interval_minutes
        return as_utc(moment) + timedelta(minutes=self.interval_minutes)


@dataclass(frozen=True)
class Job:
    name: str
    schedule: Schedule
    run: Callable[[datetime], str]


@dataclass(frozen=True)
class TickReport:
    ran: tuple[str, ...]
    failed: tuple[str, ...]
    queued: int
    sent: int
    swept: int = 0  # staged photos deleted this cycle


def default_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Bot:
    def __init__(
        self,
        engine: Engine,
        jobs: Iterable[Job],
        config: NotifyConfig,
        *,
        holder: str | None = None,
        lock_ttl: timedelta = timedelta(hours=1),
        check: Callable[[Engine, datetime], object] | None = None,
        sender: Sender | None = None,
        sleep: Callable[[float], None] = _time.sleep,
        deliver_due: Callable[[Engine, NotifyConfig, datetime], DeliveryReport] | None = None,
        staging_max_age: timedelta | None = None,
    ) -> None:
        self.engine = engine
        self.jobs = list(jobs)
        self.config = config
        self.holder = holder or default_holder()
        self.lock_ttl = lock_ttl
        self.check = check if check is not None else _run_rules
        self.sender = sender
        self.sleep = sleep
        # with a broker (`parkwatch.tasks`) the workers send: this hands them the due rows instead
        self.deliver_due = deliver_due
        hours = get_settings().staging_max_age_h
        self.staging_max_age = staging_max_age if staging_max_age is not None else timedelta(hours=hours)

    # -- locking and schedule state -------------------------------------------------------------

    def _ensure_state(self, name: str) -> None:
        try:
            with write_session(self.engine) as session:
                if session.get(m.JobState, name) is None:
                    session.add(m.JobState(name=name))
        except IntegrityError:
            pass  # another bot created it first

    def _acquire(self, name: str, now: datetime) -> bool:
        self._ensure_state(name)
        with write_session(self.engine) as session:
            result = session.execute(
                sa.update(m.JobState)
                .where(
                    m.JobState.name == name,
                    sa.or_(m.JobState.next_run_at.is_(None), m.JobState.next_run_at <= now),
                    sa.or_(m.JobState.lock_holder.is_(None), m.JobState.lock_expires_at < now),
                )
                .values(lock_holder=self.holder, lock_expires_at=now + self.lock_ttl)
                .execution_options(synchronize_session=False)
            )
            assert isinstance(result, CursorResult)  # an UPDATE's result carries its row count
            return result.rowcount == 1

    def _release(self, job: Job, started: datetime, finished: datetime) -> None:
        with write_session(self.engine) as session:
            session.execute(
                sa.update(m.JobState)
                .where(m.JobState.name == job.name, m.JobState.lock_holder == self.holder)
                .values(
                    lock_holder=None,
                    lock_expires_at=None,
                    last_run_at=started,
                    next_run_at=job.schedule.next_after(finished),
                )
                .execution_options(synchronize_session=False)
            )

    def next_due(self) -> datetime | None:
        with write_session(self.engine) as session:
            times = session.scalars(
                sa.select(m.JobState.next_run_at).where(m.JobState.name.in_([j.name for j in self.jobs]))
            ).all()
        known = [t for t in times if t is not None]
        if len(times) < len(self.jobs) or len(known) < len(times):
            return None  # a job has never run: due now
        return min(known)

    # -- one cycle ---------------------------------------------------------------------------------

    def _due_jobs(self, now: datetime) -> list[Job]:
        """Jobs that look due, from one read; the lock in `_acquire` is what decides."""
        with write_session(self.engine) as session:
            states = {
                s.name: s
                for s in session.scalars(sa.select(m.JobState).where(m.JobState.name.in_([j.name for j in self.jobs])))
            }
        due = []
        for job in self.jobs:
            state = states.get(job.name)
            if state is None or (
                (state.next_run_at is None or state.next_run_at <= now)
                and (state.lock_holder is None or (state.lock_expires_at is not None and state.lock_expires_at < now))
            ):
                due.append(job)
        return due

    def tick(self, now: datetime) -> TickReport:
        now = as_utc(now)
        ran, failed = [], []
        for job in self._due_jobs(now) if self.jobs else []:
            if not self._acquire(job.name, now):
                continue
            try:
                summary = job.run(now)
                ran.append(job.name)
                log.info("%s: %s", job.name, summary)
            except Exception as exc:
                failed.append(job.name)
                log.warning("%s failed: %s", job.name, exc)
                _record_failed_job(self.engine, job.name, now, str(exc))
            finally:
                self._release(job, now, now)
        if ran or failed:
            self.check(self.engine, now)
        swept = self.sweep_staging(now)
        if not self.config.channels:
            return TickReport(tuple(ran), tuple(failed), 0, 0, swept)
        queued = self.notify_events(now)
        if self.deliver_due is not None:
            report = self.deliver_due(self.engine, self.config, now)
        else:
            report = deliver(self.engine, self.config, now, sender=self.sender)
        return TickReport(tuple(ran), tuple(failed), queued, report.sent, swept)

    def sweep_staging(self, now: datetime) -> int:
        """Delete the photos staged longer than `staging_max_age` (an upload page closed before its
        reading came back), once an hour across all bots; a storage that fails is logged, and retried
        in an hour. Returns how many were deleted."""
        sweep = Job(STAGING_SWEEP, Schedule(interval_minutes=60), lambda _: "")
        if not self._acquire(sweep.name, now):
            return 0
        try:
            swept = sweep_staging(evidence_storage(), before=now - self.staging_max_age)
        except Exception as exc:  # a bucket out of reach must not stop the crawls and notifications
            log.warning("%s failed: %s", STAGING_SWEEP, exc)
            return 0
        finally:
            self._release(sweep, now, now)
        if swept:
            log.info("%s: %d staged photos older than %s deleted", STAGING_SWEEP, len(swept), self.staging_max_age)
        return len(swept)

    def notify_events(self, now: datetime) -> int:
        """Queue every event not yet queued since the bot began watching; the outbox's unique key
        (channel, event key) makes a second queueing of the same event a no-op."""
        self._ensure_state(EVENTS_STATE)
        with write_session(self.engine) as session:
            state = session.get_one(m.JobState, EVENTS_STATE)
            if state.last_run_at is None:  # the first cycle: begin watching, a day back
                state.last_run_at = as_utc(now) - FIRST_LOOKBACK
            since = state.last_run_at
        with read_session(self.engine) as session:
            events = collect_events(session, since, self.config)
        return enqueue(self.engine, self.config, events, now)

    def tick_with_retry(self, now_fn: Callable[[], datetime], attempts: int = 6) -> TickReport:
        """A tick that waits out a briefly unavailable database (1, 2, 4 … 32 s)."""
        for attempt in range(attempts):
            try:
                return self.tick(now_fn())
            except OperationalError as exc:
                if attempt == attempts - 1:
                    raise
                delay = 2**attempt
                log.warning("database unavailable (%s); retrying in %ss", exc.orig, delay)
                self.engine.dispose()
                self.sleep(delay)
        raise AssertionError("unreachable")

    def run_forever(
        self,
        now_fn: Callable[[], datetime] = utc_now,
        poll_s: float = 30.0,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        while not stop():
            self.tick_with_retry(now_fn)
            due = self.next_due()
            wait = poll_s if due is None else max(1.0, min(poll_s, (due - now_fn()).total_seconds()))
            self.sleep(wait)


def _record_failed_job(engine: Engine, job_name: str, now: datetime, message: str) -> None:
    """A crawl that died before reporting still shows in source health."""
    if not job_name.startswith("crawl:"):
        return
    key = job_name.split(":", 1)[1]
    with write_session(engine) as session:
        source = session.scalars(sa.select(m.Source).where(m.Source.key == key)).first()
        if source is None:
            source = m.Source(key=key, kind="web", name=key)
            session.add(source)
            session.flush()
        session.add(
            m.SourceRun(source_id=source.id, started_at=now, finished_at=now, status="failed", message=message[:1000])
        )
        source.last_run_at, source.last_status = now, "failed"


def _run_rules(engine: Engine, now: datetime) -> object:
    from parkwatch.store.checking import check_lots

    return check_lots(engine, on=to_city(now).date(), now=now)
