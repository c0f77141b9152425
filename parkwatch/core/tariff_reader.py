"""Chinese tariff text → `Tariff`, with the parts it could not use and warnings.

One reader for every source (web pages, OCR text of photographed boards). Pure: no I/O.

How it reads:

1. `normalize_text`: full-width → half-width (NFKC), Chinese numerals → digits (五元 → 5元, 两小时 →
   2小时, 壹拾元 → 10元), 半小时 → 30分钟, 一刻钟 → 15分钟, 首小时/每小时 → 首1小时/每1小时, 8时/晚8点 →
   08:00/20:00, dashes → "-".
2. The text is cut into sentences (；。 newline) and clauses (，,); a clause listing exempt vehicles
   (军车、警车…免费) is an exemption. Every other clause is scanned left to right by one compiled
   pattern whose alternatives are the tariff phrases (free period, first period, after…each…, ranges,
   units, caps, bands, per visit, passes, discounts, vehicle headings). Text between recognised
   phrases that still holds a number or words is reported in `unread`.
3. A small state machine applies the phrases: a vehicle heading opens a class; a band heading
   (白天/夜间 with times) opens a band inside the class until the sentence ends; tiers are chained
   (之后 / 超过N / a unit after a first period starts where the previous tier ends).
4. Classes without prices inherit from the all-vehicles class (new-energy cars from small cars),
   keeping their own free period, discount and caps; 按小型车标准的2倍 multiplies the referenced class.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, TypeVar

from parkwatch.core.tariff import ALL_VEHICLES, VEHICLE_NAMES_ZH, Band, ClassTariff, Pass, Segment, Tariff, money


@dataclass(frozen=True)
class TariffReading:
    tariff: Tariff | None
    unread: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "tariff": None if self.tariff is None else self.tariff.to_json(),
            "unread": list(self.unread),
            "warnings": list(self.warnings),
        }


# ---------------------------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS)


def chinese_number(text: str) -> int | None:
    """五 → 5, 十五 → 15, 二十 → 20, 壹拾 → 10, 一百二十 → 120, 一二 → 12 (digit by digit)."""
    if not text:
        return None
    if not any(ch in _CN_UNITS for ch in text):
        if all(ch in _CN_DIGITS for ch in text):
            return int("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None
    total = 0
    digit = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return total


# horizontal spaces go, except between two Latin letters ("Parking Lot")
_RE_SPACE = re.compile(r"(?<![A-Za-z])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?![A-Za-z])")
_DASHES = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "~": "-",
        "〜": "-",
        "～": "-",
        "－": "-",
        "―": "-",
        "﹣": "-",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "「": "",
        "」": "",
        "“": "",
        "”": "",
        '"': "",
        "·": "",
        "•": "",
        "﹔": ";",
        "︰": ":",
        "∶": ":",
        "，": ",",
        "；": ";",
        "：": ":",
        "（": "(",
        "）": ")",
    }
)
# (pattern, replacement, substrings one of which must be present for the pattern to apply)
_PHRASES: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = tuple(
    (re.compile(p), r, trigger)
    for p, r, trigger in (
        (r"个小时|个钟头|钟头|个钟", "小时", ("个", "钟头")),
        (r"([一两二三四五六七八九十\d]+)个?半小时", r"\1.5小时", ("半",)),
        (r"半个?小时", "30分钟", ("半",)),
        (r"一刻钟|(?<![\d.])1刻钟", "15分钟", ("刻",)),
        (r"(?<![\d.])2刻钟|两刻钟|二刻钟", "30分钟", ("刻",)),
        (r"(?<![\d.])3刻钟|三刻钟", "45分钟", ("刻",)),
        (r"分钟钟", "分钟", ("钟钟",)),
        (r"(?<![\d.])小时", "1小时", ("小时",)),
        (r"(?<![\d.])分钟", "1分钟", ("分钟",)),
        (r"元/时(?!段|间)", "元/1小时", ("元/时",)),
        (r"元/?(?:每)?(?:辆次|车次|台次|辆·次|辆\.次|辆/次|次/辆|次/车|车/次)", "元/次", ("次",)),
        (r"每(?:辆次|车次|台次|辆车次)", "每次", ("次",)),
        (r"元/h\b", "元/1小时", ("h",)),
        (r"(\d)\s*h\b", r"\1小时", ("h",)),
        (r"(\d)\s*min\b", r"\1分钟", ("min",)),
        (r"(\d)分(?![钟段部])", r"\1分钟", ("分",)),
        (r"人民币", "", ("人民币",)),
        (r"[¥￥](\d+(?:\.\d+)?)(?:元)?", r"\1元", ("¥", "￥")),
        (r"(\d)块(?:钱)?", r"\1元", ("块",)),
        (r"(\d+)元(\d)角", r"\1.\2元", ("角",)),
        (r"(?<![\d.])(\d)角", r"0.\1元", ("角",)),
        (r"(\d)圆", r"\1元", ("圆",)),
    )
)
_RE_CN_NUMBER = re.compile(
    rf"[{_CN_CHARS}]+(?=元|块|角|圆|小时|分钟|分|次|座|天|日|个月|月|年|折|倍|辆|时|点|人|吨|米|%|\.5小时|个|成)"
)
_RE_CN_AFTER = re.compile(rf"(?<=[首前每超过满第])[{_CN_CHARS}]+")
_RE_CLOCK = re.compile(
    r"(?P<pre>晚上|晚间|晚|下午|夜里|夜间|傍晚|早上|早晨|上午|早|凌晨|次日|翌日)?"
    r"(?P<h>\d{1,2})(?:[时点](?:(?P<m>\d{1,2})分?|(?P<half>半)|整)?|:(?P<m2>\d{2}))(?!\d|小时|分钟)"
)


def _cn_sub(match: re.Match[str]) -> str:
    value = chinese_number(match.group(0))
    return match.group(0) if value is None else str(value)


def _clock_sub(match: re.Match[str]) -> str:
    hour = int(match.group("h"))
    minute = match.group("m") or match.group("m2")
    minute_i = 30 if match.group("half") else int(minute or 0)
    pre = match.group("pre") or ""
    if hour > 24 or minute_i > 59:
        return match.group(0)
    if (
        pre in ("晚上", "晚间", "晚", "下午", "夜里", "夜间", "傍晚")
        and hour < 12
        and not (pre == "夜间" and hour <= 6)
    ):
        hour += 12
    keep = pre if pre in ("次日", "翌日", "夜间", "凌晨") else ""
    if pre in ("次日", "翌日"):
        keep = "次日"
    return f"{keep}{hour:02d}:{minute_i:02d}"


@lru_cache(maxsize=4096)
def normalize_text(text: str) -> str:
    """Full-width → half-width, Chinese numerals → digits, 半小时 → 30分钟, clock times → HH:MM."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    text = _RE_SPACE.sub("", text)
    text = _RE_CN_NUMBER.sub(_cn_sub, text)
    text = _RE_CN_AFTER.sub(_cn_sub, text)
    for pattern, replacement, trigger in _PHRASES:
        if any(t in text for t in trigger):
            text = pattern.sub(replacement, text)
    text = _RE_CLOCK.sub(_clock_sub, text)
    return text


# ---------------------------------------------------------------------------------------------
# phrases
# ---------------------------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_DUR_UNITS = r"(?:小时|分钟|天)"


def _dur(name: str) -> str:
    return rf"(?P<{name}>{_NUM}{_DUR_UNITS})"


def _price(name: str) -> str:
    return rf"(?P<{name}>{_NUM})元"


