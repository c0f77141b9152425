"""The board reader: a whole price-board or web-page text → `BoardRecord`.

Pure (no I/O, no OCR, no database). The crawler and the OCR both call `read_board`.

How it reads, one function per phase (`read_board` calls them in turn):

1. The text is normalised *without changing its length* (full-width → half-width, ideographic
   space → space), so every offset found is an offset in the original text. A "compact" copy drops
   OCR spacing noise: a single space next to a CJK character is removed ("收 费 单 位" → "收费单位");
   runs of two or more blanks stay as one separator. A small segment table maps compact offsets back
   to the original text (`_Ctx`).
2. Each line is cut at field labels (收费单位, 定价形式, 举报电话, …, `LABELS`). A label counts when
   it opens the line or follows a separator, or when a colon follows it. Its value runs to the next
   label or the end of the line (to the next line when the label stands alone) (`_segments`).
3. The price parts (labelled price fields and unlabelled clauses with amounts or tariff words) are
   gathered as clauses (`_price_clauses`).
4. The fields are read through two tables (`_read_fields`): `_BY_LABEL` (one value parser per field,
   applied to the values its labels gave), then, for a field no label gave, `_IN_WORDING` (one reader
   per field looking at free wording: "由…公司经营", "实行市场调节价", "请拨打12315", "15分钟内免费", …).
5. The price clauses are joined and handed to `parkwatch.core.tariff_reader.read_tariff`; what it
   could not use is kept in `BoardRecord.unread` (`_read_prices`).
6. Prices shown without a unit, without a vehicle class or time band, or in Chinese numerals are
   flagged: bare_prices, unconditioned_prices, non_arabic_amounts (`_price_flags`).

Confidence of a field = the lowest `line_confidences[i]` of the lines it was read from (1.0 when
no confidences are given: web text). Span = (start, end) character offsets in the original text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from parkwatch.core.board import BoardRecord, Reading
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import chinese_number, read_tariff

__all__ = ["LABELS", "cn_number", "read_board"]

# --------------------------------------------------------------------------------------------
# Length-preserving normalisation
# --------------------------------------------------------------------------------------------

_WIDTH_TABLE = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update(
    {
        0x3000: 0x20,
        0xFFE5: ord("¥"),
        0x0D: 0x20,
        0xA0: 0x20,
        0x2014: ord("-"),
        0x2013: ord("-"),
        0x2015: ord("-"),
        0x2212: ord("-"),
        0x301C: ord("~"),
        0x3010: ord("【"),
        0xFE55: ord(":"),
        0x2236: ord(":"),
    }
)
# 〔〕【】 and CJK punctuation stay as they are (they carry meaning in approval numbers).

_WIDE_FORMS_RE = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_WIDTH_TABLE)) + "]")
_BLANKS = re.compile(r" +")


_OCR_DASH_RE = re.compile(r"(?<=\d)(\s?)[一ー](?=\s?\d)")  # OCR reads the dash of "07:00-22:00" as 一


def _normalise(text: str) -> str:
    """Full-width → half-width, one character for one (str.translate is slow on CJK text)."""
    hits = [m.start() for m in _WIDE_FORMS_RE.finditer(text)]
    if hits:
        if len(hits) * 8 > len(text):
            text = text.translate(_WIDTH_TABLE)
        else:
            chars = list(text)
            for i in hits:
                chars[i] = chr(_WIDTH_TABLE[ord(chars[i])])
            text = "".join(chars)
    if "一" in text or "ー" in text:
        text = _OCR_DASH_RE.sub(lambda m: m.group(1) + "-", text)
    return text


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _split_digits(norm: str, s: int, e: int) -> bool:
    """A single space inside a number as OCR writes it: both digit runs short, not times or dates."""
    a = s
    while a > 0 and norm[a - 1].isdigit():
        a -= 1
    b = e
    while b < len(norm) and norm[b].isdigit():
        b += 1
    if s - a > 2 or b - e > 2:
        return False
    outer_before = norm[a - 1] if a > 0 else ""
    outer_after = norm[b] if b < len(norm) else ""
    return outer_before not in ":.-/~" and outer_after not in ":.-/~"


def _compact(norm: str) -> tuple[str, list[int], list[int]]:
    """Drop OCR spacing noise. Returns compact text and the segment table (compact start, orig start)."""
    parts: list[str] = []
    seg_c: list[int] = [0]
    seg_o: list[int] = [0]
    pos = 0
    cpos = 0
    n = len(norm)
    for m in _BLANKS.finditer(norm):
        s, e = m.span()
        before = norm[s - 1] if s > 0 else "\n"
        after = norm[e] if e < n else "\n"
        if before == "\n" or after == "\n" or (e - s == 1 and (_is_wide(before) or _is_wide(after))):
            keep = 0
        elif e - s == 1 and after.isdigit() and (before == ":" and s >= 2 and norm[s - 2].isdigit()):
            keep = 0  # OCR "07: 00"
        elif e - s == 1 and before.isdigit() and after.isdigit() and _split_digits(norm, s, e):
            keep = 0  # OCR "1 5 分钟", "7 4 7个" (not "12315 0730-…", not "08:00 20:00")
        else:
            keep = 1
        parts.append(norm[pos : s + keep])
        cpos += s + keep - pos
        pos = e
        seg_c.append(cpos)
        seg_o.append(e)
    parts.append(norm[pos:])
    return "".join(parts), seg_c, seg_o


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

# label → kind. Kinds: a board field name; "price" (a generic price label, dropped before the text
# goes to the tariff reader); "price_kept" (a price label kept in the tariff text); "other" (a
# label of something that is not a board field: address, contact phone, page furniture).
LABELS: dict[str, str] = {}


def _labels(kind: str, *names: str) -> None:
    for name in names:
        LABELS[name] = kind


_labels(
    "lot_name", "停车场名称", "车场名称", "停车场名", "停车点名称", "停车位置名称", "场所名称", "项目名称", "停车场"
)
_labels(
    "operator",
    "收费单位",
    "经营单位",
    "管理单位",
    "经营者",
    "运营单位",
    "经营管理单位",
    "运营管理单位",
    "收费主体",
    "经营主体",
    "运营主体",
    "运营商",
    "经营者名称",
    "经营单位名称",
    "收费单位名称",
    "管理单位名称",
    "停车场经营者",
    "停车场管理单位",
    "停车场经营单位",
    "经营企业",
    "收费单位全称",
    "经营者全称",
    "运营方",
    "管理方",
    "经营方",
    "收费方",
    "物业服务企业",
    "管理者",
    "停车场管理者",
    "运营者",
    "收费者",
    "停车场管理方",
    "停车场运营单位",
    "停车场运营方",
    "物业管理单位",
    "服务单位",
    "收费人",
    "经营管理者",
)
_labels("operator_credit_code", "统一社会信用代码", "社会信用代码", "信用代码", "统一代码")
_labels(
    "pricing_form",
    "定价形式",
    "收费性质",
    "价格类型",
    "价格形式",
    "定价方式",
    "价格管理形式",
    "收费类型",
    "价格性质",
    "定价类型",
    "价格管理方式",
    "收费形式",
    "价格管理类型",
    "计价形式",
    "收费定价形式",
    "价格管理",
    "价格类别",
    "定价类别",
    "收费类别",
    "价格管理类别",
)
_labels(
    "fee_basis",
    "收费依据",
    "定价依据",
    "批准文号",
    "价格批复",
    "批复文号",
    "审批文号",
    "核准文号",
    "价格依据",
    "收费文件",
    "政策依据",
    "文件依据",
    "批准文件",
    "批复文件",
    "价格批准文号",
    "收费批准文号",
    "依据文件",
    "价格文件",
    "价格批文",
    "批文",
    "收费批文",
    "定价文件",
    "收费许可",
)
_labels(
    "approval_valid_until",
    "有效期至",
    "有效期",
    "有效期限",
    "有效截止日期",
    "执行期限",
    "批复有效期",
    "有效截止时间",
    "截止日期",
    "执行期至",
    "有效日期",
    "执行时间",
    "执行期间",
    "有效期间",
    "执行期",
    "试行期",
)
# these give a period: only its end (a second date) is a validity end, a single date is a start
_PERIOD_LABELS = frozenset({"执行时间", "执行期间", "有效期间", "执行期", "试行期"})
_labels(
    "hotlines",
    "举报电话",
    "监督电话",
    "投诉电话",
    "价格举报",
    "投诉举报电话",
    "价格举报电话",
    "价格监督电话",
    "投诉举报",
    "举报投诉电话",
    "监督举报电话",
    "价格投诉电话",
    "举报投诉",
    "监督投诉电话",
    "价格监督",
    "投诉热线",
    "举报热线",
    "监督热线",
    "价格投诉举报电话",
    "价格监督举报电话",
    "投诉监督电话",
    "消费投诉电话",
    "价格投诉",
    "监督举报",
    "投诉",
)
_labels(
    "charging_hours",
    "收费时间",
    "收费时段",
    "营业时间",
    "计费时间",
    "开放时间",
    "服务时间",
    "收费起止时间",
    "经营时间",
    "运营时间",
    "计费时段",
)
_labels(
    "free_minutes",
    "免费时长",
    "免费停放",
    "免费时间",
    "免费停车时长",
    "免费停车时间",
    "免费时段",
    "免费停车",
    "免费停放时间",
    "免费停放时长",
)
_labels("billing_unit", "计费方式", "计费单位", "收费方式", "计时单位", "计费标准", "计费办法")
_labels("rounding", "计费规则", "计费说明", "计时规则")
_labels(
    "cap",
    "最高收费",
    "封顶",
    "最高限价",
    "收费上限",
    "封顶价",
    "最高限额",
    "日最高收费",
    "每日最高",
    "封顶价格",
    "最高收费标准",
    "每日封顶",
    "单日封顶",
    "单日最高",
    "日封顶",
    "每日封顶价",
    "每车每日最高收费",
    "每日最高收费",
    "24小时封顶",
    "24小时最高收费",
    "全天封顶",
    "当日封顶",
)
_labels(
    "exempt_vehicles",
    "免收",
    "免费车辆",
    "免收车辆",
    "免费停放车辆",
    "免收停车费车辆",
    "减免车辆",
    "免费对象",
    "减免政策",
    "减免规定",
    "免收费车辆",
    "免费范围",
    "免收范围",
    "免费停车车辆",
    "减免范围",
)
_labels(
    "berths",
    "泊位数",
    "车位数",
    "泊位",
    "车位",
    "停车泊位",
    "停车位",
    "总泊位",
    "总车位",
    "车位总数",
    "泊位总数",
    "停车位数量",
    "车位数量",
    "泊位数量",
    "泊位个数",
    "车位个数",
    "停车泊位数",
)
_labels("issuer", "监制单位", "监制", "监制机关")
_labels("service_items", "服务项目", "收费项目", "服务内容", "收费内容")
_labels(
    "price",
    "收费标准",
    "收费价格",
    "价格标准",
    "停车收费标准",
    "临时停车收费标准",
    "收费金额",
    "停车费",
    "价格",
    "标准",
    "停车收费",
    "收费明细",
    "价目",
    "收费额度",
)
_labels(
    "price_kept",
    "包月",
    "月卡",
    "月租",
    "包年",
    "年卡",
    "临时停车",
    "临停",
    "计次",
    "夜间包月",
    "白天",
    "夜间",
    "日间",
    "小型车",
    "大型车",
    "小车",
    "大车",
    "摩托车",
    "新能源汽车",
    "新能源车",
)
_labels(
    "other",
    "地址",
    "停车场地址",
    "场所地址",
    "位置",
    "联系电话",
    "服务电话",
    "咨询电话",
    "客服电话",
    "值班电话",
    "管理电话",
    "联系人",
    "负责人",
    "主办单位",
    "承办单位",
    "网站标识码",
    "备案号",
    "发布时间",
    "发布日期",
    "来源",
    "信息来源",
    "作者",
    "浏览次数",
    "点击数",
    "技术支持",
    "邮编",
    "邮箱",
    "传真",
    "日期",
    "更新时间",
    "索引号",
    "所属区域",
    "区域",
    "所在区域",
    "类别",
    "分类",
    "停车场类型",
    "停车场类别",
    "备注",
    "说明",
    "温馨提示",
    "注",
)

# Labels that are ordinary words too: they count only when a colon (or a bracket) follows. Every cap
# label ("每日最高收费20元" is a price sentence) and every price header (小型车, 夜间, 月卡) is one.
_WEAK_LABELS = frozenset(
    {name for name, kind in LABELS.items() if kind in ("cap", "price_kept")}
    | {
        "停车场",
        "免收",
        "泊位",
        "车位",
        "监制",
        "价格",
        "标准",
        "停车费",
        "停车收费",
        "免费停放",
        "免费停车",
        "有效期",
        "投诉",
        "价格监督",
        "价格举报",
        "价格投诉",
        "位置",
        "来源",
        "作者",
        "日期",
        "区域",
        "类别",
        "分类",
        "备注",
        "说明",
        "注",
        "收费内容",
        "价目",
        "管理方",
        "经营方",
        "收费方",
        "运营方",
        "收费人",
        "服务单位",
        "价格管理",
        "截止日期",
        "有效日期",
        "地址",
        "监督举报",
        "投诉举报",
        "举报投诉",
        "服务内容",
    }
)

_SEP_BEFORE = set(" \t,，。；;、|】])）:>《")
_VALUE_LEAD = re.compile(r"(?:如下)?[\s:：|】\]为是]*")  # use with .match only


_Trie = dict[str, "_Trie"]  # "" marks the end of a word


def _trie_pattern(words: Sequence[str]) -> str:
    """One regex alternation as a prefix tree (much faster than 300 flat alternatives); longest first."""
    trie: _Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_LABEL_RE = re.compile(
    r"(" + _trie_pattern(list(LABELS)) + r")(?:】|\])?(?:\((?:盖章|全称|名称|签章|公章)\))?"
    r"( ?[:|\t])?"
)
_SINGLE_STOP = re.compile(r"[，,。；;|\t]| (?=\S)")  # single-valued fields end here
_SENTENCE_STOP = re.compile(r"[。；;\t]")  # other values end at the end of the sentence
_CLAUSE_STOP = re.compile(r"[，,。；;|\t]")

# Amounts
_CN_DIGITS = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"
_AMOUNT_RE = re.compile(
    r"[¥]\s?\d+(?:\.\d+)?(?:元)?|(?<![\d.])\d+(?:\.\d+)?\s?(?:元|块)|"
    r"(?<![" + _CN_DIGITS + r"])[" + _CN_DIGITS + r"]+(?:点[" + _CN_DIGITS + r"]+)?(?:元|块)"
)
_CN_AMOUNT_RE = re.compile(
    r"(?<!["
    + _CN_DIGITS
    + r"\d])["
    + _CN_DIGITS
    + r"]+(?:点["
    + _CN_DIGITS
    + r"]+)?(?:元|块)(?:["
    + _CN_DIGITS
    + r"]+角)?"
)

_NUM = r"(?<![\d.])(\d+(?:\.\d+)?|[" + _CN_DIGITS + r"半]+)"
_TIME_UNIT = r"(分钟|分|个小时|小时|个钟头|钟头|h|H)"

_FREE_RES = (
    re.compile(
        r"(?:首|前|头)?" + _NUM + _TIME_UNIT + r"(?:以内|之内|内|以下|以下含)?"
        r"(?:\((?:含|包含|包括)?[^)\n]{0,8}\))?(?:离场|离开|驶离|出场)?(?:的)?(?:车辆)?(?:停车|停放)?(?:实行|给予)?(?:免费|不收费|免收)"
    ),
    re.compile(r"免费(?:停放|停车)?(?:时长|时间)?(?:为|:)?" + _NUM + _TIME_UNIT),
    re.compile(
        r"(?:停车|停放)?(?:不超过|不足|未满|未超过)" + _NUM + _TIME_UNIT + r"(?:的)?(?:车辆)?(?:不收费|免费|免收)"
    ),
    re.compile(r"(?:首|前|头)()(半小时|小时|个小时)(?:内)?(?:停车|停放)?(?:免费|不收费|免收)"),
)
_NEV_RE = re.compile(r"新能源|电动")
_ROUND_RE = re.compile(
    r"(?:超过[^，,。；;\n]{0,10}?)?(?:不足|未满|不满|少于|未超过)[^，,。；;\n]{1,12}?(?:的部分|部分|的)?(?:按|以|算)"
    r"[^，,。；;\n]{1,12}?(?:计费|计算|计收|收费|收取|计)"
)
_CAP_RE = re.compile(
    r"[^，,。；;:|\n]{0,24}?(?:最高|封顶|上限|限价|最多收|不超过)[^，,。；;|\n]{0,20}?(?:\d+(?:\.\d+)?元|¥\s?\d+(?:\.\d+)?)(?:封顶)?|"
    r"[^，,。；;:|\n]{0,24}?"
    r"[" + _CN_DIGITS + r"]+元封顶"
)
_CAP_24_RE = re.compile(r"24小时|每日|每天|当日|全天|一天|日最高|一日|24h|二十四小时")
_UNIT_RE = re.compile(
    r"每(\d+|[" + _CN_DIGITS + r"]+)?(个)?(半小时|小时|分钟|钟头|次|天|日|晚|月)"
    r"|/(\d+)?(半小时|小时|分钟|次|天|日|h|H)"
    r"|(按次|计次|按小时|按天|按日)"
)
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s?[年.\-/]\s?(\d{1,2})\s?[月.\-/]\s?(\d{1,2})(?:日|号)?")
_APPROVAL_RE = re.compile(
    r"([\u4e00-\u9fff]{1,14})\s?[〔\[【(〈<{⟦]\s?((?:19|20)\d{2})\s?[〕\]】)〉>}⟧]\s?(?:第)?\s?(\d{1,5})\s?号"
)
_APPROVAL_LEAD = re.compile(
    r"^.*(?:根据|依据|按照|参照|执行|批准|文号|号文|详见|见|为|是|经|按|据|:|》|"
    r"发改委|委员会|物价局|管理局|发改局|改革局|人民政府|机关)"
)
_HOTLINE_NUM_RE = re.compile(
    r"(?<![\d-])(?:\(0\d{2,3}\)\s?\d{7,8}|0\d{2,3}\s?[-\s]?\s?\d{7,8}|1[3-9]\d{9}|12315|12345|12358|12365|\d{7,8})(?!\d)"
)
_NATIONAL_HOTLINE_RE = re.compile(r"(?<![\dA-Za-z\-])(12315|12345|12358)(?![\dA-Za-z])")
_HOTLINE_CONTEXT = re.compile(r"举报|投诉|监督|维权")
_NOT_HOTLINE_CONTEXT = re.compile(r"联系电话|服务电话|咨询电话|客服|值班电话|管理电话|预约|联系人|传真")
_TIME_RANGE_RE = re.compile(
    r"(?:早|上午|晨)?(\d{1,2})(?:[:.](\d{2})|[点时](\d{1,2})?分?)?\s?(?:-|~|至|到)\s?(?:次日|第二天|翌日|晚|下午)?"
    r"(\d{1,2})(?:[:.](\d{2})|[点时](\d{1,2})?分?)?"
)
_ALL_DAY_RE = re.compile(r"24小时|全天|全日|昼夜|二十四小时|0?0:00-24:00")
_ALL_DAY_FREE_TEXT_RE = re.compile(
    r"(?:全天|全日)?(?:24|二十四)小时(?:收费|营业|开放|计费|服务)|全天(?:收费|计费|开放)"
)
_CHARGE_HOURS_FREE_RE = re.compile(r"(?:每日|每天|收费时间为?|收费时段为?)(?:早)?\d{1,2}[:.点时]")

_EXEMPT_VOCAB = re.compile(
    r"(?:执行(?:公务|任务|紧急任务)(?:的)?)?"
    r"(军车|军队车辆|部队车辆|武警车辆|军警车辆|警车|公安车辆|消防车|消防车辆|救护车|急救车|医疗救护车|"
    r"工程(?:抢险|救险)车(?:辆)?|抢险(?:救灾)?车(?:辆)?|救险车(?:辆)?|应急(?:救援|抢险)车(?:辆)?|殡(?:葬|仪)车(?:辆)?|灵车|"
    r"残疾人[\u4e00-\u9fff]{0,5}?车(?:辆)?|环卫车(?:辆)?|市政(?:抢修)?车(?:辆)?|邮政车(?:辆)?|公交车(?:辆)?|"
    r"校车|执法车(?:辆)?|特种车(?:辆)?)"
)
_EXEMPT_CONTEXT = re.compile(r"免费|免收|免征|减免|不收费|免予|免交")
_VEHICLE_RE = re.compile(
    r"(小型车|小车|小型汽车|小型客车|小客车|小型机动车|小型载客汽车|轿车|微型车|"
    r"大型车|大车|大型汽车|大型客车|大客车|大型机动车|大中型车|中大型车|中型车|货车|大货车|客车|"
    r"(?<!\d)\d+座(?:\(含\))?以[上下]|摩托车|二轮|三轮|新能源(?:汽车|车)?|电动车|残疾人)"
)
_DAY_RE = re.compile(r"白天|日间|白日|昼间")
_NIGHT_RE = re.compile(r"夜间|晚间|夜晚|晚上|夜里")
_BAND_STRIP_RE = re.compile(
    r"白天|日间|白日|昼间|夜间|晚间|夜晚|晚上|\(?\d{1,2}[:.]\d{2}\s?[-~至到]\s?(?:次日)?\d{1,2}[:.]\d{2}\)?"
)
_PRICE_WORD_RE = re.compile(
    r"免费|不收费|免收|不足|未满|封顶|最高|首小时|首\d|首半小时|每小时|每半小时|每\d+分钟|每\d+小时|计费|"
    r"按次|每次|包月|月卡|月租|年卡|包年|小型车|大型车|中型车|小车|大车|摩托车|新能源|白天|夜间|日间|晚间|"
    r"元/|/小时|/次|/半小时|收费时间|收费时段"
)
_NOT_PRICE_RE = re.compile(r"举报|投诉|监督电话|监制|统一社会信用代码|〔|有效期|批复|文号|拨打|热线")
_UNIT_WORD_RE = re.compile(
    r"小时|分钟|钟头|半小时|(?<!\d)\d+h|次|月|年|天|日|晚|夜|/|每|首|封顶|最高|上限|超过|以上|以内|以后|之后|"
    r"内|后|起|计|时段|全天|包|前|满"
)
_BAND_START_RE = re.compile(r"(?:白天|日间|白日|昼间|夜间|晚间|夜晚|晚上|\(?\d{1,2}[:.]\d{2})")
_BAND_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}\s?[-~至到]")
_CAP_WORD_RE = re.compile(r"最高|封顶|上限|限价|不超过")
_PASS_RE = re.compile(r"月卡|包月|月租|年卡|包年|季卡|/月|/年|每月|每年")
_CLAUSE_SPLIT = re.compile(r"[，,。；;]")
_GENERIC_PRICE_LABEL_RE = re.compile(
    r"(?:【|\[)?(?:临时停车收费标准|停车收费标准|收费标准|收费价格|价格标准|收费金额|收费明细|收费额度|价目|"
    r"停车收费|停车费|价格|标准)(?:】|\])?(?:如下)?\s?:?"
)
_SERVICE_RE = re.compile(r"临时停车|临时停放|临停|包月|月卡|月租|包年|年卡|计次|按次|次卡|季卡|计时")
_SERVICE_CANON = {
    "临时停车": "临时停车",
    "临时停放": "临时停车",
    "临停": "临时停车",
    "计时": "临时停车",
    "包月": "包月",
    "月卡": "包月",
    "月租": "包月",
    "包年": "包年",
    "年卡": "包年",
    "计次": "计次",
    "按次": "计次",
    "次卡": "计次",
    "季卡": "包季",
}
_FORM_RE = re.compile(r"市场调节价?|市场调节|政府指导价?|政府定价|自主定价|市场价")
_FORM_CANON = (
    ("市场调节", "market"),
    ("自主定价", "market"),
    ("市场价", "market"),
    ("政府指导", "guided"),
    ("政府定价", "government"),
)
_FORM_NEGATION = re.compile(r"(?:不|非|未|不属于|不实行|不执行)[\u4e00-\u9fff]{0,3}$")
_ISSUER_AGENCY = (
    r"(?:物价局|价格监督检查局|价格监督检查与反垄断局|市场监督管理局|市场监管局|"
    r"发展和改革委员会|发展改革委员会|发展和改革局|发展改革局|发展改革委|发改委|发改局|"
    r"工商行政管理局|工商局|价格监测中心|价格认证中心|物价所|价格所)"
)
_ISSUER_RE = re.compile(r"([\u4e00-\u9fff]{0,14}?" + _ISSUER_AGENCY + r")\s?(?:统一)?(?:监制|印制|制作|制)")
_ISSUER_LINE_RE = re.compile(r"^([\u4e00-\u9fff]{0,14}" + _ISSUER_AGENCY + r")(?:\s?\d{4}年(?:\d{1,2}月)?)?$")
_ISSUER_LEAD = re.compile(r"^.*(?:由|为|:|本牌|此牌|本表|本公示牌)")
_OPERATOR_FREE_RE = re.compile(
    r"由([\u4e00-\u9fffA-Za-z0-9()（）]{2,40}(?:公司|集团|中心|管理处|物业|合作社|委员会|医院|酒店|宾馆|"
    r"管理所|管理站|服务站|服务部|商行|经营部|大厦|学校|协会|局))(?:负责)?(?:统一)?(?:经营|管理|运营|收费|收取)"
)
_CREDIT_RE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_CREDIT_LOOSE_RE = re.compile(r"[0-9A-Za-z]{15,20}")
_BERTHS_FREE_RE = re.compile(
    r"(?:共有|共设|设有|现有|拥有|共计|共|合计|提供)(?:停车)?(?:泊位|车位|停车位)?(\d{1,5})\s?个(?:停车)?(?:泊位|车位|停车位)?"
    r"|(?:泊位|车位|停车位)(?:共|总数|数量|数)?(?:为)?(\d{1,5})\s?个"
)
_TITLE_SUFFIX_RE = re.compile(
    r"(?:机动车)?(?:停放服务|停车服务)?(?:停车)?(?:收费)?(?:价格)?(?:标准)?(?:公示牌|公示栏|公示|明码标价牌|明码标价|价目表|收费表|一览表|收费牌|价格牌|告示|须知|公告|通告|说明|标准)+$"
)
_TITLE_LOT_RE = re.compile(r"(停车场|停车库|停车楼|停车区|停车位|泊位|车场|车库|停车点|停车坪)")
_WEB_TITLE_CUT = re.compile(r"[_|]| - ")


def cn_number(text: str) -> float | None:
    """Chinese or Arabic numeral → number ("十五" → 15, "两" → 2, "壹拾" → 10, "半" → 0.5)."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if text == "半":
        return 0.5
    number = chinese_number(text)
    return None if number is None else float(number)


