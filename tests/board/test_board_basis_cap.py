"""Fee basis and cap in the ways real texts state them (issue #22): our own sentences, paraphrased from the
wording families of real disclosures (never copied from the corpus), each in several variants.

Fee basis: an approval's title with or without its 文号, the 文号 in any bracket style, 依据《…》, 根据…文件精神,
a heading among its synonyms, and an authority's own number apart from the numbers it cites. Cap: under its
headings, per vehicle, per day / per 24 h / per visit, 封顶 after the amount, in a table cell.
"""

from __future__ import annotations

import re

import pytest

from parkwatch.core.board import BoardRecord
from tests.board.lines import read_lines

NUMBER = "岳发改价{o}2021{c}18号"
BRACKETS = [("〔", "〕"), ("[", "]"), ("【", "】"), ("(", ")"), ("（", "）"), ("﹝", "﹞"), ("［", "］")]
TITLE = "关于岳阳市中心医院停车场收费标准的批复"


def _notice(cite: str) -> BoardRecord:
    """A hospital's own notice that cites its ground in `cite`, signed at the foot."""
    return read_lines(
        "岳阳市中心医院停车收费公告", cite, "小型车首小时5元，之后每小时2元。", "岳阳市中心医院", "2021年4月25日"
    )


# ---- fee basis ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("opening", "closing"), BRACKETS)
def test_an_approval_cited_by_title_and_number_gives_the_number_in_any_bracket_style(
    opening: str, closing: str
) -> None:
    record = _notice(f"根据《{TITLE}》（{NUMBER.format(o=opening, c=closing)}），自2021年5月1日起收费如下：")
    assert record.value("disclosure_kind") == "operator"
    assert record.value("approval_number") == "岳发改价〔2021〕18号"


@pytest.mark.parametrize(
    "cite",
    [
        "依据{n}文件，本停车场收费标准如下：",
        "根据{n}文件精神，本停车场收费如下：",
        "按照{n}文件规定执行：",
        "本停车场收费标准经市发展和改革委员会批准（{n}）：",
        "收费标准已报价格主管部门核准，批准文号为{n}。",
        # a measures named first is the ground; the number joined to it by 和/及 is a document of its own
        "依据《湖南省机动车停放服务收费管理办法》和{n}文件，收费如下：",
        "依据《湖南省机动车停放服务收费管理办法》及{n}文件，本停车场收费如下：",
    ],
)
def test_a_number_cited_without_its_title_is_the_basis_whatever_the_lead_word(cite: str) -> None:
    record = _notice(cite.format(n=NUMBER.format(o="〔", c="〕")))
    assert record.value("approval_number") == "岳发改价〔2021〕18号"


@pytest.mark.parametrize(
    "cite",
    [
        f"收费依据：《{TITLE}》",
        f"依据《{TITLE}》，收费如下：",
        f"根据市发展和改革委员会《{TITLE}》文件精神，我院停车收费如下：",
    ],
)
def test_a_title_cited_without_a_number_is_the_basis_and_no_number_is_invented(cite: str) -> None:
    record = _notice(cite)
    assert TITLE in record.value("fee_basis")
    assert not record.has("approval_number")


def test_a_document_the_text_repeals_is_no_basis() -> None:
    repealed = _notice("本公告自2022年1月1日起执行，原岳发改价〔2015〕3号文件同时废止。")
    assert not repealed.has("approval_number")
    both = _notice(f"依据{NUMBER.format(o='〔', c='〕')}文件收费。原岳发改价〔2015〕3号文件同时废止。")
    assert both.value("approval_number") == "岳发改价〔2021〕18号"


def test_a_measures_cited_as_the_ground_is_no_basis() -> None:
    record = _notice(
        "根据《湖南省机动车停放服务收费管理办法》（湘发改价费规〔2020〕801号）有关规定，我院停车收费如下："
    )
    assert not record.has("approval_number")
    assert not record.has("fee_basis")


