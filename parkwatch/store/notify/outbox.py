"""The outbox: each (channel, event) queued once, delivered with retries, or grouped into a digest.

Rows live in the `notifications` table, unique on (channel, event_key): a restart, a second bot or a
re-scan of the same events can never queue, and so never send, the same event twice. A failed
delivery is retried with exponential back-off; after `max_attempts` the row is `failed` and shows
on the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from parkwatch.store.clock import as_utc, from_city, to_city
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import write_session
from parkwatch.store.notify import channels as wire
from parkwatch.store.notify.config import Channel, NotifyConfig
from parkwatch.store.notify.events import Event

RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)

Sender = Callable[[Channel, str, str, dict[str, Any]], None]


@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __add__(self, other: DeliveryReport) -> DeliveryReport:
        return DeliveryReport(self.sent + other.sent, self.retrying + other.retrying, self.failed + other.failed)


def _payload(event: Event) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "key": event.key,
        "title": event.title,
        "text": wire.message_text(event.title, event.lines, event.url),
        "lines": list(event.lines),
        "url": event.url,
        "lot_id": event.lot_id,
        "lot_name": event.lot_name,
        "data": event.data,
        "at": event.at.isoformat(timespec="seconds"),
    }


def _enqueue_channel(engine: Engine, channel: Channel, events: list[Event], now: datetime) -> int:
    added = 0
    with write_session(engine) as session:
        known = set(
            session.scalars(
                sa.select(m.Notification.event_key).where(
                    m.Notification.channel == channel.name,
                    m.Notification.event_key.in_([e.key for e in events]),
                )
            )
        )
        for event in events:
            if event.key in known:
                continue
            session.add(
                m.Notification(
                    channel=channel.name,
                    event_key=event.key,
                    kind=event.kind,
                    payload=_payload(event),
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            known.add(event.key)
            added += 1
    return added


def enqueue(engine: Engine, config: NotifyConfig, events: Iterable[Event], now: datetime) -> int:
    """Queue each event for each channel that wants its kind; returns how many rows were new."""
    events = list(events)
    added = 0
    for channel in config.channels:
        wanted = [e for e in events if e.kind in channel.events]
        if not wanted:
            continue
        for attempt in range(2):
            try:
                added += _enqueue_channel(engine, channel, wanted, now)
                break
            except IntegrityError:
                # another bot queued some of these rows at the same moment; queue only the rest
                if attempt:
                    raise
    return added


def deliver_rows(
    engine: Engine,
    channel: Channel,
    rows: list[m.Notification],
    title: str,
    text: str,
    payload: dict[str, Any],
    now: datetime,
    sender: Sender,
) -> DeliveryReport:
    try:
        sender(channel, title, text, payload)
    except wire.DeliveryError as exc:
        report = DeliveryReport()
        with write_session(engine) as session:
            for row in rows:
                stored = session.get_one(m.Notification, row.id)
                stored.attempts += 1
                stored.last_error = str(exc)[:500]
                if stored.attempts >= channel.max_attempts:
                    stored.status = "failed"
                    report += DeliveryReport(failed=1)
                else:
                    backoff = min(RETRY_BASE * (2 ** (stored.attempts - 1)), RETRY_MAX)
                    stored.next_attempt_at = now + backoff
                    report += DeliveryReport(retrying=1)
        return report
    with write_session(engine) as session:
        for row in rows:
            stored = session.get_one(m.Notification, row.id)
            stored.attempts += 1
            stored.status = "sent"
            stored.sent_at = now
            stored.last_error = None
    return DeliveryReport(sent=len(rows))


def _digest_due(engine: Engine, channel: Channel, now: datetime) -> bool:
    # `digest_at` is a time of day in the city
    today_at = from_city(datetime.combine(to_city(now).date(), channel.digest_at))
    if now < today_at:
        return False
    with write_session(engine) as session:
        state = session.get(m.JobState, f"digest:{channel.name}")
        if state is not None and state.last_run_at is not None and state.last_run_at >= today_at:
            return False
    return True


def _mark_digest(engine: Engine, channel: Channel, now: datetime) -> None:
    with write_session(engine) as session:
        state = session.get(m.JobState, f"digest:{channel.name}")
        if state is None:
            state = m.JobState(name=f"digest:{channel.name}")
            session.add(state)
        state.last_run_at = now


def deliver(engine: Engine, config: NotifyConfig, now: datetime, sender: Sender | None = None) -> DeliveryReport:
    """Send what is due: each pending row of an immediate channel; a digest once a day per channel."""
    now = as_utc(now)
    sender = sender or (lambda channel, title, text, payload: wire.send(channel, title, text, payload))
    total = DeliveryReport()
    for channel in config.channels:
        with write_session(engine) as session:
            rows = list(
                session.scalars(
                    sa.select(m.Notification)
                    .where(
                        m.Notification.channel == channel.name,
                        m.Notification.status == "pending",
                        m.Notification.next_attempt_at <= now,
                    )
                    .order_by(m.Notification.id)
                )
            )
        if not rows:
            continue
        if channel.mode == "digest":
            if not _digest_due(engine, channel, now):
                continue
            payloads = [stored_payload(row) for row in rows]
            title = f"【停车收费监测日报】{to_city(now):%Y-%m-%d} 共 {len(rows)} 条"
            text = "\n\n".join(p["text"] for p in payloads)
            digest = {"kind": "digest", "title": title, "text": text, "events": payloads}
            report = deliver_rows(engine, channel, rows, title, text, digest, now, sender)
            if report.sent:
                _mark_digest(engine, channel, now)
            total += report
            continue
        for row in rows:
            payload = stored_payload(row)
            total += deliver_rows(engine, channel, [row], payload["title"], payload["text"], payload, now, sender)
    return total


def stored_payload(row: m.Notification) -> dict[str, Any]:
    if row.payload is None:  # `enqueue` always writes one; a row without is not ours to send
        raise ValueError(f"notification {row.id} has no payload")
    return row.payload
