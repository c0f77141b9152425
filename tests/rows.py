"""Rows the tests add to the database, with the columns every row of the kind needs filled in.

Import it as `from tests.rows import lot_row` (pytest puts the repository root on sys.path).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from parkwatch.store.db.models import Lot


def lot_row(name: str, at: datetime, **columns: Any) -> Lot:
    """A `lots` row named `name`, created and last updated at `at`."""
    return Lot(name=name, created_at=at, updated_at=at, **columns)
