"""The board reader on the layouts a copied or photographed text takes (issue #22): line breaks lost (a
page copied as one run-on line) or added (a narrow board broken after every clause). Our own texts,
paraphrased from the wording families of real disclosures; each case beside one that must not read.
The mechanical sweep over the real corpus is `test_board_sweep.py`."""

from __future__ import annotations

import pytest

from parkwatch.core.board_reader import read_board
from tests.board.lines import read_lines

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
    record = read_lines(
        "（一）摩托车：1小时以内收费1元；",
        "超过1小时每小时加收0.5元，24小时最高收费5元。",
        "（二）小型车：1小时以内收费2元；",
        "超过1小时每小时加收1元，24小时最高收费20元。",
    )
    assert record.value("cap") == "24小时最高收费20元"


@pytest.mark.parametrize(
    "lines",
    [
        (
            "摩托车每泊位1元/小时，",
            "每日每车累计最高收费3元；",
            "中小型车每泊位2元/小时，",
            "每日每车累计最高收费9元。",
        ),
        # a sentence end in between: the cap line opens its own sentence and names no vehicle
        (
            "中小型车每泊位2元/小时。",
            "每日每车累计最高收费9元；",
            "摩托车每泊位1元/小时，",
            "每日每车累计最高收费3元。",
        ),
    ],
    ids=["broken after a comma", "sentence ended"],
)
def test_a_line_broken_after_a_comma_keeps_its_vehicle(lines: tuple[str, ...]) -> None:
    assert read_lines(*lines).value("cap") == "每日每车累计最高收费9元"


def test_a_24_hour_cap_line_under_a_heading_that_announces_it() -> None:
    record = read_lines("三、停车场收费实行24小时内最高限额。", "中小型车13元/24小时，大车20元/24小时。")
    assert record.value("cap") == "中小型车13元/24小时"
    assert not read_lines("三、停车场收费标准如下。", "中小型车13元/24小时，大车20元/24小时。").has("cap")


def test_hours_under_a_heading_run_over_the_lines_that_give_ranges() -> None:
    record = read_lines(
        "一、收费时段",
        "白天7:00—22:00；",
        "夜间22:00—次日7:00；",
        "二、收费标准",
        "小车白天每小时3元，夜间每小时1元。",
    )
    assert record.value("charging_hours") == "24小时"
    one_band = read_lines(
        "一、收费时段", "白天7:00—22:00；", "停车不足1小时按1小时计算。", "二、收费标准", "小车每小时3元。"
    )
    assert one_band.value("charging_hours") == "07:00-22:00"


def test_a_24_hour_cap_worded_with_a_daily_maximum_is_not_the_charging_hours() -> None:
    record = read_lines("本停车场免费时长1小时，之后每小时3元，24小时收费每日最高20元。")
    assert not record.has("charging_hours")
    assert read_lines("本停车场24小时收费，免费时长1小时，之后每小时3元。").value("charging_hours") == "24小时"


def test_a_band_cap_ranks_after_the_all_day_cap() -> None:
    record = read_lines(
        "昼间（7:00--19:00）首小时免费，之后每小时1元，每日最高5元。",
        "夜间（19:00--次日7:00）每辆次收费3元。全天每日最高8元。",
    )
    assert record.value("cap") == "全天每日最高8元"
    assert read_lines("昼间（7:00--19:00）首小时免费，之后每小时1元，每日最高5元。").value("cap") == "每日最高5元"


def test_an_instruction_broken_over_lines_after_a_comma_is_still_an_instruction() -> None:
    record = read_lines("收费标准：小型车每小时2元", "经营者应在入口醒目位置公示收费标准、", "监督电话12315等内容。")
    assert not record.has("hotlines")
    assert read_lines("收费标准：小型车每小时2元", "监督电话12315").value("hotlines") == ["12315"]


def test_a_source_line_run_into_the_body_ends_at_its_date() -> None:
    # run on, "来源：潇湘网 2023-05-01 岳阳市某某医院…" once named a hospital's site as the source
    news = read_board(
        "岳阳某某医院停车场下月起调整收费 来源：潇湘网 2023-05-01 岳阳市某某医院决定自2023年6月1日起对院区停车场"
        "实行收费管理，小型车首小时2元，之后每小时1元，24小时最高收费15元。"
    )
    assert news.value("disclosure_kind") == "repost"
    own = read_board("来源：岳阳市某某医院 2023-05-01\n院区停车场小型车首小时2元，之后每小时1元。")
    assert own.value("disclosure_kind") == "operator"


