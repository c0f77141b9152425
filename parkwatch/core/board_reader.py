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
from parkwatch.core.lexicon import PASS_WORDS, VEHICLE_OF, vehicle_of
from parkwatch.core.normalize import (
    chinese_number,
    normalize_text,
    to_simplified,
)
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff

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
        0xFE5D: ord("〔"),  # small brackets ﹝﹞ of some approval numbers
        0xFE5E: ord("〕"),
        0x2022: ord("·"),  # 元/车•小时
    }
)
# 〔〕【】 and CJK punctuation stay as they are (they carry meaning in approval numbers).

_WIDE_FORMS_RE = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_WIDTH_TABLE)) + "]")
_BLANKS = re.compile(r" +")


_OCR_DASH_RE = re.compile(r"(?<=\d)(\s?)[一ー](?=\s?\d)")  # OCR reads the dash of "07:00-22:00" as 一


# Traditional characters frequent on parking disclosures: one of them sends the text through the shared
# traditional → simplified conversion (a search is cheaper than converting every simplified text).
_TRADITIONAL_RE = re.compile(
    "[時車費場計標準內價區務間發鐘實為機動輛醫過於類關個據執長規會臺號後來導辦診憑當滿員環廣報單離網確運邊業"
    "請護試將設經應隨調別資開積復對搶從現專駛處備載種險門證優體繳兩進決營華劃東級萬節換顧購貨達樣噸軍災療舉電"
    "話貴廳審範減鐵啟碼續團則臨圍條統際較結賬記衛眾預檢僅掛錄轉鄉輸見顯雙協掃連問題稱獲這麼編總濟縮錢細暫訂質"
    "點賓館額頭樞紐軌庫頂贈戶線畢項參國紅階並強藍黃須數訴劃夠歲鄰產歸據勞]"
)


def _simplified(text: str) -> str:
    """Traditional → simplified through the shared normaliser (OpenCC t2s), one character for one so that
    every offset stays an offset in the original text."""
    if not _TRADITIONAL_RE.search(text):
        return text
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    # a phrase conversion changed the length: convert character by character instead
    return "".join(ch2 if len(ch2 := to_simplified(ch)) == 1 else ch for ch in text)


def _normalise(text: str) -> str:
    """Traditional → simplified and full-width → half-width, one character for one (str.translate is
    slow on CJK text)."""
    text = _simplified(text)
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
    "依据",  # 依據：… (a Taiwan notice's ground, the rate standard it applies)
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
    "限价",
    "限额",
    "收费限额",
    "最高收费限额",
    "最高不超过",
    "日最高",
    "每天最高",
    "每天封顶",
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
        "依据",  # "依据《…》": a word in a sentence; "依据：…" a label
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

_SEP_BEFORE = set(" \t,，。；;、|】])）:>《.")
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
    # a period qualifying a cap or hours heading: "封顶（24小时）：", "最高收费（每日）："
    r"(?:\((?:24小时|每24小时|每日|每天|全天|当日|当天|一天|单日|每车每日|每车每天)\)(?= ?:))?"
    r"( ?[:|\t])?"
)
# labels inside which another label may start ("停车收费" in "停车收费时间" holds the start of "收费时间"):
# where such a label is refused, the search goes on from its second character
_LABEL_PREFIXES = frozenset(name[:k] for name in LABELS for k in range(1, len(name) + 1))
_INNER_STARTS: dict[str, tuple[int, ...]] = {
    name: starts for name in LABELS if (starts := tuple(i for i in range(1, len(name)) if name[i:] in _LABEL_PREFIXES))
}
_SINGLE_STOP = re.compile(r"[，,。；;|\t]| (?=\S)")  # single-valued fields end here
_SENTENCE_STOP = re.compile(r"[。；;\t]")  # other values end at the end of the sentence
_CLAUSE_STOP = re.compile(r"[，,。；;|\t]")

# Amounts
_CN_DIGITS = "零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟"
_AMOUNT_RE = re.compile(
    r"[¥]\s?\d+(?:\.\d+)?(?:元)?|(?<![\d.])\d+(?:\.\d+)?\s?(?:元|块)|"
    r"(?<![" + _CN_DIGITS + r"])[" + _CN_DIGITS + r"]+(?:点[" + _CN_DIGITS + r"]+)?(?:元|块)"
)
_YUAN_CHARS = ("元", "块", "¥")


def _has_yuan(t: str, s: int = 0, e: int | None = None) -> bool:
    """Whether an amount can be there: its currency word, found by str.find (the amount patterns open with
    classes and lookbehinds, so they try every position)."""
    return any(t.find(ch, s, len(t) if e is None else e) >= 0 for ch in _YUAN_CHARS)


def _has_amount(t: str) -> bool:
    return _has_yuan(t) and _AMOUNT_RE.search(t) is not None


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

_INCL = r"(?:\((?:含|包含|包括|不含)?[^)\n]{0,10}\))?"  # "30分钟（含30分钟）", "20分钟以内（含）"
_FREE_WORD = r"(?:免费|不收费|免收|免交|不计费|不收取|不得收取|不得收费)"
_DUR_MORE = r"(?:、[^，,。；;\n]{0,14}?(?:\d+|[" + _CN_DIGITS + r"半]+)(?:分钟|小时)" + _INCL + r")*"
_FREE_RES = (
    # "15分钟内免费", "30分钟以内（含30分钟）免费", "停车不超过1小时的免费", "2小时内（含本数） | 免费",
    # "二十分钟内免费停车", "一小时内可免费", "小型车6分钟（含6分钟）、大型车12分钟以内的免费"
    re.compile(
        r"(?:首|前|头)?"
        + _NUM
        + _TIME_UNIT
        + _INCL
        + r"(?:以内|之内|内|以下)?"
        + _INCL
        + _DUR_MORE
        + r"(?:以内|之内|内)?(?:离场|离开|驶离|出场)?(?:的)?(?:所有)?(?:车辆)?(?:停车|停放)?[\s|,，:：]{0,3}"
        r"(?:可|可以|均|必须|应|一律)?(?:实行|给予|予以)?(?:停车|停放)?" + _FREE_WORD
    ),
    re.compile(r"免费(?:停放|停车)?(?:时长|时间)?(?:为|:)?" + _NUM + _TIME_UNIT),
    re.compile(r"(?:首|前|头)()(半小时|小时|个小时)(?:内)?(?:停车|停放)?(?:免费|不收费|免收)"),
    re.compile(_NUM + _TIME_UNIT + r"(?:后|以后|之后)(?:开始|才)?(?:收费|计费)"),  # "1小时后开始收费"
    # "停车费用适用于停车时长在30分钟以上的车辆": the fee starts after the period
    re.compile(r"(?:收费|费用)(?:标准)?适用于(?:停车|停放)(?:时长|时间)?在?" + _NUM + _TIME_UNIT + r"以上"),
)
# "延长至1小时后开始收费", "现在统一延长到30分钟": the new free period replaces the old one it names
_SOME_LOTS_RE = re.compile(r"部分|个别|有的|有些|则")
_FREE_EXTENDED_RE = re.compile(r"延长(?:至|到|为)" + _NUM + _TIME_UNIT)
# an item under an exemption heading: "停放时间不超过30分钟（含30分钟）的车辆", "即停即走（不超过30分钟）车辆"
_FREE_ITEM_RE = re.compile(
    r"(?:不超过|不足|未满|未超过|少于)" + _NUM + _TIME_UNIT + r"|" + _NUM + _TIME_UNIT + _INCL + r"(?:以内|之内|内)"
)
# a relief for some drivers (patients, shoppers, residents, new-energy cars, visitors, parents, hotel guests) is
# not the lot's free period (not 职工/员工/办事: "职工医院", "街道办事处" name the lot or its operator)
_RELIEF_RE = re.compile(
    r"就诊|就医|患者|病人|住院|透析|门诊|陪护|探视|购物|消费|会员|VIP|vip|积分|业主|居民|新能源|电动|凭|持卡|"
    r"优惠券|停车券|兑换|赠送|残疾|来访|访客|办事群众|办事人员|办理业务|家长|教职工|住客|入住|献血"
)
_ROUND_HINT_RE = re.compile(r"不足|未满|不满|少于|未超过|尾数|零头")
_GENERAL_SUBJECT_RE = re.compile(r"所有|一般|其他车辆|其余车辆|其它车辆|社会车辆|外来车辆|临时车辆|燃油")
_STALE_RE = re.compile(r"原|过去|以前|之前|此前|旧")  # a clause opening with these states the old rule
_ROUND_RE = re.compile(
    r"(?:超过[^，,。；;\n]{0,10}?)?(?:不足|未满|不满|少于|未超过)[^，,。；;\n]{1,12}?(?:的部分|部分|的)?(?:按|以|算)"
    r"[^，,。；;\n]{1,12}?(?:计费|计算|计收|收费|收取|计)"
    # the tail rule "尾数不超过15分钟的不计" says how a started unit is billed too
    r"|(?:尾数|零头)[^，,。；;\n]{0,8}?(?:不超过|不足|未满|少于)[^，,。；;\n]{1,8}?(?:的)?[，,]?(?:不计|免收|不收|忽略)"
)
# the words that state a cap (最高/封顶/上限/限价/限额/最多收/限收/不超过/不得超过: "每车每天限收20元"), one list
_CAP_WORDS = "最高|封顶|上限|限价|限额|最多收|限收|不超过|不得超过"
_CAP_RE = re.compile(
    r"[^，,。；;:|\n]{0,24}?(?:" + _CAP_WORDS + r")[^，,。；;:|\n]{0,20}?"
    r"(?:\d+(?:\.\d+)?元|¥\s?\d+(?:\.\d+)?)(?:封顶)?|"
    r"[^，,。；;:|\n]{0,24}?"
    r"(?:\d+(?:\.\d+)?|[" + _CN_DIGITS + r"]+)元封顶"  # 夜间…2元/小时,5元封顶: the amount before the word
)
# caps stated without an amount cap word: "每天24小时不限额", "停车全天24小时的按白天相应收费标准10小时收费",
# and "中小型车13元/24小时" on a line that announces a 24 h maximum
_CAP_STATED_RE = re.compile(
    r"[^，,。；;:|\n]{0,12}?不(?:限额|封顶)|(?:全天|24小时)[^，,。；;\n]{0,16}?按[^，,。；;\n]{0,14}?\d+小时(?:收费|计费|计收)"
)
_CAP_PER_DAY_RE = re.compile(r"[^，,。；;:|\n]{0,10}?\d+(?:\.\d+)?元/24小时")
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
_APPROVAL_LEAD_WORD = re.compile(
    r"根据|依据|按照|参照|执行|批准|批复|复函|通知|文号|号文|详见|见|为|是|经|按|据|:|》|"
    r"发改委|委员会|物价局|管理局|发改局|改革局|人民政府|机关"
)
_HOTLINE_NUM_RE = re.compile(
    r"(?<![\d-])(?:\(0\d{2,3}\)\s?\d{7,8}|0\d{2,3}\s?[-\s]?\s?\d{7,8}|1[3-9]\d{9}|12315|12345|12358|12365|\d{7,8})(?!\d)"
)
# "1" first (a lookbehind that opens a pattern stops the scan from skipping ahead on a first character)
_NATIONAL_HOTLINE_RE = re.compile(r"(1(?<![\dA-Za-z\-]1)23(?:15|45|58))(?![\dA-Za-z])")
_HOTLINE_CONTEXT = re.compile(r"举报|投诉|监督|维权")
_NOT_HOTLINE_CONTEXT = re.compile(r"联系电话|服务电话|咨询电话|客服|值班电话|管理电话|预约|联系人|传真")
_TIME_RANGE_RE = re.compile(  # it opens with a digit, so the scan skips ahead to digits
    r"(\d\d?)(?:[:.](\d{2})[时点]?|[点时](\d{1,2})?分?)?(?:\((?:含|不含)\))?\s?"
    r"(?:-{1,2}|~|至|到)\s?(?:次日|第二天|翌日|次晨)?(?:早上|早|晚上|晚|下午|上午|中午|凌晨)?"
    r"(\d{1,2})(?:[:.](\d{2})[时点]?|[点时](\d{1,2})?分?)?(?:\((?:含|不含)\))?"
)
_ALL_DAY_RE = re.compile(r"24小时|全天|全日|昼夜|二十四小时|全时段|0?0:00-24:00")
# a cap word right after ("24小时收费封顶20元", "…收费每日最高20元"): the words open a cap, not the hours
_NO_CAP_AFTER = r"(?![^,，。；;\n]{0,2}?(?:" + _CAP_WORDS + "))"
# "本停车场24小时收费", "实行24小时存取车辆服务", "全天实行计时收费"; not "24小时收费封顶20元" (a cap) nor
# "不足24小时收费10元" (a stay length)
_ALL_DAY_FREE_TEXT_RE = re.compile(
    r"(?:全天24|全日24|全天二十四|24|二十四)小时(?:收费|营业|开放|计费|服务|存取)(?!额)" + _NO_CAP_AFTER + "|"
    r"全天(?:实行)?(?:收费|计费|开放|计时|计次)" + _NO_CAP_AFTER + "|收费时间为全天|全时段"
)
_NOT_ALL_DAY_BEFORE = frozenset("0123456789至到足过满续每放车内")  # "不足24小时收费10元" is a stay length
_CHARGE_HOURS_FREE_RE = re.compile(r"(?:每日|每天|收费时间为?|收费时段为?)(?:早)?\d{1,2}[:.点时]")
_PARKING_WINDOW_RE = re.compile(r"(?:停放|停车)(?:时段|时间)")