@pytest.mark.parametrize("heading", ["收费依据", "定价依据", "价格依据", "批准文号", "审批文号", "批复文号"])
def test_every_basis_heading_gives_the_number_and_leaves_the_board_the_operators(heading: str) -> None:
    record = read_lines(
        "收费单位：岳阳某某物业有限公司", f"{heading}：{NUMBER.format(o='〔', c='〕')}", "小型车每小时2元"
    )
    assert record.value("approval_number") == "岳发改价〔2021〕18号"
    # "批准文号：…" names the approval the board applies; it is not an authority's own document number
    assert record.value("disclosure_kind") == "operator"


@pytest.mark.parametrize("heading", ["批文号", "备案文号"])
def test_a_number_a_board_cites_under_its_label_does_not_make_the_board_an_authoritys(heading: str) -> None:
    number = NUMBER.format(o="〔", c="〕")
    board = read_lines(
        "某某停车场收费公示", f"本停车场收费标准经市物价局批准（{heading}：{number}）", "小型车每小时2元"
    )
    assert board.value("approval_number") == "岳发改价〔2021〕18号"
    assert board.value("disclosure_kind") != "authority"
    # an authority's own "文号：…" at the head still makes its text an authority's
    own = read_lines(f"文号：{number}", "岳阳某某物业有限公司：", "你公司报来的申请收悉，批复如下：", "小型车每小时2元")
    assert own.value("disclosure_kind") == "authority"


OWN = "岳发改价〔2022〕7号"
CITED = "湘发改价费规〔2020〕801号"
APPROVAL_BODY = (
    "岳阳某某物业有限公司：",
    f"你公司《关于核定停车收费标准的请示》收悉。根据《湖南省机动车停放服务收费管理办法》（{CITED}）规定，批复如下：",
    "一、小型车首小时5元，之后每小时2元。",
    "岳阳市发展和改革委员会",
    "2022年3月1日",
)


@pytest.mark.parametrize(
    "head",
    [
        ("关于岳阳某某停车场收费标准的批复", OWN),  # the number on a line of its own under the title
        (f"关于岳阳某某停车场收费标准的批复 {OWN}",),  # on the title's line, after it
        (OWN, "关于岳阳某某停车场收费标准的批复"),  # above the title
        (f"{OWN} 关于岳阳某某停车场收费标准的批复",),  # on the title's line, before it
        (f"索引号：11430600-2022-001 文号：{OWN} 发文日期：2022-03-01", "关于岳阳某某停车场收费标准的批复"),
    ],
)
def test_an_approval_gives_its_own_number_not_the_one_it_cites(head: tuple[str, ...]) -> None:
    record = read_lines(*head, *APPROVAL_BODY)
    assert record.value("disclosure_kind") == "authority"
    assert record.value("approval_number") == OWN


def test_an_approval_without_its_own_number_gives_the_price_notice_it_applies_not_its_grounds() -> None:
    record = read_lines(
        "关于岳阳某某停车场收费标准的批复",
        "岳阳某某物业有限公司：",
        "你公司请示收悉。根据《关于调整城区停车收费标准的通知》（岳发改价〔2019〕5号），批复如下：",
        "一、小型车首小时5元。",
        "岳阳市发展和改革委员会",
    )
    assert record.value("approval_number") == "岳发改价〔2019〕5号"


def test_a_title_that_only_cites_an_approval_does_not_make_its_number_the_texts_own() -> None:
    record = _notice(f"根据《{TITLE}》（岳发改价〔2021〕18号）的规定，本院停车场收费如下：")
    assert record.value("disclosure_kind") == "operator"


# ---- cap ---------------------------------------------------------------------------------------

BASE = ("收费单位：岳阳某某物业有限公司", "收费标准：小型车首小时5元，之后每小时2元；大型车首小时10元，之后每小时4元")


def _amounts(value: object) -> list[str]:
    return re.findall(r"\d+(?=元)", str(value))


def _cap(*lines: str) -> object:
    return read_lines(*BASE, *lines).value("cap")


