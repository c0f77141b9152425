"""What the trust tests start from: a demo lot with one open finding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from parkwatch.store.db.models import Finding
from tests.rows import finding_row, lot_row


def lot_with_finding(session: Session, lot_name: str, fingerprint: str, now: datetime) -> Finding:
    """A demo lot and its one open PD006 finding (no hotline posted), flushed: both have their ids."""
    lot = lot_row(lot_name, now, is_demo=True)
    session.add(lot)
    session.flush()
    finding = finding_row(lot.id, "PD006", "未公示举报电话", now, fingerprint=fingerprint)
    session.add(finding)
    session.flush()
    return finding
