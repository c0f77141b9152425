"""The work of each task, as plain functions: the Celery tasks (`parkwatch.tasks.app`) call these, and
so can anything in-process. Arguments and results are JSON (they cross the broker).

Idempotence, task by task:

- `read_photo`: keyed by (photo sha256, lot). The reading is stored with its evidence in one
  transaction that first takes a lock on that key (PostgreSQL: an advisory lock; SQLite: every write
  transaction is `BEGIN IMMEDIATE` already) and looks for the observation a previous run stored: a
  second run returns that one and stores nothing.
- `crawl_source`: a crawl is idempotent by design: a page's snapshot is content-addressed evidence and
  a new observation and price version are stored only when the fee grid changed.
- `check_chunk`: keyed by the chunk's lot range: findings are stored by fingerprint, never twice.
- `send_notification`: keyed by the outbox row ((channel, event) is unique): the bot hands a due row
  over by moving its next attempt a lease ahead, and the worker claims it with one conditional UPDATE
  (still pending, as handed over → a lease ahead again), so two deliveries of the message send once;
  a worker that dies after the claim leaves the row to be handed over again after the lease.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHUNK_LOTS = 2000  # lots per check task (as `parkwatch.store.checking.CHUNK_LOTS`: one transaction each)
CRAWL_TIMEOUT_S = 3600
NOTIFY_LEASE = timedelta(minutes=10)  # a claimed notification is offered again after this


def photo_key(sha256: str, lot_id: int | None) -> str:
    return f"{sha256}:{lot_id if lot_id is not None else '-'}"


def lock_key(session: Session, key: str) -> None:
    """Serialize the writers of one natural key until the transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})
    # SQLite: the write transaction began with BEGIN IMMEDIATE, which already excludes other writers


def stored_reading(session: Session, sha256: str, lot_id: int | None) -> int | None:
    """The observation a previous run stored for this photo and lot (not a person's correction)."""
    from parkwatch.store.db.models import Observation

    query = sa.select(Observation.id).where(
        Observation.kind == "photo",
        Observation.evidence_sha256 == sha256,
        Observation.corrects_id.is_(None),
        Observation.lot_id.is_(None) if lot_id is None else Observation.lot_id == lot_id,
    )
    found: int | None = session.scalars(query.order_by(Observation.id).limit(1)).first()
    return found


def read_photo(
    *,
    sha256: str,
    filename: str,
    lot_id: int | None,
    actor: str,
    captured_at: str,
    store: bool,
    engine: str | None = None,
) -> dict[str, Any]:
    """Read the staged photo `sha256`; with `store`, keep it as evidence and its reading as an observation
    (pending when weak), once per (photo, lot). A photo the intake refuses is an answer, not a failure."""
    from ocr.intake import PhotoRejected, intake_photo
    from ocr.read import read_photo as ocr_read
    from parkwatch.store.evidence_storage import evidence_storage, staging_key

    storage = evidence_storage()
    if store and (done := _already_stored(sha256, lot_id)) is not None:
        storage.delete(staging_key(sha256))
        return {"ok": True, "sha256": sha256, "observation_id": done, "duplicate": True}
    data = storage.get(staging_key(sha256))
    try:
        photo = intake_photo(data, filename)
    except PhotoRejected as rejected:
        storage.delete(staging_key(sha256))
        return {"ok": False, "sha256": sha256, "error": f"{rejected.message_zh} {rejected.message_en}"}
    reading = ocr_read(photo.image, engine)
    answer: dict[str, Any] = {"ok": True, "sha256": sha256, "media_type": photo.media_type, **reading.to_json()}
    if store:
        answer["observation_id"], answer["duplicate"] = _store_reading(
            data, photo, reading, lot_id=lot_id, actor=actor, captured_at=datetime.fromisoformat(captured_at)
        )
        storage.delete(staging_key(sha256))  # the evidence holds the photo now
    return answer


def _already_stored(sha256: str, lot_id: int | None) -> int | None:
    from parkwatch.store.db.engine import read_session

    with read_session() as session:
        return stored_reading(session, sha256, lot_id)