_EXEMPT_VOCAB = re.compile(
    r"(?:执行(?:公务|任务|紧急任务)(?:的)?)?"
    r"(军车|军队车辆|部队车辆|武警车辆|军警车辆|警车|公安车辆|消防车|消防车辆|救护车|急救车|医疗救护车|"
    r"工程(?:抢险|救险)车(?:辆)?|抢险(?:救灾)?车(?:辆)?|救险车(?:辆)?|应急(?:救援|抢险)车(?:辆)?|殡(?:葬|仪)车(?:辆)?|灵车|"
    r"残疾人[\u4e00-\u9fff]{0,8}?车(?:辆)?|环卫车(?:辆)?|市政(?:抢修)?车(?:辆)?|邮政车(?:辆)?|公交车(?:辆)?|"
    r"校车|执法车(?:辆)?|特种车(?:辆)?|军警车?)"
)
_EXEMPT_CONTEXT = re.compile(r"免费|免收|免征|减免|不收费|免予|免交|不收取")
# vehicle words: the shared lexicon's, plus seat classes and the words a board uses alone
_VEHICLE_WORDS = (*VEHICLE_OF, "二轮", "三轮", "新能源", "残疾人", "客车")
_VEHICLE_FIRSTS = sorted({w[0] for w in _VEHICLE_WORDS})
# one prefix tree per first character (the lexicon has about a hundred words), and seat classes matched
# from "座" ("9座以下" is read as "座以下"): every branch opens with a literal, so the scan skips ahead
_VEHICLE_RE = re.compile(
    "("
    + "|".join(_trie_pattern([w for w in _VEHICLE_WORDS if w[0] == first]) for first in _VEHICLE_FIRSTS)
    + r"|座(?<=\d座)(?:\(含\))?以[上下])"
)
# who pays, where a price depends on it ("就诊人员车辆…", "外来车辆…"): a condition like a vehicle class
_WHO_RE = re.compile(r"就诊|非就诊|患者|病人|住院|会员|业主|外来车辆|访客|社会车辆|内部车辆|VIP")
_INCREMENT_RE = re.compile(r"加收|增收|加价|递增")
_CONDITION_RE = re.compile(_VEHICLE_RE.pattern[:-1] + "|" + _WHO_RE.pattern + ")")  # a vehicle class or who pays
_DAY_RE = re.compile(r"白天|日间|白日|昼间")
_NIGHT_RE = re.compile(r"夜间|晚间|夜晚|晚上|夜里")
_BAND_STRIP_RE = re.compile(
    r"白天|日间|白日|昼间|夜间|晚间|夜晚|晚上|\(?\d{1,2}[:.]\d{2}\s?[-~至到]\s?(?:次日)?\d{1,2}[:.]\d{2}\)?"
)
_PRICE_WORD_RE = re.compile(
    r"免费|不收费|免收|不足|未满|封顶|最高|首小时|首\d|首半小时|每小时|每半小时|每\d+分钟|每\d+小时|计费|"
    r"每(?:超出|超过|增加|满)|超过\d|"
    r"按次|每次|包月|月卡|月租|年卡|包年|小型车|大型车|中型车|小车|大车|摩托车|新能源|白天|夜间|日间|晚间|"
    r"元/|/小时|/次|/半小时|收费时间|收费时段"
)
_NOT_PRICE_RE = re.compile(
    r"举报|投诉|监督电话|监制|统一社会信用代码|〔(?:19|20)\d\d〕|有效期|批复|文号|拨打|热线|交费|缴费|支付|被收取|共计|合计"
)
_UNIT_WORD_RE = re.compile(
    r"小时|分钟|钟头|半小时|(?<!\d)\d+h|次|月|年|天|日|晚|夜|/|每|首|封顶|最高|上限|超过|以上|以内|以后|之后|"
    r"内|后|起|计|时段|全天|包|前|满"
)
_BAND_START_RE = re.compile(r"(?:白天|日间|白日|昼间|夜间|晚间|夜晚|晚上|\(?\d{1,2}[:.]\d{2})")
_BAND_TIME_RE = re.compile(r"\d{1,2}[:.]\d{2}\s?[-~至到]")
# the whole day as a price's band: a scheme heading "全天一样收费" conditions the prices under it
_WHOLE_DAY_BAND_RE = re.compile(r"全天|全日|全时段|不分时段|不分昼夜")
_ALL_DAY_HEADING_RE = re.compile(
    r"(?:全天|全日|全时段|不分时段|不分昼夜)(?:一样|统一|同一|同价)?(?:收费|计费)(?:标准|规则)?[:：]?"
)
_CAP_WORD_RE = re.compile(_CAP_WORDS)
# a pass: the lexicon's pass words (the tariff reader's), and a price by the month or year that names none
# ("200元/月", "每月200元") — the tariff reader reads that unit in its own pattern, the board's clauses need it here
_PASS_RE = re.compile(PASS_WORDS + r"|/月|/年|每月|每年")
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
# small patterns of the value parsers, compiled once (a pattern given as a string is looked up at each call)
_LIST_NUMBER_MINUTES_RE = re.compile(r"\d\.\d\d")
_STAMP_NOTE_RE = re.compile(r"[(（]盖章[)）]$")
_PREFIX_LEAD_RE = re.compile(r"^(?:的|《[^》]*》?)")
_CITED_END = ("》", ")", "）", "号")  # what ends a cited document before "和…〔…〕…号"
_NOT_DIGIT_RE = re.compile(r"[^\d]")
_EXEMPT_SPLIT_RE = re.compile(r"[、，,;；/]|和|及")
_EXEMPT_LEAD_RE = re.compile(r"^(?:执行(?:公务|任务|紧急任务)的?|对|凡|持)")
_EXEMPT_TAIL_RE = re.compile(r"(?:等)?(?:车辆)?(?:免费|免收|停放|停车|停车费|费用)*$")
_SERVICE_SPLIT_RE = re.compile(r"[、，,;；/ ]")
_ANY_NUMBER_RE = re.compile(r"\d|[" + _CN_DIGITS + "]")
_NUMBER_FIRST_RE = re.compile(r"[\d¥" + _CN_DIGITS + "]")
_DIGITS_RE = re.compile(r"\d{1,5}")
_CN_NUMBER_RE = re.compile(r"[" + _CN_DIGITS + "]+")
_THIS_LOT_RE = re.compile(r"^(?:本|此)?(.*)$")
_FREE_OR_START_RE = re.compile(r"免费|开始收费")
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
_CREDIT_HINT_RE = re.compile(r"[0-9A-Z]{18}")  # opens with a class: quick to rule a code out
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
    if unit in ("分钟", "分") and _LIST_NUMBER_MINUTES_RE.fullmatch(num):
        num = num[2:]  # "1.30分钟": a list number run into "30分钟" (OCR or typing), not 1.3 minutes
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
        # (start, end) of every line, computed once: the readers ask for them many times
        ends = [s - 1 for s in self.line_starts[1:]]
        ends.append(len(self.c))
        self.lines: list[_Span] = list(zip(self.line_starts, ends, strict=True))

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
        return self.lines[i]


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
# Phase 1b: the text's layout — sentences, instructions to someone else, exemption headings, the head
# (title, addressee, own document number) and the foot (signature, date) of a notice
# --------------------------------------------------------------------------------------------

_SENTENCE_RE = re.compile(r"[^。；;!！?？\n]+")
# A sentence that tells someone what to disclose ("应标明：收费单位名称…", "在醒目位置公示…及监督电话（12315）")
# names fields without giving their values: its labels are not labels and its numbers are not hotlines.
_INSTRUCTION_RE = re.compile(
    r"(?:应|应当|必须|须|需|要|务必|要求)[^。；;\n]{0,30}?(?:标明|标示|注明|公示|公布|设置|悬挂|张贴)"
    r"|(?:在|于)[^。；;\n]{0,24}?(?:醒目|显著|明显)(?:的)?位置"
    r"|(?:标明|标示|注明|公示|公布)[^。；;\n]{0,60}?等(?:相关)?内容"
    r"|做好[^。；;\n]{0,10}?公示"
)
# A sentence asking to call for an enquiry: its numbers are contact numbers, not complaint hotlines.
_ENQUIRY_RE = re.compile(r"疑问|咨询|问询|预约|联系|客服|意见|建议")
_ENUM_LEVELS = (
    (re.compile(r"[一二三四五六七八九十]+、"), 1),
    (re.compile(r"\(\s?[一二三四五六七八九十]+\s?\)"), 2),
    (re.compile(r"\d{1,2}[、.．](?!\d)|\(\d{1,2}\)"), 3),
    (re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]"), 4),
)
_EXEMPT_HEADING_RE = re.compile(r"^[^0-9元。]{0,24}?(?:免收|免费|减免|不收费|免交|免征|免予)[^0-9元。]{0,24}$")


def _enum_level(c: str, ls: int, le: int) -> int:
    """The level of the list mark opening a line (一、=1, （一）=2, 1./1、=3, ①=4), 0 without one."""
    for rx, level in _ENUM_LEVELS:
        if rx.match(c, ls, le):
            return level
    return 0


_SENTENCE_STOPS = "。；;!！?？\n"
_RUN_ON_MARKS = "，,、"


@dataclass
class _Layout:
    """Where the text's instructions and exemption items are (compact offsets and lines)."""

    c: str  # the compact text
    instructions: list[_Span]
    exempt_lines: frozenset[int]  # lines listed under an exemption heading ("下列情形免收…：")
    body: list[int]  # the non-empty lines, in order

    def in_instruction(self, pos: int) -> bool:
        if not self.instructions:  # most texts have none: no generator for them
            return False
        return any(a <= pos < b for a, b in self.instructions)

    def sentence_at(self, pos: int) -> _Span:
        """The sentence around `pos` (between 。；!? and line ends)."""
        c = self.c
        a = max(c.rfind(stop, 0, pos) for stop in _SENTENCE_STOPS) + 1
        # a line broken after a comma runs on: the sentence goes on over the line break
        while a >= 2 and c[a - 1] == "\n" and c[a - 2] in _RUN_ON_MARKS:
            a = max(c.rfind(stop, 0, a - 1) for stop in _SENTENCE_STOPS) + 1
        b = len(c)
        for stop in _SENTENCE_STOPS:
            i = c.find(stop, pos, b)
            if i >= 0:
                b = i
        while b < len(c) and c[b] == "\n" and b > 0 and c[b - 1] in _RUN_ON_MARKS:
            end = len(c)
            for stop in _SENTENCE_STOPS:
                i = c.find(stop, b + 1, end)
                if i >= 0:
                    end = i
            b = end
        return a, b


_INSTRUCTION_HINT_RE = re.compile(r"标明|标示|注明|公示|公布|设置|悬挂|张贴|位置")
# A form's guidance ("收费单位：填写经营服务单位的全称", "价格举报电话：填写“12358”"): the whole sentence,
# its label included, tells someone what to write; nothing in it is a value of this text.
_FILL_RE = re.compile(r"(?:请|应|须|如实)?(?:填写|填报|可不填|不填)")
_DUTY_HINT_RE = re.compile(r"应|须|需|要|醒目|显著|明显|等内容|等相关内容|做好")  # with the above: maybe a duty
_HEADING_DIGIT_RE = re.compile(r"\d")
_LIST_MARK_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(|（|\d{1,2}[、.．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])", re.M)
_EXEMPT_HINT_RE = re.compile(r"免收|免费|减免|不收费|免交|免征|免予")


def _run_on(c: str) -> str:
    """The text with a line broken after a comma run on (same length: every offset stays)."""
    if ",\n" in c or "、\n" in c:
        return c.replace(",\n", ", ").replace("、\n", "、 ")
    return c


def _layout(ctx: _Ctx) -> _Layout:
    c = ctx.c
    instructions: list[_Span] = []
    if _INSTRUCTION_HINT_RE.search(c) and _DUTY_HINT_RE.search(c):
        run_on = _run_on(c)
        # an instruction runs from its verb to the end of the sentence ("…停车必须免费，且必须做好价格公示")
        sentences = [(m.start(), m.end()) for m in _SENTENCE_RE.finditer(run_on)]
        instructions = [(m.start(), b) for a, b in sentences if (m := _INSTRUCTION_RE.search(run_on, a, b))]
    if "填" in c:
        run_on = _run_on(c)
        fills = [(a, b) for a, b in (m.span() for m in _SENTENCE_RE.finditer(run_on)) if _FILL_RE.search(run_on, a, b)]
        instructions = sorted(instructions + fills)
    body = [li for li, (a, b) in enumerate(ctx.lines) if b > a]
    # exemption items are list items under a heading: a text with no list mark has none
    exempt = _exempt_lines(ctx, body) if _LIST_MARK_RE.search(c) and _EXEMPT_HINT_RE.search(c) else frozenset()
    return _Layout(c, instructions, exempt, body)


def _exempt_lines(ctx: _Ctx, body: list[int]) -> frozenset[int]:
    """The items under an exemption heading: the lines after it with a deeper list mark (or, under a
    heading with no mark, any list mark), up to the first line that is not such an item."""
    c = ctx.c
    out: set[int] = set()
    headings = sorted({ctx.line_of(m.start()) for m in _EXEMPT_HINT_RE.finditer(c)})
    following = {li: k for k, li in enumerate(body)}
    for head in headings:
        ls, le = ctx.line_text(head)
        if le - ls > 40 or head in out or _HEADING_DIGIT_RE.search(c, ls + 3, le):
            continue  # a heading is short and holds no number past its list mark
        level = _enum_level(c, ls, le)
        text = c[ls:le].strip()
        if (_ENUM_RE.sub("", text) if level else text).__len__() > 30:
            continue
        if not _EXEMPT_HEADING_RE.match(_ENUM_RE.sub("", text) if level else text):
            continue
        for li in body[following[head] + 1 :]:
            mark = _enum_level(c, *ctx.line_text(li))
            if not mark or not (mark > level or level == 0):
                break
            out.add(li)
    return frozenset(out)


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
    if LABELS[label] == "other" and not opens:
        return False  # "一类区域：一小时内5元": 区域 there names a zone, it does not label a line
    # a weak label needs a colon, its own brackets, or a table cell of its own
    bracketed = c[s] in "【["
    if sep == ":" or (bracketed and m.group(0).endswith(("】", "]"))) or (bool(sep) and opens):
        return True
    # a weak label alone on its line (a table header) also counts
    return opens and c[ls + m.end() : le].strip() == "" and LABELS[label] not in ("price_kept",)


def _line_labels(c: str, ls: int, le: int, layout: _Layout) -> list[_Label]:
    found: list[_Label] = []
    line = c[ls:le]
    pos = 0
    inner: re.Match[str] | None = None
    while (m := inner or _LABEL_RE.search(line, pos)) is not None:
        inner = None
        s = ls + m.start()
        pos = m.end()
        if s > ls and c[s - 1] in "【[":
            s -= 1  # "【收费单位】"
        sep = (m.group(2) or "").strip(" ")
        colon = bool(sep) or m.group(0).endswith(("】", "]"))
        if layout.in_instruction(s) or not _label_counts(c, ls, le, s, m, sep, colon):
            # "停车收费时间": not "停车收费", but "收费时间" starts inside it
            for i in _INNER_STARTS.get(m.group(1), ()):
                if inner := _LABEL_RE.match(line, m.start() + i):
                    break
            continue
        if found and s < found[-1].vstart:
            continue
        if found and found[-1].colon and _lead_end(c, found[-1].vstart, s) == s:
            continue  # "最高收费：每日最高…": a label word opening the previous label's value
        found.append(_Label(s, ls + m.end(), m.group(1), colon))
    return found


def _segments(ctx: _Ctx, layout: _Layout) -> list[_Seg]:
    """Every line cut at its labels: a segment per label (its value runs to the next label or the end
    of the line) and one for unlabelled text before the first label. Label words inside an instruction
    ("应标明：收费单位名称、…") are not labels."""
    segs: list[_Seg] = []
    for li in range(len(ctx.line_starts)):
        ls, le = ctx.line_text(li)
        found = _line_labels(ctx.c, ls, le, layout)
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
    """A label alone at the end of its line: the value is the next line, if it carries no label (a
    heading "二、收费时段" over "白天7:00—22:00；夜间22:00—次日7:00" gives the whole line)."""
    stop = _LINE_STOP if seg.kind == "charging_hours" else _SINGLE_STOP
    for nxt in segs[idx + 1 :]:
        if nxt.line == seg.line:
            return None
        if nxt.line != seg.line + 1:
            return None
        if nxt.kind != "":
            return None
        s, e = _value_bounds(ctx.c, nxt.vstart, nxt.vend, stop)
        if seg.kind == "charging_hours" and e > s:
            e = _hours_lines_end(ctx, segs, segs.index(nxt), e)
        return (s, e) if e > s else None
    return None


def _hours_lines_end(ctx: _Ctx, segs: list[_Seg], idx: int, end: int) -> int:
    """Where a heading's hours end when they run on over lines ("收费时段" over "白天7:00—22:00；" and
    "夜间22:00—次日7:00；"): every following unlabelled line that gives a time range and no amount."""
    c = ctx.c
    line = segs[idx].line
    for nxt in segs[idx + 1 :]:
        if nxt.line == line:
            continue
        ls, le = ctx.line_text(nxt.line)
        if nxt.line != line + 1 or nxt.kind != "" or _YUAN_RE.search(c, ls, le) or not _TIME_RANGE_RE.search(c, ls, le):
            break
        line, end = nxt.line, le
    return end


def _run_on_value_end(ctx: _Ctx, segs: list[_Seg], idx: int, end: int) -> int:
    """Where a value that ends its line with a comma ends: it runs on over the following unlabelled lines,
    up to three (a board broken after every clause: "收费时间：原…中午12时至下午8时，" over "自实施日期起调整为
    星期一至星期日，" and "上午9时至下午8时。")."""
    c = ctx.c
    seg = segs[idx]
    line, vend = seg.line, seg.vend
    for nxt in segs[idx + 1 :]:
        tail = c[seg.vstart : vend].rstrip()
        if nxt.line != line + 1 or nxt.kind != "" or not tail or tail[-1] not in _RUN_ON_MARKS or line - seg.line >= 3:
            break
        line, vend = nxt.line, nxt.vend
        end = vend
        while end > nxt.vstart and c[end - 1] in " ,，。;；|":
            end -= 1
    return end


