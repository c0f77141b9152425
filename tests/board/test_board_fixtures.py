"""The board reader on realistic board and page texts (fixtures in tests/board/boards/*.txt).

Each fixture has its expected field values here; fields listed in `absent` must not be read.
Every field read must carry a span that points at the text it came from.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from parkwatch.core.board import FIELD_NAMES
from parkwatch.core.board_reader import read_board

BOARDS = Path(__file__).parent / "boards"

GUIDED_EXEMPT = ["军车", "警车", "消防车", "救护车", "工程抢险车", "殡葬车"]

# fixture stem → (expected values, fields that must be absent)
EXPECTED: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "01_guided_one_field_per_line": (
        {
            "lot_name": "岳阳东站P1停车场",
            "operator": "岳阳市交通建设投资有限公司",
            "operator_credit_code": "91430600MA4L0P7X2B",
            "pricing_form": "guided",
            "fee_basis": "岳发改价〔2019〕12号",
            "approval_number": "岳发改价〔2019〕12号",
            "approval_valid_until": "2021-06-30",
            "free_minutes": 15,
            "billing_unit": "每小时",
            "rounding": "不足1小时按1小时计",
            "cap": "24小时最高收费30元",
            "charging_hours": "24小时",
            "exempt_vehicles": GUIDED_EXEMPT,
            "berths": 320,
            "hotlines": ["12315"],
        },
        ("bare_prices", "unconditioned_prices", "non_arabic_amounts", "issuer"),
    ),
    "02_market_pipe_table": (
        {
            "lot_name": "步步高广场地下停车场",
            "operator": "岳阳步步高商业管理有限公司",
            "pricing_form": "market",
            "fee_basis": "市场调节价",
            "free_minutes": 30,
            "cap": "每日最高不超过40元",
            "hotlines": ["12315"],
        },
        ("approval_number", "bare_prices", "unconditioned_prices"),
    ),
    "03_free_text_paragraph": (
        {
            "lot_name": "南湖广场停车场",
            "operator": "岳阳南湖物业管理有限公司",
            "pricing_form": "market",
            "free_minutes": 15,
            "rounding": "不足1小时按1小时计",
            "cap": "24小时最高收费30元",
            "exempt_vehicles": ["军车", "警车", "消防车", "救护车"],
            "berths": 156,
            "charging_hours": "07:00-22:00",
            "hotlines": ["12315"],
        },
        ("fee_basis", "approval_number", "bare_prices"),
    ),
    "04_web_page_navigation_noise": (
        {
            "lot_name": "岳阳市中心医院停车场",
            "operator": "岳阳市中心医院后勤服务中心",
            "pricing_form": "guided",
            "approval_number": "岳发改价〔2023〕45号",
            "approval_valid_until": "2025-03-31",
            "free_minutes": 30,
            "cap": "每日最高收费15元",
            "hotlines": ["12345"],  # the site's 联系电话 0730-8888123 is not a complaint hotline
        },
        ("issuer", "unconditioned_prices", "bare_prices"),
    ),
    "05_old_hunan_board_12358": (
        {
            "lot_name": "岳阳楼区洞庭南路停车场",
            "operator": "岳阳市洞庭停车管理所",
            "pricing_form": "government",
            "approval_number": "岳价〔2012〕35号",
            "hotlines": ["12358"],
            "issuer": "岳阳市物价局",
            "billing_unit": "每小时",
        },
        ("free_minutes", "cap", "unconditioned_prices"),
    ),
    "06_spaced_fullwidth_ocr": (
        {
            "operator": "岳阳金鹗物业服务有限公司",
            "pricing_form": "market",
            "free_minutes": 15,
            "cap": "每日封顶20元",
            "hotlines": ["12315"],
            "billing_unit": "每小时",
        },
        ("bare_prices", "non_arabic_amounts"),
    ),
    "07_bare_price_without_unit": (
        {
            "operator": "岳阳市城陵矶港务有限公司",
            "pricing_form": "market",
            "bare_prices": ["5元"],
            "hotlines": ["12315"],
        },
        ("billing_unit", "free_minutes", "unconditioned_prices"),
    ),
    "08_chinese_numerals": (
        {
            "lot_name": "君山公园停车场",
            "operator": "岳阳君山旅游发展有限公司",
            "non_arabic_amounts": ["五元", "贰元", "壹拾伍元"],
            "free_minutes": 15,
            "cap": "当日壹拾伍元封顶",
            "hotlines": ["12315"],
        },
        ("bare_prices",),
    ),
    "09_day_night_bands": (
        {
            "lot_name": "甘露寺公园停车场",
            "pricing_form": "guided",
            "approval_number": "常发改价〔2020〕88号",
            "free_minutes": 30,
            "rounding": "不足1小时按1小时计费",
            "cap": "24小时内最高收费20元",
            "hotlines": ["12315"],
        },
        ("unconditioned_prices", "bare_prices"),
    ),
    "10_multi_vehicle_header_lines": (
        {
            "lot_name": "岳阳市人民医院停车场",
            "operator": "岳阳市健康停车服务有限公司",
            "pricing_form": "guided",
            "approval_number": "岳发改价费〔2022〕7号",
            "billing_unit": "每半小时",
            "hotlines": ["12315"],
        },
        ("unconditioned_prices", "bare_prices"),
    ),
    "11_changsha_core_lot": (
        {
            "lot_name": "长沙市五一广场公共停车场",
            "pricing_form": "guided",
            "approval_number": "长发改价调〔2021〕62号",
            "free_minutes": 15,
            "cap": "24小时最高限价50元",
            "hotlines": ["12315"],
        },
        ("unconditioned_prices", "bare_prices"),
    ),
    "12_loudi_onstreet": (
        {
            "operator": "娄底市城市停车管理有限公司",
            "pricing_form": "guided",
            "billing_unit": "每30分钟",
            "free_minutes": 30,
            "rounding": "不足30分钟按30分钟计费",
            "cap": "每个计费时段收费最高不超过40元",
            "charging_hours": "07:30-19:30",
            "hotlines": ["0738-8312345"],
        },
        ("approval_number",),
    ),
    "13_yuanjiang_2026": (
        {
            "lot_name": "沅江市人民广场停车场",
            "operator": "沅江市城市建设投资开发有限公司",
            "pricing_form": "guided",
            # the lot approval is preferred to the provincial measures cited beside it
            "approval_number": "沅发改价〔2026〕3号",
            "free_minutes": 60,
            "charging_hours": "24小时",
        },
        ("bare_prices",),
    ),
    "14_missing_fields": (
        {
            "billing_unit": "每小时",
        },
        ("operator", "pricing_form", "fee_basis", "hotlines", "free_minutes", "cap", "lot_name", "bare_prices"),
    ),
    "15_two_fields_per_line": (
        {
            "lot_name": "巴陵广场停车场",
            "berths": 210,
            "operator": "岳阳巴陵置业有限公司",
            "pricing_form": "market",
            "charging_hours": "08:00-22:00",
            "hotlines": ["12315"],
            "rounding": "不足30分钟按30分钟计",
            "billing_unit": "每30分钟",
        },
        (),
    ),
    "16_bracket_labels": (
        {
            "lot_name": "汨罗市屈子文化园停车场",
            "operator": "汨罗市文化旅游投资有限公司",
            "pricing_form": "guided",
            "approval_number": "汨发改〔2024〕21号",
            "free_minutes": 15,
            "hotlines": ["12315", "12345"],
            "billing_unit": "每次",
        },
        ("unconditioned_prices",),
    ),
    "17_approval_square_brackets": (
        {
            "operator": "华容县人民医院",
            "fee_basis": "华发改价[2019]12号",
            "approval_number": "华发改价〔2019〕12号",
            "approval_valid_until": "2021-06-30",
            "cap": "全天最高15元",
        },
        (),
    ),
    "18_hospital_local_hotline": (
        {
            "operator": "岳阳市第一人民医院",
            "operator_credit_code": "124306000061832358",
            "pricing_form": "guided",
            "approval_number": "岳发改价〔2020〕33号",
            "free_minutes": 60,
            "hotlines": ["0730-8222345", "12345"],  # the 联系电话 is not one
        },
        ("unconditioned_prices",),
    ),
    "19_unconditioned_multi_vehicle": (
        {
            "operator": "岳阳东茅岭商业管理有限公司",
            "unconditioned_prices": ["超过1小时每小时2元"],
        },
        ("bare_prices",),
    ),
    "20_residential_monthly": (
        {
            "operator": "岳阳金色家园物业管理有限公司",
            "pricing_form": "market",
            "service_items": ["临时停车", "包月"],
            "billing_unit": "每小时",
            "free_minutes": 60,
            "cap": "每日封顶10元",
            "hotlines": ["12315"],
        },
        ("bare_prices",),
    ),
    "21_label_value_next_line": (
        {
            "lot_name": "岳阳县荣家湾停车场",
            "operator": "岳阳县城市停车服务有限公司",
            "pricing_form": "market",
            "hotlines": ["12315"],
            "billing_unit": "每小时",
        },
        (),
    ),
    "22_market_supervision_issuer": (
        {
            "operator": "临湘市长安物业有限公司",
            "fee_basis": "市场调节价",
            "free_minutes": 30,
            "hotlines": ["12315", "0730-3712315"],
            "issuer": "临湘市市场监督管理局",
            "cap": "24小时最高收费25元",
        },
        ("approval_number",),
    ),
    "23_unlabelled_credit_code": (
        {
            "lot_name": "平江县天岳广场停车场",
            "operator_credit_code": "91430602MA4PYK8U32",
            "pricing_form": "market",
            "free_minutes": 30,
            "hotlines": ["12315"],
        },
        ("fee_basis",),
    ),
    "24_app_listing": (
        {
            "lot_name": "万达广场停车场",
            "charging_hours": "24小时",
            "free_minutes": 15,
            "billing_unit": "每小时",
            "cap": "24小时封顶¥40",
        },
        ("hotlines", "pricing_form", "operator", "bare_prices"),
    ),
    "25_ocr_confidences": (
        {
            "lot_name": "湘阴县洋沙湖停车场",
            "operator": "湘阴洋沙湖旅游开发有限公司",
            "pricing_form": "market",
            "hotlines": ["12315"],
        },
        (),
    ),
    "26_scenic_per_visit": (
        {
            "operator": "岳阳楼景区管理处",
            "approval_number": "岳发改价〔2021〕8号",
            "service_items": ["计次"],
            "billing_unit": "每次",
            "charging_hours": "08:00-18:00",
        },
        ("unconditioned_prices", "bare_prices"),
    ),
    "27_hotlines_in_free_text": (
        {
            "hotlines": ["12358", "12315", "12345"],  # not the 服务电话
        },
        ("operator",),
    ),
    "28_exempt_paragraph": (
        {
            "operator": "岳阳南湖新区旅游发展有限公司",
            "pricing_form": "market",
            "free_minutes": 15,
            "rounding": "不足30分钟按30分钟计算",
            "exempt_vehicles": [*GUIDED_EXEMPT, "残疾人驾驶的专用车辆"],
            "hotlines": ["12315"],
        },
        (),
    ),
    "29_table_tabs_web": (
        {
            "lot_name": "云溪区政务中心停车场",
            "operator": "岳阳云溪城市发展有限公司",
            "pricing_form": "guided",
            "approval_number": "岳云发改价〔2022〕5号",
            "billing_unit": "每30分钟",
            "free_minutes": 30,
            "berths": 88,
        },
        ("unconditioned_prices",),
    ),
    "30_government_pricing_period_dates": (
        {
            "pricing_form": "government",
            "approval_number": "岳价费〔2016〕21号",
            "approval_valid_until": "2018-02-28",
            "berths": 60,
            "hotlines": ["12358"],
            "issuer": "岳阳市物价局",
        },
        (),
    ),
    "31_bands_with_unconditioned_price": (
        {
            "pricing_form": "guided",
            "unconditioned_prices": ["超过12小时每小时2元"],
        },
        ("bare_prices",),
    ),
    "32_column_table_markdown": (
        {
            "lot_name": "岳阳市步行街地下停车场",
            "operator": "岳阳步行街商业运营有限公司",
            "pricing_form": "market",
            "free_minutes": 15,
            "billing_unit": "每小时",
            "cap": "24小时封顶30元",  # read from the table header and the row
            "hotlines": ["12315"],
        },
        ("bare_prices", "unconditioned_prices"),
    ),
    "33_column_table_day_night_tabs": (
        {
            "lot_name": "岳阳县人民医院停车场",
            "operator": "岳阳县人民医院",
            "pricing_form": "guided",
            "approval_number": "岳县发改价〔2023〕9号",
            "free_minutes": 30,
            "billing_unit": "每小时",
            "hotlines": ["0730-7622315"],
        },
        ("bare_prices", "unconditioned_prices"),
    ),
    "34_label_and_value_on_separate_lines": (
        {
            "lot_name": "香洲湾停车场",
            "operator": "珠海湾仔停车有限公司",
            "pricing_form": "market",
            "billing_unit": "每小时",
            "hotlines": ["12315"],
        },
        ("bare_prices",),
    ),
}


def _fixture(stem: str) -> str:
    return (BOARDS / f"{stem}.txt").read_text(encoding="utf-8")


def _squash(text: str) -> str:
    """Width- and space-insensitive form, to compare a value with the text its span points at."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def test_every_fixture_file_has_expectations_and_there_are_at_least_25() -> None:
    stems = {p.stem for p in BOARDS.glob("*.txt")}
    assert stems == set(EXPECTED)
    assert len(stems) >= 25


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_board_fixture_reads_its_expected_fields(stem: str) -> None:
    expected, absent = EXPECTED[stem]
    record = read_board(_fixture(stem))
    got = {name: record.value(name) for name in expected}
    assert got == expected
    present = [name for name in absent if record.has(name)]
    assert present == [], {name: record.value(name) for name in present}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_every_field_read_points_at_its_place_in_the_text(stem: str) -> None:
    text = _fixture(stem)
    record = read_board(text)
    assert set(record.fields) <= set(FIELD_NAMES)
    for name, reading in record.fields.items():
        assert reading.span is not None, name
        start, end = reading.span
        assert 0 <= start < end <= len(text), (name, reading.span)
        assert reading.confidence == 1.0  # web text: no line confidences given
        shown = _squash(text[start:end])
        value = reading.value
        if name in ("lot_name", "operator", "operator_credit_code", "rounding") or (
            name == "cap" and stem != "32_column_table_markdown"
        ):
            assert _squash(value) in shown, (name, value, shown)
        elif name == "cap":  # read from a table: header "24小时封顶" + the row's cell; the span is the row
            assert re.search(r"\d+元", value).group(0) in shown
        elif name in ("hotlines", "bare_prices", "non_arabic_amounts", "exempt_vehicles"):
            for item in value:
                assert _squash(item).replace("-", "") in shown.replace("-", ""), (name, item, shown)
        elif name == "berths":
            assert str(value) in shown


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_reading_a_board_twice_gives_the_same_record_and_json_round_trips(stem: str) -> None:
    from parkwatch.core.board import BoardRecord

    text = _fixture(stem)
    a = read_board(text)
    b = read_board(text)
    assert a.to_json() == b.to_json()
    again = BoardRecord.from_json(a.to_json())
    assert {k: v.value for k, v in again.fields.items()} == {k: v.value for k, v in a.fields.items()}