_PRE = r"(?:停车时间|停放时间|停车时长|停放时长|停车|停放|时间|时长|在|车辆|的|进场|入场|单次|当次)*"
_WITHIN = r"(?:以内|之内|内|以下|及以内|及以下)"
_INCL = r"(?:\(含(?:\d+(?:\.\d+)?(?:小时|分钟))?\)|\(包含(?:\d+(?:\.\d+)?(?:小时|分钟))?\)|含)"
_FREE = r"(?:免费停放|免费停车|免费|不收费|免收费|免收|不计费|免收停车费|不收取费用|不收取停车费)"
_CHARGE = r"(?:收费|收取|计费|计收|收|按)?"
_TIME = r"\d{2}:\d{2}"
_CONN = r"(?:(?:以上|以后|之后|后)?(?:不超过|不满|未满|不足|至|到|-)|以上|以后|之后|后)"

_VEHICLE_WORDS: tuple[tuple[str, str], ...] = (
    (
        "新能源小型车|新能源小汽车|新能源小型汽车|新能源汽车|新能源车辆|新能源车|纯电动汽车|纯电动车|电动汽车|插电式混合动力汽车",
        "nev",
    ),
    (
        "大中型车|中大型车|大中型客车|大中型汽车|大型客车|大型货车|大型汽车|大型车辆|大型车|大客车|大货车|大车|货车|重型车|大型载客汽车",
        "large",
    ),
    ("小型客车|小型汽车|小型载客汽车|小型机动车|小型车辆|小型车|小客车|小轿车|小汽车|小车|微型车|轿车", "small"),
    ("二轮摩托车|两轮摩托车|三轮摩托车|摩托车|二轮车|两轮车|三轮车|电动车|电瓶车", "motorcycle"),
    ("中型车|中型客车|中型汽车", "中型车"),
    ("电动自行车|非机动车|自行车", "非机动车"),
)
_VEHICLE_OF: dict[str, str] = {w: cls for words, cls in _VEHICLE_WORDS for w in words.split("|")}
_VEHICLE_ALT = "|".join(sorted(_VEHICLE_OF, key=len, reverse=True))
_SEATS = (
    r"(?P<st_n>\d+)座(?P<st_dir>\(含\)以上|\(含\)以下|及以上|及以下|以上|以下|以内)(?:\(含\d*座?\))?"
    r"(?:的)?(?:小型|大型|中型)?(?:客车|车辆|汽车|车型|车)?"
)
_TONS = r"(?:车长|载重|核载|总质量)?\d+(?:\.\d+)?(?:米|吨)(?:及|\(含\))?(?:以上|以下)(?:的)?(?:客车|货车|车辆|汽车|车)?"

_BAND_NAMES = r"白天|日间|昼间|白班|夜间|晚间|夜晚|夜里|夜班"
_PASS_WORDS = r"月卡|月票|包月|月租|年卡|年票|包年|季卡|季票|包季|半年卡|包半年"

