"""Campaign totals in the units bureaus report (DOMAIN.md §7). PURE: plain records in, plain dict out.

No SQLAlchemy and no I/O here: `parkwatch.store.stats_db` loads the records from the database. Every key
of the JSON form is documented in docs/stats.md.

Definitions (the same for a campaign, a district and an ISO week; a record belongs to a district by
its lot, to a week by its date):

- staff_person_times (人次) / vehicle_times (台次): sums over all inspections and re-inspections.
- lots_inspected (检查停车场): distinct lots with an inspection or re-inspection.
- lots_reinspected (复查): distinct lots with a re-inspection.
- problems_found (发现问题): findings confirmed during an inspection and still standing (status
  confirmed or rectified: a confirmation later undone or dismissed no longer counts).
- violations_rectified (规范/整改): problems of inspections whose re-inspection found them put right.
- warnings/interviews/rectification_orders/cases_opened/cases_closed: inspections with that outcome.
- fines_yuan / refunds_yuan (罚没款 / 退还): sums, Decimal.
- rectification_rate (整改率) = violations_rectified / problems_found.
- disclosure_rate (收费公示率) = lots whose latest inspection found prices disclosed / lots whose
  latest inspection recorded the point.
- inspection_coverage (检查覆盖率) = lots_inspected / lots in scope (the campaign's districts).
Rates are None when their denominator is 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from parkwatch.core.tariff import money

OUTCOMES = ("none", "warning", "interview", "rectification_order", "case_opened", "case_closed")
OUTCOME_ZH = {
    "none": "无",
    "warning": "提醒告诫",
    "interview": "约谈",
    "rectification_order": "责令改正",
    "case_opened": "立案",
    "case_closed": "结案",
}
COMPLAINT_CATEGORIES = ("high_price", "no_disclosure", "private_charging", "overcharge", "other")
COMPLAINT_CATEGORY_ZH = {
    "high_price": "收费标准较高",
    "no_disclosure": "未明码标价",
    "private_charging": "私人违规收费",
    "overcharge": "标价外加价/多收费",
    "other": "其他",
}
STANDING = ("confirmed", "rectified")
ZERO = Decimal("0.00")

METRIC_KEYS = (
    "staff_person_times",
    "vehicle_times",
    "lots_inspected",
    "lots_reinspected",
    "problems_found",
    "warnings",
    "interviews",
    "rectification_orders",
    "cases_opened",
    "cases_closed",
    "fines_yuan",
    "refunds_yuan",
    "violations_rectified",
    "rectification_rate",
    "disclosure_rate",
    "inspection_coverage",
)
_OUTCOME_KEY = {
    "warning": "warnings",
    "interview": "interviews",
    "rectification_order": "rectification_orders",
    "case_opened": "cases_opened",
    "case_closed": "cases_closed",
}


@dataclass(frozen=True)
class LotRecord:
    id: int
    district: str | None


@dataclass(frozen=True)
class FindingDecision:
    """A finding reviewed in an inspection; `status` is the finding's current status."""

    finding_id: int
    rule_code: str
    decision: str  # confirmed / dismissed
    status: str  # open / confirmed / dismissed / rectified


@dataclass(frozen=True)
class InspectionRecord:
    id: int
    lot_id: int
    inspected_on: date
    campaign_id: int | None = None
    staff_count: int = 0
    vehicle_count: int = 0
    outcome: str = "none"
    fines_yuan: Decimal = ZERO
    refunds_yuan: Decimal = ZERO
    reinspection_of_id: int | None = None
    rectified: bool | None = None
    disclosure_ok: bool | None = None
    decisions: tuple[FindingDecision, ...] = ()

    @property
    def is_reinspection(self) -> bool:
        return self.reinspection_of_id is not None

    @property
    def problems(self) -> tuple[FindingDecision, ...]:
        return tuple(d for d in self.decisions if d.decision == "confirmed" and d.status in STANDING)


@dataclass(frozen=True)
class CampaignRecord:
    id: int
    name: str
    start_date: date
    end_date: date
    districts: tuple[str, ...] | None = None  # None: all districts
    targets: dict[str, Any] = field(default_factory=dict, hash=False)
    is_demo: bool = False


@dataclass(frozen=True)
class ComplaintRecord:
    number: str
    received_at: datetime
    channel: str
    category: str
    district: str | None = None
    lot_id: int | None = None
    status: str = ""


# --- helpers -----------------------------------------------------------------------------------


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def half_year(d: date | datetime) -> str:
    return f"{d.year}-H{1 if d.month <= 6 else 2}"


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else round(numerator / denominator, 4)


# --- inspection totals -------------------------------------------------------------------------


