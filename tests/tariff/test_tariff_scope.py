"""Session 7 (issue 14): the scope of a line that names no vehicle, steps and rules said in another order,
caps stated under a label, and a progressive rate's last hour. Our own sentences, none a corpus line: each
is read right, or the reading says it is not complete — never a different confident fee."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from parkwatch.core.fee import fee
from parkwatch.core.tariff_reader import ASSUME_LAST_HOUR_HOLDS, cap_label_said, read_tariff
from tests.tariff.tariff_helpers import complete_fees


def fees(text: str, minutes: tuple[int, ...] = (10, 90, 150, 600), vehicle: str = "small") -> list[str]:
    return complete_fees(text, minutes, vehicle=vehicle)


# -- a line naming no vehicle after a vehicle's own line ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "摩托车每小时1元\n停放15分钟内免费\n小型车每小时5元\n大型车每小时10元",
        "摩托车：1元/小时，每天最高5元\n15分钟以内免费，不足1小时按1小时计\n小车：5元/小时\n大车：10元/小时",
        "小型車每小時5元\n停放15分鐘內免費\n大型車每小時10元",
        "小型车首小时5元，以后每小时2元\n24小时最高收费20元\n大型车首小时10元，以后每小时4元",
        # session 9: a cap after two vehicles' or zones' prices in one sentence (the last one's, or every one's?)
        "小型车每小时3元，大型车每小时6元，24小时最高收费30元",
        "一类区域：每小时5元，二类区域：每小时3元，24小时最高收费30元",
    ],
)
def test_a_rule_between_two_vehicles_lines_is_not_given_to_one_of_them_with_confidence(text: str) -> None:
    reading = read_tariff(text)
    assert not reading.complete and reading.scope_doubts, reading
    assert any("不写车型" in w for w in reading.warnings)


@pytest.mark.parametrize(
    ("text", "small", "large"),
    [
        # a line continuing the vehicle's own price chain stays that vehicle's
        ("小型车：首小时5元\n以后每小时2元\n大型车：首小时10元\n以后每小时4元", "9.00", "18.00"),
        ("小型车首小时5元\n超过1小时后每小时2元\n大型车首小时10元\n超过1小时后每小时4元", "9.00", "18.00"),
        # a heading line scopes the lines under it
        ("小型车：\n首小时5元，以后每小时2元\n15分钟内免费\n大型车：\n首小时10元，以后每小时4元", "9.00", "18.00"),
        # the rule first: it holds for every vehicle
        ("15分钟内免费\n小型车首小时5元，以后每小时2元\n大型车首小时10元，以后每小时4元", "9.00", "18.00"),
        # the rule after the last vehicle: every vehicle's
        ("小型车首小时5元，以后每小时2元\n大型车首小时10元，以后每小时4元\n15分钟内免费", "9.00", "18.00"),
    ],
)
def test_continuations_headings_and_rules_said_for_all_still_read(text: str, small: str, large: str) -> None:
    assert fees(text, (150,)) == [small]
    assert fees(text, (150,), "large") == [large]


@pytest.mark.parametrize(
    "text",
    [
        "小型车每小时3元，大型车每小时6元，15分钟内免费",
        "小型车每小时3元，大型车每小时6元，停车不超过15分钟的免费",
        "小型车每小时3元，大型车每小时6元，停放未超过15分钟的不收费",
        "一类区域：每小时5元，二类区域：每小时3元，15分钟内免费",
        "一类区域：每小时5元；二类区域：每小时3元；停车15分钟以内免费",
        "A区每小时5元，B区每小时3元，不超过15分钟免费",
    ],
)
def test_a_free_period_after_two_vehicles_or_zones_of_one_line_holds_for_all(text: str) -> None:
    """Session 9: before, the rule went to the vehicle or zone read last (or to the line's first zone) alone, with
    confidence — for 不超过/未超过 wordings, which counted as tier words, and for every wording after two zones."""
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.complete, reading.unread
    entry = datetime(2026, 1, 5, 9)
    for zone in reading.tariff.zones() or [None]:
        for vehicle in ("small", "large"):
            stays = [fee(reading.tariff, entry, entry + timedelta(minutes=m), vehicle, zone).amount for m in (15, 16)]
            assert stays[0] == 0 < stays[1], (zone, vehicle)


def test_a_cap_on_a_line_of_its_own_or_beside_its_vehicle_is_not_in_doubt() -> None:
    assert read_tariff("小型车每小时3元\n大型车每小时6元\n24小时最高收费30元").complete
    assert read_tariff("小型车每小时3元，24小时最高收费30元；大型车每小时6元，24小时最高收费50元").complete


def test_a_rule_after_a_single_vehicle_s_line_is_that_vehicle_s() -> None:
    # one vehicle priced: whichever reading, its fee is the same; other vehicles are refused, never guessed
    assert fees("小型车每小时5元\n15分钟内免费") == ["0.00", "10.00", "15.00", "50.00"]


# -- steps and rules said in another order --------------------------------------------------------


# wordings the model cannot place or hold: each reading says it is not complete and lists what it left
_UNPLACED = [
    # a price step stated before an earlier step
    pytest.param("小型车：8小时以上每小时加收1元\n小型车：1小时以内5元，1小时至8小时10元", id="step-before-earlier"),
    pytest.param("小型车3小时以上每小时2元；3小时以内5元", id="step-before-earlier-one-line"),
    # a rate 'after' with nothing priced before it is not read from minute 0
    pytest.param("以后每小时2元\n小型车首小时5元", id="rate-after-nothing"),
    pytest.param("以后每1小时为1个计费单位，收费为2元\n小型车首2小时为1个计费单位，收费为5元", id="unit-after-nothing"),
    pytest.param("之后每30分钟1元\n小型车：首小时3元", id="half-hours-after-nothing"),
    # a class's price that every day's bands leave unused
    pytest.param(
        "货车每半小时18元\n星期一至五每小时24元\n星期六、日及公众假期每小时27元", id="price-unused-by-day-bands"
    ),
    pytest.param(
        "小型车每小时5元\n工作日00:00-24:00每小时6元\n双休日及节假日00:00-24:00每小时8元",
        id="price-unused-by-day-types",
    ),
    # a day's cap the model does not hold: the third day alone, a fourth day's
    pytest.param(
        "小型车每小时5元；第1个24小时最高30元，第2个24小时最高40元，第3个24小时最高50元", id="third-day-alone"
    ),
    pytest.param(
        "小型车每小时5元；第1个24小时最高30元，第2个24小时最高40元，第3个24小时起每24小时最高50元，"
        "第4个24小时起每24小时最高60元",
        id="fourth-day-on",
    ),
]


@pytest.mark.parametrize("text", _UNPLACED)
def test_a_wording_out_of_order_or_beyond_the_model_is_left_unread(text: str) -> None:
    reading = read_tariff(text)
    assert not reading.complete and reading.unread, reading


@pytest.mark.parametrize(
    "text",
    [
        "30分钟内免费，超过30分钟每小时3元",
        "超过30分钟每小时3元\n30分钟内免费",
        "超过30分钟后，按3元/小时收费；停放30分钟以内免费",
        # session 9: a stay that may not be charged is a free period
        "每小时3元；机动车临时停靠未超过30分钟的，不得收取停车服务费",
        "车辆停放不超过30分钟的,不得收取停放服务费。每小时3元",
        "每小時3元；停車未超過30分鐘的，不得收取停車費",
    ],
)
def test_a_free_period_said_after_the_rate_reads_as_said_before_it(text: str) -> None:
    assert fees(text, (20, 90, 150)) == ["0.00", "6.00", "9.00"]


def test_a_day_price_beside_a_night_band_still_reads() -> None:
    # the class price holds outside the night band: used, not unread
    assert fees("小型车每小时5元\n夜间(20:00-次日08:00)每小时1元", (90,)) == ["10.00"]


# -- caps stated under a label --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cap_24h", "cap_day"),
    [
        ("小型车每小时2元，限价：每日20元", None, "20.00"),
        ("小型车每小时2元\n限价:每天20元", None, "20.00"),
        ("小型车每小时2元\n封顶：24小时20元", "20.00", None),
        ("小型车每小时2元\n封顶价：20元/24小时", "20.00", None),
        ("小型车每小时2元\n最高收费：20元/天", None, "20.00"),
        ("小型车每小时2元\n最高收费：20元/日", None, "20.00"),
        ("小型车每小时2元\n收费上限：每天20元", None, "20.00"),
        ("小型车每小时2元\n最高限价：每日20元", None, "20.00"),
        ("小型车每小时2元\n单日封顶：20元", None, "20.00"),
        ("小型车每小时2元\n最高收费：24小时20元", "20.00", None),
        ("小型車每小時2元\n封頂：24小時20元", "20.00", None),
        ("小型车每小时2元\n限价：每日２０元", None, "20.00"),
    ],
)
def test_a_cap_under_a_label_is_the_cap(text: str, cap_24h: str | None, cap_day: str | None) -> None:
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.complete, reading
    small = reading.tariff.for_vehicle("small")
    assert (str(small.cap_24h) if small.cap_24h else None, str(small.cap_day) if small.cap_day else None) == (
        cap_24h,
        cap_day,
    )
    assert small.visit_price is None  # never a day's price beside the hourly one


@pytest.mark.parametrize("text", ["限价：每小时2元", "最高收费：2元/小时", "封顶：每30分钟1元", "最高收费:1元/30分钟"])
def test_a_label_over_a_rate_is_a_ceiling_never_a_complete_reading(text: str) -> None:
    reading = read_tariff(text)
    assert reading.tariff is not None and not reading.complete and reading.ceilings, reading


def test_a_label_over_vehicles_prices_waits_for_them() -> None:
    reading = read_tariff("小型车每小时2元，大型车每小时4元\n最高收费：小型车20元，大型车40元")
    assert reading.complete and reading.tariff is not None
    assert [str(c.cap_24h) for c in reading.tariff.classes] == ["20.00", "40.00"]


@pytest.mark.parametrize("clause", ["限价:每日20元以内", "封顶:按物价部门规定", "说明:以上为小型车收费标准"])
def test_a_label_over_anything_else_is_left_as_written(clause: str) -> None:
    assert cap_label_said(clause) == clause


# -- a progressive rate with no rate after its last stated hour ------------------------------------


def test_the_last_stated_hour_s_rate_held_after_it_is_listed_as_an_assumption() -> None:
    reading = read_tariff("小型车：第1小时3元，第2小时4元，第3小时6元")
    assert ASSUME_LAST_HOUR_HOLDS in reading.assumptions
    assert fees("小型车：第1小时3元，第2小时4元，第3小时6元", (300,)) == ["25.00"]


@pytest.mark.parametrize(
    "text",
    ["小型车：首小时3元，第2小时4元，第3小时起每小时6元", "小型车：首小时3元，第2小时4元，第3小时及以后每小时6元"],
)
def test_a_rate_said_to_hold_from_an_hour_on_needs_no_assumption(text: str) -> None:
    assert ASSUME_LAST_HOUR_HOLDS not in read_tariff(text).assumptions


# -- dev known misses, fixed in general -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "小型车每小时5元。连续停放的，第一个24小时收费额不超过30元，第二个24小时收费额不超过40元，"
        "第三个24小时起每24小时收费额均不超过50元",
        "小型車每小時5元。連續停放的，第一個24小時收費額不超過30元，第二個24小時收費額不超過40元，"
        "第三個24小時起每24小時收費額均不超過50元",
    ],
)
def test_a_third_day_s_cap_holds_from_the_third_day_on(text: str) -> None:
    # 24 h: 30; 48 h: 30 + 40; 72 h: 30 + 40 + 50; 96 h: + 50 again
    assert fees(text, (1440, 2880, 4320, 5760)) == ["30.00", "70.00", "120.00", "170.00"]
    tariff = read_tariff(text).tariff
    assert tariff is not None and type(tariff).from_json(tariff.to_json()) == tariff


@pytest.mark.parametrize(
    "text",
    [
        "机关上班日08:00-18:00每小时20元；星期六、日暨国定例假日08:00-22:00每小时10元",
        "機關上班日自8時至18時止：每小時20元\n星期六、日及國定假日自8時至22時止：每小時10元",
        "上班日：每小时20元\n假日：每小时10元",
    ],
)
def test_the_government_s_working_days_are_weekdays(text: str) -> None:
    assert fees(text, (90,)) == ["40.00"]
    reading = read_tariff(text)
    assert reading.tariff is not None
    saturday = datetime(2026, 1, 10, 9, 0)
    assert str(fee(reading.tariff, saturday, saturday + timedelta(minutes=90), "small").amount) == "20.00"