def test_a_numbered_faq_question_is_the_publishers_own_page_not_a_headline() -> None:
    faq = read_lines("Q3：职工如何办理停车月卡？", "本院职工停车月卡每月100元，临时停车每小时2元。")
    assert faq.value("disclosure_kind") == "operator"
    news = read_lines("医院停车费怎么收？", "本院职工停车月卡每月100元，临时停车每小时2元。")
    assert news.value("disclosure_kind") == "repost"


def test_a_drafts_title_run_on_into_its_first_sentence_still_makes_it_an_authoritys_text() -> None:
    draft = read_board(
        "岳阳某某景区停车场收费方案（征求意见稿） 根据《湖南省定价目录》（湘发改价调〔2022〕88号）等文件规定，"
        "结合本地实际，拟定收费方案如下：一、小型车4小时内5元，超过4小时每小时加收1元，24小时最高收费20元。"
    )
    assert draft.value("disclosure_kind") == "authority"
    assert not draft.has("fee_basis")  # a pricing catalogue is an authority's ground, not the lot's basis
    notice = read_board(
        "岳阳某某物业有限公司停车收费公告 根据《关于岳阳某某小区停车收费标准的批复》（岳发改价〔2022〕9号），"
        "本小区自2022年5月1日起收费：小型车首小时3元，之后每小时1元，24小时最高收费15元。"
    )
    assert notice.value("disclosure_kind") == "operator"


def test_day_and_night_bands_cover_the_day_when_every_clause_has_its_line() -> None:
    both = read_lines("小型车：白天7时-19时，", "一小时内收费3元，", "一小时以上收费6元，", "夜间停车收费8元。")
    assert both.value("charging_hours") == "24小时"
    day_only = read_lines("小型车：白天7时-19时，", "一小时内收费3元，", "一小时以上收费6元。")
    assert day_only.value("charging_hours") == "07:00-19:00"


def test_changed_charging_hours_read_as_the_new_ones_on_one_line_or_several() -> None:
    one_line = "收费时间：原收费时间为每日8时至20时，自2024年1月1日起调整为每日7时至22时。"
    assert read_lines(one_line, "小型车每小时2元。").value("charging_hours") == "07:00-22:00"
    split = read_lines(
        "收费时间：原收费时间为每日8时至20时，", "自2024年1月1日起，", "调整为每日7时至22时。", "小型车每小时2元。"
    )
    assert split.value("charging_hours") == "07:00-22:00"
    # no old rule named: a range after 调整为 is not singled out
    both = read_lines("收费时间：8:00-12:00，节假日调整为8:00-20:00。", "小型车每小时2元。")
    assert both.value("charging_hours") == "08:00-12:00,08:00-20:00"


def test_a_rule_for_a_class_of_lots_split_after_its_subject_is_not_the_lots_pricing_form() -> None:
    rule = read_lines("（一）实行政府定价的停车场，", "必须设置不少于15分钟的免费时段。", "小型车每小时2元。")
    assert not rule.has("pricing_form")
    own = read_lines("本停车场实行政府定价，", "小型车每小时2元。")
    assert own.value("pricing_form") == "government"


def test_a_labelled_value_runs_on_over_a_line_broken_after_a_comma() -> None:
    colours = read_lines("定价方式：执行政府定价的停车场用绿色公示牌，", "执行市场调节价的停车场用黄色公示牌。")
    assert not colours.has("pricing_form")  # two forms described, none declared
    own = read_lines("定价方式：市场调节价，", "收费单位：岳阳某某物业有限公司", "小型车每小时2元。")
    assert own.value("pricing_form") == "market"
    assert own.value("operator") == "岳阳某某物业有限公司"


def test_a_drafts_title_run_on_with_its_date_is_still_an_authoritys_title() -> None:
    draft = read_board(
        "关于进一步调整城区机动车停放服务收费政策的方案（试行）（征求意见稿） 2025/8/15 8:57:14 点击： "
        "为优化停车服务方式、缓解城区交通拥挤、倡导绿色出行，根据《关于进一步完善机动车停放服务收费政策的指导意见》"
        "等文件精神，现就有关事项通知如下： 一、适用范围 本通知适用于我市行政区域内实施停车收费的单位。"
    )
    assert draft.value("disclosure_kind") == "authority"
    board = read_board(
        "岳阳某某停车场停车收费公告 2025/8/15 8:57:14 点击： 为方便车主停车、缓解周边交通拥挤，本停车场自9月1日起"
        "收费：小型车每小时2元。岳阳某某物业有限公司"
    )
    assert board.value("disclosure_kind") == "operator"
