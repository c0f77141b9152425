"""Lots: new ones (the demo city, a crawled page no known lot matches), and the list of lots as known.

What a page says about a lot (its 定价形式, its approval number, its district or zone) is an observation
of the lot, stored with the observation (`board["page"]` of a crawled page, the board fields of any
reading); it never overwrites the lot's own columns, which hold what an inspector or the register
says. `lot_listing` shows the lot's own value where it has one, else the newest observation's, and the
newest tariff read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Subquery, Text, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import Lot, Observation
from parkwatch.store.services.base import WriteRefused, audit

# Where a lot is and who runs it: what a source (a crawled page, the register) states of the lot itself.
# The crawler's items carry these fields and a new lot takes them; the open data lists them.
PLACE_FIELDS: tuple[str, ...] = ("name", "address", "district", "latitude", "longitude", "operator")


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


def _ranked_observations(lots: Select[Any]) -> Subquery:
    """The public observations of `lots`, each ranked within its lot twice: `newest` (1 = the newest
    observation) and `newest_priced` (1 = the newest one with a tariff read), by capture time then id."""
    # a JSON column stores a missing tariff as SQL NULL or as JSON null, depending on how it was written
    priced = and_(Observation.tariff.is_not(None), cast(Observation.tariff, Text) != "null")
    order = (Observation.captured_at.desc(), Observation.id.desc())
    return (
        select(
            Observation.lot_id,
            Observation.source_ref,
            Observation.board,
            Observation.tariff,
            func.row_number().over(partition_by=Observation.lot_id, order_by=order).label("newest"),
            func.row_number()
            .over(partition_by=Observation.lot_id, order_by=(case((priced, 0), else_=1), *order))
            .label("newest_priced"),
        )
        .where(Observation.lot_id.in_(lots), Observation.status.in_(("public", "confirmed")))
        .subquery("ranked")
    )


def lot_listing(session: Session, *, city: str | None = None, district: str | None = None) -> list[dict[str, Any]]:
    """Every lot (of a city, of a district) with its city, district, zone, pricing form, approval number,
    id at its source and newest tariff (JSON of docs/tariff.md, or None). The lot's own values win; where
    it has none, the newest observation's statement fills in. The tariff is the newest one read.

    One query: each lot with at most two of its observations (the newest, the newest priced), picked by
    window functions in the database (SQLite and PostgreSQL alike), never all of them."""
    lots = select(Lot.id)
    if city:
        lots = lots.where(Lot.city == city)
    ranked = _ranked_observations(lots)
    query = (
        select(Lot, ranked.c.source_ref, ranked.c.board, ranked.c.tariff, ranked.c.newest, ranked.c.newest_priced)
        .outerjoin(ranked, and_(ranked.c.lot_id == Lot.id, or_(ranked.c.newest == 1, ranked.c.newest_priced == 1)))
        .order_by(Lot.id)
    )
    if city:
        query = query.where(Lot.city == city)
    found: dict[int, tuple[Lot, dict[str, Any]]] = {}
    for lot, source_ref, board, tariff, newest, newest_priced in session.execute(query):
        _, seen = found.setdefault(lot.id, (lot, {}))
        if newest == 1:
            seen.update(stated_facts(board), source_ref=source_ref)
        if newest_priced == 1 and tariff:
            seen["tariff"] = tariff
    rows = [_listing_row(lot, seen) for lot, seen in found.values()]
    return [row for row in rows if district is None or row["district"] == district]


def _listing_row(lot: Lot, seen: dict[str, Any]) -> dict[str, Any]:
    form = lot.pricing_form if lot.pricing_form != "unknown" else seen.get("pricing_form", "unknown")
    return {
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
