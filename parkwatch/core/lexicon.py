"""The words of a posted parking price, shared by the tariff reader and the board reader.

One place for the vehicle, time-band, unit, cap and pass words, so both readers agree on what
`9座(含)以下小型客货车`, `小、中型车`, `白天` or `封顶` mean. Everything here is data (tuples, dicts)
plus small pure look-ups; the readers build their own patterns from it. Text is expected normalised
(`parkwatch.core.normalize.normalize_text`: half-width brackets and colons, digits).
"""

from __future__ import annotations

import re
from datetime import time
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# vehicles
# ---------------------------------------------------------------------------------------------

# (words, class): `small`, `large`, `motorcycle`, `nev`, or a class kept by its Chinese name. Longer
# words win over shorter ones (大型客货车 before 货车), so the order inside a group does not matter.
VEHICLE_WORDS: tuple[tuple[str, str], ...] = (
    (
        "新能源小型车|新能源小汽车|新能源小型汽车|新能源汽车|新能源车辆|新能源车|纯电动汽车|纯电动车|电动汽车|"
        "插电式混合动力汽车|新能源小客车",
        "nev",
    ),
    (
        "大中型车|中大型车|大中型客车|大中型汽车|大中型客货车|大型客车|大型货车|大型汽车|大型车辆|大型车|大客车|"
        "大货车|大车|货车|重型车|大型载客汽车|大型客货车|大型机动车|大中型机动车|大型载货汽车|中大型客车|"
        "大型货运车|大巴车|大巴|中巴车|中巴|重型货车|大型客运车|黄牌照|黄色牌照|黄牌|大型机动车辆|重型汽车|重型车辆|"
        "重型客车|四类车型|四类车|三、四类车型|三、四类车|四类车及以上|五类车型|五类车",  # toll-road categories
        "large",
    ),
    (
        "小型客车|小型汽车|小型载客汽车|小型机动车|小型车辆|小型车|小客车|小轿车|小汽车|小车|微型车|轿车|"
        "小型客货车|小型货车|小型客运车|小型载货汽车|小型车型|私家车|微型客车|微型汽车|小型普通客车|蓝牌照|蓝色牌照|蓝牌|"
        "小型机动车辆|轻型汽车|轻型车辆|一般小型车|一类车型|一类车|一、二类车型|一、二类车",
        "small",
    ),
    (
        "二轮摩托车|两轮摩托车|三轮摩托车|摩托车|二轮车|两轮车|三轮车|电动车|电瓶车|二轮机动车|三轮机动车|电单车|"
        "机器脚踏车|机车",  # 电单车 (Macau), 机车/机器脚踏车 (Taiwan)
        "motorcycle",
    ),
    ("中型车|中型客车|中型汽车|中型货车|中型车辆|中型客货车|中型机动车", "中型车"),
    ("二类车型|二类车", "二类车"),
    ("三类车型|三类车", "三类车"),
    ("电动自行车|非机动车|自行车|三轮非机动车", "非机动车"),
)
VEHICLE_OF: dict[str, str] = {w: cls for words, cls in VEHICLE_WORDS for w in words.split("|")}
VEHICLE_ALT = "|".join(sorted(VEHICLE_OF, key=len, reverse=True))

# `小、中型车` / `大、中型车` / `小型、微型车`: size words sharing one noun
SIZE_PREFIX = {"小": "small", "微": "small", "大": "large", "中": "中型车", "重": "large", "微型": "small"}


def vehicle_of(word: str) -> str | None:
    """The class of a vehicle word (大型客车 → large), None when it is not one."""
    return VEHICLE_OF.get(word)


def seats_class(seats: int, direction: str) -> str:
    """`9座(含)以下` → small, `20座以上` → large, `7座以上` → large, `8座以下` → small."""
    above = "以上" in direction
    if above:
        return "large" if seats >= 7 else "small"
    return "small" if seats <= 19 else "large"


def tons_class(text: str) -> str:
    """`2吨以上货车` → large, `2吨以下` → small."""
    return "large" if "以上" in text else "small"


# ---------------------------------------------------------------------------------------------
# time bands
# ---------------------------------------------------------------------------------------------

DAY_BAND_WORDS = ("白天", "日间", "昼间", "白班", "白日", "白天时段", "日间时段")
NIGHT_BAND_WORDS = ("夜间", "晚间", "夜晚", "夜里", "夜班", "晚上", "夜间时段")
BAND_NAMES = "|".join(sorted(DAY_BAND_WORDS[:5] + NIGHT_BAND_WORDS[:6], key=len, reverse=True))
# the times assumed when a band is named without its hours (a warning says so)
DEFAULT_BAND_TIMES: dict[str, tuple[time, time]] = {
    **{w: (time(8, 0), time(20, 0)) for w in DAY_BAND_WORDS},
    **{w: (time(20, 0), time(8, 0)) for w in NIGHT_BAND_WORDS},
}


def band_kind(word: str) -> str | None:
    """ "day" for 白天/日间…, "night" for 夜间/晚上…, None otherwise."""
    if word in DAY_BAND_WORDS:
        return "day"
    if word in NIGHT_BAND_WORDS:
        return "night"
    return None


