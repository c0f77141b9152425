"""The board reader on the layouts a copied or photographed text takes (issue #22): line breaks lost (a
page copied as one run-on line) or added (a narrow board broken after every clause). Our own texts,
paraphrased from the wording families of real disclosures; each case beside one that must not read.
The mechanical sweep over the real corpus is `test_board_sweep.py`."""

from __future__ import annotations

from parkwatch.core.board import BoardRecord
from parkwatch.core.board_reader import read_board


def _board(*lines: str) -> BoardRecord:
    return read_board("\n".join(lines))


RUN_ON_APPROVAL = (
    "关于岳阳某某停车场收费标准的批复 岳发改价〔2022〕7号 岳阳某某物业有限公司：你公司请示收悉。根据《湖南省机动车"
    "停放服务收费管理办法》（湘发改价费规〔2020〕801号），批复如下：一、小型车首小时5元，之后每小时2元。"
    "二、停车30分钟以内免费。岳阳市发展和改革委员会 2022年3月1日"
)


def test_an_approval_run_into_one_line_keeps_its_own_number_addressee_and_signature() -> None:
    record = read_board(RUN_ON_APPROVAL)
    assert record.value("disclosure_kind") == "authority"
    assert record.value("approval_number") == "岳发改价〔2022〕7号"
    assert record.value("operator") == "岳阳某某物业有限公司"
    assert record.value("free_minutes") == 30


def test_a_run_on_news_text_invents_no_addressee_nor_signature() -> None:
    record = read_board(
        "据了解，市发展和改革委员会日前作出批复，岳阳某某停车场小型车首小时5元，之后每小时2元。"
        "记者了解到，停车30分钟以内免费。本报记者 张三 2022年3月2日"
    )
    assert record.value("disclosure_kind") == "repost"
    assert not record.has("operator")


def test_a_long_first_line_with_an_exclamation_is_no_headline() -> None:
    record = read_board(
        "岳阳某某物业有限公司停车收费公告 尊敬的车主：您好！本停车场自2022年3月1日起调整收费：小型车首小时5元，"
        "之后每小时2元。岳阳某某物业有限公司 2022年2月25日"
    )
    assert record.value("disclosure_kind") == "operator"
    assert record.value("operator") == "岳阳某某物业有限公司"


def test_a_cap_on_its_own_line_belongs_to_the_vehicle_opening_its_list_item() -> None:
    record = _board(
        "（一）摩托车：1小时以内收费1元；",
        "超过1小时每小时加收0.5元，24小时最高收费5元。",
        "（二）小型车：1小时以内收费2元；",
        "超过1小时每小时加收1元，24小时最高收费20元。",
    )
    assert record.value("cap") == "24小时最高收费20元"


def test_a_line_broken_after_a_comma_keeps_its_vehicle() -> None:
    lines = (
        "摩托车每泊位1元/小时，",
        "每日每车累计最高收费3元；",
        "中小型车每泊位2元/小时，",
        "每日每车累计最高收费9元。",
    )
    assert _board(*lines).value("cap") == "每日每车累计最高收费9元"
    # a sentence end in between: the cap line opens its own sentence and names no vehicle
    ended = (
        "中小型车每泊位2元/小时。",
        "每日每车累计最高收费9元；",
        "摩托车每泊位1元/小时，",
        "每日每车累计最高收费3元。",
    )
    assert _board(*ended).value("cap") == "每日每车累计最高收费9元"


def test_a_24_hour_cap_line_under_a_heading_that_announces_it() -> None:
    record = _board("三、停车场收费实行24小时内最高限额。", "中小型车13元/24小时，大车20元/24小时。")
    assert record.value("cap") == "中小型车13元/24小时"
    assert not _board("三、停车场收费标准如下。", "中小型车13元/24小时，大车20元/24小时。").has("cap")


def test_hours_under_a_heading_run_over_the_lines_that_give_ranges() -> None:
    record = _board(
        "一、收费时段",
        "白天7:00—22:00；",
        "夜间22:00—次日7:00；",
        "二、收费标准",
        "小车白天每小时3元，夜间每小时1元。",
    )
    assert record.value("charging_hours") == "24小时"
    one_band = _board(
        "一、收费时段", "白天7:00—22:00；", "停车不足1小时按1小时计算。", "二、收费标准", "小车每小时3元。"
    )
    assert one_band.value("charging_hours") == "07:00-22:00"


def test_a_24_hour_cap_worded_with_a_daily_maximum_is_not_the_charging_hours() -> None:
    record = _board("本停车场免费时长1小时，之后每小时3元，24小时收费每日最高20元。")
    assert not record.has("charging_hours")
    assert _board("本停车场24小时收费，免费时长1小时，之后每小时3元。").value("charging_hours") == "24小时"


def test_a_band_cap_ranks_after_the_all_day_cap() -> None:
    record = _board(
        "昼间（7:00--19:00）首小时免费，之后每小时1元，每日最高5元。",
        "夜间（19:00--次日7:00）每辆次收费3元。全天每日最高8元。",
    )
    assert record.value("cap") == "全天每日最高8元"
    assert _board("昼间（7:00--19:00）首小时免费，之后每小时1元，每日最高5元。").value("cap") == "每日最高5元"


def test_an_instruction_broken_over_lines_after_a_comma_is_still_an_instruction() -> None:
    record = _board("收费标准：小型车每小时2元", "经营者应在入口醒目位置公示收费标准、", "监督电话12315等内容。")
    assert not record.has("hotlines")
    assert _board("收费标准：小型车每小时2元", "监督电话12315").value("hotlines") == ["12315"]
