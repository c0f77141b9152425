"""Line assembly on synthetic text boxes: ruled rows, label | value cells, vehicle × band grids, strips."""

from __future__ import annotations

import pytest

from ocr.engines.base import OcrLine
from ocr.layout import is_field_label, is_table_label, reading_order
from parkwatch.core.board_reader import read_board

H = 44  # a detector box's height for 30-px text


def seg(text: str, x: int, y: int, w: int | None = None, h: int = H) -> OcrLine:
    return OcrLine(text, 0.95, (x, y, w if w is not None else 30 * len(text), h))


def texts(segments: list[OcrLine]) -> list[str]:
    return [line.text for line in reading_order(segments)]


def test_label_and_value_cells_of_a_ruled_table_become_label_colon_value_lines():
    rows = [("收费单位", "岳阳巴陵停车管理有限公司"), ("定价形式", "政府指导价"), ("举报电话", "12315")]
    segments = [seg(label, 20, 60 * i) for i, (label, _) in enumerate(rows)]
    segments += [seg(value, 300, 60 * i + 3) for i, (_, value) in enumerate(rows)]
    assert texts(segments) == ["收费单位：岳阳巴陵停车管理有限公司", "定价形式：政府指导价", "举报电话：12315"]
    board = read_board("\n".join(texts(segments)))
    assert board.value("pricing_form") == "guided" and board.value("hotlines") == ["12315"]


# A cell centred on a taller neighbour goes with the neighbour's first line: boxes → lines read.
CENTRED_CELLS = {
    # 项目 | 内容: "收费标准" sits at the middle of its three-line cell (beside the middle line).
    "label_beside_a_value_of_several_lines": (
        [
            seg("项目", 20, 0),
            seg("内容", 300, 0),
            seg("收费依据", 20, 60),
            seg("市场调节价", 300, 60),
            seg("收费标准", 20, 180),
            seg("小型车：每小时3元", 300, 120),
            seg("大型车：每小时6元", 300, 180),
            seg("摩托车：每次1元", 300, 240),
            seg("收费时间", 20, 300),
            seg("08:00-20:00", 300, 300),
        ],
        [
            "项目 内容",
            "收费依据：市场调节价",
            "收费标准：小型车：每小时3元",
            "大型车：每小时6元",
            "摩托车：每次1元",
            "收费时间：08:00-20:00",
        ],
    ),
    # full grid: the vehicle cell is centred on its two-line price; the measured miss put it on the second.
    "vehicle_cell_between_its_two_price_lines": (
        [
            seg("小型车", 20, 0),
            seg("每小时2元", 300, 0),
            seg("大中型车", 20, 88),
            seg("白天(08:00-20:00)每小时4元", 300, 60),
            seg("夜间(20:00-次日08:00)每小时2元", 300, 118),
            seg("免费停放时间", 20, 180),
            seg("30分钟", 300, 180),
        ],
        [
            "小型车 每小时2元",
            "大中型车 白天(08:00-20:00)每小时4元",
            "夜间(20:00-次日08:00)每小时2元",
            "免费停放时间：30分钟",
        ],
    ),
}


@pytest.mark.parametrize("case", CENTRED_CELLS)
def test_a_cell_centred_beside_several_lines_goes_with_the_first(case: str):
    segments, lines = CENTRED_CELLS[case]
    assert texts(segments) == lines


def test_a_vehicle_by_time_band_grid_reads_one_clause_per_cell_with_its_headers():
    segments = [
        seg("车型", 20, 0),
        seg("白天(08:00-20:00)", 200, 0),
        seg("夜间(20:00-次日08:00)", 600, 0),
        seg("小型车", 20, 60),
        seg("每小时3元", 200, 60),
        seg("每次5元", 600, 60),
        seg("大型车", 20, 120),
        seg("6元/小时", 200, 120),
        seg("每小时2元", 600, 120),
        seg("15分钟以内免费", 20, 180),
    ]
    lines = texts(segments)
    assert lines == [
        "车型 白天(08:00-20:00) 夜间(20:00-次日08:00)",
        "小型车 白天(08:00-20:00) 每小时3元",
        "小型车 夜间(20:00-次日08:00) 每次5元",
        "大型车 白天(08:00-20:00) 6元/小时",
        "大型车 夜间(20:00-次日08:00) 每小时2元",
        "15分钟以内免费",
    ]
    tariff = read_board("\n".join(lines)).tariff
    assert tariff is not None and {"small", "large"} <= set(tariff.vehicles())


def test_a_vehicle_cell_boxed_with_its_first_price_in_a_grid_without_cell_rules_is_taken_apart():
    # An open grid (tinted rows, no rule between cells) or a rule too faint for the detector: it boxes
    # the vehicle with the day price ("小型车每小时1.5元"), and the night price lost its row.
    segments = [
        seg("车型", 20, 0),
        seg("日间(07:00-21:00)", 200, 0),
        seg("夜间(21:00-次日07:00)", 600, 0),
        seg("小型车每小时1.5元", 20, 60, w=300),
        seg("每小时3.5元", 600, 60),
        seg("大中型车 5元/小时", 20, 120, w=330),
        seg("2元/小时", 600, 120),
        seg("每日最高不超过10元", 20, 180),
    ]
    assert texts(segments)[1:] == [
        "小型车 日间(07:00-21:00) 每小时1.5元",
        "小型车 夜间(21:00-次日07:00) 每小时3.5元",
        "大中型车 日间(07:00-21:00) 5元/小时",
        "大中型车 夜间(21:00-次日07:00) 2元/小时",
        "每日最高不超过10元",
    ]


