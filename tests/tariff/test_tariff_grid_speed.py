"""The fast fee grid (shared per class, memoised, time-of-day-free classes computed once) gives exactly
what `fee()` gives point by point, for tariffs read from varied texts and for generated tariffs."""

from __future__ import annotations

from datetime import time

from hypothesis import given, settings
from hypothesis import strategies as st
from test_tariff_properties import class_tariffs

from parkwatch.core.fee import (
    GRID_STARTS,
    GRID_STAYS_MINUTES,
    NoPriceError,
    clear_grid_caches,
    compare_grids,
    fee,
    fee_grid,
    fee_grid_hash,
    fee_grid_hash_per_point,
    fee_grid_per_point,
    grid_entry,
)
from parkwatch.core.tariff import VEHICLE_CLASSES, Tariff
from parkwatch.core.tariff_reader import read_tariff

HEADINGS = st.sampled_from(
    ["", "", "小型车：", "大型车：", "摩托车：", "新能源汽车：", "大型车（8座以上）：", "中型车："]
)
numbers = st.integers(min_value=1, max_value=30)
CLAUSES = st.one_of(
    st.builds("首小时{}元".format, numbers),
    st.builds("首{}小时{}元".format, st.integers(1, 3), numbers),
    st.builds("之后每小时{}元".format, numbers),
    st.builds("超过{}小时后每半小时{}元".format, st.integers(1, 4), numbers),
    st.builds("每{}分钟{}元".format, st.sampled_from([15, 20, 30]), numbers),
    st.builds("{}分钟内免费".format, st.sampled_from([15, 30, 60])),
    st.builds("{}小时内免费".format, st.integers(1, 2)),
    st.builds("24小时最高收费{}元".format, st.integers(10, 80)),
    st.builds("每日最高不超过{}元".format, st.integers(10, 80)),
    st.builds("每个计费时段收费最高不超过{}元".format, st.integers(5, 40)),
    st.builds("白天({:02d}:00-{}:00)".format, st.integers(6, 9), st.integers(18, 21)),
    st.builds("夜间({}:00-次日{:02d}:00){}元/小时".format, st.integers(18, 21), st.integers(6, 9), numbers),
    st.builds("按次收费，每次{}元".format, numbers),
    st.builds("每次最长{}小时".format, st.sampled_from([2, 12, 24])),
    st.builds("不足{}分钟按{}分钟计".format, st.sampled_from([30, 60]), st.sampled_from([30, 60])),
    st.builds("不足{}分钟不收费".format, st.sampled_from([5, 15])),
    st.builds("收费时间{:02d}:00-{}:00".format, st.integers(6, 9), st.integers(18, 22)),
    st.builds("{}-{}小时{}元".format, st.integers(1, 3), st.integers(4, 12), numbers),
    st.sampled_from(
        [
            "新能源汽车首2小时免费",
            "新能源汽车减半",
            "摩托车免费",
            "月卡300元/月",
            "免费时段不计费",
            "每小时2元",
            "半小时1元",
            "一刻钟1元",
            "两元/小时",
        ]
    ),
)
SEPARATORS = st.sampled_from(["，", "；", "。", "\n", ","])


@st.composite
def tariff_texts(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        clauses = draw(st.lists(CLAUSES, min_size=1, max_size=5))
        parts.append(draw(HEADINGS) + draw(SEPARATORS).join(clauses))
    return draw(SEPARATORS).join(parts)


def per_point_fee_grid(tariff: Tariff, vehicle: str) -> dict:
    """The grid straight from the public `fee()`: one call per point (the single source of truth)."""
    grid = {}
    for start in GRID_STARTS:
        for minutes in GRID_STAYS_MINUTES:
            entry, exit_ = grid_entry(start, minutes)
            try:
                grid[(start, minutes)] = fee(tariff, entry, exit_, vehicle).amount
            except NoPriceError:
                return {}
    return grid


def vehicles_of(tariff: Tariff) -> list[str]:
    return list(VEHICLE_CLASSES) + [v for v in tariff.vehicles() if v not in VEHICLE_CLASSES]


def assert_fast_grid_is_fee(tariff: Tariff) -> None:
    clear_grid_caches()  # compute, do not recall an earlier example's class
    for vehicle in vehicles_of(tariff):
        expected = per_point_fee_grid(tariff, vehicle)
        assert fee_grid(tariff, vehicle) == expected, vehicle
        assert fee_grid_per_point(tariff, vehicle) == expected, vehicle
        # and again from the memo
        assert fee_grid(tariff, vehicle) == expected, vehicle
    assert fee_grid_hash(tariff) == fee_grid_hash_per_point(tariff)


@settings(max_examples=60, deadline=None)
@given(tariff_texts())
def test_the_fast_grid_equals_fee_point_by_point_for_tariffs_read_from_text(text):
    tariff = read_tariff(text).tariff
    if tariff is None:
        return
    assert_fast_grid_is_fee(tariff)


@settings(max_examples=60, deadline=None)
@given(st.lists(class_tariffs(), min_size=1, max_size=3, unique_by=lambda c: c.vehicle))
def test_the_fast_grid_equals_fee_point_by_point_for_generated_tariffs(classes):
    assert_fast_grid_is_fee(Tariff(classes=tuple(classes)))


def test_vehicle_classes_falling_back_to_one_class_get_its_grid_and_a_changed_class_changes_the_hash():
    tariff = read_tariff("首小时5元，之后每小时2元，24小时最高收费20元").tariff
    assert tariff is not None
    grids = [fee_grid(tariff, v) for v in VEHICLE_CLASSES]
    assert grids[0] and all(g == grids[0] for g in grids)
    assert grids[0][(time(10, 0), 60)] == 5 and grids[0][(time(10, 0), 90)] == 7
    other = read_tariff("首小时5元，之后每小时2元，24小时最高收费21元").tariff
    assert other is not None
    assert fee_grid_hash(tariff) != fee_grid_hash(other)
    assert fee_grid_hash(tariff) == fee_grid_hash_per_point(tariff)
    diffs = compare_grids(other, tariff)
    assert [(d.minutes, d.difference) for d in diffs[:4]] == [(2880, 2)] * 4
    assert sorted({(d.minutes, d.difference) for d in diffs}) == [(720, 1), (1440, 1), (2880, 2)]


def test_a_returned_grid_can_be_changed_without_changing_the_next_one():
    tariff = read_tariff("每小时3元").tariff
    assert tariff is not None
    grid = fee_grid(tariff, "small")
    grid[(time(8, 0), 60)] = grid[(time(8, 0), 60)] + 100
    assert fee_grid(tariff, "small")[(time(8, 0), 60)] == 3


def test_the_time_of_day_matters_where_the_tariff_has_bands():
    tariff = read_tariff("白天(08:00-20:00)每小时3元，夜间(20:00-次日08:00)每小时1元").tariff
    assert tariff is not None
    clear_grid_caches()
    grid = fee_grid(tariff, "small")
    assert grid[(time(8, 0), 60)] == 3
    assert grid[(time(22, 0), 60)] == 1
    assert grid == per_point_fee_grid(tariff, "small")
