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
from tests.board.lines import read_lines


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
    record = read_lines(*HOSPITAL_NOTICE)
    assert record.value("disclosure_kind") == "operator"
    assert record.value("operator") == "岳阳市第五人民医院"  # the signing department is not the operator
    assert _shown(record, "operator") == "岳阳市第五人民医院"
    assert record.value("approval_number") == "岳发改价〔2021〕18号"
    assert record.value("free_minutes") == 30  # not the dialysis patients' 2 hours
    assert _shown(record, "cap") == "每天（24小时）最高收费15元"
    assert record.value("exempt_vehicles") == ["特种车辆", "救护车", "消防车"]
    assert not record.has("hotlines")  # an enquiry number is no complaint hotline


def test_a_company_notice_signed_at_the_foot_names_its_operator() -> None:
    record = read_lines(
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
    record = read_lines(
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
    record = read_lines(
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
    record = read_lines(f"根据岳发改价{cited}12号文件，本停车场收费如下：小型车每小时2元")
    assert record.value("approval_number") == number


def test_a_basis_given_as_a_title_without_number_is_read_and_management_measures_are_not() -> None:
    record = read_lines(
        "本停车场根据《关于岳阳市中心医院停车场收费标准的批复》收费：小型车每小时2元",
    )
    assert "关于岳阳市中心医院停车场收费标准的批复" in record.value("fee_basis")
    assert not record.has("approval_number")
    measures = read_lines("根据《湖南省机动车停放服务收费管理办法》，本停车场实行市场调节价：小型车每小时2元")
    assert not measures.has("fee_basis")


def test_a_hospitals_own_document_number_is_not_an_approval() -> None:
    record = read_lines(
        "岳阳市中心医院文件",
        "岳中医院发〔2021〕5号",
        "关于调整停车收费的通知",
        "本院停车场小型车每小时2元，不足1小时按1小时计。",
    )
    assert not record.has("approval_number")


def test_an_instruction_naming_fields_gives_none_of_them() -> None:
    record = read_lines(
        "明码标价牌应标明：收费单位名称、停车场泊位编号、收费时段、收费标准、投诉电话。",
        "收费单位必须严格执行规定的收费标准，在收费处显著位置实行收费公示。",
        "小型车每小时2元",
    )
    assert not record.has("operator")
    assert not record.has("hotlines")


def test_a_complaint_hotline_told_to_drivers_is_read() -> None:
    record = read_lines("小型车每小时2元", "如对收费有异议，请拨打价格举报电话12315。")
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
    assert read_lines(written, "超过后每小时3元").value("free_minutes") == minutes


@pytest.mark.parametrize(
    "relief",
    [
        "门诊透析患者停车凭当日票据免收2小时停车服务费",
        "持VIP卡当日消费满200元赠送4小时免费停车",
        "小区业主1小时内停车免费",
        "新能源汽车首2小时免费",
        "来访人员登记后免费停车1小时",
        "学生家长接送孩子10分钟内免费",
        "办理业务的群众前1小时免费",
        "入住酒店的客人停车2小时内免费",
    ],
)
def test_a_relief_for_some_drivers_is_not_the_lots_free_period(relief: str) -> None:
    assert not read_lines("小型车每小时3元", relief).has("free_minutes")
    assert read_lines("小型车每小时3元，15分钟内免费", relief).value("free_minutes") == 15


def test_a_workers_hospital_or_a_street_office_is_no_relief_group() -> None:
    assert read_lines("某某矿务局职工医院停车场15分钟内免费，超过后每小时3元").value("free_minutes") == 15
    assert read_lines("由某某街道办事处管理，15分钟内免费，超过后每小时3元").value("free_minutes") == 15


def test_a_free_period_under_an_exemption_heading_is_the_lots() -> None:
    record = read_lines(
        "小车每小时3元",
        "三、下列情形免收机动车停放服务费",
        "1.停放时间不超过30分钟（含30分钟）的车辆；",
        "2.执行任务的军、警车辆和消防车、救护车、殡葬车；",
        "四、其他",
    )
    assert record.value("free_minutes") == 30
    assert record.value("exempt_vehicles") == ["警车", "消防车", "救护车", "殡葬车"]


def test_vehicles_listed_under_a_heading_without_the_usual_names_are_exempt_vehicles() -> None:
    record = read_lines("小车每小时3元", "二、免收车辆停放服务费情形", "（一）执行公务的公、检、法车辆。", "三、其他")
    assert record.value("exempt_vehicles") == ["执行公务的公、检、法车辆"]
    assert _shown(record, "exempt_vehicles") == "执行公务的公、检、法车辆"


def test_the_stated_hours_are_read_and_no_default_is_put_in_their_place() -> None:
    record = read_lines("白天（7:00-19:00）小型车每小时2元", "夜间（19:00-次日7:00）每车次5元")
    assert record.value("charging_hours") == "24小时"
    day_only = read_lines("收费时段每天7:00-19:00，其余时段免费", "小型车每小时2元")
    assert day_only.value("charging_hours") == "07:00-19:00"
    heading = read_lines("二、收费时段", "白天7:00—22:00；夜间22:00—次日7:00", "三、收费标准", "小车每小时3元")
    assert heading.value("charging_hours") == "24小时"


def test_the_cap_is_the_small_cars_and_a_daily_one_before_a_bands() -> None:
    record = read_lines(
        "（一）摩托车：1小时以内1元，24小时最高收费5元；",
        "（二）小型车：1小时以内2元，超过1小时每小时1元，白天最高8元，24小时最高收费25元；",
    )
    assert record.value("cap") == "24小时最高收费25元"
    assert not read_lines("道路停车每半小时最高3元").has("cap")  # a price ceiling per unit, not a cap


def test_the_tail_rule_is_a_rounding_rule() -> None:
    record = read_lines("小型车每小时2元，尾数不超过15分钟的不计，超过15分钟按1小时计")
    assert record.value("rounding") == "尾数不超过15分钟的不计"


def test_a_board_in_traditional_characters_reads_like_a_simplified_one() -> None:
    traditional = read_lines(
        "收費單位：岳陽停車服務有限公司", "收費標準：小型車每小時2元，15分鐘內免費", "監督電話：12315"
    )
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
    record = read_lines(*lines)
    assert record.value("disclosure_kind") == kind
    assert _shown(record, "disclosure_kind") == sign


# a copy names where it was copied from; an operator's own page may name itself as its source
_BOARD = ("岳阳某某小区停车收费公示", "收费单位：岳阳市某某物业有限公司", "小型车每小时2元", "监督电话：12315")


@pytest.mark.parametrize(
    ("lines", "sign"),
    [
        ((_BOARD[0], "（转自岳阳市某某物业有限公司网站）", *_BOARD[1:]), "转自"),
        ((*_BOARD, "编辑：李四"), "编辑："),
        ((_BOARD[0], "来源：岳阳发布", *_BOARD[1:]), "岳阳发布"),
        ((_BOARD[0], "本报记者 张三 报道", *_BOARD[1:]), "记者"),
        (("本文转载自某某公众号", *_BOARD), "转载"),
        ((_BOARD[0], "文章来源：某某新闻局 发布时间：2018-03-01", *_BOARD[1:]), "某某新闻局"),  # a press release
    ],
)
def test_a_copy_of_an_operators_board_is_a_repost(lines: tuple[str, ...], sign: str) -> None:
    record = read_lines(*lines)
    assert record.value("disclosure_kind") == "repost"
    assert _shown(record, "disclosure_kind") == sign


@pytest.mark.parametrize(
    "lines",
    [
        _BOARD,
        (_BOARD[0], "来源：本公司", *_BOARD[1:]),
        (_BOARD[0], "来源：岳阳市某某物业有限公司 时间：2023-03-27", *_BOARD[1:]),
        ("信息来源：", *_BOARD),  # an empty source is a portal's furniture, not the next line's name
    ],
)
def test_an_operators_own_board_still_reads_as_the_operators(lines: tuple[str, ...]) -> None:
    assert read_lines(*lines).value("disclosure_kind") == "operator"


_APPROVAL_TITLE = "岳阳市发展和改革局关于岳阳某某医院停车场收费标准的批复"


@pytest.mark.parametrize(
    ("lines", "sign"),
    [
        ((_APPROVAL_TITLE, "岳阳某某物业有限公司：", "小型车每小时2元。"), _APPROVAL_TITLE),
        (
            ("首页", "当前位置：价格管理", _APPROVAL_TITLE, "小型车每小时2元。", "收费单位：岳阳某某物业有限公司"),
            _APPROVAL_TITLE,
        ),
        (
            ("岳阳某某物业有限公司：", "你公司停车收费申请收悉。", "收费单位：岳阳某某物业有限公司", "小型车每小时2元"),
            "岳阳某某物业有限公司",
        ),
    ],
)
def test_an_authoritys_reply_is_the_authoritys_text(lines: tuple[str, ...], sign: str) -> None:
    record = read_lines(*lines)
    assert record.value("disclosure_kind") == "authority"
    assert _shown(record, "disclosure_kind") == sign


def test_an_operators_board_that_names_its_approval_under_its_title_is_the_operators() -> None:
    board = read_lines(
        "岳阳某某医院停车收费公示", f"{_APPROVAL_TITLE}（岳发改价〔2022〕7号）", "本院停车场小型车每小时2元"
    )
    assert board.value("disclosure_kind") == "operator"
    assert "岳发改价〔2022〕7号" in board.value("fee_basis")
    # the same title over the board's lines is the authority's own
    assert read_lines(_APPROVAL_TITLE, "岳阳某某医院：", "小型车每小时2元").value("disclosure_kind") == "authority"


def test_a_text_with_no_sign_of_its_publisher_has_no_kind_and_says_so() -> None:
    record = read_lines("停车收费", "每小时3元")
    assert not record.has("disclosure_kind")
    assert any("公示类型未能判断" in w for w in record.warnings)


def test_a_whole_day_cell_is_a_whole_day_band_not_an_unread_line() -> None:
    # issue #16: a 全天 cell made the reader call a fully read line unread (a false PR006)
    record = read_lines("车型 | 时段 | 收费标准", "小型车 | 全天 | 5元/小时", "大型车 | 全天 | 10元/小时")
    assert record.unread == ()
    assert record.tariff is not None and set(record.tariff.vehicles()) >= {"small", "large"}


def test_an_unread_price_stays_in_unread() -> None:
    record = read_lines("收费单位：岳阳停车有限公司", "小型车每时辰壹元")
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
    reply = read_lines(
        "回复部门：停车办",
        "网友您好：",
        "根据洛发改收费【2007】52号文件规定，停车场车辆存放服务收费基准标准：小型汽车每次3元；过夜每次10元。",
    )
    assert reply.value("approval_number") == "洛发改收费〔2007〕52号"
    approval = read_lines(
        "广大市民朋友：",
        "经某某物业服务有限公司申请，依据常发改价费〔2022〕335号文件规定，拟批复如下：",
        "小型车首小时3元，之后每小时1元。",
    )
    assert approval.value("approval_number") is None  # an approval's grounds, not the lot's basis


def test_an_amount_before_the_cap_word_is_a_cap_and_a_24_hour_amount_is_not_hours() -> None:
    night = read_lines("白天时段：早8:00-晚20:00，2元/小时；", "夜间时段：晚20:00-次日早8:00，2元/小时，5元封顶。")
    assert "5元封顶" in str(night.value("cap"))
    airport = read_lines("小型车每小时5元。连续停放的，第一个24小时收费额不超过30元。")
    assert not airport.has("charging_hours")
    assert "30元" in str(airport.value("cap"))


def test_a_scheme_heading_for_the_whole_day_conditions_the_prices_under_it() -> None:
    day_and_night = ("白天8:00-20:00 每小时3元", "夜间20:00-8:00 每小时1元")
    scheme = read_lines("全天一样收费", "首小时5元，以后每小时1元", *day_and_night)
    assert not scheme.has("unconditioned_prices")
    bare = read_lines("首小时5元，以后每小时1元", *day_and_night)
    assert bare.value("unconditioned_prices") == ["首小时5元", "以后每小时1元"]


def test_a_quoted_rule_for_a_class_of_lots_declares_no_pricing_form() -> None:
    rule = read_lines(
        "本收费标准为最高限价。", "实行政府定价的停车服务场所（泊位），必须设置免费时段，设定时间不得少于20分钟。"
    )
    assert not rule.has("pricing_form")
    scope = read_lines("执行政府指导价的公共停车场、医院停车场。", "停车时间不足30分钟的车辆免收停车服务费。")
    assert scope.value("pricing_form") == "guided"


def test_an_authority_number_under_its_title_and_date_lines_is_its_own() -> None:
    notice = read_lines(
        "政府信息公开",
        "关于优化乌鲁木齐市政府指导价停车场（泊位）机动车停放服务收费标准的通知",
        "发布时间：2024-02-20 信息来源：",
        "乌发改规〔2024〕2号",
        "各区人民政府：",
        "为贯彻落实《乌鲁木齐市机动车停放服务收费管理实施细则》（乌发改规〔2024〕1号），现通知如下：",
    )
    assert notice.value("approval_number") == "乌发改规〔2024〕2号"


def test_a_normative_number_said_to_set_the_prices_is_the_basis_of_a_summary() -> None:
    summary = read_lines(
        "根据琼发改规〔2021〕7号文件，海口停车费收取标准如下：", "1、计时方式收费：停放1个小时内（含1个小时）2~18元。"
    )
    assert summary.value("approval_number") == "琼发改规〔2021〕7号"
    ground = read_lines("根据琼发改规〔2021〕7号文件精神，加强停车管理。", "1、计时方式收费：停放1个小时内5元。")
    assert ground.value("approval_number") is None


def test_hours_from_midnight_in_chinese_numerals_cover_the_day() -> None:
    assert read_lines("收费时间自零时至24时。", "每小时40元。").value("charging_hours") == "24小时"
    assert read_lines("收费时间：〇时至二十四时", "每小时40元。").value("charging_hours") == "24小时"


def test_a_pass_holders_parking_window_is_not_the_lots_charging_hours() -> None:
    permit = read_lines(
        "（一）小夜班停放时段：每日15时30分至翌日3时。",
        "二、收费：每月均为300元。",
        "五、如超出停放时限，第1、2小时每小时20元，每日最高上限400元。",
    )
    assert not permit.has("charging_hours")
    assert read_lines("收费时间为每日8时至20时。", "每小时2元。").value("charging_hours") == "08:00-20:00"


def test_day_and_night_prices_without_their_hours_cover_the_day_of_one_lot_only() -> None:
    lot = read_lines("轻型汽车的日间泊车费用为每半小时3元、夜间为1.5元。")
    assert lot.value("charging_hours") == "24小时"
    zones = read_lines("一级区域白天停车每小时3元，夜间停车每小时1元。")
    assert not zones.has("charging_hours")


def test_ceilings_on_the_visit_and_day_prices_are_not_a_cap() -> None:
    reply = read_lines(
        "连续停放4小时以内的按一次收费，超过4小时的按天（停放24小时）计收，具体标准为：",
        "1、小型车（小轿车、15座以下的面包车、三轮摩托车）每次不超过5元、每天不超过8元；",
        "2、中、大型车（16座以上客车、2.6吨以上货车）每次不超过6元、每天不超过10元；",
    )
    assert not reply.has("cap")
    capped = read_lines("小型车每小时2元，每天最高不超过20元。")
    assert "20元" in str(capped.value("cap"))


def test_a_cap_belongs_to_the_vehicle_it_follows_not_the_words_defining_it() -> None:
    board = read_lines(
        "1、小型车（小轿车、货运三轮车、三轮摩托车）每小时2元，24小时最高不超过20元；",
        "2、大型车（20座以上客车）每小时4元，24小时最高不超过40元；",
    )
    assert "20元" in str(board.value("cap"))


def test_a_duty_not_to_charge_a_short_stay_and_a_fee_for_longer_stays_are_free_periods() -> None:
    reply = read_lines("机动车临时停靠未超过30分钟的，不得收取停放服务费。", "小型车每次不超过5元。")
    assert reply.value("free_minutes") == 30
    qa = read_lines("小型车10元/次，中型车20元/次。", "停车费用适用于停车时长在30分钟以上的车辆。")
    assert qa.value("free_minutes") == 30


def test_a_cap_for_each_24_hours_is_a_cap_not_a_price_per_unit() -> None:
    board = read_lines("收费标准：小型车每小时2元", "每24小时收费额不超过30元")
    assert board.value("cap") == "每24小时收费额不超过30元"
    assert not read_lines("收费标准：小型车每小时2元", "每半小时最高3元").has("cap")


def test_the_signature_under_a_boards_last_price_line_is_the_operator() -> None:
    board = read_lines("某停车场收费公示", "小型车每小时2元", "岳阳市华联物业有限公司", "2023年5月1日")
    assert board.value("operator") == "岳阳市华联物业有限公司"
    unsigned = read_lines("某停车场收费公示", "小型车每小时2元", "2023年5月1日")
    assert not unsigned.has("operator")


def test_an_approvals_number_in_the_portals_furniture_line_is_its_own() -> None:
    approval = read_lines(
        "索引号：123 文号：沅发改价费〔2026〕3号 发文日期：2026-02-11",
        "某某公司：",
        "你公司请示收悉。根据《关于某停车场收费标准的批复》（岳发改价〔2015〕3号），现批复如下：小型车每小时2元。",
    )
    assert approval.value("approval_number") == "沅发改价费〔2026〕3号"
    assert approval.value("fee_basis") == "沅发改价费〔2026〕3号"


@pytest.mark.parametrize(
    "priced",
    [
        "小型车每小时2元。高峰时段7:00-9:00、17:00-19:00每小时加收1元。",
        "小型车每小时2元，早晚高峰（7:00-9:00，17:00-19:00）每小时加收1元。",
        "小型车每小时2元，18:00-22:00加收1元/小时。",
        "小型车每小时2元，每天7:00-9:00高峰时段每小时加收1元。",
    ],
)
def test_a_surcharge_or_peak_band_is_not_the_lots_charging_hours(priced: str) -> None:
    assert not read_lines("岳阳某某停车场收费公示", priced).has("charging_hours")


@pytest.mark.parametrize(
    ("priced", "hours"),
    [
        (("收费时间：8:00-20:00", "小型车每小时2元，高峰时段17:00-19:00每小时加收1元。"), "08:00-20:00"),
        (("本停车场仅在高峰时段7:00-9:00收费，每小时2元，其余时段免费。",), "07:00-09:00"),
        (("8:00-20:00首小时2元，之后每小时加收1元。",), "08:00-20:00"),  # a price step, not a surcharge
        # a peak band priced beside the rest of the day covers the day, like day and night bands
        (("高峰时段7:30-9:30每小时4元，其他时段每小时2元。",), "24小时"),
    ],
)
def test_the_lots_own_hours_still_read_beside_a_surcharge(priced: tuple[str, ...], hours: str) -> None:
    assert read_lines("岳阳某某停车场收费公示", *priced).value("charging_hours") == hours


def test_charging_hours_leave_out_the_free_range_and_prefer_the_charging_label() -> None:
    board = read_lines("收费时间：7:00至21:00，21:00至次日7:00免费", "小型车每小时2元")
    assert board.value("charging_hours") == "07:00-21:00"
    mall = read_lines("营业时间：9:00-22:00（商场）", "停车收费时间：全天", "小型车每小时2元")
    assert mall.value("charging_hours") == "24小时"


def test_visitors_free_period_beside_residents_relief_is_the_lots_free_period() -> None:
    assert read_lines("小型车每小时2元", "业主车辆免费，外来车辆30分钟内免费").value("free_minutes") == 30
    assert not read_lines("小型车每小时2元", "业主车辆2小时内免费").has("free_minutes")


def test_a_period_extended_for_some_lots_only_is_not_the_rule() -> None:
    answer = read_lines(
        "火车站停车场一般车辆入场后15分钟内免费，超过15分钟开始计费。白天每小时收费5元。",
        "部分老车站免费时间缩短至10分钟，新车站则延长至30分钟。",
    )
    assert answer.value("free_minutes") == 15
    extended = read_lines("免费时长由15分钟延长至30分钟。", "超过30分钟每小时收费5元。")
    assert extended.value("free_minutes") == 30


def test_a_visit_price_with_its_own_hours_is_every_vehicles_price() -> None:
    lot = read_lines(
        "周一至周五7时至20时：每次60元。", "周六、日及国定假日8时至18时：大型车40元/小时，小型车20元/小时。"
    )
    assert not lot.has("unconditioned_prices")
    bare = read_lines("每次60元。", "大型车40元/小时，小型车20元/小时。")
    assert bare.value("unconditioned_prices") == ["每次60元"]


def test_a_taiwan_fee_ordinance_cited_by_title_is_the_basis() -> None:
    news = read_lines(
        "停管处表示，收费是依据台中市《公有停车场收费自治条例》及《规费法》规定计收。", "临时停车费率为每半小时20元。"
    )
    assert "公有停车场收费自治条例" in str(news.value("fee_basis"))
    measures = read_lines("依据《某市停车场管理条例》规定计收。", "临时停车费率为每半小时20元。")
    assert not measures.has("fee_basis")


def test_a_visit_price_with_its_hours_beside_an_overnight_price_covers_the_day() -> None:
    both = read_lines("收费标准：小型车每次5元，时间为7时至22时；过夜每次10元（不分车型）。")
    assert both.value("charging_hours") == "24小时"
    day_only = read_lines("收费标准：小型车每次5元，时间为7时至22时。")
    assert day_only.value("charging_hours") == "07:00-22:00"


def test_ranges_priced_in_dollars_are_charged_ranges() -> None:
    rows = read_lines("星期 | 时段 | 每小时收费", "一至五 07:00-21:00 $30；一至五 21:00-07:00 $18")
    assert rows.value("charging_hours") == "24小时"
    day = read_lines("星期 | 时段 | 每小时收费", "一至五 07:00-21:00 $30")
    assert day.value("charging_hours") == "07:00-21:00"
    unpriced = read_lines("开放时段 07:00-21:00", "本停车场设有车位120个")
    assert not unpriced.has("charging_hours")


# ---- reliefs and classes of lots (session 8): what a relief grants is not the lot's field ------------


def test_a_free_time_followed_by_a_discount_is_a_reliefs_not_the_free_period() -> None:
    relief = read_lines("新能源汽车停车优惠：", "在道路停车泊位停车1小时内免费，超过1小时减半收费。")
    assert not relief.has("free_minutes")
    lot = read_lines("在道路停车泊位停车1小时内免费，超过1小时每小时2元。")
    assert lot.value("free_minutes") == 60


def test_the_hours_a_relief_applies_in_are_not_charging_hours() -> None:
    relief = read_lines("新能源汽车停车优惠：", "在道路停车泊位，每日8时至20时首次停车1小时内免费，超过1小时减半收费。")
    assert not relief.has("charging_hours")
    lot = read_lines(
        "道路停车泊位每天8时至20时，前30分钟以内免费，超过30分钟则连同前30分钟一并计费；小型车每半小时2元。"
    )
    assert lot.value("charging_hours") == "08:00-20:00"


def test_a_form_naming_the_class_of_lots_a_relief_applies_to_is_not_the_lots() -> None:
    relief = read_lines("新能源汽车在实行政府定价的停车场停放，每日首次停车1小时内免费。")
    assert not relief.has("pricing_form")
    lot = read_lines("本停车场为实行政府定价的停车场，小型车每小时2元。")
    assert lot.value("pricing_form") == "government"


def test_a_text_naming_two_forms_is_not_read_when_one_names_a_reliefs_class_of_lots() -> None:
    relief = "新能源汽车在实行政府定价管理的停车设施停放，每日首次停车1小时内免费；"
    two = read_lines(relief, "在实行市场调节价管理的停车设施停放的，鼓励经营者给予优惠。", "小型车每小时2元。")
    assert not two.has("pricing_form")  # the relief's class still counts: two forms named, none declared
    own = read_lines(relief, "本停车场实行市场调节价，小型车每小时2元。")
    assert own.value("pricing_form") == "market"  # the lot's own declaration beside another class's form
    quoted = read_lines("实行政府定价的停车场，必须设置免费时段。", "停车场实行市场调节价，小型车每小时2元。")
    assert not quoted.has("pricing_form")  # a quoted rule's class counts too


def test_a_citys_zone_bands_are_not_a_lots_charging_hours() -> None:
    bands = "白天每小时5元，夜间（22时至次日7时）每小时1元。"
    zone = read_lines("繁华区，15分钟内免费，计时收费" + bands)
    assert not zone.has("charging_hours")  # the city's day and night bands, for many lots
    lot = read_lines("本停车场15分钟内免费，小型车" + bands)
    assert lot.value("charging_hours") == "24小时"  # a lot's two bands priced cover its day


def test_reliefs_without_any_amount_state_no_price() -> None:
    relief = read_lines("新能源汽车在政府投资的停车场每天免费停2次，每次不超过5小时。")
    assert relief.tariff is None or not relief.tariff.has_prices()
    priced = read_lines("新能源汽车在政府投资的停车场停放2小时内免费。", "小型车每小时2元。")
    assert priced.tariff is not None and priced.tariff.has_prices()


def test_documents_an_authority_names_together_as_its_spirit_are_grounds_not_the_basis() -> None:
    head = ("关于某某医院停车收费的批复", "某某医院：", "报来申请收悉。")
    tail = ("一、小型车首小时5元。", "岳阳市发展和改革委员会")
    grounds = read_lines(
        *head,
        "根据《关于调整城区停车收费标准的通知》（岳发改价〔2019〕5号）和《关于机动车停放收费的通知》"
        "（岳发改价〔2020〕3号）精神，批复如下：",
        *tail,
    )
    assert not grounds.has("approval_number")
    applied = read_lines(
        *head, "根据《关于公布停车服务收费政府指导价的通告》（岳发改价〔2019〕5号）精神，函复如下：", *tail
    )
    assert applied.value("approval_number") == "岳发改价〔2019〕5号"
