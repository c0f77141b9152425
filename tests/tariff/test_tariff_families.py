"""Wording families the corpus showed missing (issue 14, session 6), each in several paraphrased variants:
word order, punctuation, full/half width, traditional characters. None is a corpus line; each family is
read the same way whatever the wording, or the reading says it is not complete."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from parkwatch.core.fee import NoPriceError, fee
from parkwatch.core.normalize import normalize_text
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff
from tests.tariff.tariff_helpers import MONDAY_9, complete_fees


def fees(text: str, minutes: tuple[int, ...] = (30, 90, 150, 600), vehicle: str = "small") -> list[str]:
    return complete_fees(text, minutes, vehicle=vehicle)


# -- stay steps stated as ranges ---------------------------------------------------------------

STEPS = ["3.00", "6.00", "6.00", "10.00"]  # ≤1 h 3, 1–3 h 6, over 3 h 10 (the whole stay at its step)


@pytest.mark.parametrize(
    "text",
    [
        "小型车：1小时以内3元；1小时至3小时之间6元；3小时至24小时之间10元",
        "小型车1小时以内收费3元，1小时后到3小时(含)之间收费6元，3小时后到24小时之间收费10元",
        "小型车：1小时以内3元；1-3小时6元；3-24小时10元",
        "小型车：１小时以内３元；１－３小时６元；３－２４小时１０元",
        "小型车：不足1小时3元；超过1小时不足3小时6元；超过3小时不足24小时10元",
        "小車：不足1小時收3元，超過1小時不足3小時收6元，超過3小時不足24小時收10元",
        "小型车停放1小时以内的3元.停放1小时至3小时之间的6元.停放3小时至24小时之间的10元",
    ],
)
def test_stay_steps_stated_as_ranges_are_totals_whatever_the_wording(text: str) -> None:
    assert fees(text) == STEPS


# -- an amount after 为 / 按 / 收取 ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "首1小时或不足1小时为3元，以后每小时为2元",
        "首小时按3元收取，之后每小时按2元收取",
        "首小时收取3元；超过1小时后，每小时收取2元",
        "首1小時或不足1小時為3元，以後每小時為2元",
        "小型车收费标准：首1小时为3元，此后每1小时为2元",
        "首小时（含不足1小时）为3元,以后每小时2元",
    ],
)
def test_an_amount_after_wei_an_or_shouqu_is_the_price(text: str) -> None:
    assert fees(text) == ["3.00", "5.00", "7.00", "21.00"]


# -- motorcycle and non-motor lines kept apart from cars ------------------------------------------


@pytest.mark.parametrize(
    ("text", "car_90", "motorcycle_90"),
    [
        ("汽车每小时3元，摩托车每辆次1元，非机动车每辆次0.5元", "6.00", "1.00"),
        ("摩托车：每次1元\n汽车：每小时3元", "6.00", "1.00"),
        ("机车每次20元；汽车每小时30元", "60.00", "20.00"),
        ("機車每次20元;汽車每小時30元", "60.00", "20.00"),
        ("小型车每小时3元，摩托车、电动车每次1元", "6.00", "1.00"),
        ("摩托车、电动车每次1元；小型车每小时3元", "6.00", "1.00"),
    ],
)
def test_a_motorcycle_line_keeps_its_price_apart_from_the_cars(text: str, car_90: str, motorcycle_90: str) -> None:
    assert fees(text, (90,)) == [car_90]
    assert fees(text, (90,), vehicle="motorcycle") == [motorcycle_90]


# -- price ceilings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "小型车按不超过2元/小时收费",
        "小型车每小时最高2元",
        "小型车每小时最高不超过2元",
        "小型车每小时不超过2元",
        "小型车停车收费不超过每小时2元",
        "小型车最高不超过2元/小时",
        "小型車每小時最高收費2元",
        "小型车：每30分钟收费最高1元",
        "小型车收费上限为每小时2元",
        "小型车按每小时不高于2元收取",
    ],
)
def test_a_rate_given_only_as_a_ceiling_is_never_a_complete_reading(text: str) -> None:
    reading = read_tariff(text)
    assert not reading.complete, (text, reading.to_json())
    if reading.tariff is not None:
        try:
            amount = fee(reading.tariff, MONDAY_9, MONDAY_9 + timedelta(minutes=90), "small").amount
        except NoPriceError:
            return
        assert amount <= Decimal("4.00")  # never above the ceiling


def test_a_ceiling_read_at_the_ceiling_is_listed_and_warned() -> None:
    reading = read_tariff("小型车每小时最高2元")
    assert reading.ceilings == ("小型车每1小时最高2元",) and not reading.unread
    assert reading.to_json()["ceilings"] == ["小型车每1小时最高2元"] and reading.to_json()["complete"] is False
    assert any("上限" in w for w in reading.warnings)


def test_a_24_hour_maximum_is_a_cap_not_a_rate_ceiling() -> None:
    reading = read_tariff("每小时2元，每24小时最高收费20元")
    assert reading.complete and not reading.ceilings


# -- prices stated as changes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小型车每小时收费由6元降低至4元", ["4.00", "8.00", "12.00", "40.00"]),
        ("小型车停车费从每小时6元下调到4元", ["4.00", "8.00", "12.00", "40.00"]),
        ("小型車每小時收費由6元降低至4元", ["4.00", "8.00", "12.00", "40.00"]),
        ("小型车：首小时由5元调整为4元，之后每小时由3元降至2元", ["4.00", "6.00", "8.00", "22.00"]),
        ("小型车每小时收费由3元提高到4元", ["4.00", "8.00", "12.00", "40.00"]),
    ],
)
def test_a_price_stated_as_a_change_is_the_new_price(text: str, expected: list[str]) -> None:
    assert fees(text) == expected


# -- steps that add up (累计收取) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1小时内3元；2小时内5元；以后每小时2元，按上述标准累计收取",
        "小型车：1小时以内3元，2小时以内5元，超过2小时每小时2元。收费金额按上述标准累计收取",
    ],
)
def test_stay_steps_that_may_add_up_are_not_guessed(text: str) -> None:
    reading = read_tariff(text)
    assert not reading.complete and any("累计收取" in u for u in reading.unread)


def test_cumulative_billing_after_an_hourly_rate_still_reads() -> None:
    assert fees("小车：15分钟以内免费；超过15分钟至首小时收3元，以后每小时收2元，累计收费") == [
        "3.00",
        "5.00",
        "7.00",
        "21.00",
    ]


# -- progressive rates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "首小时2元，第二小时4元，第三小时起每小时6元",
        "首小时2元，第二个小时4元，第三个小时起每小时6元",
        "第1小时2元；第2小时4元；第3小时及以后每小时6元",
        "首小時2元;第2小時4元;第3小時起每小時6元",
        "第一小时2元，第二小时4元，第三小时6元",
    ],
)
def test_a_progressive_rate_prices_each_hour_at_its_own_rate(text: str) -> None:
    assert fees(text) == ["2.00", "6.00", "12.00", "54.00"]


# -- a visit price past a free period (session 9) -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "夜间(20:00-次日8:00)：15分钟内免费停车，超出按6元/辆次计收",
        "夜间(20:00时-次日8:00时)：15分钟内免费，超过的按6元/次收取",
    ],
)
def test_a_visit_price_past_a_free_period_is_the_stay_s_price(text: str) -> None:
    assert complete_fees(text, (15, 16, 600), MONDAY_9.replace(hour=21)) == ["0.00", "6.00", "6.00"]


def test_past_a_price_rather_than_a_free_period_the_excess_visit_price_is_not_guessed() -> None:
    # 5 for 2 hours, then 6 per visit: 6 in all, or 5 + 6? The text does not say
    assert not read_tariff("2小时内5元，超出按6元/次").complete


# -- charging hours said as a clause of their own (session 9) ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "每小时3元，每天8:00至20:00收费，其余时间免费",
        "每小时3元；8:00-20:00收费",
        "每天8:00至20:00收费，其余时间免费，每小时3元",
        "每小時3元\n每日8:00至20:00收費，其餘時間免費",
    ],
)
def test_hours_said_as_a_clause_of_their_own_are_the_charging_hours(text: str) -> None:
    # from 19:30: half an hour charged, then free (before: the class price filled the rest of the day too)
    assert complete_fees(text, (30, 60, 600), MONDAY_9.replace(hour=19, minute=30)) == ["3.00", "3.00", "3.00"]


# -- seasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "夏季（4月-10月）每小时3元；冬季（11月-3月）每小时2元",
        "旺季每小时5元，淡季每小时3元",
        "小型车每小时3元（旺季5元）",
        "小型车每小时3元\n夏季8:00-20:00收费，冬季8:00-18:00收费",
        "小型車每小時3元；冬季收費時間8:00-18:00",
    ],
)
def test_a_seasonal_price_or_season_hours_are_not_read_as_all_year(text: str) -> None:
    assert not read_tariff(text).complete


SEASON_HOURS = [
    "每小时2元；收费时段：夏季(5月1日至9月30日)7:30-21:00；冬季(10月1日至4月30日)7:30-20:00",
    "每小時2元\n收費時間：夏季（5月1日至9月30日）7:30-21:00，冬季（10月1日至次年4月30日）7:30-20:00",
    "计费时段：夏季(5月1日-9月30日)07:30-21:00；冬季(10月1日-4月30日)07:30-20:00\n每小时2元",
]


@pytest.mark.parametrize("text", SEASON_HOURS)
def test_charging_hours_by_season_hold_on_the_dates_of_their_season(text: str) -> None:
    """Session 9: a band's `season`; from 20:30 for an hour: half an hour charged in July, nothing in January
    (20:00 ends the winter hours), nothing from 21:00 in July."""
    starts = [
        datetime(2026, 7, 6, 20, 30),
        datetime(2026, 1, 5, 20, 30),
        datetime(2026, 7, 6, 21),
        datetime(2026, 4, 30, 20),
    ]
    assert [complete_fees(text, (60,), start) for start in starts] == [["2.00"], ["0.00"], ["0.00"], ["0.00"]]
    tariff = read_tariff(text).tariff
    assert tariff is not None and Tariff.from_json(tariff.to_json()) == tariff


@pytest.mark.parametrize(
    "text",
    [
        "每小时2元；收费时段：夏季(5月1日至9月30日)7:30-21:00；冬季(11月1日至4月30日)7:30-20:00",  # October left out
        "每小时2元；收费时段：夏季(5月1日至9月30日)7:30-21:00",  # one season only
        "每小时2元；收费时段：夏季(5月1日至10月31日)7:30-21:00；冬季(10月1日至4月30日)7:30-20:00",  # overlapping
        "每小时2元；收费时段：夏季(2月30日至9月30日)7:30-21:00；冬季(10月1日至4月30日)7:30-20:00",  # no such date
    ],
)
def test_seasons_that_do_not_cover_the_year_once_are_left_unread(text: str) -> None:
    assert not read_tariff(text).complete


# -- units given only in a table header -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小型车（元/小时）：3", ["3.00", "6.00", "9.00", "30.00"]),
        ("收费标准（元/小时）：小型车3，大型车5", ["3.00", "6.00", "9.00", "30.00"]),
        ("收费标准（单位：元/半小时）\n小型车：2\n大型车：4", ["2.00", "6.00", "10.00", "40.00"]),
        ("收費標準(單位:元/小時)\n小型車:3", ["3.00", "6.00", "9.00", "30.00"]),
        ("收费标准（元/次）：小型车5", ["5.00", "5.00", "5.00", "5.00"]),
    ],
)
def test_a_unit_in_the_table_header_holds_for_the_bare_amounts(text: str, expected: list[str]) -> None:
    assert fees(text) == expected


# -- normalisation the robustness sweep asked for ------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("货车.1小时以内4元", "货车。1小时以内4元"),  # a half-width full stop after a word: a sentence break
        ("1.小型车每次1.5元", "1.小型车每次1.5元"),  # a list item and a decimal point stay
        ("按每车5元每小时收费", "按每车5元/1小时收费"),
        ("5元一小时收费", "5元/1小时收费"),
        ("首小时5元每半小时2元", "首1小时5元每30分钟2元"),  # two prices: no unit moves
        ("超出2小时后每小时最高不超出20元", "超过2小时后每1小时最高不超过20元"),
        ("不满1小时按1小时计", "不足1小时按1小时计"),
        ("夜间(20:00时-次日8:00时)", "夜间(20:00-次日08:00)"),  # the hour word said again after a clock time
        ("8:00时起至20:00时止", "08:00至20:00"),
        ("08:00时段", "08:00时段"),
    ],
)
def test_normalisation_reads_the_rewritten_forms(raw: str, normalized: str) -> None:
    assert normalize_text(raw) == normalized
