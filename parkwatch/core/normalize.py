"""Text normalisation shared by the tariff reader and the board reader: one written form of the many a
posted price uses. Pure and cached; the first layer of the tariff reader.

`normalize_text(text)`:

- traditional → simplified characters (OpenCC `t2s`: 收費標準 → 收费标准, 分鐘 → 分钟);
- full-width → half-width (NFKC), all dashes (`—`, `——`, `~`) → `-`, Chinese brackets and colons → ASCII;
- Chinese numerals → digits through one helper, `chinese_number` (五元 → 5元, 两小时 → 2小时, 壹拾元 → 10元,
  十九座 → 19座, 首三小时 → 首3小时);
- durations and units: 半小时 → 30分钟, 一刻钟 → 15分钟, 首小时/每小时 → 首1小时/每1小时, 元/辆·次 → 元/次,
  元/小时·辆 and 元/辆·小时 → 元/1小时, 10元一小时 → 10元/1小时, `≤1小时` → 1小时以内;
- clock times: 8时/8点/早上8点 → 08:00, 晚8点/晚上8点 → 20:00, 19时30分 → 19:30, `(8:30含-20:30含)` →
  (08:30-20:30), 第二天/翌日 → 次日, `8:00起至22:00止` → 08:00至22:00.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

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
# 廿 (20) and 卅 (30), still written in Taiwan and in older notices (每小时廿元)
_CN_TENS = {"廿": "二十", "卅": "三十"}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_TENS)


def chinese_number(text: str) -> int | None:
    """五 → 5, 十五 → 15, 二十 → 20, 廿五 → 25, 壹拾 → 10, 一百二十 → 120, 一二 → 12 (digit by digit)."""
    if not text:
        return None
    if "廿" in text or "卅" in text:
        text = "".join(_CN_TENS.get(ch, ch) for ch in text)
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
# a space between two digits separates two values (`区域2 8:00`, a table row `5 10`): dropped, it would run
# them into one number (28:00, 510), so it becomes a clause break instead
_RE_DIGIT_SPACE = re.compile(r"(?<=\d)[ \t\u3000\u00a0]+(?=\d)")
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
_PHRASES_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # 19时30分 is a clock time, not 19时 and 30分钟
    (r"(?<![\d.])(\d{1,2})[时点](\d{2})分(?!钟)", r"\1:\2", ("分",)),
    (r"首个半小时|第1个半小时|前半小时", "首30分钟", ("半",)),
    # the currency written before the amount (澳门元3元, 新台币50元, MOP$6, 人民币5元): the amount alone
    (r"(?:澳门元|澳门币|新台币|港币)(?:\(下同\))?|人民币(?=\d)", "", ("币", "澳门元")),
    # a table row "07:00-22:00 $35" (its space already gone): the time and the amount stay apart
    (r"(?<=\d)(?:MOP|NT|HK)?\$(?=\d)", ",$", ("$",)),
    (r"(?:MOP|NT|HK)?\$(\d+(?:\.\d+)?)(?!\d*元)", r"\1元", ("$",)),
    # 时租 (Hong Kong: the hourly rate), 星期一至五 (one 星期 for the range)
    (r"时租(?=:?\d)", "每1小时", ("时租",)),
    # 星期一至四、星期五、星期六、星期日及公众假期 $20 (a listing's day groups that name every day): every day
    (
        r"(?:星期一至四、星期五、星期六、|星期一至五、星期六、|星期一至六、)星期日(?:及(?:公众)?假期)?",
        "每日",
        ("星期日",),
    ),
    (r"(星期|周)一至五", r"\1一至\1五", ("一至五",)),
    (r"(星期|周)一(至|到)六", r"\1一\2\1六", ("一至六", "一到六")),
    # 星期一至星期日 / 周一至周日: every day (no day type), one phrase with the hours that follow
    (r"(?:星期一至星期日|周一至周日|星期一至日|周一至日)(?:,|、)?", "每日", ("一至",)),
    # (一、二类)19座以下客车… / (四类车及以上)40座以上客车…: a toll-road vehicle category heading its definition
    (r"\(([一二三四五](?:、[一二三四五])*)类车?(及以上)?\)(?=\d+(?:座|吨))", r"\1类车型\2:", ("类",)),
    # 小(中)型机动车: small and medium vehicles, as 小、中型机动车
    (r"([小大中])\(([小大中])\)型", r"\1、\2型", ("(",)),
    (r"第(\d+)个半小时", r"第\1个30分钟", ("半",)),
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
    (r"元/h\b", "元/1小时", ("h",)),
    (r"(\d)\s*h\b", r"\1小时", ("h",)),
    (r"(\d)\s*min\b", r"\1分钟", ("min",)),
    (r"(\d)分(?![钟段部])", r"\1分钟", ("分",)),
    (r"人民币", "", ("人民币",)),
    # 超出2小时 / 不超出20元: the same as 超过 (one word for the grammar)
    (r"超出(?=\d)|(?<=不)超出", "超过", ("超出",)),
    # 不满1小时按1小时计 / 不满15分钟不收费: the same as 不足
    (r"不满(?!足|意)", "不足", ("不满",)),
    (r"[¥￥](\d+(?:\.\d+)?)(?:元)?", r"\1元", ("¥", "￥")),
    (r"(\d)块(?:钱)?", r"\1元", ("块",)),
    (r"(\d+)元(\d)角", r"\1.\2元", ("角",)),
    (r"(?<![\d.])(\d)角", r"0.\1元", ("角",)),
    (r"(\d)圆", r"\1元", ("圆",)),
    # per vehicle / per space qualifiers of a unit: 元/辆·小时, 元/小时·辆, 元/30分钟/车位 → 元/1小时, 元/30分钟
    (
        r"元/(?:每)?(?:个?车位|个?泊位|辆|车|台)/?(1小时|\d+(?:\.\d+)?(?:小时|分钟)|次|天|日|月|年|晚|夜)",
        r"元/\1",
        ("元/辆", "元/车", "元/台", "车位", "泊位"),
    ),
    (
        r"元/(1小时|\d+(?:\.\d+)?(?:小时|分钟)|次|天|日|晚|夜|月|年)/?(?:每)?(?:个?车位|个?泊位|辆|车|台)(?![\u4e00-\u9fff]*[型])",
        r"元/\1",
        ("辆", "车", "台", "位"),
    ),
    (r"元/?(?:每)?(?:辆次|车次|台次|辆\.次|辆/次|次/辆|次/车|车/次|辆车次)", "元/次", ("次",)),
    (r"每(?:辆次|车次|台次|辆车次)", "每次", ("次",)),
    # 5元/辆 (no unit after): a price per vehicle, the 辆 says nothing more
    (r"元/(?:辆|车|台)(?![/\d]|次|小时|分钟|天|日|月|年|晚|夜|位)", "元", ("元/辆", "元/车", "元/台")),
    # 10元一小时 / 10元每小时 → 10元/1小时 (after the numerals: 10元1小时), when no amount follows (10元每30分钟2元
    # is two prices)
    (
        r"(?<=\d元)每?(1小时|\d+(?:\.\d+)?(?:小时|分钟))(?=$|[,;。()\n]|收费|计费|计收|收取|计算|的|停车|停放)",
        r"/\1",
        ("元1小时", "元每", "分钟"),
    ),
    (r"(?<=\d元)1次", "/次", ("元1次",)),
    # comparisons: 停放时间≤1小时 / 1小时<停放时间≤2小时 / 停放时间>2小时
    (
        r"(\d+(?:\.\d+)?(?:小时|分钟))[<≤](?:停放|停车)?时间[≤<](\d+(?:\.\d+)?(?:小时|分钟))",
        r"超过\1至\2",
        ("<", "≤"),
    ),
    (r"(?:停放|停车)?时间[≤<](\d+(?:\.\d+)?(?:小时|分钟))", r"\1以内", ("≤", "<")),
    (r"(?:停放|停车)?时间[>≥](\d+(?:\.\d+)?(?:小时|分钟))", r"超过\1", (">", "≥")),
)
_RE_CN_NUMBER = re.compile(  # not 星期六日 (Saturday and Sunday): 六 names a day there
    rf"(?<!星期)(?<!周)[{_CN_CHARS}]+(?=元|块|角|圆|小时|分钟|分|次|座|天|日|个月|月|年|折|倍|辆|时|点|人|吨|米|%|\.5小时|个|成|车位|泊位)"
)
_RE_CN_AFTER = re.compile(rf"(?<=[首前每超过满第])[{_CN_CHARS}]+")
_RE_CLOCK = re.compile(
    r"(?P<next>次日|翌日|第2天|第二天)?(?P<pre>晚上|晚间|晚|下午|夜里|夜间|傍晚|中午|早上|早晨|上午|早|凌晨)?"
    r"(?<!第)(?P<h>\d{1,2})(?:[时点](?:(?P<m>\d{1,2})分?|(?P<half>半)|整)?|:(?P<m2>\d{2})(?:时(?=-|至|到|\)|,|;|$))?)"
    r"(?!\d|小时|分钟|个|段)"  # (20:00时-次日8:00时): the hour word said again after a clock time goes
)
_EVENING = ("晚上", "晚间", "晚", "下午", "夜里", "夜间", "傍晚")
# after the clock times: 08:30含 / 19:00(含) / 19:00(不含) → 08:30; 08:00起至22:00止 (8:00时起至22:00时止)
# → 08:00至22:00
_RE_CLOCK_TAIL = re.compile(
    r"(?<=\d\d:\d\d)(?:\((?:不)?含\)|(?:不)?含(?![\d\u4e00-\u9fff]))"
    r"|(?<=\d\d:\d\d)时?起(?=至|到|-)|(?<=\d\d:\d\d)时?止"
)
_RE_DASHES = re.compile(r"-{2,}")
_RE_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff)])\.")  # after a word: never a decimal point or 1. (a list item)
_RE_CIRCLED = re.compile(r"[\u2460-\u2473]")  # ①②③ list items: NFKC would make them digits
_RE_NEXT_DAY_RANGE = re.compile(r"(?<=\d\d:\d\d)(?=次日\d\d:\d\d)")
# 08:00至20:00前 (Macau: "up to before 20:00"): a range's end, the same end as 08:00至20:00
_RE_RANGE_END_BEFORE = re.compile(r"((?:至|到|-)(?:次日)?\d\d:\d\d)前")
# 00:00-23:59 (a listing's whole day): the range ends at midnight, not a minute before it
_RE_DAY_END = re.compile(r"(?<=\d\d:\d\d(?:-|至|到))23:59(?!\d)")


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
    if pre in _EVENING and hour < 12 and not (pre == "夜间" and hour <= 6):
        hour += 12
    keep = "次日" if match.group("next") else pre if pre in ("夜间", "凌晨") else ""
    return f"{keep}{hour:02d}:{minute_i:02d}"


_T2S: list[Callable[[str], str]] = []


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s, loaded on first use; a few µs a text)."""
    if not _T2S:
        import opencc  # a compiled library with its dictionaries: loaded only when a text is read

        converter = opencc.OpenCC("t2s")
        _T2S.append(converter.convert)
    return _T2S[0](text)


