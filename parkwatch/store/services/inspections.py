"""Inspections (检查) and re-inspections (复查), with their finding decisions and the photos of the visit.

Every function takes an open session from `write_session()`, so an inspection with its decisions and
audit events is one transaction. Invalid input raises `EnforcementError` before anything is written.
The date of an inspection and a rectification deadline are legal dates (`date`), never instants.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parkwatch.core.stats import OUTCOME_ZH, OUTCOMES
from parkwatch.store.clock import as_utc, city_day
from parkwatch.store.db.models import Campaign, Finding, Inspection, InspectionFinding, Lot, Observation
from parkwatch.store.services.base import EnforcementError, audit, exact_money
from parkwatch.store.services.findings import (
    DECISIONS,
    confirm_finding,
    dismiss_finding,
    load_finding,
    set_status,
)


@dataclass(frozen=True)
class Decision:
    """A finding reviewed during an inspection."""

    finding_id: int
    decision: str  # confirmed / dismissed
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class Visit:
    """What is recorded of a visit to a lot, an inspection and a re-inspection alike."""

    inspected_on: date
    inspectors: tuple[str, ...]
    staff_count: int
    vehicle_count: int = 0
    outcome: str = "none"
    rectification_deadline: date | None = None
    fines_yuan: Decimal | str | int = Decimal("0.00")
    refunds_yuan: Decimal | str | int = Decimal("0.00")
    campaign_id: int | None = None  # a re-inspection without one counts for its inspection's campaign
    disclosure_ok: bool | None = None
    notes: str | None = None
    is_demo: bool = False


@dataclass(frozen=True, kw_only=True)
class InspectionInput(Visit):
    """An inspection: the visit to a lot, with the findings it decided."""

    lot_id: int
    decisions: tuple[Decision, ...] = ()
    # observations (photos, pages) taken during the visit: linked to the inspection
    observation_ids: tuple[int, ...] = ()


def _validate_common(session: Session, lot_id: int, data: Visit, *, within_campaign: bool = True) -> Lot:
    """What holds for an inspection and a re-inspection alike; `within_campaign`: its date lies in its
    campaign (a re-inspection may fall after the campaign's end and still count for it)."""
    lot = session.get(Lot, lot_id)
    if lot is None:
        raise EnforcementError(f"停车场 #{lot_id} 不存在 / lot {lot_id} not found")
    if not data.inspectors or not all(str(p).strip() for p in data.inspectors):
        raise EnforcementError("须填写检查人员 / inspectors are required")
    if data.staff_count < 1:
        raise EnforcementError("出动人次至少为1 / staff count (人次) must be at least 1")
    if data.staff_count < len(data.inspectors):
        raise EnforcementError("人次少于检查人员数 / staff count is less than the number of inspectors")
    if data.vehicle_count < 0:
        raise EnforcementError("台次不能为负 / vehicle count must be ≥ 0")
    if data.outcome not in OUTCOMES:
        raise EnforcementError(
            f"处理结果“{data.outcome}”无效，可选：{', '.join(f'{k}({v})' for k, v in OUTCOME_ZH.items())} / bad outcome"
        )
    deadline = data.rectification_deadline
    if data.outcome == "rectification_order":
        if deadline is None:
            raise EnforcementError("责令改正须规定整改期限 / a rectification order needs a deadline")
        if deadline < data.inspected_on:
            raise EnforcementError("整改期限早于检查日期 / the deadline is before the inspection")
    if within_campaign and data.campaign_id is not None:
        campaign = session.get(Campaign, data.campaign_id)
        if campaign is None:
            raise EnforcementError(f"专项行动 #{data.campaign_id} 不存在 / campaign {data.campaign_id} not found")
        if not campaign.start_date <= data.inspected_on <= campaign.end_date:
            raise EnforcementError(
                f"检查日期 {data.inspected_on} 不在专项行动期间（{campaign.start_date}至{campaign.end_date}）/ "
                f"the date lies outside the campaign"
            )
    return lot


def inspection_state(i: Inspection) -> dict[str, Any]:
    return {
        "lot_id": i.lot_id,
        "campaign_id": i.campaign_id,
        "inspected_on": i.inspected_on.isoformat(),
        "inspectors": i.inspectors,
        "staff_count": i.staff_count,
        "vehicle_count": i.vehicle_count,
        "outcome": i.outcome,
        "rectification_deadline": i.rectification_deadline.isoformat() if i.rectification_deadline else None,
        "fines_yuan": str(i.fines_yuan),
        "refunds_yuan": str(i.refunds_yuan),
        "reinspection_of_id": i.reinspection_of_id,
        "rectified": i.rectified,
        "disclosure_ok": i.disclosure_ok,
    }


def _inspection_row(
    lot_id: int,
    data: Visit,
    *,
    actor: str,
    now: datetime,
    reinspection_of_id: int | None = None,
    rectified: bool | None = None,
) -> Inspection:
    """The row of an inspection or re-inspection (not yet added); refuses an amount that is not exact."""
    return Inspection(
        lot_id=lot_id,
        campaign_id=data.campaign_id,
        inspected_on=data.inspected_on,
        inspectors=list(data.inspectors),
        staff_count=data.staff_count,
        vehicle_count=data.vehicle_count,
        outcome=data.outcome,
        rectification_deadline=data.rectification_deadline,
        fines_yuan=exact_money(data.fines_yuan, "罚没款"),
        refunds_yuan=exact_money(data.refunds_yuan, "退还金额"),
        reinspection_of_id=reinspection_of_id,
        rectified=rectified,
        disclosure_ok=data.disclosure_ok,
        notes=data.notes,
        created_by=actor,
        created_at=as_utc(now),
        is_demo=data.is_demo,
    )


def record_inspection(session: Session, data: InspectionInput, *, actor: str, now: datetime) -> Inspection:
    """Store an inspection with its finding decisions (each finding's status changes, audited)."""
    _validate_common(session, data.lot_id, data)
    inspection = _inspection_row(data.lot_id, data, actor=actor, now=now)
    _check_decisions(session, data)
    observations = _observations_to_link(session, data)
    session.add(inspection)
    session.flush()
    for observation in observations:
        observation.inspection_id = inspection.id
    for d in data.decisions:
        _apply_decision(session, inspection.id, d, actor=actor, now=now)
    after = inspection_state(inspection)
    after["decisions"] = [
        {"finding_id": d.finding_id, "decision": d.decision, "reason": d.reason} for d in data.decisions
    ]
    after["observation_ids"] = list(data.observation_ids)
    audit(session, "inspection.create", inspection.id, actor=actor, before=None, after=after, now=now)
    return inspection


def record_visit(session: Session, data: InspectionInput, *, actor: str, now: datetime) -> Inspection:
    """An inspector's visit as the dashboard records it: the inspection, with the lot's findings already
    decided (confirmed or dismissed) that no earlier inspection reviewed, and the photos this inspector
    took of the lot on the day of the inspection (the city's day) that belong to no inspection yet."""
    linked = select(InspectionFinding.finding_id)
    decided = session.scalars(
        select(Finding).where(
            Finding.lot_id == data.lot_id,
            Finding.status.in_(DECISIONS),
            Finding.id.not_in(linked),
        )
    ).all()
    decisions = tuple(
        Decision(finding_id=f.id, decision=f.status, reason=f.status_reason or "—", expected_version=f.version)
        for f in decided
    )
    start, end = city_day(data.inspected_on)
    photos = tuple(
        session.scalars(
            select(Observation.id).where(
                Observation.lot_id == data.lot_id,
                Observation.kind == "photo",
                Observation.inspection_id.is_(None),
                Observation.created_by == actor,
                Observation.captured_at >= start,
                Observation.captured_at < end,
            )
        )
    )
    return record_inspection(
        session,
        replace(data, decisions=data.decisions + decisions, observation_ids=data.observation_ids + photos),
        actor=actor,
        now=now,
    )


def _check_decisions(session: Session, data: InspectionInput) -> None:
    seen: set[int] = set()
    for d in data.decisions:
        if d.decision not in DECISIONS:
            raise EnforcementError(f"结论“{d.decision}”无效（confirmed/dismissed）/ bad decision")
        if d.decision == "dismissed" and not (d.reason and d.reason.strip()):
            raise EnforcementError(f"排除问题 #{d.finding_id} 须说明理由 / dismissing needs a reason")
        if d.finding_id in seen:
            raise EnforcementError(f"问题 #{d.finding_id} 重复 / finding listed twice")
        seen.add(d.finding_id)
        finding = load_finding(session, d.finding_id)
        if finding.lot_id is not None and finding.lot_id != data.lot_id:
            raise EnforcementError(f"问题 #{d.finding_id} 不属于该停车场 / finding belongs to another lot")


def _observations_to_link(session: Session, data: InspectionInput) -> list[Observation]:
    """The observations taken during the visit: of this lot (or none) and not yet part of an inspection."""
    observations = []
    for observation_id in dict.fromkeys(data.observation_ids):
        observation = session.get(Observation, observation_id)
        if observation is None:
            raise EnforcementError(f"观测 #{observation_id} 不存在 / observation {observation_id} not found")
        if observation.lot_id not in (None, data.lot_id):
            raise EnforcementError(f"观测 #{observation_id} 不属于该停车场 / observation belongs to another lot")
        if observation.inspection_id is not None:
            raise EnforcementError(
                f"观测 #{observation_id} 已属于检查 #{observation.inspection_id} / "
                f"observation already belongs to inspection {observation.inspection_id}"
            )
        observations.append(observation)
    return observations


def _apply_decision(session: Session, inspection_id: int, d: Decision, *, actor: str, now: datetime) -> None:
    session.add(
        InspectionFinding(inspection_id=inspection_id, finding_id=d.finding_id, decision=d.decision, reason=d.reason)
    )
    if d.decision == "confirmed":
        confirm_finding(
            session, d.finding_id, actor=actor, now=now, expected_version=d.expected_version, reason=d.reason
        )
    else:
        dismiss_finding(
            session, d.finding_id, reason=d.reason or "", actor=actor, now=now, expected_version=d.expected_version
        )


def record_reinspection(
    session: Session, of_inspection_id: int, visit: Visit, *, rectified: bool, actor: str, now: datetime
) -> Inspection:
    """A re-inspection (复查) of inspection `of_inspection_id`. When the problem was put right
    (`rectified`), the confirmed findings become rectified."""
    original = session.get(Inspection, of_inspection_id)
    if original is None:
        raise EnforcementError(f"检查记录 #{of_inspection_id} 不存在 / inspection not found")
    if visit.inspected_on < original.inspected_on:
        raise EnforcementError("复查日期早于原检查日期 / re-inspection before the inspection")
    if visit.campaign_id is None:
        visit = replace(visit, campaign_id=original.campaign_id)
    # a re-inspection may fall after the campaign's end; it still counts for the campaign
    _validate_common(session, original.lot_id, visit, within_campaign=False)
    reinspection = _inspection_row(
        original.lot_id, visit, actor=actor, now=now, reinspection_of_id=original.id, rectified=rectified
    )
    session.add(reinspection)
    session.flush()
    if rectified:
        _rectify_confirmed(session, original, reinspection, actor=actor, now=now)
    audit(
        session,
        "inspection.reinspect",
        reinspection.id,
        actor=actor,
        before=None,
        after=inspection_state(reinspection),
        now=now,
    )
    return reinspection


def _rectify_confirmed(
    session: Session, original: Inspection, reinspection: Inspection, *, actor: str, now: datetime
) -> None:
    """The findings the original inspection confirmed, and that are still confirmed, become rectified."""
    confirmed = session.scalars(
        select(InspectionFinding.finding_id).where(
            InspectionFinding.inspection_id == original.id, InspectionFinding.decision == "confirmed"
        )
    ).all()
    for finding_id in confirmed:
        finding = load_finding(session, finding_id)
        if finding.status == "confirmed":
            set_status(
                session,
                finding,
                "rectified",
                f"复查 #{reinspection.id} 已整改",
                actor=actor,
                now=now,
                action="finding.rectify",
                expected_version=None,
            )