def _store_reading(
    data: bytes, photo: Any, reading: Any, *, lot_id: int | None, actor: str, captured_at: datetime
) -> tuple[int, bool]:
    """(observation id, True when a previous run had stored it): evidence and observation in one
    transaction, through the observations service, under the (photo, lot) lock."""
    from ocr.privacy import public_copy
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.services.observations import observation_of_reading, record_photo

    observation = observation_of_reading(
        reading, reading.board.to_json(), captured_at=captured_at, lot_id=lot_id, created_by=actor
    )
    with write_session() as session:
        lock_key(session, "read_photo:" + photo_key(photo.sha256, lot_id))
        done = stored_reading(session, photo.sha256, lot_id)
        if done is not None:
            return done, True
        row = record_photo(
            session, data, photo.media_type, lambda: public_copy(photo.image), observation, actor=actor, now=utc_now()
        )
        return row.id, False


def crawl_source(*, source: str, run_id: str = "") -> str:
    """Crawl one source in its own process (`parkwatch crawl KEY`: Scrapy's reactor runs once per
    process); a crash there fails only this crawl. Returns the crawl's last line."""
    result = subprocess.run(
        [sys.executable, "-m", "parkwatch", "crawl", source],
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"crawl {source} exited {result.returncode}: {' | '.join(tail)}")
    return (result.stdout.strip().splitlines() or [""])[-1]


def lot_chunks(size: int = CHUNK_LOTS) -> Iterator[tuple[int, int]]:
    """The stored lots as (first id, last id) ranges of at most `size` lots each."""
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Lot

    with read_session() as session:
        ids = list(session.scalars(sa.select(Lot.id).order_by(Lot.id)))
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        yield part[0], part[-1]


def check_chunk(*, first_lot: int, last_lot: int, on: str, now: str, run_id: str = "") -> dict[str, Any]:
    """Every rule over the lots with first_lot ≤ id ≤ last_lot, as `parkwatch check` does for all."""
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import get_engine

    summary = check_lots(
        get_engine(), date.fromisoformat(on), range(first_lot, last_lot + 1), now=datetime.fromisoformat(now)
    )
    return summary.to_json()


def hand_over_notification(notification_id: int, now: datetime) -> datetime | None:
    """The bot hands a due row to the workers: its next attempt moves a lease ahead (so the next tick
    does not hand it over again); returns that instant, which the message carries, or None when the
    row is no longer due (sent, or handed over by another bot)."""
    from parkwatch.store.db import models as m

    handed = now + NOTIFY_LEASE
    due = sa.or_(m.Notification.next_attempt_at.is_(None), m.Notification.next_attempt_at <= now)
    return handed if _move_attempt(notification_id, due, handed) else None


def claim_notification(notification_id: int, handed_at: datetime | None, now: datetime) -> Any:
    """The outbox row, if this message may send it: still pending and as the bot handed it over (or,
    for a message without `handed_at`, due); claimed for `NOTIFY_LEASE` with one conditional UPDATE, so
    a second delivery of the same message finds it changed and sends nothing."""
    from parkwatch.store.db import models as m
    from parkwatch.store.db.engine import read_session

    attempt = m.Notification.next_attempt_at
    mine = attempt == handed_at if handed_at is not None else sa.or_(attempt.is_(None), attempt <= now)
    claimed = now + NOTIFY_LEASE
    if handed_at is not None:  # never the value it was handed over with: a second claim must fail
        claimed = max(claimed, handed_at + timedelta(microseconds=1))
    if not _move_attempt(notification_id, mine, claimed):
        return None
    with read_session() as session:
        return session.get(m.Notification, notification_id)


def _move_attempt(notification_id: int, condition: Any, to: datetime) -> bool:
    from parkwatch.store.db import models as m
    from parkwatch.store.db.engine import write_session

    with write_session() as session:
        result = session.execute(
            sa.update(m.Notification)
            .where(m.Notification.id == notification_id, m.Notification.status == "pending", condition)
            .values(next_attempt_at=to)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


def send_notification(*, notification_id: int, handed_at: str | None = None) -> str:
    """Send one outbox row of an immediate channel; a failed delivery is retried by the outbox's own
    back-off (the bot hands the row over again), not by the task."""
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.engine import get_engine
    from parkwatch.store.notify import channels as wire
    from parkwatch.store.notify.config import load_config
    from parkwatch.store.notify.outbox import deliver_rows, stored_payload

    now = utc_now()
    row = claim_notification(notification_id, datetime.fromisoformat(handed_at) if handed_at else None, now)
    if row is None:
        return "skipped: sent, failed or claimed already"
    channel = load_config().channel(row.channel)
    payload = stored_payload(row)
    report = deliver_rows(get_engine(), channel, [row], payload["title"], payload["text"], payload, now, wire.send)
    return "sent" if report.sent else "retrying" if report.retrying else "failed"