_RE_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_RE_ALL_DAY_CELL = re.compile(r"(?<![每一])全天(?=首|每\d|每小时|每次|每半小时|每\d*分钟)")
_RE_BAND_AFTER_PRICE = re.compile(r"(\d+(?:\.\d+)?元)\((白天|日间|昼间|夜间|晚间|夜晚)\)")


@lru_cache(maxsize=4096)
def normalize_text(text: str) -> str:
    """One written form: simplified, half-width, digits, 30分钟 for 半小时, clock times as HH:MM."""
    if _RE_NON_ASCII.search(text):
        text = to_simplified(text)
    text = unicodedata.normalize("NFKC", _RE_CIRCLED.sub(";", text)).translate(_DASHES)
    text = _RE_SPACE.sub("", _RE_DIGIT_SPACE.sub(",", text))
    if "--" in text:
        text = _RE_DASHES.sub("-", text)
    text = _RE_CN_NUMBER.sub(_cn_sub, text)
    text = _RE_CN_AFTER.sub(_cn_sub, text)
    text = _phrases().apply(text)
    if "." in text:  # a half-width full stop after a word (货车.1小时以内): a sentence break
        text = _RE_FULL_STOP.sub("。", text)
    if "(" in text:  # "6元(日间)3元(夜间)": the band word names the price before it, so it goes first
        text = _RE_BAND_AFTER_PRICE.sub(r"\2\1", text)
    if "全天" in text:  # a table's time cell "全天" before a price is the band 00:00-24:00 (issue 16)
        text = _RE_ALL_DAY_CELL.sub("00:00-24:00", text)
    text = _RE_CLOCK.sub(_clock_sub, text)
    if "含" in text or "起" in text or "止" in text:
        text = _RE_CLOCK_TAIL.sub("", text)
    if "次日" in text:
        text = _RE_NEXT_DAY_RANGE.sub("-", text)  # 19:00次日07:00 → 19:00-次日07:00
    if "前" in text:
        text = _RE_RANGE_END_BEFORE.sub(r"\1", text)
    if "23:59" in text:
        text = _RE_DAY_END.sub("24:00", text)
    return text


