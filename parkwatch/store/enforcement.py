"""The enforcement record under its older name: campaigns, inspections, re-inspections, finding decisions.

The write path lives in `parkwatch.store.services` (one module per kind of write); this module keeps
the names callers have imported from here. New code imports the services.
"""

from __future__ import annotations

from parkwatch.store.services.base import EnforcementError, FindingConflict, audit
from parkwatch.store.services.campaigns import create_campaign
from parkwatch.store.services.findings import (
    DECISIONS,
    FINDING_STATUSES,
    confirm_finding,
    dismiss_finding,
    undo_finding,
)
from parkwatch.store.services.findings import set_status as _set_status
from parkwatch.store.services.inspections import (
    Decision,
    InspectionInput,
    Visit,
    record_inspection,
    record_reinspection,
)

__all__ = [
    "DECISIONS",
    "FINDING_STATUSES",
    "Decision",
    "EnforcementError",
    "FindingConflict",
    "InspectionInput",
    "Visit",
    "_set_status",
    "audit",
    "confirm_finding",
    "create_campaign",
    "dismiss_finding",
    "record_inspection",
    "record_reinspection",
    "undo_finding",
]