_EXEMPT_KEYS = re.compile(
    r"军车|军用|警车|警用|消防|救护|急救|抢险|救险|救灾|殡|执行任务|执行公务|执行紧急|残疾|公交|环卫|邮政|献血|"
    r"见义勇为|外交|免收停车费的车辆|以下车辆|下列车辆|特种车辆|应急车辆|医疗|执法车辆|烈士|英模"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "deduct",
        r"(?:免费时[段间长]|免费时长|免费期)(?:内)?(?:不计费|不计入|不收费|不计算|予以扣除|扣除|不计)|扣除免费(?:时[段间长])?|减去免费(?:时[段间长])?",
    ),
    (
        "nodeduct",
        r"(?:超过|超出)免费时[段间长](?:的)?[^,;]*?(?:从入场|自入场|从进场|自进场|全程|含免费|连同免费|累计)[^,;]*",
    ),
    (
        "roundgrace",
        rf"(?:超过|超出|满)(?P<rg_a>{_NUM}(?:小时|分钟))(?:且|但|而)?(?:不足|不满|未满)(?P<rg_b>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:按|以|算|计)(?P<rg_c>{_NUM}(?:小时|分钟))(?:计|收费|计费|计算|收取|算)?",
    ),
    (
        "round",
        rf"(?:超过部分|超出部分|续停)?(?:不足|不满|未满|不到)(?P<r_a>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:按|以|算|计|均按)(?P<r_b>{_NUM}(?:小时|分钟))(?:计|收费|计费|计算|收取|算)?",
    ),
    (
        "grace",
        rf"(?P<g_pre>超过部分|超出部分|续停|超时|尾数|剩余)?(?:不足|不满|未满|不到)(?P<g_a>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:不收费|免费|不计费|不计|免收)",
    ),
    ("freefirst", rf"(?:首|前)(?P<ff>{_NUM}(?:小时|分钟)){_WITHIN}?{_INCL}?(?:停车|停放)?{_FREE}"),
    (
        "free",
        rf"{_PRE}(?:不超过|不满|未超过|未满|少于|低于)?(?P<fr>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}?{_INCL}?(?:离场|出场|驶离|离开|驶出)?(?:的)?(?:车辆|停车|停放)?{_FREE}",
    ),
    ("freefor", rf"{_FREE}(?:停放|停车)?(?:时[间长段])?(?:为)?:?(?P<fd>{_NUM}(?:小时|分钟))"),
    (
        "hours",
        rf"(?:收费时间|收费时段|计费时间|计费时段|收费期间|收费时间段)(?:为|是)?:?(?P<h_a>{_TIME})-(?:至|到)?(?P<h_n>次日)?(?P<h_b>{_TIME})(?:收费)?",
    ),
    (
        "allday",
        r"(?:全天)?24小时(?:收费|计费|营业|开放)|全天(?:候)?(?:收费|计费)|(?:收费时间|收费时段|营业时间)(?:为)?:?(?:全天)?(?:24小时|00:00-24:00|全天)(?:收费)?",
    ),
    (
        "visit",
        rf"(?:每次|单次|每车每次|按次收费|按次计费|按次)(?:收费|收取|计费)?(?:不超过|最高|最高不超过|不高于)?(?:收费|收取)?:?(?P<v_a>{_NUM})元(?!/)|(?P<v_b>{_NUM})元/次|(?P<v_c>{_NUM})元每次",
    ),
    (
        "daily",
        rf"(?:每天|每日|每24小时|包天|全天)(?:收费|收取)?:?(?P<dy>{_NUM})元(?!/)|(?P<dy2>{_NUM})元/(?:天|日|24小时)(?!封顶)",
    ),
    ("nightly", rf"(?:每晚|每夜|包夜|过夜|夜间包夜)(?:收费|收取|费)?:?(?P<ni>{_NUM})元|(?P<ni2>{_NUM})元/(?:晚|夜)"),
    (
        "cap",
        rf"(?:每车)?(?P<c_scope>24小时|1天|1日|全天|每日|每天|当日|当天|每车每天|每车每日|每个计费时段|每计费时段|单个计费时段|每个收费时段|每次|单次|每晚|每夜|{_BAND_NAMES})?(?:内|累计|停车|停放|收费|收取|连续停放|连续停车|的|每车|停车费|每晚|每夜)*(?:最高|封顶|上限|限价|不超过|不得超过|不高于|最多)(?:收费|收取|限价|限额|不超过|不得超过|不高于|为|是|价|额|按)*:?(?P<c_p>{_NUM})元(?:封顶)?(?:/(?P<c_per>24小时|天|日|次))?",
    ),
    (
        "capafter",
        rf"(?P<ca_scope>24小时|1天|1日|全天|每日|每天|当日|当天|{_BAND_NAMES})?(?:内|累计|收费)?(?P<ca_p>{_NUM})元(?:/(?P<ca_per>24小时|天|日))?封顶",
    ),
    (
        "band",
        rf"(?P<b_name>{_BAND_NAMES}|凌晨|全天)?(?:时段|收费时段|时间|停车|停放|收费)?:?\(?(?P<b_a>{_TIME})(?:-|至|到)(?P<b_n>次日|翌日|夜间|凌晨)?(?P<b_b>{_TIME})\)?(?:时段|期间|之间|内)?(?P<b_name2>{_BAND_NAMES})?:?",
    ),
    (
        "pass",
        rf"(?P<p_kind>{_PASS_WORDS})(?:车辆|停车|用户)?(?:收费|价格|费用|标准)?(?:为|:)?(?:每(?:辆|车|月|年|季))?(?:(?P<p_price>{_NUM})元)?(?:/(?:辆)?(?:·)?(?P<p_per>月|年|季|半年))?",
    ),
    ("passafter", rf"(?P<pa_price>{_NUM})元/(?:辆)?(?P<pa_per>月|年|季|半年)"),
    (
        "discount",
        r"(?P<d_half>减半|半价)(?:收费|收取|计费)?|(?P<d_pct>\d+(?:\.\d+)?)折(?:收费|优惠|计费)?|(?:优惠|下浮|减免)(?P<d_off>\d+)%",
    ),
    (
        "ref",
        rf"(?:按|参照|按照)(?P<ref_v>{_VEHICLE_ALT})(?:的)?(?:收费|计费)?(?:标准)?(?:的)?(?:(?P<ref_f>{_NUM})倍)?(?:收费|执行|计费|收取)?",
    ),
    ("visitmark", r"按次(?:收费|计费|计收)?|计次收费|计次"),
    (
        "visitmax",
        rf"(?:每次|单次|1次)(?:最长|最多|限停|停放|停车|可停|不超过|限时|时长|为)+(?P<vm>{_NUM}(?:小时|分钟))(?:以内|内)?|(?P<vm2>{_NUM}(?:小时|分钟))(?:以内|内)?(?:按|为|算|计)1次(?:计|收费|计费|计算)?",
    ),
    (
        "rangeunit",
        rf"{_PRE}(?:超过|超出|满)?(?P<ru_a>{_NUM})(?P<ru_au>小时|分钟)?{_CONN}(?P<ru_b>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}?{_INCL}?(?:的)?(?:部分)?(?:,)?(?:每|按每)(?P<ru_u>{_NUM}(?:小时|分钟))(?:收费|收取|计费|加收)?(?P<ru_p>{_NUM})元",
    ),
    (
        "rangeunit2",
        rf"{_PRE}(?:超过|超出|满)?(?P<rv_a>{_NUM})(?P<rv_au>小时|分钟)?{_CONN}(?P<rv_b>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}?{_INCL}?(?:的)?(?:部分)?(?:收费|收取|计费|按)?(?P<rv_p>{_NUM})元/(?P<rv_u>{_NUM}(?:小时|分钟))",
    ),
    (
        "range",
        rf"{_PRE}(?:超过|超出|满|大于)?(?P<rn_a>{_NUM})(?P<rn_au>小时|分钟)?{_CONN}(?P<rn_b>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}?{_INCL}?(?:的)?(?:车辆)?(?:收费|收取|计费|按)?(?P<rn_p>{_NUM})元(?!/)",
    ),
    (
        "firstunit",
        rf"首(?P<fu_d>{_NUM}(?:小时|分钟)){_WITHIN}?(?:,)?(?:每|按每)(?P<fu_u>{_NUM}(?:小时|分钟))(?:收费|收取|计费)?(?P<fu_p>{_NUM})元",
    ),
    (
        "firstunit2",
        rf"首(?P<fv_d>{_NUM}(?:小时|分钟)){_WITHIN}?(?:收费|收取|计费)?(?P<fv_p>{_NUM})元/(?P<fv_u>{_NUM}(?:小时|分钟))",
    ),
    ("first", rf"首(?P<fi_d>{_NUM}(?:小时|分钟)){_WITHIN}?(?:收费|收取|计费|为)?(?P<fi_p>{_NUM})元"),
    (
        "withinunit",
        rf"{_PRE}(?:不超过|不满|未超过|未满)?(?P<wu_d>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}{_INCL}?(?:的)?(?:,)?(?:每|按每)(?P<wu_u>{_NUM}(?:小时|分钟))(?:收费|收取|计费)?(?P<wu_p>{_NUM})元",
    ),
    (
        "withinflat",
        rf"{_PRE}(?:不超过|不满|未超过|未满)?(?P<wf_d>{_NUM}(?:小时|分钟)){_INCL}?(?:{_WITHIN})?{_INCL}?(?:的)?(?:车辆)?(?:收费|收取|计费|按)?(?P<wf_p>{_NUM})元(?!/)",
    ),
    (
        "after",
        rf"(?:(?:超过|超出|满|大于)(?P<af_a>{_NUM}(?:小时|分钟))(?:后|以后|之后|以上|的部分|部分)?|(?P<af_b>{_NUM}(?:小时|分钟))(?:后|以后|之后|以上)(?:的部分|部分)?|(?:之后|以后|此后|其后|然后|后续|续停|超出部分|超过部分|超时部分|其余时间|超出时间|以上|其后每))(?:的)?(?:停车|停放)?(?:,)?(?:每(?:增加|超过|延长|续停|超出)?|按每|按)?(?P<af_u>{_NUM}(?:小时|分钟))?(?:收费|加收|收取|计费|递增)?(?P<af_p>{_NUM})元(?:/(?P<af_u2>{_NUM}(?:小时|分钟)))?",
    ),
    (
        "unit",
        rf"每(?:增加|超过|延长|续停|超出)?(?P<un_u>{_NUM}(?:小时|分钟))(?:收费|收取|计费|加收)?(?P<un_p>{_NUM})元|(?P<un_p2>{_NUM})元/(?P<un_u2>{_NUM}(?:小时|分钟))|(?P<un_p3>{_NUM})元每(?P<un_u3>{_NUM}(?:小时|分钟))",
    ),
    ("within", rf"\(?(?:停车|停放)?(?:不超过|最长)?(?P<wi>{_NUM}(?:小时|分钟))(?:以内|之内|内)\)?"),
    ("seats", _SEATS),
    ("tons", _TONS),
    ("vehicle", rf"(?P<veh>{_VEHICLE_ALT})(?P<vq>\([^()]{{0,20}}\))?"),
    ("bandname", rf"(?P<bn>{_BAND_NAMES})(?:时段|时间)?"),
    ("freeword", r"免费(?:停放|停车)?|不收费|免收"),
    (
        "zone",
        r"(?P<zn>中心城区|核心城区|核心区|主城区|老城区|新城区|城区|郊区|县城|(?:\d|[一二三四])类(?:区域|地区|路段|区)|(?:\d|[一二三四])级(?:区域|路段)|(?:\d|[一二三四])档|[A-D]类(?:区域|路段)?)(?:的)?(?:公共停车场|停车场|路内停车泊位|路内泊位|路段|区域)?",
    ),
    (
        "filler",
        r"公共停车场|路内停车泊位|路内泊位|(?:实行)?(?:白天、夜间|昼夜|日夜)?(?:分段|分时段|分时)(?:计费|收费)|每车位|车位|即停即走(?:车辆)?|临时(?:停车|停放)?|(?:停车|停放)?(?:收费|计费)(?:标准|方式|规则|办法|项目|说明)?|停车场|停车费|路内|路外|泊位|咪表|计时|按时|元/小时|标准|[((]\d+[))]|\d+[.、]|说明|备注|注:|其中|以上|以下|执行|实行|价格",
    ),
)

