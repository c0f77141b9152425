"""What happened since a moment: new errors, real price changes, failed source runs.

Events are known by their identity, the outbox's key (`finding:12`, `price:7`, `source_run:3`), not by a
clock mark: `collect_events` gives every event since the bot began watching that is not yet queued on
every channel that wants its kind, so an event is never missed and never queued twice, whatever the
clocks of the writers and of the host.

Names and messages from data go into the message text cleaned and cut (`shown_name`): a 10,000-character
or control-character-laden lot name arrives short and says so ("…（已截断）"). The channels escape it
for their wire format (`channels.inert_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from parkwatch.store.db import models as m
from parkwatch.store.exports import shown_name
from parkwatch.store.notify.config import NotifyConfig

NAME_CHARS = 60  # a lot or source name in a message title
MESSAGE_CHARS = 500  # a finding's message or a failed run's reason


@dataclass(frozen=True)
class Event:
    kind: str  # new_error / price_change / source_failed
    key: str  # unique per event; (channel, key) is sent at most once
    at: datetime
    title: str
    lines: tuple[str, ...]
    lot_id: int | None = None
    lot_name: str | None = None
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


def lot_url(config: NotifyConfig, lot_id: int) -> str:
    return f"{config.public_base_url}/lot?lot={lot_id}"


def _not_queued(key: sa.ColumnElement[str], kind: str, config: NotifyConfig) -> sa.ColumnElement[bool]:
    """The events whose key is not yet queued on every channel that wants `kind`."""
    names = [channel.name for channel in config.channels if kind in channel.events]
    if not names:
        return sa.false()  # no channel wants these events: none to collect
    everywhere = (
        sa.select(m.Notification.event_key)
        .where(m.Notification.channel.in_(names))
        .group_by(m.Notification.event_key)
        .having(sa.func.count(sa.distinct(m.Notification.channel)) == len(names))
    )
    return key.not_in(everywhere)


def _key(prefix: str, column: InstrumentedAttribute[int]) -> sa.ColumnElement[str]:
    """The event key in SQL, as the Event's `key` writes it ("finding:12")."""
    return sa.literal(prefix, sa.String) + sa.cast(column, sa.String)


def new_errors(session: Session, since: datetime, config: NotifyConfig) -> list[Event]:
    rows = session.execute(
        sa.select(m.Finding, m.Lot.name)
        .outerjoin(m.Lot, m.Lot.id == m.Finding.lot_id)
        .where(m.Finding.severity == "error", m.Finding.found_at >= since, m.Finding.status != "dismissed")
        .where(_not_queued(_key("finding:", m.Finding.id), "new_error", config))
        .order_by(m.Finding.found_at, m.Finding.id)
    ).all()
    events = []
    for finding, raw_name in rows:
        lot_name = shown_name(raw_name, NAME_CHARS) if raw_name else None
        events.append(
            Event(
                kind="new_error",
                key=f"finding:{finding.id}",
                at=finding.found_at,
                title=f"【新违规】{lot_name or '未知停车场'} {finding.rule_code}",
                lines=(shown_name(finding.message, MESSAGE_CHARS),),
                lot_id=finding.lot_id,
                lot_name=lot_name,
                url=lot_url(config, finding.lot_id) if finding.lot_id else None,
                data={"rule": finding.rule_code, "finding_id": finding.id},
            )
        )
    return events