def _minutes(num: str, unit: str) -> int | None:
    if num == "":  # 首小时免费 / 首半小时免费
        num, unit = ("半", "小时") if unit == "半小时" else ("1", unit)
    value = cn_number(num)
    if value is None:
        return None
    if unit in ("分钟", "分"):
        return round(value)
    return round(value * 60)


# --------------------------------------------------------------------------------------------
# Phase 1: the normalised text, its compact copy and its lines
# --------------------------------------------------------------------------------------------

_Span = tuple[int, int]  # compact offsets (start, end)
_Hit = tuple[str, int, int]  # a text found and its compact span


class _Ctx:
    def __init__(self, text: str, confidences: Sequence[float] | None) -> None:
        self.text = text
        norm = _normalise(text)
        self.norm = norm
        self.c, self.seg_c, self.seg_o = _compact(norm)
        self.line_starts: list[int] = [0]
        find = self.c.find
        i = find("\n")
        while i >= 0:
            self.line_starts.append(i + 1)
            i = find("\n", i + 1)
        self.conf = confidences

    def orig(self, cpos: int) -> int:
        i = bisect_right(self.seg_c, cpos) - 1
        return self.seg_o[i] + (cpos - self.seg_c[i])

    def span(self, cs: int, ce: int) -> tuple[int, int]:
        if ce <= cs:
            o = self.orig(cs)
            return (o, o)
        return (self.orig(cs), self.orig(ce - 1) + 1)

    def line_of(self, cpos: int) -> int:
        return bisect_right(self.line_starts, cpos) - 1

    def confidence(self, cs: int, ce: int) -> float:
        if self.conf is None:
            return 1.0
        a = self.line_of(cs)
        b = self.line_of(max(cs, ce - 1))
        return min(self.conf[a : b + 1])

    def reading(self, value: object, cs: int, ce: int, extra: Sequence[_Span] = ()) -> Reading:
        conf = self.confidence(cs, ce)
        lo, hi = cs, ce
        for s, e in extra:
            conf = min(conf, self.confidence(s, e))
            lo, hi = min(lo, s), max(hi, e)
        return Reading(value=value, confidence=conf, span=self.span(lo, hi))

    def line_text(self, i: int) -> _Span:
        s = self.line_starts[i]
        e = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.c)
        return s, e