# day types: the calendar words a band or class may be limited to
WEEKDAY_WORDS = ("工作日", "周一至周五", "星期一至星期五", "周一到周五", "星期一到星期五", "机关上班日", "上班日")
WEEKEND_WORDS = ("双休日", "周六日", "周六、周日", "周六至周日", "星期六、星期日", "周末", "休息日", "公休日")
HOLIDAY_WORDS = ("法定节假日", "节假日", "国家法定节假日", "法定假日", "节日")


def day_type_of(word: str) -> str | None:
    """ "weekday", "weekend" or "holiday" for a calendar word; 节假日 alone counts as holiday."""
    if word in WEEKDAY_WORDS:
        return "weekday"
    if word in WEEKEND_WORDS:
        return "weekend"
    if word in HOLIDAY_WORDS:
        return "holiday"
    return None


# ---------------------------------------------------------------------------------------------
# zones
# ---------------------------------------------------------------------------------------------

# 一类区域, A级区域, 二类收费区, 三、四类车型, A区, 一类: a designator and a zone noun
ZONE_DESIGNATOR = r"(?:[一二三四五六七八九十]|[1-9]|[A-E])(?:、(?:[一二三四五六七八九十]|[1-9]|[A-E]))*"
ZONE_NOUNS = "收费区|区域|地区|路段|道路|泊位|停车场|区"
# 一类车型 / 四类车 are vehicle categories (the toll-road classes), not zones
ZONE_WORD = (
    rf"{ZONE_DESIGNATOR}(?:类|级|档)(?:收费)?(?:{ZONE_NOUNS})?(?!车(?!位))|[A-E](?:区域|区)|(?:T\d)(?:航站楼)?P\d+(?:、P\d+)*(?:停车场|停车楼)?|"
    r"核心区|繁华区|中心城区|核心城区|主城区|"
    r"老城区|新城区|特定区|一般区|一环内|二环内|三环内|一环外|二环外|三环外"
)
# words that make a heading name a place (a lot, a zone, a road) rather than a label or a vehicle
ZONE_PLACE = (
    r"停车场|停车楼|停车库|车库|停车位|泊位|区域|院区|景区|路段|道路|街|路|航站楼|广场|地上|地下|室内|露天|"
    r"(?<![\dA-Za-z])[PT]\d|环内|环外|环间|环到|环线|小区|站"
)


@lru_cache(maxsize=1)
def _zone_name_pattern() -> re.Pattern[str]:
    return re.compile(rf"({ZONE_DESIGNATOR})(?:类|级|档)?(?:收费)?(?:{ZONE_NOUNS})?(?:\([^()]*\))?$")


def zone_designator(name: str) -> str | None:
    """The designator that identifies a zone however it is written (A区 = A级区域 = A类路段 → "A";
    一类区域 = 一类 = 1类区 → "1"), None when the name is not a designated zone."""
    match = _zone_name_pattern().match(name)
    if not match or ("类" not in name and "级" not in name and "档" not in name and "区" not in name):
        return None
    first = match.group(1).split("、")[0]
    digits = "一二三四五六七八九十"
    return str(digits.index(first) + 1) if first in digits else first.upper()


# ---------------------------------------------------------------------------------------------
# units, caps, passes
# ---------------------------------------------------------------------------------------------

# minutes per duration word (after normalisation durations read N小时 / N分钟 / N天)
UNIT_MINUTES = {"小时": 60, "分钟": 1, "天": 1440, "日": 1440}
# per-visit endings that mean "per vehicle per visit" (元/辆·次, 元/车次 …), normalised to 元/次
VISIT_ENDINGS = ("辆次", "车次", "台次", "辆·次", "辆.次", "辆/次", "次/辆", "次/车", "车/次", "辆车次")
CAP_WORDS = ("最高", "封顶", "上限", "限价", "不超过", "不得超过", "不高于", "最多")
PASS_WORDS = "月卡|月票|包月|月租|年卡|年票|包年|季卡|季票|包季|半年卡|包半年"
FREE_WORDS = "免费停放|免费停车|免费|不收费|免收费|免收|不计费|免收停车费|不收取费用|不收取停车费|不收取"


@lru_cache(maxsize=1)
def vehicle_pattern() -> re.Pattern[str]:
    """Any vehicle word (compiled on first use)."""
    return re.compile(VEHICLE_ALT)


__all__ = [
    "BAND_NAMES",
    "CAP_WORDS",
    "DAY_BAND_WORDS",
    "DEFAULT_BAND_TIMES",
    "FREE_WORDS",
    "HOLIDAY_WORDS",
    "NIGHT_BAND_WORDS",
    "PASS_WORDS",
    "SIZE_PREFIX",
    "UNIT_MINUTES",
    "VEHICLE_ALT",
    "VEHICLE_OF",
    "VEHICLE_WORDS",
    "VISIT_ENDINGS",
    "WEEKDAY_WORDS",
    "WEEKEND_WORDS",
    "ZONE_DESIGNATOR",
    "ZONE_NOUNS",
    "ZONE_PLACE",
    "ZONE_WORD",
    "band_kind",
    "day_type_of",
    "seats_class",
    "tons_class",
    "vehicle_of",
    "vehicle_pattern",
    "zone_designator",
]
