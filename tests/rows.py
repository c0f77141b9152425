"""Rows the tests add to the database, with the columns every row of the kind needs filled in.

Import it as `from tests.rows import lot_row` (pytest puts the repository root on sys.path).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from parkwatch.store.db.models import Lot, Observation, PriceVersion


def lot_row(name: str, at: datetime, **columns: Any) -> Lot:
    """A `lots` row named `name`, created and last updated at `at`."""
    return Lot(name=name, created_at=at, updated_at=at, **columns)


def posted_tariff(
    s: Session, lot_id: int, source_id: int, text: str, tariff: dict[str, Any], at: datetime, grid_hash: str
) -> int:
    """A demo web observation of a lot's board `text` with the `tariff` read from it (JSON form), and the
    price version it posted from `at`; returns the observation's id."""
    obs = Observation(
        lot_id=lot_id,
        source_id=source_id,
        kind="web",
        captured_at=at,
        raw_text=text,
        board={"text": text, "fields": {}, "tariff": tariff},
        tariff=tariff,
        fee_grid_hash=grid_hash,
        is_demo=True,
    )
    s.add(obs)
    s.flush()
    s.add(
        PriceVersion(
            lot_id=lot_id,
            source_id=source_id,
            observation_id=obs.id,
            valid_from=at,
            fee_grid_hash=grid_hash,
            tariff=tariff,
        )
    )
    return obs.id
