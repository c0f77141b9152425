"""Finding decisions: confirm, dismiss, undo (and rectify, from a re-inspection), each audited.

Concurrency: `findings.version` is SQLAlchemy's `version_id_col`. A status change is
`UPDATE findings … WHERE id = ? AND version = ?`; when another inspector changed the finding first the
update matches no row, SQLAlchemy raises `StaleDataError`, and we raise `FindingConflict`. With
`expected_version` (the version the inspector's screen showed) the conflict is also caught when the
loser only starts after the winner committed (SQLite serialises writers, so this is the usual path
there). Every decision writes an audit event in the same transaction; one that changes nothing is
recorded as `<action>.unchanged`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import AuditEvent, Finding
from parkwatch.store.services.base import EnforcementError, FindingConflict, audit

DECISIONS = ("confirmed", "dismissed")
FINDING_STATUSES = ("open", "confirmed", "dismissed", "rectified")


def finding_state(f: Finding) -> dict[str, Any]:
    return {"status": f.status, "reason": f.status_reason, "version": f.version}


def load_finding(session: Session, finding_id: int) -> Finding:
    finding = session.get(Finding, finding_id)
    if finding is None:
        raise EnforcementError(f"问题 #{finding_id} 不存在 / finding {finding_id} not found")
    return finding


def set_status(
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
        state = finding_state(finding)
        audit(session, f"{action}.unchanged", finding.id, actor=actor, before=state, after=state, now=now)
        return False
    if expected_version is not None and finding.version != expected_version:
        raise FindingConflict(
            f"问题 #{finding.id} 已被他人修改（当前状态：{finding.status}），请刷新后重试 / "
            f"finding {finding.id} was changed by someone else (now {finding.status}, version "
            f"{finding.version}, you had {expected_version}); reload and retry"
        )
    before = finding_state(finding)
    finding_id = finding.id  # read now: after a failed flush the session cannot load attributes
    finding.status = status
    finding.status_reason = reason
    finding.updated_at = as_utc(now)
    try:
        session.flush()  # UPDATE … WHERE version = old: the loser of a race matches no row
    except StaleDataError as exc:
        raise FindingConflict(
            f"问题 #{finding_id} 已被他人同时修改，请刷新后重试 / finding {finding_id} was changed by "
            f"someone else at the same time; reload and retry"
        ) from exc
    audit(session, action, finding.id, actor=actor, before=before, after=finding_state(finding), now=now)
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
    finding = load_finding(session, finding_id)
    return set_status(
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
    finding = load_finding(session, finding_id)
    return set_status(
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
    finding = load_finding(session, finding_id)
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
    return set_status(
        session,
        finding,
        before.get("status", "open"),
        before.get("reason"),
        actor=actor,
        now=now,
        action="finding.undo",
        expected_version=expected_version,
    )


def decide(
    session: Session,
    finding_id: int,
    decision: str,
    *,
    actor: str,
    now: datetime,
    reason: str | None = None,
    expected_version: int | None = None,
) -> bool:
    """One decision by name, as the dashboard and `parkwatch inspection confirm|dismiss|undo` give it:
    confirmed, dismissed (with a reason) or open (undo). True when the finding changed."""
    if decision == "confirmed":
        return confirm_finding(
            session, finding_id, actor=actor, now=now, expected_version=expected_version, reason=reason
        )
    if decision == "dismissed":
        return dismiss_finding(
            session, finding_id, reason=reason or "", actor=actor, now=now, expected_version=expected_version
        )
    if decision == "open":
        return undo_finding(session, finding_id, actor=actor, now=now, expected_version=expected_version)
    raise EnforcementError(f"结论“{decision}”无效（confirmed/dismissed/open）/ unknown decision")