def _check_confidences(text: str, line_confidences: Sequence[float] | None) -> list[float] | None:
    if line_confidences is None:
        return None
    n_lines = text.count("\n") + 1
    confs = [float(c) for c in line_confidences]
    if len(confs) == n_lines - 1 and text.endswith("\n"):
        confs.append(1.0)  # the empty line after a final newline
    if len(confs) != n_lines:
        raise ValueError(
            f"line_confidences has {len(confs)} values but the text has {n_lines} lines "
            f"(行置信度数量 {len(confs)} 与文本行数 {n_lines} 不符)"
        )
    for i, c in enumerate(confs):
        if math.isnan(c) or c < 0.0 or c > 1.0:
            raise ValueError(f"line_confidences[{i}] = {c} is not within 0..1 (置信度须在0到1之间)")
    return confs


# --------------------------------------------------------------------------------------------
# Phase 2: lines cut at labels, and where each labelled field's value is
# --------------------------------------------------------------------------------------------


@dataclass
class _Seg:
    kind: str  # field name, "price", "price_kept", "other", or "" (unlabelled)
    label: str
    start: int  # compact offset of the label (or of the text when unlabelled)
    vstart: int  # compact offset of the value
    vend: int
    line: int


@dataclass
class _Label:
    start: int  # compact offset of the label (of its opening bracket when bracketed)
    vstart: int  # compact offset of the value
    label: str
    colon: bool  # a colon (or a closing bracket) follows the label