def test_a_grid_row_boxed_as_one_is_cut_into_one_price_per_band_in_the_bands_order():
    segments = [
        seg("车型", 20, 0),
        seg("白天(08:00-20:00)", 200, 0),
        seg("夜间(20:00-次日08:00)", 600, 0),
        seg("摩托车", 20, 60),
        seg("1元/小时每小时1元", 200, 60, w=560),  # two prices, one box across both bands
        seg("新能源车 每30分钟3元 每小时1元", 20, 120, w=900),  # the whole row
    ]
    assert texts(segments)[1:] == [
        "摩托车 白天(08:00-20:00) 1元/小时",
        "摩托车 夜间(20:00-次日08:00) 每小时1元",
        "新能源车 白天(08:00-20:00) 每30分钟3元",
        "新能源车 夜间(20:00-次日08:00) 每小时1元",
    ]
    # a clause of one band is never cut ("首小时5元之后每小时2元" stays whole under its band)
    one = [seg("车型", 20, 0), seg("白天(08:00-20:00)", 200, 0), seg("夜间(20:00-次日08:00)", 700, 0)]
    one += [seg("小型车", 20, 60), seg("首小时5元每小时2元", 200, 60, w=300), seg("每次5元", 700, 60)]
    assert texts(one)[1:] == ["小型车 白天(08:00-20:00) 首小时5元每小时2元", "小型车 夜间(20:00-次日08:00) 每次5元"]


def test_a_vehicle_and_price_boxed_together_outside_a_grid_stay_one_line():
    assert texts([seg("小型车每小时3元", 20, 0), seg("大型车每小时6元", 20, 60)]) == [
        "小型车每小时3元",
        "大型车每小时6元",
    ]


def test_two_clauses_side_by_side_in_one_row_never_merge_into_one_clause():
    # The rotated ruled board: "停车20分钟以内免费新能源汽车首小时免费" gave the NEV's free hour to small cars.
    segments = [seg("停车20分钟以内免费", 20, 0), seg("新能源汽车首小时免费", 400, 2)]
    assert texts(segments) == ["停车20分钟以内免费", "新能源汽车首小时免费"]


def test_pieces_of_one_clause_cut_at_a_wide_gap_stay_together():
    assert texts([seg("举报电话：12315", 20, 0), seg("0730-1234567", 500, 0)]) == ["举报电话：12315 0730-1234567"]
    assert texts([seg("收费时间：", 20, 0), seg("08:00-20:00", 400, 0)]) == ["收费时间： 08:00-20:00"]


def test_a_vertical_title_strip_is_read_first_and_never_joined_to_a_row():
    segments = [seg("停车收费公示", 5, 40, w=40, h=300)]
    segments += [seg(f"收费单位：第{i}行的单位名称", 100, 40 + 60 * i) for i in range(5)]
    lines = texts(segments)
    assert lines[0] == "停车收费公示"
    assert lines[1:] == [f"收费单位：第{i}行的单位名称" for i in range(5)]


def test_a_strip_boxed_character_by_character_is_joined_top_to_bottom():
    segments = [seg(ch, 5, 40 + 50 * i, w=40) for i, ch in enumerate("停车收费")]
    segments += [seg(f"定价形式：第{i}行", 100, 40 + 50 * i) for i in range(4)]
    assert texts(segments) == ["停车收费"] + [f"定价形式：第{i}行" for i in range(4)]


def test_a_column_of_short_prices_is_not_taken_for_a_title_strip():
    segments = []
    for i, (vehicle, price) in enumerate((("小型车", "5元"), ("大型车", "10元"), ("摩托车", "2元"))):
        segments += [seg(vehicle, 20, 60 * i), seg(price, 300, 60 * i)]
    assert texts(segments) == ["小型车 5元", "大型车 10元", "摩托车 2元"]


def test_a_band_grid_is_not_read_as_two_text_columns():
    # The night column is long enough to pass for a text column; the grid's header says otherwise.
    segments = [seg(f"收费单位：岳阳南湖停车管理有限公司{i}", 20, 60 * i) for i in range(3)]
    segments += [
        seg("车型", 20, 200),
        seg("白天(08:00-20:00)", 200, 200),
        seg("夜间(20:00-次日08:00)每次", 760, 200),
        seg("小型车", 20, 260),
        seg("每小时3元", 200, 260),
        seg("每次5元", 760, 260),
        seg("大型车", 20, 320),
        seg("每小时6元", 200, 320),
        seg("每次10元", 760, 320),
    ]
    lines = texts(segments)
    assert lines[3] == "车型 白天(08:00-20:00) 夜间(20:00-次日08:00)每次"
    assert "大型车 夜间(20:00-次日08:00)每次 每次10元" in lines


def test_labels_are_told_apart():
    assert is_table_label("大型车(8座以上)") and is_table_label("新能源汽车")
    assert not is_table_label("免收车辆") and is_field_label("免收车辆")
    assert is_field_label("统一社会信用代码") and is_field_label("收费标准")
    assert not is_field_label("小型车") and not is_field_label("12315") and not is_field_label("停车20分钟以内免费")


def test_a_label_value_table_with_a_misread_label_is_not_read_as_two_text_columns():
    labels = ["收费单位", "统一社会信用代码", "定价形式", "收费依据", "有效期至", "收费时间", "人金强公园"]
    values = ["岳阳楼区洞庭物业服务有限公司", "91430600RDN78QC1A9", "政府指导价", "岳价〔2017〕238号"]
    values += ["2019年2月28日", "07:30-19:30", "立体停车库明码标价公示牌"]
    segments = [seg(label, 20, 60 * i) for i, label in enumerate(labels)]
    segments += [seg(value, 420, 60 * i) for i, value in enumerate(values)]
    lines = texts(segments)
    assert lines[:6] == [f"{label}：{value}" for label, value in zip(labels[:6], values[:6], strict=True)]
