"""Load the records `parkwatch.core.stats` works on from the database (the thin shell around the pure totals).

`load_records` loads everything (`parkwatch stats`, `parkwatch report`). `scoped_records` loads only what
one view of the campaign page needs — the inspections and complaints of a campaign, district and
period, selected in SQL — and counts the other lots per district in SQL instead of loading them: the
core counts lots per district, so those lots are handed over as stand-ins that carry only their district.
Complaints are handed over in the city's time, so the core's dates are the city's dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from parkwatch.core.standards import load_standards
from parkwatch.core.stats import (
    CampaignRecord,
    ComplaintRecord,
    FindingDecision,
    InspectionRecord,
    LotRecord,
    compute_stats,
)
from parkwatch.store.clock import city_day, to_city
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import Campaign, Complaint, Finding, Inspection, InspectionFinding, Lot


@lru_cache(maxsize=1)
def district_order() -> tuple[str, ...]:
    """The official order of the districts (read once: the standards files do not change while running)."""
    return tuple(load_standards().district_order())


def _decisions(session: Session, inspection_ids: Select[Any] | None = None) -> dict[int, list[FindingDecision]]:
    decisions: dict[int, list[FindingDecision]] = defaultdict(list)
    query = select(
        InspectionFinding.inspection_id,
        InspectionFinding.finding_id,
        InspectionFinding.decision,
        Finding.rule_code,
        Finding.status,
    ).join(Finding, Finding.id == InspectionFinding.finding_id)
    if inspection_ids is not None:
        query = query.where(InspectionFinding.inspection_id.in_(inspection_ids))
    for inspection_id, finding_id, decision, rule_code, status in session.execute(query):
        decisions[inspection_id].append(FindingDecision(finding_id, rule_code, decision, status))
    return decisions


# Columns, not ORM objects: the campaign page loads tens of thousands of these rows, and building an
# ORM instance per row cost about three times the query (issue 17's campaign-page target).
INSPECTION_COLUMNS = (
    Inspection.id,
    Inspection.lot_id,
    Inspection.inspected_on,
    Inspection.campaign_id,
    Inspection.staff_count,
    Inspection.vehicle_count,
    Inspection.outcome,
    Inspection.fines_yuan,
    Inspection.refunds_yuan,
    Inspection.reinspection_of_id,
    Inspection.rectified,
    Inspection.disclosure_ok,
)
COMPLAINT_COLUMNS = (
    Complaint.number,
    Complaint.received_at,
    Complaint.channel,
    Complaint.category,
    Complaint.district,
    Complaint.lot_id,
    Complaint.status,
)


def _inspection_records(
    inspections: Iterable[Any], decisions: dict[int, list[FindingDecision]]
) -> list[InspectionRecord]:
    return [
        InspectionRecord(
            id=i.id,
            lot_id=i.lot_id,
            inspected_on=i.inspected_on,
            campaign_id=i.campaign_id,
            staff_count=i.staff_count or 0,
            vehicle_count=i.vehicle_count or 0,
            outcome=i.outcome,
            fines_yuan=Decimal(i.fines_yuan or 0),
            refunds_yuan=Decimal(i.refunds_yuan or 0),
            reinspection_of_id=i.reinspection_of_id,
            rectified=i.rectified,
            disclosure_ok=i.disclosure_ok,
            decisions=tuple(sorted(decisions.get(i.id, []), key=lambda d: d.finding_id)),
        )
        for i in inspections
    ]


def _complaint_records(complaints: Iterable[Any]) -> list[ComplaintRecord]:
    return [
        ComplaintRecord(
            number=c.number,
            received_at=to_city(c.received_at),
            channel=c.channel,
            category=c.category,
            district=c.district,
            lot_id=c.lot_id,
            status=c.status,
        )
        for c in complaints
    ]


def _campaign_records(session: Session) -> list[CampaignRecord]:
    return [
        CampaignRecord(
            id=c.id,
            name=c.name,
            start_date=c.start_date,
            end_date=c.end_date,
            districts=tuple(c.districts) if c.districts else None,
            targets=dict(c.targets or {}),
            is_demo=bool(c.is_demo),
        )
        for c in session.scalars(select(Campaign).order_by(Campaign.id))
    ]


def load_records(session: Session) -> dict[str, Any]:
    """The records `compute_stats` takes, with the official district order from the jurisdictions."""
    lots = [LotRecord(id=i, district=d) for i, d in session.execute(select(Lot.id, Lot.district))]
    inspections = _inspection_records(
        session.execute(select(*INSPECTION_COLUMNS).order_by(Inspection.id)), _decisions(session)
    )
    complaints = _complaint_records(
        session.execute(select(*COMPLAINT_COLUMNS).order_by(Complaint.received_at, Complaint.id))
    )
    return {
        "lots": lots,
        "inspections": inspections,
        "complaints": complaints,
        "campaigns": _campaign_records(session),
        "district_order": list(district_order()),
    }


def _scoped_lots(session: Session, district: str | None, inspected: dict[int, str | None]) -> list[LotRecord]:
    """The inspected lots as they are, and every other lot as a stand-in counted in its district."""
    query = select(Lot.district, func.count()).group_by(Lot.district)
    if district:
        query = query.where(Lot.district == district)
    lots = [LotRecord(id=lot_id, district=d) for lot_id, d in inspected.items()]
    seen: dict[str | None, int] = defaultdict(int)
    for d in inspected.values():
        seen[d] += 1
    stand_in = 0
    for d, count in session.execute(query):
        for _ in range(count - seen.get(d, 0)):
            stand_in -= 1  # negative ids: no inspection refers to a stand-in
            lots.append(LotRecord(id=stand_in, district=d))
    return lots


@dataclass(frozen=True)
class Scope:
    """One view of the campaign page: a campaign, a district and a period (None: not narrowed by it)."""

    campaign_id: int | None = None
    district: str | None = None
    start: date | None = None
    end: date | None = None


def scoped_records(session: Session, scope: Scope) -> dict[str, Any]:
    """`load_records` narrowed in SQL to a campaign, a district and a period (the campaign page)."""
    in_scope = select(Inspection.id).join(Lot, Lot.id == Inspection.lot_id)
    if scope.campaign_id is not None:
        in_scope = in_scope.where(Inspection.campaign_id == scope.campaign_id)
    if scope.district:
        in_scope = in_scope.where(Lot.district == scope.district)
    if scope.start is not None:
        in_scope = in_scope.where(Inspection.inspected_on >= scope.start)
    if scope.end is not None:
        in_scope = in_scope.where(Inspection.inspected_on <= scope.end)
    rows = session.execute(
        select(*INSPECTION_COLUMNS, Lot.district)
        .join(Lot, Lot.id == Inspection.lot_id)
        .where(Inspection.id.in_(in_scope))
        .order_by(Inspection.id)
    ).all()
    inspections = _inspection_records(rows, _decisions(session, in_scope))
    complaints_query = select(*COMPLAINT_COLUMNS).order_by(Complaint.received_at, Complaint.id)
    if scope.district:
        complaints_query = complaints_query.where(Complaint.district == scope.district)
    if scope.start is not None:
        complaints_query = complaints_query.where(Complaint.received_at >= city_day(scope.start)[0])
    if scope.end is not None:
        complaints_query = complaints_query.where(Complaint.received_at < city_day(scope.end)[1])
    campaigns = _campaign_records(session)
    if scope.district:  # the campaign's district list must not widen the district chosen here
        campaigns = [replace(c, districts=(scope.district,)) for c in campaigns]
    return {
        "lots": _scoped_lots(session, scope.district, {row.lot_id: row.district for row in rows}),
        "inspections": inspections,
        "complaints": _complaint_records(session.execute(complaints_query)),
        "campaigns": campaigns,
        "district_order": list(district_order()),
    }


def stats_from_db(engine: Engine | None = None, campaign_id: int | None = None) -> dict[str, Any]:
    """`parkwatch.core.stats.compute_stats` over everything stored (Decimal money; see stats.to_json)."""
    with read_session(engine) as session:
        records = load_records(session)
    return compute_stats(**records, campaign_id=campaign_id)


def campaign_view(engine: Engine, scope: Scope) -> dict[str, Any]:
    """The campaign page's totals: `compute_stats` over `scoped_records`."""
    with read_session(engine) as session:
        records = scoped_records(session, scope)
    return compute_stats(**records, campaign_id=scope.campaign_id)
