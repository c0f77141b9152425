"""Lots: new ones (the demo city, a crawled page no known lot matches), and the list of lots as known.

What a page says about a lot (its 定价形式, its approval number, its district or zone) is an observation
of the lot, stored with the observation (`board["page"]` of a crawled page, the board fields of any
reading); it never overwrites the lot's own columns, which hold what an inspector or the register
says. `lot_listing` shows the lot's own value where it has one, else the newest observation's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import Lot, Observation
from parkwatch.store.services.base import WriteRefused, audit


@dataclass(frozen=True)
class LotInput:
    name: str
    address: str | None = None
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    operator: str | None = None
    operator_credit_code: str | None = None
    category: str | None = None
    pricing_form: str = "unknown"
    charging_right: bool | None = None
    approval_ref: str | None = None
    berths: int | None = None
    city: str = "yueyang"
    zone: str | None = None
    is_demo: bool = False


def create_lot(session: Session, data: LotInput, *, actor: str, now: datetime) -> Lot:
    """Store a lot (flushed: its id is set) and its audit event."""
    name = (data.name or "").strip()[:200]
    if not name:
        raise WriteRefused("停车场名称不能为空 / a lot needs a name")
    fields = {**asdict(data), "name": name, "address": (data.address or None)}
    lot = Lot(**fields, created_at=as_utc(now), updated_at=as_utc(now))
    session.add(lot)
    session.flush()
    audit(
        session,
        actor=actor,
        action="lot.create",
        entity="lot",
        entity_id=lot.id,
        before=None,
        after={
            "name": lot.name,
            "address": lot.address,
            "city": lot.city,
            "district": lot.district,
            "zone": lot.zone,
            "is_demo": lot.is_demo,
        },
        now=now,
    )
    return lot


# the facts an observation may state about its lot: (the key in `lot_listing`, where it is in the board JSON)
_STATED = (("pricing_form", "pricing_form"), ("approval_ref", "approval_number"), ("district", None), ("zone", None))


def stated_facts(board: dict[str, Any] | None) -> dict[str, Any]:
    """What one observation's board says of the lot: the page's own facts first, then the reading's fields."""
    if not board:
        return {}
    page = board.get("page") or {}
    fields = board.get("fields") or {}
    out = {}
    for key, field_name in _STATED:
        value = page.get(key)
        if value is None and field_name is not None:
            value = (fields.get(field_name) or {}).get("value")
        if value not in (None, "", "unknown"):
            out[key] = value
    return out


def _newest(session: Session, lot_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per lot, from its public observations newest first: stated facts, source_ref and the tariff."""
    found: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(Observation.lot_id, Observation.source_ref, Observation.board, Observation.tariff)
        .where(Observation.lot_id.in_(lot_ids), Observation.status.in_(("public", "confirmed")))
        .order_by(Observation.captured_at.desc(), Observation.id.desc())
    )
    for lot_id, source_ref, board, tariff in rows:
        if lot_id is None:
            continue
        newest = found.setdefault(lot_id, {})
        for key, value in {**stated_facts(board), "source_ref": source_ref, "tariff": tariff}.items():
            if value is not None:
                newest.setdefault(key, value)  # the first seen is the newest
    return found


def lot_listing(
    session: Session, *, city: str | None = None, district: str | None = None, batch: int = 500
) -> list[dict[str, Any]]:
    """Every lot (of a city, of a district) with its city, district, zone, pricing form, approval number,
    id at its source and newest tariff (JSON of docs/tariff.md, or None). The lot's own values win; where
    it has none, the newest observation's statement fills in."""
    query = select(Lot).order_by(Lot.id)
    if city:
        query = query.where(Lot.city == city)
    lots = list(session.scalars(query))
    by_id = {lot.id: lot for lot in lots}
    out = []
    for chunk in _chunks(list(by_id), batch):
        newest = _newest(session, chunk)
        for lot_id in chunk:
            lot, seen = by_id[lot_id], newest.get(lot_id, {})
            form = lot.pricing_form if lot.pricing_form != "unknown" else seen.get("pricing_form", "unknown")
            row = {
                "id": lot.id,
                "name": lot.name,
                "city": lot.city,
                "district": lot.district or seen.get("district"),
                "zone": lot.zone or seen.get("zone"),
                "address": lot.address,
                "pricing_form": form,
                "approval_ref": lot.approval_ref or seen.get("approval_ref"),
                "source_ref": seen.get("source_ref"),
                "tariff": seen.get("tariff"),
                "is_demo": lot.is_demo,
            }
            if district is None or row["district"] == district:
                out.append(row)
    return out


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
