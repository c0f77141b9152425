"""The board reader's behaviour: labels read generally, noise ignored, confidences, spans, tariff hand-off."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkwatch.core.board_reader import cn_number, read_board
from tests.board.lines import read_lines

BOARDS = Path(__file__).parent / "boards"
PRICE = "收费标准：小型车每小时2元"


# ---- labels and wordings, read generally ----------------------------------------------------


@pytest.mark.parametrize(
    "label",
    ["收费单位", "经营单位", "管理单位", "经营者", "运营单位", "经营管理单位", "收费主体", "停车场经营者", "运营方"],
)
def test_operator_is_read_under_any_of_its_labels(label: str) -> None:
    record = read_lines(f"{label}：岳阳洞庭停车服务有限公司", PRICE)
    assert record.value("operator") == "岳阳洞庭停车服务有限公司"


@pytest.mark.parametrize(
    ("label", "value", "form"),
    [
        ("定价形式", "市场调节价", "market"),
        ("收费性质", "政府指导价", "guided"),
        ("价格类型", "政府定价", "government"),
        ("价格形式", "市场调节", "market"),
        ("定价方式", "实行政府指导价", "guided"),
        ("价格管理形式", "政府定价", "government"),
    ],
)
def test_pricing_form_is_normalised_under_any_label(label: str, value: str, form: str) -> None:
    assert read_lines(f"{label}：{value}", PRICE).value("pricing_form") == form


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("本停车场实行市场调节价。", "market"),
        ("该停车场收费执行政府指导价，由经营者在限价内确定。", "guided"),
        ("本停车场不属于政府指导价范围，实行市场调节价。", "market"),
    ],
)
def test_pricing_form_is_found_in_free_text(sentence: str, form: str) -> None:
    assert read_lines(sentence, PRICE).value("pricing_form") == form


def test_a_market_fee_basis_alone_is_not_taken_for_a_declared_pricing_form() -> None:
    record = read_lines("收费依据：市场调节价", PRICE)
    assert record.value("fee_basis") == "市场调节价"
    assert not record.has("pricing_form")


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("收费依据：岳发改价〔2019〕12号", "岳发改价〔2019〕12号"),
        ("收费依据：岳发改价[2019]12号", "岳发改价〔2019〕12号"),
        ("批准文号：岳发改价（2019）12号", "岳发改价〔2019〕12号"),
        ("价格批复：岳发改价【2019】第12号", "岳发改价〔2019〕12号"),
        ("定价依据：岳发改价 〔 2019 〕 12 号", "岳发改价〔2019〕12号"),
        ("收费依据：湘发改价费规〔2025〕723号", "湘发改价费规〔2025〕723号"),
        ("根据岳发改价〔2019〕12号文件收费。", "岳发改价〔2019〕12号"),
    ],
)
def test_approval_numbers_are_read_in_every_bracket_style(written: str, number: str) -> None:
    record = read_lines(written, PRICE)
    assert record.value("approval_number") == number
    assert record.has("fee_basis")


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("有效期至：2021年12月31日", "2021-12-31"),
        ("有效期：2019年1月1日至2020年12月31日", "2020-12-31"),
        ("有效期限：2021/12/31", "2021-12-31"),
        ("执行期限：2016.03.01-2018.02.28", "2018-02-28"),
        ("收费依据：岳发改价〔2019〕12号，有效期至2021年6月30日", "2021-06-30"),
    ],
)
def test_validity_end_dates_become_iso_dates(written: str, iso: str) -> None:
    assert read_lines(written, PRICE).value("approval_valid_until") == iso


@pytest.mark.parametrize(
    ("written", "numbers"),
    [
        ("举报电话：12315", ["12315"]),
        ("监督电话：12345", ["12345"]),
        ("投诉电话：0730-8222345", ["0730-8222345"]),
        ("价格举报：12358", ["12358"]),
        ("投诉举报电话：12315、0730－8222345", ["12315", "0730-8222345"]),
        ("价格监督举报电话 (0730)8222345", ["0730-8222345"]),
        ("如有疑问请拨打价格举报电话12358。", ["12358"]),
        ("全国统一价格举报电话12315", ["12315"]),
    ],
)
def test_hotlines_are_read_under_any_label_or_wording(written: str, numbers: list[str]) -> None:
    assert read_lines(written, PRICE).value("hotlines") == numbers


def test_a_contact_or_service_number_is_not_a_complaint_hotline() -> None:
    record = read_lines("联系电话：0730-8221000", "服务电话：13807301234", PRICE)
    assert not record.has("hotlines")


@pytest.mark.parametrize(
    ("written", "hours"),
    [
        ("收费时间：08:00-20:00", "08:00-20:00"),
        ("收费时段：8:00—20:00", "08:00-20:00"),
        ("营业时间：全天24小时", "24小时"),
        ("收费时间：早8点至晚8点", "08:00-20:00"),
        ("本停车场24小时收费。", "24小时"),
    ],
)
def test_charging_hours_are_normalised(written: str, hours: str) -> None:
    assert read_lines(written, PRICE).value("charging_hours") == hours


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("免费时长：15分钟", 15),
        ("免费停放：30分钟", 30),
        ("半小时内免费", 30),
        ("首30分钟免费", 30),
        ("15分钟以内（含15分钟）免费", 15),
        ("即停即走车辆十五分钟内免费", 15),
        ("停车不超过1小时的不收费", 60),
        ("免费停放两小时", 120),
    ],
)
def test_free_periods_are_read_as_minutes(written: str, minutes: int) -> None:
    assert read_lines(PRICE, written).value("free_minutes") == minutes


def test_a_new_energy_discount_is_not_taken_for_the_general_free_period() -> None:
    record = read_lines("新能源汽车首2小时免费", "小型车15分钟内免费，超过15分钟每小时3元")
    assert record.value("free_minutes") == 15


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("收费标准：2元/半小时", "每半小时"),
        ("收费标准：每30分钟1元", "每30分钟"),
        ("收费标准：2.5元/30分钟", "每30分钟"),
        ("收费标准：按次收费，每次5元", "每次"),
        ("计费方式：按小时计费", "每小时"),
        ("计费单位：每15分钟", "每15分钟"),
    ],
)
def test_billing_units_are_read(written: str, unit: str) -> None:
    assert read_lines(written).value("billing_unit") == unit


@pytest.mark.parametrize(
    ("written", "rounding"),
    [
        ("不足1小时按1小时计", "不足1小时按1小时计"),
        ("不足30分钟按30分钟计费", "不足30分钟按30分钟计费"),
        ("超过1小时后不足半小时的按半小时计算", "超过1小时后不足半小时的按半小时计算"),
        ("未满一小时按一小时收费", "未满一小时按一小时收费"),
    ],
)
def test_rounding_wordings_are_read(written: str, rounding: str) -> None:
    assert read_lines(PRICE, written).value("rounding") == rounding


@pytest.mark.parametrize(
    ("written", "cap"),
    [
        ("最高收费：24小时最高收费30元", "24小时最高收费30元"),
        ("封顶：20元", "封顶20元"),
        ("单日封顶：小型车30元", "单日封顶：小型车30元"),
        ("最高限价：每日50元", "最高限价：每日50元"),
        ("24小时最高收费30元", "24小时最高收费30元"),
        ("每日最高不超过20元", "每日最高不超过20元"),
    ],
)
def test_caps_are_read(written: str, cap: str) -> None:
    assert read_lines(PRICE, written).value("cap") == cap


@pytest.mark.parametrize(
    "written",
    [
        "免收车辆：军车、警车、消防车、救护车",
        "免费车辆：军车，警车，消防车，救护车",
        "执行任务的军车、警车、消防车、救护车免收停车费。",
        "军车、警车、消防车、救护车免费停放",
    ],
)
def test_exempt_vehicles_are_listed(written: str) -> None:
    assert read_lines(PRICE, written).value("exempt_vehicles") == ["军车", "警车", "消防车", "救护车"]


@pytest.mark.parametrize(
    ("written", "berths"),
    [
        ("泊位数：120个", 120),
        ("车位数：120", 120),
        ("泊位：120个", 120),
        ("本停车场共有车位120个。", 120),
        ("停车泊位 120 个", 120),
    ],
)
def test_berth_counts_are_read(written: str, berths: int) -> None:
    assert read_lines(written, PRICE).value("berths") == berths


@pytest.mark.parametrize(
    ("written", "issuer"),
    [
        ("岳阳市物价局监制", "岳阳市物价局"),
        ("岳阳市发展和改革委员会 监制", "岳阳市发展和改革委员会"),
        ("本牌由岳阳市市场监督管理局统一监制", "岳阳市市场监督管理局"),
        ("监制单位：湖南省物价局", "湖南省物价局"),
    ],
)
def test_issuers_are_read(written: str, issuer: str) -> None:
    assert read_lines(PRICE, written).value("issuer") == issuer


@pytest.mark.parametrize(
    ("written", "items"),
    [
        ("服务项目：临时停车、包月", ["临时停车", "包月"]),
        ("临时停车每小时2元；月卡200元/月", ["临时停车", "包月"]),
        ("按次收费，每次5元", ["计次"]),
    ],
)
def test_service_items_are_read(written: str, items: list[str]) -> None:
    assert read_lines(written).value("service_items") == items


def test_a_lot_name_comes_from_a_board_title_or_a_web_page_title() -> None:
    assert read_lines("岳阳大剧院停车场收费公示牌", PRICE).value("lot_name") == "岳阳大剧院停车场"
    assert (
        read_lines("洞庭湖博物馆停车场收费标准_岳阳市发展和改革委员会", PRICE).value("lot_name") == "洞庭湖博物馆停车场"
    )


def test_a_credit_code_without_a_label_counts_only_when_its_check_digit_is_right() -> None:
    assert (
        read_lines("岳阳天岳停车管理有限公司 91430602MA4PYK8U32", PRICE).value("operator_credit_code")
        == "91430602MA4PYK8U32"
    )
    assert not read_lines("订单号 91430602MA4PYK8U33", PRICE).has("operator_credit_code")


# ---- amounts: units, conditions, numerals --------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "bare"),
    [
        (("收费标准：5元",), ["5元"]),
        (("停车费：10元",), ["10元"]),
        (("小型车：5元", "大型车：10元"), ["5元", "10元"]),
        (("白天5元", "夜间2元"), ["5元", "2元"]),
        (("收费标准：5元/小时",), None),
        (("按次收费，每次5元",), None),
        (("月卡：300元/月",), None),
    ],
)
def test_bare_prices_are_amounts_without_a_unit_or_pricing_method(lines: tuple[str, ...], bare) -> None:
    assert read_lines(*lines).value("bare_prices") == bare


def test_prices_without_a_vehicle_class_are_flagged_only_when_the_board_has_several_classes() -> None:
    several = read_lines("小型车每小时3元", "大型车每小时6元", "超过3小时每小时2元")
    assert several.value("unconditioned_prices") == ["超过3小时每小时2元"]
    single = read_lines("首小时3元", "超过1小时每小时2元")
    assert not single.has("unconditioned_prices")


def test_a_header_line_gives_its_condition_to_the_prices_below_it() -> None:
    record = read_lines("小型车", "首小时5元", "之后每小时2元", "大型车", "首小时10元", "之后每小时4元")
    assert not record.has("unconditioned_prices")


def test_a_per_visit_price_needs_no_day_or_night_band() -> None:
    record = read_lines(
        "白天(08:00-20:00)每小时3元", "夜间(20:00-08:00)每小时1元", "按次收费：每次10元", "超过12小时每小时2元"
    )
    assert record.value("unconditioned_prices") == ["超过12小时每小时2元"]


@pytest.mark.parametrize(
    ("written", "amounts"),
    [
        ("首小时五元", ["五元"]),
        ("每小时两元，壹拾元封顶", ["两元", "壹拾元"]),
        ("每小时2元", None),
    ],
)
def test_amounts_in_chinese_numerals_are_listed(written: str, amounts) -> None:
    assert read_lines(written).value("non_arabic_amounts") == amounts


def test_chinese_numerals_convert() -> None:
    assert [cn_number(x) for x in ("十五", "两", "壹拾伍", "二十", "半", "一百二十", "3")] == [
        15,
        2,
        15,
        20,
        0.5,
        120,
        3,
    ]


# ---- noise: width, spacing, order ----------------------------------------------------------


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _spaced(text: str) -> str:
    """OCR-style spacing: a space after every Chinese character (digit runs such as 12315 stay whole)."""
    out = []
    for line in text.split("\n"):
        chars = []
        for i, ch in enumerate(line):
            chars.append(ch)
            nxt = line[i + 1] if i + 1 < len(line) else ""
            if nxt and (ord(ch) > 0x2E80 or ord(nxt) > 0x2E80):
                chars.append(" ")
        out.append("".join(chars))
    return "\n".join(out)


@pytest.mark.parametrize(
    "stem",
    [
        "01_guided_one_field_per_line",
        "05_old_hunan_board_12358",
        "17_approval_square_brackets",
        "22_market_supervision_issuer",
        "09_day_night_bands",
    ],
)
@pytest.mark.parametrize("noise", [_full_width, _spaced], ids=["full_width", "spaced"])
def test_width_and_ocr_spacing_do_not_change_what_is_read(stem: str, noise) -> None:
    text = (BOARDS / f"{stem}.txt").read_text(encoding="utf-8")
    clean = read_board(text)
    noisy_text = noise(text)
    noisy = read_board(noisy_text)
    assert {k: v.value for k, v in noisy.fields.items()} == {k: v.value for k, v in clean.fields.items()}
    for name, reading in noisy.fields.items():  # spans still point into the noisy text
        start, end = reading.span
        assert 0 <= start < end <= len(noisy_text), name


def test_line_order_does_not_matter_for_labelled_fields() -> None:
    lines = (BOARDS / "01_guided_one_field_per_line.txt").read_text(encoding="utf-8").splitlines()
    forward = read_board("\n".join(lines))
    backward = read_board("\n".join(reversed(lines)))
    for name in (
        "operator",
        "pricing_form",
        "approval_number",
        "hotlines",
        "free_minutes",
        "cap",
        "berths",
        "charging_hours",
        "exempt_vehicles",
        "approval_valid_until",
    ):
        assert backward.value(name) == forward.value(name), name


# ---- confidences and spans -----------------------------------------------------------------


def test_field_confidence_is_the_lowest_confidence_of_the_lines_it_came_from() -> None:
    text = (BOARDS / "25_ocr_confidences.txt").read_text(encoding="utf-8")
    confidences = [0.95, 0.62, 0.90, 0.70, 0.99, 1.0]  # 5 lines and the empty one after the last newline
    record = read_board(text, confidences)
    assert record.confidence("lot_name") == 0.95
    assert record.confidence("operator") == 0.62
    assert record.fields["operator"].is_low_confidence
    assert record.confidence("pricing_form") == 0.90
    assert record.confidence("hotlines") == 0.99
    assert record.tariff_confidence == 0.70  # the one price line


def test_a_value_read_from_the_next_line_takes_the_lower_of_both_confidences() -> None:
    record = read_board("收费单位：\n岳阳县城市停车服务有限公司\n收费标准：每小时2元", [0.9, 0.75, 0.95])
    assert record.value("operator") == "岳阳县城市停车服务有限公司"
    assert record.confidence("operator") == 0.75
    assert record.fields["operator"].span == (6, 19)


def test_hotlines_on_several_lines_take_the_lowest_confidence_and_span_them_all() -> None:
    text = "举报电话：12315\n收费标准：每小时2元\n监督电话：12345"
    record = read_board(text, [0.9, 0.99, 0.7])
    assert record.value("hotlines") == ["12315", "12345"]
    assert record.confidence("hotlines") == 0.7
    start, end = record.fields["hotlines"].span
    assert text[start:end].startswith("12315") and text[start:end].endswith("12345")


def test_spans_are_offsets_in_the_original_text_despite_removed_spaces() -> None:
    text = "收 费 单 位 ： 岳 阳 停 车 有 限 公 司\n举 报 电 话 ： １２３１５"
    record = read_board(text)
    start, end = record.fields["operator"].span
    assert text[start:end] == "岳 阳 停 车 有 限 公 司"
    start, end = record.fields["hotlines"].span
    assert text[start:end] == "１２３１５"


def test_web_text_has_full_confidence() -> None:
    record = read_lines("收费单位：岳阳停车有限公司", PRICE)
    assert record.confidence("operator") == 1.0
    assert record.tariff_confidence == 1.0


@pytest.mark.parametrize("confidences", [[0.9], [0.9, 0.9, 0.9, 0.9], [0.9, 1.5], [0.9, float("nan")], [0.9, -0.1]])
def test_confidences_that_do_not_match_the_lines_are_a_clear_error(confidences: list[float]) -> None:
    with pytest.raises(ValueError, match=r"line_confidences|置信度"):
        read_board("收费单位：岳阳停车有限公司\n收费标准：每小时2元", confidences)


def test_an_empty_text_gives_an_empty_record() -> None:
    record = read_board("")
    assert record.fields == {}
    assert record.tariff is None


# ---- the tariff hand-off -------------------------------------------------------------------


class _FakeReading:
    def __init__(self, unread: tuple[str, ...] = (), warnings: tuple[str, ...] = ()) -> None:
        self.tariff = None
        self.unread = unread
        self.warnings = warnings


def _capture_tariff_text(monkeypatch: pytest.MonkeyPatch, unread: tuple[str, ...] = ()) -> list[str]:
    import parkwatch.core.board_reader

    seen: list[str] = []

    def fake(text: str) -> _FakeReading:
        seen.append(text)
        return _FakeReading(unread=unread, warnings=("fake warning",))

    monkeypatch.setattr(parkwatch.core.board_reader, "read_tariff", fake)
    return seen


def test_only_price_lines_go_to_the_tariff_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture_tariff_text(monkeypatch, unread=("看不懂的部分",))
    record = read_board((BOARDS / "04_web_page_navigation_noise.txt").read_text(encoding="utf-8"))
    assert len(seen) == 1
    price_text = seen[0]
    assert "小型车:30分钟以内免费" in price_text
    assert "大型车:每小时4元" in price_text
    for not_price in ("首页", "后勤服务中心", "政府指导价", "岳发改价", "12345", "0730", "网站标识码", "发布时间"):
        assert not_price not in price_text, not_price
    assert record.unread == ("看不懂的部分",)
    assert "fake warning" in record.warnings


def test_labelled_price_fields_reach_the_tariff_reader_as_plain_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture_tariff_text(monkeypatch)
    read_board(
        "收费标准：小型车每小时2元\n免费时长：15分钟\n封顶：20元\n收费时间：08:00-20:00\n"
        "免收车辆：军车、警车\n收费单位：岳阳停车有限公司"
    )
    lines = seen[0].split("\n")
    assert lines == ["小型车每小时2元", "15分钟内免费", "封顶20元", "收费时间08:00-20:00", "军车、警车免费"]


def test_a_failing_tariff_reader_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import parkwatch.core.board_reader

    def broken(text: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(parkwatch.core.board_reader, "read_tariff", broken)
    record = read_lines("收费单位：岳阳停车有限公司", "收费标准：小型车每小时2元")
    assert record.value("operator") == "岳阳停车有限公司"
    assert record.tariff is None
    assert record.unread == ("小型车每小时2元",)
    assert any("boom" in w for w in record.warnings)


def test_the_tariff_is_read_through_the_real_tariff_reader() -> None:
    record = read_board((BOARDS / "01_guided_one_field_per_line.txt").read_text(encoding="utf-8"))
    assert record.tariff is not None
    assert {"small", "large"} <= set(record.tariff.vehicles())
    assert record.tariff.has_prices()


# ---- template quirks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "form"),
    [
        ("定价形式：□政府定价 □政府指导价 ☑市场调节价", "market"),
        ("定价形式：政府定价□ 政府指导价■ 市场调节价□", "guided"),
        ("定价形式：☐政府定价 ✓政府指导价 ☐市场调节价", "guided"),
        ("定价形式：□政府定价 □政府指导价 □市场调节价", None),  # nothing ticked: not shown
    ],
)
def test_only_the_ticked_box_of_a_pricing_form_template_counts(written: str, form: str | None) -> None:
    assert read_lines(written, PRICE).value("pricing_form") == form


def test_a_label_with_a_stamp_note_is_still_a_label() -> None:
    assert read_lines("收费单位（盖章）：岳阳某某停车有限公司", PRICE).value("operator") == "岳阳某某停车有限公司"


def test_a_validity_given_in_years_from_a_start_date_ends_the_day_before_the_anniversary() -> None:
    assert read_lines("有效期：两年（自2019年7月1日起执行）", PRICE).value("approval_valid_until") == "2021-06-30"


def test_a_price_table_with_a_header_row_reaches_the_tariff_reader_row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture_tariff_text(monkeypatch)
    record = read_board((BOARDS / "32_column_table_markdown.txt").read_text(encoding="utf-8"))
    assert seen[0].split("\n") == [
        "小型车首小时5元，之后每小时2元，24小时封顶30元",
        "大型车首小时10元，之后每小时4元，24小时封顶60元",
        "15分钟内免费",
    ]
    assert not record.has("bare_prices")


def test_a_day_night_table_gives_each_vehicle_both_bands_through_the_real_tariff_reader() -> None:
    record = read_board((BOARDS / "33_column_table_day_night_tabs.txt").read_text(encoding="utf-8"))
    assert record.tariff is not None
    assert {"small", "large"} <= set(record.tariff.vehicles())
    assert record.unread == ()


def test_hotline_numbers_inside_codes_or_order_numbers_are_not_hotlines() -> None:
    record = read_lines("统一社会信用代码：91430600MA12315X2B", "订单号 AB12345", PRICE)
    assert not record.has("hotlines")


def test_tesseract_style_noise_in_numbers_and_times_is_read_through() -> None:
    # as chi_sim tesseract wrote a generated board: spaces inside numbers, "一" for a dash, ": " in times
    text = (
        "泊位数: 7 4 7个\n即停即走车辆1 5 分钟内免费\n封顶1 5元\n收费时间: 07: 00一22: 00\n"
        "投诉举报电话: 12315 0730-6504166"
    )
    record = read_board(text)
    assert record.value("berths") == 747
    assert record.value("free_minutes") == 15
    assert record.value("cap") == "封顶15元"
    assert record.value("charging_hours") == "07:00-22:00"
    assert record.value("hotlines") == ["12315", "0730-6504166"]
    start, end = record.fields["charging_hours"].span
    assert text[start:end] == "07: 00一22: 00"


def test_two_numbers_or_times_apart_stay_apart() -> None:
    record = read_lines("监督电话 12315 12345", "收费时间 08:00 20:00", PRICE)
    assert record.value("hotlines") == ["12315", "12345"]


def test_a_night_band_on_the_line_after_a_vehicles_day_band_belongs_to_that_vehicle() -> None:
    record = read_lines(
        "小型车：6元/小时",
        "摩托车：白天(08:00-20:00)每小时1.5元",
        "夜间(20:00-次日08:00)每小时0.5元",
        "超过12小时每小时1元",
    )
    assert record.value("unconditioned_prices") == ["超过12小时每小时1元"]


@pytest.mark.parametrize(
    ("written", "name", "value"),
    [
        ("停车场运营单位：甲公司", "operator", "甲公司"),
        ("停车场管理者：甲公司", "operator", "甲公司"),
        ("经营单位名称：甲公司", "operator", "甲公司"),
        ("收费单位（全称）：甲公司", "operator", "甲公司"),
        ("管理单位(盖章) 甲公司", "operator", "甲公司"),
        ("定价形式为政府指导价", "pricing_form", "guided"),
        ("价格举报投诉电话：12315", "hotlines", ["12315"]),
        ("消费者投诉电话：12315", "hotlines", ["12315"]),
        ("物价举报电话：0730-8888888", "hotlines", ["0730-8888888"]),
        ("市场监管投诉举报电话：0730-8888888", "hotlines", ["0730-8888888"]),
        ("收费依据文件：岳发改价〔2019〕12号", "approval_number", "岳发改价〔2019〕12号"),
        ("批准机关及文号：岳阳市发改委 岳发改价〔2019〕12号", "approval_number", "岳发改价〔2019〕12号"),
        ("价格主管部门批准文号：岳发改价〔2019〕12号", "approval_number", "岳发改价〔2019〕12号"),
        ("收费时间：每天8:00至22:00", "charging_hours", "08:00-22:00"),
        ("营业时间：8：00—22：00", "charging_hours", "08:00-22:00"),
        ("免费时长：半小时", "free_minutes", 30),
        ("停车15分钟内不收费", "free_minutes", 15),
        ("前15分钟免费", "free_minutes", 15),
        ("车位：共300个", "berths", 300),
        ("总车位数：300", "berths", 300),
        ("泊位数量：300个", "berths", 300),
        ("收费方式：计时收费", "billing_unit", "每小时"),  # 计时 is no unit: the unit comes from the price
        ("岳阳市发展和改革局 监制", "issuer", "岳阳市发展和改革局"),
        ("湖南省岳阳市物价局印制", "issuer", "湖南省岳阳市物价局"),
        ("信用代码：91430600MA4L0P7X2B", "operator_credit_code", "91430600MA4L0P7X2B"),
        ("有效期：2019年7月1日—2021年6月30日", "approval_valid_until", "2021-06-30"),
        ("有效期自2019年7月1日至2021年6月30日止", "approval_valid_until", "2021-06-30"),
        ("执行时间：2019年7月1日至2021年6月30日", "approval_valid_until", "2021-06-30"),
        ("执行时间：2019年7月1日", "approval_valid_until", None),  # a start, not an end
    ],
)
def test_more_label_wordings_from_other_cities_templates(written: str, name: str, value: object) -> None:
    assert read_lines(written, PRICE).value(name) == value


def test_a_free_period_for_new_energy_vehicles_only_is_not_the_boards_free_period() -> None:
    only_nev = read_board("收费标准：\n小型车：首小时5元，之后每小时2元\n新能源汽车 首2小时免费\n举报电话：12315")
    assert not only_nev.has("free_minutes")
    both = read_board("收费标准：\n新能源汽车 首2小时免费\n15分钟内免费\n小型车：首小时5元，之后每小时2元")
    assert both.value("free_minutes") == 15