def _lead_end(text: str, pos: int, endpos: int | None = None) -> int:
    """Where the value proper starts after `pos` (past "如下：", colons, brackets, "为")."""
    m = _VALUE_LEAD.match(text, pos, len(text) if endpos is None else endpos)
    return m.end() if m else pos


def _label_counts(c: str, ls: int, le: int, s: int, m: re.Match[str], sep: str, colon: bool) -> bool:
    """Whether a label word found at `s` in line [ls, le) is a label there, not an ordinary word."""
    label = m.group(1)
    before = c[s - 1] if s > ls else " "
    opens = s == ls or before in _SEP_BEFORE
    if label not in _WEAK_LABELS:
        return opens or colon
    # a weak label needs a colon, its own brackets, or a table cell of its own
    bracketed = c[s] in "【["
    if sep == ":" or (bracketed and m.group(0).endswith(("】", "]"))) or (bool(sep) and opens):
        return True
    # a weak label alone on its line (a table header) also counts
    return opens and c[ls + m.end() : le].strip() == "" and LABELS[label] not in ("price_kept",)


def _line_labels(c: str, ls: int, le: int) -> list[_Label]:
    found: list[_Label] = []
    for m in _LABEL_RE.finditer(c[ls:le]):
        s = ls + m.start()
        if s > ls and c[s - 1] in "【[":
            s -= 1  # "【收费单位】"
        sep = (m.group(2) or "").strip(" ")
        colon = bool(sep) or m.group(0).endswith(("】", "]"))
        if not _label_counts(c, ls, le, s, m, sep, colon):
            continue
        if found and s < found[-1].vstart:
            continue
        if found and found[-1].colon and _lead_end(c, found[-1].vstart, s) == s:
            continue  # "最高收费：每日最高…": a label word opening the previous label's value
        found.append(_Label(s, ls + m.end(), m.group(1), colon))
    return found


def _segments(ctx: _Ctx) -> list[_Seg]:
    """Every line cut at its labels: a segment per label (its value runs to the next label or the end
    of the line) and one for unlabelled text before the first label."""
    segs: list[_Seg] = []
    for li in range(len(ctx.line_starts)):
        ls, le = ctx.line_text(li)
        found = _line_labels(ctx.c, ls, le)
        if not found:
            if ls < le:
                segs.append(_Seg("", "", ls, ls, le, li))
            continue
        if found[0].start > ls:
            segs.append(_Seg("", "", ls, ls, found[0].start, li))
        for k, lab in enumerate(found):
            ve = found[k + 1].start if k + 1 < len(found) else le
            segs.append(_Seg(LABELS[lab.label], lab.label, lab.start, lab.vstart, ve, li))
    return segs


def _value_bounds(c: str, s: int, e: int, stop_re: re.Pattern[str]) -> _Span:
    m = _VALUE_LEAD.match(c, s, e)
    if m:
        s = m.end()
    stop = stop_re.search(c, s, e)
    if stop:
        e = stop.start()
    while e > s and c[e - 1] in " ,，。;；|:【】[]、":
        e -= 1
    return s, e


def _next_line_value(ctx: _Ctx, seg: _Seg, segs: list[_Seg], idx: int) -> _Span | None:
    """A label alone at the end of its line: the value is the next line, if it carries no label."""
    for nxt in segs[idx + 1 :]:
        if nxt.line == seg.line:
            return None
        if nxt.line != seg.line + 1:
            return None
        if nxt.kind != "":
            return None
        s, e = _value_bounds(ctx.c, nxt.vstart, nxt.vend, _SINGLE_STOP)
        return (s, e) if e > s else None
    return None


_NOT_FIELDS = ("", "price", "price_kept", "other")
_SINGLE_VALUED = frozenset({"lot_name", "operator", "operator_credit_code", "berths", "issuer", "approval_valid_until"})


def _value_stop(kind: str) -> re.Pattern[str]:
    if kind == "fee_basis":
        return _CLAUSE_STOP  # "岳发改价调 【2019] 120号": OCR spaces inside the number
    return _SINGLE_STOP if kind in _SINGLE_VALUED else _SENTENCE_STOP


def _labelled_values(ctx: _Ctx, segs: list[_Seg]) -> tuple[dict[str, list[_Span]], set[_Span]]:
    """Each labelled field's values (compact spans, in text order), and those given by a period label."""
    labelled: dict[str, list[_Span]] = {}
    period_only: set[_Span] = set()
    for idx, seg in enumerate(segs):
        if seg.kind in _NOT_FIELDS:
            continue
        s, e = _value_bounds(ctx.c, seg.vstart, seg.vend, _value_stop(seg.kind))
        if e <= s and seg.kind != "hotlines":
            below = _next_line_value(ctx, seg, segs, idx)
            if below is None:
                continue
            s, e = below
        labelled.setdefault(seg.kind, []).append((s, e))
        if seg.label in _PERIOD_LABELS:
            period_only.add((s, e))
    return labelled, period_only


# --------------------------------------------------------------------------------------------
# Values: what a piece of text says (shared by the labelled and the free-wording readers)
# --------------------------------------------------------------------------------------------


def _name(v: str) -> str:
    """Names keep Chinese full-width brackets whatever width the board used."""
    return v.replace("(", "（").replace(")", "）")


def _long_name(v: str) -> str | None:
    return _name(v) if len(v) >= 2 else None


def _operator_name(v: str) -> str | None:
    return _name(v) if len(v) >= 2 and not v.isdigit() else None


def _clean_value(v: str) -> str:
    v = v.strip().strip("|")
    v = re.sub(r"[(（]盖章[)）]$", "", v)
    return v.strip()


def _approval_numbers(c: str, s: int, e: int) -> list[_Hit]:
    out = []
    for m in _APPROVAL_RE.finditer(c, s, e):
        prefix = m.group(1)
        cut = _APPROVAL_LEAD.match(prefix)
        offset = 0
        if cut:
            offset = cut.end()
            prefix = prefix[offset:]
        prefix = re.sub(r"^(?:的|《[^》]*》?)", "", prefix)
        if not prefix:
            continue
        start = m.start(1) + (len(m.group(1)) - len(prefix))
        out.append((f"{prefix}〔{m.group(2)}〕{int(m.group(3))}号", start, m.end()))
    return out


_TICKS = "☑✓√■✔☒●▇▣"
_BOXES = "□☐○◯"
_TICKED_BEFORE_RE = re.compile(r"[" + _TICKS + r"]\s?(市场调节价?|政府指导价?|政府定价)")
_TICKED_AFTER_RE = re.compile(r"(市场调节价?|政府指导价?|政府定价)\s?[" + _TICKS + r"]")
_FORM_CHOICES_RE = re.compile(r"[" + _BOXES + _TICKS + r"]")


