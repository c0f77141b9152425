"""The board reader on the wordings real disclosures use (issue #22): operator boards and notices written
for these tests from the wording families the issue names, and approvals and reposts around them.

Fields are read wherever real texts put them (signatures, addressee and applicant lines, titles, 文号 in any
bracket, headings); instructions to someone else are not field values; the text's disclosure kind is read
with the span of the sign that decided it.
"""

from __future__ import annotations

import pytest

from parkwatch.core.board import BoardRecord
from parkwatch.core.board_reader import read_board


def _read(*lines: str) -> BoardRecord:
    return read_board("\n".join(lines))


def _shown(record: BoardRecord, name: str) -> str:
    start, end = record.fields[name].span or (0, 0)
    return record.text[start:end]


HOSPITAL_NOTICE = (
    "岳阳市第五人民医院关于调整停车收费的公告",
    "尊敬的患者及家属：",
    "根据《关于岳阳市第五人民医院停车场收费标准的批复》（岳发改价[2021]18号），自2021年5月1日起：",
    "一、停车30分钟以内免费；门诊透析患者凭票据免收2小时停车费。",
    "二、超过30分钟每小时2元，不足1小时按1小时计，每天（24小时）最高收费15元。",
    "三、特种车辆（救护车、消防车等）不收取停车费用。",
    "如有疑问请拨打0730-8123456。",
    "岳阳市第五人民医院总务科",
    "2021年4月25日",
)


def test_a_hospital_notice_gives_operator_basis_free_period_cap_and_exemptions_where_it_puts_them() -> None:
    record = _read(*HOSPITAL_NOTICE)
    assert record.value("disclosure_kind") == "operator"
    assert record.value("operator") == "岳阳市第五人民医院"  # the signing department is not the operator
    assert _shown(record, "operator") == "岳阳市第五人民医院"
    assert record.value("approval_number") == "岳发改价〔2021〕18号"
    assert record.value("free_minutes") == 30  # not the dialysis patients' 2 hours
    assert _shown(record, "cap") == "每天（24小时）最高收费15元"
    assert record.value("exempt_vehicles") == ["特种车辆", "救护车", "消防车"]
    assert not record.has("hotlines")  # an enquiry number is no complaint hotline


def test_a_company_notice_signed_at_the_foot_names_its_operator() -> None:
    record = _read(
        "尊敬的顾客朋友：",
        "我司定于2026年3月10日起调整本停车场收费：免费时长1小时，1小时后每小时3元，24小时收费封顶20元。",
        "军警、消防、救护等特种车辆予以免费放行。",
        "岳阳某某物业服务有限公司",
        "2026年3月3日",
    )
    assert record.value("disclosure_kind") == "operator"
    assert record.value("operator") == "岳阳某某物业服务有限公司"
    assert record.value("free_minutes") == 60
    assert record.value("cap") == "24小时收费封顶20元"
    assert not record.has("charging_hours")  # a 24 h cap is not charging hours
    assert record.has("exempt_vehicles")


def test_an_approval_names_the_operator_on_its_addressee_line_and_its_own_number_as_basis() -> None:
    record = _read(
        "关于岳阳东站停车场收费标准的批复",
        "岳发改价服〔2021〕3号",
        "岳阳东站停车服务有限公司：",
        "你公司《关于核定停车收费标准的请示》收悉。根据《湖南省机动车停放服务收费管理办法》（湘发改价费规〔2020〕801号），批复如下：",
        "小车白天5元/小时，夜间（22:00至次日7:00）2元/小时，停放30分钟以内（含30分钟）免费。",
        "在停车场入口醒目位置公示收费项目、收费标准及价格举报电话“12315”等内容。",
        "岳阳市发展和改革委员会",
        "2021年8月9日",
    )
    assert record.value("disclosure_kind") == "authority"
    assert record.value("operator") == "岳阳东站停车服务有限公司"
    assert record.value("approval_number") == "岳发改价服〔2021〕3号"  # not the provincial measures it cites
    assert not record.has("hotlines")  # 12315 only in an instruction to the operator
    assert record.value("free_minutes") == 30


def test_an_applicant_line_names_the_operator() -> None:
    record = _read(
        "岳阳市发展和改革委员会关于征求南湖停车场停车服务收费标准意见的通知",
        "经岳阳南湖旅游发展有限公司申请，拟批复如下：白天每车每小时3元。",
    )
    assert record.value("operator") == "岳阳南湖旅游发展有限公司"
    assert record.value("disclosure_kind") == "authority"


@pytest.mark.parametrize(
    ("cited", "number"),
    [
        ("〔2019〕", "岳发改价〔2019〕12号"),
        ("[2019]", "岳发改价〔2019〕12号"),
        ("［2019］", "岳发改价〔2019〕12号"),
        ("(2019)", "岳发改价〔2019〕12号"),
        ("（2019）", "岳发改价〔2019〕12号"),
        ("﹝2019﹞", "岳发改价〔2019〕12号"),
    ],
)
def test_an_approval_number_is_read_in_any_bracket_style(cited: str, number: str) -> None:
    record = _read(f"根据岳发改价{cited}12号文件，本停车场收费如下：小型车每小时2元")
    assert record.value("approval_number") == number


