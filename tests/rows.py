"""Rows the tests add to the database, with the columns every row of the kind needs filled in.

Import it as `from tests.rows import lot_row` (pytest puts the repository root on sys.path).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from parkwatch.core.board import BoardRecord
from parkwatch.store.db.models import Finding, Inspection, Lot, Notification, Observation, PriceVersion


def stored_id(s: Session, row: Any) -> int:
    """Add `row` and flush it, so that the database numbers it; returns its id."""
    s.add(row)
    s.flush()
    return int(row.id)


def lot_row(name: str, at: datetime, **columns: Any) -> Lot:
    """A `lots` row named `name`, created and last updated at `at`."""
    return Lot(name=name, created_at=at, updated_at=at, **columns)


def public_demo_lot(name: str, at: datetime, latitude: float, longitude: float, **columns: Any) -> Lot:
    """A demo public lot on the map at (`latitude`, `longitude`), created and last updated at `at`."""
    return lot_row(name, at, latitude=latitude, longitude=longitude, category="public", is_demo=True, **columns)


def board_observation(
    lot_id: int, record: BoardRecord, at: datetime, *, kind: str = "photo", **columns: Any
) -> Observation:
    """An observation of a lot's board `record` (its text, the record and its tariff) captured at `at`."""
    return Observation(
        lot_id=lot_id,
        kind=kind,
        captured_at=at,
        raw_text=record.text,
        board=record.to_json(),
        tariff=record.tariff.to_json() if record.tariff else None,
        **columns,
    )


def web_observation(
    s: Session,
    lot_id: int,
    text: str,
    tariff: dict[str, Any],
    at: datetime,
    grid_hash: str,
    *,
    source_id: int | None = None,
    board: dict[str, Any] | None = None,
) -> int:
    """A demo web observation of a lot's board `text` with the `tariff` read from it (JSON form); its id."""
    return stored_id(
        s,
        Observation(
            lot_id=lot_id,
            source_id=source_id,
            kind="web",
            captured_at=at,
            raw_text=text,
            board=board,
            tariff=tariff,
            fee_grid_hash=grid_hash,
            is_demo=True,
        ),
    )


def posted_tariff(
    s: Session, lot_id: int, source_id: int, text: str, tariff: dict[str, Any], at: datetime, grid_hash: str
) -> int:
    """A demo web observation of a lot's board `text` with the `tariff` read from it (JSON form), and the
    price version it posted from `at`; returns the observation's id."""
    board = {"text": text, "fields": {}, "tariff": tariff}
    obs_id = web_observation(s, lot_id, text, tariff, at, grid_hash, source_id=source_id, board=board)
    s.add(
        PriceVersion(
            lot_id=lot_id,
            source_id=source_id,
            observation_id=obs_id,
            valid_from=at,
            fee_grid_hash=grid_hash,
            tariff=tariff,
        )
    )
    return obs_id


def finding_row(
    lot_id: int, code: str, message: str, at: datetime, *, severity: str = "error", **columns: Any
) -> Finding:
    """A finding of rule `code` on a lot, found and last updated at `at`."""
    return Finding(
        rule_code=code,
        severity=severity,
        lot_id=lot_id,
        message=message,
        found_at=at,
        updated_at=at,
        **columns,
    )


def demo_inspection(
    lot_id: int, campaign_id: int, on: date, inspector: str, at: datetime, *, refunds_yuan: str, **columns: Any
) -> Inspection:
    """A demo inspection of a lot on day `on` by one `inspector`, without a fine, recorded at `at`."""
    return Inspection(
        lot_id=lot_id,
        campaign_id=campaign_id,
        inspected_on=on,
        inspectors=[inspector],
        fines_yuan=Decimal("0.00"),
        refunds_yuan=Decimal(refunds_yuan),
        created_at=at,
        is_demo=True,
        **columns,
    )


def pending_notification(
    s: Session, channel: str, event_key: str, payload: dict[str, Any], due: datetime, at: datetime
) -> int:
    """A new-error notification to `channel`, not yet tried, due at `due`; returns its id."""
    return stored_id(
        s,
        Notification(
            channel=channel,
            event_key=event_key,
            kind="new_error",
            status="pending",
            attempts=0,
            payload=payload,
            next_attempt_at=due,
            created_at=at,
        ),
    )
