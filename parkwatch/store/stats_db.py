"""Load the records `parkwatch.core.stats` works on from the database (the thin shell around the pure totals)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select
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
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import Campaign, Complaint, Finding, Inspection, InspectionFinding, Lot


def load_records(session: Session) -> dict[str, Any]:
    """The records `compute_stats` takes, with the official district order from the jurisdictions."""
    lots = [LotRecord(id=i, district=d) for i, d in session.execute(select(Lot.id, Lot.district))]
    decisions: dict[int, list[FindingDecision]] = defaultdict(list)
    rows = session.execute(
        select(
            InspectionFinding.inspection_id,
            InspectionFinding.finding_id,
            InspectionFinding.decision,
            Finding.rule_code,
            Finding.status,
        ).join(Finding, Finding.id == InspectionFinding.finding_id)
    )
    for inspection_id, finding_id, decision, rule_code, status in rows:
        decisions[inspection_id].append(FindingDecision(finding_id, rule_code, decision, status))
    inspections = [
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
        for i in session.scalars(select(Inspection).order_by(Inspection.id))
    ]
    complaints = [
        ComplaintRecord(
            number=c.number,
            received_at=c.received_at,
            channel=c.channel,
            category=c.category,
            district=c.district,
            lot_id=c.lot_id,
            status=c.status,
        )
        for c in session.scalars(select(Complaint).order_by(Complaint.received_at, Complaint.id))
    ]
    campaigns = [
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
    return {
        "lots": lots,
        "inspections": inspections,
        "complaints": complaints,
        "campaigns": campaigns,
        "district_order": load_standards().district_order(),
    }


def stats_from_db(engine: Engine | None = None, campaign_id: int | None = None) -> dict[str, Any]:
    """`parkwatch.core.stats.compute_stats` over everything stored (Decimal money; see stats.to_json)."""
    with read_session(engine) as session:
        records = load_records(session)
    return compute_stats(**records, campaign_id=campaign_id)
