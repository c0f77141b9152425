"""The enforcement record: campaigns, inspections (检查), re-inspections (复查), finding decisions.

The shell over the database. Every function takes an open session from `write_session()` so that a
caller's whole action (an inspection with its finding decisions and audit events) is one transaction:
it commits together or not at all. Invalid input raises `EnforcementError` (message in Chinese, English
beside) before anything is written.

Concurrency: `findings.version` is SQLAlchemy's `version_id_col`. A status change is
`UPDATE findings … WHERE id = ? AND version = ?`; when another inspector changed the finding first the
update matches no row, SQLAlchemy raises `StaleDataError`, and we raise `FindingConflict`. With
`expected_version` (the version the inspector's screen showed) the conflict is also caught when the
loser only starts after the winner committed (SQLite serialises writers, so this is the usual path
there). Every decision writes an audit event in the same transaction; one that changes nothing is
recorded as `<action>.unchanged`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from parkwatch.core.stats import OUTCOME_ZH, OUTCOMES
from parkwatch.core.tariff import money
from parkwatch.store.db.models import AuditEvent, Campaign, Finding, Inspection, InspectionFinding, Lot, Observation

DECISIONS = ("confirmed", "dismissed")
FINDING_STATUSES = ("open", "confirmed", "dismissed", "rectified")


class EnforcementError(ValueError):
    """Bad input: nothing was written."""


class FindingConflict(EnforcementError):
    """Someone else changed the finding first; the caller should reload and retry."""


@dataclass(frozen=True)
class Decision:
    """A finding reviewed during an inspection."""

    finding_id: int
    decision: str  # confirmed / dismissed
    reason: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class InspectionInput:
    lot_id: int
    inspected_on: date
    inspectors: tuple[str, ...]
    staff_count: int
    vehicle_count: int = 0
    outcome: str = "none"
    rectification_deadline: date | None = None
    fines_yuan: Decimal | str | int = Decimal("0.00")
    refunds_yuan: Decimal | str | int = Decimal("0.00")
    campaign_id: int | None = None
    disclosure_ok: bool | None = None
    notes: str | None = None
    decisions: tuple[Decision, ...] = ()
    # observations (photos, pages) taken during the visit: linked to the inspection
    observation_ids: tuple[int, ...] = ()
    is_demo: bool = False


def _money(value: Decimal | str | int | float | None, what: str) -> Decimal:
    if value is None or value == "":
        return Decimal("0.00")
    if isinstance(value, float):
        raise EnforcementError(f"{what}须为精确金额（请用字符串或 Decimal）/ {what} must be exact, not float")
    try:
        d = Decimal(str(value))
    except InvalidOperation as exc:
        raise EnforcementError(f"{what}“{value}”不是有效金额 / not an amount") from exc
    if not d.is_finite() or d < 0:
        raise EnforcementError(f"{what}不能为负数 / {what} must be ≥ 0")
    if d != money(d):
        raise EnforcementError(f"{what}最多两位小数 / at most 2 decimal places")
    return money(d)


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
) -> AuditEvent:
    event = AuditEvent(
        at=now,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=before,
        after=after,
    )
    session.add(event)
    return event


def _finding_state(f: Finding) -> dict[str, Any]:
    return {"status": f.status, "reason": f.status_reason, "version": f.version}


# --- campaigns ---------------------------------------------------------------------------------


def create_campaign(
    session: Session,
    *,
    name: str,
    start_date: date,
    end_date: date,
    districts: Sequence[str] | None = None,
    targets: dict[str, Any] | None = None,
    actor: str,
    now: datetime,
    is_demo: bool = False,
) -> Campaign:
    """A special campaign (专项行动). Targets are rates 0..1 keyed like the stats (e.g. inspection_coverage)."""
    if not name or not name.strip():
        raise EnforcementError("专项行动名称不能为空 / campaign name is required")
    if end_date < start_date:
        raise EnforcementError("结束日期早于开始日期 / end date is before start date")
    for key, value in (targets or {}).items():
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise EnforcementError(f"目标“{key}”须为0到1之间的比率 / target {key} must be a rate 0..1")
    campaign = Campaign(
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        districts=list(districts) if districts else None,
        targets=dict(targets or {}),
        is_demo=is_demo,
    )
    session.add(campaign)
    session.flush()
    audit(
        session,
        actor=actor,
        action="campaign.create",
        entity="campaign",
        entity_id=campaign.id,
        before=None,
        after={
            "name": campaign.name,
            "start_date": start_date.isoformat(),
            "end_date": end_date.isoformat(),
            "districts": campaign.districts,
            "targets": campaign.targets,
        },
        now=now,
    )
    return campaign


# --- findings ----------------------------------------------------------------------------------


def _load_finding(session: Session, finding_id: int) -> Finding:
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise EnforcementError(f"问题 #{finding_id} 不存在 / finding {finding_id} not found")
    return finding


def _set_status(
    session: Session,
    finding: Finding,
    status: str,
    reason: str | None,
    *,
    actor: str,
    now: datetime,
    action: str,
    expected_version: int | None,
) -> bool:
    """Change a finding's status; True when it changed.

    Every decision is audited. A decision the finding already carries (a second inspector confirming
    what a first one just confirmed) changes nothing and is recorded as `<action>.unchanged`, even
    when the screen's version is stale; a different decision on a stale version is a conflict.
    """
    if finding.status == status and (finding.status_reason or None) == (reason or None):
        state = _finding_state(finding)
        audit(
            session,
            actor=actor,
            action=f"{action}.unchanged",
            entity="finding",
            entity_id=finding.id,
            before=state,
            after=state,
            now=now,
        )
        return False
    if expected_version is not None and finding.version != expected_version:
        raise FindingConflict(
            f"问题 #{finding.id} 已被他人修改（当前状态：{finding.status}），请刷新后重试 / "
            f"finding {finding.id} was changed by someone else (now {finding.status}, version "
            f"{finding.version}, you had {expected_version}); reload and retry"
        )
    before = _finding_state(finding)
    finding_id = finding.id  # read now: after a failed flush the session cannot load attributes
    finding.status = status
    finding.status_reason = reason
    finding.updated_at = now
    try:
        session.flush()  # UPDATE … WHERE version = old: the loser of a race matches no row
    except StaleDataError as exc:
        raise FindingConflict(
            f"问题 #{finding_id} 已被他人同时修改，请刷新后重试 / finding {finding_id} was changed by "
            f"someone else at the same time; reload and retry"
        ) from exc
    audit(
        session,
        actor=actor,
        action=action,
        entity="finding",
        entity_id=finding.id,
        before=before,
        after=_finding_state(finding),
        now=now,
    )
    return True


def confirm_finding(
    session: Session,
    finding_id: int,
    *,
    actor: str,
    now: datetime,
    expected_version: int | None = None,
    reason: str | None = None,
) -> bool:
    finding = _load_finding(session, finding_id)
    return _set_status(
        session,
        finding,
        "confirmed",
        reason,
        actor=actor,
        now=now,
        action="finding.confirm",
        expected_version=expected_version,
    )


def dismiss_finding(
    session: Session, finding_id: int, *, reason: str, actor: str, now: datetime, expected_version: int | None = None
) -> bool:
    if not reason or not reason.strip():
        raise EnforcementError("排除问题须说明理由 / dismissing a finding needs a reason")
    finding = _load_finding(session, finding_id)
    return _set_status(
        session,
        finding,
        "dismissed",
        reason.strip(),
        actor=actor,
        now=now,
        action="finding.dismiss",
        expected_version=expected_version,
    )


def undo_finding(
    session: Session, finding_id: int, *, actor: str, now: datetime, expected_version: int | None = None
) -> bool:
    """Undo the last confirm/dismiss/rectify: the finding returns to the status it had before it."""
    finding = _load_finding(session, finding_id)
    last = session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity == "finding",
            AuditEvent.entity_id == str(finding_id),
            AuditEvent.action.in_(("finding.confirm", "finding.dismiss", "finding.rectify")),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if last is None or (last.after or {}).get("status") != finding.status:
        raise EnforcementError(f"问题 #{finding_id} 没有可撤销的操作 / nothing to undo on finding {finding_id}")
    before = last.before or {}
    return _set_status(
        session,
        finding,
        before.get("status", "open"),
        before.get("reason"),
        actor=actor,
        now=now,
        action="finding.undo",
        expected_version=expected_version,
    )


# --- inspections -------------------------------------------------------------------------------


def _validate_common(
    session: Session,
    lot_id: int,
    inspected_on: date,
    inspectors: Sequence[str],
    staff_count: int,
    vehicle_count: int,
    outcome: str,
    deadline: date | None,
    campaign_id: int | None,
) -> Lot:
    lot = session.get(Lot, lot_id)
    if lot is None:
        raise EnforcementError(f"停车场 #{lot_id} 不存在 / lot {lot_id} not found")
    if not inspectors or not all(str(p).strip() for p in inspectors):
        raise EnforcementError("须填写检查人员 / inspectors are required")
    if staff_count < 1:
        raise EnforcementError("出动人次至少为1 / staff count (人次) must be at least 1")
    if staff_count < len(inspectors):
        raise EnforcementError("人次少于检查人员数 / staff count is less than the number of inspectors")
    if vehicle_count < 0:
        raise EnforcementError("台次不能为负 / vehicle count must be ≥ 0")
    if outcome not in OUTCOMES:
        raise EnforcementError(
            f"处理结果“{outcome}”无效，可选：{', '.join(f'{k}({v})' for k, v in OUTCOME_ZH.items())} / bad outcome"
        )
    if outcome == "rectification_order":
        if deadline is None:
            raise EnforcementError("责令改正须规定整改期限 / a rectification order needs a deadline")
        if deadline < inspected_on:
            raise EnforcementError("整改期限早于检查日期 / the deadline is before the inspection")
    if campaign_id is not None:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise EnforcementError(f"专项行动 #{campaign_id} 不存在 / campaign {campaign_id} not found")
        if not campaign.start_date <= inspected_on <= campaign.end_date:
            raise EnforcementError(
                f"检查日期 {inspected_on} 不在专项行动期间（{campaign.start_date}至{campaign.end_date}）/ "
                f"the date lies outside the campaign"
            )
    return lot


def _inspection_state(i: Inspection) -> dict[str, Any]:
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


def record_inspection(session: Session, data: InspectionInput, *, actor: str, now: datetime) -> Inspection:
    """Store an inspection with its finding decisions (each finding's status changes, audited)."""
    _validate_common(
        session,
        data.lot_id,
        data.inspected_on,
        data.inspectors,
        data.staff_count,
        data.vehicle_count,
        data.outcome,
        data.rectification_deadline,
        data.campaign_id,
    )
    fines = _money(data.fines_yuan, "罚没款")
    refunds = _money(data.refunds_yuan, "退还金额")
    _check_decisions(session, data)
    observations = _observations_to_link(session, data)
    inspection = Inspection(
        lot_id=data.lot_id,
        campaign_id=data.campaign_id,
        inspected_on=data.inspected_on,
        inspectors=list(data.inspectors),
        staff_count=data.staff_count,
        vehicle_count=data.vehicle_count,
        outcome=data.outcome,
        rectification_deadline=data.rectification_deadline,
        fines_yuan=fines,
        refunds_yuan=refunds,
        disclosure_ok=data.disclosure_ok,
        notes=data.notes,
        created_by=actor,
        created_at=now,
        is_demo=data.is_demo,
    )
    session.add(inspection)
    session.flush()
    for observation in observations:
        observation.inspection_id = inspection.id
    for d in data.decisions:
        _apply_decision(session, inspection.id, d, actor=actor, now=now)
    after = _inspection_state(inspection)
    after["decisions"] = [
        {"finding_id": d.finding_id, "decision": d.decision, "reason": d.reason} for d in data.decisions
    ]
    after["observation_ids"] = list(data.observation_ids)
    audit(
        session,
        actor=actor,
        action="inspection.create",
        entity="inspection",
        entity_id=inspection.id,
        before=None,
        after=after,
        now=now,
    )
    return inspection


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
        finding = _load_finding(session, d.finding_id)
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
    session: Session,
    *,
    of_inspection_id: int,
    inspected_on: date,
    inspectors: Sequence[str],
    staff_count: int,
    rectified: bool,
    actor: str,
    now: datetime,
    vehicle_count: int = 0,
    outcome: str = "none",
    fines_yuan: Decimal | str | int = Decimal("0.00"),
    refunds_yuan: Decimal | str | int = Decimal("0.00"),
    disclosure_ok: bool | None = None,
    notes: str | None = None,
    campaign_id: int | None = None,
    rectification_deadline: date | None = None,
    is_demo: bool = False,
) -> Inspection:
    """A re-inspection (复查). When the problem was put right, the confirmed findings become rectified."""
    original = session.get(Inspection, of_inspection_id)
    if original is None:
        raise EnforcementError(f"检查记录 #{of_inspection_id} 不存在 / inspection not found")
    if inspected_on < original.inspected_on:
        raise EnforcementError("复查日期早于原检查日期 / re-inspection before the inspection")
    campaign_id = original.campaign_id if campaign_id is None else campaign_id
    # a re-inspection may fall after the campaign's end; it still counts for the campaign
    _validate_common(
        session,
        original.lot_id,
        inspected_on,
        inspectors,
        staff_count,
        vehicle_count,
        outcome,
        rectification_deadline,
        None,
    )
    reinspection = Inspection(
        lot_id=original.lot_id,
        campaign_id=campaign_id,
        inspected_on=inspected_on,
        inspectors=list(inspectors),
        staff_count=staff_count,
        vehicle_count=vehicle_count,
        outcome=outcome,
        rectification_deadline=rectification_deadline,
        fines_yuan=_money(fines_yuan, "罚没款"),
        refunds_yuan=_money(refunds_yuan, "退还金额"),
        reinspection_of_id=original.id,
        rectified=rectified,
        disclosure_ok=disclosure_ok,
        notes=notes,
        created_by=actor,
        created_at=now,
        is_demo=is_demo,
    )
    session.add(reinspection)
    session.flush()
    if rectified:
        _rectify_confirmed(session, original, reinspection, actor=actor, now=now)
    audit(
        session,
        actor=actor,
        action="inspection.reinspect",
        entity="inspection",
        entity_id=reinspection.id,
        before=None,
        after=_inspection_state(reinspection),
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
        finding = _load_finding(session, finding_id)
        if finding.status == "confirmed":
            _set_status(
                session,
                finding,
                "rectified",
                f"复查 #{reinspection.id} 已整改",
                actor=actor,
                now=now,
                action="finding.rectify",
                expected_version=None,
            )
