"""Inspection records built by hand for the statistics and report tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from parkwatch.core.stats import InspectionRecord


def reinspection(of: InspectionRecord, number: int, on: date, **columns: Any) -> InspectionRecord:
    """Re-inspection `number` of inspection `of`: the same lot in the same campaign, on day `on`."""
    return InspectionRecord(number, of.lot_id, on, of.campaign_id, reinspection_of_id=of.id, **columns)
