"""Campaign totals (pure): each counter against records built by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from parkwatch.core.stats import (
    CampaignRecord,
    ComplaintRecord,
    FindingDecision,
    InspectionRecord,
    LotRecord,
    complaint_totals,
    compute_stats,
    inspection_totals,
    iso_week,
    to_json,
)
from tests.stats.stats_records import reinspection

LOTS = [
    LotRecord(1, "岳阳楼区"),
    LotRecord(2, "岳阳楼区"),
    LotRecord(3, "君山区"),
    LotRecord(4, "君山区"),
    LotRecord(5, "华容县"),
]


def confirmed(fid: int, rule: str, status: str = "confirmed") -> FindingDecision:
    return FindingDecision(fid, rule, "confirmed", status)


def records() -> list[InspectionRecord]:
    # lot 1: two problems, rectification order; re-inspected and put right (findings now rectified)
    ordered = InspectionRecord(
        1,
        1,
        date(2021, 4, 6),
        1,
        staff_count=3,
        vehicle_count=1,
        outcome="rectification_order",
        disclosure_ok=False,
        decisions=(confirmed(11, "PD006", "rectified"), confirmed(12, "PD002", "rectified")),
    )
    # lot 2: one confirmed problem (warning), one dismissed; re-inspected, NOT put right
    warned = InspectionRecord(
        3,
        2,
        date(2021, 4, 7),
        1,
        staff_count=2,
        vehicle_count=1,
        outcome="warning",
        disclosure_ok=False,
        decisions=(confirmed(13, "PD004"), FindingDecision(14, "PD011", "dismissed", "dismissed")),
    )
    return [
        ordered,
        reinspection(ordered, 2, date(2021, 4, 20), staff_count=2, vehicle_count=1, rectified=True, disclosure_ok=True),
        warned,
        reinspection(
            warned, 4, date(2021, 4, 21), staff_count=2, vehicle_count=0, rectified=False, disclosure_ok=False
        ),
        # lot 3: a case opened with a fine and a refund; the confirmation was later undone (finding open)
        InspectionRecord(
            5,
            3,
            date(2021, 4, 13),
            1,
            staff_count=4,
            vehicle_count=2,
            outcome="case_opened",
            fines_yuan=Decimal("1500.00"),
            refunds_yuan=Decimal("120.50"),
            disclosure_ok=True,
            decisions=(confirmed(15, "PR001", "open"),),
        ),
        # lot 4: clean
        InspectionRecord(6, 4, date(2021, 4, 14), 1, staff_count=2, vehicle_count=1, disclosure_ok=True),
        # lot 5: inspected by another campaign
        InspectionRecord(
            7,
            5,
            date(2021, 4, 14),
            2,
            staff_count=5,
            vehicle_count=1,
            outcome="interview",
            decisions=(confirmed(16, "PD006"),),
        ),
    ]


CAMPAIGNS = [
    CampaignRecord(
        1,
        "专项一",
        date(2021, 4, 1),
        date(2021, 6, 30),
        ("岳阳楼区", "君山区"),
        {"inspection_coverage": 1.0, "rectification_rate": 1.0},
    ),
    CampaignRecord(2, "专项二", date(2021, 4, 1), date(2021, 6, 30), None),
]


def test_campaign_totals_match_the_records_built_by_hand() -> None:
    s = compute_stats(LOTS, records(), campaigns=CAMPAIGNS, campaign_id=1)
    assert s["staff_person_times"] == 3 + 2 + 2 + 2 + 4 + 2
    assert s["vehicle_times"] == 1 + 1 + 1 + 0 + 2 + 1
    assert s["lots_in_scope"] == 4
    assert s["lots_inspected"] == 4
    assert s["lots_reinspected"] == 2
    assert s["problems_found"] == 3  # 2 on lot 1, 1 on lot 2; the undone one on lot 3 no longer counts
    assert s["violations_rectified"] == 2
    assert s["rectification_rate"] == round(2 / 3, 4)
    assert s["warnings"] == 1 and s["rectification_orders"] == 1 and s["cases_opened"] == 1
    assert s["interviews"] == 0 and s["cases_closed"] == 0
    assert s["fines_yuan"] == Decimal("1500.00") and s["refunds_yuan"] == Decimal("120.50")
    # latest word per lot: lot 1 True (re-inspection), lot 2 False, lot 3 True, lot 4 True
    assert s["disclosure_rate"] == 0.75
    assert s["inspection_coverage"] == 1.0
    assert s["targets"]["rectification_rate"] == {"target": 1.0, "actual": round(2 / 3, 4), "met": False}
    assert s["targets"]["inspection_coverage"]["met"] is True


def test_totals_split_by_district_and_by_iso_week() -> None:
    s = compute_stats(LOTS, records(), campaigns=CAMPAIGNS, campaign_id=1)
    by_district = {row["district"]: row for row in s["by_district"]}
    assert set(by_district) == {"岳阳楼区", "君山区"}
    assert by_district["岳阳楼区"]["staff_person_times"] == 9
    assert by_district["君山区"]["lots_inspected"] == 2
    assert by_district["君山区"]["fines_yuan"] == Decimal("1500.00")
    weeks = {row["week"]: row for row in s["by_week"]}
    assert set(weeks) == {iso_week(date(2021, 4, 6)), iso_week(date(2021, 4, 13)), iso_week(date(2021, 4, 20))}
    later = weeks[iso_week(date(2021, 4, 20))]
    # a re-inspection in a later week counts the problems of the inspection it followed up
    assert later["violations_rectified"] == 2 and later["lots_reinspected"] == 2


def test_violations_are_counted_per_rule_with_the_rectified_ones() -> None:
    s = compute_stats(LOTS, records(), campaigns=CAMPAIGNS, campaign_id=1)
    assert s["violations_by_rule"] == [
        {"rule": "PD002", "found": 1, "rectified": 1},
        {"rule": "PD004", "found": 1, "rectified": 0},
        {"rule": "PD006", "found": 1, "rectified": 1},
    ]


def test_without_a_campaign_everything_counts_and_each_campaign_has_its_entry() -> None:
    s = compute_stats(LOTS, records(), campaigns=CAMPAIGNS)
    assert s["staff_person_times"] == 20
    assert s["lots_inspected"] == 5 and s["inspection_coverage"] == 1.0
    assert s["interviews"] == 1
    assert [(c["id"], c["staff_person_times"]) for c in s["by_campaign"]] == [(1, 15), (2, 5)]
    assert s["by_campaign"][1]["inspection_coverage"] == round(1 / 5, 4)


def test_an_unknown_campaign_is_an_error() -> None:
    with pytest.raises(KeyError):
        compute_stats(LOTS, records(), campaigns=CAMPAIGNS, campaign_id=99)


def test_rates_are_none_when_nothing_was_found_or_inspected() -> None:
    t = inspection_totals([], lots_in_scope=0)
    assert t["rectification_rate"] is None and t["disclosure_rate"] is None and t["inspection_coverage"] is None
    assert t["staff_person_times"] == 0 and t["fines_yuan"] == Decimal("0.00")


def test_a_rectified_reinspection_counts_once_even_if_repeated() -> None:
    base = records()[:2]
    again = reinspection(base[0], 9, date(2021, 5, 1), staff_count=1, rectified=True)
    t = inspection_totals([*base, again])
    assert t["violations_rectified"] == 2
    assert t["lots_reinspected"] == 1


def complaint(n: int, when: datetime, category: str = "high_price", district: str = "岳阳楼区") -> ComplaintRecord:
    return ComplaintRecord(f"C{n}", when, "12345", category, district)


def test_complaints_by_half_year_compare_with_the_same_half_a_year_earlier() -> None:
    items = [complaint(i, datetime(2020, 3, 1 + i % 28)) for i in range(34)]
    items += [
        complaint(100 + i, datetime(2021, 5, 1 + i % 28), "no_disclosure" if i < 4 else "high_price") for i in range(14)
    ]
    items += [complaint(200, datetime(2020, 7, 1))]
    c = complaint_totals(items, (date(2021, 4, 1), date(2021, 6, 30)))
    periods = {p["period"]: p for p in c["by_period"]}
    assert periods["2021-H1"]["count"] == 14
    assert periods["2021-H1"]["year_earlier"] == 34
    assert periods["2021-H1"]["change"] == -20
    assert periods["2021-H1"]["change_rate"] == round(-20 / 34, 4)
    assert periods["2020-H1"]["year_earlier"] is None
    assert periods["2021-H1"]["by_category"]["no_disclosure"] == {
        "count": 4,
        "year_earlier": 0,
        "change": 4,
        "change_rate": None,
    }
    assert c["by_category"] == {"high_price": 45, "no_disclosure": 4}
    assert c["campaign_period"]["count"] == 14 and c["campaign_period"]["year_earlier"] == 0
    assert c["total"] == 49


def test_campaign_complaints_are_limited_to_its_districts() -> None:
    items = [complaint(1, datetime(2021, 5, 1)), complaint(2, datetime(2021, 5, 2), district="华容县")]
    s = compute_stats(LOTS, records(), items, CAMPAIGNS, campaign_id=1)
    assert s["complaints"]["total"] == 1


def test_json_form_turns_money_into_strings_with_two_places() -> None:
    s = to_json(
        compute_stats(LOTS, records(), campaigns=CAMPAIGNS, campaign_id=1, district_order=("岳阳楼区", "君山区"))
    )
    assert s["fines_yuan"] == "1500.00" and s["refunds_yuan"] == "120.50"
    assert [row["district"] for row in s["by_district"]] == ["岳阳楼区", "君山区"]  # the official order given
    assert s["by_district"][1]["fines_yuan"] == "1500.00"