def _pricing_form(value: str) -> str | None:
    if _FORM_CHOICES_RE.search(value) or len(_FORM_RE.findall(value)) > 1:
        # a template with boxes: "□政府定价 □政府指导价 ☑市场调节价" — only the ticked one counts;
        # the first character tells whether the boxes stand before or after their words
        before = value.lstrip()[:1] in _BOXES + _TICKS
        m = (_TICKED_BEFORE_RE if before else _TICKED_AFTER_RE).search(value)
        if not m:
            return None
        value = m.group(1)
    for key, form in _FORM_CANON:
        if key in value:
            return form
    if "指导" in value:
        return "guided"
    if "调节" in value:
        return "market"
    return None


_VALID_YEARS_RE = re.compile(r"(\d|[一二两三四五六七八九十])\s?年(?!\d|[一二三四五六七八九十]+月)")


def _add_years(m: re.Match[str], count: str) -> str | None:
    """The last day of a validity of `count` years starting on the date matched by `m`."""
    n = cn_number(count)
    if n is None:
        return None
    try:
        start = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        end = (
            date(start.year + int(n), start.month, start.day)
            if not (start.month == 2 and start.day == 29)
            else date(start.year + int(n), 3, 1)
        )
    except ValueError:
        return None
    return date.fromordinal(end.toordinal() - 1).isoformat()


def _iso(m: re.Match[str]) -> str | None:
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _hhmm(h: str, m1: str | None, m2: str | None) -> str | None:
    hour = int(h)
    minute = int(m1 or m2 or 0)
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _charging_hours(v: str) -> str | None:
    found = _charging_hours_at(v)
    return found[0] if found else None


def _charging_hours_at(v: str) -> _Hit | None:
    """The charging hours in `v` and where they are (offsets in `v`)."""
    m = _ALL_DAY_RE.search(v)
    if m:
        return ("24小时", m.start(), m.end())
    ranges = []
    where: list[int] = []
    for m in _TIME_RANGE_RE.finditer(v):
        worded = m.group(2) or m.group(3) is not None or "点" in m.group(0) or "时" in m.group(0)
        if not worded and not re.search(r"[:.点时]", m.group(0)):
            continue  # plain "8-20" only counts with a time word nearby
        a = _hhmm(m.group(1), m.group(2), m.group(3))
        b_hour = m.group(4)
        if ("晚" in m.group(0) or "下午" in m.group(0)) and int(b_hour) < 12:
            b_hour = str(int(b_hour) + 12)
        b = _hhmm(b_hour, m.group(5), m.group(6))
        if a and b:
            ranges.append(f"{a}-{b}")
            where.extend(m.span())
    if ranges:
        return (",".join(dict.fromkeys(ranges)), min(where), max(where))
    return None


def _billing_unit(v: str) -> str | None:
    m = _UNIT_RE.search(v)
    if not m:
        return None
    if m.group(3):
        num = m.group(1) or ""
        if num and not num.isdigit():
            n = cn_number(num)
            num = str(int(n)) if n is not None and n == int(n) else num
        if num == "1" and m.group(3) in ("小时", "次", "天", "日"):
            num = ""
        return f"每{num}{m.group(3)}"
    if m.group(5):
        unit = {"h": "小时", "H": "小时"}.get(m.group(5), m.group(5))
        num = m.group(4) or ""
        if num == "1":
            num = ""
        return f"每{num}{unit}"
    word = m.group(6)
    return {"按次": "每次", "计次": "每次", "按小时": "每小时", "按天": "每天", "按日": "每日"}[word]


def _hotline_numbers(c: str, s: int, e: int) -> list[_Hit]:
    out = []
    for m in _HOTLINE_NUM_RE.finditer(c, s, e):
        raw = m.group(0)
        digits = re.sub(r"[^\d]", "", raw)
        if (len(digits) in (11, 12) and digits.startswith("0")) or (raw.startswith("(") and len(digits) >= 10):
            area_len = 4 if digits[:4] not in ("0100", "0200") and len(digits) in (11, 12) else 3
            if digits.startswith(("010", "020", "021", "022", "023", "024", "025", "027", "028", "029")):
                area_len = 3
            value = f"{digits[:area_len]}-{digits[area_len:]}"
        else:
            value = digits
        out.append((value, m.start(), m.end()))
    return out


def _exempt_items(v: str) -> list[str]:
    items = [m.group(1) for m in _EXEMPT_VOCAB.finditer(v)]
    if items:
        return list(dict.fromkeys(items))
    parts = re.split(r"[、，,;；/]|和|及", v)
    out = []
    for p in parts:
        p = re.sub(r"^(?:执行(?:公务|任务|紧急任务)的?|对|凡|持)", "", p)
        p = re.sub(r"(?:等)?(?:车辆)?(?:免费|免收|停放|停车|停车费|费用)*$", "", p)
        if 1 < len(p) <= 12 and ("车" in p or "人" in p):
            out.append(p)
    return list(dict.fromkeys(out))


def _service_items(v: str) -> list[str]:
    items = [_SERVICE_CANON[m.group(0)] for m in _SERVICE_RE.finditer(v)]
    if not items:
        items = [p for p in re.split(r"[、，,;；/ ]", v) if p]
    return list(dict.fromkeys(items))


def _clauses_of(c: str, s: int, e: int) -> list[_Span]:
    out = []
    pos = s
    bounds = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(c, s, e)] + [(e, e)]
    for a, b in bounds:
        cs, ce = pos, a
        while cs < ce and c[cs] in _CLAUSE_TRIM:
            cs += 1
        while ce > cs and c[ce - 1] in _CLAUSE_TRIM:
            ce -= 1
        if ce > cs:
            out.append((cs, ce))
        pos = b
    return out


_CLAUSE_TRIM = frozenset(" |\t:")


@lru_cache(maxsize=16)
def _stop_positions(c: str, stops: str) -> list[int]:
    """Where the clause stops are (computed once per text: long texts stay linear)."""
    rx = re.compile("[" + re.escape(stops) + "]")
    return [m.start() for m in rx.finditer(c)]


def _clause_around(c: str, s: int, e: int, stops: str = "，,。；;\n") -> _Span:
    pos = _stop_positions(c, stops)
    i = bisect_right(pos, s - 1)
    a = pos[i - 1] + 1 if i > 0 else 0
    j = bisect_right(pos, e - 1)
    b = pos[j] if j < len(pos) else len(c)
    while a < b and c[a] in " :|":
        a += 1
    return a, b


def _pick_approval(approvals: list[_Hit]) -> _Hit:
    # a lot approval is preferred to a normative document (…规〔2020〕801号: the provincial measures)
    for a in approvals:
        if "规" not in a[0]:
            return a
    return approvals[0]


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _credit_code_valid(code: str) -> bool:
    """GB 32100-2015 check digit."""
    try:
        total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(code[:17], _CREDIT_WEIGHTS, strict=True))
    except ValueError:
        return False
    check = (31 - total % 31) % 31
    return _CREDIT_CHARS[check] == code[17]


# --------------------------------------------------------------------------------------------
# Phase 3: the price clauses (the text the tariff reader gets, and the prices the flags judge)
# --------------------------------------------------------------------------------------------


@dataclass
class _Clause:
    s: int
    e: int
    line: int
    text: str
    seg_kind: str
    seg_start: int = -1  # the segment (labelled field or unlabelled line part) it belongs to


_ENUM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d{1,2}[、.](?!\d)|\(?[一二三四五六七八九十\d]{1,2}\)|[①②③④⑤⑥⑦⑧⑨⑩])\s?"
)
_YEN_RE = re.compile(r"¥\s?(\d+(?:\.\d+)?)(?:元)?")
_CELL_SEP_RE = re.compile(r"\s*[|\t]\s*")


def _cell_text(t: str) -> str:
    """A table row "|小型车|首小时5元|" reads as "小型车:首小时5元"; list numbers and ¥ are dropped."""
    t = t.strip().strip("|\t ").strip()
    t = _ENUM_RE.sub("", t)
    if "¥" in t:
        t = _YEN_RE.sub(r"\1元", t)
    return _CELL_SEP_RE.sub(":", t)


_CELL_SPLIT_RE = re.compile(r"\t+| ?\| ?| ")


def _table_rows(ctx: _Ctx) -> dict[int, str | None]:
    """A price table with a header row ("车型 首小时 之后每小时 封顶" / "小型车 5元 2元 30元"):
    line → the row read as a sentence ("小型车首小时5元之后每小时2元封顶30元"); None for the header."""
    c = ctx.c
    rows: dict[int, str | None] = {}
    header: list[str] | None = None
    for li in range(len(ctx.line_starts)):
        ls, le = ctx.line_text(li)
        line = c[ls:le].strip().strip("|").strip()
        cells = [x for x in _CELL_SPLIT_RE.split(line) if x != ""] if line else []
        if (
            len(cells) >= 3
            and not _AMOUNT_RE.search(line)
            and sum(1 for x in cells[1:] if _PRICE_WORD_RE.search(x) or _UNIT_WORD_RE.search(x)) >= len(cells) - 2
        ):
            header = cells
            rows[li] = None
            continue
        if header and cells and all(set(x) <= set("-:—") for x in cells):
            rows[li] = None  # the "| --- | --- |" rule under a markdown header
            continue
        if header and len(cells) == len(header) and _AMOUNT_RE.search(line):
            rows[li] = cells[0] + "，".join(
                h + v for h, v in zip(header[1:], cells[1:], strict=True) if v not in ("-", "/", "—")
            )
            continue
        if line:
            header = None
    return rows