# every wording reads the small car's 20元: under each of its headings, of several vehicles' caps, per day /
# per 24 h / per visit wherever its amount stands
CAP_WORDINGS = {
    "under a heading": [
        "最高收费：20元/天",
        "封顶：24小时20元",
        "限价：每日20元",
        "日最高收费：20元",
        "每日最高：20元",
        "最高不超过：每车每天20元",
        "封顶价：20元/24小时",
        "收费上限：24小时20元",
        "最高限额：20元/日",
        "封顶（24小时）：20元",
    ],
    "the small car's of several": [
        "小型车每日最高20元，大型车每日最高40元",
        "大型车每日最高40元，小型车每日最高20元",
        "24小时内最高收费：小型车20元，大型车40元",
        "封顶（24小时）：小车20元 大车40元",
        "大车40元封顶，小车20元封顶（24小时）",
    ],
    "per day, 24 h or visit": [
        "每车每天最高收费不超过20元",
        "连续停放24小时最高20元",
        "每次停放最高收费20元",
        "单次停车收费最高不超过20元",
        "停放一次最多收20元",
        "当日累计收费20元封顶",
        "全天停放20元封顶",
        "24小时内20元封顶",
        "每个自然日最高收费不超过20元",
        "每车每天限收20元",
    ],
}


@pytest.mark.parametrize(
    "line", [pytest.param(line, id=f"{group}: {line}") for group, lines in CAP_WORDINGS.items() for line in lines]
)
def test_a_cap_is_read_under_every_heading_for_the_small_car_and_wherever_its_amount_stands(line: str) -> None:
    assert _amounts(_cap(line)) == ["20"]


@pytest.mark.parametrize(
    "table",
    [
        ("车型 | 首小时 | 之后每小时 | 24小时封顶", "小型车 | 5元 | 2元 | 20元", "大型车 | 10元 | 4元 | 40元"),
        ("车型 | 首小时 | 之后每小时 | 每日最高收费", "小型车 | 5元 | 2元 | 20元", "大型车 | 10元 | 4元 | 40元"),
        ("车型\t首小时\t之后每小时\t最高收费(24小时)", "小型车\t5元\t2元\t20元", "大型车\t10元\t4元\t40元"),
        ("车型 | 大型车 | 小型车", "首小时 | 10元 | 5元", "之后每小时 | 4元 | 2元", "每日封顶 | 40元 | 20元"),
    ],
)
def test_a_cap_in_a_table_cell_is_the_small_cars(table: tuple[str, ...]) -> None:
    assert _amounts(read_lines(*table).value("cap")) == ["20"]


@pytest.mark.parametrize(
    "line",
    [
        "每小时最高不超过3元",  # a ceiling on the hourly price
        "按不超过2元/小时收取",
        "每小时限收3元",  # 限收 on the hourly price: a ceiling per unit too
        "超过24小时按上述标准累计收费",  # a stay beyond 24 h, no cap
        "24小时收费，全年无休",  # charging hours, not a cap
    ],
)
def test_a_price_ceiling_per_unit_or_a_stay_rule_is_no_cap(line: str) -> None:
    assert _cap(line) is None


def test_a_reliefs_cap_is_not_the_lots_when_the_lot_has_its_own() -> None:
    value = _cap("就诊患者凭挂号单停车最高收费10元", "其他车辆每日最高收费20元")
    assert _amounts(value) == ["20"]


# ---- operator and hotline headings -------------------------------------------------------------


@pytest.mark.parametrize("operator", ["经营单位", "收费单位", "管理单位", "运营单位"])
@pytest.mark.parametrize("hotline", ["监督电话", "举报电话", "投诉电话", "价格举报", "价格举报电话"])
def test_operator_and_hotline_headings_read_under_every_synonym(operator: str, hotline: str) -> None:
    record = read_lines(f"{operator}：岳阳某某物业有限公司", "收费标准：小型车每小时2元", f"{hotline}：12358")
    assert record.value("operator") == "岳阳某某物业有限公司"
    assert record.value("hotlines") == ["12358"]
    assert record.value("disclosure_kind") == "operator"