_NOT_FIELDS = ("", "price", "price_kept", "other")
_SINGLE_VALUED = frozenset({"lot_name", "operator", "operator_credit_code", "berths", "issuer", "approval_valid_until"})


_LINE_STOP = re.compile(r"\t")


def _value_stop(kind: str) -> re.Pattern[str]:
    if kind == "fee_basis":
        return _CLAUSE_STOP  # "岳发改价调 【2019] 120号": OCR spaces inside the number
    if kind == "charging_hours":
        return _LINE_STOP  # "白天7:00—22:00；夜间22:00—次日7:00": every band of the line
    if kind == "cap":
        return _CLAUSE_STOP  # "最高收费标准：小型车30元，中大型车40元": the first vehicle's cap
    return _SINGLE_STOP if kind in _SINGLE_VALUED else _SENTENCE_STOP


def _labelled_values(ctx: _Ctx, segs: list[_Seg]) -> tuple[dict[str, list[_Span]], set[_Span]]:
    """Each labelled field's values (compact spans, in text order), and those given by a period label."""
    labelled: dict[str, list[_Span]] = {}
    period_only: set[_Span] = set()
    for idx, seg in enumerate(segs):
        if seg.kind in _NOT_FIELDS:
            continue
        s, e = _value_bounds(ctx.c, seg.vstart, seg.vend, _value_stop(seg.kind))
        if e > s and _value_stop(seg.kind) in (_SENTENCE_STOP, _LINE_STOP):
            e = _run_on_value_end(ctx, segs, idx, e)  # a sentence runs on over a line broken after a comma
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


def _operator_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    """A labelled operator; a label run into a sentence ("收费单位必须严格执行…", no colon) gives a name only
    when the words after it are an organisation's name."""
    c = board.ctx.c
    i = s - 1
    while i >= 0 and c[i] == " ":
        i -= 1
    before = c[i] if i >= 0 else ""
    if before not in (":", "|", "】", "]", "\n", "\t", "") and not _ORG_END_RE.search(_clean_org(v)):
        return None
    name = _operator_name(v)
    return (name, s, e) if name else None


def _clean_value(v: str) -> str:
    v = v.strip().strip("|")
    v = _STAMP_NOTE_RE.sub("", v)
    return v.strip()


_APPROVAL_HINT_RE = re.compile(r"[〔\[【(〈<{⟦]\s?(?:19|20)\d\d")  # a bracketed year: where a number may be


def _approval_numbers(c: str, s: int, e: int) -> list[_Hit]:
    out: list[_Hit] = []
    if not _APPROVAL_HINT_RE.search(c, s, e):
        return out  # _APPROVAL_RE tries every position: run it only where a number can be
    for m in _APPROVAL_RE.finditer(c, s, e):
        prefix = m.group(1)
        cuts = [x.end() for x in _APPROVAL_LEAD_WORD.finditer(prefix) if len(prefix) - x.end() >= 2]
        if cuts:
            prefix = prefix[cuts[-1] :]  # "根据岳发改价〔…〕" → 岳发改价; "桂价经字〔…〕" stays whole
        prefix = _PREFIX_LEAD_RE.sub("", prefix)
        if prefix[:1] in ("和", "及", "与") and c[m.start(1) - 1 : m.start(1)] in _CITED_END:
            prefix = prefix[1:]  # "《…办法》和某发改价〔2020〕7号": a second document, joined to the first
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


_CN_HOUR_RE = re.compile(r"[零〇一二三四五六七八九十两]{1,3}[时点]")


_FREE_AFTER_RANGE_RE = re.compile(r"[)）]?\s?(?:时段|期间)?(?:内)?(?:停车|停放)?(?:免费|不收费|免收)")


_CHANGED_TO_RE = re.compile(r"(?:调整|改|变更|更改)(?:为|至|到|成)")


def _charging_hours_at(v: str) -> _Hit | None:
    """The charging hours in `v` and where they are (offsets in `v`); ranges that together cover the
    day ("白天7:00—22:00；夜间22:00—次日7:00") are "24小时". Where the value says the old hours were
    changed ("原收费时间为…12时至下午8时，自…起调整为…上午9时至下午8时") only the new ones count."""
    changed = _CHANGED_TO_RE.search(v)
    if changed is not None and "原" in v[: changed.start()]:
        new = _charging_hours_at(v[changed.end() :])
        if new is not None:
            return new[0], new[1] + changed.end(), new[2] + changed.end()
    m = _ALL_DAY_RE.search(v)
    if m:
        return ("24小时", m.start(), m.end())
    found = [
        (r, m.start(), m.end())
        for m in _TIME_RANGE_RE.finditer(v)
        if (r := _time_range(m)) and not _FREE_AFTER_RANGE_RE.match(v, m.end())
    ]  # not "21:00至次日7:00免费" beside "7:00至21:00"
    if not found and _CN_HOUR_RE.search(v):
        # 上午七时至下午二十时止: the clock in Chinese numerals, read through the shared normaliser (its
        # offsets differ, so the hours span the value)
        alt = normalize_text(v)
        found = [(r, 0, len(v)) for m in _TIME_RANGE_RE.finditer(alt) if (r := _time_range(m))]
    if not found:
        return None
    return (_hours_value([r for r, _s, _e in found]), min(h[1] for h in found), max(h[2] for h in found))


def _time_range(m: re.Match[str]) -> str | None:
    """ "HH:MM-HH:MM" of a `_TIME_RANGE_RE` match, None for a plain "8-20" without a time word."""
    worded = m.group(2) or m.group(3) is not None or "点" in m.group(0) or "时" in m.group(0)
    if not worded and not _TIME_WORD_RE.search(m.group(0)):
        return None  # plain "8-20" only counts with a time word nearby
    a = _hhmm(m.group(1), m.group(2), m.group(3))
    b_hour = m.group(4)
    if _EVENING_RE.search(m.group(0)) and int(b_hour) < 12:
        b_hour = str(int(b_hour) + 12)
    b = _hhmm(b_hour, m.group(5), m.group(6))
    return f"{a}-{b}" if a and b and a != b else None


def _hours_value(ranges: Sequence[str]) -> str:
    """The ranges in text order, or "24小时" when together they cover the day (a one-minute seam such as
    "7:01时至22:00时" and "22:01时到次日7:00时" counts as covered)."""
    pieces: list[tuple[int, int]] = []  # minute intervals within 0..1440
    for r in ranges:
        a = int(r[:2]) * 60 + int(r[3:5])
        b = int(r[6:8]) * 60 + int(r[9:11])
        a -= a % 60 == 1  # "7:01" starts where "7:00" ends
        a %= 1440
        end = a + ((b - a) % 1440 or 1440)
        pieces += [(a, min(end, 1440)), (0, end - 1440)] if end > 1440 else [(a, end)]
    reach = 0
    for a, b in sorted(pieces):
        if a > reach:
            break
        reach = max(reach, b)
    if reach >= 1440:
        return "24小时"
    return ",".join(dict.fromkeys(ranges))


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
        digits = _NOT_DIGIT_RE.sub("", raw)
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
    parts = _EXEMPT_SPLIT_RE.split(v)
    out = []
    for p in parts:
        p = _EXEMPT_LEAD_RE.sub("", p)
        p = _EXEMPT_TAIL_RE.sub("", p)
        if 1 < len(p) <= 12 and ("车" in p or "人" in p):
            out.append(p)
    return list(dict.fromkeys(out))


def _service_items(v: str) -> list[str]:
    items = [_SERVICE_CANON[m.group(0)] for m in _SERVICE_RE.finditer(v)]
    if not items:
        items = [p for p in _SERVICE_SPLIT_RE.split(v) if p]
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
            and not _has_amount(line)
            and sum(1 for x in cells[1:] if _PRICE_WORD_RE.search(x) or _UNIT_WORD_RE.search(x)) >= len(cells) - 2
        ) or (len(cells) >= 2 and all(_UNIT_HEADER_RE.fullmatch(x) for x in cells[1:])):
            header = cells
            rows[li] = None
            continue
        if header and len(cells) == len(header) and all(_PLAIN_NUMBER_RE.fullmatch(x) for x in cells[1:]):
            # "车型 | 临时（元/辆·次）" over "小型汽车 | 4.00": the header gives each number its unit
            rows[li] = cells[0] + "，".join(_unit_cell(h, v) for h, v in zip(header[1:], cells[1:], strict=True))
            continue
        if header and cells and all(set(x) <= set("-:—") for x in cells):
            rows[li] = None  # the "| --- | --- |" rule under a markdown header
            continue
        if header and len(cells) == len(header) and _has_amount(line):
            rows[li] = cells[0] + "，".join(
                h + v for h, v in zip(header[1:], cells[1:], strict=True) if v not in ("-", "/", "—")
            )
            continue
        if line:
            header = None
    return rows


_UNIT_HEADER_RE = re.compile(r"[^()]{0,8}\(元/[^()]{1,8}\)")
_PLAIN_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def _unit_cell(header: str, value: str) -> str:
    """The cell "4.00" under the header "临时(元/辆·次)" → "临时4.00元/辆·次"."""
    m = _UNIT_HEADER_RE.fullmatch(header)
    if m is None:
        return header + value
    label, unit = header.split("(", 1)
    return f"{label}{value}{unit.rstrip(')')}"


_PRICE_KINDS = frozenset(
    {"price", "price_kept", "free_minutes", "billing_unit", "rounding", "cap", "charging_hours", "exempt_vehicles"}
)
_LABEL_LED = ("收费标准", "停车收费", "停车费", "价格", "标准", "【", "[")


def _unlabelled_clauses(c: str, seg: _Seg, layout: _Layout) -> list[_Clause]:
    """The clauses of unlabelled text that hold an amount or a tariff word (not those of an instruction)."""
    out = []
    for s, e in _clauses_of(c, seg.vstart, seg.vend):
        if not (_has_yuan(c, s, e) or _PRICE_WORD_RE.search(c, s, e)):
            continue  # no amount and no tariff word: not price text (checked before the cell clean-up)
        t = _cell_text(c[s:e])
        if not t or _NOT_PRICE_RE.search(t) or layout.in_instruction(s):
            continue
        if not (_has_amount(t) or _PRICE_WORD_RE.search(t)):
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
        elif _NOT_PRICE_RE.search(t) or not (_has_amount(t) or _PRICE_WORD_RE.search(t) or _ROUND_RE.search(t)):
            continue  # "…，停车场共有泊位156个" inside a price sentence is not price text
        first_clause = False
        if t:
            out.append(_Clause(s, e, seg.line, t, seg.kind, seg.start))
    return out


def _price_clauses(ctx: _Ctx, segs: list[_Seg], layout: _Layout) -> list[_Clause]:
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
            out.extend(_unlabelled_clauses(c, seg, layout))
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
        return value if _has_amount(value) else ""
    return value


@dataclass
class _Board:
    """The text as the field readers see it: normalised, cut into labelled segments and price clauses."""

    ctx: _Ctx
    layout: _Layout
    segs: list[_Seg]
    labelled: dict[str, list[_Span]]  # field → the spans of the values its labels gave, in text order
    period_only: set[_Span]  # values of period labels (执行期间): a single date there is a start
    clauses: list[_Clause]

    @cached_property
    def approvals_anywhere(self) -> list[_Hit]:
        return [
            hit for hit in _approval_numbers(self.ctx.c, 0, len(self.ctx.c)) if not self.layout.in_instruction(hit[1])
        ]

    @cached_property
    def kind(self) -> _Kind | None:
        """Whose disclosure the text is, and the evidence that decided it (None: nothing decides)."""
        return _disclosure_kind(self)

    @cached_property
    def signature(self) -> _Name | None:
        return _signature(self)

    @cached_property
    def addressee(self) -> tuple[_Name, str] | None:
        return _addressee(self)

    @cached_property
    def basis(self) -> _Citation | None:
        return _basis_citation(self)

    @property
    def kind_name(self) -> str | None:
        return self.kind.kind if self.kind is not None else None


def _split(ctx: _Ctx) -> _Board:
    layout = _layout(ctx)
    segs = _segments(ctx, layout)
    labelled, period_only = _labelled_values(ctx, segs)
    return _Board(ctx, layout, segs, labelled, period_only, _price_clauses(ctx, segs, layout))


# --------------------------------------------------------------------------------------------
# Phase 3b: whose disclosure the text is — the operator's own board, notice or page; a price approval
# or notice of an authority; or a third party's repost (news, Q&A, forum) — and the names at its head
# and foot (title, addressee, signature) that the operator reader also uses
# --------------------------------------------------------------------------------------------

_AUTHORITY_NAME_RE = re.compile(
    _ISSUER_AGENCY + r"|人民政府|政府办公室|政府办|卫生健康委员会|卫健委|住房和城乡建设|交通运输局|城市管理|行政执法局"
    r"|国防动员办公室|审批科|审批局|行政审批|价格管理科|收费管理科|发改|物价"
)
_ORG_SUFFIX = (
    r"(?:有限责任公司|有限公司|分公司|公司|集团|医院|卫生院|保健院|中心|管理处|管理所|管理站|物业|委员会|"
    r"学校|大学|学院|酒店|宾馆|饭店|大厦|广场|商场|景区|合作社|协会|服务站|服务部|经营部|商行)"
)
_ORG_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()·]{1,38}?" + _ORG_SUFFIX)
_ORG_END_RE = re.compile(_ORG_SUFFIX + r"$")
_ORG_NOTICE_TITLE_RE = re.compile(r"(" + _ORG_RE.pattern + r")关于.{2,60}的(?:公告|通知|通告)$")
_DEPT_SUFFIX_RE = re.compile(
    r"(?:总务科|保卫科|保卫处|后勤保障部|后勤保障处|后勤部|后勤处|后勤科|办公室|财务科|财务处|管理科|总务处|"
    r"行政科|车管科|停车管理处|物业部|营运部|运营部|客服部)$"
)
_DATE_LINE_RE = re.compile(
    r"^(?:\d{4}|[0-9〇○零一二三四五六七八九]{4})\s?年\s?[0-9一二三四五六七八九十]{1,3}\s?月"
    r"\s?[0-9一二三四五六七八九十]{1,3}\s?日$"
)
_NAME_LINE_RE = re.compile(
    r"^([\u4e00-\u9fffA-Za-z0-9（）()·]{2,40}?)\s?"
    r"((?:\d{4}|[0-9〇○零一二三四五六七八九]{4})\s?年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日)?$"
)
_HOTLINE_WORD_RE = re.compile(r"(?:举报|投诉|监督)(?:电话|热线)|拨打")
_AUTHORITY_PREFIX_RE = re.compile(r"价|发改|物价|收费|费|政|委")  # of a document number an authority issued
_LIST_MARKS_RE = re.compile(r"[，,。；;、]")
_NOT_TITLE_RE = re.compile(r"[，,。；;]|根据|依据|按照")
_REPLY_WORDS_RE = re.compile(r"你|收悉|报来|申请|如下")
_NUMBER_LABEL_RE = re.compile(r"^(?:文号|发文字号|文件编号)[:：]")
_YUAN_RE = re.compile(r"\d元")
_PRICED_LATER_RE = re.compile(r"\d元|收费|计费|加收")
# a discount on the time after a free time ("2小时内免费，超过2小时减半收费"): a relief's terms, not the lot's rule
_DISCOUNT_RE = re.compile(r"减半|半价|打折|折扣|[五六七八九]折")
_DISCOUNT_OFF_RE = re.compile(r"优惠|减免|减收|少收")  # "每辆次优惠1元": an amount off a price, not a price
_TIME_WORD_RE = re.compile(r"[:.点时]")
_EVENING_RE = re.compile(r"晚|下午")
_ISSUER_MARK_RE = re.compile(r"(?:监制|印制|制作|制)$")
_PUBLIC_RE = re.compile(r"朋友|市民|车主|顾客|客户|患者|家属|网友|乘客|游客|您|女士|先生|尊敬|亲爱|各位|业主")


