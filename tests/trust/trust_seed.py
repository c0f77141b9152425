"""What the trust tests start from: a demo lot with one open finding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from parkwatch.store.db.models import Finding, Lot


def lot_with_finding(session: Session, lot_name: str, fingerprint: str, now: datetime) -> Finding:
    """A demo lot and its one open PD006 finding (no hotline posted), flushed: both have their ids."""
    lot = Lot(name=lot_name, created_at=now, updated_at=now, is_demo=True)
    session.add(lot)
    session.flush()
    finding = Finding(
        fingerprint=fingerprint,
        rule_code="PD006",
        severity="error",
        lot_id=lot.id,
        message="未公示举报电话",
        found_at=now,
        updated_at=now,
    )
    session.add(finding)
    session.flush()
    return finding
