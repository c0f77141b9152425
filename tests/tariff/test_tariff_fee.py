"""The fee function's contract: breakdown, grid, grid hash, grid comparison, model queries."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from tariff_helpers import at, price, read

from parkwatch.core.fee import (
    GRID_STARTS,
    GRID_STAYS_MINUTES,
    FeeLine,
    FeeResult,
    GridDiff,
    NoPriceError,
    compare_grids,
    fee,
    fee_grid,
    fee_grid_hash,
)
from parkwatch.core.tariff import VEHICLE_CLASSES, ClassTariff, Segment, Tariff

ISSUE = "小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费"


def test_the_breakdown_reads_like_a_receipt_and_adds_up():
    entry = at("10:00")
    result = fee(read(ISSUE), entry, entry + timedelta(minutes=600))
    assert isinstance(result, FeeResult)
    assert result.amount == Decimal("20.00") and result.minutes == 600 and result.vehicle == "small"
    assert result.breakdown == (
        FeeLine("首小时", Decimal("5.00")),
        FeeLine("1小时后每小时 ×9", Decimal("18.00")),
        FeeLine("24小时封顶20.00元", Decimal("-3.00")),
    )
    assert result.to_json() == {
        "fee": "20.00",
        "currency": "CNY",
        "vehicle": "small",
        "minutes": 600,
        "breakdown": [
            {"label": "首小时", "amount": "5.00"},
            {"label": "1小时后每小时 ×9", "amount": "18.00"},
            {"label": "24小时封顶20.00元", "amount": "-3.00"},
        ],
    }


def test_money_is_decimal_with_two_places():
    entry = at("10:00")
    result = fee(read("2.5元/30分钟"), entry, entry + timedelta(minutes=31))
    assert isinstance(result.amount, Decimal) and str(result.amount) == "5.00"


def test_a_started_minute_counts_and_exit_before_entry_is_refused():
    entry = at("10:00")
    t = read("每小时2元")
    assert fee(t, entry, entry + timedelta(minutes=60, seconds=1)).minutes == 61
    with pytest.raises(ValueError):
        fee(t, entry, entry - timedelta(minutes=1))


def test_a_vehicle_without_a_price_raises():
    t = read("小型车每小时2元")
    with pytest.raises(NoPriceError):
        fee(t, at("10:00"), at("11:00"), "large")


def test_new_energy_cars_fall_back_to_small_cars_and_everyone_to_the_all_class():
    small_only = read("小型车每小时2元")
    assert small_only.for_vehicle("nev") is small_only.for_vehicle("small")
    everyone = read("每小时2元")
    assert all(everyone.for_vehicle(v) is not None for v in VEHICLE_CLASSES)


def test_a_free_class_costs_nothing():
    t = read("小型车每小时2元，摩托车免费")
    assert price(t, 600, vehicle="motorcycle") == Decimal("0")


def test_calendar_day_caps_and_24_hour_caps_differ_across_midnight():
    day = read("每小时3元，每日最高20元")
    window = read("每小时3元，24小时最高20元")
    assert price(day, 600, "22:00") == Decimal("26")
    assert price(window, 600, "22:00") == Decimal("20")


def test_a_band_cap_applies_to_each_occurrence_of_the_band():
    t = read("白天(08:00-20:00)每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元")
    # two nights: 5 + 5; the day between: 12 × 2 = 24
    assert price(t, 2160, "20:00") == Decimal("34")


def test_per_visit_each_started_maximum_stay_is_a_visit():
    t = read("每次5元，每次最长12小时")
    assert [price(t, m) for m in (1, 720, 721, 1440, 1441)] == [Decimal(x) for x in ("5", "5", "10", "10", "15")]


def test_the_grid_covers_every_start_and_stay():
    grid = fee_grid(read(ISSUE), "small")
    assert set(grid) == {(s, m) for s in GRID_STARTS for m in GRID_STAYS_MINUTES}
    assert grid[(time(10, 0), 60)] == Decimal("5")
    assert grid[(time(10, 0), 2880)] == Decimal("40")
    assert fee_grid(read("小型车每小时2元"), "large") == {}


def test_equal_grid_hashes_mean_equal_prices_whatever_the_wording():
    a = read("小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费")
    b = read("15分钟以内免费。小型车首个小时伍元，以后每小时两元，二十四小时封顶20元")
    c = read("小型车：首小时5元，之后每小时3元，24小时最高收费20元，15分钟内免费")
    assert fee_grid_hash(a) == fee_grid_hash(b)
    assert fee_grid_hash(a) != fee_grid_hash(c)
    assert len(fee_grid_hash(a)) == 64


def test_compare_grids_lists_differences_worst_first():
    board = read("每小时3元，24小时最高30元")
    web = read("每小时2元，24小时最高20元")
    diffs = compare_grids(board, web, "small")
    assert diffs and all(isinstance(d, GridDiff) for d in diffs)
    assert diffs[0].a - diffs[0].b == max(d.a - d.b for d in diffs) == Decimal("20")
    assert [d.a - d.b for d in diffs] == sorted((d.a - d.b for d in diffs), reverse=True)
    assert compare_grids(board, board, "small") == []


def test_model_queries_used_by_the_rules():
    t = read("15分钟内免费。小型车：首小时5元，之后每半小时2元，24小时最高收费20元，每日最高30元；大型车每小时6元")
    assert t.free_minutes("small") == 15 and t.free_minutes("large") == 15  # said before any heading: for all
    assert read("小型车每小时2元，15分钟内免费；大型车每小时6元").free_minutes("large") == 0
    assert t.cap_24h("small") == Decimal("20") and t.cap_day("small") == Decimal("30")
    assert t.max_rounding_minutes("small") == 30 and t.max_rounding_minutes("large") == 60
    assert t.has_prices()
    assert t.free_minutes("motorcycle") is None


def test_the_model_refuses_nonsense():
    with pytest.raises(ValueError):
        Segment(0, 60, 0, Decimal("1"))
    with pytest.raises(ValueError):
        Segment(60, 30, 10, Decimal("1"))
    with pytest.raises(ValueError):
        Tariff(classes=(ClassTariff("small"), ClassTariff("small")))
    with pytest.raises(ValueError):
        Tariff.from_json({"version": 99})


def test_the_json_form_is_plain_json():
    t = read(
        "小型车：白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元；月卡300元/月"
    )
    text = json.dumps(t.to_json(), ensure_ascii=False)
    assert Tariff.from_json(json.loads(text)) == t
    data = json.loads(text)
    # the text is silent after 24 h: the default restart (cycle_minutes) is a version-2 key
    assert data["version"] == 2 and data["classes"][0]["cycle_minutes"] == 1440
    assert data["classes"][0]["bands"][1] == {
        "name": "夜间",
        "start": "20:00",
        "end": "08:00",
        "segments": [{"start": 0, "end": None, "unit": 60, "price": "1.00", "kind": "unit"}],
        "cap": "5.00",
    }


def test_fees_do_not_depend_on_the_date_only_on_the_time_of_day():
    t = read("白天(08:00-20:00)每小时2元；夜间(20:00-次日08:00)每小时1元，每日最高15元")
    a = datetime(2026, 3, 1, 19, 0)
    b = datetime(2027, 7, 9, 19, 0)
    assert fee(t, a, a + timedelta(hours=30)).amount == fee(t, b, b + timedelta(hours=30)).amount
