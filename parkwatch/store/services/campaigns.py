"""Campaigns (专项行动): a period, the districts it covers and its targets, audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from parkwatch.store.db.models import Campaign
from parkwatch.store.services.base import EnforcementError, audit


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
        "campaign.create",
        campaign.id,
        actor=actor,
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