@dataclass(frozen=True)
class _Name:
    """A name found at the head or the foot of the text (compact span) and what it is."""

    name: str
    s: int
    e: int
    authority: bool


def _clean_org(name: str) -> str:
    """ "唐山中心医院总务科" → "唐山中心医院": a signing department is not the operator."""
    cut = _DEPT_SUFFIX_RE.search(name)
    return name[: cut.start()] if cut and cut.start() >= 2 else name


def _signature(board: _Board) -> _Name | None:
    """The signer at the foot: "XX医院 2021年4月25日" on one line, or an organisation's line (then maybe a
    department's, "保卫科") above a date line."""
    ctx, c = board.ctx, board.ctx.c
    names: list[_Name] = []
    for li in reversed(board.layout.body[-4:]):
        ls, le = ctx.line_text(li)
        line = c[ls:le].strip()
        if _DATE_LINE_RE.match(line):
            if names:
                break
            continue
        m = _NAME_LINE_RE.match(line)
        if m is None or _ENUM_RE.match(line) or _ISSUER_MARK_RE.search(line):
            break  # "岳阳市物价局监制" marks who made a board, it does not sign a notice
        authority = bool(_AUTHORITY_NAME_RE.search(m.group(1)))
        if names and not (
            authority or _ORG_END_RE.search(_clean_org(m.group(1))) or _DEPT_SUFFIX_RE.fullmatch(m.group(1))
        ):
            break  # "小型车每小时2元" above "XX物业有限公司 / 2023年5月1日": the board's last line, not the signature
        start = ls + (len(c[ls:le]) - len(c[ls:le].lstrip()))
        names.append(_Name(m.group(1), start, start + len(m.group(1)), authority))
        if m.group(2) is None and len(names) == 2:
            break
    if not names:
        return _run_on_signature(board)
    top = names[-1]  # the signature block reads downwards: organisation, then department, then date
    if _DEPT_SUFFIX_RE.fullmatch(top.name) and len(names) > 1:
        top = names[-2]
    return top if (_ORG_END_RE.search(_clean_org(top.name)) or top.authority) else None


_RUN_ON_SIGN_RE = re.compile(
    r"[。；;!！]\s?([\u4e00-\u9fffA-Za-z0-9（）()·]{2,40}?)\s?"
    r"(?:\d{4}|[0-9〇○零一二三四五六七八九]{4})\s?年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日\s?$"
)


def _run_on_signature(board: _Board) -> _Name | None:
    """A signature run on after the last sentence, its line breaks lost ("…反馈至市发改委价格管理科。
    黄石市发展和改革委员会 2022年8月15日" on one line, as a copied page gives it)."""
    if not board.layout.body:
        return None
    ls, le = board.ctx.line_text(board.layout.body[-1])
    m = _RUN_ON_SIGN_RE.search(board.ctx.c, max(ls, le - 64), le)
    if m is None:
        return None
    name = m.group(1)
    authority = bool(_AUTHORITY_NAME_RE.search(name))
    if not (authority or _ORG_END_RE.search(_clean_org(name))):
        return None
    return _Name(name, m.start(1), m.end(1), authority)


def _addressee(board: _Board) -> tuple[_Name, str] | None:
    """A line "XX公司：" among the first lines, with what it names: "org", "group" (各…), "public"."""
    ctx, c = board.ctx, board.ctx.c
    for li in board.layout.body[:5]:
        ls, le = ctx.line_text(li)
        line = c[ls:le].rstrip()
        if not line.endswith((":", "：")) or len(line) > 42:
            continue
        name = line[:-1].strip()
        if not name or _LIST_MARKS_RE.search(name):
            continue
        start = ls + (len(c[ls:le]) - len(c[ls:le].lstrip()))
        found = _Name(name, start, start + len(name), bool(_AUTHORITY_NAME_RE.search(name)))
        if _PUBLIC_RE.search(name):
            return found, "public"
        if name.startswith("各") or "各" in name[:6]:
            return found, "group"
        return (found, "org") if _ORG_END_RE.search(name) or found.authority else None
    return _run_on_addressee(board)


# an addressee run on after the title (and the document's own number) when the line breaks were lost:
# "关于…的批复 岳发改价〔2022〕7号 岳阳某某物业有限公司：你公司…"
_RUN_ON_ADDRESSEE_RE = re.compile(
    r"的(?:批复|复函|通知|函|决定)\s?(?:[\u4e00-\u9fff]{1,14}\s?[〔\[【(（]\s?\d{4}\s?[〕\]】)）]\s?\d{1,5}\s?号\s?)?"
    r"(?:[(（][^()（）]{4,16}[)）]\s?)?"  # a date in brackets under the title: "（2006年3月23日）"
    r"([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9（）()·]{1,37}?" + _ORG_SUFFIX + r")\s?[:：]"
)


def _run_on_addressee(board: _Board) -> tuple[_Name, str] | None:
    """The addressee of an authority's document whose first lines ran into one ("…的批复 XX公司：你公司…")."""
    if not board.layout.body:
        return None
    ls, le = board.ctx.line_text(board.layout.body[0])
    if le - ls <= 42:
        return None  # short head lines are read line by line above
    m = _RUN_ON_ADDRESSEE_RE.search(board.ctx.c, ls, min(le, ls + 160))
    if m is None or _LIST_MARKS_RE.search(m.group(1)):
        return None
    name = m.group(1)
    return _Name(name, m.start(1), m.end(1), bool(_AUTHORITY_NAME_RE.search(name))), "org"


@dataclass(frozen=True)
class _Kind:
    kind: str  # operator / authority / repost
    strong: bool  # decided by a strong sign (else by weak ones only)
    s: int  # compact span of the sign that decided it
    e: int
    why: str


_Cue = tuple[str, int, int, int, str]  # kind, weight (2 strong, 1 weak), compact start, end, what

_NEWS_RE = re.compile(
    r"日报|晚报|商报|早报|晨报|时报|都市报|报社|网讯|报讯|日讯|记者|通讯员|稿源|责任编辑|小编|网易号|原标题|转载|"
    r"出处[:：]|网传|回应称|转自|编辑[:：]"
)
# not over a line break: "信息来源：" left empty is a portal's furniture, not the name on the next line
_SOURCE_RE = re.compile(r"来源[:：][ \t\u3000]?([^\s|]{1,24})")
_OWN_SOURCE_RE = re.compile(r"本(?:公司|司|站|网|院|单位|中心|场|停车场)|原创")
# "来源：正北方网 2018-11-14…", "来源：XX医院 时间：…" (spaces are gone in the compact text): a date or the
# page's next label ends the name
_SOURCE_END_RE = re.compile(r"(?:19|20)\d\d[-年./]|(?:发布|更新)?(?:时间|日期)[:：]|作者[:：]|浏览|点击")
_MEDIA_RE = re.compile(r"网|报|新闻|热线|号|资讯|头条|客户端|在线|频道|电视|广播|百科")
_HEADLINE_RE = re.compile(
    r"了[!！]?$|[!！?？]|出台|出炉|召开|新增|新规|新标准|最新|明起|昨起|今起|起实施|正式公布|要收费|开始收费|"
    r"恢复收费|将收费|有调整|实行新|怎么收|多少钱|怎么算|是多少|如何收费|听证|^20\d{2}|20\d{2}$|\d{4}年.{0,12}多少"
)
_ARTICLE_RE = re.compile(r"为例|据悉|据了解|获悉|透露|回应|日前|近日|我市|发布了|作出批复|获得批复|获批")
_ZONES_RE = re.compile(r"类(?:区域|地区|路段|道路)|级区域|核心区|繁华区")  # "一类区域", "A类路段": see _zone_sign
_AUTH_TITLE_RE = re.compile(
    r"关于.{2,60}?的(?:批复|复函|批准)|关于征求|征求意见|意见稿|"
    r"(?:发展和改革|发展改革|发改|物价局|价格局|市场监督管理局|市场监管局|人民政府).{0,30}?关于"
)
_ISSUER_AGENCY_LINE_RE = re.compile(_ISSUER_AGENCY)  # an agency's name alone as a title line
_AUTH_DECIDE_RE = re.compile(
    # not "经研究决定" nor "报经…批准": an operator's notice says those too ("经研究决定，我司…")
    r"批复如下|函复如下|复函如下|现批复|特此批复|批复意见|拟批复|核定[^。；\n]{0,24}?如下|"
    r"审价委员会|经[市县区州省][^。；\n]{0,4}政府同意|同意你|收悉|信件回复|回复部门|网友[“\"]|"
    r"你(?:单位|公司|院|司|中心|局|处)应"
)
_AUTH_SITE_RE = re.compile(r"政务资讯|政务公开|通知公告|信息公开")  # a government site's furniture
_APP_RE = re.compile(r"距您|导航|收藏|剩余车位|空车位|评分")  # a map or parking app's listing
_APPLICANT_RE = re.compile(r"(?:^|[，,。；;\n])经([^，,。；;\n]{2,40}?" + _ORG_SUFFIX + r")申请")
_FIRST_PERSON_RE = re.compile(
    r"我司|我公司|本公司|我院|本院|我单位|本单位|我中心|本中心|本停车场|本车场|本场|我场|本小区|本物业|我物业|本处"
)
_BOARD_TITLE_RE = re.compile(
    r"公示牌|公示栏|价目表|价格表|明码标价|收费告知|告知书|停车须知|收费公告|收费公示|温馨提示"
)
_CUSTOMER_RE = re.compile(r"告知您|请您|敬请|谢谢合作|给您带来|感谢您")
_INTERPRET_RE = re.compile(r"解释权归([^，,。；;\n]{2,40}?)所有")
_BYLINE_RE = re.compile(r"^([\u4e00-\u9fffA-Za-z0-9（）()]{2,40}?)\s*(?:日期|时间|发布时间|发布日期)[:：]")
_NOTICE_VOICE_RE = re.compile(
    r"(?:公告|公示|通知|通告)如下|特此(?:公告|通告|通知)|现将[^。；\n]{0,30}?(?:公告|公示|通知|告知)"
)


_FAQ_ITEM_RE = re.compile(r"(?:Q|问)\s?\d{1,3}\s?[:：.、]")
# the head ends at its first clause end, at 根据/依据/…, or at the date run on after it ("…（征求意见稿） 2025/8/15")
_TITLE_HEAD_RE = re.compile(r"[^，,。；;]{4,70}?(?=根据|依据|按照|为了|为进一步|[，,。；;]|\s(?:19|20)\d\d\s?[-/.年])")


def _run_on_title(line: str) -> str | None:
    """The head of a first line that runs on past its title: what precedes its first clause's end, its
    first 根据/依据/按照 (a title is never followed by those on its own line) or a date run on after it."""
    m = _TITLE_HEAD_RE.match(line)
    return m.group(0) if m else None


def _head_cues(board: _Board) -> list[_Cue]:
    """Signs in the first lines: a headline, a title, an own document number, an addressee, a byline.
    Each pattern runs only on a line holding a word it needs (this runs for every text)."""
    ctx, c = board.ctx, board.ctx.c
    cues: list[_Cue] = []
    # an authority's title under an operator's board title or a price is a document the board names
    # ("XX医院停车收费公示" over "XX发展和改革局关于XX医院停车场收费标准的批复"), not this text's title; above
    # them it may stand on the third line, under a portal's furniture ("首页", "当前位置：…")
    named_below = False
    for n, li in enumerate(board.layout.body[:3]):
        ls, le = ctx.line_text(li)
        line = c[ls:le].strip()
        # a headline is a short line (a text whose line breaks were lost is no headline); a numbered
        # question ("Q8：…？") is an item of the publisher's own FAQ, not a news headline
        headline = n == 0 and len(line) <= 70 and _HEADLINE_RE.search(line)
        if headline and not _ENUM_RE.match(line) and not _FAQ_ITEM_RE.match(line):
            cues.append(("repost", 2, ls, le, "新闻或问答式标题"))
        if not named_below and len(line) <= 70 and not _NOT_TITLE_RE.search(line):
            if _AUTH_TITLE_RE.search(line) or _ISSUER_AGENCY_LINE_RE.fullmatch(line):
                cues.append(("authority", 2, ls, le, "主管部门文件标题"))
        elif n == 0 and len(line) > 70 and (head := _run_on_title(line)) and _AUTH_TITLE_RE.search(head):
            # a title whose line break was lost: "…收费方案（征求意见稿） 根据…，拟定…" run on
            cues.append(("authority", 2, ls, ls + len(head), "主管部门文件标题"))
            if _BOARD_TITLE_RE.search(line) and not line.startswith("关于"):
                cues.append(("operator", 2, ls, le, "公示牌标题"))
        named_below = named_below or _names_a_document_below(line)
        m = _ORG_NOTICE_TITLE_RE.match(line) if n < 2 and "关于" in line else None
        if m is not None and not _AUTHORITY_NAME_RE.search(m.group(1)):
            cues.append(("operator", 2, ls, le, "经营者公告标题"))
        if "号" in line and _own_number(line) and _AUTHORITY_PREFIX_RE.search(line.split("〔")[0].split("[")[0]):
            cues.append(("authority", 2, ls, le, "文件文号"))  # not "岳中医院发〔2021〕5号", a hospital's own
        if ("日期" in line or "时间" in line) and (m := _BYLINE_RE.match(line)):
            org = m.group(1)
            if _ORG_END_RE.search(org) and not _AUTHORITY_NAME_RE.search(org):
                cues.append(("operator", 2, ls, ls + len(org), "经营者署名"))
    addressee = board.addressee
    if addressee is not None:
        name, what = addressee
        if what in ("org", "group") and _REPLY_WORDS_RE.search(c):
            cues.append(("authority", 2, name.s, name.e, "致经营者的批复或通知"))
        elif what == "public":
            cues.append(("operator", 1, name.s, name.e, "致车主的告示"))
    return cues


def _names_a_document_below(line: str) -> bool:
    """An operator's board title ("XX医院停车收费公示", not "关于…的公示" nor an agency's) or a priced line:
    an authority's title below it is a document the text names."""
    if _YUAN_RE.search(line):
        return True
    own_title = _BOARD_TITLE_RE.search(line) and not line.startswith("关于") and not _AUTH_TITLE_RE.search(line)
    return bool(own_title) and not _AUTHORITY_NAME_RE.search(line)


# not a board's "批准文号：…", "批文号：…", "备案文号：…" (the approval it applies) nor a portal's "索引号"
_NUMBER_FIELD_RE = re.compile(r"(?<!索引)(?<!批准)(?<!审批)(?<!批复)(?<!核准)(?<!批)(?<!备案)(?:文号|发文字号)[:：]\s?")


def _own_number(line: str) -> bool:
    """A head line that is a document number ("南发改价格〔2023〕15号", "（渝价[2001]894号 二00一年…）",
    "文号：沅发改价费〔2026〕3号")."""
    line = _NUMBER_LABEL_RE.sub("", line.strip().strip("()（）"))
    if line.startswith(("根据", "依据", "按照")):
        return False  # "根据琼发改规〔2021〕7号文件精神，…": a citation, however short its line
    labelled = _NUMBER_FIELD_RE.search(
        line
    )  # a portal's furniture: "索引号：… 文号：沅发改价费〔2026〕3号 发文日期：…"
    if labelled is not None and _APPROVAL_RE.match(line, labelled.end()):
        return True
    m = _APPROVAL_RE.match(line)
    return m is not None and len(line) - m.end() <= 14 and len(m.group(1)) <= 10


