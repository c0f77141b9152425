"""Hypothesis properties of the fee function and the JSON form, over generated tariffs."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from tariff_helpers import at

from parkwatch.core.fee import fee
from parkwatch.core.tariff import Band, ClassTariff, Pass, Segment, Tariff
from parkwatch.core.tariff_reader import read_tariff

prices = st.integers(min_value=0, max_value=2000).map(lambda cents: Decimal(cents) / 100)
units = st.sampled_from([10, 15, 20, 30, 60, 120])


@st.composite
def segment_lists(draw) -> tuple[Segment, ...]:
    count = draw(st.integers(min_value=1, max_value=3))
    segments = []
    start = 0
    for i in range(count):
        last = i == count - 1
        unit = draw(units)
        if last and draw(st.booleans()):
            segments.append(Segment(start, None, unit, draw(prices), "unit"))
            break
        length = draw(st.sampled_from([30, 60, 120, 600]))
        flat = draw(st.booleans())
        end = start + length
        segments.append(Segment(start, end, length if flat else unit, draw(prices), "flat" if flat else "unit"))
        start = end
    return tuple(segments)


@st.composite
def class_tariffs(draw) -> ClassTariff:
    caps = st.one_of(st.none(), prices.map(lambda p: p + 1))
    kind = draw(st.sampled_from(["segments", "bands", "visit", "hours"]))
    segments: tuple[Segment, ...] = ()
    bands: tuple[Band, ...] = ()
    hours: tuple[tuple[time, time], ...] = ()
    visit = None
    visit_max = None
    if kind in ("segments", "hours"):
        segments = draw(segment_lists())
    if kind == "hours":
        hours = ((time(draw(st.integers(0, 11)), 0), time(draw(st.integers(12, 23)), 30)),)
    if kind == "bands":
        split = draw(st.integers(min_value=5, max_value=10))
        back = draw(st.integers(min_value=17, max_value=22))
        bands = (
            Band("白天", time(split, 0), time(back, 0), draw(segment_lists()), draw(caps)),
            Band("夜间", time(back, 0), time(split, 0), draw(segment_lists()), draw(caps)),
        )
    if kind == "visit":
        visit = draw(prices)
        visit_max = draw(st.one_of(st.none(), st.sampled_from([120, 720, 1440])))
    return ClassTariff(
        vehicle=draw(st.sampled_from(["small", "large", "all"])),
        label="",
        free_minutes=draw(st.sampled_from([0, 0, 15, 30, 60, 120])),
        free_deducted=draw(st.booleans()),
        segments=segments,
        bands=bands,
        charging_hours=hours,
        rounding_minutes=draw(st.one_of(st.none(), st.sampled_from([15, 30, 60]))),
        grace_minutes=draw(st.sampled_from([0, 0, 5, 15])),
        cap_24h=draw(caps),
        cap_day=draw(caps),
        cap_period=draw(caps),
        visit_price=visit,
        visit_max_minutes=visit_max,
        discount=draw(st.one_of(st.none(), st.sampled_from([Decimal("0.5"), Decimal("0.8")]))),
        **draw(time_rules(bool(bands))),
    )


@st.composite
def time_rules(draw, banded: bool) -> dict:
    """The version-2 rules over time: restarts (a cycle, every midnight), the entry band's rate, a window cap."""
    window = draw(st.one_of(st.none(), st.sampled_from([180, 720])))
    return {
        "cycle_minutes": draw(st.sampled_from([None, None, 720, 1440])),
        "restart_at_midnight": draw(st.booleans()),
        "entry_band_rate": banded and draw(st.booleans()),
        "cap_window": None if window is None else draw(prices.map(lambda p: p + 1)),
        "cap_window_minutes": window,
        "cap_window_midnight": window is not None and draw(st.booleans()),
    }


tariffs = class_tariffs().map(lambda c: Tariff(classes=(c,)))
starts = st.sampled_from(["00:00", "07:59", "08:00", "10:00", "19:30", "22:00", "23:59"])