_PRICE_KINDS = frozenset(
    {"price", "price_kept", "free_minutes", "billing_unit", "rounding", "cap", "charging_hours", "exempt_vehicles"}
)
_LABEL_LED = ("收费标准", "停车收费", "停车费", "价格", "标准", "【", "[")


def _unlabelled_clauses(c: str, seg: _Seg) -> list[_Clause]:
    """The clauses of unlabelled text that hold an amount or a tariff word."""
    out = []
    for s, e in _clauses_of(c, seg.vstart, seg.vend):
        t = _cell_text(c[s:e])
        if not t or _NOT_PRICE_RE.search(t):
            continue
        if not (_AMOUNT_RE.search(t) or _PRICE_WORD_RE.search(t)):
            continue
        t = _GENERIC_PRICE_LABEL_RE.sub("", t, count=1) if t.startswith(_LABEL_LED) else t
        if t and not (_FORM_RE.fullmatch(t)):
            out.append(_Clause(s, e, seg.line, t, "", seg.start))
    return out


def _labelled_clauses(c: str, seg: _Seg) -> list[_Clause]:
    """A labelled price field: its first clause in the tariff reader's wording, then the clauses
    after it that still read as prices."""
    out = []
    first_clause = True
    for s, e in _clauses_of(c, seg.vstart, seg.vend):
        t = _cell_text(c[s:e])
        if first_clause:
            t = t[_lead_end(t, 0) :]
            t = _tariff_wording(seg.kind, seg.label, t)
            s = seg.start if seg.kind == "price_kept" else s
        elif _NOT_PRICE_RE.search(t) or not (_AMOUNT_RE.search(t) or _PRICE_WORD_RE.search(t) or _ROUND_RE.search(t)):
            continue  # "…，停车场共有泊位156个" inside a price sentence is not price text
        first_clause = False
        if t:
            out.append(_Clause(s, e, seg.line, t, seg.kind, seg.start))
    return out


def _price_clauses(ctx: _Ctx, segs: list[_Seg]) -> list[_Clause]:
    c = ctx.c
    out: list[_Clause] = []
    table = _table_rows(ctx) if "\t" in c or " " in c or "|" in c else {}
    for seg in segs:
        if seg.kind not in _PRICE_KINDS and seg.kind != "":
            continue
        if seg.line in table:
            row = table[seg.line]
            table[seg.line] = None  # one clause per table row, whatever segments the row has
            if row:
                ls, le = ctx.line_text(seg.line)
                out.append(_Clause(ls, le, seg.line, row, "", ls))
        elif seg.kind == "":
            out.extend(_unlabelled_clauses(c, seg))
        else:
            out.extend(_labelled_clauses(c, seg))
    return out


_HAS_FREE_RE = re.compile(r"免费|免收|不收费|免征")


def _tariff_wording(kind: str, label: str, value: str) -> str:
    """A labelled price field as the sentence the tariff reader knows ("免费时长：15分钟" → "15分钟内免费")."""
    if not value:
        return value
    if kind == "price":
        return value
    if kind == "price_kept":
        return f"{label}:{value}"
    if kind == "free_minutes":
        return value if _HAS_FREE_RE.search(value) else f"{value}内免费"
    if kind == "cap":
        return value if _CAP_WORD_RE.search(value) else f"{label}{value}"
    if kind == "charging_hours":
        return "" if _ALL_DAY_RE.search(value) else f"收费时间{value}"
    if kind == "exempt_vehicles":
        return value if _HAS_FREE_RE.search(value) else f"{value}免费"
    if kind == "billing_unit":
        return value if _AMOUNT_RE.search(value) else ""
    return value


@dataclass
class _Board:
    """The text as the field readers see it: normalised, cut into labelled segments and price clauses."""

    ctx: _Ctx
    segs: list[_Seg]
    labelled: dict[str, list[_Span]]  # field → the spans of the values its labels gave, in text order
    period_only: set[_Span]  # values of period labels (执行期间): a single date there is a start
    clauses: list[_Clause]

    @cached_property
    def approvals_anywhere(self) -> list[_Hit]:
        return _approval_numbers(self.ctx.c, 0, len(self.ctx.c))


def _split(ctx: _Ctx) -> _Board:
    segs = _segments(ctx)
    labelled, period_only = _labelled_values(ctx, segs)
    return _Board(ctx, segs, labelled, period_only, _price_clauses(ctx, segs))


# --------------------------------------------------------------------------------------------
# Phase 4: the fields. First what the labels say (`_BY_LABEL`), then, for a field no label
# gave, what the free wording says (`_IN_WORDING`).
# --------------------------------------------------------------------------------------------

# A labelled value (cleaned text, its compact span, the board) → (field value, compact span) or None.
_ValueParser = Callable[[str, int, int, _Board], tuple[object, int, int] | None]
# The board and the fields its labels gave → the field read from free wording, or None.
_WordingReader = Callable[[_Board, Mapping[str, Reading]], Reading | None]


