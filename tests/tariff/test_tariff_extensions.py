"""Issue 14's model extensions, each read from its wording and priced (docs/tariff.md): stay-length steps,
day types, zones, caps per band occurrence / 48 h / later day, tail thresholds, restart vs cumulative,
classes as a multiple of another, the first period before the bands, passes as data; JSON version 2."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from parkwatch.core.fee import ZoneError, fee
from parkwatch.core.tariff import Band, ClassTariff, Segment, Tariff
from parkwatch.core.tariff_reader import read_tariff

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
