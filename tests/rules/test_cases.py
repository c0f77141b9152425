"""Every rule has a passing case and a failing case (the cases table), run through `evaluate`.

The clean board (rules_kit.board()) breaks no rule at all; each failing case breaks it in one way
and must produce exactly the rule's finding with the expected severity and the numbers in its message.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from rules_kit import (
    Charge,
    Posting,
    PriceVersion,
    approval,
    at_guided_lot,
    board,
    ctx,
    guided_board,
    guided_tariff,
    lot,
    tariff,
)

from parkwatch.core.board import BoardRecord, Reading
from parkwatch.core.rules import CODES, RULES, evaluate
from parkwatch.core.tariff import Band, Segment

GUIDED_OK = at_guided_lot(guided_board())
WEB = "web"


def _web(t):
    return (Posting(source="amap", kind=WEB, record=board(t), evidence=("page:https://example.test/lot/7",)),)


# code: (passing context kwargs, failing context kwargs, severity, text the message must contain)
CASES: dict[str, tuple[dict, dict, str, str]] = {
    "PD001": (
        {},
        dict(record=BoardRecord(text="收费单位：某公司", fields={"operator": Reading("某公司")})),
        "error",
        "未公示收费标准",
    ),
    "PD002": ({}, dict(record=board(bare_prices=["5元"])), "error", "“5元”"),
    "PD003": ({}, dict(record=board(unconditioned_prices=["5元/小时"])), "error", "“5元/小时”"),
    "PD004": ({}, dict(record=board(drop=("pricing_form",))), "error", "未标示定价形式"),
    "PD005": (
        GUIDED_OK,
        at_guided_lot(guided_board(fee_basis="有关规定", approval_number=None)),
        "error",
        "未标示批复文号",
    ),
    "PD006": ({}, dict(record=board(drop=("hotlines",))), "error", "12315"),
    "PD007": ({}, dict(record=board(drop=("operator",))), "error", "未标示收费单位"),
    "PD008": ({}, dict(record=board(tariff(free=0), drop=("free_minutes",))), "error", "不少于15分钟"),
    "PD009": ({}, dict(record=board(tariff(rounding=None), drop=("rounding",))), "error", "取整"),
    "PD010": (
        GUIDED_OK,
        at_guided_lot(guided_board(guided_tariff(cap=None), drop=("cap",))),
        "error",
        "30.00元",
    ),
    "PD011": ({}, dict(record=board(drop=("charging_hours",))), "alert", "收费时间"),
    "PD012": ({}, dict(record=board(drop=("exempt_vehicles",))), "alert", "军车"),
    "PD013": ({}, dict(record=board(non_arabic_amounts=["伍元"])), "alert", "“伍元”"),
    "PD014": (
        {},
        dict(record=board(approval_valid_until="2021-06-30", approval_number="岳发改价〔2019〕5号")),
        "alert",
        "2021-06-30",
    ),
    "PR001": (
        GUIDED_OK,
        at_guided_lot(guided_board(tariff(first="10", per_unit="2", unit=30, free=30, cap="30", rounding=30))),
        "error",
        "核定上限",
    ),
    "PR002": ({}, dict(record=board(tariff(free=10), free_minutes=10)), "error", "10分钟"),
    "PR003": (
        GUIDED_OK,
        at_guided_lot(guided_board(guided_tariff(cap="45"))),
        "error",
        "45.00元",
    ),
    "PR004": (
        dict(
            on=date(2026, 3, 1),
            record=board(
                tariff(first="2", per_unit="1", unit=30, free=30, rounding=30),
                rounding="不足30分钟按30分钟计",
                free_minutes=30,
            ),
        ),
        dict(on=date(2026, 3, 1), record=board(tariff(free=30), free_minutes=30)),
        "alert",
        "60分钟",
    ),
    "PR005": (
        {},
        dict(
            record=board(pricing_form="guided", fee_basis="岳发改价〔2025〕8号", approval_number="岳发改价〔2025〕8号")
        ),
        "alert",
        "谎称",
    ),
    "PR006": ({}, dict(record=board(unread=("每车收费若干",))), "alert", "每车收费若干"),
    "CX001": (dict(others=_web(tariff())), dict(others=_web(tariff(per_unit="3"))), "error", "网络页面"),
    "CX002": (
        dict(charges=(Charge(Decimal("7.00"), datetime(2024, 4, 2, 9, 0), datetime(2024, 4, 2, 10, 30)),)),
        dict(charges=(Charge(Decimal("15.00"), datetime(2024, 4, 2, 9, 0), datetime(2024, 4, 2, 12, 10)),)),
        "error",
        "实收15.00元",
    ),
    "CX003": ({}, dict(lot=lot(charging_right=False)), "error", "无收费权"),
    "CX004": (
        dict(history=(PriceVersion("photo", datetime(2023, 1, 1), "a" * 64),)),
        dict(
            history=(
                PriceVersion("photo", datetime(2023, 1, 1), "a" * 64),
                PriceVersion("photo", datetime(2024, 3, 1), "b" * 64),
                PriceVersion("amap", datetime(2023, 6, 1), "a" * 64),
            )
        ),
        "alert",
        "amap",
    ),
}


def test_the_clean_board_breaks_no_rule():
    assert evaluate(ctx()) == []


def test_the_clean_guided_board_breaks_no_rule():
    assert evaluate(ctx(**GUIDED_OK)) == []


@pytest.mark.parametrize("code", CODES)
def test_each_rule_holds_on_its_passing_case(code):
    passing = CASES[code][0]
    assert [f for f in evaluate(ctx(**passing)) if f.rule == code] == []


@pytest.mark.parametrize("code", CODES)
def test_each_rule_fires_on_its_failing_case_with_severity_and_numbers(code):
    _, failing, severity, text = CASES[code]
    found = [f for f in evaluate(ctx(**failing)) if f.rule == code]
    assert found, f"{code} did not fire"
    assert found[0].severity == severity
    assert text in found[0].message
    assert found[0].basis and found[0].values
    assert found[0].evidence, "a finding points at its evidence"


def test_the_cases_table_covers_every_rule():
    assert set(CASES) == set(RULES)


def test_pr001_reports_the_worst_stay_with_both_amounts():
    _, failing, _, _ = CASES["PR001"]
    finding = next(f for f in evaluate(ctx(**failing)) if f.rule == "PR001")
    # posted 10 first hour + 2/30 min vs ceiling 5 + 1/30 min; both capped at 30: worst is before the cap
    assert Decimal(finding.values["posted"]) - Decimal(finding.values["ceiling"]) > 0
    assert f"公示收费{finding.values['posted']}元" in finding.message
    assert f"核定上限{finding.values['ceiling']}元" in finding.message
    assert finding.values["stays_affected"] >= 1


def test_pr001_compares_fee_functions_not_the_first_hour_price():
    # cheaper first hour, but no cap: a 24 h stay costs more than the capped ceiling
    posted = tariff(first="3", per_unit="1", unit=30, free=30, cap=None, rounding=30)
    finding = next(f for f in evaluate(ctx(**at_guided_lot(guided_board(posted)))) if f.rule == "PR001")
    assert finding.values["minutes"] >= 1440
    assert "24小时" in finding.message or "48小时" in finding.message


def test_an_error_on_a_low_confidence_field_becomes_an_alert():
    record = board(bare_prices=["5元"], conf={"bare_prices": 0.5})
    finding = next(f for f in evaluate(ctx(record=record)) if f.rule == "PD002")
    assert finding.severity == "alert"
    assert finding.review_reasons and "0.50" in finding.review_reasons[0]


def test_a_missing_field_on_an_uncertain_reading_is_an_alert():
    record = board(drop=("operator",), conf={"hotlines": 0.4})
    finding = next(f for f in evaluate(ctx(record=record)) if f.rule == "PD007")
    assert finding.severity == "alert"


def test_a_price_error_on_a_low_confidence_tariff_becomes_an_alert():
    _, failing, _, _ = CASES["PR001"]
    record = guided_board(failing["record"].tariff)
    from dataclasses import replace

    finding = next(
        f for f in evaluate(ctx(**at_guided_lot(replace(record, tariff_confidence=0.6)))) if f.rule == "PR001"
    )
    assert finding.severity == "alert"


def test_a_value_from_an_unverified_approval_yields_an_alert():
    _, failing, _, _ = CASES["PR001"]
    failing = dict(failing, approvals=(approval(verification="unverified"),))
    finding = next(f for f in evaluate(ctx(**failing)) if f.rule == "PR001")
    assert finding.severity == "alert"
    assert "未经核实" in finding.message


def test_the_retired_12358_hotline_is_an_alert_not_an_error():
    findings = evaluate(ctx(record=board(hotlines=["12358"])))
    pd006 = next(f for f in findings if f.rule == "PD006")
    assert pd006.severity == "alert" and "12358" in pd006.message
    assert any(f.rule == "PD014" for f in findings)


def test_12345_is_accepted_in_hunan():
    assert [f for f in evaluate(ctx(record=board(hotlines=["12345"]))) if f.rule == "PD006"] == []


def test_the_free_period_minimum_follows_the_date_of_the_observation():
    record = board(tariff(free=20), free_minutes=20)
    assert [f for f in evaluate(ctx(record=record, on=date(2025, 6, 1))) if f.rule == "PR002"] == []
    found = [f for f in evaluate(ctx(record=record, on=date(2026, 3, 1))) if f.rule == "PR002"]
    assert found and found[0].severity == "alert"  # the 2026 minimum (30) is unverified
    assert found[0].values["required_minimum"] == 30


def test_a_night_fee_on_a_street_berth_is_reported_under_the_2026_measures():
    street = lot(category="on_street", pricing_form="guided")
    record = board(tariff(free=30), free_minutes=30, pricing_form="guided", fee_basis="x", approval_number="x")
    found = [f for f in evaluate(ctx(record=record, lot=street, on=date(2026, 3, 1))) if f.rule == "PR002"]
    assert any("20:00" in f.message for f in found)


def test_rules_not_yet_in_force_do_not_run():
    # Order 56 (PD002) came into force on 2022-07-01
    record = board(bare_prices=["5元"])
    assert [f for f in evaluate(ctx(record=record, on=date(2022, 6, 30))) if f.rule == "PD002"] == []
    assert [f for f in evaluate(ctx(record=record, on=date(2022, 7, 1))) if f.rule == "PD002"]


def test_overlapping_bands_are_an_inconsistency():
    bands = (
        Band("白天", time(8), time(20), (Segment(0, None, 60, Decimal("3")),)),
        Band("夜间", time(19), time(8), (Segment(0, None, 60, Decimal("1")),)),
    )
    findings = evaluate(ctx(record=board(tariff(bands=bands))))
    pr006 = [f for f in findings if f.rule == "PR006" and f.values.get("problem") == "bands_overlap"]
    assert pr006 and "19:00-20:00" in pr006[0].message


def test_bands_leaving_hours_unpriced_need_review():
    bands = (
        Band("白天", time(8), time(20), (Segment(0, None, 60, Decimal("3")),)),
        Band("夜间", time(22), time(6), (Segment(0, None, 60, Decimal("1")),)),
    )
    found = [f for f in evaluate(ctx(record=board(tariff(bands=bands)))) if f.rule == "PD011"]
    assert found and "20:00-22:00" in found[0].message and "06:00-08:00" in found[0].message


def test_web_listings_are_not_judged_on_the_board_template():
    record = board(drop=("operator", "pricing_form", "hotlines"))
    codes = {f.rule for f in evaluate(ctx(record=record, kind="web", source="amap"))}
    assert not codes & {"PD004", "PD006", "PD007"}


def test_errors_come_before_alerts():
    findings = evaluate(ctx(record=board(drop=("operator", "exempt_vehicles"))))
    severities = [f.severity for f in findings]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert "error" in severities and "alert" in severities