__all__ = ["chinese_number", "normalize_text", "to_simplified"]


@lru_cache(maxsize=1)
def _phrases() -> RewriteRules:
    return RewriteRules(_PHRASES_RULES)


class RewriteRules:
    """Regex rewrites applied in order, each only when one of its trigger strings is in the text. The
    triggers of all the rules are found in one pass (the text is read once, not once per rule), and again
    after a rewrite changed the text."""

    def __init__(self, rules: tuple[tuple[str, Any, tuple[str, ...]], ...]) -> None:
        self.rules = tuple((re.compile(p), r) for p, r, _ in rules)
        literals = sorted({t for _p, _r, triggers in rules for t in triggers}, key=len, reverse=True)
        # each literal found → every rule one of whose triggers lies in it (收 in 收费 …)
        self.by_literal = {
            lit: frozenset(i for i, (_p, _r, triggers) in enumerate(rules) if any(t in lit for t in triggers))
            for lit in literals
        }
        self.finder = re.compile("(?=(" + "|".join(map(re.escape, literals)) + "))")

    def _active(self, text: str) -> set[int]:
        found: set[int] = set()
        for match in self.finder.finditer(text):
            found |= self.by_literal[match.group(1)]
        return found

    def apply(self, text: str) -> str:
        active = self._active(text)
        for i, (pattern, replacement) in enumerate(self.rules):
            if i in active:
                changed = pattern.sub(replacement, text)
                if changed != text:
                    text = changed
                    active = self._active(text)
        return text
