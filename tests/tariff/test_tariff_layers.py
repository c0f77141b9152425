"""The tariff reader's layers, each alone: normalisation → clause segmentation → clause grammar → assembly
(with the honesty contract: every clause's fate, `complete`, `assumptions`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from parkwatch.core.fee import fee
from parkwatch.core.lexicon import band_kind, day_type_of, seats_class, vehicle_of, zone_designator
from parkwatch.core.normalize import normalize_text
from parkwatch.core.tariff_reader import (
    APPLIED,
    NOTE,
    UNREAD,
    canonical_clause,
    parse_clause,
    read_tariff,
    segment_clauses,
)

# -- layer 1: normalisation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("收費標準：小車首小時5元", "收费标准:小车首1小时5元"),  # traditional → simplified (OpenCC)
        ("8:00——20:00", "08:00-20:00"),
        ("早上8点到晚上8点", "08:00到20:00"),
        ("19时30分", "19:30"),
        ("(8:30含—20:30含)", "(08:30-20:30)"),
        ("晚上22:00至第二天早上7:00", "22:00至次日07:00"),
        ("19:00次日7:00", "19:00-次日07:00"),
        ("10元一小时", "10元/1小时"),
        ("10元/辆·小时", "10元/1小时"),
        ("1.5元/半小时·泊位", "1.5元/30分钟"),
        ("5元/辆.次", "5元/次"),
        ("十九座(含十九座)以下", "19座(含19座)以下"),
        ("停放時間≤1小時(2.5元/輛)", "1小时以内(2.5元)"),
        ("第一时段：8时至22时", "第1时段:08:00至22:00"),
    ],
)
def test_normalisation_makes_one_written_form(raw: str, normalized: str) -> None:
    assert normalize_text(raw) == normalized


# -- the lexicon -----------------------------------------------------------------------------


def test_the_lexicon_names_vehicles_bands_days_and_zones() -> None:
    assert vehicle_of("小型客货车") == "small" and vehicle_of("大型客货车") == "large"
    assert vehicle_of("黄牌") == "large" and vehicle_of("中型机动车") == "中型车"
    assert seats_class(9, "(含)以下") == "small" and seats_class(20, "以上") == "large"
    assert band_kind("白天") == "day" and band_kind("晚上") == "night" and band_kind("小时") is None
    assert day_type_of("周一至周五") == "weekday" and day_type_of("双休日") == "weekend"
    assert zone_designator("A级区域") == zone_designator("A区") == "A"
    assert zone_designator("一类(二环线区域内)") == zone_designator("1类区") == "1"
    assert zone_designator("泰山景区") is None


# -- layer 2: clause segmentation ------------------------------------------------------------


def test_segmentation_takes_list_markers_off_and_keeps_conditions_with_their_prices() -> None:
    clauses = segment_clauses(normalize_text("一、1小时以内免费\n二、超过2小时的，每小时加收1元"))
    assert [c.text for c in clauses] == ["1小时以内免费", "超过2小时的每1小时加收1元"]
    assert [c.marker for c in clauses] == ["一、", "二、"]
    assert [c.line for c in clauses] == [0, 1] and all(c.first for c in clauses)


def test_segmentation_gives_a_table_heading_unit_to_bare_numbers() -> None:
    clauses = segment_clauses(normalize_text("临时(元/辆·次)：\n小型汽车 4.00\n大型汽车 8.00"))
    assert [c.text for c in clauses] == ["临时:", "小型汽车4.00元/次", "大型汽车8.00元/次"]
    assert clauses[0].heading and not clauses[1].heading


def test_a_bracket_holding_clauses_is_split_into_them() -> None:
    texts = [c.text for c in segment_clauses(normalize_text("每小时2元(每24小时为一计费周期,最高收费30元/次)"))]
    assert texts == ["每1小时2元", "每24小时为一计费周期", "最高收费30元/次"]


# -- layer 3: clause grammar -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "canonical"),
    [
        ("超过15分钟至首1小时(含首1小时)收3元", "超过15分钟至1小时3元"),
        ("小型车5元/首1小时", "小型车首1小时5元"),
        ("第4小时起1元/1小时", "超过3小时1元/1小时"),
        ("1小时以内收费2元/次", "1小时以内2元"),
        ("小、中型车30分钟内免费", "小型车、中型车30分钟内免费"),
        ("大车(指额定载重2吨以上(含2吨)的机动车)按小车收费标准的2倍", "大车按小车收费标准的2倍"),
        ("每标准车位停车1小时以内收费4元", "停车1小时以内4元"),
    ],
)
def test_canonical_clauses_say_one_thing_one_way(clause: str, canonical: str) -> None:
    assert canonical_clause(clause) == canonical


def test_the_grammar_finds_the_phrases_and_what_lies_between() -> None:
    phrases, gaps = parse_clause("小型车:首1小时5元")
    assert [p.kind for p in phrases] == ["vehicle", "first"] and gaps == (":",)
    phrases, gaps = parse_clause("节假日另行规定加收8元服务费")
    assert "另行规定" in "".join(gaps) or any(p.kind == "price" for p in phrases)


# -- layer 4: assembly and the honesty contract -----------------------------------------------


def test_every_clause_has_a_fate_and_unread_lists_exactly_the_unapplied_price_clauses() -> None:
    reading = read_tariff("合肥市停车收费标准\n首小时5元，之后每小时2元，节假日另行规定加收8元服务费")
    fates = {c.text: c.fate for c in reading.clauses}
    assert fates["首1小时5元"] == APPLIED and fates["之后每1小时2元"] == APPLIED
    assert fates["合肥市停车收费标准"] == NOTE
    assert [c.text for c in reading.clauses if c.fate == UNREAD] == list(reading.unread)
    assert not reading.complete and reading.tariff is not None


def test_a_unit_of_no_minutes_is_reported_unread_not_raised() -> None:
    reading = read_tariff("首2小时3元，超过2小时每0分钟1元")  # issue 14: this raised ValueError
    assert reading.unread == ("超过2小时每0分钟1元",) and not reading.complete


def test_a_second_different_value_for_the_same_term_is_unread_not_overwritten() -> None:
    reading = read_tariff("小型车：24小时最高收费20元，24小时最高收费30元")
    assert reading.unread and not reading.complete
    assert reading.tariff is not None and reading.tariff.cap_24h() == 20


def test_a_time_no_clock_can_hold_is_unread_not_raised() -> None:
    # `二区28:00-19:00`: a digit run into the time (the space lost before the text reached us) is no clock
    reading = read_tariff("zone 28:00-19:00，每小时2元")
    assert not reading.complete and any("28:00" in clause for clause in reading.unread)


def test_a_space_between_a_digit_and_a_time_keeps_them_apart() -> None:
    # `区域2 8:00`: the space separates the zone's digit from the time, so the time is read, not 28:00
    assert normalize_text("区域2 8:00-20:00 每小时3元") == "区域2,08:00-20:00每1小时3元"
    assert normalize_text("小型车 5 10") == "小型车5,10"  # two table cells, never one number 510
    reading = read_tariff("zone 2 8:00-19:00，每小时2元")
    assert not any("28:00" in clause for clause in reading.unread)
    assert reading.tariff is not None
    band = reading.tariff.classes[0].bands[0]
    assert (band.start.hour, band.end.hour) == (8, 19)
    assert not reading.complete and reading.unread == ("zone2",)  # the unknown place word stays unread


def test_assumptions_name_every_default_the_fee_rests_on() -> None:
    reading = read_tariff("15分钟内免费，首小时5元，之后每30分钟2元")
    assert reading.complete
    assert any("partial unit" in a for a in reading.assumptions)
    assert any("from entry" in a for a in reading.assumptions)
    assert any("starts again" in a for a in reading.assumptions)  # the default after 24 h: a restart
    said = read_tariff("15分钟内免费，首小时5元，之后每30分钟2元，不足30分钟按30分钟计，超过24小时重新计费")
    assert not any("partial unit" in a or "starts again" in a for a in said.assumptions)
    cumulative = read_tariff("15分钟内免费，首小时5元，之后每30分钟2元，累计计费")
    assert not any("starts again" in a for a in cumulative.assumptions)
    # one unit price from entry: a restart changes no fee, so no default is taken
    assert not any("starts again" in a for a in read_tariff("每30分钟2元").assumptions)


def test_a_class_is_always_free_only_when_the_text_says_so() -> None:
    reading = read_tariff("小型车每小时2元；摩托车免费")
    assert reading.tariff is not None
    moto = reading.tariff.for_vehicle("motorcycle")
    assert moto is not None and moto.always_free
    small = reading.tariff.for_vehicle("small")
    assert small is not None and not small.always_free


def test_reading_json_carries_complete_assumptions_and_clause_fates() -> None:
    data = read_tariff("每小时2元").to_json()
    assert data["complete"] is True and isinstance(data["assumptions"], list)
    assert data["clauses"] == [{"text": "每1小时2元", "fate": "applied"}]
    assert {"tariff", "unread", "warnings"} <= set(data)


def test_session_4_wordings_are_read_and_priced() -> None:
    def fee_of(text: str, minutes: int) -> Decimal:
        reading = read_tariff(text)
        assert reading.complete and reading.tariff is not None, reading.unread
        entry = datetime(2026, 1, 5, 9)
        return fee(reading.tariff, entry, entry + timedelta(minutes=minutes)).amount

    tail = "超过30分钟的,3小时内5元;3小时以上部分每小时加收1元。实际停车尾数时间不超过15分钟的,不计停车尾数时间"
    assert [fee_of(tail, m) for m in (190, 200)] == [Decimal("5"), Decimal("6")]
    units = "30分钟内免费;每增加3小时将加收5元,不足3小时按照3小时计算"
    assert fee_of(units, 150) == Decimal("5")
    day = (
        "白天时段(7:00-19:00):小型车1元/半小时。夜间时段(19:00-次日7:00):小型车0.5元/小时。"
        "停车全天24小时的按白天相应收费标准10小时收费"
    )
    assert fee_of(day, 1440) == Decimal("20")  # 30 billed, at most 10 day hours = 20
    both_free = "昼间(7:00--19:00)首小时免费,超过一小时不足二小时收费3元;夜间(19:00--次日7:00)每辆次收费3元,首小时免费"
    assert fee_of(both_free, 90) == Decimal("3")  # the free hour is not skipped twice
    assert fee_of("时租每小时收费:星期一至四、星期五、星期六、星期日及公众假期$20", 90) == Decimal("40")