@settings(max_examples=60, deadline=None)
@given(tariffs, starts, st.integers(min_value=0, max_value=4000), st.integers(min_value=1, max_value=600))
def test_a_longer_stay_never_costs_less(tariff, start, minutes, more):
    vehicle = tariff.classes[0].vehicle
    entry = at(start)
    shorter = fee(tariff, entry, entry + timedelta(minutes=minutes), vehicle).amount
    longer = fee(tariff, entry, entry + timedelta(minutes=minutes + more), vehicle).amount
    assert longer >= shorter


@settings(max_examples=60, deadline=None)
@given(tariffs, starts, st.integers(min_value=1, max_value=5000))
def test_the_fee_never_exceeds_the_cap_for_each_started_24_hours(tariff, start, minutes):
    c = tariff.classes[0]
    entry = at(start)
    amount = fee(tariff, entry, entry + timedelta(minutes=minutes), c.vehicle).amount
    windows = -(-minutes // 1440)
    if c.cap_24h is not None:
        assert amount <= c.cap_24h * windows
    if c.cap_day is not None:
        days = (entry.hour * 60 + entry.minute + minutes - 1) // 1440 + 1
        assert amount <= c.cap_day * days
    if c.cap_window is not None and c.cap_window_minutes:
        # each window lasts its length, or (ending at midnight) less: at most one more window per midnight
        days = (entry.hour * 60 + entry.minute + minutes - 1) // 1440 + 1
        count = -(-minutes // c.cap_window_minutes) + (days if c.cap_window_midnight else 0)
        assert amount <= c.cap_window * count


@settings(max_examples=60, deadline=None)
@given(tariffs, starts, st.data())
def test_a_stay_inside_the_free_period_costs_nothing(tariff, start, data):
    c = tariff.classes[0]
    minutes = data.draw(st.integers(min_value=0, max_value=c.free_minutes))
    entry = at(start)
    assert fee(tariff, entry, entry + timedelta(minutes=minutes), c.vehicle).amount == 0


@settings(max_examples=60, deadline=None)
@given(tariffs, starts, st.integers(min_value=0, max_value=3000))
def test_the_breakdown_adds_up_to_the_fee(tariff, start, minutes):
    entry = at(start)
    result = fee(tariff, entry, entry + timedelta(minutes=minutes), tariff.classes[0].vehicle)
    assert sum((line.amount for line in result.breakdown), Decimal(0)) == result.amount


@settings(max_examples=80, deadline=None)
@given(class_tariffs(), st.lists(st.sampled_from(["门禁卡", "员工"]), max_size=2))
def test_the_json_round_trip_is_identity(c, exemptions):
    tariff = Tariff(
        classes=(c,), passes=(Pass("月卡", Decimal("300"), "月", "月卡300元/月"),), exemptions=tuple(exemptions)
    )
    assert Tariff.from_json(tariff.to_json()) == tariff
    assert Tariff.from_json(tariff.to_json()).to_json() == tariff.to_json()


WORDS = st.sampled_from(
    [
        "小型车：",
        "大型车：",
        "首小时5元",
        "之后每小时2元",
        "每30分钟1元",
        "15分钟内免费",
        "24小时最高收费20元",
        "白天(08:00-20:00)",
        "夜间(20:00-次日08:00)",
        "每小时1元",
        "按次收费",
        "每次5元",
        "月卡300元/月",
        "不足1小时按1小时计",
        "新能源汽车首2小时免费",
        "，",
        "；",
        "1-12小时5元",
        "封顶",
        "次日",
        "元",
        "五",
        "(含",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(WORDS, max_size=12).map("".join))
def test_the_reader_never_fails_and_what_it_reads_round_trips(text):
    reading = read_tariff(text)
    if reading.tariff is not None:
        assert Tariff.from_json(reading.tariff.to_json()) == reading.tariff
