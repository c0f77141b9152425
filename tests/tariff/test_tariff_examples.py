"""Every tariff pattern of DOMAIN.md §3 read and priced; fees computed by hand in the comments."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from tariff_helpers import price, read

from parkwatch.core.fee import NoPriceError, ZoneError, fee
from parkwatch.core.tariff_reader import read_tariff

ISSUE = "小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费"

# (text, vehicle, start, minutes, fee) — each fee worked out by hand from the text.
CASES = [
    # the issue's example: free ≤15; first hour 5; then 2/h; ≤20 per 24 h
    (ISSUE, "small", "10:00", 10, "0"),
    (ISSUE, "small", "10:00", 15, "0"),
    (ISSUE, "small", "10:00", 16, "5"),  # free minutes are not deducted: billed from entry
    (ISSUE, "small", "10:00", 40, "5"),
    (ISSUE, "small", "10:00", 61, "7"),
    (ISSUE, "small", "10:00", 150, "9"),  # 5 + 2×2 (the half hour is billed whole)
    (ISSUE, "small", "10:00", 600, "20"),  # 5 + 9×2 = 23 → cap 20
    # 20 for the first 24 h, then billing starts again (the default after 24 h, session 4): a first hour, 5
    (ISSUE, "small", "10:00", 1500, "25"),
    # first 2 h, then per hour
    ("首2小时6元，超过2小时每小时4元", "small", "10:00", 30, "6"),
    ("首2小时6元，超过2小时每小时4元", "small", "10:00", 120, "6"),
    ("首2小时6元，超过2小时每小时4元", "small", "10:00", 121, "10"),
    ("首2小时6元，超过2小时每小时4元", "small", "10:00", 181, "14"),
    # plain units
    ("每30分钟1元", "small", "10:00", 1, "1"),
    ("每30分钟1元", "small", "10:00", 30, "1"),
    ("每30分钟1元", "small", "10:00", 31, "2"),
    ("每30分钟1元", "small", "10:00", 90, "3"),
    ("2元/半小时", "small", "10:00", 45, "4"),
    ("2元/半小时", "small", "10:00", 61, "6"),
    # free periods
    ("15分钟内免费，每小时2元", "small", "10:00", 15, "0"),
    ("15分钟内免费，每小时2元", "small", "10:00", 16, "2"),
    ("30分钟以内（含30分钟）免费，每小时3元", "small", "10:00", 30, "0"),
    ("30分钟以内（含30分钟）免费，每小时3元", "small", "10:00", 31, "3"),
    ("30分钟以内（含30分钟）免费，每小时3元", "small", "10:00", 90, "6"),
    ("即停即走车辆15分钟内免费，每小时2元", "small", "10:00", 12, "0"),
    ("即停即走车辆15分钟内免费，每小时2元", "small", "10:00", 75, "4"),
    # rounding
    ("每小时3元，不足1小时按1小时计", "small", "10:00", 61, "6"),
    ("每小时2元，不足30分钟按30分钟计费", "small", "10:00", 31, "2"),  # half-hour units of 1元
    ("每小时2元，不足30分钟按30分钟计费", "small", "10:00", 61, "3"),
    # caps
    ("每小时3元，24小时最高收费30元", "small", "10:00", 480, "24"),
    ("每小时3元，24小时最高收费30元", "small", "10:00", 1440, "30"),
    ("每小时3元，24小时最高收费30元", "small", "10:00", 1441, "33"),
    ("每小时3元，封顶20元", "small", "10:00", 600, "20"),
    # per calendar day: 22:00-24:00 = 6; 00:00-08:00 = 24 → 20; total 26 (a 24 h cap would give 20)
    ("每小时3元，每日最高不超过20元", "small", "22:00", 600, "26"),
    ("每小时3元，每日最高不超过20元", "small", "10:00", 600, "20"),
    # day/night bands
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "10:00",
        60,
        "3",
    ),
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "10:00",
        61,
        "5",
    ),
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "10:00",
        600,
        "21",
    ),
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "19:00",
        120,
        "4",
    ),
    # night 20:00-08:00 = 12 units → band cap 5
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "20:00",
        720,
        "5",
    ),
    # 22:00-08:00 night 10 → 5; 08:00-20:00 day 3 + 11×2 = 25; 20:00-22:00 night 2 → 32
    (
        "白天(08:00-20:00)首小时3元，之后每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元",
        "small",
        "22:00",
        1440,
        "32",
    ),
    # per visit
    ("按次收费，每次5元，每次最长12小时", "small", "10:00", 10, "5"),
    ("按次收费，每次5元，每次最长12小时", "small", "10:00", 720, "5"),
    ("按次收费，每次5元，每次最长12小时", "small", "10:00", 721, "10"),
    ("按次收费，每次5元，每次最长12小时", "small", "10:00", 2880, "20"),
    # Chinese numerals and full-width forms
    ("每小时五元，两小时内免费", "small", "10:00", 120, "0"),
    ("每小时五元，两小时内免费", "small", "10:00", 121, "15"),
    ("十五分钟内免费，首小时五元，之后每小时两元", "small", "10:00", 15, "0"),
    ("十五分钟内免费，首小时五元，之后每小时两元", "small", "10:00", 61, "7"),
    ("壹拾元/次", "small", "10:00", 300, "10"),
    ("小型车：５元／小时，１５分钟内免费", "small", "10:00", 61, "10"),
    ("一元五角/半小时", "small", "10:00", 61, "4.5"),
    # 半小时 / 一刻钟 / 首个小时 / 以后
    ("每一刻钟1元", "small", "10:00", 31, "3"),
    ("半小时内免费，每小时2元", "small", "10:00", 30, "0"),
    ("首个小时6元，以后每个小时3元", "small", "10:00", 121, "12"),
    ("首小时5元，超过1小时后每半小时1元", "small", "10:00", 100, "7"),
    # real Hunan examples
    # Yueyang 站前路: 20-min units of 1 in the first hour, then 1 per half hour; 15 min free
    ("每车位首小时每20分钟1元，1小时以后每半小时1元，即停即走车辆15分钟内免费", "small", "10:00", 10, "0"),
    ("每车位首小时每20分钟1元，1小时以后每半小时1元，即停即走车辆15分钟内免费", "small", "10:00", 40, "2"),
    ("每车位首小时每20分钟1元，1小时以后每半小时1元，即停即走车辆15分钟内免费", "small", "10:00", 61, "4"),
    ("每车位首小时每20分钟1元，1小时以后每半小时1元，即停即走车辆15分钟内免费", "small", "10:00", 150, "6"),
]

LOUDI = "2.5元/30分钟，30分钟内免费，不足30分钟按30分钟计费，每个计费时段收费最高不超过40元"
CHANGDE = (
    "小型车：白天(8:00-20:00)3元/小时，夜间(20:00-次日8:00)1元/小时，24小时最高收费20元，30分钟内免费，"
    "不足1小时按1小时计"
)
YUANJIANG = "小型车：1小时内免费；1-12小时5元；12-24小时10元。大型车：每日最高收费20元"
CHANGSHA = (
    "15分钟内免费；白天(7:00-21:00)首小时2元/半小时，之后3元/半小时；夜间(21:00-次日7:00)1元/小时；"
    "按次收费15元/次(12小时以内)；24小时最高限价50元"
)

CASES += [
    (LOUDI, "small", "10:00", 30, "0"),
    (LOUDI, "small", "10:00", 31, "5"),
    (LOUDI, "small", "10:00", 61, "7.5"),
    (LOUDI, "small", "10:00", 600, "40"),  # 20 units = 50 → 40 for the charging period (the day)
    (CHANGDE, "small", "10:00", 30, "0"),
    (CHANGDE, "small", "10:00", 31, "3"),
    (CHANGDE, "small", "10:00", 61, "6"),
    (CHANGDE, "small", "19:00", 180, "5"),  # day 19-20: 3; night 20-22: 2
    (CHANGDE, "small", "10:00", 600, "20"),  # 30 → cap 20
    (YUANJIANG, "small", "10:00", 60, "0"),
    (YUANJIANG, "small", "10:00", 61, "5"),
    (YUANJIANG, "small", "10:00", 720, "5"),
    (YUANJIANG, "small", "10:00", 721, "10"),
    (YUANJIANG, "small", "10:00", 1440, "10"),
    (CHANGSHA, "small", "10:00", 15, "0"),
    (CHANGSHA, "small", "10:00", 40, "4"),
    (CHANGSHA, "small", "10:00", 61, "7"),  # 2 + 2 + 3
    (CHANGSHA, "small", "10:00", 150, "13"),  # 4 + 3×3
    (CHANGSHA, "small", "10:00", 600, "50"),  # 4 + 18×3 = 58 → 50
    (CHANGSHA, "small", "22:00", 480, "8"),  # night 22:00-06:00: 8 × 1
]


@pytest.mark.parametrize(("text", "vehicle", "start", "minutes", "expected"), CASES)
def test_the_fee_read_from_a_text_is_the_hand_computed_fee(text, vehicle, start, minutes, expected):
    assert price(text, minutes, start, vehicle) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [*sorted({case[0] for case in CASES}), "月卡300元/月，年卡1200元", "军车、警车、消防车、救护车免费"],
)
def test_every_example_is_read_without_unread_parts(text):
    reading = read_tariff(text)
    assert reading.tariff is not None
    assert reading.unread == ()


def test_the_issue_example_reads_into_the_expected_structure():
    c = read(ISSUE).for_vehicle("small")
    assert c is not None and c.vehicle == "small"
    assert c.free_minutes == 15 and not c.free_deducted
    assert c.cap_24h == Decimal("20")
    assert [(s.start, s.end, s.unit, s.price) for s in c.segments] == [
        (0, 60, 60, Decimal("5")),
        (60, None, 60, Decimal("2")),
    ]


def test_caps_are_read_with_their_scope():
    assert read("每小时3元，24小时最高收费30元").cap_24h("small") == Decimal("30")
    assert read("每小时3元，封顶20元").cap_24h("small") == Decimal("20")
    assert read("每小时3元，每日最高不超过20元").cap_day("small") == Decimal("20")
    assert read("每小时3元，全天最高20元").cap_day("small") == Decimal("20")
    assert read("每小时3元，当日最高收费15元").cap_day("small") == Decimal("15")
    assert read("每小时3元，24小时最高限价50元").cap_24h("small") == Decimal("50")
    assert read("每小时3元，24小时内最高收费20元").cap_24h("small") == Decimal("20")
    assert read("每小时3元，20元封顶").cap_24h("small") == Decimal("20")
    assert read("每小时3元，最高收费20元/天").cap_day("small") == Decimal("20")
    assert read("每小时3元，最高不超过25元").cap_24h("small") == Decimal("25")
    loudi = read(LOUDI).for_vehicle("small")
    assert loudi is not None and loudi.cap_period == Decimal("40")
    night = read("白天(08:00-20:00)每小时2元；夜间(20:00-次日08:00)每小时1元，夜间最高5元").for_vehicle("small")
    assert night is not None and [b.cap for b in night.bands] == [None, Decimal("5")]


def test_free_wordings_are_read_and_only_first_period_wording_deducts():
    assert read("15分钟内免费，每小时2元").free_minutes() == 15
    assert read("30分钟以内（含30分钟）免费，每小时2元").free_minutes() == 30
    assert read("免费停车30分钟，每小时2元").free_minutes() == 30
    assert read("停车不超过15分钟免费，每小时2元").free_minutes() == 15
    assert read("15分钟以内不收费，每小时2元").free_minutes() == 15
    first = read("前30分钟免费，每小时2元").for_vehicle("small")
    assert first is not None and first.free_minutes == 30 and first.free_deducted
    deducted = read("15分钟内免费，免费时段不计费，每小时2元").for_vehicle("small")
    assert deducted is not None and deducted.free_deducted
    # deducted: 75 min → 60 billed minutes → one hour
    assert price("15分钟内免费，扣除免费时间，每小时2元", 75) == Decimal("2")
    assert price("15分钟内免费，每小时2元", 75) == Decimal("4")


def test_rounding_wordings_set_the_longest_rounded_unit():
    assert read("每小时3元，不足1小时按1小时计").max_rounding_minutes() == 60
    assert read("每30分钟1元，不足30分钟按30分钟计费").max_rounding_minutes() == 30
    assert read("首小时5元，之后每半小时2元").max_rounding_minutes() == 30
    assert read("首2小时6元").max_rounding_minutes() is None  # a first-period price is no rounding unit


def test_a_short_last_unit_within_a_grace_is_not_billed():
    text = "每小时2元，不足15分钟不收费"
    assert price(text, 75) == Decimal("2")
    assert price(text, 76) == Decimal("4")


def test_day_and_night_bands_cross_midnight_with_next_day_times():
    c = read("白天(8:00-20:00)每小时2元；夜间(20:00-次日8:00)每小时1元").for_vehicle("small")
    assert c is not None
    assert [(b.name, b.start.hour, b.end.hour) for b in c.bands] == [("白天", 8, 20), ("夜间", 20, 8)]
    assert price("白天8时至20时每小时2元；夜间20时至次日8时每小时1元", 120, "21:00") == Decimal("2")
    assert price("白天8点至晚8点每小时2元，夜间免费", 180, "19:00") == Decimal("2")


def test_a_unit_crossing_a_band_boundary_is_cut_there_and_billed_in_its_own_band():
    text = "白天(08:00-20:00)每小时3元；夜间(20:00-次日08:00)每小时1元"
    # 19:30-20:00 is a started day hour (3); 20:00-20:30 a started night hour (1)
    assert price(text, 60, "19:30") == Decimal("4")
    # 19:30-20:00 alone: one day hour
    assert price(text, 30, "19:30") == Decimal("3")


def test_outside_the_charging_hours_parking_costs_nothing():
    text = "收费时间08:00-20:00，每小时2元"
    assert price(text, 120, "21:00") == Decimal("0")
    assert price(text, 180, "19:00") == Decimal("2")  # only 19:00-20:00 is charged
    assert price("夜间(20:00-次日08:00)免费，白天每小时2元", 600, "20:00") == Decimal("0")


def test_per_visit_prices_and_maximum_stay():
    c = read("按次收费，每次5元，每次最长12小时").for_vehicle("small")
    assert c is not None and c.visit_price == Decimal("5") and c.visit_max_minutes == 720
    large = read("小车5元/次，大车10元/次").for_vehicle("large")
    assert large is not None and large.visit_price == Decimal("10")
    assert price("每车次3元", 300) == Decimal("3")


def test_passes_are_recorded_but_do_not_price_a_stay():
    t = read("月卡300元/月，年卡1200元")
    assert [(p.kind, p.price, p.period) for p in t.passes] == [
        ("月卡", Decimal("300"), "月"),
        ("年卡", Decimal("1200"), "年"),
    ]
    assert not t.has_prices()
    both = read("每小时2元，包月200元")
    assert [p.period for p in both.passes] == ["月"] and price(both, 60) == Decimal("2")


def test_vehicle_headings_and_seat_qualifiers_make_classes():
    t = read("小型车：首小时5元，之后每小时2元；大型车（8座以上）：首小时10元，之后每小时4元；摩托车：1元/次")
    assert t.vehicles() == ("small", "large", "motorcycle")
    large = t.for_vehicle("large")
    assert large is not None and large.label == "大型车(8座以上)"
    assert price(t, 61, vehicle="large") == Decimal("14")
    assert price(t, 600, vehicle="motorcycle") == Decimal("1")
    seats = read("7座以下小型车每小时1元，7座以上（含7座）车辆每小时2元")
    assert price(seats, 60, vehicle="large") == Decimal("2")
    coach = read("20座以上大型客车每小时6元，小客车每小时3元")
    assert price(coach, 60, vehicle="large") == Decimal("6") and price(coach, 60) == Decimal("3")


@pytest.mark.parametrize(
    ("word", "vehicle"),
    [
        ("小车", "small"),
        ("小型车", "small"),
        ("小型汽车", "small"),
        ("小客车", "small"),
        ("大车", "large"),
        ("大型车", "large"),
        ("大型客车", "large"),
        ("货车", "large"),
        ("摩托车", "motorcycle"),
        ("新能源汽车", "nev"),
    ],
)
def test_vehicle_words_map_to_classes(word, vehicle):
    assert read(f"{word}每小时4元").vehicles() == (vehicle,)


def test_an_unknown_vehicle_class_is_kept_by_its_chinese_name():
    t = read("小型车每小时2元，中型车每小时3元")
    assert t.vehicles() == ("small", "中型车")
    assert price(t, 60, vehicle="中型车") == Decimal("3")


def test_new_energy_cars_get_their_discount_on_the_small_car_price():
    t = read("小型车：首小时5元，之后每小时2元；新能源汽车首2小时免费")
    nev = t.for_vehicle("nev")
    assert nev is not None and nev.free_minutes == 120 and nev.free_deducted
    assert price(t, 120, vehicle="nev") == Decimal("0")
    assert price(t, 150, vehicle="nev") == Decimal("5")  # 30 billed minutes: the first hour
    assert price(t, 600, vehicle="nev") == Decimal("19")  # 480 billed: 5 + 7×2
    half = read("小型车每小时4元，新能源汽车减半收费")
    assert price(half, 120, vehicle="nev") == Decimal("4")
    assert price(half, 120, vehicle="small") == Decimal("8")


def test_a_class_priced_by_reference_to_another_is_scaled():
    t = read("小型车首小时5元，之后每小时2元；大型车按小型车标准的2倍收费")
    assert price(t, 61, vehicle="large") == Decimal("14")


def test_a_class_with_only_a_cap_has_no_price_and_says_so():
    reading = read_tariff(YUANJIANG)
    assert reading.tariff is not None
    assert reading.tariff.cap_day("large") == Decimal("20")
    assert any("大型车" in w for w in reading.warnings)
    with pytest.raises(NoPriceError):
        price(reading.tariff, 60, vehicle="large")


def test_yuanjiang_style_ranges_are_totals_not_increments():
    t = read("停车30分钟以内免费，30分钟至2小时5元，2小时至12小时10元，12小时至24小时15元")
    assert [price(t, m) for m in (30, 31, 120, 121, 720, 721, 1440)] == [
        Decimal(x) for x in ("0", "5", "5", "10", "10", "15", "15")
    ]
    above = read("小型车：1小时以内免费；1小时以上12小时以内5元；12小时以上24小时以内10元")
    assert [price(above, m) for m in (60, 61, 721)] == [Decimal("0"), Decimal("5"), Decimal("10")]


def test_within_and_not_exceeding_wordings_price_a_first_period():
    assert price("停车不超过2小时收费5元，超过2小时每小时2元", 100) == Decimal("5")
    assert price("2小时以内5元，2小时以上每小时1元，每天最高收费15元", 150) == Decimal("6")
    text = (
        "小型车：停车不超过15分钟免费；超过15分钟不超过1小时收费3元；超过1小时后每增加1小时加收2元；"
        "24小时内最高收费20元。"
    )
    assert [price(text, m) for m in (15, 40, 61, 150, 600)] == [Decimal(x) for x in ("0", "3", "5", "7", "20")]


def test_band_first_layouts_give_each_vehicle_its_band_prices():
    t = read("白天(08:00-20:00)：\n小型车3元/小时\n大型车6元/小时\n夜间(20:00-次日08:00)：\n每小时1元")
    assert price(t, 60, "10:00", "large") == Decimal("6")
    assert price(t, 60, "21:00", "large") == Decimal("1")
    assert price(t, 60, "21:00", "small") == Decimal("1")


def test_exemptions_are_listed():
    t = read("每小时2元。军车、警车、消防车、救护车执行任务时免费")
    assert t.exemptions == ("军车、警车、消防车、救护车执行任务时免费",)


def test_text_it_cannot_use_is_reported_never_dropped():
    reading = read_tariff("首小时5元，之后每小时2元，节假日另行规定加收8元服务费")
    assert reading.tariff is not None
    assert any("节假日" in part for part in reading.unread)


def test_a_text_without_any_tariff_reads_as_nothing():
    reading = read_tariff("欢迎光临，请按顺序停放")
    assert reading.tariff is None
    assert reading.unread
    assert read_tariff("").tariff is None


# -- wordings seen on other Hunan boards and approvals ------------------------------------------

MORE = [
    # Zhuzhou style: free, a bracket, then 每增加1小时加收 with the condition before a comma; per-day cap
    (
        "小型车：停放时间在30分钟以内的免费；停放30分钟以上2小时以内的收费3元；超过2小时的，每增加1小时加收1元，全天最高不超过15元",
        [(30, "0"), (31, "3"), (120, "3"), (121, "4"), (600, "11"), (800, "15"), (900, "16")],
    ),  # 900: 15 + 1 after midnight
    # Hengyang style: 一天最高收费不超过
    (
        "小型车：首小时3元，超过1小时后每小时加收1元，一天最高收费不超过20元",
        [(60, "3"), (61, "4"), (1000, "19"), (1200, "20", "00:00")],
    ),  # 1000 from 10:00: 16 + 3 after midnight
    # a within-price then an hourly price
    ("临时停车：1小时以内（含1小时）3元，超过1小时每小时2元", [(60, "3"), (61, "5"), (180, "7")]),
    # free band written after the price
    ("每小时2元，22:00至次日7:00免费", [(60, "2"), (180, "2", "21:00"), (540, "0", "22:00"), (600, "2", "22:00")]),
    # night package
    ("5元/小时，夜间停车(20:00-8:00)每晚10元", [(60, "5"), (720, "60"), (720, "10", "20:00")]),
    # visit ceiling and vehicle-shared prices
    ("小型车、微型车每小时2元", [(90, "4")]),
    ("按次收费，小型车每次不超过5元", [(600, "5")]),
    ("小型车每辆每小时2元（不足1小时按1小时计）", [(61, "4")]),
    ("首小时内每15分钟1元，此后每30分钟1元", [(59, "4"), (61, "5")]),
    ("车辆进场15分钟内离场的免费，之后每小时2元", [(15, "0"), (16, "2")]),
]


@pytest.mark.parametrize(("text", "stays"), MORE)
def test_other_hunan_wordings_are_read_and_priced(text, stays):
    reading = read_tariff(text)
    assert reading.unread == (), reading.unread
    for minutes, expected, *start in stays:
        assert price(text, minutes, *start) == Decimal(expected), (text, minutes)


def test_a_board_text_with_other_fields_reads_only_the_tariff_lines():
    board = "\n".join(
        [
            "停车场名称：金鹗临时停车场",
            "收费单位：岳阳北港停车服务有限公司",
            "定价形式：市场调节价",
            "收费依据：市场调节价",
            "收费标准：首小时6元，之后每30分钟1元",
            "免费时段：30分钟内免费",
            "计费规则：不足30分钟按30分钟计",
            "最高收费：封顶30元",
            "收费时间：24小时",
            "免费车辆：军车、警车、消防车、救护车",
            "泊位数：52个",
            "举报电话：12315",
        ]
    )
    reading = read_tariff(board)
    assert reading.unread == ()
    t = reading.tariff
    assert t is not None and t.free_minutes() == 30 and t.cap_24h() == Decimal("30")
    assert t.exemptions == ("军车、警车、消防车、救护车",)
    assert price(t, 91) == Decimal("8")  # 6 + one started half hour
    assert price(t, 1440) == Decimal("30")


def test_a_visit_price_with_charging_hours_charges_visits_that_touch_the_hours():
    t = read("小型车按次收费，每次10元，每次最长12小时。收费时间：08:00-18:00")
    assert price(t, 60, "10:00") == Decimal("10")
    assert price(t, 60, "19:00") == Decimal("0")
    assert price(t, 780, "10:00") == Decimal("20")


def test_a_pass_heading_takes_the_price_that_follows():
    t = read("二、包月：小型车300元/月")
    assert [(p.kind, p.price) for p in t.passes] == [("包月", Decimal("300"))]


def test_band_first_sentences_with_vehicle_prices_inside_each_band():
    t = read(
        "停车收费实行白天、夜间分段计费：白天（8:00-22:00）小型车3元/小时，大型车5元/小时；"
        "夜间（22:00-次日8:00）小型车1元/小时，大型车2元/小时"
    )
    assert read_tariff("停车收费实行白天、夜间分段计费：白天（8:00-22:00）小型车3元/小时").unread == ()
    assert price(t, 60, "10:00", "large") == Decimal("5")
    assert price(t, 120, "23:00", "large") == Decimal("4")
    assert price(t, 120, "21:00", "small") == Decimal("4")  # 3 by day + 1 by night


def test_general_lines_after_the_class_lines_apply_to_every_class():
    board = (
        "收费标准：小型车2元/半小时\n收费标准：大型车（8座以上）每30分钟4元\n免费时段：30分钟内免费\n"
        "最高收费：24小时最高收费30元"
    )
    t = read(board)
    for vehicle in ("small", "large"):
        assert t.free_minutes(vehicle) == 30
        assert t.cap_24h(vehicle) == Decimal("30")
    own = read("小型车：首小时5元，之后每小时2元；24小时最高20元；大型车：首小时10元，之后每小时4元；24小时最高40元")
    assert own.cap_24h("small") == Decimal("20") and own.cap_24h("large") == Decimal("40")


@pytest.mark.parametrize(
    ("text", "stays"),
    [
        # Hengyang hospital style: brackets then 每增加1小时加收1元
        (
            "停车15分钟内免费，15分钟至1小时2元，1小时至2小时4元，2小时以上每增加1小时加收1元",
            [(15, "0"), (16, "2"), (61, "4"), (150, "5")],
        ),
        # a night cap with no night price: the day price, capped per night
        (
            "白天(8:00-20:00)每小时2元，夜间（20:00—次日8:00）每车每晚最高收费不超过5元",
            [(120, "4"), (720, "5", "20:00")],
        ),
        # a price per day
        ("停车费：小型车10元/天", [(10, "10"), (1440, "10"), (1441, "20")]),
        # the free period is the start of the tiers: not deducted twice
        ("临时停车前30分钟免费，超过30分钟按每小时3元收费（不足1小时按1小时计）", [(30, "0"), (40, "3"), (91, "6")]),
        ("小车：首小时内5元，以后每小时2元，当日最高收费不超过20元", [(60, "5"), (61, "7"), (600, "20")]),
    ],
)
def test_more_real_world_wordings(text, stays):
    assert read_tariff(text).unread == ()
    for minutes, expected, *start in stays:
        assert price(text, minutes, *start) == Decimal(expected), (text, minutes)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("五元", "5元"),
        ("两小时", "2小时"),
        ("十五分钟", "15分钟"),
        ("壹拾元", "10元"),
        ("二十四小时", "24小时"),
        ("一百二十元/月", "120元/月"),
        ("５元／小时", "5元/1小时"),
        ("小型车：首小时", "小型车:首1小时"),
        ("半小时", "30分钟"),
        ("一刻钟", "15分钟"),
        ("一个半小时", "1.5小时"),
        ("首个小时", "首1小时"),
        ("一元五角", "1.5元"),
        ("20:00—次日8:00", "20:00-次日08:00"),
        ("晚8点至早8点", "20:00至08:00"),
        ("八时至二十时", "08:00至20:00"),
    ],
)
def test_normalize_text_makes_numbers_and_forms_uniform(raw, normalized):
    from parkwatch.core.tariff_reader import normalize_text

    assert normalize_text(raw) == normalized


def test_not_reaching_a_duration_before_any_price_is_a_free_period_after_a_price_a_grace():
    assert read("停车不足15分钟免费，每小时2元").free_minutes() == 15
    grace = read("每小时2元，超出部分不足15分钟不收费").for_vehicle("small")
    assert grace is not None and grace.grace_minutes == 15 and grace.free_minutes == 0


def test_yuan_signs_and_offer_wording_are_read():
    reading = read_tariff("停车场提供15分钟免费停车，¥3/小时")
    assert reading.unread == ()
    assert price(reading.tariff, 61) == Decimal("6")


def test_band_names_without_times_use_the_usual_hours_and_say_so():
    text = (
        "中心城区公共停车场：小型车白天首小时内每半小时2元，1小时后每半小时3元；夜间每小时1元；"
        "按次收费的，每次不超过15元（12小时以内）；24小时最高限价50元；停车15分钟以内免费"
    )
    reading = read_tariff(text)
    assert reading.unread == ()
    assert any("08:00-20:00" in w for w in reading.warnings)
    assert price(text, 61) == Decimal("7") and price(text, 120, "21:00") == Decimal("2")


def test_several_zones_in_one_text_are_flagged_and_priced_per_zone():
    reading = read_tariff("一类区域：小型车每小时3元；二类区域：小型车每小时2元")
    assert any("多个区域" in w for w in reading.warnings)
    # issue 14: zones are read (before, the second zone's price was left unread); a fee names its zone
    assert reading.complete and reading.tariff is not None
    entry = datetime(2026, 1, 5, 10, 0)
    assert fee(reading.tariff, entry, entry + timedelta(minutes=90), zone="一类区域").amount == Decimal("6")
    assert fee(reading.tariff, entry, entry + timedelta(minutes=90), zone="二类区域").amount == Decimal("4")
    with pytest.raises(ZoneError):
        fee(reading.tariff, entry, entry + timedelta(minutes=90))