def _largest_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> tuple[Decimal, Decimal, str] | None:
    """(largest absolute change in yuan, largest change in percent, the stay with the largest change)."""
    from parkwatch.core.fee import compare_grids
    from parkwatch.core.tariff import Tariff

    if not old or not new:
        return None
    before, after = Tariff.from_json(old), Tariff.from_json(new)
    largest_yuan, largest_percent, text = Decimal(0), Decimal(0), ""
    for vehicle in sorted(set(before.vehicles()) | set(after.vehicles())):
        for diff in compare_grids(after, before, vehicle):
            delta = abs(diff.a - diff.b)
            percent = delta / diff.b * 100 if diff.b else (Decimal(100) if delta else Decimal(0))
            largest_percent = max(largest_percent, percent)
            if delta > largest_yuan:
                stay = f"{diff.minutes // 60}小时" if diff.minutes % 60 == 0 else f"{diff.minutes}分钟"
                largest_yuan = delta
                text = f"{diff.start:%H:%M} 起停 {stay}（{vehicle}）：{diff.b:.2f} 元 → {diff.a:.2f} 元"
    return largest_yuan, largest_percent, text


def price_changes(session: Session, since: datetime, config: NotifyConfig) -> list[Event]:
    new_versions = session.execute(
        sa.select(m.PriceVersion, m.Lot.name)
        .join(m.Lot, m.Lot.id == m.PriceVersion.lot_id)
        .where(m.PriceVersion.valid_from >= since)
        .where(_not_queued(_key("price:", m.PriceVersion.id), "price_change", config))
        .order_by(m.PriceVersion.valid_from, m.PriceVersion.id)
    ).all()
    events = []
    for version, raw_name in new_versions:
        lot_name = shown_name(raw_name, NAME_CHARS)
        previous = session.scalars(
            sa.select(m.PriceVersion)
            .where(
                m.PriceVersion.lot_id == version.lot_id,
                m.PriceVersion.source_id == version.source_id,
                sa.or_(
                    m.PriceVersion.valid_from < version.valid_from,
                    sa.and_(m.PriceVersion.valid_from == version.valid_from, m.PriceVersion.id < version.id),
                ),
            )
            .order_by(m.PriceVersion.valid_from.desc(), m.PriceVersion.id.desc())
            .limit(1)
        ).first()
        if previous is None:
            continue  # the first price seen is not a change
        change = _largest_change(previous.tariff, version.tariff)
        if change is None:
            continue
        delta, percent, text = change
        if delta < config.price_change_yuan and percent < config.price_change_percent:
            continue  # below both thresholds: a cosmetic or negligible edit
        events.append(
            Event(
                kind="price_change",
                key=f"price:{version.id}",
                at=version.valid_from,
                title=f"【价格变动】{lot_name}",
                lines=(f"最大变动：{text}",),
                lot_id=version.lot_id,
                lot_name=lot_name,
                url=lot_url(config, version.lot_id),
                data={"price_version_id": version.id, "change_yuan": str(delta), "change_percent": f"{percent:.1f}"},
            )
        )
    return events


def failed_sources(session: Session, since: datetime, config: NotifyConfig) -> list[Event]:
    rows = session.execute(
        sa.select(m.SourceRun, m.Source.name, m.Source.key)
        .join(m.Source, m.Source.id == m.SourceRun.source_id)
        .where(m.SourceRun.status == "failed", m.SourceRun.started_at >= since)
        .where(_not_queued(_key("source_run:", m.SourceRun.id), "source_failed", config))
        .order_by(m.SourceRun.started_at, m.SourceRun.id)
    ).all()
    return [
        Event(
            kind="source_failed",
            key=f"source_run:{run.id}",
            at=run.finished_at or run.started_at,
            title=f"【数据源异常】{shown_name(name, NAME_CHARS)}",
            lines=(
                f"抓取失败：{shown_name(run.message, MESSAGE_CHARS) if run.message else '无有效数据'}"
                f"（条目 {run.items}，有效 {run.valid_items}，错误 {run.errors}）",
            ),
            url=f"{config.public_base_url}/source_health",
            data={"source": key, "run_id": run.id},
        )
        for run, name, key in rows
    ]


def collect_events(session: Session, since: datetime, config: NotifyConfig) -> list[Event]:
    return [
        *new_errors(session, since, config),
        *price_changes(session, since, config),
        *failed_sources(session, since, config),
    ]