def _whole_value(read: Callable[[str], object]) -> _ValueParser:
    """A parser whose value, when `read` finds one, spans the whole labelled value."""

    def parse(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
        value = read(v)
        return (value, s, e) if value else None

    return parse


def _credit_code_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    m = _CREDIT_LOOSE_RE.search(v)
    return (m.group(0).upper(), s + m.start(), s + m.end()) if m else None


def _valid_until_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    ms = list(_DATE_RE.finditer(v))
    years = _VALID_YEARS_RE.search(v)
    if len(ms) == 1 and (s, e) in board.period_only:
        return None  # "执行时间：2019年7月1日" is when it started
    if len(ms) == 1 and years:  # "有效期两年（自2019年7月1日起）"
        end = _add_years(ms[0], years.group(1))
        if end:
            return (end, s + min(ms[0].start(), years.start()), s + max(ms[0].end(), years.end()))
    for m in reversed(ms):
        iso = _iso(m)
        if iso:
            return (iso, s + m.start(), s + m.end())
    return None


def _charging_hours_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    h = _charging_hours_at(v)
    return (h[0], s + h[1], s + h[2]) if h else None


_DURATION_RE = re.compile(_NUM + _TIME_UNIT)


def _free_minutes_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    for rx in (*_FREE_RES, _DURATION_RE):  # free wording first, else any duration under the label
        m = rx.search(v)
        if m:
            mins = _minutes(m.group(1), m.group(2))
            if mins is not None:
                return (mins, s + m.start(), s + m.end())
    return None


def _rounding_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    m = _ROUND_RE.search(v)
    return (m.group(0), s + m.start(), s + m.end()) if m else None


def _cap_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    if not re.search(r"\d|[" + _CN_DIGITS + "]", v):
        return None
    if _CAP_WORD_RE.search(v):
        return (v, s, e)
    for seg in board.segs:  # "封顶：20元" → "封顶20元": the label says what the amount is
        if seg.kind == "cap" and (seg.vstart <= s < seg.vend or seg.vend == s):
            joined = seg.label + v if re.match(r"[\d¥" + _CN_DIGITS + "]", v) else f"{seg.label}：{v}"
            return (joined, seg.start, e)
    return (v, s, e)


def _berths_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    m = re.search(r"\d{1,5}", v)
    if m:
        return (int(m.group(0)), s + m.start(), s + m.end())
    m = re.search(r"[" + _CN_DIGITS + "]+", v)
    if m:
        n = cn_number(m.group(0))
        if n is not None:
            return (int(n), s + m.start(), s + m.end())
    return None


_BY_LABEL: tuple[tuple[str, _ValueParser], ...] = (
    ("lot_name", _whole_value(_long_name)),
    ("operator", _whole_value(_operator_name)),
    ("operator_credit_code", _credit_code_value),
    ("pricing_form", _whole_value(_pricing_form)),
    ("fee_basis", _whole_value(_name)),
    ("approval_valid_until", _valid_until_value),
    ("charging_hours", _charging_hours_value),
    ("free_minutes", _free_minutes_value),
    ("billing_unit", _whole_value(_billing_unit)),
    ("rounding", _rounding_value),
    ("cap", _cap_value),
    ("exempt_vehicles", _whole_value(_exempt_items)),
    ("berths", _berths_value),
    ("issuer", _whole_value(_long_name)),
    ("service_items", _whole_value(_service_items)),
)


def _first_labelled(board: _Board, kind: str, parse: _ValueParser) -> Reading | None:
    """The first value under one of `kind`'s labels that `parse` accepts."""
    c = board.ctx.c
    for s, e in board.labelled.get(kind, ()):
        v = _clean_value(c[s:e])
        if not v:
            continue
        found = parse(v, s, e, board)
        if found is not None:
            value, vs, ve = found
            return board.ctx.reading(value, vs, ve)
    return None


def _hotlines(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """Every labelled hotline value, plus national numbers and numbers in complaint wording anywhere."""
    ctx, c = board.ctx, board.ctx.c
    hits: list[_Hit] = []
    for s, e in board.labelled.get("hotlines", ()):
        hits.extend(_hotline_numbers(c, s, e))
    other_spans = [(seg.vstart, seg.vend) for seg in board.segs if seg.kind == "other"]
    for m in _NATIONAL_HOTLINE_RE.finditer(c):
        if not any(a <= m.start() < b for a, b in other_spans):
            hits.append((m.group(1), m.start(), m.end()))
    for seg in board.segs:
        if seg.kind != "":
            continue
        for cs, ce in _clauses_of(c, seg.vstart, seg.vend):
            part = c[cs:ce]
            if _HOTLINE_CONTEXT.search(part) and not _NOT_HOTLINE_CONTEXT.search(part):
                hits.extend(_hotline_numbers(c, cs, ce))
    if not hits:
        return None
    hits.sort(key=lambda h: h[1])
    values = list(dict.fromkeys(h[0] for h in hits))
    lo = min(h[1] for h in hits)
    hi = max(h[2] for h in hits)
    conf = min(ctx.confidence(h[1], h[2]) for h in hits)
    return Reading(values, conf, ctx.span(lo, hi))


def _pricing_form_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    c = board.ctx.c
    basis_spans = board.labelled.get("fee_basis", [])
    for m in _FORM_RE.finditer(c):
        if any(a <= m.start() < b for a, b in basis_spans):
            continue  # "收费依据：市场调节价" is a fee basis, not a declared pricing form
        if _FORM_NEGATION.search(c[max(0, m.start() - 6) : m.start()]):
            continue
        if c[max(0, m.start() - 2) : m.start()].strip()[-1:] in _BOXES + _TICKS or (
            c[m.end() : m.end() + 2].strip()[:1] in _BOXES + _TICKS
        ):
            continue  # a choice box on a template that was not read as ticked above
        form = _pricing_form(m.group(0))
        if form:
            return board.ctx.reading(form, m.start(), m.end())
    return None


def _fee_basis_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """Unlabelled: the clause that cites an approval number is the fee basis."""
    if not board.approvals_anywhere:
        return None
    c = board.ctx.c
    _number, s, e = _pick_approval(board.approvals_anywhere)
    cs, ce = _clause_around(c, s, e)
    return board.ctx.reading(_name(_clean_value(c[cs:ce])), cs, ce)


def _approval_number_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The approval number the labelled fee basis cites, else the one the text cites anywhere."""
    approvals: list[_Hit] = []
    basis = by_label.get("fee_basis")
    if basis is not None:
        spans = board.labelled["fee_basis"]
        fs, fe = next((span for span in spans if board.ctx.span(*span) == basis.span), spans[0])
        approvals = _approval_numbers(board.ctx.c, fs, fe)
    approvals = approvals or board.approvals_anywhere
    if not approvals:
        return None
    number, s, e = _pick_approval(approvals)
    return board.ctx.reading(number, s, e)


_VALIDITY_WORD_RE = re.compile(r"有效期(?:至|到|截至|截止)?")


def _valid_until_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    c = board.ctx.c
    for m in _VALIDITY_WORD_RE.finditer(c):
        _cs, ce = _clause_around(c, m.start(), m.end(), stops="。；;\n")
        for d in reversed(list(_DATE_RE.finditer(c, m.end(), ce))):
            iso = _iso(d)
            if iso:
                return board.ctx.reading(iso, d.start(), d.end())
    return None


def _operator_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    m = _OPERATOR_FREE_RE.search(board.ctx.c)
    return board.ctx.reading(_name(m.group(1)), m.start(1), m.end(1)) if m else None


def _credit_code_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    for m in _CREDIT_RE.finditer(board.ctx.c):
        if _credit_code_valid(m.group(1)):
            return board.ctx.reading(m.group(1), m.start(1), m.end(1))
    return None


def _issuer_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    ctx = board.ctx
    m = _ISSUER_RE.search(ctx.c)
    if m is None:
        return _issuer_at_foot(ctx)
    name = m.group(1)
    cut = _ISSUER_LEAD.match(name)
    off = cut.end() if cut else 0
    return ctx.reading(name[off:], m.start(1) + off, m.end(1))


def _issuer_at_foot(ctx: _Ctx) -> Reading | None:
    """An agency name alone on one of the last two lines (the foot of an old board)."""
    tail: list[int] = []
    for li in range(len(ctx.line_starts) - 1, -1, -1):
        if ctx.line_text(li)[1] > ctx.line_text(li)[0]:
            tail.insert(0, li)
            if len(tail) == 2:
                break
    for li in tail:
        ls, le = ctx.line_text(li)
        m = _ISSUER_LINE_RE.match(ctx.c, ls, le)
        if m and m.end() == le:
            return ctx.reading(m.group(1), m.start(1), m.end(1))
    return None


def _berths_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    m = _BERTHS_FREE_RE.search(board.ctx.c)
    if m is None:
        return None
    g = 1 if m.group(1) else 2
    return board.ctx.reading(int(m.group(g)), m.start(g), m.end(g))


def _lot_name_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """A title among the first unlabelled lines that names a lot ("××停车场收费公示")."""
    c = board.ctx.c
    checked = 0
    for seg in board.segs:
        if checked >= 8:
            break
        if seg.kind != "" or seg.vend - seg.vstart < 3:
            continue
        checked += 1
        s, e = seg.vstart, seg.vend
        while s < e and c[s] in "#*=>-·• ":
            s += 1  # markdown / list marks before a title
        line = c[s:e]
        cut = _WEB_TITLE_CUT.search(line)
        if cut:
            e = s + cut.start()
            line = c[s:e]
        if _AMOUNT_RE.search(line) or len(line) > 40:
            continue
        stripped = _TITLE_SUFFIX_RE.sub("", line)
        m = re.search(r"^(?:本|此)?(.*)$", stripped)
        name = m.group(1) if m else stripped
        if _TITLE_LOT_RE.search(name) and 2 <= len(name) <= 30 and not _NOT_PRICE_RE.search(name):
            return board.ctx.reading(_name(name), s + (len(stripped) - len(name)), s + len(stripped))
    return None


def _free_minutes_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The earliest free period that is not one of new-energy vehicles only."""
    c = board.ctx.c
    nev_of: dict[int, bool] = {}
    hits = []
    for rx in _FREE_RES:
        for m in rx.finditer(c):
            mins = _minutes(m.group(1), m.group(2))
            if mins is None:
                continue
            cs, ce = _clause_around(c, m.start(), m.end(), stops="。；;\n")
            nev = nev_of.get(cs)
            if nev is None:
                nev = nev_of[cs] = bool(_NEV_RE.search(c, cs, ce))
            hits.append((nev, m.start(), mins, m.end()))
    general = sorted(hit for hit in hits if not hit[0])
    if not general:
        return None
    _nev, s, mins, e = general[0]
    return board.ctx.reading(mins, s, e)


def _clause_billing_unit(cl: _Clause) -> str | None:
    # a table row reads as one clause "小型车首小时5元，之后每小时2元，封顶30元": look at its parts
    parts = cl.text.split("，") if cl.seg_kind == "" and cl.s == cl.seg_start else [cl.text]
    for part in parts:
        if _PASS_RE.search(part) or _CAP_WORD_RE.search(part):
            continue
        unit = _billing_unit(part)
        if unit and (_AMOUNT_RE.search(part) or unit == "每次"):
            return unit
    return None


def _billing_unit_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    for cl in board.clauses:
        unit = _clause_billing_unit(cl)
        if unit:
            return board.ctx.reading(unit, cl.s, cl.e)
    return None


def _rounding_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    m = _ROUND_RE.search(board.ctx.c)
    return board.ctx.reading(m.group(0), m.start(), m.end()) if m else None


_CAP_ANY_RE = re.compile(r"最高|封顶|上限|限价|最多收|不超过")  # every match of _CAP_RE holds one


def _cap_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    c = board.ctx.c
    # _CAP_RE tries every position of the text: skip it where no cap word could anchor a match
    found = _CAP_RE.finditer(c) if _CAP_ANY_RE.search(c) else ()
    caps = [m for m in found if not _NOT_PRICE_RE.search(m.group(0)) and "免费" not in m.group(0)]
    if caps:
        best = next((m for m in caps if _CAP_24_RE.search(m.group(0))), caps[0])
        s = best.start()
        while s < best.end() and c[s] in " :":
            s += 1
        return board.ctx.reading(c[s : best.end()], s, best.end())
    for cl in board.clauses:  # a price table row: "…，24小时封顶30元"
        m = _CAP_RE.search(cl.text)
        if m and cl.text != c[cl.s : cl.e]:
            return board.ctx.reading(m.group(0).lstrip("，:"), cl.s, cl.e)
    return None


def _charging_hours_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    c = board.ctx.c
    m = _ALL_DAY_FREE_TEXT_RE.search(c)
    if m:
        return board.ctx.reading("24小时", m.start(), m.end())
    m = _CHARGE_HOURS_FREE_RE.search(c)
    if m is None:
        return None
    _cs, ce = _clause_around(c, m.start(), m.end())
    hours = _charging_hours(c[m.start() : ce])
    return board.ctx.reading(hours, m.start(), ce) if hours else None


def _exempt_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The vehicles named in the first sentence that says something is free."""
    c = board.ctx.c
    done = -1
    for m in _EXEMPT_CONTEXT.finditer(c):
        if m.start() < done:
            continue  # this sentence was looked at already
        cs, ce = _clause_around(c, m.start(), m.end(), stops="。；;\n")
        done = ce
        hits = list(_EXEMPT_VOCAB.finditer(c, cs, ce))
        if hits:
            items = list(dict.fromkeys(h.group(1) for h in hits))
            return board.ctx.reading(items, hits[0].start(), hits[-1].end())
    return None


def _services_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    hits = list(_SERVICE_RE.finditer(board.ctx.c))
    if not hits:
        return None
    items = list(dict.fromkeys(_SERVICE_CANON[m.group(0)] for m in hits))
    return board.ctx.reading(items, hits[0].start(), hits[-1].end(), [(m.start(), m.end()) for m in hits])


# In this order (a record lists its fields in the order they were read). Hotlines come first and
# gather labelled and unlabelled numbers in one reading.
_IN_WORDING: tuple[tuple[str, _WordingReader], ...] = (
    ("hotlines", _hotlines),
    ("pricing_form", _pricing_form_in_wording),
    ("fee_basis", _fee_basis_in_wording),
    ("approval_number", _approval_number_in_wording),
    ("approval_valid_until", _valid_until_in_wording),
    ("operator", _operator_in_wording),
    ("operator_credit_code", _credit_code_in_wording),
    ("issuer", _issuer_in_wording),
    ("berths", _berths_in_wording),
    ("lot_name", _lot_name_in_wording),
    ("free_minutes", _free_minutes_in_wording),
    ("billing_unit", _billing_unit_in_wording),
    ("rounding", _rounding_in_wording),
    ("cap", _cap_in_wording),
    ("charging_hours", _charging_hours_in_wording),
    ("exempt_vehicles", _exempt_in_wording),
    ("service_items", _services_in_wording),
)


def _read_fields(board: _Board) -> dict[str, Reading]:
    by_label: dict[str, Reading] = {}
    for name, parse in _BY_LABEL:
        reading = _first_labelled(board, name, parse) if name in board.labelled else None
        if reading is not None:
            by_label[name] = reading
    fields = dict(by_label)
    for name, read in _IN_WORDING:
        if name not in fields:
            reading = read(board, by_label)
            if reading is not None:
                fields[name] = reading
    return fields


# --------------------------------------------------------------------------------------------
# Phase 5: the tariff
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Prices:
    tariff: Tariff | None
    confidence: float
    unread: tuple[str, ...]
    warnings: tuple[str, ...]


def _read_prices(ctx: _Ctx, clauses: list[_Clause]) -> _Prices:
    """The price clauses, a line of text per board line, through the tariff reader."""
    by_line: dict[int, list[str]] = {}
    for cl in clauses:
        if cl.text:
            by_line.setdefault(cl.line, []).append(cl.text)
    price_text = "\n".join("，".join(by_line[li]) for li in sorted(by_line))
    confidence = min((ctx.confidence(cl.s, cl.e) for cl in clauses), default=1.0)
    if not price_text:
        return _Prices(None, confidence, (), ())
    try:
        reading = read_tariff(price_text)
    except Exception as exc:  # the board is still recorded; the price text is kept as unread
        return _Prices(None, confidence, (price_text,), (f"收费标准解析失败 (tariff reader failed): {exc}",))
    return _Prices(reading.tariff, confidence, tuple(reading.unread), tuple(reading.warnings))


# --------------------------------------------------------------------------------------------
# Phase 6: flags on how prices are shown (bare, unconditioned, non-Arabic amounts)
# --------------------------------------------------------------------------------------------

_SMALL_WORDS = frozenset(
    {"小型车", "小车", "小型汽车", "小型客车", "小客车", "小型机动车", "小型载客汽车", "轿车", "微型车"}
)
_CLOCK_RANGE_RE = re.compile(r"\d{1,2}[:.]\d{2}\s?[-~至到]\s?(?:次日)?\d{1,2}[:.]\d{2}")
_NO_CONDITION_KINDS = ("charging_hours", "exempt_vehicles", "free_minutes")


def _vehicle_kind(word: str) -> str:
    if word in _SMALL_WORDS or "以下" in word:
        return "small"
    if word.startswith("新能源") or word == "电动车":
        return "nev"
    if word in ("摩托车", "二轮", "三轮"):
        return "motorcycle"
    return word if word == "残疾人" else "large"


def _several_conditions(clauses: list[_Clause]) -> tuple[bool, bool]:
    """Whether the prices name several vehicle classes, and several time bands."""
    vehicles: set[str] = set()
    day = night = False
    ranges: set[str] = set()
    for cl in clauses:
        if cl.seg_kind == "charging_hours":
            continue
        t = cl.text
        for m in _VEHICLE_RE.finditer(t):
            vehicles.add(_vehicle_kind(m.group(1)))
        day = day or bool(_DAY_RE.search(t))
        night = night or bool(_NIGHT_RE.search(t))
        for m in _CLOCK_RANGE_RE.finditer(t):
            ranges.add(m.group(0))
    return len(vehicles - {"残疾人"}) >= 2, (day and night) or len(ranges) >= 2


def _has_unit(t: str, amounts: list[re.Match[str]]) -> bool:
    """Whether anything but the amounts, vehicle classes and time bands says how a price applies."""
    stripped = _BAND_STRIP_RE.sub("", _VEHICLE_RE.sub("", t))
    stripped = _GENERIC_PRICE_LABEL_RE.sub("", stripped)
    for a in amounts:
        stripped = stripped.replace(a.group(0), "", 1)
    return bool(_UNIT_WORD_RE.search(stripped))


@dataclass
class _Conditions:
    """Which condition holds for a clause: the clause names it, an earlier clause of the same line
    named it, or a header line (a condition and no amount: "小型车") is in force."""

    sticky_v: bool = False
    sticky_b: bool = False
    line_v: int = -1
    line_b: int = -1

    def see(self, cl: _Clause, has_amounts: bool) -> None:
        t = cl.text
        has_v = bool(_VEHICLE_RE.search(t))
        has_b = bool(_DAY_RE.search(t) or _NIGHT_RE.search(t) or _BAND_TIME_RE.search(t))
        if has_v:
            self.line_v = cl.line
            self.sticky_v = self.sticky_v or not has_amounts
        elif has_b and self.line_v == cl.line - 1 and self.line_b == cl.line - 1 and _BAND_START_RE.match(t):
            self.line_v = cl.line  # "小型车：白天…每小时3元" / "夜间…每小时1元": the vehicle's second band
        if has_b:
            self.line_b = cl.line
            self.sticky_b = self.sticky_b or not has_amounts


def _bare_and_unconditioned(ctx: _Ctx, clauses: list[_Clause]) -> tuple[list[_Hit], list[_Hit]]:
    """Prices with no unit or pricing method, and prices with no vehicle class or time band where the
    board has several. Passes and caps are neither."""
    c = ctx.c
    several_vehicles, several_bands = _several_conditions(clauses)
    held = _Conditions()
    bare: list[_Hit] = []
    uncond: list[_Hit] = []
    cap_seg = -2
    for cl in clauses:
        if cl.seg_kind in _NO_CONDITION_KINDS:
            continue
        t = cl.text
        amounts = list(_AMOUNT_RE.finditer(c, cl.s, cl.e))
        held.see(cl, bool(amounts))
        if not amounts or ("免费" in t and not re.search(r"\d元", t)):
            continue
        is_cap = bool(_CAP_WORD_RE.search(t)) or cl.seg_kind == "cap"
        if is_cap:
            cap_seg = cl.seg_start
        elif cl.seg_start == cap_seg:
            is_cap = True  # "每日最高收费：小型车40元，大型车80元"
        if is_cap or _PASS_RE.search(t):
            continue
        if not _has_unit(t, amounts):
            bare.append(
                (amounts[0].group(0), amounts[0].start(), amounts[0].end()) if len(amounts) == 1 else (t, cl.s, cl.e)
            )
        has_vehicle = held.sticky_v or held.line_v == cl.line
        lacks_v = several_vehicles and not has_vehicle
        # a vehicle's all-day price ("小型车：6元/小时" beside a motorcycle's day/night bands) is conditioned
        per_visit = "次" in t
        lacks_b = several_bands and not per_visit and not has_vehicle and not (held.sticky_b or held.line_b == cl.line)
        if lacks_v or lacks_b:
            uncond.append((t, cl.s, cl.e))
    return bare, uncond


def _hits_reading(ctx: _Ctx, hits: list[_Hit]) -> Reading:
    return ctx.reading([h[0] for h in hits], hits[0][1], hits[-1][2], [(h[1], h[2]) for h in hits])


def _price_flags(ctx: _Ctx, clauses: list[_Clause]) -> dict[str, Reading]:
    flags: dict[str, Reading] = {}
    chinese = [(m.group(0), m.start(), m.end()) for m in _CN_AMOUNT_RE.finditer(ctx.c)]
    if chinese:  # anywhere in the text
        flags["non_arabic_amounts"] = _hits_reading(ctx, chinese)
    bare, uncond = _bare_and_unconditioned(ctx, clauses)
    if bare:
        flags["bare_prices"] = _hits_reading(ctx, bare)
    if uncond:
        flags["unconditioned_prices"] = _hits_reading(ctx, uncond)
    return flags


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


def read_board(text: str, line_confidences: Sequence[float] | None = None) -> BoardRecord:
    """Read a whole price board or web page text into a `BoardRecord`.

    `line_confidences[i]` is the OCR confidence (0..1) of line i of `text` (split on "\\n");
    None means 1.0 everywhere (web text). Raises ValueError when the confidences do not match
    the lines.
    """
    if not isinstance(text, str):
        raise TypeError("read_board expects the board text as str (看板文本须为字符串)")
    ctx = _Ctx(text, _check_confidences(text, line_confidences))  # phase 1
    board = _split(ctx)  # phases 2 and 3
    fields = _read_fields(board)  # phase 4
    prices = _read_prices(ctx, board.clauses)  # phase 5
    fields.update(_price_flags(ctx, board.clauses))  # phase 6
    return BoardRecord(
        text=text,
        fields=fields,
        tariff=prices.tariff,
        tariff_confidence=prices.confidence,
        unread=prices.unread,
        warnings=prices.warnings,
    )