def test_a_basis_given_as_a_title_without_number_is_read_and_management_measures_are_not() -> None:
    record = _read(
        "本停车场根据《关于岳阳市中心医院停车场收费标准的批复》收费：小型车每小时2元",
    )
    assert "关于岳阳市中心医院停车场收费标准的批复" in record.value("fee_basis")
    assert not record.has("approval_number")
    measures = _read("根据《湖南省机动车停放服务收费管理办法》，本停车场实行市场调节价：小型车每小时2元")
    assert not measures.has("fee_basis")


def test_a_hospitals_own_document_number_is_not_an_approval() -> None:
    record = _read(
        "岳阳市中心医院文件",
        "岳中医院发〔2021〕5号",
        "关于调整停车收费的通知",
        "本院停车场小型车每小时2元，不足1小时按1小时计。",
    )
    assert not record.has("approval_number")


def test_an_instruction_naming_fields_gives_none_of_them() -> None:
    record = _read(
        "明码标价牌应标明：收费单位名称、停车场泊位编号、收费时段、收费标准、投诉电话。",
        "收费单位必须严格执行规定的收费标准，在收费处显著位置实行收费公示。",
        "小型车每小时2元",
    )
    assert not record.has("operator")
    assert not record.has("hotlines")


def test_a_complaint_hotline_told_to_drivers_is_read() -> None:
    record = _read("小型车每小时2元", "如对收费有异议，请拨打价格举报电话12315。")
    assert record.value("hotlines") == ["12315"]


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("1.30分钟内免费", 30),  # a list number run into "30分钟"
        ("停车不超过1小时的免费", 60),
        ("二十分钟内免费停车，超过二十分钟每半小时2元", 20),
        ("车辆自入场起2小时内免收停车费", 120),
        ("停车总时间在半小时内的，免费", 30),
    ],
)
def test_the_free_period_is_read_in_its_wordings(written: str, minutes: int) -> None:
    assert _read(written, "超过后每小时3元").value("free_minutes") == minutes


@pytest.mark.parametrize(
    "relief",
    [
        "门诊透析患者停车凭当日票据免收2小时停车服务费",
        "持VIP卡当日消费满200元赠送4小时免费停车",
        "小区业主1小时内停车免费",
        "新能源汽车首2小时免费",
    ],
)
def test_a_relief_for_some_drivers_is_not_the_lots_free_period(relief: str) -> None:
    assert not _read("小型车每小时3元", relief).has("free_minutes")
    assert _read("小型车每小时3元，15分钟内免费", relief).value("free_minutes") == 15


def test_a_free_period_under_an_exemption_heading_is_the_lots() -> None:
    record = _read(
        "小车每小时3元",
        "三、下列情形免收机动车停放服务费",
        "1.停放时间不超过30分钟（含30分钟）的车辆；",
        "2.执行任务的军、警车辆和消防车、救护车、殡葬车；",
        "四、其他",
    )
    assert record.value("free_minutes") == 30
    assert record.value("exempt_vehicles") == ["警车", "消防车", "救护车", "殡葬车"]


def test_vehicles_listed_under_a_heading_without_the_usual_names_are_exempt_vehicles() -> None:
    record = _read("小车每小时3元", "二、免收车辆停放服务费情形", "（一）执行公务的公、检、法车辆。", "三、其他")
    assert record.value("exempt_vehicles") == ["执行公务的公、检、法车辆"]
    assert _shown(record, "exempt_vehicles") == "执行公务的公、检、法车辆"


def test_the_stated_hours_are_read_and_no_default_is_put_in_their_place() -> None:
    record = _read("白天（7:00-19:00）小型车每小时2元", "夜间（19:00-次日7:00）每车次5元")
    assert record.value("charging_hours") == "24小时"
    day_only = _read("收费时段每天7:00-19:00，其余时段免费", "小型车每小时2元")
    assert day_only.value("charging_hours") == "07:00-19:00"
    heading = _read("二、收费时段", "白天7:00—22:00；夜间22:00—次日7:00", "三、收费标准", "小车每小时3元")
    assert heading.value("charging_hours") == "24小时"


def test_the_cap_is_the_small_cars_and_a_daily_one_before_a_bands() -> None:
    record = _read(
        "（一）摩托车：1小时以内1元，24小时最高收费5元；",
        "（二）小型车：1小时以内2元，超过1小时每小时1元，白天最高8元，24小时最高收费25元；",
    )
    assert record.value("cap") == "24小时最高收费25元"
    assert not _read("道路停车每半小时最高3元").has("cap")  # a price ceiling per unit, not a cap


