"""New lots: from the demo city, or from a crawled page no known lot matches (`create_unknown_lots`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import Lot
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
        after={"name": lot.name, "address": lot.address, "district": lot.district, "is_demo": lot.is_demo},
        now=now,
    )
    return lot