def inspection_totals(
    inspections: Sequence[InspectionRecord],
    all_inspections: Sequence[InspectionRecord] | None = None,
    lots_in_scope: int | None = None,
) -> dict[str, Any]:
    """The counters of DOMAIN.md §7 over `inspections` (one campaign, district or week).

    `all_inspections` lets a re-inspection find the inspection it follows up when that one lies
    outside the slice (e.g. another week); defaults to `inspections`.
    """
    by_id = {i.id: i for i in (all_inspections if all_inspections is not None else inspections)}
    by_id.update({i.id: i for i in inspections})
    out: dict[str, Any] = dict.fromkeys(METRIC_KEYS, 0)
    out["fines_yuan"] = ZERO
    out["refunds_yuan"] = ZERO
    lots: set[int] = set()
    relots: set[int] = set()
    rectified_originals: set[int] = set()
    latest: dict[int, InspectionRecord] = {}
    for i in inspections:
        out["staff_person_times"] += i.staff_count
        out["vehicle_times"] += i.vehicle_count
        lots.add(i.lot_id)
        if i.is_reinspection:
            relots.add(i.lot_id)
            if i.rectified and i.reinspection_of_id is not None:
                rectified_originals.add(i.reinspection_of_id)
        out["problems_found"] += len(i.problems)
        key = _OUTCOME_KEY.get(i.outcome)
        if key:
            out[key] += 1
        out["fines_yuan"] += Decimal(i.fines_yuan or 0)
        out["refunds_yuan"] += Decimal(i.refunds_yuan or 0)
        if i.disclosure_ok is not None:
            prev = latest.get(i.lot_id)
            if prev is None or (i.inspected_on, i.id) >= (prev.inspected_on, prev.id):
                latest[i.lot_id] = i
    out["violations_rectified"] = sum(len(by_id[o].problems) for o in rectified_originals if o in by_id)
    out["lots_inspected"] = len(lots)
    out["lots_reinspected"] = len(relots)
    out["rectification_rate"] = _rate(out["violations_rectified"], out["problems_found"])
    out["disclosure_rate"] = _rate(sum(1 for i in latest.values() if i.disclosure_ok), len(latest))
    out["inspection_coverage"] = _rate(len(lots), lots_in_scope) if lots_in_scope is not None else None
    out["fines_yuan"] = money(out["fines_yuan"])
    out["refunds_yuan"] = money(out["refunds_yuan"])
    return out


def violations_by_rule(inspections: Iterable[InspectionRecord]) -> list[dict[str, Any]]:
    """Standing problems per rule code, and how many of them were put right (by re-inspection)."""
    inspections = list(inspections)
    rectified = {i.reinspection_of_id for i in inspections if i.is_reinspection and i.rectified}
    found: Counter[str] = Counter()
    fixed: Counter[str] = Counter()
    for i in inspections:
        for d in i.problems:
            found[d.rule_code] += 1
            if i.id in rectified:
                fixed[d.rule_code] += 1
    return [{"rule": r, "found": found[r], "rectified": fixed[r]} for r in sorted(found)]


# --- complaints --------------------------------------------------------------------------------