def test_the_tail_rule_is_a_rounding_rule() -> None:
    record = _read("小型车每小时2元，尾数不超过15分钟的不计，超过15分钟按1小时计")
    assert record.value("rounding") == "尾数不超过15分钟的不计"


def test_a_board_in_traditional_characters_reads_like_a_simplified_one() -> None:
    traditional = _read("收費單位：岳陽停車服務有限公司", "收費標準：小型車每小時2元，15分鐘內免費", "監督電話：12315")
    assert traditional.value("operator") == "岳阳停车服务有限公司"
    assert traditional.value("free_minutes") == 15
    assert traditional.value("hotlines") == ["12315"]
    assert traditional.tariff is not None and traditional.tariff.has_prices()
    assert _shown(traditional, "operator") == "岳陽停車服務有限公司"  # spans point at the text as written


@pytest.mark.parametrize(
    ("lines", "kind", "sign"),
    [
        (("收费单位：岳阳停车有限公司", "小型车每小时2元"), "operator", "岳阳停车有限公司"),
        (("本停车场收费标准：小型车每小时2元",), "operator", "本停车场"),
        (("关于岳阳站停车场收费标准的批复", "小型车每小时2元"), "authority", "关于岳阳站停车场收费标准的批复"),
        (("岳阳站停车场收费标准", "岳阳日报讯 记者获悉：小型车每小时2元"), "repost", "日报"),
        (("岳阳站停车费怎么收？", "小型车每小时2元"), "repost", "岳阳站停车费怎么收？"),
        (("2024岳阳道路停车收费标准", "一类区域：每小时3元"), "repost", "2024岳阳道路停车收费标准"),
    ],
)
def test_the_disclosure_kind_is_read_with_the_sign_that_decided_it(
    lines: tuple[str, ...], kind: str, sign: str
) -> None:
    record = _read(*lines)
    assert record.value("disclosure_kind") == kind
    assert _shown(record, "disclosure_kind") == sign


def test_a_text_with_no_sign_of_its_publisher_has_no_kind_and_says_so() -> None:
    record = _read("停车收费", "每小时3元")
    assert not record.has("disclosure_kind")
    assert any("公示类型未能判断" in w for w in record.warnings)


def test_a_whole_day_cell_is_a_whole_day_band_not_an_unread_line() -> None:
    # issue #16: a 全天 cell made the reader call a fully read line unread (a false PR006)
    record = _read("车型 | 时段 | 收费标准", "小型车 | 全天 | 5元/小时", "大型车 | 全天 | 10元/小时")
    assert record.unread == ()
    assert record.tariff is not None and set(record.tariff.vehicles()) >= {"small", "large"}


def test_an_unread_price_stays_in_unread() -> None:
    record = _read("收费单位：岳阳停车有限公司", "小型车每时辰壹元")
    assert record.tariff is None or not record.tariff.has_prices()
    assert record.unread and not record.tariff_complete


def test_the_tail_rule_satisfies_the_rounding_duty() -> None:
    from datetime import date

    from parkwatch.core.rules import RuleContext, evaluate
    from parkwatch.core.standards import in_force

    day = date(2024, 5, 1)
    board = "收费单位：岳阳停车有限公司\n收费标准：小型车每小时2元{}\n举报电话：12315"

    def codes(extra: str) -> set[str]:
        context = RuleContext(record=read_board(board.format(extra)), standards=in_force("yueyang", day), on=day)
        return {f.rule for f in evaluate(context)}

    assert "PD009" in codes("")
    assert "PD009" not in codes("，尾数不超过15分钟的不计，超过15分钟按1小时计")


def test_a_reply_rests_on_the_price_document_it_says_sets_the_prices() -> None:
    reply = _read(
        "回复部门：停车办",
        "网友您好：",
        "根据洛发改收费【2007】52号文件规定，停车场车辆存放服务收费基准标准：小型汽车每次3元；过夜每次10元。",
    )
    assert reply.value("approval_number") == "洛发改收费〔2007〕52号"
    approval = _read(
        "广大市民朋友：",
        "经某某物业服务有限公司申请，依据常发改价费〔2022〕335号文件规定，拟批复如下：",
        "小型车首小时3元，之后每小时1元。",
    )
    assert approval.value("approval_number") is None  # an approval's grounds, not the lot's basis


def test_an_amount_before_the_cap_word_is_a_cap_and_a_24_hour_amount_is_not_hours() -> None:
    night = _read("白天时段：早8:00-晚20:00，2元/小时；", "夜间时段：晚20:00-次日早8:00，2元/小时，5元封顶。")
    assert "5元封顶" in str(night.value("cap"))
    airport = _read("小型车每小时5元。连续停放的，第一个24小时收费额不超过30元。")
    assert not airport.has("charging_hours")
    assert "30元" in str(airport.value("cap"))