_MASTER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))
_RE_SENTENCES = re.compile(r"[;。\n!?]+")
_RE_CLAUSES = re.compile(r"[,]+")
# "超过2小时的，每增加1小时加收1元": a condition and its price belong to one clause
_RE_JOIN = re.compile(r"(?<=[的后上分时内])[,](?=每|按每|按|加收|收费|收取|续停|\d+(?:\.\d+)?元)")
_RE_MEANINGFUL_STRIP = re.compile(
    r"[\s,.:;()/\-、+*=\"'<>《》]|提供|享受|给予|均|收费|计费|收取|停车|停放|车辆|临时|标准|按|为|元|每|辆|其中|执行|均|实行|价格|费用|计|进行|期间|的|和|及|或|与|在|内|以上|以下|以内|时段|时间|即|可|则|后|凡|对|凭|全部|所有|机动车|车型|类型|场内|本场|本停车场|停车场|收费员|请|谢谢|合作|管理|服务|单位|项目|方式|规定|如下|下列|分别|为准|一律|统一"
)
# board field labels in front of tariff parts ("免费时段：30分钟内免费"): dropped, the value is read
_RE_LABEL = re.compile(
    r"^(?:\d+[.、]|\(\d+\))?(?:临时停车)?(?:收费标准|停车收费标准|收费价格|价格标准|计费标准|免费时段|免费时间|免费时长|免费停车时间|计费规则|"
    r"计费方式|计费办法|收费方式|收费办法|最高收费|收费上限|封顶价格?|最高限价|收费项目|服务项目|备注|说明|注|"
    r"白天时段|夜间时段|时段划分|优惠政策|优惠措施|减免政策|免费车辆|免费对象|减免车辆|免收车辆|免费停放车辆)[:]"
)
# other board fields (operator, pricing form, hotline …) are not tariff text: skipped, never "unread"
_RE_NOT_TARIFF = re.compile(
    r"^(?:停车场名称|停车场|名称|收费单位|经营单位|管理单位|经营者|运营单位|统一社会信用代码|信用代码|定价形式|价格形式|收费性质|价格类型|"
    r"收费依据|批准文号|批准机关|文号|有效期至?|有效期限|泊位数?|车位数?|泊位总数|举报电话|投诉电话|监督电话|价格举报电话|投诉举报电话|"
    r"价格监督电话|监制单位|监制|地址|所属区域|咨询电话|联系电话|服务电话)[:]"
)
_RE_VEHICLE_WORD = re.compile(rf"{_VEHICLE_ALT}|\d+座")
_RE_TIER_WORD = re.compile(
    r"每\d|首\d|元/\d|以后|之后|此后|超过|超出|\d-\d|至\d|按次|每次|元/次|按.{0,6}标准|减半|折|倍"
)
_RE_HAS_CJK = re.compile(r"[\u4e00-\u9fff]{2,}|\d")


_RE_DURATION = re.compile(rf"({_NUM})(小时|分钟|天)")


@lru_cache(maxsize=1024)
def _minutes(text: str) -> int:
    match = _RE_DURATION.fullmatch(text)
    if not match:
        raise ValueError(text)
    value = Decimal(match.group(1))
    factor = {"小时": 60, "分钟": 1, "天": 1440}[match.group(2)]
    return int((value * factor).to_integral_value())


