"""What every service shares: the refusal, the audit event, exact money."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from parkwatch.core.tariff import money
from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import AuditEvent


class WriteRefused(ValueError):
    """Bad input or a refused write: nothing was written. The message is Chinese with English beside."""


class EnforcementError(WriteRefused):
    """A refused inspection, campaign or finding decision."""


class FindingConflict(EnforcementError):
    """Someone else changed the finding first; the caller should reload and retry."""


def audit(
    session: Session,
    action: str,
    entity_id: Any,
    *,
    actor: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    now: datetime,
    entity: str | None = None,
) -> AuditEvent:
    """An audit event in the caller's session: it commits, or rolls back, with the change it records.
    `action` is "<entity>.<verb>" ("inspection.create"): the entity is its first word (`entity`, when a
    caller still names it, is that word)."""
    event = AuditEvent(
        at=as_utc(now),
        actor=actor,
        action=action,
        entity=entity or action.partition(".")[0],
        entity_id=None if entity_id is None else str(entity_id),
        before=before,
        after=after,
    )
    session.add(event)
    return event


def exact_money(value: Decimal | str | int | float | None, what: str) -> Decimal:
    """An amount in yuan as Decimal with two places; floats, negatives and fractions of a fen refused."""
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
