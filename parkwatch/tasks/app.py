"""The Celery app and the four tasks, configured from the settings (`parkwatch.settings`).

`PARKWATCH_BROKER_URL` (e.g. `redis://redis-host:6379/0`) is the broker and the result store; with
none set, `task_always_eager` runs a submitted task at once in the caller's process, through the
same code. Every task: acknowledged after it ran (`acks_late`), handed back to the broker when its
worker process is lost (`reject_on_worker_lost`), retried with back-off (1 s, 2 s, 4 s … at most
10 min) up to `PARKWATCH_TASK_MAX_RETRIES` times, then recorded as a dead letter. A worker takes one
message at a time per process (prefetch 1): a photo waits in Redis, not behind a busy process.

Each task runs on its own queue, so machines can be given the work they suit:
`ocr` (CPU and ~0.8 GB per process for RapidOCR), `crawl` (network), `check` (CPU, database),
`notify` (network).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from celery import Celery, Task
from celery.result import AsyncResult
from celery.signals import worker_process_init

from parkwatch.settings import Settings, get_settings
from parkwatch.store.notify.outbox import DeliveryReport
from parkwatch.tasks import deliveries, work

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from parkwatch.store.notify.config import NotifyConfig

QUEUES = ("ocr", "crawl", "check", "notify")
READ_PHOTO, CRAWL_SOURCE, CHECK_CHUNK, SEND_NOTIFICATION = (
    "parkwatch.read_photo",
    "parkwatch.crawl_source",
    "parkwatch.check_chunk",
    "parkwatch.send_notification",
)
ROUTES = {READ_PHOTO: "ocr", CRAWL_SOURCE: "crawl", CHECK_CHUNK: "check", SEND_NOTIFICATION: "notify"}
RETRY_BACKOFF_MAX_S = 600
# One thread per worker process for each library that would start its own pool: the worker's processes
# (one per core) are the parallelism, and threads on top only contend for the same cores (tesseract's
# OpenMP, OpenBLAS under numpy, OpenCV's parallel_for; RapidOCR's onnxruntime already runs one intra-op
# thread, `ocr.engines.rapid`). Set by `parkwatch worker` before any of them loads; a value already in
# the environment wins.
WORKER_THREAD_LIMITS = {
    "OMP_THREAD_LIMIT": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OPENCV_FOR_THREADS_NUM": "1",
}


def make_app(settings: Settings) -> Celery:
    celery = Celery("parkwatch", set_as_current=False)
    celery.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_track_started=True,  # the dashboard shows "being read", not only "waiting"
        task_routes={name: {"queue": queue} for name, queue in ROUTES.items()},
        task_default_queue="check",
        result_expires=24 * 3600,
        broker_connection_retry_on_startup=True,
        enable_utc=True,
        timezone="UTC",
        worker_hijack_root_logger=False,
    )
    if settings.broker_url:
        celery.conf.update(
            broker_url=settings.broker_url,
            result_backend=settings.broker_url,
            broker_transport_options={"visibility_timeout": settings.task_visibility_timeout_s},
        )
    else:  # one machine: run each task where it is submitted
        celery.conf.update(task_always_eager=True, task_store_eager_result=False)
    return celery


app = make_app(get_settings())


def limit_worker_threads() -> None:
    """For a worker process and the pool processes it forks: `WORKER_THREAD_LIMITS` (not for the
    dashboard or the command line, whose single process may use every core)."""
    for name, value in WORKER_THREAD_LIMITS.items():
        os.environ.setdefault(name, value)


def broker_configured() -> bool:
    return bool(get_settings().broker_url)


def _own_engines(**_: Any) -> None:
    """A forked worker process opens its own database connections (never its parent's)."""
    from parkwatch.store.db.engine import get_engine

    get_engine.cache_clear()


worker_process_init.connect(_own_engines, weak=False)


def _natural_key(name: str, kwargs: dict[str, Any]) -> str:
    if name == READ_PHOTO:
        return work.photo_key(kwargs.get("sha256", ""), kwargs.get("lot_id"))
    if name == CRAWL_SOURCE:
        return f"{kwargs.get('source')}:{kwargs.get('run_id', '')}"
    if name == CHECK_CHUNK:
        return f"{kwargs.get('run_id', '')}:{kwargs.get('first_lot')}-{kwargs.get('last_lot')}"
    if name == SEND_NOTIFICATION:
        return f"notification:{kwargs.get('notification_id')}"
    return hashlib.sha256(repr(sorted(kwargs.items())).encode()).hexdigest()


class ParkwatchTask(Task):  # type: ignore[misc]  # Celery's Task is untyped
    """Retries with back-off; after the last one, the dead letter. A message whose worker died during
    every run is counted at each delivery (`parkwatch.tasks.deliveries`) and dead-lettered, not run, once
    it has been run as often as a failing task is (1 + max_retries)."""

    autoretry_for = (Exception,)
    retry_backoff = True
    retry_backoff_max = RETRY_BACKOFF_MAX_S
    retry_jitter = False
    acks_late = True
    reject_on_worker_lost = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        broker, request = get_settings().broker_url, self.request
        if not request.is_eager and request.id and deliveries.counted(broker):
            number = deliveries.count_delivery(broker, request.id)
            runs = number - 1
            if runs >= (self.max_retries or 0) + 1:
                lost = runs - request.retries  # the runs that raised were retried, each a new delivery
                raise deliveries.DeliveredTooOften(
                    f"已运行 {runs} 次，其中 {lost} 次工作进程在运行中退出，不再运行 / run {runs} times, its worker "
                    f"died during {lost} of them: not run again",
                    runs=runs,
                )
        return super().__call__(*args, **kwargs)

    def on_success(self, retval: Any, task_id: str, args: Any, kwargs: Any) -> None:
        self._forget(task_id)

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        from parkwatch.store.clock import utc_now
        from parkwatch.store.db.engine import write_session
        from parkwatch.store.services.dead_letters import record_dead_letter

        runs = exc.runs if isinstance(exc, deliveries.DeliveredTooOften) else self.request.retries + 1
        with write_session() as session:
            record_dead_letter(
                session,
                task=self.name,
                key=_natural_key(self.name, dict(kwargs or {})),
                arguments=dict(kwargs or {}),
                error=f"{type(exc).__name__}: {exc}",
                attempts=runs,
                now=utc_now(),
            )
        self._forget(task_id)

    def _forget(self, task_id: str) -> None:
        broker = get_settings().broker_url
        if not self.request.is_eager and deliveries.counted(broker):
            deliveries.forget(broker, task_id)


_OPTIONS: dict[str, Any] = {"base": ParkwatchTask, "max_retries": get_settings().task_max_retries}


def _crawl_then_check(*, source: str, run_id: str = "") -> str:
    """A crawl, then the rules over the lots in chunks (as the bot runs the rules after its jobs)."""
    from parkwatch.store.clock import to_city, utc_now

    summary = work.crawl_source(source=source, run_id=run_id)
    now = utc_now()
    chunks = submit_check(to_city(now).date(), now, run_id=f"crawl:{source}:{run_id}")
    return f"{summary} · 规则检查 {len(chunks)} 批 check chunks queued"


# The tasks: each calls its function of `parkwatch.tasks.work` with the message's keyword arguments.
read_photo = app.task(name=READ_PHOTO, **_OPTIONS)(work.read_photo)
crawl_source = app.task(name=CRAWL_SOURCE, **_OPTIONS)(_crawl_then_check)
check_chunk = app.task(name=CHECK_CHUNK, **_OPTIONS)(work.check_chunk)
send_notification = app.task(name=SEND_NOTIFICATION, **_OPTIONS)(work.send_notification)


# -- submitting ------------------------------------------------------------------------------------


def submit_photo_read(
    data: bytes,
    filename: str,
    *,
    lot_id: int | None,
    actor: str,
    captured_at: datetime,
    store: bool,
    engine: str | None = None,
    celery: Celery | None = None,
) -> AsyncResult:
    """Stage the photo where every worker can read it (the evidence storage), then queue its reading."""
    from parkwatch.store.evidence_storage import evidence_storage, staging_key

    sha = hashlib.sha256(data).hexdigest()
    evidence_storage().put(staging_key(sha), data)
    arguments = dict(
        sha256=sha,
        filename=filename,
        lot_id=lot_id,
        actor=actor,
        captured_at=captured_at.isoformat(),
        store=store,
        engine=engine,
    )
    return _submit(READ_PHOTO, arguments, celery)


def submit_crawl(source: str, run_id: str, celery: Celery | None = None) -> AsyncResult:
    return _submit(CRAWL_SOURCE, {"source": source, "run_id": run_id}, celery)


def submit_check(
    on: date, now: datetime, run_id: str, chunk: int = work.CHUNK_LOTS, celery: Celery | None = None
) -> list[AsyncResult]:
    """One check task per chunk of lots (by id range); the results say what each chunk found."""
    when = {"on": on.isoformat(), "now": now.isoformat(), "run_id": run_id}
    return [
        _submit(CHECK_CHUNK, {"first_lot": first, "last_lot": last, **when}, celery)
        for first, last in work.lot_chunks(chunk)
    ]


def submit_notification(
    notification_id: int, handed_at: datetime | None = None, celery: Celery | None = None
) -> AsyncResult:
    when = handed_at.isoformat() if handed_at is not None else None
    return _submit(SEND_NOTIFICATION, {"notification_id": notification_id, "handed_at": when}, celery)


def submit_due_notifications(engine: Engine, config: NotifyConfig, now: datetime) -> DeliveryReport:
    """The bot's delivery step with a broker: one task per due row of an immediate channel, handed over
    once per lease (`sent` counts the rows handed to the workers); a digest channel's daily message is
    sent here, as before."""
    import sqlalchemy as sa

    from parkwatch.store.db import models as m
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.notify.outbox import deliver

    immediate = [c.name for c in config.channels if c.mode != "digest"]
    with read_session(engine) as session:
        due = session.scalars(
            sa.select(m.Notification.id)
            .where(
                m.Notification.channel.in_(immediate),
                m.Notification.status == "pending",
                m.Notification.next_attempt_at <= now,
            )
            .order_by(m.Notification.id)
        ).all()
    handed = 0
    for notification_id in due:
        handed_at = work.hand_over_notification(notification_id, now)
        if handed_at is not None:  # not taken by another bot meanwhile
            submit_notification(notification_id, handed_at=handed_at)
            handed += 1
    digests = replace(config, channels=tuple(c for c in config.channels if c.mode == "digest"))
    return deliver(engine, digests, now) + DeliveryReport(sent=handed)


def _submit(name: str, kwargs: dict[str, Any], celery: Celery | None) -> AsyncResult:
    """Through `celery` (default: this process's app): at once in this process when it has no broker,
    else by name to the task's queue (a client made by `make_app` needs no tasks registered)."""
    celery = celery or app
    if celery.conf.task_always_eager:
        result: AsyncResult = celery.tasks[name].apply_async(kwargs=kwargs)
        return result
    sent: AsyncResult = celery.send_task(name, kwargs=kwargs, queue=ROUTES[name])
    return sent