def _amount(text: str) -> Decimal:
    try:
        return money(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern guarantees digits
        raise ValueError(text) from exc


def _clock(text: str) -> time:
    hour, minute = (int(x) for x in text.split(":"))
    return time(0, minute) if hour == 24 else time(hour, minute)


# ---------------------------------------------------------------------------------------------
# building
# ---------------------------------------------------------------------------------------------


@dataclass
class _Tier:
    start: int
    end: int | None
    unit: int | None  # None: flat for the whole tier
    price: Decimal
    kind: str


@dataclass
class _Tiers:
    tiers: list[_Tier] = field(default_factory=list)
    bracket_total: Decimal = Decimal(0)
    visit: Decimal | None = None

    @property
    def priced(self) -> bool:
        return bool(self.tiers) or self.visit is not None

    def close_open(self, at: int) -> None:
        if self.tiers and self.tiers[-1].end is None and self.tiers[-1].start < at:
            self.tiers[-1].end = at

    def prev_end(self) -> int | None:
        if not self.tiers:
            return 0
        return self.tiers[-1].end

    def add(self, start: int | None, end: int | None, unit: int | None, price: Decimal, kind: str) -> str | None:
        if start is None:
            start = self.prev_end()
            if start is None:
                return "连续两个计时单价没有写明分界，第二个未使用"
        else:
            self.close_open(start)
            if self.tiers and self.tiers[-1].end is not None and self.tiers[-1].end > start:
                return "计费阶梯与前一段重叠，未使用"
        if end is not None and end <= start:
            return "计费阶梯的时长不合理，未使用"
        if self.tiers and self.tiers[-1].end is not None and self.tiers[-1].end < start:
            gap_start = self.tiers[-1].end
            self.tiers.append(_Tier(gap_start, start, None, Decimal(0), "flat"))
        elif not self.tiers and start > 0:
            self.tiers.append(_Tier(0, start, None, Decimal(0), "flat"))
        self.tiers.append(_Tier(start, end, unit, price, kind))
        return None

    def add_bracket(self, start: int, end: int, total: Decimal) -> str | None:
        increment = total - self.bracket_total
        warning = None
        if increment < 0:
            warning = f"{_fmt_minutes(start)}至{_fmt_minutes(end)}的价格低于前一档，按前一档计"
            increment = Decimal(0)
        problem = self.add(start, end, None, increment, "flat")
        if problem:
            return problem
        self.bracket_total = max(total, self.bracket_total)
        return warning

    def segments(self) -> tuple[Segment, ...]:
        out = []
        for t in self.tiers:
            if t.unit is None:
                if t.end is None:
                    # an open-ended flat price: one price per day from its start
                    end = max(1440, t.start + 60)
                    out.append(Segment(t.start, end, end - t.start, t.price, "flat"))
                else:
                    out.append(Segment(t.start, t.end, t.end - t.start, t.price, "flat"))
            else:
                out.append(Segment(t.start, t.end, t.unit, t.price, t.kind))
        return tuple(out)


@dataclass
class _BandBuild:
    name: str
    start: time | None = None
    end: time | None = None
    tiers: _Tiers = field(default_factory=_Tiers)
    cap: Decimal | None = None
    free: bool = False


@dataclass
class _ClassBuild:
    vehicle: str
    label: str = ""
    tiers: _Tiers = field(default_factory=_Tiers)
    bands: dict[str, _BandBuild] = field(default_factory=dict)
    free_minutes: int | None = None
    free_deducted: bool | None = None
    charging_hours: list[tuple[time, time]] = field(default_factory=list)
    rounding: int | None = None
    grace: int | None = None
    cap_24h: Decimal | None = None
    cap_day: Decimal | None = None
    cap_period: Decimal | None = None
    visit_max: int | None = None
    visit_mode: bool = False
    discount: Decimal | None = None
    always_free: bool = False
    ref: tuple[str, Decimal] | None = None

    @property
    def priced(self) -> bool:
        return self.tiers.priced or any(b.tiers.priced or b.free for b in self.bands.values())


def _fmt_minutes(minutes: int) -> str:
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


_BAND_CANON = {
    "白天": "白天",
    "日间": "白天",
    "昼间": "白天",
    "白班": "白天",
    "夜间": "夜间",
    "晚间": "夜间",
    "夜晚": "夜间",
    "夜里": "夜间",
    "夜班": "夜间",
    "凌晨": "凌晨",
    "全天": "全天",
}
_DEFAULT_BAND_TIMES = {"白天": (time(8, 0), time(20, 0)), "夜间": (time(20, 0), time(8, 0))}


class _Reader:
    def __init__(self) -> None:
        self.classes: dict[str, _ClassBuild] = {}
        self.order: list[str] = []
        self.passes: list[Pass] = []
        self.exemptions: list[str] = []
        self.unread: list[str] = []
        self.warnings: list[str] = []
        self.vehicle = ALL_VEHICLES
        self.band: str | None = None
        self.bands_in_sentence: set[str] = set()
        self.band_outer = False  # 白天: 小型车…, 大型车…; 夜间: … (bands head the vehicles)
        self.band_sticky = False  # a band heading on its own line holds until the next band heading
        self.band_times: dict[str, tuple[time, time | None]] = {}
        self.aliases: dict[str, tuple[str, str]] = {}
        self.pending_pass: str | None = None
        self.zones: dict[str, None] = {}  # vehicle → (the class it shares prices with, label)
        self.in_exemptions = False
        self.read_anything = False
        self.last_kind = ""

    # -- state -----------------------------------------------------------------------------
    def cls(self, vehicle: str | None = None) -> _ClassBuild:
        vehicle = vehicle or self.vehicle
        found = self.classes.get(vehicle)
        if found is None:
            found = self.classes[vehicle] = _ClassBuild(vehicle=vehicle)
            self.order.append(vehicle)
        return found

    def band_build(self, name: str) -> _BandBuild:
        c = self.cls()
        found = c.bands.get(name)
        if found is None:
            found = c.bands[name] = _BandBuild(name=name)
        return found

    def tiers(self) -> _Tiers:
        if self.band is not None:
            return self.band_build(self.band).tiers
        return self.cls().tiers

    def set_vehicle(self, vehicle: str, label: str) -> None:
        if self.band is not None and not self.band_outer and vehicle != self.vehicle:
            self.band = None
        self.vehicle = vehicle
        c = self.cls(vehicle)
        if not c.label:
            c.label = label
        self.in_exemptions = False

    def set_band(self, name: str, start: time | None, end: time | None) -> None:
        if self.vehicle == ALL_VEHICLES and not any(v != ALL_VEHICLES for v in self.order):
            self.band_outer = True  # bands head the text before any vehicle heading
        elif self.band_outer and self.band is not None:
            self.vehicle = ALL_VEHICLES  # the next band heading of a band-first layout
        name = _BAND_CANON.get(name, name) if name else ""
        if not name:
            name = f"{start:%H:%M}-{end:%H:%M}" if (start is not None and end is not None) else "收费时段"
        b = self.band_build(name)
        if start is not None:
            b.start, b.end = start, end
            self.band_times[name] = (start, end)
        self.band = name
        self.bands_in_sentence.add(name)

    def problem(self, message: str | None, text: str) -> None:
        if message:
            self.warnings.append(f"{message}：{text}")

    # -- reading ---------------------------------------------------------------------------
    def read(self, text: str) -> None:
        normalized = normalize_text(text)
        for sentence in _RE_SENTENCES.split(normalized):
            if not sentence.strip():
                continue
            if not self.band_sticky:
                self.band = None
            if (
                self.vehicle != ALL_VEHICLES
                and sum(1 for v in self.order if v != ALL_VEHICLES) >= 2
                and not _RE_VEHICLE_WORD.search(sentence)
                and not _RE_TIER_WORD.search(sentence)
            ):
                # "免费时段：30分钟内免费" after the class lines: a rule for every vehicle
                self.vehicle = ALL_VEHICLES
            self.bands_in_sentence = set()
            for clause in _RE_CLAUSES.split(_RE_JOIN.sub("", sentence)):
                if clause.strip():
                    self.read_clause(clause)

    def read_clause(self, clause: str) -> None:
        if _RE_NOT_TARIFF.match(clause):
            return
        clause = _RE_LABEL.sub("", clause, count=1)
        if not clause:
            return
        if self.is_exemption(clause):
            self.exemptions.append(clause.strip(" :"))
            self.read_anything = True
            return
        position = 0
        leftovers: list[str] = []
        kinds: set[str] = set()
        for match in _MASTER.finditer(clause):
            if match.start() > position:
                leftovers.append(clause[position : match.start()])
            position = match.end()
            kind = match.lastgroup or ""
            kinds.add(kind)
            handler = getattr(self, f"on_{kind}")
            used = handler(match)
            if used is False:
                leftovers.append(match.group(0))
            else:
                if kind != "filler":
                    self.read_anything = True
                self.last_kind = kind
        if position < len(clause):
            leftovers.append(clause[position:])
        if kinds & {"band", "bandname"}:
            self.band_sticky = kinds <= {"band", "bandname", "filler"}
        rest = "".join(leftovers)
        if rest and _RE_HAS_CJK.search(_RE_MEANINGFUL_STRIP.sub("", rest)):
            self.unread.append(clause.strip())

    def is_exemption(self, clause: str) -> bool:
        if re.search(r"\d+(?:\.\d+)?元", clause):
            return False
        if _EXEMPT_KEYS.search(clause):
            if re.search(r"免|不收|不计费|以下车辆|下列车辆", clause):
                self.in_exemptions = bool(re.search(r"以下|下列|如下", clause)) or self.in_exemptions
                return True
            if self.in_exemptions or not re.search(r"\d", clause):
                return True
        return False

    # -- handlers (return False when the phrase could not be used) --------------------------
    def on_filler(self, m: re.Match[str]) -> bool:
        return True

    def on_zone(self, m: re.Match[str]) -> bool:
        self.zones.setdefault(m.group("zn"), None)
        if len(self.zones) == 2:
            self.warnings.append(
                "收费标准分多个区域/类别（" + "、".join(self.zones) + "），只能按一份标准读取，请分开录入"
            )
        return True

    def on_deduct(self, m: re.Match[str]) -> bool:
        self.cls().free_deducted = True
        return True

    def on_nodeduct(self, m: re.Match[str]) -> bool:
        self.cls().free_deducted = False
        return True

    def on_roundgrace(self, m: re.Match[str]) -> bool:
        c = self.cls()
        c.grace = _minutes(m.group("rg_a"))
        c.rounding = _minutes(m.group("rg_c"))
        return True

    def on_round(self, m: re.Match[str]) -> bool:
        a, b = _minutes(m.group("r_a")), _minutes(m.group("r_b"))
        if b < a:
            self.warnings.append(f"取整规则不合理：{m.group(0)}")
            return False
        self.cls().rounding = b
        return True

    def on_grace(self, m: re.Match[str]) -> bool:
        minutes = _minutes(m.group("g_a"))
        if not m.group("g_pre") and not self.tiers().priced and self.cls().free_minutes is None:
            self.cls().free_minutes = minutes  # 停车不足15分钟免费 before any price: the free period
        else:
            self.cls().grace = minutes
        return True

    def on_freefirst(self, m: re.Match[str]) -> bool:
        c = self.cls()
        c.free_minutes = _minutes(m.group("ff"))
        c.free_deducted = True if c.free_deducted is None else c.free_deducted
        return True

    def on_free(self, m: re.Match[str]) -> bool:
        self.cls().free_minutes = _minutes(m.group("fr"))
        return True

    def on_freefor(self, m: re.Match[str]) -> bool:
        self.cls().free_minutes = _minutes(m.group("fd"))
        return True

    def on_hours(self, m: re.Match[str]) -> bool:
        self.cls().charging_hours.append((_clock(m.group("h_a")), _clock(m.group("h_b"))))
        return True

    def on_allday(self, m: re.Match[str]) -> bool:
        return True

    def _cap(self, scope: str | None, per: str | None, value: Decimal) -> bool:
        c = self.cls()
        scope = scope or ""
        if per in ("天", "日"):
            scope = "每日"
        elif per == "24小时":
            scope = "24小时"
        if scope == "24小时":
            c.cap_24h = value
        elif scope in ("1天", "1日", "全天", "每日", "每天", "当日", "当天", "每车每天", "每车每日"):
            c.cap_day = value
        elif scope in ("每个计费时段", "每计费时段", "单个计费时段", "每个收费时段"):
            c.cap_period = value
        elif scope in _BAND_CANON:
            self.band_build(_BAND_CANON[scope]).cap = value
        elif scope in ("每晚", "每夜"):
            self.band_build(self.band or "夜间").cap = value
        elif scope in ("每次", "单次") or per == "次":
            self.tiers().visit = value  # 每次最高15元: the price of a visit
        elif self.band is not None and len(self.bands_in_sentence) == 1:
            self.band_build(self.band).cap = value
        else:
            c.cap_24h = value
        return True

    def on_cap(self, m: re.Match[str]) -> bool:
        return self._cap(m.group("c_scope"), m.group("c_per"), _amount(m.group("c_p")))

    def on_capafter(self, m: re.Match[str]) -> bool:
        return self._cap(m.group("ca_scope"), m.group("ca_per"), _amount(m.group("ca_p")))

    def on_band(self, m: re.Match[str]) -> bool:
        name = m.group("b_name") or m.group("b_name2") or ""
        start, end = _clock(m.group("b_a")), _clock(m.group("b_b"))
        if start == end:
            return True  # 00:00-24:00: all day
        if not name and self.last_kind in ("hours",):
            return True
        if not name and self.last_kind == "bandname" and self.band is not None:
            name = self.band  # 夜间停车(20:00-08:00): the times of the band just named
        self.set_band(name, start, end)
        return True

    def on_bandname(self, m: re.Match[str]) -> bool:
        self.set_band(m.group("bn"), None, None)
        return True

    def on_pass(self, m: re.Match[str]) -> bool:
        kind = m.group("p_kind")
        price = m.group("p_price")
        if price is None and not m.group("p_per"):
            self.pending_pass = kind  # 包月：小型车300元/月 — the price follows
            return True
        per = m.group("p_per") or ("月" if "月" in kind else "年" if "年" in kind else "季" if "季" in kind else "")
        self.passes.append(
            Pass(kind=kind, price=None if price is None else _amount(price), period=per, text=m.group(0))
        )
        return True

    def on_passafter(self, m: re.Match[str]) -> bool:
        per = m.group("pa_per")
        kind = self.pending_pass or f"包{per}"
        self.pending_pass = None
        self.passes.append(Pass(kind=kind, price=_amount(m.group("pa_price")), period=per, text=m.group(0)))
        return True

    def on_discount(self, m: re.Match[str]) -> bool:
        c = self.cls()
        if m.group("d_half"):
            c.discount = Decimal("0.5")
        elif m.group("d_pct"):
            value = Decimal(m.group("d_pct"))
            c.discount = value / 10 if value < 10 else value / 100
        elif m.group("d_off"):
            c.discount = 1 - Decimal(m.group("d_off")) / 100
        return True

    def on_ref(self, m: re.Match[str]) -> bool:
        target = _VEHICLE_OF[m.group("ref_v")]
        factor = Decimal(m.group("ref_f")) if m.group("ref_f") else Decimal(1)
        if target == self.vehicle:
            return False
        self.cls().ref = (target, factor)
        return True

    def on_visitmark(self, m: re.Match[str]) -> bool:
        self.cls().visit_mode = True
        return True

    def on_visit(self, m: re.Match[str]) -> bool:
        value = _amount(m.group("v_a") or m.group("v_b") or m.group("v_c"))
        self.tiers().visit = value
        return True

    def on_daily(self, m: re.Match[str]) -> bool:
        tiers = self.tiers()
        if tiers.visit is not None:
            return False
        tiers.visit = _amount(m.group("dy") or m.group("dy2"))
        if self.band is None:
            self.cls().visit_max = 1440  # a price per day: each started 24 hours is one visit
        return True

    def on_nightly(self, m: re.Match[str]) -> bool:
        band = self.band
        if band is None:
            self.set_band("夜间", None, None)
        self.tiers().visit = _amount(m.group("ni") or m.group("ni2"))
        self.band = band
        return True

    def on_visitmax(self, m: re.Match[str]) -> bool:
        self.cls().visit_max = _minutes(m.group("vm") or m.group("vm2"))
        return True

    def _range_start(self, a: str, a_unit: str | None, b: str) -> tuple[int, int]:
        unit = a_unit or re.sub(r"[\d.]", "", b)
        return _minutes(f"{a}{unit}"), _minutes(b)

    def _range_unit(self, m: re.Match[str], g: str) -> bool:
        """A unit price over a range of the stay; `g` is the pattern's group prefix."""
        start, end = self._range_start(m.group(f"{g}_a"), m.group(f"{g}_au"), m.group(f"{g}_b"))
        self.problem(
            self.tiers().add(start, end, _minutes(m.group(f"{g}_u")), _amount(m.group(f"{g}_p")), "unit"), m.group(0)
        )
        return True

    def on_rangeunit(self, m: re.Match[str]) -> bool:
        return self._range_unit(m, "ru")  # 2-12小时每小时2元

    def on_rangeunit2(self, m: re.Match[str]) -> bool:
        return self._range_unit(m, "rv")  # 2-12小时2元/小时

    def on_range(self, m: re.Match[str]) -> bool:
        start, end = self._range_start(m.group("rn_a"), m.group("rn_au"), m.group("rn_b"))
        if end <= start:
            return False
        self.problem(self.tiers().add_bracket(start, end, _amount(m.group("rn_p"))), m.group(0))
        return True

    def _first_unit(self, m: re.Match[str], g: str) -> bool:
        """A unit price over the first period of the stay; `g` is the pattern's group prefix."""
        duration, unit, price = _minutes(m.group(f"{g}_d")), _minutes(m.group(f"{g}_u")), _amount(m.group(f"{g}_p"))
        self.problem(self.tiers().add(0, duration, unit, price, "unit"), m.group(0))
        return True

    def on_firstunit(self, m: re.Match[str]) -> bool:
        return self._first_unit(m, "fu")  # 首1小时每30分钟1元

    def on_firstunit2(self, m: re.Match[str]) -> bool:
        return self._first_unit(m, "fv")  # 首1小时1元/30分钟

    def on_first(self, m: re.Match[str]) -> bool:
        tiers = self.tiers()
        duration = _minutes(m.group("fi_d"))
        price = _amount(m.group("fi_p"))
        self.problem(tiers.add(0, duration, None, price, "flat"), m.group(0))
        tiers.bracket_total = price
        return True

    def on_withinunit(self, m: re.Match[str]) -> bool:
        return self._first_unit(m, "wu")  # 1小时内每30分钟1元

    def on_withinflat(self, m: re.Match[str]) -> bool:
        tiers = self.tiers()
        duration = _minutes(m.group("wf_d"))
        price = _amount(m.group("wf_p"))
        start = tiers.prev_end() if tiers.tiers else 0
        if start is None or start >= duration:
            return False
        if start == 0:
            self.problem(tiers.add(0, duration, None, price, "flat"), m.group(0))
            tiers.bracket_total = price
        else:
            self.problem(tiers.add_bracket(start, duration, price), m.group(0))
        return True

    def on_after(self, m: re.Match[str]) -> bool:
        start_text = m.group("af_a") or m.group("af_b")
        start = _minutes(start_text) if start_text else None
        unit_text = m.group("af_u") or m.group("af_u2")
        price = _amount(m.group("af_p"))
        tiers = self.tiers()
        if unit_text is None:
            # 超过12小时10元: a price for the rest of the day
            begin = start if start is not None else tiers.prev_end()
            if begin is None:
                return False
            total = price if "加收" not in m.group(0) else tiers.bracket_total + price
            self.problem(tiers.add_bracket(begin, max(1440, begin + 60), total), m.group(0))
            return True
        self.problem(tiers.add(start, None, _minutes(unit_text), price, "unit"), m.group(0))
        return True

    def on_unit(self, m: re.Match[str]) -> bool:
        unit = m.group("un_u") or m.group("un_u2") or m.group("un_u3")
        price = m.group("un_p") or m.group("un_p2") or m.group("un_p3")
        tiers = self.tiers()
        if tiers.tiers and tiers.tiers[-1].end is None:
            self.warnings.append(f"同一车型/时段出现两个计时单价，第二个未使用：{m.group(0)}")
            return False
        self.problem(tiers.add(None, None, _minutes(unit), _amount(price), "unit"), m.group(0))
        return True

    def on_within(self, m: re.Match[str]) -> bool:
        minutes = _minutes(m.group("wi"))
        c = self.cls()
        if self.last_kind in ("visit", "visitmark") or c.visit_mode or c.tiers.visit is not None:
            c.visit_max = minutes
            return True
        return False

    def on_seats(self, m: re.Match[str]) -> bool:
        seats = int(m.group("st_n"))
        direction = m.group("st_dir")
        vehicle = "large" if ("以上" in direction and seats >= 7) else "small" if seats <= 9 else "large"
        if self.last_kind == "vehicle":
            c = self.cls()
            c.label = f"{c.label}{m.group(0)}"
            return True
        self.set_vehicle(vehicle, m.group(0))
        return True

    def on_tons(self, m: re.Match[str]) -> bool:
        if self.last_kind == "vehicle":
            c = self.cls()
            c.label = f"{c.label}{m.group(0)}"
            return True
        self.set_vehicle("large" if "以上" in m.group(0) else "small", m.group(0))
        return True

    def on_vehicle(self, m: re.Match[str]) -> bool:
        word = m.group("veh")
        vehicle = _VEHICLE_OF[word]
        label = word + (m.group("vq") or "")
        before = m.string[: m.start()]
        if self.last_kind == "vehicle" and before.endswith(("、", "和", "及", "与", "/")) and vehicle != self.vehicle:
            # 小型车、大型车每小时2元: the next prices are for both
            self.aliases.setdefault(vehicle, (self.vehicle, label))
            return True
        self.set_vehicle(vehicle, label)
        return True

    def on_freeword(self, m: re.Match[str]) -> bool:
        if self.band is not None:
            b = self.band_build(self.band)
            if not b.tiers.priced:
                b.free = True
                return True
            return False
        c = self.cls()
        if self.vehicle != ALL_VEHICLES and not c.priced:
            c.always_free = True
            return True
        return False

    # -- finishing -------------------------------------------------------------------------
    def finish(self) -> Tariff | None:
        if self.pending_pass:
            kind = self.pending_pass
            period = "月" if "月" in kind else "年" if "年" in kind else "季" if "季" in kind else ""
            self.passes.append(Pass(kind=kind, price=None, period=period, text=kind))
        built = {v: self.classes[v] for v in self.order}
        base = built.get(ALL_VEHICLES)
        if base is not None and base.bands:
            for c in built.values():
                if c is not base and c.bands:
                    for name, band in base.bands.items():
                        if name not in c.bands and (band.tiers.priced or band.free):
                            c.bands[name] = band
        classes: list[ClassTariff] = []
        made: dict[str, ClassTariff] = {}
        # classes that refer to others go last
        order = sorted(self.order, key=lambda v: (built[v].ref is not None, built[v].priced is False))
        for vehicle in order:
            c = built[vehicle]
            if vehicle == ALL_VEHICLES and len(built) > 1 and not c.priced:
                continue
            if (
                vehicle == ALL_VEHICLES
                and c.bands
                and not c.tiers.priced
                and len(built) > 1
                and all(o.bands for v, o in built.items() if v != ALL_VEHICLES and o.priced)
            ):
                continue  # band-first layout: its bands were given to the vehicle classes
            if not self._meaningful(c):
                continue
            made[vehicle] = self._class(c, base if vehicle != ALL_VEHICLES else None, made)
        for vehicle, (target, label) in self.aliases.items():
            if vehicle not in made and target in made:
                made[vehicle] = replace(made[target], vehicle=vehicle, label=label)
                self.order.append(vehicle)
        for vehicle in self.order:
            if vehicle in made:
                classes.append(made[vehicle])
        for made_class in classes:
            if not made_class.has_prices:
                name = made_class.label or VEHICLE_NAMES_ZH.get(made_class.vehicle, made_class.vehicle)
                self.warnings.append(f"{name}：没有读到计费标准")
        if not classes and not self.passes and not self.exemptions:
            return None
        return Tariff(classes=tuple(classes), passes=tuple(self.passes), exemptions=tuple(self.exemptions))

    @staticmethod
    def _meaningful(c: _ClassBuild) -> bool:
        return bool(
            c.priced
            or c.free_minutes is not None
            or c.always_free
            or c.ref
            or c.discount is not None
            or c.cap_24h is not None
            or c.cap_day is not None
            or c.cap_period is not None
            or c.rounding is not None
        )

    def _bands(self, c: _ClassBuild) -> tuple[Band, ...]:
        known = {n: (b.start, b.end) for n, b in c.bands.items() if b.start is not None}
        known.update({n: t for n, t in self.band_times.items() if n in c.bands and n not in known})
        bands = []
        for name, b in c.bands.items():
            start, end = b.start, b.end
            if start is None and name in self.band_times:
                start, end = self.band_times[name]
            if start is None:
                other = [v for k, v in known.items() if k != name]
                if len(other) == 1 and other[0][1] is not None:
                    start, end = other[0][1], other[0][0]
                elif name in _DEFAULT_BAND_TIMES:
                    start, end = _DEFAULT_BAND_TIMES[name]
                    self.warnings.append(f"{name}未写明起止时间，按{start:%H:%M}-{end:%H:%M}计")
                else:
                    self.warnings.append(f"时段“{name}”没有起止时间，未使用")
                    continue
            assert end is not None
            segments = b.tiers.segments()
            cap = b.cap
            if not segments and not b.free and cap is not None and b.tiers.visit is None:
                # 夜间每晚最高5元 with no night price: the class's (or the other band's) price, capped
                others = [o for o in c.bands.values() if o is not b and o.tiers.tiers]
                if c.tiers.tiers:
                    segments = c.tiers.segments()
                elif len(others) == 1:
                    segments = others[0].tiers.segments()
            if b.tiers.visit is not None and not segments:
                length = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % 1440 or 1440
                segments = (Segment(0, length, length, b.tiers.visit, "flat"),)
                cap = b.tiers.visit if cap is None else min(cap, b.tiers.visit)  # one visit per night
            bands.append(Band(name=name, start=start, end=end, segments=segments, cap=cap))
        return tuple(bands)

    def _class(self, c: _ClassBuild, base: _ClassBuild | None, made: dict[str, ClassTariff]) -> ClassTariff:
        terms = _own_terms(c, base if (base is not None and base is not c) else None)
        segments = c.tiers.segments()
        bands = self._bands(c) if c.bands else ()
        visit = c.tiers.visit
        source = _price_source(c, made)
        if source is not None:
            copied, factor = source
            segments, bands, visit = _scaled_prices(copied, factor)
            terms = _copied_terms(terms, copied, factor)
        if terms.rounding is not None:
            segments = _apply_rounding(segments, terms.rounding)
        deducted = terms.deducted
        free = terms.free
        if (
            deducted
            and free
            and segments
            and segments[0].price == 0
            and segments[0].start == 0
            and (segments[0].end is not None and segments[0].end >= free)
        ):
            deducted = False  # 前30分钟免费，超过30分钟按每小时3元: the tiers already leave the free time unbilled
        if segments and bands:
            # 每小时2元，22:00至次日7:00免费: the class price holds outside the bands
            bands = bands + tuple(Band("其余时段", a, b, segments) for a, b in _uncovered(bands))
        if (segments or bands) and visit is not None:
            name = c.label or VEHICLE_NAMES_ZH.get(c.vehicle, c.vehicle)
            self.warnings.append(f"{name}：同时有计时和按次价格，计费按计时，按次价格仅记录")
        return ClassTariff(
            vehicle=c.vehicle,
            label=c.label,
            free_minutes=free or 0,
            free_deducted=bool(deducted) and bool(free),
            segments=segments,
            bands=bands,
            charging_hours=terms.hours,
            rounding_minutes=terms.rounding,
            grace_minutes=terms.grace or 0,
            cap_24h=terms.cap_24h,
            cap_day=terms.cap_day,
            cap_period=terms.cap_period,
            visit_price=visit,
            visit_max_minutes=terms.visit_max,
            discount=c.discount,
            always_free=c.always_free,
        )


_T = TypeVar("_T")


def _first(*values: _T | None) -> _T | None:
    return next((v for v in values if v is not None), None)


@dataclass(frozen=True)
class _Terms:
    """A class's terms besides its prices: free period, rounding, caps, visit length, charging hours."""

    free: int | None
    deducted: bool | None
    rounding: int | None
    grace: int | None
    cap_24h: Decimal | None
    cap_day: Decimal | None
    cap_period: Decimal | None
    visit_max: int | None
    hours: tuple[tuple[time, time], ...]


def _own_terms(c: _ClassBuild, inherit: _ClassBuild | None) -> _Terms:
    """The class's own terms, else those of the all-vehicles class it belongs under."""
    b = inherit if inherit is not None else _ClassBuild(vehicle="")  # an empty class: no term
    return _Terms(
        free=_first(c.free_minutes, b.free_minutes),
        deducted=_first(c.free_deducted, b.free_deducted),
        rounding=_first(c.rounding, b.rounding),
        grace=_first(c.grace, b.grace),
        cap_24h=_first(c.cap_24h, b.cap_24h),
        cap_day=_first(c.cap_day, b.cap_day),
        cap_period=_first(c.cap_period, b.cap_period),
        visit_max=_first(c.visit_max, b.visit_max),
        hours=tuple(c.charging_hours) or tuple(b.charging_hours),
    )


def _price_source(c: _ClassBuild, made: dict[str, ClassTariff]) -> tuple[ClassTariff, Decimal] | None:
    """The class whose prices an unpriced class takes (按小型车标准的2倍; new-energy cars as small
    cars; else the all-vehicles class), and the factor on them."""
    if c.priced or c.always_free:
        return None
    if c.ref is not None and c.ref[0] in made:
        return made[c.ref[0]], c.ref[1]
    if c.vehicle == "nev" and "small" in made:
        return made["small"], Decimal(1)
    if ALL_VEHICLES in made:
        return made[ALL_VEHICLES], Decimal(1)
    return None


def _scale(price: Decimal, factor: Decimal) -> Decimal:
    return money(price * factor) if factor != 1 else price


def _scale_opt(price: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if price is None else _scale(price, factor)


def _scaled_segments(segments: tuple[Segment, ...], factor: Decimal) -> tuple[Segment, ...]:
    return tuple(Segment(s.start, s.end, s.unit, _scale(s.price, factor), s.kind) for s in segments)


def _scaled_prices(
    source: ClassTariff, factor: Decimal
) -> tuple[tuple[Segment, ...], tuple[Band, ...], Decimal | None]:
    """The segments, bands and visit price of `source`, times `factor`."""
    bands = tuple(
        Band(b.name, b.start, b.end, _scaled_segments(b.segments, factor), _scale_opt(b.cap, factor))
        for b in source.bands
    )
    return _scaled_segments(source.segments, factor), bands, _scale_opt(source.visit_price, factor)


def _copied_terms(terms: _Terms, source: ClassTariff, factor: Decimal) -> _Terms:
    """The terms not set by the class or its base, taken from the class whose prices it copies."""
    free, deducted = terms.free, terms.deducted
    if free is None:
        free, deducted = source.free_minutes, source.free_deducted
    return _Terms(
        free=free,
        deducted=deducted,
        rounding=_first(terms.rounding, source.rounding_minutes),
        grace=_first(terms.grace, source.grace_minutes),
        cap_24h=_first(terms.cap_24h, _scale_opt(source.cap_24h, factor)),
        cap_day=_first(terms.cap_day, _scale_opt(source.cap_day, factor)),
        cap_period=_first(terms.cap_period, _scale_opt(source.cap_period, factor)),
        visit_max=_first(terms.visit_max, source.visit_max_minutes),
        hours=terms.hours or source.charging_hours,
    )


def _uncovered(bands: tuple[Band, ...]) -> list[tuple[time, time]]:
    """The times of day no band covers, as (start, end) pairs (end may be the next day)."""
    covered = []
    for b in bands:
        start, stop = b.start_minute, b.start_minute + b.length
        if stop <= 1440:
            covered.append((start, stop))
        else:
            covered += [(start, 1440), (0, stop - 1440)]
    covered.sort()
    gaps = []
    cursor = 0
    for start, stop in covered:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, stop)
    if cursor < 1440:
        gaps.append((cursor, 1440))
    if len(gaps) > 1 and gaps[0][0] == 0 and gaps[-1][1] == 1440:
        gaps = [(gaps[-1][0], gaps[0][1] + 1440), *gaps[1:-1]]
    return [(time((a % 1440) // 60, a % 60), time((b % 1440) // 60, b % 60)) for a, b in gaps]


def _apply_rounding(segments: tuple[Segment, ...], rounding: int) -> tuple[Segment, ...]:
    """不足30分钟按30分钟计 with 每小时2元: bill by 30-minute units at 1元 when that is exact."""
    out = []
    for s in segments:
        if s.kind == "unit" and rounding < s.unit and s.unit % rounding == 0:
            price = s.price * rounding / s.unit
            if price == money(price):  # a whole number of cents
                out.append(Segment(s.start, s.end, rounding, price, "unit"))
                continue
        out.append(s)
    return tuple(out)


@lru_cache(maxsize=2048)
def read_tariff(text: str) -> TariffReading:
    """Read a Chinese tariff text. `tariff` is None when nothing in it could be read."""
    reader = _Reader()
    reader.read(text or "")
    tariff = reader.finish() if reader.read_anything else None
    if tariff is None and not reader.unread and (text or "").strip():
        reader.unread.append(normalize_text(text).strip())
    return TariffReading(
        tariff=tariff, unread=tuple(dict.fromkeys(reader.unread)), warnings=tuple(dict.fromkeys(reader.warnings))
    )


__all__ = ["TariffReading", "chinese_number", "normalize_text", "read_tariff"]