def _shift_year(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _change(count: int, earlier: int | None) -> dict[str, Any]:
    if earlier is None:
        return {"year_earlier": None, "change": None, "change_rate": None}
    return {
        "year_earlier": earlier,
        "change": count - earlier,
        "change_rate": None if earlier == 0 else round((count - earlier) / earlier, 4),
    }


def complaint_totals(complaints: Sequence[ComplaintRecord], period: tuple[date, date] | None = None) -> dict[str, Any]:
    """Complaints by category and half-year, each with the change against the same period a year earlier.

    With `period` (a campaign's dates), also the count in that period against the same dates a
    year earlier.
    """
    by_half: dict[str, list[ComplaintRecord]] = defaultdict(list)
    for c in complaints:
        by_half[half_year(c.received_at)].append(c)
    periods = []
    for key in sorted(by_half):
        year, half = key.split("-")
        earlier_key = f"{int(year) - 1}-{half}"
        items = by_half[key]
        earlier = by_half.get(earlier_key)
        cats = Counter(c.category for c in items)
        earlier_cats = Counter(c.category for c in earlier) if earlier is not None else None
        periods.append(
            {
                "period": key,
                "count": len(items),
                **_change(len(items), len(earlier) if earlier is not None else None),
                "by_category": {
                    cat: {
                        "count": cats.get(cat, 0),
                        **_change(cats.get(cat, 0), earlier_cats.get(cat, 0) if earlier_cats is not None else None),
                    }
                    for cat in COMPLAINT_CATEGORIES
                    if cats.get(cat) or (earlier_cats and earlier_cats.get(cat))
                },
            }
        )
    out: dict[str, Any] = {
        "total": len(complaints),
        "matched_to_lot": sum(1 for c in complaints if c.lot_id is not None),
        "by_category": dict(sorted(Counter(c.category for c in complaints).items())),
        "by_channel": dict(sorted(Counter(c.channel for c in complaints).items())),
        "by_period": periods,
        "campaign_period": None,
    }
    if period is not None:
        start, end = period
        e_start, e_end = _shift_year(start, -1), _shift_year(end, -1)
        now_n = sum(1 for c in complaints if start <= c.received_at.date() <= end)
        then_n = sum(1 for c in complaints if e_start <= c.received_at.date() <= e_end)
        out["campaign_period"] = {
            "from": start.isoformat(),
            "to": end.isoformat(),
            "count": now_n,
            "year_earlier_from": e_start.isoformat(),
            "year_earlier_to": e_end.isoformat(),
            **_change(now_n, then_n),
        }
    return out


def _district_key(order: Sequence[str]) -> Callable[[str | None], tuple[int, int, str]]:
    """The official order first (the jurisdictions' `districts`), then other names, then "no district"."""
    rank = {d: i for i, d in enumerate(order)}

    def key(d: str | None) -> tuple[int, int, str]:
        if d is None:
            return (2, 0, "")
        if d in rank:
            return (0, rank[d], d)
        return (1, 0, d)

    return key


# --- the whole picture -------------------------------------------------------------------------


def _in_campaign(c: CampaignRecord, district: str | None) -> bool:
    return c.districts is None or (district in c.districts)


def _target_report(totals: dict[str, Any], targets: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, target in sorted(targets.items()):
        actual = totals.get(key)
        out[key] = {
            "target": target,
            "actual": actual,
            "met": None if actual is None or not isinstance(target, (int, float)) else actual >= target,
        }
    return out


def compute_stats(
    lots: Sequence[LotRecord],
    inspections: Sequence[InspectionRecord],
    complaints: Sequence[ComplaintRecord] = (),
    campaigns: Sequence[CampaignRecord] = (),
    campaign_id: int | None = None,
    district_order: Sequence[str] = (),
) -> dict[str, Any]:
    """All totals as a plain dict (Decimal money; `to_json` turns it into JSON-ready values).

    `district_order` is the official order of the districts (`StandardsLibrary.district_order()`).

    With `campaign_id`: only that campaign's inspections, lots in its districts, and complaints in
    its districts. Without: everything, plus one entry per campaign in `by_campaign`.
    """
    district_of = {lot.id: lot.district for lot in lots}
    campaign = None
    if campaign_id is not None:
        campaign = next((c for c in campaigns if c.id == campaign_id), None)
        if campaign is None:
            raise KeyError(f"campaign {campaign_id} not found")
        inspections = [i for i in inspections if i.campaign_id == campaign_id]
        lots = [lot for lot in lots if _in_campaign(campaign, lot.district)]
        complaints = (
            [c for c in complaints if c.district is None or _in_campaign(campaign, c.district)]
            if campaign.districts is not None
            else list(complaints)
        )
    out: dict[str, Any] = {
        "campaign": _campaign_entry(campaign) if campaign is not None else None,
        "lots_in_scope": len(lots),
    }
    totals = inspection_totals(inspections, lots_in_scope=len(lots))
    out.update(totals)
    out["targets"] = _target_report(totals, campaign.targets) if campaign and campaign.targets else {}
    out["by_district"] = _by_district(lots, inspections, district_of, district_order)
    per_week: dict[str, list[InspectionRecord]] = defaultdict(list)
    for i in inspections:
        per_week[iso_week(i.inspected_on)].append(i)
    out["by_week"] = [{"week": w, **inspection_totals(per_week[w], inspections)} for w in sorted(per_week)]
    out["violations_by_rule"] = violations_by_rule(inspections)
    period = (campaign.start_date, campaign.end_date) if campaign is not None else None
    out["complaints"] = complaint_totals(complaints, period)
    if campaign_id is None:
        out["by_campaign"] = [_campaign_totals(c, lots, inspections) for c in campaigns]
    return out


def _campaign_entry(campaign: CampaignRecord) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat(),
        "districts": list(campaign.districts) if campaign.districts is not None else None,
        "targets": dict(campaign.targets),
        "is_demo": campaign.is_demo,
    }


def _by_district(
    lots: Sequence[LotRecord],
    inspections: Sequence[InspectionRecord],
    district_of: dict[int, str | None],
    district_order: Sequence[str],
) -> list[dict[str, Any]]:
    lots_per_district = Counter(lot.district for lot in lots)
    per_district: dict[str | None, list[InspectionRecord]] = defaultdict(list)
    for i in inspections:
        per_district[district_of.get(i.lot_id)].append(i)
    districts = sorted({*lots_per_district, *per_district}, key=_district_key(district_order))
    return [
        {
            "district": d,
            "lots_in_scope": lots_per_district.get(d, 0),
            **inspection_totals(per_district.get(d, []), inspections, lots_per_district.get(d, 0)),
        }
        for d in districts
    ]


def _campaign_totals(
    c: CampaignRecord, lots: Sequence[LotRecord], inspections: Sequence[InspectionRecord]
) -> dict[str, Any]:
    """One campaign's line of the whole picture: its inspections, over the lots in its districts."""
    own = [i for i in inspections if i.campaign_id == c.id]
    scope = sum(1 for lot in lots if _in_campaign(c, lot.district))
    t = inspection_totals(own, lots_in_scope=scope)
    return {
        "id": c.id,
        "name": c.name,
        "start_date": c.start_date.isoformat(),
        "end_date": c.end_date.isoformat(),
        **t,
        "targets": _target_report(t, c.targets) if c.targets else {},
    }


def to_json(value: Any) -> Any:
    """Decimal → string with two places ("3000.00"); dates → ISO; containers recursively."""
    if isinstance(value, Decimal):
        return str(money(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if k is not None else None: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value
