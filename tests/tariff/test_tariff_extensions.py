"""Issue 14's model extensions, each read from its wording and priced (docs/tariff.md): stay-length steps,
day types, zones, caps per band occurrence / 48 h / later day, tail thresholds, restart vs cumulative,
classes as a multiple of another, the first period before the bands, passes as data; JSON version 2."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from parkwatch.core.fee import NoPriceError, ZoneError, fee
from parkwatch.core.tariff import Band, ClassTariff, DayCap, Segment, Tariff
from parkwatch.core.tariff_reader import read_tariff, table_rows

MONDAY = "2026-01-05T09:00"
SATURDAY = "2026-01-10T09:00"


def priced(text: str, minutes: int, start: str = MONDAY, vehicle: str = "small", **kw: object) -> Decimal:
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.complete, reading.unread
    entry = datetime.fromisoformat(start)
    return fee(reading.tariff, entry, entry + timedelta(minutes=minutes), vehicle, **kw).amount  # type: ignore[arg-type]


def test_stay_length_steps_price_the_whole_stay_by_its_length() -> None:
    text = "1小时以内免费；1小时以上4小时以内5元/车次；4小时以上14小时以内15元/车次；14小时以上24小时以内20元/车次"
    got = [priced(text, m) for m in (30, 90, 240, 241, 600, 900)]
    assert got == [Decimal(x) for x in ("0", "5", "5", "15", "15", "20")]


def test_day_types_limit_a_band_to_weekdays_weekends_or_holidays() -> None:
    text = "工作日白天(8:00-20:00)每小时3元；双休日白天(8:00-20:00)每小时5元；夜间(20:00-次日8:00)免费"
    assert priced(text, 60) == Decimal("3") and priced(text, 60, SATURDAY) == Decimal("5")
    # a public holiday is neither a weekday nor a weekend day here: no price is given for it
    assert priced(text, 60, holidays=(date(2026, 1, 5),)) == Decimal("0")
    weekend = read_tariff(text).tariff
    assert weekend is not None and weekend.to_json()["version"] == 2


def test_zones_are_priced_by_the_zone_asked_and_never_guessed() -> None:
    text = "一类区域：首小时5元，之后每小时2元；二类区域：每小时1元"
    assert priced(text, 90, zone="一類區域") == Decimal("7")  # the zone is matched however it is written
    assert priced(text, 90, zone="二类") == Decimal("2")
    with pytest.raises(ZoneError, match="一类区域"):
        priced(text, 90)
    with pytest.raises(ZoneError):
        priced(text, 90, zone="三类区域")


def test_a_band_cap_holds_per_occurrence_of_the_band() -> None:
    text = (
        "08:00-20:00,以5元/30分钟计时收费,该时段内单次停放封顶收费为50元;"
        "20:00-次日08:00,以2元/30分钟计时收费,该时段内单次停放封顶收费为10元"
    )
    assert priced(text, 600) == Decimal("50") and priced(text, 600, "2026-01-05T21:00") == Decimal("10")
    # 21:00 to 21:00: a night (capped 10), a day (capped 50), and the next night's first hour (2 x 2)
    assert priced(text, 1440, "2026-01-05T21:00") == Decimal("64")


def test_caps_per_48_hours_and_per_later_day() -> None:
    hourly = (Segment(0, None, 60, Decimal("2")),)
    later = Tariff((ClassTariff("small", segments=hourly, cap_24h=Decimal("30"), cap_later_day=Decimal("20")),))
    two_days = Tariff((ClassTariff("small", segments=hourly, cap_24h=Decimal("30"), cap_48h=Decimal("50")),))
    entry = datetime(2026, 1, 5, 9)
    stay = entry + timedelta(hours=48)
    assert fee(later, entry, stay).amount == Decimal("50")  # 30 the first day, 20 the next
    assert fee(two_days, entry, stay).amount == Decimal("50")  # 30 + 30, held to 50 per 48 h
    assert fee(two_days, entry, entry + timedelta(hours=72)).amount == Decimal("80")


def test_a_short_tail_is_not_billed() -> None:
    text = "每小时2元，尾数不超过15分钟的不计，超过15分钟按一个计费单位计"
    assert [priced(text, m) for m in (60, 75, 76, 130)] == [Decimal(x) for x in ("2", "2", "4", "4")]


def test_restart_and_cumulative_after_24_hours() -> None:
    restart = "首小时5元，之后每小时2元，24小时最高20元，超过24小时重新计费"
    cumulative = "首小时5元，之后每小时2元，24小时最高20元，累计计费"
    assert priced(restart, 1500) == Decimal("25")  # 20, then a new first hour
    assert priced(cumulative, 1500) == Decimal("22")  # 20, then one more hour
    reading = read_tariff(restart)
    assert reading.tariff is not None and reading.tariff.for_vehicle("small").cycle_minutes == 1440  # type: ignore[union-attr]


def test_a_class_defined_as_a_multiple_of_another() -> None:
    text = "小型车首小时5元，之后每小时2元；大型车按小型车收费标准的2倍收取"
    assert priced(text, 90, vehicle="large") == Decimal("14")
    t = read_tariff(text).tariff
    assert t is not None and t.for_vehicle("large").multiple_of == ("small", Decimal("2"))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "small",
    [
        "小型车每小时5元，第1个24小时最高30元，第2个24小时最高40元",  # a later day's cap
        "小型车每小时5元，24小时最高30元，第4个24小时起每24小时最高50元",  # a cap from the fourth day on
        "小型车首小时5元，之后每小时2元，超过24小时累计计费",  # cumulative, not the default restart
        "小型车首小时5元，之后每小时2元，超过12小时重新计费",  # a 12-hour cycle
        "小型车每小时5元，每日零时为计费基准点，凡跨越每日零时停车者，累计收费",  # a restart at midnight
        "小型车：白天(8:00-20:00)每小时3元，夜间(20:00-次日8:00)每小时1元，跨时段按进场时段费率计费",
        "小型车每小时5元，12小时最高限价20元",  # a window cap
        "小型车每小时5元，48小时最高收费50元",
    ],
)
def test_a_class_priced_as_a_multiple_pays_the_other_class_s_fee_times_the_factor(small: str) -> None:
    """Session 9: the class's rules over time and its later-day and window caps came with the prices; before,
    the large car of each of these was read complete with them dropped (a wrong fee on stays over a day, or
    over the window, or across the bands)."""
    text = f"{small}\n大型车按小型车收费标准的2倍收取"
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.complete, reading.unread
    for start, minutes in (("2026-01-05T09:00", 2000), ("2026-01-05T19:00", 120), ("2026-01-05T09:00", 5000)):
        assert priced(text, minutes, start, "large") == 2 * priced(text, minutes, start), (start, minutes)


def test_a_class_that_takes_another_s_prices_says_none_of_its_defaults_twice() -> None:
    # the small cars' reading says 累计计费: the large cars follow it, so no restart is assumed for them
    text = "小型车首小时5元，之后每小时2元，超过24小时累计计费\n大型车按小型车收费标准的2倍收取"
    assert all("重新计费" not in a for a in read_tariff(text).assumptions)


def test_a_first_period_before_day_and_night_prices() -> None:
    text = "2小时内5元。超过2小时后，白天(8:00-20:00)每小时加收2元；夜间(20:00-次日8:00)每小时加收1元"
    assert priced(text, 90) == Decimal("5")
    assert priced(text, 150) == Decimal("7")  # 5, then a started day hour
    assert priced(text, 600, "2026-01-05T21:00") == Decimal("13")  # 5 (21-23), then 8 night hours


def test_passes_are_data_never_a_fee() -> None:
    t = read_tariff("月卡300元/月，年票3000元；每小时2元").tariff
    assert t is not None and [(p.kind, p.price) for p in t.passes] == [("月卡", 300), ("年票", 3000)]
    entry = datetime(2026, 1, 5, 9)
    assert fee(t, entry, entry + timedelta(hours=1)).amount == Decimal("2")


def test_version_1_json_still_loads_and_plain_tariffs_still_write_it() -> None:
    old = {
        "version": 1,
        "classes": [{"vehicle": "small", "segments": [{"start": 0, "end": None, "unit": 60, "price": "2"}]}],
    }
    t = Tariff.from_json(old)
    assert t.to_json()["version"] == 1 and "zone" not in t.to_json()["classes"][0]
    zoned = Tariff((ClassTariff("small", zone="一类区域", segments=(Segment(0, None, 60, Decimal("2")),)),))
    data = zoned.to_json()
    assert data["version"] == 2 and Tariff.from_json(data) == zoned
    banded = Tariff((ClassTariff("small", bands=(Band("白天", time(8), time(20), days=("weekend",)),)),))
    assert Tariff.from_json(banded.to_json()) == banded
    with pytest.raises(ValueError):
        Band("白天", time(8), time(20), days=("someday",))


def test_a_stay_crossing_bands_billed_wholly_at_the_entry_bands_rate() -> None:
    text = (
        "小型车每1小时20元(未满30分钟以30分钟计)\n"
        "每日18:00至次日08:00小型车优惠每1小时10元,进出车辆若跨优惠时段,则以前一时段费率标准计算"
    )
    reading = read_tariff(text)
    assert reading.complete and reading.tariff is not None
    assert reading.tariff.for_vehicle("small").entry_band_rate  # type: ignore[union-attr]
    assert priced(text, 600) == Decimal("200")  # 09:00-19:00: entered in the day, 20 half hours at 10
    assert priced(text, 600, "2026-01-05T21:00") == Decimal("100")  # the night rate, 10 hours
    assert priced(text, 120, "2026-01-05T17:00") == Decimal("40")  # 17:00-19:00, all at the day rate
    plain = read_tariff("白天(08:00-18:00)每小时20元；夜间(18:00-次日08:00)每小时10元").tariff
    assert plain is not None
    entry = datetime(2026, 1, 5, 17)
    assert fee(plain, entry, entry + timedelta(hours=2)).amount == Decimal("30")  # band by band: 20 + 10
    # 跨时段 said with no rule after it: the clause is unread, never taken as the default
    assert not read_tariff("白天(08:00-18:00)每小时20元；夜间(18:00-次日08:00)每小时10元，若跨时段").complete


def test_a_visit_price_charged_again_each_calendar_day() -> None:
    text = "摩托车每次20元(每日零时为计费基准点,凡跨越每日零时停车者,累计收费)\n收费时间:每日09:00至20:00"
    reading = read_tariff(text)
    assert reading.complete and reading.tariff is not None
    assert reading.tariff.for_vehicle("motorcycle").restart_at_midnight  # type: ignore[union-attr]
    assert priced(text, 600, vehicle="motorcycle") == Decimal("20")  # one day, one visit
    assert priced(text, 900, "2026-01-05T19:00", vehicle="motorcycle") == Decimal("40")  # 19-20, then 09-10
    assert priced(text, 600, "2026-01-05T21:00", vehicle="motorcycle") == Decimal("0")  # never in the hours
    daily = "每次5元，跨日按次重新计费"
    assert priced(daily, 1500, "2026-01-05T23:00") == Decimal("10")  # 23:00 to midnight two days on: two days
    assert priced(daily, 1501, "2026-01-05T23:00") == Decimal("15")  # one minute into a third day


def test_a_maximum_over_12_hours_and_one_that_ends_at_midnight() -> None:
    text = "小车2元/小时·辆，12小时最高限价6元"
    reading = read_tariff(text)
    assert reading.complete and reading.tariff is not None
    small = reading.tariff.for_vehicle("small")
    assert small is not None and (small.cap_window, small.cap_window_minutes) == (Decimal("6"), 720)
    assert [priced(text, m) for m in (150, 600, 800, 1500)] == [Decimal(x) for x in ("6", "6", "10", "14")]
    hk = Tariff(
        (
            ClassTariff(
                "small",
                segments=(Segment(0, None, 60, Decimal("23")),),
                cap_window=Decimal("100"),
                cap_window_minutes=720,
                cap_window_midnight=True,
            ),
        )
    )
    entry = datetime(2026, 1, 5, 20)
    assert fee(hk, entry, entry + timedelta(hours=5)).amount == Decimal("115")  # 92 to midnight, then 23
    assert fee(hk, entry, entry + timedelta(hours=15)).amount == Decimal("192")  # 92, 100 (00-11), new windows
    assert Tariff.from_json(hk.to_json()) == hk and hk.to_json()["version"] == 2
    read = read_tariff("时租23元；每12小时之最高收费100元,由入闸时间起计算至同日午夜十二时止").tariff
    assert read is not None and read.for_vehicle("small").cap_window_midnight  # type: ignore[union-attr]


def test_the_default_after_24_hours_is_a_restart_and_is_said() -> None:
    text = "首小时5元，之后每小时2元"
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.tariff.for_vehicle("small").cycle_minutes == 1440  # type: ignore[union-attr]
    assert any("starts again" in a for a in reading.assumptions)
    assert priced(text, 1500) == Decimal("56")  # 5 + 23×2 = 51 the first 24 h, then a new first hour, 5
    assert priced(text + "，累计计费", 1500) == Decimal("53")  # said cumulative: the hours run on, 51 + 2


SUNDAY = "2026-01-11T09:00"


def test_saturday_priced_apart_from_sunday() -> None:
    text = "时租每小时收费:星期一至六 07:00-22:00 $35;22:00-07:00 $24\n星期日及公众假期 00:00-23:59 每小时收费 $31"
    assert [priced(text, 90, day) for day in (MONDAY, SATURDAY, SUNDAY)] == [
        Decimal("70"),
        Decimal("70"),
        Decimal("62"),
    ]
    assert priced(text, 120, "2026-01-05T23:00") == Decimal("48")  # Monday night: the Monday-to-Saturday night
    assert priced(text, 90, holidays=(date(2026, 1, 5),)) == Decimal("62")  # a holiday Monday: the Sunday price
    hourly = "星期一至五(每小时) 港币$24\n星期六、日及公众假期(每小时) 港币$27"  # the unit in brackets
    assert [priced(hourly, 90, day) for day in (MONDAY, SATURDAY, SUNDAY)] == [Decimal(x) for x in ("48", "54", "54")]
    motorcycles = "收费时间自周一到周六09:00到17:00,每次20元(隔日另计)"
    assert priced(motorcycles, 60, "2026-01-10T10:00", "motorcycle") == Decimal("20")  # Saturday is charged
    assert priced(motorcycles, 60, "2026-01-11T10:00", "motorcycle") == Decimal("0")  # Sunday is not
    assert priced(motorcycles, 1080, "2026-01-05T16:00", "motorcycle") == Decimal("40")  # a visit each day
    # the model: a band of Saturdays only, and a weekend band holding on both days
    saturday = Band("周六", time(0), time(0), (Segment(0, None, 60, Decimal("5")),), days=("saturday",))
    weekend = Band("周末", time(0), time(0), (Segment(0, None, 60, Decimal("3")),), days=("weekend",))
    for band, prices in ((saturday, ("0", "10", "0")), (weekend, ("0", "6", "6"))):
        tariff = Tariff((ClassTariff("small", bands=(band,)),))
        assert Tariff.from_json(tariff.to_json()) == tariff
        got = [
            fee(tariff, datetime.fromisoformat(d), datetime.fromisoformat(d) + timedelta(hours=2)).amount
            for d in (MONDAY, SATURDAY, SUNDAY)
        ]
        assert got == [Decimal(p) for p in prices]


def test_caps_that_differ_by_day_type() -> None:
    listing = (
        "時租 $23 [星期一至五,公眾假期除外]；其他時段/周末收費 $27\n"
        "日泊 $100 [星期一至五(公眾假期外), 每12小時之最高收費,由入閘時間起計算至同日午夜十二時止]；"
        "$120 [星期六,日及公眾假期,每12小時之最高收費,由入閘時間起計算至同日午夜十二時止]\n"
        "24小時泊車 $140 [星期一至五(公眾假期外)每24小時之最高收費]；$180 [星期六日假期每24小時之最高收費]"
    )
    assert priced(listing, 90) == Decimal("46") and priced(listing, 90, SATURDAY) == Decimal("54")
    assert priced(listing, 600) == Decimal("100") and priced(listing, 600, SATURDAY) == Decimal("120")
    # 07:00 to midnight on a Monday: two windows (100 + 100), at most 140 in the 24 hours from entry
    assert priced(listing, 1020, "2026-01-05T07:00") == Decimal("140")
    # Friday 20:00 for 10 hours: 92 to midnight (a weekday window), then a Saturday window capped at 120: 212,
    # and the 24 hours from entry start on a weekday: at most 140
    assert priced(listing, 600, "2026-01-09T20:00") == Decimal("140")
    small = read_tariff(listing).tariff.for_vehicle("small")  # type: ignore[union-attr]
    assert small is not None and small.cap_window is None and small.cap_window_minutes == 720
    assert [(d.days, d.cap_window) for d in small.day_caps][:2] == [
        (("weekday",), Decimal("100")),
        (("weekend", "holiday"), Decimal("120")),
    ]
    model = Tariff(
        (
            ClassTariff(
                "small",
                segments=(Segment(0, None, 60, Decimal("10")),),
                cap_24h=Decimal("60"),
                day_caps=(DayCap(("sunday",), cap_24h=Decimal("30")),),
            ),
        )
    )
    assert Tariff.from_json(model.to_json()) == model and model.to_json()["version"] == 2
    entry = datetime.fromisoformat(SUNDAY)
    assert fee(model, entry, entry + timedelta(hours=8)).amount == Decimal("30")  # the Sunday cap
    assert fee(model, entry + timedelta(days=1), entry + timedelta(days=1, hours=8)).amount == Decimal("60")
    with pytest.raises(ValueError, match="window"):
        ClassTariff("small", day_caps=(DayCap(("weekday",), cap_window=Decimal("5")),))  # no window length


def test_a_later_cap_cut_is_not_spent_in_an_earlier_caps_window() -> None:
    # 10元/h, at most 60 per 12 h and 100 per 24 h: 07:00 to 07:00 is 60 + 60, at most 100 — a cut by the
    # 12-hour cap in the first window leaves the 24-hour cap's room for the second
    both = Tariff(
        (
            ClassTariff(
                "small",
                segments=(Segment(0, None, 60, Decimal("10")),),
                cap_24h=Decimal("100"),
                cap_window=Decimal("60"),
                cap_window_minutes=720,
            ),
        )
    )
    entry = datetime(2026, 1, 5, 7)
    assert fee(both, entry, entry + timedelta(hours=24)).amount == Decimal("100")


def test_a_stated_later_day_cap_holds_over_a_day_types_cap_even_when_it_equals_the_first_days() -> None:
    def capped(**later: Decimal) -> Tariff:
        sunday = (DayCap(("sunday",), cap_24h=Decimal("30")),)
        hourly = (Segment(0, None, 60, Decimal("10")),)
        return Tariff((ClassTariff("small", segments=hourly, cap_24h=Decimal("60"), day_caps=sunday, **later),))

    entry = datetime.fromisoformat(SATURDAY)  # the second 24 hours start on a Sunday
    stay = entry + timedelta(hours=48)
    assert fee(capped(cap_later_day=Decimal("60")), entry, stay).amount == Decimal("120")  # 60 + the stated 60
    assert fee(capped(cap_later_day=Decimal("50")), entry, stay).amount == Decimal("110")
    assert fee(capped(), entry, stay).amount == Decimal("90")  # nothing stated for later days: Sunday's 30
    # a cap from the third day on leaves the second day to the day type's cap
    three_days = entry + timedelta(hours=72)
    assert fee(capped(cap_third_day=Decimal("60")), entry, three_days).amount == Decimal("150")  # 60 + 30 + 60


def test_half_hour_billing_of_an_hourly_price() -> None:
    assert priced("收费费率为每小时20元，以半小时计价", 90) == Decimal("30")
    assert priced("每小时20元,採半小時計費", 30) == Decimal("10")
    assert priced("每小时20元，计费都是半小时计价", 150) == Decimal("50")
    taiwan = "自102年4月1日起實施收費管理\n自7時至22時：每30分鐘10元，未滿30分鐘者，以30分鐘計算(大型車輛加倍計收)"
    assert priced(taiwan, 90) == Decimal("30") and priced(taiwan, 90, vehicle="large") == Decimal("60")
    # a class priced as a multiple of a class the text never prices has no price (never the other at face value)
    reading = read_tariff("中型车按小型车标准的2倍;大型车每小时5元")
    assert reading.tariff is not None
    with pytest.raises(NoPriceError):
        fee(reading.tariff, datetime(2026, 1, 5, 9), datetime(2026, 1, 5, 10), "中型车")


def test_tables_whose_cells_list_day_groups_hours_and_amounts() -> None:
    table = (
        "星期 | 時段 | 每小時收費 |\n"
        "一至五 一至五 六 日及假期 | 07:00-22:00 22:00-07:00 00:00-23:59 00:00-23:59 | $35 $24 $30 $31 |"
    )
    assert table_rows(table).split("\n") == [
        "星期一至五 07:00-22:00 每小時收費$35",
        "星期一至五 22:00-07:00 每小時收費$24",
        "星期六 00:00-23:59 每小時收費$30",
        "星期日及假期 00:00-23:59 每小時收費$31",
    ]
    assert [priced(table, 90, day) for day in (MONDAY, SATURDAY, SUNDAY)] == [Decimal(x) for x in ("70", "60", "62")]
    vehicles = "时段 | 小型车 | 大型车\n08:00-20:00 20:00-08:00 | 每小时3元 每小时1元 | 每小时6元 每小时2元"
    assert priced(vehicles, 120, "2026-01-05T19:00") == Decimal("4")
    assert priced(vehicles, 120, "2026-01-05T19:00", "large") == Decimal("8")
    # cells that do not line up (3 values against 2) are left as written: never paired by guess
    ragged = "一至五 六 日 | 08:00-20:00 00:00-24:00 | $20 $25"
    assert table_rows(ragged) == ragged.replace("|", " ")