# the signs looked for anywhere in the text, in one pass: name → (kind, weight (2 strong, 1 weak), what).
# Every branch opens with a literal, so the scan skips ahead on their first characters (an anchor or a
# class at the start of one branch would make the whole pattern try every branch at every position).
_BODY_SIGNS: dict[str, tuple[str, int, str]] = {
    "news": ("repost", 2, "新闻来源或记者"),
    "summary": ("repost", 2, "摘要"),  # a line "摘要" (an abstract)
    "article": ("repost", 1, "转述"),
    "law": ("repost", 1, "转述"),  # a text opening "《…办法》规定："
    "decide": ("authority", 2, "批复或主管部门用语"),
    "site": ("authority_site", 2, "主管部门网站"),
    "app": ("repost", 1, "地图或停车应用"),
    "applicant": ("authority", 2, "经营者申请"),
    "first_person": ("operator", 2, "经营者自称"),
    "interpret": ("operator", 2, "最终解释权"),
    "customer": ("operator", 1, "致车主"),
    "greeting": ("operator", 1, "致车主"),  # a line opening "尊敬的…", "车主朋友"
}
_SIGN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("news", _NEWS_RE.pattern),
        ("summary", "摘要"),
        ("article", _ARTICLE_RE.pattern),
        ("law", r"《[^》]{2,40}》规定"),
        ("decide", _AUTH_DECIDE_RE.pattern),
        ("site", _AUTH_SITE_RE.pattern),
        ("app", _APP_RE.pattern),
        ("applicant", r"经[^，,。；;\n]{2,40}?" + _ORG_SUFFIX + "申请"),
        ("first_person", _FIRST_PERSON_RE.pattern),
        ("interpret", _INTERPRET_RE.pattern),
        ("customer", _CUSTOMER_RE.pattern),
        ("greeting", r"尊敬的|亲爱的|车主朋友"),
    )
)
# no groups around the branches: a named group would hide their first characters from the scan
_BODY_SIGN_RE = re.compile("|".join(rx.pattern for _name, rx in _SIGN_PATTERNS))


# the words without which no strong sign of an authority's or a third party's text is found in the body
_NOT_OPERATOR_HINT_RE = re.compile(
    "|".join(
        (_NEWS_RE.pattern, "摘要", _AUTH_DECIDE_RE.pattern, _AUTH_SITE_RE.pattern, "申请", "来源", _ZONES_RE.pattern)
    )
)


def _sign_name(text: str) -> str | None:
    return next((name for name, rx in _SIGN_PATTERNS if rx.fullmatch(text)), None)


def _sign_placed(c: str, name: str, m: re.Match[str]) -> bool:
    """Where a sign must stand to count: "摘要" alone on its line; "《…》规定" opening the text; a greeting
    opening a line; "经…申请" opening a clause."""
    before = c[m.start() - 1] if m.start() else "\n"
    if name == "summary":
        return before == "\n" and c[m.end() : m.end() + 1] in ("\n", "")
    if name == "law":
        return m.start() == 0
    if name == "greeting":
        return before == "\n"
    if name == "applicant":
        return before in "\n，,。；;"
    return True


def _source_sign(source: str) -> tuple[str, str] | None:
    """Whose page a "来源：…" line names: a press office's release ("来源：澳门新闻局") is a report like a
    paper's; an authority's site; an organisation's own; a source that is neither an organisation nor the
    publisher itself ("来源：岳阳发布") is a copy; "来源：本公司" names the publisher (no sign)."""
    if "新闻" in source:
        return "repost", "媒体来源"
    if _AUTHORITY_NAME_RE.search(source) or source.endswith(("局", "委", "科", "办")):
        return "authority_site", "主管部门网站"
    if _ORG_END_RE.search(source):
        return "operator", "经营者网站"
    if _MEDIA_RE.search(source) or not _OWN_SOURCE_RE.match(source):
        return "repost", "媒体来源"
    return None


def _body_cues(board: _Board) -> list[_Cue]:
    c = board.ctx.c
    cues: list[_Cue] = []
    seen: set[str] = set()
    for m in _BODY_SIGN_RE.finditer(c):
        name = _sign_name(m.group(0))
        if name is None or name in seen or board.layout.in_instruction(m.start()) or not _sign_placed(c, name, m):
            continue
        seen.add(name)
        kind, weight, why = _BODY_SIGNS[name]
        cues.append((kind, weight, m.start(), m.end(), why))
    for m in _CREDIT_RE.finditer(c) if _CREDIT_HINT_RE.search(c) else ():
        if _credit_code_valid(m.group(1)):
            cues.append(("operator", 2, m.start(1), m.end(1), "统一社会信用代码"))
            break
    for m in _SOURCE_RE.finditer(c):
        source = _SOURCE_END_RE.split(m.group(1), maxsplit=1)[0]
        sign = _source_sign(source) if source else None
        if sign is not None:
            cues.append((sign[0], 2, m.start(1), m.start(1) + len(source), sign[1]))
    for m in _ZONES_RE.finditer(c):
        start = m.start() - (m.group(0)[0] in "类级")  # "一类区域": the class number before it
        if m.group(0)[0] not in "类级" or (start >= 0 and c[start] in "一二三四ABC"):
            cues.append(("not_operator", 2, start, m.end(), "全市分区收费标准"))
            break
    return cues


def _label_cue(board: _Board) -> _Cue | None:
    """A board's own field under its label (收费单位, 举报电话, 统一社会信用代码): the operator's."""
    for name in ("operator", "hotlines", "operator_credit_code"):
        for s, e in board.labelled.get(name, ()):
            if e > s:
                return ("operator", 2, s, e, "公示牌栏目")
    return None


def _foot_cues(board: _Board) -> list[_Cue]:
    cues: list[_Cue] = []
    sign = board.signature
    if sign is not None:
        cues.append(("authority" if sign.authority else "operator", 2, sign.s, sign.e, "落款"))
    labels = _label_cue(board)
    if labels is not None:
        cues.append(labels)
    return cues


def _weak_cues(board: _Board) -> list[_Cue]:
    """Signs that decide only when nothing stronger does (looked for only then)."""
    for m in _HOTLINE_WORD_RE.finditer(board.ctx.c):
        if not board.layout.in_instruction(m.start()):
            return [("operator", 1, m.start(), m.end(), "举报电话")]
    return []


def _disclosure_kind(board: _Board) -> _Kind | None:
    """Repost signs first (a news report quoting an approval is a repost), then an authority's, then the
    operator's; a city-wide zone tariff is nobody's own board; weak signs decide only when nothing else
    does; a notice that names no one who issued it is a copy (repost)."""
    labels = _label_cue(board)
    if labels is not None and not _NOT_OPERATOR_HINT_RE.search(board.ctx.c):
        cues = _head_cues(board)
        sign = board.signature
        if not any(cue[0] != "operator" and cue[1] == 2 for cue in cues) and not (sign and sign.authority):
            # a board's own fields and no word that a stronger sign of another kind needs: decided
            return _Kind("operator", True, labels[2], labels[3], labels[4])
    cues = _head_cues(board) + _foot_cues(board) + _body_cues(board)

    def best(kind: str, weight: int) -> _Cue | None:
        return next((cue for cue in cues if cue[0] == kind and cue[1] >= weight), None)

    for kind in ("repost", "authority", "operator", "authority_site"):
        if (cue := best(kind, 2)) is not None:
            return _Kind(kind.removesuffix("_site"), True, cue[2], cue[3], cue[4])
    if (cue := best("not_operator", 2)) is not None:
        kind = "authority" if best("authority", 1) or best("authority_site", 1) else "repost"
        return _Kind(kind, True, cue[2], cue[3], cue[4])
    cues += _weak_cues(board)
    for kind in ("repost", "operator", "authority", "authority_site"):
        if (cue := best(kind, 1)) is not None:
            return _Kind(kind.removesuffix("_site"), False, cue[2], cue[3], cue[4])
    m = _NOTICE_VOICE_RE.search(board.ctx.c)
    if m is not None:
        return _Kind("repost", False, m.start(), m.end(), "公告未署名")
    return None


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
    # the new period a value extends to ("由15分钟延长至30分钟"), free wording, else any duration under the label
    for rx in (_FREE_EXTENDED_RE, *_FREE_RES, _DURATION_RE):
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
    if not _ANY_NUMBER_RE.search(v):
        return None
    for cl in board.clauses:  # a table row under vehicle columns: the small car's cell, not the first
        if cl.s <= s < cl.e and cl.text != board.ctx.c[cl.s : cl.e] and _CAP_RE.search(cl.text):
            cap = _small_car_cap(cl.text, "")
            if cap:
                return (cap, cl.s, cl.e)
    v = _small_car_part(v)  # "小车20元 大车40元" under one heading: the small car's
    if _CAP_WORD_RE.search(v):
        return (v, s, e)
    for seg in board.segs:  # "封顶：20元" → "封顶20元": the label says what the amount is
        if seg.kind == "cap" and (seg.vstart <= s < seg.vend or seg.vend == s):
            # the heading with its period ("封顶（24小时）"), without its colon
            label = board.ctx.c[seg.start : seg.vstart].rstrip(" :|\t") or seg.label
            joined = label + v if _NUMBER_FIRST_RE.match(v) else f"{label}：{v}"
            return (joined, seg.start, e)
    return (v, s, e)


def _berths_value(v: str, s: int, e: int, board: _Board) -> tuple[object, int, int] | None:
    m = _DIGITS_RE.search(v)
    if m:
        return (int(m.group(0)), s + m.start(), s + m.end())
    m = _CN_NUMBER_RE.search(v)
    if m:
        n = cn_number(m.group(0))
        if n is not None:
            return (int(n), s + m.start(), s + m.end())
    return None


