"""Session 8 (issue 14): stays that cross the day and night bands, caps from a later day on, and a visit price
that becomes a day price. Our own sentences, none a corpus line: each is read right, or the reading says it
is not complete."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from parkwatch.core.fee import fee
from parkwatch.core.tariff import ClassTariff, Tariff
from parkwatch.core.tariff_reader import ASSUME_CROSS_ADDS, ASSUME_VISIT_DAY_AGAIN, read_tariff
from tests.tariff.tariff_helpers import complete_fees

BANDS = "白天(8:00-20:00)每小时3元；夜间(20:00-次日8:00)每小时1元"


def fees(text: str, start: datetime, minutes: tuple[int, ...]) -> list[str]:
    return complete_fees(text, minutes, start)


# -- stays that cross the bands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        # 50 min from 19:30 is under an hour: all at the day rate (3), not 3 + 1; 90 and 120 min add up
        ("跨时段停放不足1小时的，按时段分界点前的收费标准收取", ["3.00", "4.00", "5.00"]),
        # up to 2 hours inclusive: 2 started day hours (6) where the bands would give 3 + 1 and 3 + 2
        ("跨时段停车时长不超过2小时(含)的，按进场时段的收费标准计费", ["3.00", "6.00", "6.00"]),
    ],
)
def test_a_short_crossing_stay_is_billed_at_the_entry_band_s_rate(rule: str, expected: list[str]) -> None:
    assert fees(f"{BANDS}；{rule}", datetime(2026, 1, 5, 19, 30), (50, 90, 120)) == expected
    assert fees(BANDS, datetime(2026, 1, 5, 19, 30), (50, 90, 120)) == ["4.00", "4.00", "5.00"]


def test_the_short_crossing_rule_is_kept_in_the_json_and_only_when_said() -> None:
    said = read_tariff(f"{BANDS}；跨时段停放不足1小时的，按时段分界点前的收费标准收取").tariff
    silent = read_tariff(BANDS).tariff
    assert said is not None and silent is not None
    assert said.classes[0].entry_band_within == 59  # a stay counts in whole minutes: under 60 is at most 59
    assert Tariff.from_json(said.to_json()) == said
    assert "entry_band_within" not in silent.classes[0].to_json()


@pytest.mark.parametrize(
    "rule",
    [
        "跨时段(白天+夜间)：按停车第一时段实际费用+第二时段实际费用计收",
        "跨白天、夜间时段停放的，按不同时段收费标准累计计收",
    ],
)
def test_a_stay_that_adds_up_each_band_s_charges_is_read_and_needs_no_assumption(rule: str) -> None:
    reading = read_tariff(f"{BANDS}；{rule}")
    assert reading.complete and ASSUME_CROSS_ADDS not in reading.assumptions, reading.unread
    assert fees(f"{BANDS}；{rule}", datetime(2026, 1, 5, 19, 30), (90,)) == ["4.00"]


def test_bands_silent_on_a_crossing_stay_list_the_sum_as_an_assumption() -> None:
    assert ASSUME_CROSS_ADDS in read_tariff(BANDS).assumptions
    # one priced band and free hours around it: nothing to add up
    assert ASSUME_CROSS_ADDS not in read_tariff("收费时段8:00-20:00，每小时3元，其余时段免费").assumptions


def test_a_crossing_rule_this_model_does_not_hold_stays_unread() -> None:
    reading = read_tariff(f"{BANDS}；跨白天、夜间两个时段停车，已收取夜间停车费的，不得再收取白天的停车费")
    assert not reading.complete


# -- caps from a later day on -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        # stays of 3 and 4 days at 5元/h (120 a day uncapped)
        ("24小时最高30元，第3个24小时起每24小时最高50元", ["110.00", "160.00"]),  # 30 + 30 + 50 (+ 50)
        ("第一个24小时最高30元，第二个24小时起每24小时最高40元", ["110.00", "150.00"]),  # 30 + 40 + 40 (+ 40)
        ("第一个24小时最高30元，第二个24小时最高40元，第三个24小时起每24小时最高50元", ["120.00", "170.00"]),
        # session 9: a cap from the fourth or a later day on; the days before it keep the second day's cap
        ("24小时最高30元，第4个24小时起每24小时最高50元", ["90.00", "140.00"]),  # 30 + 30 + 30 (+ 50)
        ("第一个24小时最高30元，第二个24小时最高40元，第四个24小时起每24小时最高60元", ["110.00", "170.00"]),
        ("24小時最高30元，第5個24小時起每24小時最高50元", ["90.00", "120.00"]),  # the fifth day not reached
    ],
)
def test_a_cap_from_a_later_day_on_holds_from_that_day(caps: str, expected: list[str]) -> None:
    assert fees(f"每小时5元，{caps}", datetime(2026, 1, 5, 9), (72 * 60, 96 * 60)) == expected


def test_the_day_a_later_cap_starts_is_kept_in_the_json_only_when_past_the_third() -> None:
    fourth = read_tariff("每小时5元，24小时最高30元，第4个24小时起每24小时最高50元").tariff
    third = read_tariff("每小时5元，24小时最高30元，第3个24小时起每24小时最高50元").tariff
    assert fourth is not None and third is not None
    assert fourth.classes[0].cap_third_day_from == 4 and Tariff.from_json(fourth.to_json()) == fourth
    assert "cap_third_day_from" not in third.classes[0].to_json()
    with pytest.raises(ValueError, match="later cap"):
        ClassTariff(vehicle="small", cap_third_day_from=4)  # a start day without its cap


@pytest.mark.parametrize(
    "caps",
    [
        "24小时最高30元，第3个24小时最高50元",  # the third day alone: the days after it are not said
        "24小时最高30元，第3个24小时起每24小时最高50元，第4个24小时起每24小时最高60元",  # two later caps
    ],
)
def test_a_later_day_cap_the_model_cannot_hold_is_left_unread(caps: str) -> None:
    reading = read_tariff(f"每小时5元，{caps}")
    assert not reading.complete and any("元" in u for u in reading.unread)
    small = reading.tariff.for_vehicle("small") if reading.tariff else None
    assert isinstance(small, ClassTariff) and small.cap_later_day is None  # never the second day's cap


# -- a crossing rule stated once per direction (session 9) ----------------------------------------------

TIMED_AND_VISITS = "白天(7:00-19:00)实行计时收费:每小时2元\n夜间(19:00-次日7:00)实行计次收费:10元/辆次\n"
DAY_ENTRY = (
    "计时收费时段驶入、计次收费时段驶离,白天、夜间累计停车时长不超过{n}的,按白天计时标准收费,不加收夜间收费;"
    "超过的,在白天计时收费基础上,加收夜间收费10元/次"
)
NIGHT_ENTRY = (
    "计次收费时段驶入、计时收费时段驶离,夜间、白天累计停车时长不超过{n}的,按夜间计次标准收费,即10元/次,"
    "不加收白天计时收费;超过的,在10元/次基础上,加收白天计时收费"
)


@pytest.mark.parametrize("order", ["day first", "night first"])
def test_a_crossing_rule_stated_per_direction_is_the_entry_band_s_rate_within_its_length(order: str) -> None:
    rules = [DAY_ENTRY.format(n="3小时(含3小时)"), NIGHT_ENTRY.format(n="3小时(含3小时)")]
    text = TIMED_AND_VISITS + "\n".join(rules if order == "day first" else rules[::-1])
    # from 18:00: 180 min is within 3 h (3 day hours, 6); 181 min adds the night's 10 to 1 day hour (2)
    assert fees(text, datetime(2026, 1, 5, 18), (120, 180, 181)) == ["4.00", "6.00", "12.00"]
    # from 06:00: within 3 h the night visit only (10); over 3 h, 10 + the day hours after 07:00
    assert fees(text, datetime(2026, 1, 5, 6), (120, 180, 240)) == ["10.00", "10.00", "16.00"]


@pytest.mark.parametrize(
    "rules",
    [
        [DAY_ENTRY.format(n="2小时")],  # one direction only: the other is not said
        [DAY_ENTRY.format(n="2小时"), NIGHT_ENTRY.format(n="3小时")],  # two lengths
    ],
)
def test_a_crossing_rule_per_direction_stated_in_part_is_left_unread(rules: list[str]) -> None:
    assert not read_tariff(TIMED_AND_VISITS + "\n".join(rules)).complete


# -- a visit price up to a length, a day price after it ----------------------------------------------

VISIT_THEN_DAY = "停放3小时以内的按1次收费，超过3小时的按天计收\n小型车每次4元、每天10元\n大型车每次6元、每天15元"


def test_a_visit_price_becomes_a_day_price_after_the_stated_length() -> None:
    monday = datetime(2026, 1, 5, 9)
    # 180 min is one visit; longer is a day; a second day starts again with a visit (an assumption, said)
    assert fees(VISIT_THEN_DAY, monday, (30, 180, 181, 600, 1440, 1500)) == [
        "4.00", "4.00", "10.00", "10.00", "10.00", "14.00"
    ]  # fmt: skip
    reading = read_tariff(VISIT_THEN_DAY)
    assert ASSUME_VISIT_DAY_AGAIN in reading.assumptions and reading.tariff is not None
    large = fee(reading.tariff, monday, monday + timedelta(minutes=600), "large").amount
    assert str(large) == "15.00"


@pytest.mark.parametrize(
    "text",
    [
        "停放3小时以内的按1次收费，超过3小时的按天计收\n小型车每次4元",  # no day price
        "停放3小时以内的按1次收费，超过4小时的按天计收\n小型车每次4元、每天10元",  # the lengths disagree
    ],
)
def test_a_visit_and_day_switch_with_a_price_or_length_missing_is_left_unread(text: str) -> None:
    assert not read_tariff(text).complete


def test_a_long_bracketed_definition_after_a_class_keeps_the_class() -> None:
    text = "小型车(小轿车、15座以下的面包车、2.5吨及以下的小货车、手扶拖拉机、三轮摩托车)每小时3元；大型车每小时6元"
    reading = read_tariff(text)
    assert reading.tariff is not None and [c.vehicle for c in reading.tariff.classes] == ["small", "large"]