_BY_LABEL: tuple[tuple[str, _ValueParser], ...] = (
    ("lot_name", _whole_value(_long_name)),
    ("operator", _operator_value),
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


_FEE_HOURS_LABEL_RE = re.compile(r"(?:收费|计费)(?:时间|时段)[:：]?\s?$")


def _first_labelled(board: _Board, kind: str, parse: _ValueParser) -> Reading | None:
    """The first value under one of `kind`'s labels that `parse` accepts."""
    c = board.ctx.c
    spans = board.labelled.get(kind, ())
    if kind == "charging_hours":  # "营业时间：9:00-22:00（商场）" then "停车收费时间：全天": the charging one
        spans = sorted(
            spans, key=lambda span: (not _FEE_HOURS_LABEL_RE.search(c, max(0, span[0] - 10), span[0]), span[0])
        )
    for s, e in spans:
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
    layout = board.layout

    def told_elsewhere(pos: int) -> bool:
        """A number in an instruction to someone else, or in an enquiry sentence, is no hotline shown."""
        a, b = layout.sentence_at(pos)
        return layout.in_instruction(pos) or bool(_ENQUIRY_RE.search(c, a, b) and not _HOTLINE_WORD_RE.search(c, a, b))

    for m in _NATIONAL_HOTLINE_RE.finditer(c):
        if not any(a <= m.start() < b for a, b in other_spans) and not told_elsewhere(m.start()):
            hits.append((m.group(1), m.start(), m.end()))
    for seg in board.segs:
        if seg.kind != "" or not _HOTLINE_CONTEXT.search(c, seg.vstart, seg.vend):
            continue  # complaint wording first: most parts of a text have none
        for cs, ce in _clauses_of(c, seg.vstart, seg.vend):
            part = c[cs:ce]
            if _HOTLINE_CONTEXT.search(part) and not _NOT_HOTLINE_CONTEXT.search(part):
                hits.extend(h for h in _hotline_numbers(c, cs, ce) if not told_elsewhere(h[1]))
    if not hits:
        return None
    hits.sort(key=lambda h: h[1])
    values = list(dict.fromkeys(h[0] for h in hits))
    lo = min(h[1] for h in hits)
    hi = max(h[2] for h in hits)
    conf = min(ctx.confidence(h[1], h[2]) for h in hits)
    return Reading(values, conf, ctx.span(lo, hi))


_FORM_DECLARED_RE = re.compile(r"(?:实行|执行|为|属于|采用|按|是|:|\|)\s?$")
# "实行…的…，必须…": a duty of a class, within its sentence (which runs on over a line broken after a comma)
_FORM_RULE_RE = re.compile(r"的[^。；;]*?(?:必须|应当|不得)")
# "在实行政府定价含政府指导价管理的停车设施停放…免首1小时": the form names a class of lots a rule or a relief
# applies to, unless the clause says the lot is one of them ("本停车场为实行政府指导价的停车场")
_FORM_CLASS_RE = re.compile(
    r"(?:含[^。；;，,]{0,8}?)?(?:管理)?的[^。；;，,]{0,12}?(?:停车场|停车设施|停车泊位|泊位|停车服务场所|停车库|车库|停车位)"
)
_SELF_RE = re.compile(r"本|该|我|此")
_OWN_LOT_RE = re.compile(r"(?:本|该|此|我)(?:停车场|停车库|车场|场|公司|司|院|单位|小区|项目)")
_RELIEF_TERMS_RE = re.compile(r"免首|免费|免收|减免|优惠|减半|半价")


def _relief_for_class(board: _Board, s: int, e: int) -> bool:
    """Whether the sentence naming a class of lots by its form at s..e grants a relief there (for new-energy
    cars, patients…; free time or a discount, no amount) and does not say the lot is one of them."""
    c = board.ctx.c
    a, b = board.layout.sentence_at(s)
    if _SELF_RE.search(c, _clause_around(c, s, e)[0], s) or _YUAN_RE.search(c, a, b):
        return False
    return bool(_RELIEF_RE.search(c, a, b) and _RELIEF_TERMS_RE.search(c, a, b))


def _pricing_form_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """A pricing form the text declares for its lot ("本停车场实行市场调节价", "价格管理形式执行政府指导价"), or
    the one named in the title of the price notice it rests on; not a text that discusses several forms
    ("实行政府定价或政府指导价管理的停车场"), nor one mentioned in passing ("市场调节价停车场只有15分钟免费")."""
    c = board.ctx.c
    basis_spans = board.labelled.get("fee_basis", [])
    mentions: list[tuple[str, re.Match[str]]] = []
    named: set[str] = set()  # every form the text names for some lots, the lot's own or another class's
    for m in _FORM_RE.finditer(c):
        if any(a <= m.start() < b for a, b in basis_spans) or board.layout.in_instruction(m.start()):
            continue  # "收费依据：市场调节价" is a fee basis, not a declared pricing form
        if _FORM_NEGATION.search(c[max(0, m.start() - 6) : m.start()]):
            continue
        if c[max(0, m.start() - 2) : m.start()].strip()[-1:] in _BOXES + _TICKS or (
            c[m.end() : m.end() + 2].strip()[:1] in _BOXES + _TICKS
        ):
            continue  # a choice box on a template that was not read as ticked above
        form = _pricing_form(m.group(0))
        if not form:
            continue
        named.add(form)
        if _FORM_RULE_RE.match(c, m.end(), board.layout.sentence_at(m.end())[1]):
            continue  # "实行政府定价的停车服务场所，必须设置免费时段": a rule for a class of lots, quoted
        # "新能源汽车在实行政府定价…的停车设施停放每日免首1小时": where a relief applies, never the lot's own form,
        # but it still counts as a form the text names: a text naming two is not read
        if not (_FORM_CLASS_RE.match(c, m.end()) and _relief_for_class(board, m.start(), m.end())):
            mentions.append((form, m))
    declared = [(f, m) for f, m in mentions if _FORM_DECLARED_RE.search(c, max(0, m.start() - 3), m.start())]
    # "本停车场实行市场调节价" names the lot's own form whatever other classes of lots the text names
    own = [(f, m) for f, m in declared if _OWN_LOT_RE.search(c, _clause_around(c, m.start(), m.end())[0], m.start())]
    if len({f for f, _m in own}) == 1:
        return board.ctx.reading(own[0][0], own[0][1].start(), own[0][1].end())
    if len(named) != 1:
        return None
    basis = board.basis
    for form, m in mentions:
        titled = basis is not None and basis.title is not None and basis.title.find(m.group(0)) >= 0
        if (form, m) in declared or titled:
            return board.ctx.reading(form, m.start(), m.end())
    return None


# A cited document is a fee basis when it sets parking prices (a price approval or notice); a measures,
# an opinion, a pricing catalogue or an application is not ("根据《…收费管理办法》…" is the authority's ground).
_NOT_BASIS_TITLE_RE = re.compile(
    r"管理办法|实施意见|指导意见|定价目录|目录|条例|管理规定|行为规则|公示管理|请示|申请|报告|建议|管理实施细则|"
    r"征求|意见稿|管理办理"
)
_FEE_TITLE_RE = re.compile(r"收费|价格|费|价")
_PRICE_PREFIX_RE = re.compile(r"价|发改|物价|收费|费")  # an approval's prefix names a price authority
_TITLE_AFTER_RE = re.compile(r"[)）]?\s?《([^《》]{2,80})》")
# a cited title: "《关于…》", or a Taiwan fee ordinance that sets public lots' rates ("《公有停车场收费自治条例》")
_FEE_ORDINANCE = r"[^《》]{2,40}收费(?:费率)?(?:标准)?自治条例"
_CITED_TITLE_RE = re.compile(r"《(关于[^《》]{2,80}|" + _FEE_ORDINANCE + r")》")
_FEE_ORDINANCE_RE = re.compile(_FEE_ORDINANCE)
_TITLE_WORD_RE = re.compile(r"关于|通知|批复|办法|规定|决定|标准|意见|细则|通告|公告|复函|目录")
_OTHER_MATTERS_RE = re.compile(r"其他|其余|另|此外")  # "其他有关规定按《…》执行": not the price's basis
_DECIDES_RE = re.compile(r"批复|批准|核定|同意|决定|审定")
# "…号文件规定", "…号确定的标准", or the prices following it: "根据…号文件，海口停车费收取标准如下"
_SETS_PRICES_RE = re.compile(
    r"\s?(?:文件)?(?:(?:规定|确定|核定)(?:的)?(?:收费)?(?:标准)?|[，,]?[^。；;\n，,]{0,12}?(?:收费|收取)标准(?:如下|为))"
)
_SPIRIT_RE = re.compile(r"精神")
_BARE_TITLE_RE = re.compile(r"([^《》，,、。；;:：()（）]{4,80})[(（]\s?$")


@dataclass(frozen=True)
class _Citation:
    number: str | None
    title: str | None
    s: int  # compact span of the number (or of the title when there is none)
    e: int
    own: bool  # the document's own number at its head, not a citation

    @property
    def is_basis(self) -> bool:
        if self.title and _FEE_ORDINANCE_RE.fullmatch(self.title):
            return True  # 公有停车场收费（费率）自治条例: the ordinance itself sets the rates
        return not (self.title and _NOT_BASIS_TITLE_RE.search(self.title))

    @property
    def priced(self) -> bool:
        return bool(self.title and _FEE_TITLE_RE.search(self.title)) or bool(
            self.number and _PRICE_PREFIX_RE.search(self.number.split("〔")[0])
        )

    sets_prices: bool = False  # "…号文件规定" / "…号规定的标准": the number is said to set the prices

    @property
    def normative(self) -> bool:  # 湘发改价费规〔2020〕801号: a normative document, not a lot's approval
        return bool(self.number and "规" in self.number.split("〔")[0])


def _citations(board: _Board) -> list[_Citation]:
    """Every document the text cites or heads with, its title where the text gives one."""
    ctx, c = board.ctx, board.ctx.c
    # its own number stands on a line of its own near the top, under a title and a date line at most
    head = [ctx.line_text(li) for li in board.layout.body[:5]]
    out: list[_Citation] = []
    for number, s, e in board.approvals_anywhere:
        if _other_matters(c, board.layout.sentence_at(s)[0]) or _repealed(c, *board.layout.sentence_at(s)):
            continue  # "其他有关规定按《…》执行", "原…号文件同时废止": not what the price rests on
        title = _cited_title(c, s, e)
        own = any(a <= s < b and (_own_number(c[a:b]) or _titled_number(c, a, s, e)) for a, b in head)
        out.append(_Citation(number, title, s, e, own, bool(_SETS_PRICES_RE.match(c, e))))
    for m in _CITED_TITLE_RE.finditer(c) if "《" in c else ():
        if (
            not any(x.title == m.group(1) for x in out)
            and not board.layout.in_instruction(m.start())
            and not _other_matters(c, board.layout.sentence_at(m.start())[0])
            and not _repealed(c, *board.layout.sentence_at(m.start()))
        ):
            out.append(_Citation(None, m.group(1), m.start(), m.end(), False))
    return out


def _repealed(c: str, a: int, b: int) -> bool:
    """Whether the sentence a..b says the documents it names are repealed ("原…号文件同时废止")."""
    return bool(_REPEALED_RE.search(c, a, b))


_REPEALED_RE = re.compile(r"废止|停止执行|同时失效|不再执行|同时作废")


def _other_matters(c: str, start: int) -> bool:
    """Whether the sentence at `start` opens (after its list mark) with "其他…": "三、其他有关规定按《…》执行"."""
    lead = _ENUM_RE.match(c[start : start + 8])
    return bool(_OTHER_MATTERS_RE.match(c, start + (lead.end() if lead else 0)))


# a document's title right before its own number on one line ("关于…的批复 常发改价费〔2025〕259号"), not a
# title cited in 《》 or brackets
_TITLE_END_RE = re.compile(r"(?:^|\s)关于[^，,。；;《》()（）\n]{2,60}的(?:批复|复函|通知|函|决定|通告|公告)\s?$")


def _titled_number(c: str, a: int, s: int, e: int) -> bool:
    """A number at the head that its document's title opens or closes ("关于…的批复 岳发改价〔2021〕5号",
    "岳发改价〔2021〕5号 关于…的批复"): the document's own number, as on a line of its own."""
    if _TITLE_END_RE.search(c[a:s]):
        return True
    # opening the line, then a title or the addressee ("虞发改价〔2013〕50号 上虞市交通服务公司：")
    return not c[a:s].strip() and (c[e : e + 4].lstrip().startswith("关于") or bool(_ADDRESSEE_AFTER_RE.match(c, e)))


_ADDRESSEE_AFTER_RE = re.compile(r"\s?[\u4e00-\u9fff（）()]{2,38}?" + _ORG_SUFFIX + r"\s?[:：]")


def _cited_title(c: str, s: int, e: int) -> str | None:
    """The title cited with a document number: "《title》（number）", "title（number）", "number《title》"."""
    before = c[max(0, s - 90) : s].rstrip(" ")
    tail = before.rstrip("(（ ")
    if tail.endswith("》") and (i := tail.rfind("《")) >= 0 and 2 <= len(tail) - i - 2 <= 80:
        return tail[i + 1 : -1]
    if before.endswith(("(", "（")):  # "…关于…的指导意见（发改价格(2015)2975号）": a title without 《》
        m = _BARE_TITLE_RE.search(before[-82:])
        if m is not None and _TITLE_WORD_RE.search(m.group(1)):
            return m.group(1)
    m = _TITLE_AFTER_RE.match(c, e, min(len(c), e + 90)) if "《" in c[e : e + 4] else None
    return m.group(1) if m else None


def _basis_citation(board: _Board) -> _Citation | None:
    """The document the price rests on. An authority's own document is its own number; what it cites
    ("根据…") is its ground, a basis only when it is a price decision named by its title. An operator's
    notice or a repost cites the approval it applies; a number without a title counts when its prefix
    names a price authority (never a hospital's own document number)."""
    cited = _citations(board)
    found = [x for x in cited if x.is_basis]
    kind = board.kind_name
    if kind == "authority":
        grounds = _grounds(board, cited)
        order = [x for x in found if x.own] + [
            x for x in found if not x.own and x.title and x.priced and x not in grounds
        ]
        # a reply that states the prices a price document sets ("根据洛发改收费【2007】52号文件规定,…收费标准:"),
        # not an approval that decides them itself ("依据…号文件规定,拟批复如下": those are its grounds)
        if not _DECIDES_RE.search(board.ctx.c):
            order += [x for x in found if not x.own and not x.title and x.priced and not x.normative and x.sets_prices]
    else:
        cited = [x for x in found if not x.own or kind == "repost"]
        order = (
            [x for x in cited if x.number and x.title and x.priced and not x.normative]
            + [x for x in cited if x.number and not x.title and x.priced and not x.normative]
            + [x for x in cited if not x.number and x.priced]
            + [x for x in cited if x.normative and x.priced and (kind == "operator" or x.sets_prices)]
        )
    return order[0] if order else None


def _grounds(board: _Board, cited: list[_Citation]) -> list[_Citation]:
    """Documents an authority names together as the spirit it acts in ("根据…436号和《…》（…145号）精神，批复如下",
    "根据《…指导意见》、…《…的通知》等文件精神"): its grounds, not a price it applies; one document so named
    ("根据《…政府指导价的通告》（…316号）精神，函复如下") is the price it applies."""
    c = board.ctx.c
    out = []
    for x in cited:
        a, b = board.layout.sentence_at(x.s)
        spirit = _SPIRIT_RE.search(c, x.e, b)
        if spirit is not None and sum(a <= y.s < spirit.start() for y in cited) >= 2:
            out.append(x)
    return out


def _fee_basis_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """Unlabelled: the clause that cites the document the price rests on (`_basis_citation`)."""
    cited = board.basis
    if cited is None:
        return None
    if cited.own and cited.number:  # the document's own number: the number, not its furniture line
        return board.ctx.reading(cited.number, cited.s, cited.e)
    c = board.ctx.c
    cs, ce = _clause_around(c, cited.s, cited.e)
    return board.ctx.reading(_name(_clean_value(c[cs:ce])), cs, ce)


def _approval_number_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The approval number the labelled fee basis cites, else that of the document the price rests on."""
    basis = by_label.get("fee_basis")
    if basis is not None:
        spans = board.labelled["fee_basis"]
        fs, fe = next((span for span in spans if board.ctx.span(*span) == basis.span), spans[0])
        approvals = _approval_numbers(board.ctx.c, fs, fe)
        if approvals:
            number, s, e = _pick_approval(approvals)
            return board.ctx.reading(number, s, e)
    cited = board.basis
    if cited is None or cited.number is None:
        return None
    return board.ctx.reading(cited.number, cited.s, cited.e)


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


_OPERATOR_ACTS = (
    # "由XX公司经营", "解释权归XX所有", "XX公司发布通告", "XX公司在…设立经营的", "经XX公司申请"
    _OPERATOR_FREE_RE,
    _INTERPRET_RE,
    re.compile(r"(?:^|[，,。；;\s])(" + _ORG_RE.pattern + r")发布(?:了)?(?:停车)?(?:通告|公告|通知)"),
    re.compile(r"(?:^|[，,。；;\s])(" + _ORG_RE.pattern + r")(?:在[^，,。；;]{0,6}?)?(?:设立)?(?:经营|管理|运营)的"),
    _APPLICANT_RE,
)


def _operator_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """Who charges, where real texts name them: the signature of the operator's own notice, the addressee
    of an approval ("XX公司："), the applicant ("经XX公司申请"), "由XX经营", "解释权归XX所有"; on the
    operator's own notice also its title ("XX医院关于…的公告"), byline and the approval title it cites."""
    found = _operator_at_foot_or_head(board)
    if found is None:
        found = _operator_by_act(board)
    if found is None and board.kind_name == "operator":
        found = _operator_in_title(board)
    if found is None:
        return None
    name, s, e = found
    return board.ctx.reading(_name(name), s, e)


def _is_operator_name(name: str) -> bool:
    return 2 <= len(name) <= 40 and bool(_ORG_END_RE.search(name)) and not _AUTHORITY_NAME_RE.search(name)


def _operator_at_foot_or_head(board: _Board) -> _Hit | None:
    sign = board.signature
    if sign is not None and not sign.authority and board.kind_name != "repost":
        name = _clean_org(sign.name)
        if _is_operator_name(name):
            return name, sign.s, sign.s + len(name)
    addressee = board.addressee
    if addressee is not None and addressee[1] == "org" and _is_operator_name(addressee[0].name):
        found = addressee[0]
        return found.name, found.s, found.e
    return None


def _operator_by_act(board: _Board) -> _Hit | None:
    c = board.ctx.c
    hits: list[_Hit] = []
    for rx in _OPERATOR_ACTS:
        for m in rx.finditer(c):
            name = m.group(1)
            if _is_operator_name(name) and not board.layout.in_instruction(m.start(1)):
                hits.append((name, m.start(1), m.end(1)))
                break
    return min(hits, key=lambda h: h[1]) if hits else None


_TITLE_ORG_RES = (
    re.compile(r"^(" + _ORG_RE.pattern + r")关于", re.M),  # "文山州人民医院关于启动…的公告"
    re.compile(_BYLINE_RE.pattern, re.M),  # "贵阳市公共卫生救治中心 日期：…"
    re.compile(r"来源[:：](" + _ORG_RE.pattern + r")(?=\s|时间|日期|$)", re.M),
    re.compile(r"关于(" + _ORG_RE.pattern + r")(?:院内|院区|停车场|机动车|车辆)[^》]{0,30}?的批复"),
)


def _operator_in_title(board: _Board) -> _Hit | None:
    ctx, c = board.ctx, board.ctx.c
    for li in board.layout.body[:3]:
        ls, le = ctx.line_text(li)
        for rx in _TITLE_ORG_RES[:3]:
            m = rx.search(c, ls, le)
            if m and _is_operator_name(_clean_org(m.group(1))):
                name = _clean_org(m.group(1))
                return name, m.start(1), m.start(1) + len(name)
    m = _TITLE_ORG_RES[3].search(c)
    if m and _is_operator_name(m.group(1)):
        return m.group(1), m.start(1), m.end(1)
    return None


def _credit_code_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    if not _CREDIT_HINT_RE.search(board.ctx.c):
        return None
    for m in _CREDIT_RE.finditer(board.ctx.c):
        if _credit_code_valid(m.group(1)):
            return board.ctx.reading(m.group(1), m.start(1), m.end(1))
    return None


def _issuer_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    ctx = board.ctx
    m = _ISSUER_RE.search(ctx.c) if "制" in ctx.c else None  # the pattern is slow: look only where it can hold
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
    m = _BERTHS_FREE_RE.search(board.ctx.c) if "个" in board.ctx.c else None  # a count needs 个
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
        if len(line) > 40 or _has_amount(line):
            continue
        stripped = _TITLE_SUFFIX_RE.sub("", line)
        m = _THIS_LOT_RE.search(stripped)
        name = m.group(1) if m else stripped
        if _TITLE_LOT_RE.search(name) and 2 <= len(name) <= 30 and not _NOT_PRICE_RE.search(name):
            return board.ctx.reading(_name(name), s + (len(stripped) - len(name)), s + len(stripped))
    return None


def _free_minutes_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The lot's general free period: a period that extends the old one first, then the periods whose
    sentence goes on to price the time after them, then the earliest; never a relief for some drivers
    (patients, shoppers, residents, new-energy cars) nor a rule the text says is the old one."""
    c = board.ctx.c
    hits: list[tuple[int, int, int, int]] = []  # (rank, start, minutes, end); lower rank wins
    for m in _FREE_EXTENDED_RE.finditer(c):
        a, b = board.layout.sentence_at(m.start())
        cs, _ce = _clause_around(c, m.start(), m.end())
        if _SOME_LOTS_RE.search(c, cs, m.start()):
            continue  # "部分老车站…缩短至10分钟，新车站则延长至30分钟": some lots' variant, not the rule
        if _FREE_OR_START_RE.search(c, a, b) and (mins := _minutes(m.group(1), m.group(2))):
            hits.append((0, m.start(), mins, m.end()))
    for rx in _FREE_RES:
        for m in rx.finditer(c):
            _free_hit(board, m, hits)
    for li in sorted(board.layout.exempt_lines):
        ls, le = board.ctx.line_text(li)
        item = _FREE_ITEM_RE.search(c, ls, le)
        if item is not None and "车" in c[item.end() : le]:
            _free_hit(board, item, hits, group=1 if item.group(1) else 3)
    if not hits:
        return None
    _rank, s, mins, e = min(hits)
    return board.ctx.reading(mins, s, e)


def _free_hit(board: _Board, m: re.Match[str], hits: list[tuple[int, int, int, int]], group: int = 1) -> None:
    c = board.ctx.c
    mins = _minutes(m.group(group) or "", m.group(group + 1))
    if mins is None or board.layout.in_instruction(m.start()):
        return
    cs, ce = _clause_around(c, m.start(), m.end())
    clause = c[cs:ce]
    if _STALE_RE.match(clause) or _RELIEF_RE.search(clause):
        return
    a, b = board.layout.sentence_at(m.start())
    before = c[a : m.start()]  # "对…就诊有关的机动车，在2小时内免收", unless "其他车辆半小时之内免收费"
    relief = [x.end() for x in _RELIEF_RE.finditer(before)]
    if relief and not _GENERAL_SUBJECT_RE.search(before, relief[-1]):
        return
    later = c[m.end() : b]
    if _DISCOUNT_RE.search(c, m.end(), min(b, m.end() + 30)):  # the next clause or so: linear on long texts
        return  # "在市区道路临时泊车位停车2小时内免费，超过2小时减半收费": a relief, not the lot's free period
    priced = bool(_PRICED_LATER_RE.search(later))
    hits.append((1 if priced else 2, m.start(), mins, m.end()))


def _clause_billing_unit(cl: _Clause) -> str | None:
    # a table row reads as one clause "小型车首小时5元，之后每小时2元，封顶30元": look at its parts
    parts = cl.text.split("，") if cl.seg_kind == "" and cl.s == cl.seg_start else [cl.text]
    for part in parts:
        if _PASS_RE.search(part) or _CAP_WORD_RE.search(part):
            continue
        unit = _billing_unit(part)
        if unit and (_has_amount(part) or unit == "每次"):
            return unit
    return None


def _billing_unit_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    for cl in board.clauses:
        unit = _clause_billing_unit(cl)
        if unit:
            return board.ctx.reading(unit, cl.s, cl.e)
    return None


def _rounding_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    c = board.ctx.c
    m = _ROUND_RE.search(c) if _ROUND_HINT_RE.search(c) else None  # the pattern opens with an optional part
    return board.ctx.reading(m.group(0), m.start(), m.end()) if m else None


# a price ceiling per billing unit ("每半小时最高3元", "不超过2元/小时"); "每24小时…不超过30元" is a day's cap
_PER_UNIT_BEFORE_RE = re.compile(r"每(?!24小时)(?:\d+)?(?:个)?(?:半)?(?:小时|分钟)|半小时|(?<![\d.])\d{1,2}分钟")
_PER_UNIT_AFTER_RE = re.compile(r"/(?!24小时)(?:\d+)?(?:半)?(?:小时|分钟)")


def _cap_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The cap: a 24 h or daily one before a band's, the small car's (or everyone's) before another
    vehicle's; not a price ceiling per unit ("每半小时最高3元", "按不超过2元/小时"), nor a relief's cap."""
    c = board.ctx.c
    cands: list[tuple[int, int, int, int]] = []  # (rank, start, end, order)
    # _CAP_RE tries every position of the text: skip it where no cap word could anchor a match
    found = list(_CAP_RE.finditer(c)) if _CAP_WORD_RE.search(c) else []
    if "不限额" in c or "不封顶" in c or "按" in c:
        found += _CAP_STATED_RE.finditer(c)
    for m in _CAP_PER_DAY_RE.finditer(c) if "元/24小时" in c else ():
        # a cap word on its line or its list item's ("三、…实行24小时内最高限额。\n中小型车13元/24小时")
        line = board.ctx.line_of(m.start())
        if _CAP_WORD_RE.search(c, board.ctx.line_text(_item_start(board, line))[0], board.ctx.line_text(line)[1]):
            found.append(m)
    for m in found:
        rank = _cap_rank(board, m)
        if rank is not None:
            cands.append((rank, m.start(), m.end(), len(cands)))
    if cands:
        _rank, s, e, _order = min(cands)
        while s < e and c[s] in " :":
            s += 1
        lead = _ENUM_RE.match(c[s:e])
        s += lead.end() if lead else 0  # "2.小车停放每天…": the list number is not part of the cap
        return board.ctx.reading(c[s:e], s, e)
    for cl in board.clauses:  # a price table row: "…，24小时封顶30元"
        row = _CAP_RE.search(cl.text)
        if row and cl.text != c[cl.s : cl.e] and not _unit_price_ceiling(c, row.group(0)):
            return board.ctx.reading(_small_car_cap(cl.text, row.group(0).lstrip("，:")), cl.s, cl.e)
    return None


def _small_car_part(v: str) -> str:
    """The small car's part of a value that gives several vehicles their amounts ("小车20元大车40元"); the
    value as it is when it names one vehicle or none, or when the small car's part holds no amount."""
    found = list(_VEHICLE_RE.finditer(v))
    if len(found) < 2 or "(" in v[: found[-1].start()]:
        return v  # one vehicle, or a vehicle defined inside brackets ("小型车（含…摩托车）")
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(v)
        if _vehicle_kind(m.group(1)) == "small" and _YUAN_RE.search(v, m.end(), end):
            return v[: found[0].start()] + v[m.start() : end].rstrip(" ,，、")
    return v


def _small_car_cap(row: str, first: str) -> str:
    """A cap row that gives every vehicle its amount under one heading ("每日封顶大型车40元，小型车20元", from a
    table with a column per vehicle): the small car's amount under the heading; else the first cap found."""
    parts = row.split("，")
    lead = _VEHICLE_RE.search(parts[0])
    if len(parts) < 2 or lead is None or not _CAP_WORD_RE.search(parts[0], 0, lead.start()):
        return first
    heading = parts[0][: lead.start()]
    for part in parts:
        v = _VEHICLE_RE.match(part, part.find(heading) + len(heading) if part.startswith(heading) else 0)
        if v is not None and _vehicle_kind(v.group(1)) == "small" and _YUAN_RE.search(part):
            return part if part.startswith(heading) else heading + part
    return first


_BILLED_BY_DAY_RE = re.compile(r"按(?:天|日)(?:[(（][^)）]{0,12}[)）])?(?:计收|计费|收费|收取|计算)")
_DAY_PRICE_CEILING_RE = re.compile(r"(?:每天|每日)(?:不超过|不得超过|最高)")
_BILLED_BY_VISIT_RE = re.compile(r"按(?:一|1)?次(?:收费|计收|计费|收取)")
_VISIT_PRICE_CEILING_RE = re.compile(r"每(?:辆)?次(?:不超过|不得超过|最高)")
_BRACKETED_RE = re.compile(r"[(（][^()（）]{0,60}[)）]")


def _unit_price_ceiling(c: str, text: str) -> bool:
    """A ceiling on the price of the unit the text bills by, not a cap: "4小时以内的按一次收费，超过4小时的按天
    计收…每次不超过5元、每天不超过8元"."""
    return bool(
        (_DAY_PRICE_CEILING_RE.search(text) and _BILLED_BY_DAY_RE.search(c))
        or (_VISIT_PRICE_CEILING_RE.search(text) and _BILLED_BY_VISIT_RE.search(c))
    )


def _cap_rank(board: _Board, m: re.Match[str]) -> int | None:
    """How good a cap candidate is (lower is better), None when it is not the lot's cap."""
    c, text = board.ctx.c, m.group(0)
    if _NOT_PRICE_RE.search(text) or "免费" in text or board.layout.in_instruction(m.start()):
        return None
    if _PER_UNIT_BEFORE_RE.search(text) or _PER_UNIT_AFTER_RE.match(c, m.end()):
        return None
    a, _b = board.layout.sentence_at(m.start())
    before = c[a : m.start()]
    relief = [x.end() for x in _RELIEF_RE.finditer(before)]
    # a relief word in another table cell ("摩托车、电动车 | 2元/辆 | 小汽车 | …最高收费30元") is not the cap's subject
    if relief and not _GENERAL_SUBJECT_RE.search(before, relief[-1]) and not _CELL_MARK_RE.search(before, relief[-1]):
        return None  # "就诊人员车辆…停放不超过12小时的，最高收费10元"
    if _unit_price_ceiling(c, text):
        return None
    ls, _le = board.ctx.line_text(_run_on_start(board, board.ctx.line_of(m.start())))
    # the vehicle the cap is on, not the words defining it in brackets ("小型车（…三轮摩托车）…")
    line = _BRACKETED_RE.sub(lambda b: " " * len(b.group(0)), c[ls : m.end()])
    vehicles = [_vehicle_kind(v.group(1)) for v in _VEHICLE_RE.finditer(line)]
    vehicle = vehicles[-1] if vehicles else _item_vehicle(board, board.ctx.line_of(m.start()))
    by_vehicle = 0 if vehicle in (None, "small") else 1 if vehicle == "large" else 2
    daily = 0 if _CAP_24_RE.search(text) else 1
    if daily == 0 and _IN_BAND_RE.search(before) and not _WHOLE_DAY_RE.search(text):
        daily = 1  # "昼间（7:00--19:00）…每日最高5元": the day band's cap, after "全天每日最高8元"
    return daily * 3 + by_vehicle


_CELL_MARK_RE = re.compile(r"[|\t]")
_IN_BAND_RE = re.compile(r"白天|日间|昼间|白日|夜间|晚间|夜晚|晚上")
_WHOLE_DAY_RE = re.compile(r"24小时|全天|全日|二十四小时|24h")


def _run_on_start(board: _Board, line: int) -> int:
    """The first line of the sentence a line continues: a line broken after a comma ("中小型车每泊位2元/小时，"
    over "每日每车累计最高收费9元；") runs on, up to three lines back."""
    c = board.ctx.c
    start = line
    while start > 0 and line - start < 3:
        ps, pe = board.ctx.line_text(start - 1)
        if pe <= ps or c[pe - 1] not in "，,、":
            break
        start -= 1
    return start


def _item_start(board: _Board, line: int) -> int:
    """The first line of the list item a line belongs to: the nearest line above it (or itself) that opens
    with a list mark, at most three lines up; the line itself when none does."""
    c = board.ctx.c
    for i in range(line, max(-1, line - 4), -1):
        ls, le = board.ctx.line_text(i)
        if _ENUM_RE.match(c[ls:le]):
            return i
    return line


def _item_vehicle(board: _Board, line: int) -> str | None:
    """The vehicle a list item opens with ("（一）摩托车：…"), for a line of that item that names none: a
    board broken into short lines puts "24小时最高收费5元" under its vehicle's heading."""
    c = board.ctx.c
    start = _item_start(board, line)
    for i in range(line - 1, start - 1, -1):
        ls, le = board.ctx.line_text(i)
        lead = _ENUM_RE.match(c[ls:le])
        v = _VEHICLE_RE.match(c, ls + (lead.end() if lead else 0), le)
        if v is not None:
            return _vehicle_kind(v.group(1))
    return None


def _charging_hours_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """All-day wordings ("24小时收费"), "每天8时至20时", else the hours of the priced time bands."""
    c = board.ctx.c
    for m in _ALL_DAY_FREE_TEXT_RE.finditer(c):
        before = c[m.start() - 1] if m.start() else ""
        if before not in _NOT_ALL_DAY_BEFORE and not board.layout.in_instruction(m.start()):
            return board.ctx.reading("24小时", m.start(), m.end())
    daily = _CHARGE_HOURS_FREE_RE.search(c)
    if daily is not None:
        cs, ce = _clause_around(c, daily.start(), daily.end())
        hours = _charging_hours(c[daily.start() : ce])
        # "每日0时至8时止小型车…每小时10元": a priced band, one of several, not the day's charging hours;
        # "小夜班停放时段：每日15时30分至翌日3时": when a pass may park, not when the lot charges
        parking_window = _PARKING_WINDOW_RE.search(c, _sentence_start(c, cs), daily.start())
        charged = hours and not _YUAN_RE.search(c, daily.end(), ce) and parking_window is None
        if charged and not _relief_window(board, daily.start(), daily.end()):
            return board.ctx.reading(hours, daily.start(), ce)
    return _band_hours(board)


def _relief_window(board: _Board, s: int, e: int) -> bool:
    """Whether the range at s..e is when a relief applies ("每日8时至20时首次停车两小时内免费，超过两小时减半
    收费"): its sentence says free before it charges anything, gives no amount, and names a discount or a
    relief's drivers (not "每天8时至20时，前30分钟以内免费，超过30分钟…一并计费", the lot's hours)."""
    c = board.ctx.c
    a, b = board.layout.sentence_at(s)
    free = _FREE_SAID_RE.search(c, e, b)
    if free is None or _CHARGED_RE.search(c, e, free.start()) or _YUAN_RE.search(c, a, b):
        return False
    return bool(_DISCOUNT_RE.search(c, a, b) or _RELIEF_RE.search(c, a, b))


_BAND_WORD_RE = re.compile(r"白天|日间|昼间|白日|夜间|晚间|夜晚|晚上|高峰|平峰|低峰|时段")
# within a sentence, which runs on over a line broken after a comma ("昼间（7:00--19:00）首小时免费，" over
# "超过一小时不足二小时收费3元，")
_IN_SENTENCE = r"(?:[^。；;\n]|(?<=[，,、])\n){0,30}?"
_DAY_PRICED_RE = re.compile(r"(?:白天|日间|昼间|白日)" + _IN_SENTENCE + r"(?:\d元|收费|计费)")
_NIGHT_PRICED_RE = re.compile(r"(?:夜间|晚间|夜晚|晚上)" + _IN_SENTENCE + r"(?:\d元|收费|计费)")
# an overnight price ("过夜(不分车型)每次10元") beside a priced range: the two cover the day
_OVERNIGHT_PRICED_RE = re.compile(r"(?:过夜|通宵)" + _IN_SENTENCE + r"(?:\d元|收费|计费)")
_CHARGED_RE = re.compile(r"\d元|\$\s?\d|收费|计费|计时|计次|加收|收取")  # "07:00-22:00 $35": a dollar amount
# both bands given an amount (not "白天停车收费标准高于夜间停车收费标准", a principle)
_DAY_AMOUNT_RE = re.compile(r"(?:白天|日间|昼间|白日)" + _IN_SENTENCE + r"\d元")
_NIGHT_AMOUNT_RE = re.compile(r"(?:夜间|晚间|夜晚|晚上)" + _IN_SENTENCE + r"\d元")
_FREE_SAID_RE = re.compile(r"免费|免收|不收费|不计费")


# a lot that charges only in its peak band says so ("仅在高峰时段7:00-9:00收费"): then the band is its hours
_ONLY_CHARGED_RE = re.compile(r"(?:仅|只)[^，,。；;\n]{0,16}?(?:收费|计费)")


_OFF_PEAK_RE = re.compile(r"非高峰|平峰|低峰|其[他它余]时[段间]")


def _surcharge_range(c: str, s: int, e: int) -> str | None:
    """ "surcharge" for a range that opens a surcharge with no amount between ("18:00-22:00加收1元/小时"; not
    "8:00-20:00首小时2元，之后每小时加收1元"), "peak" for one in a clause naming a peak band ("高峰时段7:30-9:30
    每小时4元"), else None."""
    a, b = _clause_around(c, s, e)
    inc = _INCREMENT_RE.search(c, e, b)
    if inc is not None and not _YUAN_RE.search(c, e, inc.start()):
        return "surcharge"
    return "peak" if "高峰" in c[a:b].replace("非高峰", "") else None


def _off_peak_priced(c: str) -> bool:
    """Whether the text prices the time outside its peak band ("其他时段每小时2元", not "其余时段免费")."""
    for m in _OFF_PEAK_RE.finditer(c):
        window = c[m.end() : m.end() + 40]
        charged, free = _CHARGED_RE.search(window), _FREE_SAID_RE.search(window)
        if charged and (free is None or charged.start() < free.start()):
            return True
    return False


def _band_hours(board: _Board) -> Reading | None:
    """The time ranges the text prices: a range in a sentence that charges, or a band's range ("白天时段为
    7:00至19:00") in a text that prices; not a range said to be free. A day band priced beside a night
    range (or the reverse) covers the rest of the day."""
    c = board.ctx.c
    found: list[tuple[str, int, int]] = []
    off_peak, covers_day = _off_peak_priced(c), False
    for m in _TIME_RANGE_RE.finditer(c):
        r = _time_range(m)
        if r is None or board.layout.in_instruction(m.start()):
            continue
        a, b = board.layout.sentence_at(m.start())
        sentence = c[a:b]
        charged = _CHARGED_RE.search(sentence)
        after = c[m.end() : min(b, m.end() + 30)]
        free = _FREE_SAID_RE.search(after)
        if free and not _CHARGED_RE.search(after, 0, free.start()):
            continue  # "夜间（一类区域为21:00-7:00，二类区域为21:00-8:00）免费"
        if _FREE_SAID_RE.search(sentence) and not _YUAN_RE.search(sentence):
            continue
        extra = _surcharge_range(c, m.start(), m.end())
        if extra and not _ONLY_CHARGED_RE.search(sentence):
            if extra == "peak" and off_peak:
                covers_day = True  # "高峰时段（7:30~19:30）…非高峰时段（19:30至次日7:30）…": both bands priced
            else:
                continue  # "高峰时段7:00-9:00每小时加收1元": when a surcharge or a peak price applies
        band = _BAND_WORD_RE.search(c, max(a, m.start() - 8), m.start())
        if band and _PARKING_WINDOW_RE.search(c, max(a, m.start() - 10), m.start()):
            band = None  # "小夜班停放时段：每日15时30分至翌日3时": a pass's window, not a priced band
        if charged or band:
            found.append((r, m.start(), m.end()))
    day = _DAY_AMOUNT_RE.search(c) if not found else None
    if day is not None and _NIGHT_AMOUNT_RE.search(c) and not _ZONES_RE.search(c):
        # "日間泊車費用為每半小時3元、夜間為1.5元": a lot's two bands priced, neither given its hours (a city's
        # zone tariff prices bands for many lots: no lot's hours)
        return board.ctx.reading("24小时", day.start(), day.end())
    if not found or not _CHARGED_RE.search(c):
        return None
    value = _hours_value([r for r, _s, _e in found])
    bands_priced = _DAY_PRICED_RE.search(c) and _NIGHT_PRICED_RE.search(c)
    if value != "24小时" and bands_priced and _ZONES_RE.search(c):
        return None  # "繁华区…白天每小时5元，夜间（22时至次日7时）每小时1元": a city's bands, no lot's hours
    if value != "24小时" and (bands_priced or covers_day or _OVERNIGHT_PRICED_RE.search(c)):
        # "白天每辆次5元；夜间停放（22:00-次日8:00）每辆次10元", "每次3元时间为8时—23时；过夜每次10元"
        value = "24小时"
    return board.ctx.reading(value, found[0][1], found[-1][2], [(s, e) for _r, s, e in found])


def _exempt_in_wording(board: _Board, by_label: Mapping[str, Reading]) -> Reading | None:
    """The vehicles named in the first sentence that says something is free (a sentence may run over
    "；": "执行任务的军车、…殡葬车等；临时停放的残疾人…免收停放服务费"), else the vehicles listed under an
    exemption heading ("三、下列情形免收机动车停放服务费" / "2.执行任务的军、警车辆和消防车…")."""
    for stops in ("。；;\n", "。\n"):
        found = _exempt_sentence(board, stops)
        if found is not None:
            return found
    return _exempt_listed(board)


def _exempt_sentence(board: _Board, stops: str) -> Reading | None:
    c = board.ctx.c
    done = -1
    for m in _EXEMPT_CONTEXT.finditer(c):
        if m.start() < done or board.layout.in_instruction(m.start()):
            continue  # this sentence was looked at already
        cs, ce = _clause_around(c, m.start(), m.end(), stops=stops)
        done = ce
        hits = list(_EXEMPT_VOCAB.finditer(c, cs, ce))
        if hits:
            items = list(dict.fromkeys(h.group(1) for h in hits))
            return board.ctx.reading(items, hits[0].start(), hits[-1].end())
    return None


def _exempt_listed(board: _Board) -> Reading | None:
    ctx, c = board.ctx, board.ctx.c
    items: list[str] = []
    where: list[_Span] = []
    for li in sorted(board.layout.exempt_lines):
        ls, le = ctx.line_text(li)
        hits = list(_EXEMPT_VOCAB.finditer(c, ls, le))
        if hits:
            items += [h.group(1) for h in hits]
            where += [(h.start(1), h.end(1)) for h in hits]
        elif "车" in c[ls:le] and not _FREE_ITEM_RE.search(c, ls, le) and not _RELIEF_RE.search(c, ls, le):
            raw = c[ls:le]
            body = raw.strip()
            mark = _ENUM_RE.match(body)
            text = body[mark.end() if mark else 0 :].rstrip("。；;，,")  # "执行公务的公、检、法、军、警车辆"
            start = ls + len(raw) - len(raw.lstrip()) + (mark.end() if mark else 0)
            items.append(text)
            where.append((start, start + len(text)))
    if not items:
        return None
    return ctx.reading(list(dict.fromkeys(items)), where[0][0], where[-1][1], where)


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
    complete: bool = True  # the tariff reader read every price (TariffReading.complete, issue #14)


def _reliefs_only(clauses: list[_Clause]) -> bool:
    """Price text that gives no amount but a discount's ("每辆次优惠1元") and speaks of reliefs ("新能源车辆停放时间
    2小时内免费", "超过2小时减半收费"): the terms of a relief for some drivers, not a price of the lot."""
    texts = [cl.text for cl in clauses]
    if not texts or any((_has_amount(t) or "$" in t) and not _DISCOUNT_OFF_RE.search(t) for t in texts):
        return False
    return any(_RELIEF_RE.search(t) or _DISCOUNT_RE.search(t) for t in texts)


def _read_prices(ctx: _Ctx, clauses: list[_Clause]) -> _Prices:
    """The price clauses, a line of text per board line, through the tariff reader."""
    if _reliefs_only(clauses):
        clauses = []
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
        return _Prices(None, confidence, (price_text,), (f"收费标准解析失败 (tariff reader failed): {exc}",), False)
    unread = tuple(reading.unread)
    tariff = reading.tariff
    if not unread and (tariff is None or not tariff.has_prices()):
        # amounts shown but no price read: the price is unread, not absent (an unread price is its own alert)
        unread = tuple(cl.text for cl in clauses if _has_amount(cl.text) and not _PASS_RE.search(cl.text))
    complete = bool(getattr(reading, "complete", True)) and not unread
    return _Prices(tariff, confidence, unread, tuple(reading.warnings), complete)


# --------------------------------------------------------------------------------------------
# Phase 6: flags on how prices are shown (bare, unconditioned, non-Arabic amounts)
# --------------------------------------------------------------------------------------------

_CLOCK_RANGE_RE = re.compile(r"\d{1,2}[:.]\d{2}\s?[-~至到]\s?(?:次日)?\d{1,2}[:.]\d{2}")
_NO_CONDITION_KINDS = ("charging_hours", "exempt_vehicles", "free_minutes")
_CLAUSE_HOURS_RE = re.compile(r"\d{1,2}(?:[:.]\d{2}|[时点])\s?[-~至到]\s?(?:次日)?\d{1,2}")


def _vehicle_kind(word: str) -> str:
    """The class of a vehicle word, as the shared lexicon has it (seat classes and lone words besides)."""
    found = vehicle_of(word)
    if found is not None:
        return found
    if "座" in word:
        return "small" if "以下" in word else "large"
    if word == "新能源":
        return "nev"
    if word in ("二轮", "三轮"):
        return "motorcycle"
    return word if word == "残疾人" else "large"


def _several_conditions(clauses: list[_Clause], c: str) -> tuple[bool, bool]:
    """Whether the prices name several vehicle classes, and several time bands. A class counts where
    it is priced or heads prices ("小型车" alone), not where it is only named ("…的新能源车辆" free)."""
    vehicles: set[str] = set()
    day = night = False
    ranges: set[str] = set()
    for cl in clauses:
        if cl.seg_kind == "charging_hours":
            continue
        t = cl.text
        words = _VEHICLE_RE.findall(t)
        if words and (_has_amount(t) or len(_VEHICLE_RE.sub("", t).strip(" :：")) <= 2):
            vehicles.update(_vehicle_kind(w) for w in words)
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


_AMOUNT_ONLY_RE = re.compile(r"(?:\d+(?:\.\d+)?元[、，,]?)+(?:依次类推|以此类推|类推)?")
_UNIT_FRAME_RE = re.compile(r"(?:每|按每?)[^元]{0,6}?(?:小时|分钟|天|日|次|月)")


def _unit_around(c: str, cl: _Clause, amounts: list[re.Match[str]]) -> bool:
    """Whether a clause whose own words give no unit takes one from around it: the clause before it in
    the same sentence ("每超出1小时，加收1元"; "每6小时分别加收2元，3元，1元"), a unit opening the sentence
    before any vehicle ("每天按大型15元，中型、小型10元标准收取"), or a line header before a colon
    ("20分钟（不含）至1小时（含）：大型车辆10元，小型车辆10元")."""
    sentence = _sentence_start(c, cl.s)
    listed = bool(_AMOUNT_ONLY_RE.fullmatch(cl.text))  # "…分别加收2元，3元，1元": one unit for the list
    pos = cl.s
    while pos - 1 > sentence:
        a, b = _clause_around(c, pos - 2, pos - 1)
        if a < sentence or a >= pos:  # no clause further back ("小型车;: 10元"): stop, never loop in place
            break
        prev = c[a:b]
        if listed and _AMOUNT_ONLY_RE.fullmatch(prev):
            pos = a
            continue
        prev_amounts = list(_AMOUNT_RE.finditer(prev))
        if (not prev_amounts or listed) and _has_unit(prev, prev_amounts):
            return True
        break
    if _UNIT_FRAME_RE.match(c, sentence, cl.e) and not _VEHICLE_RE.search(c, sentence, cl.s):
        return True
    ls = c.rfind("\n", 0, cl.s) + 1
    colon = c.find(":", ls, cl.s + 1)
    return colon >= 0 and not _AMOUNT_RE.search(c, ls, colon) and bool(_UNIT_WORD_RE.search(c, ls, colon))


def _sentence_start(c: str, pos: int) -> int:
    return max(c.rfind(stop, 0, pos) for stop in "。；;\n") + 1


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
        has_v = bool(_CONDITION_RE.search(t))
        has_b = bool(
            _DAY_RE.search(t) or _NIGHT_RE.search(t) or _BAND_TIME_RE.search(t) or _WHOLE_DAY_BAND_RE.search(t)
        )
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
    several_vehicles, several_bands = _several_conditions(clauses, c)
    held = _Conditions()
    bare: list[_Hit] = []
    uncond: list[_Hit] = []
    cap_seg = -2
    # a scheme heading on a line of its own ("全天一样收费", read as hours) is the band of the prices below it
    all_day = (
        [i for i, line in enumerate(c.split("\n")) if _ALL_DAY_HEADING_RE.fullmatch(line.strip())]
        if "全" in c or "不分" in c
        else []
    )
    for cl in clauses:
        if all_day and all_day[0] < cl.line:
            held.sticky_b = True
        if cl.seg_kind in _NO_CONDITION_KINDS:
            continue
        t = cl.text
        amounts = list(_AMOUNT_RE.finditer(c, cl.s, cl.e)) if _has_yuan(c, cl.s, cl.e) else []
        held.see(cl, bool(amounts))
        if not amounts or ("免费" in t and not _YUAN_RE.search(t)):
            continue
        is_cap = bool(_CAP_WORD_RE.search(t)) or cl.seg_kind == "cap"
        if is_cap:
            cap_seg = cl.seg_start
        elif cl.seg_start == cap_seg:
            is_cap = True  # "每日最高收费：小型车40元，大型车80元"
        if is_cap or _PASS_RE.search(t):
            continue
        if not _has_unit(t, amounts) and not _unit_around(c, cl, amounts):
            bare.append(
                (amounts[0].group(0), amounts[0].start(), amounts[0].end()) if len(amounts) == 1 else (t, cl.s, cl.e)
            )
        has_vehicle = held.sticky_v or held.line_v == cl.line
        # an increment ("每上一级，每小时加收1元") on a line naming no class is added to every class's price
        increment = bool(_INCREMENT_RE.search(t)) and held.line_v != cl.line
        per_visit = "次" in t
        # "周一至周五7时至20时：每次60元": a visit price with its own hours and no vehicle is every vehicle's
        own_hours = per_visit and bool(_CLAUSE_HOURS_RE.search(t))
        lacks_v = several_vehicles and not has_vehicle and not increment and not own_hours
        # a vehicle's all-day price ("小型车：6元/小时" beside a motorcycle's day/night bands) is conditioned
        lacks_b = several_bands and not per_visit and not has_vehicle and not (held.sticky_b or held.line_b == cl.line)
        if lacks_v or lacks_b:
            uncond.append((t, cl.s, cl.e))
    return bare, uncond


def _hits_reading(ctx: _Ctx, hits: list[_Hit]) -> Reading:
    return ctx.reading([h[0] for h in hits], hits[0][1], hits[-1][2], [(h[1], h[2]) for h in hits])


def _price_flags(ctx: _Ctx, clauses: list[_Clause]) -> dict[str, Reading]:
    flags: dict[str, Reading] = {}
    c = ctx.c
    chinese = [(m.group(0), m.start(), m.end()) for m in _CN_AMOUNT_RE.finditer(c)] if _has_yuan(c) else []
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
    kind = board.kind
    if kind is not None:
        fields["disclosure_kind"] = ctx.reading(kind.kind, kind.s, kind.e)
    prices = _read_prices(ctx, board.clauses)  # phase 5
    fields.update(_price_flags(ctx, board.clauses))  # phase 6
    return BoardRecord(
        text=text,
        fields=fields,
        tariff=prices.tariff,
        tariff_confidence=prices.confidence,
        unread=prices.unread,
        warnings=prices.warnings + _kind_warning(board),
        complete=prices.complete,
    )


def _kind_warning(board: _Board) -> tuple[str, ...]:
    kind = board.kind
    if kind is None:
        return ("公示类型未能判断（未见经营者、主管部门或转载的标志）(disclosure kind not decided by the text)",)
    if not kind.strong:
        return (f"公示类型依据较弱：{kind.why}（weak sign for the disclosure kind）",)
    return ()
