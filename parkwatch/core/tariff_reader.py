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
from dataclasses import dataclass, field, replace
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, TypeVar

from parkwatch.core.lexicon import PASS_WORDS, VEHICLE_ALT, VEHICLE_OF, ZONE_PLACE, ZONE_WORD, zone_designator
from parkwatch.core.normalize import RewriteRules, chinese_number, normalize_text
from parkwatch.core.tariff import (
    ALL_VEHICLES,
    DAY_TYPES,
    VEHICLE_NAMES_ZH,
    Band,
    ClassTariff,
    DayCap,
    Pass,
    Segment,
    Tariff,
    expand_days,
    money,
)

APPLIED, NOTE, UNREAD = "applied", "note", "unread"


@dataclass(frozen=True)
class ClauseFate:
    """What became of one clause of the text: `applied` (it is in the tariff), `note` (it says nothing
    about the price: a title, a definition, a place name) or `unread` (it bears on the price and was not
    applied)."""

    text: str
    fate: str

    def to_json(self) -> dict[str, str]:
        return {"text": self.text, "fate": self.fate}


@dataclass(frozen=True)
class TariffReading:
    """The tariff read from a text, and how far to trust it.

    `unread` lists exactly the price-bearing clauses that were not applied; `ceilings` the applied clauses
    that state a rate only as a ceiling (每小时最高2元: the lot may charge less), read at the ceiling;
    `complete` is true when a tariff was read, nothing price-bearing was left unread and no rate is only a
    ceiling; `assumptions` names every default the tariff rests on where the text was silent (a partial hour
    billed as a whole hour …); `clauses` gives every clause's fate."""

    tariff: Tariff | None
    unread: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    clauses: tuple[ClauseFate, ...] = ()
    ceilings: tuple[str, ...] = ()
    scope_doubts: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.tariff is not None and not self.unread and not self.ceilings and not self.scope_doubts

    def to_json(self) -> dict[str, Any]:
        return {
            "tariff": None if self.tariff is None else self.tariff.to_json(),
            "unread": list(self.unread),
            "warnings": list(self.warnings),
            "complete": self.complete,
            "assumptions": list(self.assumptions),
            "clauses": [c.to_json() for c in self.clauses],
            "ceilings": list(self.ceilings),
            "scope_doubts": list(self.scope_doubts),
        }


# ---------------------------------------------------------------------------------------------
# layer 2: clause segmentation
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One clause of a normalised text, with where it stands: its line and sentence (counted over the
    text), whether it opens its line, the list marker the line began with (一、 (1) 2.), and whether the
    line is a heading (ends with a colon and holds no price)."""

    text: str
    line: int
    sentence: int
    first: bool = False
    marker: str = ""
    heading: bool = False


_RE_MARKER = re.compile(
    r"^(?:\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、|\(\d{1,2}\)|\d{1,2}\)|\d{1,2}、|\d{1,2}\.(?!\d)|"
    r"[\u2460-\u2473])"
)


_RE_HEADING_PRICE = re.compile(r"\d+(?:\.\d+)?(?:小时|分钟|天)|\d\d:\d\d|免|封顶|最高|[;。]")


# 由现行第一小时10元,以后每半小时5元调整为第一小时6元: only the new prices hold
_RE_ADJUSTED = re.compile(r"由(?:现行|原)?(?:标准)?[^;。]*?调整为")
# inclusive marks say nothing at a minute's precision: (含20分钟) (含本数) (不含) (包括1小时)
_RE_INCLUSIVE = re.compile(
    r"\((?:不)?(?:含|包括|包含)(?:本数|首?\d+(?:\.\d+)?(?:小时|分钟|座|吨|元)|首?1小时)?\)|(?:\(|,)?含本数\)?"
)
# a bracket holding clauses of its own: (每24小时为一计费周期,最高收费限额30元/次) → ,…,…,
_RE_PAREN_CLAUSE = re.compile(r"\(([^()]*,[^()]*)\)")


# 一类区域停车场:(1)泰山景区:…: an item inside a line starts a line of its own
_RE_INLINE_MARKER = re.compile(r"(?<=:)(?=\((?:\d|[一二三四五六七八九十])\))")
_RE_TABLE_UNIT = re.compile(r"\((?:单位:)?元(?:/次|/车|/辆|/(?P<per>1小时|\d+分钟|\d+小时))?\)(?=:?$|:(?=[^元]*$))")
_RE_BARE_PRICE = re.compile(r"(?<![\d.])(?<!\d:)\d+(?:\.\d+)?(?=$|[,;。、])")  # not a clock's minutes
_RE_DURATION_IN = re.compile(r"\d(?:小时|分钟)")


_RE_UNIT_HEADING = re.compile(r"每(\d+(?:\.\d+)?(?:小时|分钟))或不足\1[的之]?(?:泊车|停车)?(?:收费|费用|价格)")
_RE_BARE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?元)(?![/\d]|每)")


# a listing's day group written without its 星期 (一至五, 六, 日及假期: the column is headed 星期)
_RE_DAY_ITEM = re.compile(r"[一二三四五六日](?:至[一二三四五六日])?(?:及(?:公眾|公众)?假期)?")
_RE_TABLE_CELL_SPACE = re.compile(r"[ \t\u3000\u00a0]+")


def table_rows(text: str) -> str:
    """A table whose cells `|` separates and whose cells list several values each, column by column
    (`一至五 六 日及假期 | 08:00-20:00 08:00-20:00 00:00-24:00 | $20 $25 $30`), as one line per row
    (`星期一至五 08:00-20:00 $20`): the n-th value of every cell belongs to the n-th row. A header line (no
    digit) gives its price heading (每小时收费) to the amounts of the rows under it and its 星期 to bare day
    groups, and goes. Other lines are left as they are. Before normalisation: the spaces
    that separate the values are still there."""
    out: list[str] = []
    header: list[str] = []
    for line in text.split("\n"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if "|" in line else []
        if len(cells) < 2:
            out.append(line)
            header = [] if line.strip() else header
            continue
        if not any(ch.isdigit() for ch in line):
            header = cells  # its words go into the rows under it
            continue
        values = [_RE_TABLE_CELL_SPACE.split(cell) if cell else [""] for cell in cells]
        n = max(len(v) for v in values)
        if n < 2 or any(len(v) not in (1, n) for v in values):
            out.append(line.replace("|", " "))
            continue
        for i in range(n):
            row = [v[i] if len(v) == n else v[0] for v in values]
            out.append(" ".join(_table_cell(row[j], header[j] if j < len(header) else "") for j in range(len(row))))
    return "\n".join(out)


def _table_cell(value: str, heading: str) -> str:
    """A row's value with what its column heading adds: 星期 before a bare day group, a price heading
    (每小时收费) or a vehicle (小型车) before an amount."""
    if heading in ("星期", "周") and _RE_DAY_ITEM.fullmatch(value):
        return f"星期{value}"
    priced = any(ch.isdigit() for ch in value)
    if priced and ("收費" in heading or "收费" in heading or _RE_VEHICLE_WORD.fullmatch(normalize_text(heading))):
        return f"{heading}{value}"  # 每小时收费$35, 小型车每小时3元
    return value


def unit_heading_applied(normalized: str) -> str:
    """A heading that states the billing unit for the prices below it (每30分钟或不足30分钟的泊车收费, then
    轻型汽车日间…3元): each bare amount of the lines that follow takes that unit (3元/30分钟), up to a line
    that states a unit of its own or another heading."""
    if "或不足" not in normalized:
        return normalized
    lines = normalized.split("\n")
    unit = None
    for i, line in enumerate(lines):
        heading = _RE_UNIT_HEADING.search(line)
        if heading is not None and not _RE_AMOUNT.search(line):
            unit = heading.group(1)
            lines[i] = line[: heading.start()] + line[heading.end() :]
        elif unit is not None:
            if not _RE_AMOUNT.search(line) or _RE_DURATION_IN.search(line.split("元")[0]):
                if _RE_AMOUNT.search(line):
                    unit = None  # a line with its own duration: the heading no longer holds
                continue
            lines[i] = _RE_BARE_AMOUNT.sub(rf"\1/{unit}", line)
    return "\n".join(lines)


# 15分钟内免费停车,超出按6元/次计收: past a free period, a visit price is the stay's price (the same whether the
# free minutes are billed or not); after anything else (2小时内5元,超出按6元/次) the 超出 is left to the grammar
_RE_VISIT_AFTER_FREE = re.compile(r"(?<=免费|免收)(?:停车|停放)?,(?:超出|超过)(?:的|部分)?按?(?=\d+(?:\.\d+)?元/次)")

# a crossing stay's rule stated once per direction (计时收费时段入停、计次收费时段驶离,白天、夜间累计停车时长不超过2小时
# (含2小时)的,按白天计时标准收费,不加收夜间收费6元/次;超过的,在白天计时收费基础上,加收夜间收费6元/次): within
# the length, the entry band's price only; beyond it, the entry band's and the exit band's (the sum)
_RE_CROSS_DIRECTION = re.compile(
    r"^(?:昼夜)?(?:跨时段:)?(?P<m_in>计时|计次)(?:收费)?时段(?:入停|进场|入场|驶入|停入)、(?P<m_out>计时|计次)(?:收费)?时段"
    r"(?:驶离|出场|离场|驶出),(?P<b_in>白天|夜间)、(?P<b_out>白天|夜间)累计(?:停车|停放)?时[长间]"
    r"(?:不超过|在)(?P<n>\d+(?:小时|分钟))(?:\(含\d*(?:小时|分钟)?\))?(?:以内|内)?的,按(?P=b_in)(?P=m_in)(?:收费)?标准(?:收费|计费)"
    r"(?:,即\d+(?:\.\d+)?元/次)?,不(?:再)?加收[^,;\n]*;超过的,在[^,;\n]*基础上,?(?:再)?加收[^,;\n]*$",
    re.M,
)


def stated_crossings(normalized: str) -> str:
    """The text with two rewrites of how stays are priced around a stated rule: a visit price past a free period
    (`_RE_VISIT_AFTER_FREE`), and a crossing rule stated once per direction (`_RE_CROSS_DIRECTION`) said as the
    entry band's rule within that length (跨时段停车时长不超过2小时(含)的,按进场时段的收费标准计费) — only when both
    directions are stated, each entering a different band, with the same length; one direction alone is left as
    written (unread: the other direction is not said)."""
    if "超" in normalized:
        normalized = _RE_VISIT_AFTER_FREE.sub(",", normalized)
    if "驶离" not in normalized and "离场" not in normalized and "出场" not in normalized and "驶出" not in normalized:
        return normalized
    found = list(_RE_CROSS_DIRECTION.finditer(normalized))
    if (
        len(found) != 2
        or {m["m_in"] for m in found} != {"计时", "计次"}
        or any(m["m_in"] == m["m_out"] or m["b_in"] == m["b_out"] for m in found)
        or found[0]["n"] != found[1]["n"]
    ):
        return normalized
    rule = f"跨时段停车时长不超过{found[0]['n']}(含)的,按进场时段的收费标准计费"
    first, second = found
    return normalized[: first.start()] + rule + normalized[first.end() : second.start()] + normalized[second.end() :]


# Hong Kong listings put the days after the amount: 每1小时23元(星期一至五,公众假期除外) and 日泊110元(星期一至五
# 每12小时之最高收费,由入闸时间起计算至同日午夜十二时止): the days go first, as a heading of the amount
_RE_PRICE_DAYS = re.compile(
    r"(?:时租)?(?P<unit>每1小时)?:?(?P<price>\d+(?:\.\d+)?元)"
    r"\((?P<days>(?:星期|周|六)[^()]*?)(?:\((?:公众)?假期(?:除外|外)\))?(?:,?(?:公众)?假期(?:除外|外))?\)"
)
_RE_PRICE_DAYS_CAP = re.compile(
    r"(?:日泊|夜泊|24小时泊车)?:?(?P<price>\d+(?:\.\d+)?元)\((?P<days>[^()]*?(?:\([^()]*\))?[^()]*?)"
    r"(?P<cap>每\d+小时之最高收费)(?P<rest>[^()]*)\)"
)
_RE_UNIT_BEFORE_AMOUNT = re.compile(r"\((每\d+(?:\.\d+)?(?:小时|分钟))\)(\d+(?:\.\d+)?元)(?![/\d])")
_RE_HOLIDAY_EXCEPT = re.compile(r"\(?(?:公众)?假期(?:除外|外)\)?|[,*]")


def _days_first(line: str) -> str:
    """A listing's amount followed by the days it holds on (in brackets) as the days, then the amount."""

    def days_of(text: str) -> str:
        days = _RE_HOLIDAY_EXCEPT.sub(lambda m: "、" if m.group(0) == "," else "", text).strip("、")
        days = re.sub(r"^(?=六)", "星期", days)  # 六、日及公众假期 (the 星期 of the column heading)
        return re.sub(r"(?<=六)(?=日)", "、", days)  # 星期六日假期 → 星期六、日假期

    line = _RE_PRICE_DAYS_CAP.sub(lambda m: f"{days_of(m['days'])}{m['cap']}{m['price']}{m['rest']}", line)
    first = _RE_PRICE_DAYS.search(line)
    if first is None:
        return line
    head = f"{line[: first.start()]}{days_of(first['days'])}:{first['unit'] or ''}{first['price']}"
    rest = line[first.end() :]
    if first["unit"]:  # 时租:$23 [星期一至五]；其他时段/周末收费 $25: the other column's amount is hourly too
        rest = _RE_BARE_AMOUNT.sub(r"\1/1小时", rest)
    return head + rest


# a line that opens with the unit of its amounts (时租每小时收费:星期一至六 07:00-22:00 $35;22:00-07:00 $24)
_RE_LINE_UNIT = re.compile(r"^(?:时租)?每(1小时|\d+(?:\.\d+)?(?:小时|分钟))收费:(?=\D)")


def _line_unit_applied(line: str) -> str:
    """Each bare amount of a line that opens with its unit (每1小时收费:…,35元;…,24元) takes that unit."""
    said = _RE_LINE_UNIT.match(line)
    if said is None:
        return line
    rest = line[said.end() :]
    if _RE_DURATION_IN.search(rest.replace("1小时收费", "")):
        return line  # the line states durations of its own: the opening unit does not hold alone
    return _RE_BARE_AMOUNT.sub(rf"\1/{said.group(1)}", rest)


def segment_clauses(normalized: str) -> tuple[Clause, ...]:
    """Lines → sentences (；。) → clauses (，): the second layer of the reader. List markers (一、 (1) 2.)
    are taken off the line and kept; a condition and its price stay one clause ("超过2小时的，每小时1元")."""
    clauses: list[Clause] = []
    sentence = 0
    unit = ""  # a table's unit given in its heading: 临时(元/辆·次): / 收费标准(单位:元)
    for line_no, raw in enumerate(_RE_INLINE_MARKER.sub("\n", normalized).split("\n")):
        line = raw.strip()
        marker_match = _RE_MARKER.match(line)
        marker = marker_match.group(0) if marker_match else ""
        line = line[len(marker) :].strip()
        if not line:
            continue
        if "收费:" in line:
            line = _line_unit_applied(line)
        if "元(" in line:
            line = _days_first(line)
        if "(每" in line:  # 星期一至五(每小时) 港币$24: the unit in brackets before its amount
            line = _RE_UNIT_BEFORE_AMOUNT.sub(r":\1\2", line)
        said = _RE_TABLE_UNIT.search(line)
        if said:
            per = said.group("per")  # 收费标准(元/小时):小型车3: a rate per hour
            unit = "元/次" if "次" in said.group(0) else f"元/{per}" if per else "元"
            rest = line[said.end() :]
            if rest.strip(":"):  # 收费标准(元/次):小型车10,中型车15: the unit holds for this line's numbers
                rest = _RE_BARE_PRICE.sub(r"\g<0>" + unit, rest)
            line = line[: said.start()] + rest
        elif unit and "元" not in line:
            ending = unit if not _RE_DURATION_IN.search(line) else "元"  # 2小时以内每小时5 → 5元, not 5元/次
            line = _RE_BARE_PRICE.sub(r"\g<0>" + ending, line)
        heading = "元" not in line and not _RE_HEADING_PRICE.search(line)
        first = True
        for text in _RE_SENTENCES.split(line):
            if not text.strip():
                continue
            sentence += 1
            text = _RE_PAREN_CLAUSE.sub(r",\1,", _RE_INCLUSIVE.sub("", _RE_ADJUSTED.sub("", text)))
            for clause in _RE_CLAUSES.split(_RE_JOIN.sub("", text)):
                if clause.strip():
                    clauses.append(Clause(clause, line_no, sentence, first, marker if first else "", heading))
                    first = False
    return tuple(clauses)


# ---------------------------------------------------------------------------------------------
# phrases
# ---------------------------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_DUR_UNITS = r"(?:小时|分钟|天)"


def _dur(name: str) -> str:
    return rf"(?P<{name}>{_NUM}{_DUR_UNITS})"


def _price(name: str) -> str:
    return rf"(?P<{name}>{_NUM})元"


_PRE = (
    r"(?:停车时间|停放时间|停车时长|停放时长|停车|停放|时间|时长|在|车辆|的|进场|入场|单次|当次|连续|临时|进入停车场|"
    r"每天首次|首次|每次|停靠)*"
)
_WITHIN = r"(?:以内|之内|内|以下|及以内|及以下)"
_INCL = r"(?:\(含(?:\d+(?:\.\d+)?(?:小时|分钟))?\)|\(包含(?:\d+(?:\.\d+)?(?:小时|分钟))?\)|含)"
_FREE = (
    r"(?:免费停放|免费停车|免费|免予收费|免于收费|不收(?:取)?(?:机动车)?(?:停车|停放)?(?:服务)?费(?:用)?|免收(?:取)?(?:机动车)?(?:停车|停放)?(?:服务)?费(?:用)?|"
    r"免收|不计费|停车费全免|全免|不得收取(?:机动车)?(?:停车|停放)?(?:服务)?费(?:用)?)"
)
_CHARGE = r"(?:收费|收取|计费|计收|收|按)?"
_TIME = r"\d{2}:\d{2}"
_CONN = r"(?:(?:以上|以后|之后|后)?(?:不超过|不满|未满|不足|至|到|-)|以上|以后|之后|后)"

_VEHICLE_OF = VEHICLE_OF
_VEHICLE_ALT = VEHICLE_ALT
# the first two characters of every vehicle word: enough for a lookahead, and cheap to compile
_VEHICLE_START = "|".join(sorted({w[:2] for w in VEHICLE_OF}))
_SEATS = (
    r"(?P<st_n>\d+)座(?P<st_dir>\(含\)以上|\(含\)以下|及以上|及以下|以上|以下|以内)(?:\(含\d*座?\))?"
    r"(?:的)?(?:小型|大型|中型)?(?:客车|车辆|汽车|车型|车)?"
)
_TONS = r"(?:车长|载重|核载|总质量)?\d+(?:\.\d+)?(?:米|吨)(?:及|\(含\))?(?:以上|以下)(?:的)?(?:客车|货车|车辆|汽车|车)?"

_BAND_NAMES = r"白天|日间|昼间|白班|夜间|晚间|夜晚|夜里|夜班"

_EXEMPT_KEYS = re.compile(
    r"军车|军用|警车|警用|消防|救护|急救|抢险|救险|救灾|殡|执行任务|执行公务|执行紧急|残疾|公交|环卫|邮政|献血|"
    r"见义勇为|外交|免收停车费的车辆|以下车辆|下列车辆|特种车辆|应急车辆|医疗|执法车辆|烈士|英模"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "deduct",
        r"(?:(?:停车|停放)?时间超过\d+(?:\.\d+)?(?:小时|分钟)的,?)?(?:免费(?:停车|停放)?时[段间长]|免费时长|免费期)(?:内)?"
        r"(?:不计费|不计入|不收费|不计算|予以扣除|扣除|不计)(?:停车)?(?:计费时间)?|扣除免费(?:时[段间长])?|减去免费(?:时[段间长])?|"
        r"前\d+分钟不(?:纳入|计入)计费时间",
    ),
    (
        "nodeduct",
        r"(?:超过|超出)免费时[段间长](?:的)?[^,;]*?(?:从入场|自入场|从进场|自进场|全程|含免费|连同免费|累计)[^,;]*|"
        r"(?:(?:超过|超出)\d+分钟(?:的|后)?,?)?(?:按照?)?实际停放时间(?:收费|计费)|"
        r"(?:(?:超过|超出)\d+分钟(?:的|后)?,?)?(?:从|自)(?:车辆)?(?:停放开始时间|停放开始时|始停时间|进场|入场|进入停车场)(?:时间)?(?:起)?(?:计费|计算|收费)|"
        r"(?:计费时间|计时)(?:从|自)(?:车辆)?(?:进入停车场|进场|入场)(?:时)?起?(?:计算|计时|计费)|"
        r"(?:超过\d+分钟(?:的|后)?,?)?(?:则)?前\d+分钟一并计费|(?:超过\d+分钟的,?)?原停放时间一并计时收费|"
        r"(?:超过\d+分钟后)?开始计费|(?:停车时间)?超过(?:上述)?免费时间的车辆|(?:实际(?:停车|停放)时间超过免费(?:停车|停放)时间的,?)?免费(?:停车|停放)?时间计入(?:停车|停放)?计费时间|不享受免费优惠|不设(?:停车)?首免时间|进场即收费",
    ),
    (
        "midnight",
        r"(?:以)?每日(?:00:00|24:00)为计费(?:基准点|起点|分界点)|(?:凡)?跨越?每日(?:00:00|24:00)(?:停车|停放)(?:者|的)?|"
        r"跨日(?:按次)?(?:重新|另行)计费|\(?隔日另(?:行)?计(?:费|算)?\)?|每[天日](?:00:00|24:00)(?:后|起)重新(?:计算|计费|计时)(?:累计收费)?|"
        r"次日(?:按(?:以上|上述)标准)?重新计费",
    ),
    (
        "restart",
        r"(?<![\d:])(?:(?:连续)?(?:停放|停车)?(?:时间)?(?:每)?(?:超过|超出|满|超)(?P<rs>\d+小时|1天|1个计费周期)(?:\(24小时\))?(?:的|后)?(?:车辆)?,?)?"
        r"[^,;:]{0,16}?(?:重新|另按|另行按|循环)[^,;:]{0,12}?(?:累加计费|计费|计算|计时收费|计时|计收|收费|计)",
    ),
    (
        "cumulative",
        r"(?:(?:连续)?(?:停放|停车)?(?:时间)?(?:超过|超出)\d+小时(?:的)?(?:车辆)?,?)?(?:连续)?(?:采用|实行|则)?"
        r"(?:按(?:照)?(?:上述|以上)?(?:收费)?(?:规定|标准))?累[计积](?:计时)?(?:计费|收费|计收)?(?![\d最])",
    ),
    (
        "entryband",
        # the lookahead is implied by the pattern (a 跨 within 8 characters, or a start word): it only spares
        # the engine the lazy prefix at every position of every clause
        r"(?=[^,;:]{0,8}?跨|[则均全一以按])(?:[^,;:]{0,8}?跨越?[^,;:]{0,8}?(?:时段|时间段)[^,;:]{0,4}?)?(?:则|均|全部|全程|一律)*(?:以|按)(?:照)?(?:车辆)?"
        r"(?P<eb>进场|入场|驶入|进入|前1个?|开始停放)(?:时)?(?:所在|所属)?(?:的)?(?:时段|收费时段|计费时段)(?:的)?"
        r"(?:费率|收费|价格|计费)?(?:标准)?(?:计费|计算|收费|计收|执行)",
    ),
    (
        "entrywithin",
        r"跨越?(?:时段|时间段)(?:停放|停车)?的?(?:机动车|车辆)?(?:停放|停车)?(?:时间|时长)?"
        r"(?P<ew_op>不足|少于|不超过|未超过|在)(?P<ew>\d+(?:小时|分钟))(?:\(含\))?(?:以内|内)?的?,?"
        r"(?:按|以)照?(?:时段分界点前|分界点前|进场时段|入场时段|进场时所在时段)的?(?:收费|费率)?(?:标准)?(?:收取停车费|收取|收费|计费|计收)",
    ),
    (
        "crossband",
        r"[^,;:]{0,8}?跨[^,;:]{0,12}?(?:时段|时间段)[^,;:]{0,20}?(?:累计|合计|累加|分别)[^,;:]{0,6}?(?:计收|计费|收费|计时收费)|"
        # 跨时段(白天+夜间):按停车第1时段实际费用+第2时段实际费用计收
        r"跨越?(?:时段|时间段)(?:\([^()]{0,8}\))?:?(?:按|以)?(?:停车)?第1个?时段(?:实际)?(?:费用|收费)?"
        r"\+第2个?时段(?:实际)?(?:费用|收费)?(?:计收|计费|收费|之和)",
    ),
    (
        "crosshead",
        r"(?=[^,;:]{0,6}?跨)(?:进出|进场|停放|停车)?(?:的)?(?:车辆)?(?:若|如)?跨越?(?:优惠|收费|计费|不同)?(?:时段|时间段)(?:的|者|停放|停车|时)?",
    ),
    ("windowend", r"(?:由|从|自)(?:入闸|入场|进场)(?:时间)?起计算?至同日(?:午夜)?(?:12时|24:00|00:00|12:00|24时)止?"),
    ("nocap", r"(?:每天|每日)?(?:24小时)?不限额|取消(?:24小时)?最高收费限额|上不封顶"),
    (
        "cycle",
        r"(?:全天收费上限)?(?:连续停车|连续|每|以)?(?P<cy>24小时|1天)为(?:1个|一)?计费周期|每停放1次为1个计费周期",
    ),
    (
        "unitdef",
        r"(?:首|前)(?P<ud_d>\d+(?:\.\d+)?(?:小时|分钟))(?:包含\d+(?:\.\d+)?(?:小时|分钟))?为1个计费单位|"
        r"(?:以后|之后|此后)?每(?P<ud_u>\d+(?:\.\d+)?(?:小时|分钟))为1个计费单位|"
        r"(?:首(?P<ud_fa>\d+(?:\.\d+)?(?:小时|分钟))|(?P<ud_fb>\d+(?:\.\d+)?(?:小时|分钟))(?:后|以后))按(?P<ud_fu>\d+(?:小时|分钟))计时收费",
    ),
    (
        "capwindow",
        r"(?:连续停放的,?)?第(?P<cx_n>[1-9])个24小时(?P<cx_from>起每?24小时)?(?:收费额|收费)?(?:均)?(?:不超过|最高|不得超过)(?P<cx_p>\d+(?:\.\d+)?)元",
    ),
    ("caphead", r"(?:最高收费(?:标准|限额)?|收费上限|最高限价|封顶价格?)(?:为)?:(?=\D)"),
    ("unitcap", r"(?:24小时内)?(?:连续停放)?按不超过(?P<uc>\d+)个计费单位(?:收费|计费)"),
    (
        "billedcap",
        r"(?:连续停放)?超过(?P<bc_a>\d+小时)(?:至|-|不超过)(?P<bc_b>\d+小时)(?:内|以内)?(?:一律)?按(?P<bc_c>\d+小时)(?:停车时间|停放时间)?(?:计|计算|收费|计费)",
    ),
    (
        "billedband",
        r"(?:停车|停放)?(?:全天|每天|每日)?24小时(?:的)?按(?P<bb_band>白天|日间)(?:时段)?(?:相应)?(?:的)?(?:收费)?标准"
        r"(?P<bb_h>\d+)小时(?:收费|计费|计算|计)?",
    ),
    (
        "billedas",
        r"(?:即)?(?:停车)?(?P<ba_a>\d+)(?:分钟|小时)?(?:至|-)(?P<ba_b>\d+)(?:分钟|小时)(?:以内)?按(?P<ba_n>\d+)小时(?:收费|计费|计)?|依次类推|以此类推",
    ),
    (
        "roundunit",
        r"不足1个计[费时](?:单位|时段)(?:的)?(?:部分)?按1个计[费时](?:单位|时段)(?:计|计算|计费|收费)|"
        r"(?:超过(?P<ru_after>\d+(?:小时|分钟))后)?以(?P<ru_m>\d+(?:小时|分钟))为(?:1个)?(?:计时|计费)单位|"
        r"按(?P<ru_m2>\d+(?:小时|分钟))(?:计费|计时|收费)(?:收费)?$|"
        # 以半小时计价 / 计费都是半小时计价 / 采半小时计费 (Taiwan): the billing unit, the hourly price split
        r"(?:计费)?(?:都是|均|一律)?(?:以|采|采用)?(?P<ru_m3>\d+(?:小时|分钟))计价|(?:以|采|采用)(?P<ru_m4>\d+(?:小时|分钟))(?:计费|计算|计)?$",
    ),
    (
        "roundgrace",
        rf"(?:超过|超出|满)(?P<rg_a>{_NUM}(?:小时|分钟))(?:且|但|而)?(?:不足|不满|未满)(?P<rg_b>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:按|以|算|计)(?P<rg_c>{_NUM}(?:小时|分钟))(?:计费|计算|计价|计收|计|收费|收取|算)?",
    ),
    (
        "round",
        rf"(?:超过部分|超出部分|续停|超出时间|余数|尾数)?(?:不足|不满|未满|不到)(?P<r_a>{_NUM}(?:小时|分钟))(?:的|者)?(?:部分)?(?:按照|按|以|算|计|均按)"
        rf"(?P<r_b>{_NUM}(?:小时|分钟))(?:计费|计算|计价|计收|计|收费|收取|算)?",
    ),
    (
        "tail",
        rf"(?:尾数|余数|剩余)(?:不超过|不足|不满|未满)(?P<tl>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:不计|不收费|免费|不计费|免收)|"
        rf"超过(?P<tl2>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?按1个计[费时]单位(?:计|计算|计费|收费)",
    ),
    (
        "grace",
        rf"(?P<g_pre>超过部分|超出部分|续停|超时|尾数|剩余)?(?:不足|不满|未满|不到)(?P<g_a>{_NUM}(?:小时|分钟))(?:的)?(?:部分)?(?:不收费|免费|不计费|不计|免收)",
    ),
    ("freefirst", rf"(?:首|前)(?P<ff>{_NUM}(?:小时|分钟)){_WITHIN}?{_INCL}?(?:停车|停放)?{_FREE}"),
    (
        "free",
        rf"{_PRE}(?:不超过|不满|未超过|未满|少于|低于|不足)?(?P<fr>{_NUM}(?:小时|分钟)){_INCL}?{_WITHIN}?{_INCL}?(?:离场|出场|驶离|离开|驶出)?(?:的)?(?:车辆|停车|停放)?{_FREE}",
    ),
    ("freefor", rf"{_FREE}(?:停放|停车)?(?:时[间长段])?(?:为)?:?(?P<fd>{_NUM}(?:小时|分钟))"),
    (
        "season",
        r"(?:夏季|冬季|旺季|淡季|春季|秋季)?(?:期间|时间)?\(?(?P<se_m1>\d{1,2})月(?P<se_d1>\d{1,2})日(?:-|至|到)(?:次年)?"
        r"(?P<se_m2>\d{1,2})月(?P<se_d2>\d{1,2})日\)?:?(?=.{0,8}\d\d:\d\d)",
    ),
    (
        "hours",
        rf"(?:收费时间|收费时段|计费时间|计费时段|收费期间|收费时间段|收费管理时段|收费时限|计时收费时段|收费时间为每天)"
        rf"(?:为|是)?:?(?:每日|每天)?(?P<h_a>{_TIME})(?:-|至|到)(?P<h_n>次日)?(?P<h_b>{_TIME})(?:收费|止)?"
        rf"(?:\({_TIME}(?:-|至|到)(?:次日)?{_TIME}(?:为)?(?:免费|不收费)(?:停放)?(?:时间段)?\))?",
    ),
    (
        "hourslabel",
        r"(?:收费时间|收费时段|计费时段|计费时间|收费时限|收费管理时段|计时收费时段|临时占道停车计费时段)(?:为|是)?:?(?:每日|每天)?(?=[^\d]{0,12}\d\d:\d\d)",
    ),
    (
        "daytype",
        r"(?P<dt>非工作日|工作日|(?:机关)?上班日|双休日(?:及|和|、)(?:国家)?(?:法定)?节假日|双休(?:日)?|周末|(?:国家)?(?:法定)?节假日|周一至周五|星期一至星期五|"
        # Saturday named apart from Sunday: 星期一至六 (priced with the weekdays), 星期日及公众假期, 周六、日及国定假日
        r"(?:周|星期)一(?:至|到)(?:周|星期)六|"
        r"(?:周|星期)六(?:、|和|至|及|/)(?:周|星期)?[日天](?:(?:及|和|、|暨|/)?(?:国定|公众|国家)?(?:法定)?例?节?假(?:日|期))?|"
        r"(?:周|星期)[日天](?:及|和|、|暨|/)(?:国定|公众|国家)?(?:法定)?例?节?假(?:日|期)|(?:周|星期)[六日天](?![至到])|"
        r"国定例?假日|其他时段/周末|周六日|平日|(?<![节定])例?假日)(?:或特定公告日)?(?:期间)?(?:收费标准|收费)?",
    ),
    (
        "capscope",
        r"(?:车辆)?(?:起止时间)?(?:连续)?(?:累加)?(?:停放|停车)?(?:时间)?(?:不超过|未超过|在)?(?P<cs>24小时|1天|全天|每天|每日)(?:内|以内)?"
        r"(?:连续)?(?:停放|停车)?(?=,|$|按|每车|最高)",
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
        rf"(?:每天|每日|每24小时|包天|全天)(?:收费|收取)?:?(?P<dy>{_NUM})元(?!/|封顶)|(?P<dy2>{_NUM})元/(?:天|日|24小时)(?!封顶|内|以内)",
    ),
    (
        "nightly",
        rf"(?:每晚|每夜|包夜|过夜|夜间包夜)(?:收费|收取|费)?:?(?P<ni>{_NUM})元|(?P<ni2>{_NUM})元(?:/|每)(?:晚|夜)",
    ),
    (
        "cap",
        rf"(?:每车)?(?:连续)?(?:停放|停车)?(?P<c_scope>24小时|\d+小时|1个(?:计费)?周期|每个(?:计费)?周期|1天|1日|全天|每日|每天|当日|当天|每车每天|每车每日|每个计费时段|每计费时段|单个计费时段|每个收费时段|每次|单次|每晚|每夜|{_BAND_NAMES})?(?:内|累计|停车|停放|收费|收取|连续停放|连续停车|的|每车|停车费|每晚|每夜)*(?:最高|封顶|上限|限价|限额|不超过|不得超过|不高于|最多)(?:收费|收取|限价|限额|不超过|不得超过|不高于|为|是|价|额|按|标准|上限|停车费)*:?(?P<c_p>{_NUM})元(?:封顶)?(?:/(?P<c_per>24小时|天|日|次))?",
    ),
    ("capwithin", rf"(?P<cw_p>{_NUM})元/(?P<cw_per>24小时|天|日)(?:内|以内)"),
    (
        "capafter",
        rf"(?P<ca_scope>24小时|1天|1日|全天|每日|每天|当日|当天|{_BAND_NAMES})?(?:内|累计|收费)?(?P<ca_p>{_NUM})元(?:/(?P<ca_per>24小时|天|日))?封顶",
    ),
    (
        "band",
        rf"(?P<b_name>{_BAND_NAMES}|凌晨|全天|第\d时段)?(?P<b_free>免费时段|免费时间)?(?:时段|收费时段|时间|停车|停放|收费)?:?(?:每天|每日)?\(?(?P<b_a>{_TIME})(?:-|至|到)(?P<b_n>次日|翌日|夜间|凌晨)?(?P<b_b>{_TIME})\)?(?:时段|期间|之间|内)?(?P<b_name2>{_BAND_NAMES})?:?",
    ),
    (
        "pass",
        rf"(?P<p_kind>{PASS_WORDS})(?:车辆|停车|用户)?(?:收费|价格|费用|标准)?(?:为|:)?(?:每(?:辆|车|月|年|季))?(?:(?P<p_price>{_NUM})元)?(?:/(?:辆)?(?:·)?(?P<p_per>月|年|季|半年))?",
    ),
    ("passafter", rf"(?P<pa_price>{_NUM})元/(?:辆)?(?P<pa_per>月|年|季|半年)"),
    ("halfunit", r"(?:收费标准)?相应(?:减半|按比例)"),
    (
        "discount",
        r"(?P<d_half>减半|半价)(?:收费|收取|计费)?|(?P<d_pct>\d+(?:\.\d+)?)折(?:收费|优惠|计费)?|(?:优惠|下浮|减免)(?P<d_off>\d+)%",
    ),
    ("timeafter", rf"时间为(?P<ta_s>{_TIME})(?:-|至|到)(?P<ta_e>{_TIME})"),
    ("refabove", r"按(?:上述|以上|前述)(?:收费)?标准(?:的)?(?P<ra_f>\d+(?:\.\d+)?)倍(?:收费|收取|计费|执行)?"),
    (
        "ref",
        rf"(?:按|参照|按照)(?P<ref_v>{_VEHICLE_ALT})(?:的)?(?:收费|计费)?(?:标准)?(?:的)?(?:(?P<ref_f>{_NUM})倍)?(?:收费|执行|计费|收取)?",
    ),
    ("visitmark", r"按次(?:收费|计费|计收)?|计次收费|计次"),
    (
        "visitmax",
        rf"(?:(?:每次|单次|1次)(?:最长|最多|限停|停放|停车|可停|不超过|限时|时长|为)+|(?:停车|停放)时间为)(?P<vm>{_NUM}(?:小时|分钟))(?:以内|内)?(?![^,;]*?(?:免|不收))|(?P<vm2>{_NUM}(?:小时|分钟))(?:以内|内)?(?:按|为|算|计)1次(?:计|收费|计费|计算)?",
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
        rf"{_PRE}(?:不超过|不满|未超过|未满|不足)?(?P<wf_d>{_NUM}(?:小时|分钟)){_INCL}?(?:{_WITHIN})?{_INCL}?(?:的)?(?:车辆)?(?:收费|收取|计费|按)?(?P<wf_p>{_NUM})元(?!/)",
    ),
    (
        "after",
        rf"(?:(?:超过|超出|满|大于)(?P<af_a>{_NUM}(?:小时|分钟))(?:后|以后|之后|以上|的部分|部分)?|(?P<af_first>首)?(?P<af_b>{_NUM}(?:小时|分钟))(?:后|以后|之后|以上)(?:的部分|部分)?|(?:之后|以后|此后|其后|然后|后续|续停|超出部分|超过部分|超时部分|其余时间|超出时间|以上|其后每))(?:的)?(?:停车|停放)?(?:,)?(?:每(?:增加|超过|延长|续停|超出)?|按每|按)?(?P<af_u>{_NUM}(?:小时|分钟))?(?:收费|加收|收取|计费|递增)?(?P<af_p>{_NUM})元(?:/(?P<af_u2>{_NUM}(?:小时|分钟)))?",
    ),
    (
        "unit",
        rf"每(?:增加|超过|延长|续停|超出)?(?P<un_u>{_NUM}(?:小时|分钟))(?:收费|收取|计费|加收)?(?P<un_p>{_NUM})元|(?P<un_p2>{_NUM})元/(?P<un_u2>{_NUM}(?:小时|分钟))|(?P<un_p3>{_NUM})元每(?P<un_u3>{_NUM}(?:小时|分钟))",
    ),
    ("afterhead", rf"(?:超过|超出)(?P<ah>{_NUM}(?:小时|分钟))(?:后|以后|之后)?(?:的)?(?=,|$|{_BAND_NAMES}|\()"),
    (
        "rangehead",
        rf"{_PRE}(?:超过|超出|满|大于)?(?P<rh_a>{_NUM})(?P<rh_au>小时|分钟)?(?:以上)?{_CONN}(?P<rh_b>{_NUM}(?:小时|分钟))"
        rf"(?:以内|之内|内)?(?:的)?(?:部分)?(?:\([^()]*\))?(?=:|,|$)",
    ),
    (
        "unithead",
        rf"(?:(?:超过|超出)(?P<uh_a>{_NUM}(?:小时|分钟))(?:后|以后|之后)?(?:的)?,?)?(?P<uh_then>之后|以后|此后)?"
        rf"每(?:增加|超过)?(?P<uh_u>{_NUM}(?:小时|分钟))"
        rf"(?:\([^()]*\))?(?=$|,?(?:{_VEHICLE_START}))",
    ),
    ("withinhead", rf"{_PRE}(?P<wh>{_NUM}(?:小时|分钟))(?:以内|之内|内)(?:的)?(?=$|,?(?:{_VEHICLE_START}))"),
    # 连续停放4小时以内的按1次收费 / 超过4小时的按天(停放24小时)计收: a visit price up to a length, a day price after
    (
        "visitwithin",
        r"(?:连续)?(?:停放|停车)(?:时间)?(?P<vw>\d+(?:小时|分钟))(?:以内|之内|内)的?,?按1?次(?:收费|计收|计费)",
    ),
    ("byday", r"(?:超过|超出)(?P<bd>\d+(?:小时|分钟))的?,?按[天日](?:\((?:停放)?24小时\))?(?:计收|计费|收费)"),
    ("within", rf"\(?(?:停车|停放)?(?:不超过|最长)?(?P<wi>{_NUM}(?:小时|分钟))(?:以内|之内|内)\)?"),
    (
        "vdef",
        rf"(?:超过)?\d+座(?:及|、|或)?(?:\d+(?:\.\d+)?吨)?(?:以下|以上)?(?:的)?(?:为|是)(?:{_VEHICLE_ALT})|"
        rf"(?<![\u4e00-\u9fff])(?P<vd_v>{_VEHICLE_ALT}):?(?:是指|指|是|即|包括)[^,;]*",
    ),
    (
        "allvehicles",
        r"燃油车辆|燃油车|(?:所有|全部|各类|各种)(?:车辆|车型|机动车)|(?<![型])机动车(?:辆)?(?!停车场)|不分车型|一律|"
        # 汽车 beside 摩托车/机车 (cars as against motorcycles): every car class
        r"(?<![\u4e00-\u9fff])汽车(?=:|每|首|\d|收费|停车|停放|按)",
    ),
    ("seats", _SEATS),
    ("tons", _TONS),
    # a bracket after the class is its definition (小型车(小轿车、15座以下的面包车、…、三轮摩托车)): a long one
    # holds no price, clock or clause break
    ("vehicle", rf"(?P<veh>{_VEHICLE_ALT})(?P<vq>\([^()]{{0,20}}\)|\([^()元:;,]{{21,80}}\))?"),
    ("bandname", rf"(?P<bn>{_BAND_NAMES})(?:时段|时间)?"),
    ("price", rf"(?:加收)?(?P<pr>{_NUM})元(?![/\d])"),
    ("freeword", r"免费(?:停放|停车)?|不收费|免收"),
    (
        "zone",
        rf"(?P<zn>(?:{ZONE_WORD})(?:\([^()]{{0,16}}\))?)(?:内|的)?(?:公共停车场|停车场|路内停车泊位|路内泊位|路段|区域)?",
    ),
    (
        "filler",
        r"公共停车场|路内停车泊位|路内泊位|露天|其他时间免费|其余时间免费|不分时段|不分白天(?:、|和)?夜间|不分昼夜|依旧|均|"
        r"(?:全天|全日)?实行计时收费|"
        r"(?:实行|执行)政府(?:定价|指导价)(?:管理)?(?:的停车场)?|"
        r"(?:依据|根据|按照)[^,;]*?(?:文件|号文|通知|规定|批复)(?:精神)?(?:执行)?|[((]?\d{4}[))]\d+号|"
        r"\((?:短时停车|临时停车|计时停车|计时收费|计次收费)\)|(?:实行)?(?:白天、夜间|昼夜|日夜)?(?:分段|分时段|分时)(?:计费|收费)|每车位|车位|即停即走(?:车辆)?|临时(?:停车|停放)?|(?:停车|停放)?(?:收费|计费)(?:标准|方式|规则|办法|项目|说明)?|停车场|停车费|路内|路外|泊位|咪表|计时|按时|元/小时|标准|[((]\d+[))]|\d+[.、]|说明|备注|注:|其中|以上|以下|执行|实行|价格|费率(?:为|是)?:?|(?:自)?\d+年\d+月\d+日(?:零时|0时)?起?(?:实施|施行|执行)[^,;]*",
    ),
)

_MASTER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))
# words that make leftover text bear on the price (a leftover without any is a note: a title, a place)
_RE_PRICE_SIGNAL = re.compile(
    r"\d|元|免|费|收|计|价|封顶|最高|上限|限额|超|不足|以内|以上|以下|倍|折|减|优惠|累|重新|按|标准|占用|车位|泊位|"
    r"时段|白天|夜间|次|小时|分钟|天|晚|夜|月|年|每|首|起|后|内|座|吨|工作日|节假日|假日|双休|周末|周[一二三四五六日]|星期|季"
)


@dataclass(frozen=True)
class Phrase:
    """A tariff phrase found in a clause: its kind (first, unit, cap, band …) and the match."""

    kind: str
    match: re.Match[str]

    @property
    def text(self) -> str:
        return self.match.group(0)


_RE_CAP_LABEL = re.compile(
    r"^(?:\d+[.、]|\(\d+\))?(?P<lab>(?P<day>单日|每日|每天|日)?封顶(?:价格?|收费|金额)?|24小时封顶|最高收费(?:金额|限额)?|"
    r"收费上限|收费最高限额|最高限价|限价|限额):(?P<rest>[^:]+)$"
)
_RE_CAP_REST = re.compile(
    rf"(?P<scope>每车每天|每车每日|每日|每天|当日|当天|全天|1天|1日|日|天|每24小时|24小时|每次|单次)?"
    rf"(?:内|累计|收费|最高|为|停车|停放|连续停放)*(?P<p>{_NUM})元(?:/(?:辆|车)?·?(?P<per>24小时|天|日|次|1小时|\d+分钟|\d+小时))?"
)
_RE_CAP_RATE = re.compile(rf"每(?P<per>1小时|\d+分钟)(?:收费)?(?P<p>{_NUM})元")
_CAP_SCOPES = {"每次": "每次", "单次": "每次", "次": "每次", "24小时": "24小时", "每24小时": "24小时"}


def cap_label_said(clause: str) -> str:
    """A cap stated under a label (`限价:每日20元`, `封顶:24小时20元`, `最高收费:20元/天`) said as the cap it is
    (`每日最高20元`); a label over a rate (`最高收费:2元/1小时`) is a ceiling per hour, over vehicles' prices
    (`最高收费:小型车30元`) the heading that waits for them. Anything else is left as written."""
    m = _RE_CAP_LABEL.match(clause)
    if m is None:
        return clause
    rest = m.group("rest").strip()
    if _RE_VEHICLE_WORD.search(rest):
        return f"最高收费标准:{rest}"
    rate = _RE_CAP_RATE.fullmatch(rest)
    said = _RE_CAP_REST.fullmatch(rest)
    if rate is not None:
        return f"每{rate.group('per')}最高{rate.group('p')}元"
    if said is None:
        return clause
    per = said.group("per") or ""
    if per == "1小时" or per.endswith("分钟"):
        return f"每{per}最高{said.group('p')}元"  # a ceiling per hour, not a cap over the stay
    scope = "24小时" if m.group("lab").startswith("24小时") else "每日" if m.group("day") else ""
    for word in (said.group("scope") or "", per):
        if word:
            scope = scope or _CAP_SCOPES.get(word, word if word.endswith("小时") else "每日")
    if scope == "每次":
        return f"最高{said.group('p')}元/次"  # a cap on each visit where a price is timed (每次最高 is a visit's price)
    return f"{scope}最高{said.group('p')}元" if scope else f"最高收费{said.group('p')}元"


@lru_cache(maxsize=32768)
def _clause_facts(clause: str) -> tuple[str, tuple[bool, bool, bool] | None, bool, bool] | None:
    """What a clause's text alone says (cached per clause): None for a board field that is not tariff text;
    else the clause without its label, the exemption signs (None when it cannot be an exemption), whether
    it is a rule with no vehicle and no price of its own, and whether the text between its phrases bears
    on the price."""
    if _RE_NOT_TARIFF.match(clause):
        return None
    clause = _RE_LABEL.sub("", cap_label_said(clause), count=1)
    if not clause:
        return None
    exempt = None
    if not _RE_AMOUNT.search(clause) and _EXEMPT_KEYS.search(clause):
        exempt = (
            bool(_RE_EXEMPT_FREE.search(clause)),
            bool(_RE_EXEMPT_LIST.search(clause)),
            bool(_RE_DIGIT.search(clause)),
        )
    plain_rule = not (_RE_VEHICLE_WORD.search(clause) or _RE_TIER_WORD.search(clause) or _RE_AMOUNT.search(clause))
    gaps = "".join(parse_clause(clause)[1])
    return clause, exempt, plain_rule, bool(gaps) and _meaningful_rest(gaps)


def _meaningful_rest(rest: str) -> bool:
    """Whether text no phrase covers bears on the price (two Chinese characters or a digit, and a price word)."""
    return bool(_RE_HAS_CJK.search(_RE_MEANINGFUL_STRIP.sub("", rest)) and _RE_PRICE_SIGNAL.search(rest))


def _ordinal_after(match: re.Match[str]) -> str:
    """第4小时起 → 超过3小时; 第2个30分钟起 → 超过30分钟."""
    n = int(match.group("n"))
    unit = match.group("u") or "小时"
    amount, word = (1, "小时") if unit == "小时" else (int(unit[:-2]), "分钟")
    return f"超过{(n - 1) * amount}{word}"


def _ordinal_hour(match: re.Match[str]) -> str:
    """第2小时 (before its price) → 超过1小时每1小时: that hour's rate, held until the next hour's rate is said
    (the last one said holds for the hours after it: 第3小时6元 with no 第4小时 is not a schedule that repeats)."""
    return f"超过{int(match.group('n')) - 1}小时每1小时"


def _ordinal_range(match: re.Match[str]) -> str:
    """第2小时、第3小时1元/1小时 → 超过1小时至3小时1元/1小时."""
    return f"超过{int(match.group('a')) - 1}小时至{match.group('b')}小时"


def _vehicle_pair(match: re.Match[str]) -> str:
    """小、中型车 → 小型车、中型车; 大、小车 → 大车、小车; 中小型车辆 → 小型车辆、中型车辆."""
    a, b, kind, noun = match.group("a"), match.group("b"), match.group("k") or "", match.group("n")
    return f"{a}{kind}{noun}、{b}{kind}{noun}"


# Clause canonicalisation: one wording for the many ways a clause says the same thing, so the phrase
# patterns stay few. Each rule: (pattern, replacement, substrings one of which must be present).
_CANON = RewriteRules(
    (
        # 计费时段:夏季(5月1日至9月30日)07:30-21:00: the season first, then the charging hours it holds for
        (
            r"^((?:收费|计费)时[段间]:?)((?:夏季|冬季|旺季|淡季|春季|秋季)?\(\d{1,2}月\d{1,2}日(?:-|至|到)\d{1,2}月\d{1,2}日\))",
            r"\2\1",
            ("月",),
        ),
        # 每天8:00至20:00收费 (a clause of its own): the charging hours, not a band that the class price fills
        # while the rest of the day takes it too (其余时间免费 said beside it was lost that way)
        (
            r"^(?:每天|每日)?(\d\d:\d\d(?:-|至|到)(?:次日)?\d\d:\d\d)(?:收费|计费)$",
            r"收费时间\1",
            ("收费", "计费"),
        ),
        # inclusive marks say nothing at a minute's precision: (含20分钟) (含本数) (不含) (包括1小时)
        (
            r"\((?:不)?(?:含|包括|包含)(?:不足|不满)?(?:本数|首?\d+(?:\.\d+)?(?:小时|分钟|座|吨)|首?1小时)?\)|(?:\(|,)?含本数\)?",
            "",
            ("含", "包括"),
        ),
        # vehicle definitions in brackets: 小车(指额定载重2吨以下(含2吨)…的机动车) → 小车
        (
            r"(?<=车)\((?:指|是指|即|含|包括)[^()]*(?:\([^()]*\)[^()]*)*\)",
            "",
            ("(指", "(是指", "(即", "(含", "(包括"),
        ),
        # a price in brackets: 1小时以内(2.5元) → 1小时以内2.5元
        (r"\((\d+(?:\.\d+)?元)\)", r"\1", ("元)",)),
        (
            r"(?P<a>[大中小微])、(?P<b>[大中小微])(?P<k>型)?(?P<n>客货车|客车|货车|汽车|车辆|机动车|车)",
            _vehicle_pair,
            ("、",),
        ),
        (r"(?<![大])中小型(车辆|车|汽车|客车)", r"小型\1、中型\1", ("中小型",)),
        (r"小型客、货车", "小型客货车", ("客、货",)),
        (r"大型客、货车", "大型客货车", ("客、货",)),
        # 第1小时 → 首1小时; 第4小时起 → 超过3小时; 第2小时、第3小时 → 超过1小时至3小时
        (r"第(?P<a>\d+)小时、第(?P<b>\d+)小时", _ordinal_range, ("第",)),
        (r"(?:自|从)?第(?P<n>\d+)个?(?P<u>\d+分钟|小时)?(?:起|开始|及以后|及之后|以后)", _ordinal_after, ("第",)),
        # 第2小时4元 (a rate for one hour of the stay, progressive tariffs): 超过1小时每1小时4元
        (r"第(?P<n>[2-9]|1\d)小时(?:收费|收取|计费|为)?(?=\d+(?:\.\d+)?元(?![/\d]))", _ordinal_hour, ("第",)),
        (r"第1个?(?=\d+分钟)|第(?=1小时)|前(?=\d+(?:\.\d+)?(?:小时|分钟)每)", "首", ("第1", "前")),
        (r"首次计费每(?=\d)", "首", ("首次",)),
        (r"首(\d+(?:\.\d+)?(?:小时|分钟))每1小时(\d+(?:\.\d+)?元)(?=$|,)", r"首\1\2", ("首",)),
        (r"起价(\d+(?:\.\d+)?元)/(\d+(?:\.\d+)?(?:小时|分钟))", r"首\2\1", ("起价",)),
        (r"(\d+(?:\.\d+)?元)/首(\d+(?:\.\d+)?(?:小时|分钟))", r"首\2\1", ("/首",)),
        (r"至首(?=\d)", "至", ("至首",)),
        (r"首个(?=\d)", "首", ("首个",)),
        (r"首次(?=\d+(?:\.\d+)?(?:小时|分钟)后)", "首", ("首次",)),
        (r"增收|(?<![加增])加(?=\d+(?:\.\d+)?元)", "加收", ("增收", "加")),
        (r"(?P<d>\d+(?:\.\d+)?(?:小时|分钟))(?:以内|之内|内)(?P<p>\d+(?:\.\d+)?元)/(?P=d)", r"首\g<d>\g<p>", ("/",)),
        (r"^(?:停车)?1小时(\d+(?:\.\d+)?元)$", r"每1小时\1", ("1小时",)),
        (r"^(?:1天)?24小时(?:收费)?(\d+(?:\.\d+)?元)$", r"24小时最高\1", ("24小时",)),
        (r"(?<=车)最高(?=\d)|(?<=每\d\d分钟)最高(?=\d)|(?<=每\d分钟)最高(?=\d)|(?<=每1小时)最高(?=\d)", "", ("最高",)),
        (r"(不得超过|不超过)每(?:车)?次(?=\d)", r"\1", ("每",)),
        (r"每天每次(?=车辆|停放|停车)", "", ("每天每次",)),
        (
            rf"按(?P<v>{VEHICLE_ALT})(?:的)?(?P<n>\d+)%(?:收费|计费|收取)?",
            lambda m: f"按{m.group('v')}标准的{int(m.group('n')) / 100:g}倍",
            ("%",),
        ),
        (r"昼夜停放|昼夜停车|标准计费$", "", ("昼夜", "标准计费")),
        (r"(\d+(?:\.\d+)?(?:小时|分钟))以外", r"超过\1", ("以外",)),
        (r"首(\d+(?:\.\d+)?(?:小时|分钟))外", r"超过\1", ("外",)),
        (r"\(按\d+(?:\.\d+)?(?:小时|分钟)(?:计费|计算|计)\)", "", ("(按",)),
        (r"由(?:现行|原)?(?:标准)?[^,;]*?调整为", "", ("调整为",)),
        # a price stated as a change: 由6元降低至4元 / 从6元下调到4元 → 4元 (the new price holds)
        (
            r"(?:由|从)(?:现行|原)?(?:标准)?(每\d+(?:\.\d+)?(?:小时|分钟))?(?:收费)?\d+(?:\.\d+)?元(?:/\d+(?:\.\d+)?(?:小时|分钟))?"
            r"(?:降低|下调|调低|调减|降|减少|减|提高|上调|调高|上涨|涨|增加|调整)(?:为|至|到)(?=[^,;]{0,8}?\d+(?:\.\d+)?元)",
            r"\1",
            ("由", "从"),
        ),
        # a stay step said as a range with 之间: 1小时至3小时之间6元 → 1小时至3小时6元
        (r"(?<=小时|分钟)之间(?=(?:的)?(?:收费|收取|计费|按|为)?\d+(?:\.\d+)?元)", "", ("之间",)),
        # 首1小时或不足1小时为3元 / 每小时或不足1小时: the period says its own partial unit again
        (
            r"(\d+(?:\.\d+)?(?:小时|分钟))(?:或|及|和|、)(?:不足|不满|未满)\1(?:的)?",
            r"\1",
            ("或不足", "或不满", "或未满"),
        ),
        (r"不作调整|仍执行|仍按", "", ("不作", "仍")),
        # 以占用2个车位计 / 按占用两个小车位计费: twice the small car's price
        (
            r"(?:按|以)(?:其)?(?:实际)?占用(\d)个(?:小车位|小型车位|车位|泊位|停车位)(?:计费|计算|收费|计)?",
            r"按小型车标准的\1倍",
            ("占用",),
        ),
        # 采计次费率,每次20元 / 采计时费率,每小时50元 (Taiwan): the way of charging, said again by the price
        (r"采(?:用)?(?:计次|计时)(?:费率|收费)?(?:标准)?", "", ("采",)),
        # 实际停车尾数时间不超过15分钟的,不计停车尾数时间: the tail rule (尾数不超过15分钟的不计)
        (r"(?:实际)?(?:停车|停放)?尾数时间", "尾数", ("尾数时间",)),
        (r"(?<=的),?不计(?:停车|停放)?尾数$", "不计", ("不计",)),
        # 每增加3小时将加收5元 / 每增加3小时费用增加5元: an increment
        (r"将(?=加收)|(?<=小时)费用增加(?=\d)", "加收", ("将加收", "费用增加")),
        (r"加收加收", "加收", ("加收加收",)),
        # 超过2小时但不满3小时,收取3元: a step
        (r"(?<=小时)但(?=不满|不足|未满)", "", ("但",)),
        # 白天和夜间的时段划分:白天时段为07:00至19:00: the heading goes, the band keeps its times
        (r"(?:白天|日间|夜间)和(?:白天|日间|夜间)的?时段划分:?", "", ("划分",)),
        (r"(?<=时段)为(?=\d)", "", ("时段为",)),
        # 时租每小时收费:每日20元 (Hong Kong listing): the hourly rate
        (r"^(?:时租)?每(\d+(?:\.\d+)?(?:小时|分钟))收费:(?:每日)?(\d+(?:\.\d+)?元)$", r"\2/\1", ("收费:",)),
        # 每12小时之最高收费100元 (Hong Kong): the window's maximum
        (r"每(\d+小时)之?(?=最高|封顶)", r"\1", ("最高", "封顶")),
        # 夜间…小型车优惠每小时10元: a concession rate is the band's price (优惠1元, a sum off, is not this)
        (r"优惠(?:价|费率)?(?=每\d)", "", ("优惠",)),
        # 按小、中型机动车收费标准的2倍: the class referred to is the first named (the priced small cars)
        (rf"(?<=按)({VEHICLE_ALT})、(?:{VEHICLE_ALT})(?=(?:的)?(?:收费|计费)?标准)", r"\1", ("、",)),
        (r"(?:上述标准)?首\d+(?:\.\d+)?(?:小时|分钟)(?=不足)|以后(?=不足)", "", ("不足",)),
        (r"(?<=的):", "", (":",)),
        (r"(上限|最高|封顶)(?:为)?每(?:车)?次(?=\d)", r"\1", ("每",)),
        (r"(?<=\d元)计收$", "", ("计收",)),
        (r"按每|按照每", "每", ("按每", "按照每")),
        (r"(?<=元)标准计时收费$", "", ("标准计时",)),
        (r"超过(\d+(?:\.\d+)?(?:小时|分钟))且(?=\d+(?:\.\d+)?(?:小时|分钟)(?:以内|之内|内))", r"超过\1至", ("且",)),
        # 6元/1小时,每超过30分钟加收2元: the first hour, then each half hour
        (
            r"(?<![\d.])(\d+(?:\.\d+)?元)/1小时(?=,?每超过|,?每超|,?超过1小时|,?1小时(?:后|以后))",
            r"首1小时\1,",
            ("/1小时",),
        ),
        (r"(?<=后)每(?:超过|超)(?=\d)", "每", ("每超",)),
        (r"每(?:超过|超)(\d+(?:\.\d+)?(?:小时|分钟))(?:后|以后)?(?=加收|收费|\d)", r"续停每\1", ("每超",)),
        (r"(?<=\d)(元/\d+(?:\.\d+)?(?:小时|分钟))(\([^()]*\))?加收", r"\1\2", ("加收",)),
        (r"加价|增加(?=\d+(?:\.\d+)?元)", "加收", ("加价", "增加")),
        # 超过8小时不满12小时的按累计收费6元计收 → 超过8小时不满12小时6元
        (r"的?按(?:累计)?(?:收费)?(\d+(?:\.\d+)?元)(?:计收|收取|计费|收费)?(?=$|,)", r"\1", ("累计", "计收", "按")),
        # 计次收费每次(12小时为限)15元 → 每次15元,每次最长12小时
        (r"每次\((\d+(?:\.\d+)?小时)为限\)(\d+(?:\.\d+)?元)", r"每次\2,每次最长\1", ("为限",)),
        (r"(?:每天|每日|全天|1天)\(24小时(?:以内|内)?\)", "24小时", ("(24小时",)),
        (r"\(含\d+(?:\.\d+)?元\)", "", ("(含",)),
        (r"不超(?!过)", "不超过", ("不超",)),
        (r"不限时(?=\d)", "每次", ("不限时",)),
        (r"下同", "", ("下同",)),
        # 大型车辆加倍计收 (Taiwan): large vehicles pay twice the small vehicles' price
        (r"(大型车辆|大型车|大车)加倍(?:计收|收费|计费|收取)?", r"\1按小型车标准的2倍", ("加倍",)),
        # 停放服务收费标准为小车收费标准的2倍 → 按小车标准的2倍
        (
            rf"(?:收费标准|标准)?为(?P<v>{VEHICLE_ALT})(?:的)?(?:收费)?标准的(?P<f>\d+(?:\.\d+)?)倍",
            r"按\g<v>标准的\g<f>倍",
            ("倍",),
        ),
        (r"收费标准为|标准为", "", ("标准为",)),
        # per vehicle / per space words before a price: 每辆车收费5元, 每泊位3元, 每车每1小时 → 5元, 每1小时
        (r"每(?:个)?(?:标准)?(?:辆车|辆|车位|泊位|台)(?=收费|收取|\d|首|每|第|停车|停放)", "", ("每",)),
        (r"每车(?=收费|收取|\d|首|每(?!次)|第)", "", ("每车",)),
        # the verbs before a price: 收3元, 收费为5元, 按5元/1小时的标准收费 → 3元, 5元, 5元/1小时
        (r"(?<=[\dA-Za-z])(?:为|是)(?=\d+(?:\.\d+)?元)", ":", ("为", "是")),  # T1航站楼P6为30元/天
        (
            r"(?:收费标准|标准)?(?:为|是)?(?<!加)(?:收费|收取|计收|计费|收)(?:为|是|按)?(?=\d+(?:\.\d+)?元)|(?:为|是)(?=\d+(?:\.\d+)?元)",
            "",
            ("收", "为", "是"),
        ),
        (r"按(?:照)?(?=\d+(?:\.\d+)?元)", "", ("按",)),
        (rf"按(?=(?:{VEHICLE_ALT})(?:不超过|最高))", "", ("按",)),
        (r"(?<=内):(?=免费|免收|不收)", "", (":",)),
        (
            rf"(?:停放时间)?(?:不超过)?(?P<d1>\d+(?:分钟|小时))(?:的)?(?P<v1>{VEHICLE_ALT}|燃油车辆|燃油车)、(?:不超过)?(?P<d2>\d+(?:分钟|小时))"
            rf"(?:的)?(?P<v2>{VEHICLE_ALT})(?:以内|内)?(?:的)?(?P<f>{_FREE})",
            r"\g<v1>\g<d1>以内\g<f>、\g<v2>\g<d2>以内\g<f>",
            ("、",),
        ),
        (
            rf"(?P<v1>{VEHICLE_ALT})(?P<d1>\d+(?:分钟|小时))、(?P<v2>{VEHICLE_ALT})(?P<d2>\d+(?:分钟|小时))(?:以内|内)(?:的)?(?P<f>{_FREE})",
            r"\g<v1>\g<d1>以内\g<f>、\g<v2>\g<d2>以内\g<f>",
            ("、",),
        ),
        (r"不分时段", "", ("不分时段",)),
        (r"过夜(?=\(|每次|停车每|收费\d)", "夜间", ("过夜",)),
        (r"同(?:一|1)?辆?车(?:辆)?", "", ("同",)),
        (r"首停(?=\d)", "首", ("首停",)),
        (
            r"(?:(?<=\d小时)|(?<=\d分钟)|(?<=\d元)|(?<=/次)|(?<=\d天))的?(?:标准)?(?:收费|收取|计费|计收)(?=$|,|\()",
            "",
            ("收", "计"),
        ),
    )
)
# a per-visit ending after a duration is only the period's price: 1小时以内收费2元/辆·次 = the first hour
_RE_VISIT_AFTER_DURATION = re.compile(
    r"(?<=\d)(?:小时|分钟)(?![^,]*?每次(?:最长|最多|限|为|停放|不超过))[^,]*?(?:元/次|每次)"
)


_RE_VISIT_MARK = re.compile(r"(?<=\d)元/次|每次(?=(?:收费|收取)?\d)")


_RE_PAREN_ROUND = re.compile(r"\((不足[^()]*)\)(?=.)")


@lru_cache(maxsize=32768)
def canonical_clause(clause: str) -> str:
    """One wording per meaning (the start of the clause grammar): inclusive marks and vehicle definitions
    dropped, 小、中型车 → 小型车、中型车, 第4小时起 → 超过3小时, price verbs and per-vehicle words dropped, and
    a per-visit ending after a duration taken as the period's price."""
    clause = _CANON.apply(clause)
    moved = _RE_PAREN_ROUND.search(clause) if "不足" in clause else None
    if moved:  # 1小时以内(不足1小时按1小时计算)收费8元 → 1小时以内收费8元(…): the price beside its period
        clause = clause[: moved.start()] + clause[moved.end() :] + moved.group(0)
    if "次" in clause and _RE_VISIT_AFTER_DURATION.search(clause):
        clause = _RE_VISIT_MARK.sub(lambda m: "元" if "元" in m.group(0) else "", clause)
    return clause


@lru_cache(maxsize=32768)
def parse_clause(clause: str) -> tuple[tuple[Phrase, ...], tuple[str, ...]]:
    """The third layer: the tariff phrases of one normalised clause (canonicalised first), left to right,
    and the pieces of text between them that no phrase covers."""
    clause = canonical_clause(clause)
    phrases: list[Phrase] = []
    gaps: list[str] = []
    position = 0
    for match in _MASTER.finditer(clause):
        if match.start() > position:
            gaps.append(clause[position : match.start()])
        position = match.end()
        phrases.append(Phrase(match.lastgroup or "", match))
    if position < len(clause):
        gaps.append(clause[position:])
    return tuple(phrases), tuple(gaps)


_RE_SENTENCES = re.compile(r"[;。\n!?]+")
_RE_CLAUSES = re.compile(r"[,]+")
# "超过2小时的，每增加1小时加收1元": a condition and its price belong to one clause
_RE_JOIN = re.compile(
    r"(?<=[的后上分时内])[,](?=每|按每|按|加收|收费|收取|续停|超过部分|超出部分|免收|免费|不收|不得收|不计|则|不享受|\d+(?:\.\d+)?元)"
    r"|(?<=[)])[,](?=免收|免费|不收|不计)|(?<=钟)[,](?=按\d|免收|免费|不收)"
    r"|(?<=[钟时]者)[,](?=以\d)"  # 未满30分钟者,以30分钟计算 (Taiwan): the condition and its rounding
)
_RE_MEANINGFUL_STRIP = re.compile(
    r"[\s,.:;()/\-、+*=\"'<>《》]|提供|享受|给予|均|收费|计费|收取|停车|停放|车辆|临时|标准|按|为|元|每|辆|其中|执行|均|实行|价格|费用|计|进行|期间|的|和|及|或|与|在|内|以上|以下|以内|时段|时间|即|可|则|后|凡|对|凭|全部|所有|机动车|车型|类型|场内|本场|本停车场|停车场|收费员|请|谢谢|合作|管理|服务|单位|项目|方式|规定|如下|下列|分别|为准|一律|统一"
)
# board field labels in front of tariff parts ("免费时段：30分钟内免费"): dropped, the value is read
_RE_LABEL = re.compile(
    r"^(?:\d+[.、]|\(\d+\))?(?:临时停车)?(?:收费标准|停车收费标准|收费价格|价格标准|计费标准|免费时段|免费时间|免费时长|免费停车时间|计费规则|"
    r"计费方式|计费办法|收费方式|收费办法|最高收费|收费上限|封顶价格?|最高限价|收费项目|服务项目|备注|说明|注|"
    r"(?:白天与夜间|昼夜)?时段划分|优惠政策|优惠措施|减免政策|免费车辆|免费对象|减免车辆|免收车辆|免费停放车辆|"
    r"收费政策|具体标准|基础收费|阶梯加价|单日封顶|计时收费标准|计次收费标准|临时停车收费标准|收费明细)[:]"
)
# other board fields (operator, pricing form, hotline …) are not tariff text: skipped, never "unread"
_RE_NOT_TARIFF = re.compile(
    r"^(?:停车场名称|停车场|名称|收费单位|经营单位|管理单位|经营者|运营单位|统一社会信用代码|信用代码|定价形式|价格形式|收费性质|价格类型|"
    r"收费依据|批准文号|批准机关|文号|有效期至?|有效期限|泊位数?|车位数?|泊位总数|举报电话|投诉电话|监督电话|价格举报电话|投诉举报电话|"
    r"价格监督电话|监制单位|监制|地址|所属区域|咨询电话|联系电话|服务电话)[:]"
)
_RE_VEHICLE_WORD = re.compile(rf"{_VEHICLE_ALT}|\d+座")
_RE_TIER_WORD = re.compile(
    r"每\d|首\d|元/\d|以后|之后|此后|(?<![不未])超过|(?<![不未])超出|\d-\d|至\d|按次|每次|元/次|按.{0,6}标准|减半|折|倍"
)
_RE_AMOUNT = re.compile(r"\d+(?:\.\d+)?元")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_RE_BAND_NAME = re.compile(_BAND_NAMES)
_RE_EXEMPT_FREE = re.compile(r"免|不收|不计费|以下车辆|下列车辆")
_RE_EXEMPT_LIST = re.compile(r"以下|下列|如下")
_RE_DIGIT = re.compile(r"\d")
_RE_SAID_BEFORE = re.compile(r"上述|以上|前述|标准|规定")
_RE_HOURS = re.compile(r"(\d+)小时")
_RE_HOUR_SAID = re.compile(r"第(\d+)小时(?:收费|收取|计费|为)?(?=\d)")  # 第3小时6元: one hour's rate
_RE_ROUNDING_SAID = re.compile(r"不足(\d+(?:\.\d+)?(?:小时|分钟))")
_RE_HAS_CJK = re.compile(r"[\u4e00-\u9fff]{2,}|\d")


_RE_DURATION = re.compile(rf"({_NUM})(小时|分钟|天)")
# a rate stated only as a ceiling (每小时最高2元, 最高不超过2元/小时): the lot may charge less; an hour or less,
# not 每24小时最高45元 (a cap)
_RATE_UNIT = r"(?:1小时|[1-9]\d?分钟)"
_CEILING = r"(?:最高|不超过|不高于|不得超过|上限)"
_RE_RATE_CEILING = re.compile(
    rf"每{_RATE_UNIT}(?:收费|停车费)?(?:标准)?{_CEILING}+(?:为|收费|收取)?{_NUM}元(?!/)|"
    rf"{_CEILING}+(?:为|收费|收取|标准|停车费)*(?:每{_RATE_UNIT}{_NUM}元|{_NUM}元/{_RATE_UNIT})"
)


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
    visit_fate: int | None = None  # the clause that gave the visit price
    fates: set[int] = field(default_factory=set)  # the clauses that gave these prices
    current: int = -1  # the clause being read (set by the reader)
    after_start: int | None = None  # 超过1小时后每小时5元 said first: the start it gave (a free period may follow)
    hour_said_last: bool = False  # the last tier is one hour's rate (第3小时6元) held for the hours after it

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
        self.fates.add(self.current)
        if unit is not None and unit <= 0:
            return "计费单位的时长不合理，未使用"  # 每0分钟1元
        if start is None:
            start = self.prev_end()
            last = self.tiers[-1] if self.tiers else None
            if start is None and last is not None and (last.unit, last.price) == (unit, price):
                return None  # 每半小时2元，每超半小时加收2元: the same unit, said again
            if start is None:
                return "连续两个计时单价没有写明分界，第二个未使用"
        else:
            self.close_open(start)
            last = self.tiers[-1] if self.tiers else None
            # a step before the last one's start (8小时以上… said before 1至4小时…): not placed by guess
            if last is not None and ((last.end is not None and last.end > start) or last.start >= start):
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

    def total_at(self, minute: int) -> Decimal:
        """What the tiers charge for a stay of `minute` minutes (every started unit whole)."""
        total = Decimal(0)
        for t in self.tiers:
            if t.start >= minute:
                break
            stop = minute if t.end is None else min(minute, t.end)
            total += t.price if t.unit is None else t.price * (-(-(stop - t.start) // t.unit))
        return total

    def add_bracket(self, start: int, end: int, total: Decimal) -> str | None:
        before = self.bracket_total if all(t.unit is None for t in self.tiers) else self.total_at(start)
        increment = total - before
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
    days: tuple[str, ...] = ()
    fate: int | None = None  # the clause that named the band
    tiers: _Tiers = field(default_factory=_Tiers)
    cap: Decimal | None = None
    free: bool = False


@dataclass
class _ClassBuild:
    vehicle: str
    label: str = ""
    # caps said under a day type (日泊:115元(星期一至五每12小时之最高收费)): days → [(window, cap), 24 h cap]
    day_caps: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
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
    cycle: int | None = None  # 超过24小时重新计费
    hours_days: list[tuple[time, time, tuple[str, ...]]] = field(default_factory=list)  # 工作日07:30-20:00
    hours_seasons: list[tuple[time, time, tuple[str, str]]] = field(default_factory=list)  # 夏季(5月1日至…)7:30-21:00
    bands_from: int | None = None  # 超过2小时后白天…夜间…: the bands price the stay after this
    unit_cap: int | None = None  # 24小时内按不超过6个计费单位收费: the 24 h cap is the first 6 units' price
    billed_cap: int | None = None  # 超过8小时至24小时内按8小时计: the 24 h cap is what 8 hours cost
    billed_window: int = 1440  # the window of that cap (超过6小时不超过12小时按6小时: 12 hours)
    billed_band: str | None = None  # 全天24小时的按白天相应收费标准10小时收费: whose hours (白天)
    cap_later_day: Decimal | None = None  # 第2个24小时收费额不超过40元
    cap_third_day: Decimal | None = None  # 第3个24小时起每24小时收费额均不超过50元
    cap_third_day_from: int | None = None  # 第4个24小时起…: the 24 h window cap_third_day starts at (3 unless said)
    cumulative: bool | None = None  # True: 累计计费 said; False: a restart said
    rounding_said: bool = False  # 不足1个计费单位按1个计费单位计: the default, but said
    entry_band: bool = False  # 跨时段按进场时段费率计费
    entry_within: int | None = None  # 跨时段停放不足1小时的按分界点前的标准: the entry band's rule up to this length
    cross_said: bool = False  # 跨时段按各时段标准累计收费: the default, but said
    visit_within: int | None = None  # 4小时以内的按1次收费,超过4小时的按天计收: the visit price's longest stay
    day_price: Decimal | None = None  # 每次5元、每天8元 after such a switch: the day price
    midnight: bool = False  # 每日零时为计费基准点: billing starts again at every midnight
    cap_window: tuple[int, Decimal] | None = None  # 12小时最高限价6元: (window minutes, cap)
    window_midnight: bool = False  # 至同日午夜十二时止: the cap's window also ends at midnight

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


_RE_ZONE_WORD = re.compile(rf"(?:{ZONE_WORD})(?:\([^()]{{0,16}}\))?")
_RE_ZONE_PLACE = re.compile(ZONE_PLACE)
_RE_ZONE_NOT = re.compile(
    r"收费标准|计费标准|标准|如下|说明|备注|注意|时段|时间|划分|免费|收费方式|计费方式|封顶|加价|基础收费|车型划分|对象|"
    r"指导价|价格|通知|公告|规定|政策|批复|文件|实行|执行|期间|\d+月\d+日"
)


_NOT_ZONES = frozenset({"停车场", "公共停车场", "路内", "路外", "道路", "泊位", "车位", "停车位"})


def _zone_heading(text: str, heading_only: bool) -> str | None:
    """The zone a line's heading names (一类区域:, A级区域小车:, T1航站楼P5临时停车场:, 露天停车场小车…,
    四环内设置的普通停车场,), or None. `text` is the heading (the line's text before its first colon or
    comma, or before its first vehicle word)."""
    name = text.strip(" :")
    if not name or "元" in name or len(name) > 80 or _RE_PRICED.search(name) or name in _NOT_ZONES:
        return None
    if _RE_ZONE_WORD.match(name):
        return name
    if _RE_ZONE_NOT.search(name) or _RE_VEHICLE_WORD.match(name) or _RE_BAND_NAME.match(name):
        return None
    if _RE_ZONE_PLACE.search(name):
        return name
    return None


_RE_HEAD_COLON = re.compile(r"^((?:[^:\d]|\d(?!:\d))+?):")
_RE_PRICED = re.compile(r"\d+(?:\.\d+)?(?:元|小时|分钟|天)|\d\d:\d\d|免费|不收费|免收")


def _split_heading(text: str) -> tuple[str, str]:
    """A line's heading and the rest: the text before its first colon (一类区域:…); the whole first clause
    when it holds no price (四环内设置的普通停车场,…); else the text before its first vehicle word
    (露天停车场小车2元/1小时, P2小型客、货车…). ("", text) when there is none."""
    match = _RE_HEAD_COLON.match(text)
    if match:
        vehicle = _RE_VEHICLE_WORD.search(match.group(1))
        if vehicle and vehicle.start() > 0:  # A级区域小车:… → the zone, then the vehicle heading
            return text[: vehicle.start()], text[vehicle.start() :]
        return match.group(1), text[match.end() :]
    if not _RE_PRICED.search(text):
        return text, ""
    vehicle = _RE_VEHICLE_WORD.search(text)
    if vehicle and vehicle.start() > 0:
        return text[: vehicle.start()], text[vehicle.start() :]
    return "", text


_RE_DAYS_APART = re.compile(
    r"(?P<monsat>一(?:至|到)(?:周|星期)六)|(?P<satsun>(?:周|星期)六.)|(?P<sun>(?:周|星期)[日天])|(?P<sat>(?:周|星期)六)"
)


def _days_named_apart(word: str) -> tuple[str, ...]:
    """The day types of a calendar word that names Saturday or Sunday apart (星期一至六 → weekday and
    saturday; 星期日及公众假期 → sunday and holiday; 周六、日及国定假日 → weekend and holiday; 国定假日 →
    holiday); () for the other words."""
    if word.startswith("国定"):
        return ("holiday",)
    if word.startswith("其他时段/周末"):  # the listing's second column: weekends and public holidays
        return ("weekend", "holiday")
    m = _RE_DAYS_APART.match(word) or _RE_DAYS_APART.search(word)
    if m is None or (m.group("monsat") and not word.startswith(("周一", "星期一"))):
        return ()
    holiday = ("holiday",) if "假" in word else ()
    if m.group("monsat"):
        return ("weekday", "saturday")
    if m.group("satsun"):
        return ("weekend", *holiday)
    return ("sunday", *holiday) if m.group("sun") else ("saturday",)


DAY_ORDER = DAY_TYPES
# phrases that head what follows rather than price it (a vehicle line made only of them is a heading)
_HEAD_KINDS = frozenset(
    {"vehicle", "vdef", "seats", "tons", "filler", "zone", "allvehicles", "band", "bandname", "daytype", "hourslabel"}
)
# rules that may hold for every vehicle (not a price of the vehicle's own chain)
_GENERAL_KINDS = frozenset(
    {
        "free",
        "freefirst",
        "freefor",
        "freeword",
        "grace",
        "round",
        "roundgrace",
        "roundunit",
        "halfunit",
        "tail",
        "deduct",
        "nodeduct",
        "cap",
        "capwithin",
        "capafter",
        "capwindow",
        "caphead",
        "unitcap",
        "billedcap",
        "billedband",
        "nocap",
        "restart",
        "cumulative",
        "cycle",
        "midnight",
        "windowend",
        "crossband",
        "entryband",
        "entrywithin",
        "hours",
    }
)
# the phrases of a line that only times the bands (白天7:00-22:00;夜间22:00-次日7:00;不足1小时按1小时计)
_BAND_DEFINITION_KINDS = frozenset(
    {"band", "bandname", "filler", "round", "roundunit", "roundgrace", "grace", "crossband"}
)


class _Reader:
    def __init__(self) -> None:
        self.classes: dict[tuple[str, str], _ClassBuild] = {}
        self.order: list[tuple[str, str]] = []
        self.zone = ""  # the zone being read ("" = every zone); nested zones are "outer/inner"
        self.line_zone = ""  # the zone of the line being read
        self.sticky_zone = ""  # the zone of a heading line, for the lines under it
        self.zones_line = -1  # the line whose zones `zones_by_outer` lists
        self.zones_by_outer: dict[str, set[str]] = {}  # the zones named in that line, by the zone around them
        self.zone_names: dict[str, str] = {}  # zone key → the zone's name as written (the longest)
        self.passes: list[Pass] = []
        self.exemptions: list[str] = []
        self.unread: list[str] = []
        self.fates: list[ClauseFate] = []
        self.line_no = -1
        self.line_kinds: set[str] = set()  # the kinds of phrase read in the current line
        self.line_bands: set[str] = set()  # the bands the current line named
        self.line_vehicle = False  # whether the current line named a vehicle
        self.hours_line = -2  # the line a 收费时间: label opened (its time ranges are charging hours)
        self.season: tuple[str, str] | None = None  # 夏季(5月1日至9月30日): the sentence's season
        self.season_fates: list[int] = []  # the clauses that gave hours by season
        # a condition waiting for the vehicles' prices: 停放2小时以上-4小时以内:小型车5元,大型车15元
        self.pending: tuple[str, int | None, int] | None = None
        self.pending_end: int | None = None
        self.pending_fate: int | None = None  # the clause that said a pending unit (unread if never priced)
        self.free_for: int | None = None  # 免费停车30分钟 said in this line
        self.cap_scope: str | None = None  # 24小时内连续停放,按小型车不超过20元
        self.day_types: tuple[str, ...] = ()  # 工作日 / 非工作日 …: the days what follows holds on
        self.day_name = ""
        self.band_days: dict[str, tuple[str, ...]] = {}  # a band named under a day type (双休日白天) → its days
        self.sentence_vehicles: list[str] = []
        self.clause_failed = False
        self.clause_text = ""
        self.warnings: list[str] = []
        self.assumptions: list[str] = []
        self.ceilings: list[str] = []
        self.vehicle = ALL_VEHICLES
        self.band: str | None = None
        self.bands_in_sentence: set[str] = set()
        self.band_outer = False  # 白天: 小型车…, 大型车…; 夜间: … (bands head the vehicles)
        self.band_sticky = False  # a band heading on its own line holds until the next band heading
        self.day_sticky = False  # so does a day-type heading on its own line (工作日:, 假日收费:)
        # a line opened by days named apart (星期一至六07:00-22:00 $35;22:00-07:00 $24) holds them to its end
        self.day_line = False
        self.band_times: dict[str, tuple[time, time | None]] = {}
        # (zone, vehicle) → (the class it shares prices with, label): 小型车、大型车每小时2元
        self.aliases: dict[tuple[str, str], tuple[str, str]] = {}
        self.pending_pass: str | None = None
        self.in_exemptions = False
        self.read_anything = False
        self.last_kind = ""
        self.cross_fate: int | None = None  # 若跨优惠时段 said, waiting for how such a stay is billed
        self.visit_day_fates: list[int] = []  # the clauses of a visit price that becomes a day price
        self.visit_day_used = False  # whether a class priced its stays by them
        # line scope: the vehicle of the last line that named a vehicle and priced it on that line, the
        # vehicle a line naming none carries from it, and the general rules read so (zone, vehicle, clause)
        self.own_line_vehicle: str | None = None
        self.carried: str | None = None
        self.clause_kinds: set[str] = set()
        self.carried_rules: list[tuple[str, str, str]] = []
        self.scope_doubts: list[str] = []

    # -- state -----------------------------------------------------------------------------
    def cls(self, vehicle: str | None = None) -> _ClassBuild:
        key = (self.zone, vehicle or self.vehicle)
        found = self.classes.get(key)
        if found is None:
            found = self.classes[key] = _ClassBuild(vehicle=key[1])
            self.order.append(key)
        return found

    def vehicles_in_zone(self) -> list[str]:
        return [v for z, v in self.order if z == self.zone and v != ALL_VEHICLES]

    # -- zones -----------------------------------------------------------------------------
    def zone_key(self, name: str, outer: str) -> str:
        """The key of a zone named `name` inside `outer` (A区 and A级区域 are one zone: "A")."""
        designator = zone_designator(name)
        key = f"#{designator}" if designator else name
        key = f"{outer}/{key}" if outer and outer != key else key
        outer_name = self.zone_names.get(outer, "") if outer else ""
        full = f"{outer_name}{name}" if outer_name and not name.startswith(outer_name) else name
        if len(full) > len(self.zone_names.get(key, "")):
            self.zone_names[key] = full
        return key

    def set_zone(self, key: str) -> None:
        if key != self.zone:
            self.zone = key
            self.vehicle = ALL_VEHICLES
            self.band = None

    def start_line(self, clause: Clause, text: str) -> str:
        """A line begins: find its zone (a heading line's zone holds for the lines under it). Returns the
        clause text without the zone heading."""
        if clause.heading:
            name = _zone_heading(text, True)
            if (
                name is None
                and clause.marker.startswith("(")
                and len(text) <= 12
                and not _RE_ZONE_NOT.search(text)
                and not _RE_VEHICLE_WORD.search(text)
                and "按" not in text
            ):
                name = text.strip(" :") or None  # (一)临时停放收费: a section of its own
            if name is not None:
                self.sticky_zone = self.zone_key(name, "")
                self.line_zone = self.sticky_zone
                self.set_zone(self.line_zone)
                return ""
            if clause.marker and not _RE_VEHICLE_WORD.search(text):
                self.sticky_zone = ""  # (二)临时停车收费标准: a new section with no zone of its own
        head, rest = _split_heading(canonical_clause(text))
        name = _zone_heading(head, False) if head else None
        if name is not None:
            top = zone_designator(name) is not None or _RE_ZONE_WORD.match(name) is not None
            if top and not clause.marker:
                self.sticky_zone = ""  # 二类区域停车场:… after (1)(2) under 一类区域停车场: a section of its own
            outer = "" if top else self.sticky_zone
            self.line_zone = self.zone_key(name, outer)
            self.zone_named(outer, self.line_zone)
            self.set_zone(self.line_zone)
            return rest
        self.line_zone = self.sticky_zone
        self.set_zone(self.line_zone)
        return text

    def band_build(self, name: str) -> _BandBuild:
        c = self.cls()
        found = c.bands.get(name)
        if found is None:
            found = c.bands[name] = _BandBuild(name=name, days=self.band_days.get(name, ()), fate=len(self.fates))
        return found

    def tiers(self) -> _Tiers:
        if self.band is None and self.day_types:
            # 工作日,首30分钟3元…;非工作日,首30分钟1.2元…: prices for those days, all day
            b = self.band_build(self.day_name)
            b.start, b.end, b.days = time(0, 0), time(0, 0), self.day_types
            self.band = self.day_name
        tiers = self.band_build(self.band).tiers if self.band is not None else self.cls().tiers
        tiers.current = len(self.fates)
        return tiers

    def has_tiers(self) -> bool:
        """Whether the prices being read (the class's, or its band's) already hold a tier; creates nothing."""
        c = self.classes.get((self.zone, self.vehicle))
        band = self.band if self.band is not None or not self.day_types else self.day_name
        if c is None:
            return False
        store = c.tiers if band is None else (c.bands[band].tiers if band in c.bands else None)
        return store is not None and bool(store.tiers)

    def free_said(self) -> bool:
        """Whether a free period was said for the class being read or for every vehicle (15分钟内免费，之后每小时2元:
        what follows it is after the free period)."""
        found = [self.classes.get((self.zone, v)) for v in (self.vehicle, ALL_VEHICLES)]
        return self.free_for is not None or any(c is not None and c.free_minutes is not None for c in found)

    def set_vehicle(self, vehicle: str, label: str) -> None:
        if self.band is not None and not self.band_outer and vehicle != self.vehicle:
            self.band = None
        self.vehicle = vehicle
        self.line_vehicle = True
        self.sentence_vehicles.append(vehicle)
        c = self.cls(vehicle)
        if not c.label:
            c.label = label
        self.in_exemptions = False

    def set_band(self, name: str, start: time | None, end: time | None) -> None:
        if self.vehicle == ALL_VEHICLES and not self.vehicles_in_zone():
            self.band_outer = True  # bands head the text before any vehicle heading
        elif self.band_outer and self.band is not None:
            self.vehicle = ALL_VEHICLES  # the next band heading of a band-first layout
        name = _BAND_CANON.get(name, name) if name else ""
        if not name:
            name = f"{start:%H:%M}-{end:%H:%M}" if (start is not None and end is not None) else "收费时段"
        name = self._known_band(name)
        if self.day_types:
            name = f"{self.day_name}{name}"
            self.band_days[name] = self.day_types
        b = self.band_build(name)
        if start is not None:
            b.start, b.end = start, end
            self.band_times[name] = (start, end)
        self.band = name
        self.bands_in_sentence.add(name)
        self.line_bands.add(name)

    def _known_band(self, name: str) -> str:
        """夜间 named after an unnamed 19:00-次日08:00 band is that band (and 白天 an unnamed day band)."""
        if name not in ("夜间", "白天"):
            return name
        c = self.cls()
        if name in c.bands:
            return name
        unnamed = [
            n
            for n, b in c.bands.items()
            if b.start is not None
            and b.end is not None
            and n == f"{b.start:%H:%M}-{b.end:%H:%M}"
            and ((b.end <= b.start) == (name == "夜间"))
        ]
        return unnamed[0] if len(unnamed) == 1 else name

    def _unit_billed(self, minutes: int) -> bool:
        """Whether some class of this zone already bills in units (or a first period) of `minutes`."""
        for (zone, _v), c in self.classes.items():
            if zone != self.zone:
                continue
            for tiers in [c.tiers, *(b.tiers for b in c.bands.values())]:
                if any((t.unit or ((t.end or 0) - t.start)) == minutes for t in tiers.tiers):
                    return True
        return False

    def set_visit(self, tiers: _Tiers, value: Decimal) -> None:
        tiers.visit = value
        tiers.fates.add(len(self.fates))
        tiers.visit_fate = len(self.fates)  # the clause being read: unread if the fee cannot use the price

    def set_term(self, c: _ClassBuild, name: str, value: object) -> None:
        """Set one of a class's terms (free minutes, a cap, rounding); a second, different value for the
        same term is not applied (the clause is unread)."""
        old = getattr(c, name)
        if old is not None and old != value:
            self.problem("同一车型的同一条件出现两个不同的值，第二个未使用", self.clause_text)
            return
        setattr(c, name, value)

    def unapplied(self, fate: int | None) -> None:
        """A clause applied while reading whose price the tariff cannot use after all: unread."""
        if fate is not None and fate < len(self.fates) and self.fates[fate].fate != UNREAD:
            text = self.fates[fate].text
            self.fates[fate] = ClauseFate(text, UNREAD)
            self.unread.append(text)

    def problem(self, message: str | None, text: str) -> None:
        """A phrase that could not be applied: warned, and its clause is unread."""
        if message:
            self.warnings.append(f"{message}：{text}")
            self.clause_failed = True

    # -- reading ---------------------------------------------------------------------------
    def read(self, text: str) -> None:
        if "|" in text:
            text = table_rows(text)
        clauses = segment_clauses(unit_heading_applied(stated_crossings(normalize_text(text))))
        sentences: dict[int, str] = {}
        lines: dict[int, str] = {}
        for c in clauses:
            sentences[c.sentence] = sentences.get(c.sentence, "") + "," + c.text
            lines[c.line] = lines.get(c.line, "") + "," + c.text
        current = 0
        for c in clauses:
            text = c.text
            if c.first:
                if self.line_kinds and self.line_kinds <= _BAND_DEFINITION_KINDS and len(self.line_bands) > 1:
                    # 白天7:00-22:00;夜间22:00-次日7:00: a line that only times the bands heads nothing
                    self.band, self.band_sticky, self.band_outer = None, False, False
                self.end_line_scope()
                self.line_kinds, self.line_bands, self.line_vehicle = set(), set(), False
                self.line_no = c.line
                self.day_line = False
                self.close_pending()
                self.pending, self.free_for = None, None
                text = self.start_line(c, text)
                self.start_line_scope(lines[c.line])
            if c.sentence != current:
                current = c.sentence
                self.start_sentence(sentences[current])
            fate = self.read_clause(text) if text.strip(" :") else APPLIED
            carried = self.carried is not None and self.vehicle == self.carried
            if fate == APPLIED and carried and self.clause_kinds & _GENERAL_KINDS:
                self.carried_rules.append((self.zone, self.vehicle, c.text.strip()))
            self.fates.append(ClauseFate(c.text.strip(), fate))
            if fate == UNREAD:
                self.unread.append(c.text.strip())
            elif fate == APPLIED:
                self.note_ceiling(cap_label_said(text), c.text.strip())
        if self.cross_fate is not None:
            self.unapplied(self.cross_fate)  # the text ends on 若跨时段 with no rule after it

    def end_line_scope(self) -> None:
        """A line ends: a line that named a vehicle and priced it there is that vehicle's own line (a line
        that only heads the lines under it, `小型车:`, is not)."""
        if self.line_vehicle:
            own = self.vehicle != ALL_VEHICLES and bool(self.line_kinds - _HEAD_KINDS)
            self.own_line_vehicle = self.vehicle if own else None

    def start_line_scope(self, line: str) -> None:
        """A line naming no vehicle after a vehicle's own line is read as that vehicle's (小型车:首小时5元 /
        以后每小时2元); a general rule in it (a free period, a cap, rounding) may as well be every vehicle's."""
        carried = self.own_line_vehicle == self.vehicle != ALL_VEHICLES and not _RE_VEHICLE_WORD.search(line)
        self.carried = self.vehicle if carried else None

    def doubt_carried_rules(self) -> None:
        """A general rule carried from a vehicle's own line while the zone prices other vehicles too: whose
        it is, the text does not say (a line between two vehicles' lines) — the reading is not complete."""
        for zone, vehicle, text in self.carried_rules:
            others = [v for z, v in self.order if z == zone and v != vehicle]  # every vehicle's prices too
            if any(self.classes[(zone, v)].priced for v in others):
                self.scope_doubts.append(text)
                self.warnings.append(f"不写车型的一行跟在某车型的一行之后，不知是否适用于所有车型：{text}")

    def note_ceiling(self, text: str, said: str) -> None:
        """An applied clause that gives a rate only as its ceiling: read at the ceiling, never complete."""
        if ("最高" in text or "不" in text or "上限" in text) and _RE_RATE_CEILING.search(text):
            self.ceilings.append(said)
            self.warnings.append(f"只给出价格上限，按上限读取 (the rate is a ceiling, read at the ceiling)：{said}")

    def start_sentence(self, sentence: str) -> None:
        self.cap_scope = None
        self.season = None
        if self.day_types and not self.day_sticky and not self.day_line:
            self.day_types, self.day_name = (), ""
            self.band = None
        if self.zone != self.line_zone:
            self.set_zone(self.line_zone)  # a zone named inside a sentence holds to its end
        if not self.band_sticky:
            self.band = None
        if (
            self.vehicle != ALL_VEHICLES
            and len(self.vehicles_in_zone()) >= 2
            and not _RE_VEHICLE_WORD.search(sentence)
            and (not _RE_TIER_WORD.search(sentence) or not _RE_AMOUNT.search(sentence))
        ):
            # "免费时段：30分钟内免费" after the class lines: a rule for every vehicle
            self.vehicle = ALL_VEHICLES
        self.bands_in_sentence = set()
        self.sentence_vehicles = []

    def read_clause(self, clause: str) -> str:
        """Apply one clause; its fate (applied / note / unread)."""
        facts = _clause_facts(clause)
        if facts is None:
            return NOTE  # another board field (收费单位:…) or a bare label
        clause, exempt, plain_rule, gaps_unread = facts
        if exempt is not None and self.is_exemption(exempt):
            self.exemptions.append(clause.strip(" :"))
            self.read_anything = True
            return APPLIED
        phrases, _gaps = parse_clause(clause)
        if plain_rule and len(set(self.sentence_vehicles)) >= 2 and self.vehicle != ALL_VEHICLES:
            self.set_vehicle(ALL_VEHICLES, "")  # 小型车每次10元、大型车每次20元，停车30分钟内免费: for all
        if plain_rule and self.zone and self.zones_line == self.line_no:
            self.rule_for_the_line_s_zones()
        elif (
            ("最高" in clause or "封顶" in clause or "上限" in clause)
            and not _RE_VEHICLE_WORD.search(clause)
            and not _RE_TIER_WORD.search(clause)
        ):
            self.doubt_shared_cap(clause)
        self.clause_failed = False
        self.clause_text = clause
        leftovers: list[str] = []
        kinds: set[str] = set()
        applied = False
        for phrase in phrases:
            kinds.add(phrase.kind)
            try:
                used = getattr(self, f"on_{phrase.kind}")(phrase.match)
            except ValueError:  # matched, but no clock or amount holds it (`28:00`: a digit ran into a time)
                used = False
            if used is False:
                leftovers.append(phrase.text)
                continue
            if phrase.kind not in ("filler", "vdef"):
                self.read_anything = applied = True
                self.last_kind = phrase.kind  # 白天收费标准(08:00-19:00): a filler between leaves the band named
        self.line_kinds |= kinds
        self.clause_kinds = kinds
        if kinds & {"band", "bandname"}:
            self.band_sticky = kinds <= {"band", "bandname", "filler"}
        if "daytype" in kinds:  # a heading only when it ends in a colon (工作日收费标准 alone is a title)
            self.day_sticky = kinds <= {"daytype", "filler"} and self.clause_text.rstrip().endswith(":")
        if self.clause_failed or gaps_unread or (leftovers and _meaningful_rest("".join(leftovers))):
            return UNREAD
        return APPLIED if applied else NOTE

    def is_exemption(self, signs: tuple[bool, bool, bool]) -> bool:
        """`signs` (from `_clause_facts`): a free word, a list heading (以下车辆), a digit — for a clause that
        names exempt vehicles (军车、警车…) and no price."""
        free, listed, digit = signs
        if free:
            self.in_exemptions = listed or self.in_exemptions
            return True
        return self.in_exemptions or not digit

    # -- handlers (return False when the phrase could not be used) --------------------------
    def on_filler(self, m: re.Match[str]) -> bool:
        return True

    def on_zone(self, m: re.Match[str]) -> bool:
        """一类区域3元/1小时; 二类区域2元/1小时: the zone holds to the end of the sentence."""
        name = m.group("zn")
        outer = self.line_zone
        if zone_designator(name) and outer.rsplit("/", 1)[-1].startswith("#"):
            outer = outer.rsplit("/", 1)[0] if "/" in outer else ""  # 一类区域:…;二类区域:…: a sibling
        key = self.zone_key(name, outer)
        self.zone_named(outer, key)
        vehicle = self.vehicle
        self.set_zone(key)
        if self.line_vehicle:
            self.vehicle = vehicle  # 小型机动车,…:一类区域内每1小时3元: the line's vehicle heading still holds
        return True

    def doubt_shared_cap(self, clause: str) -> None:
        """小型车每小时3元，大型车每小时6元，24小时最高收费30元 (or two zones before the cap): the cap may be the
        last one's or every one's — the text does not say. Read as every one's, as a rule with no amount there is,
        and the reading is not complete (before, the large car alone was capped, with confidence)."""
        vehicles = len(set(self.sentence_vehicles)) >= 2 and self.vehicle != ALL_VEHICLES
        zone = self.zone
        if self.zone and self.zones_line == self.line_no:
            self.rule_for_the_line_s_zones()
        if vehicles:
            self.set_vehicle(ALL_VEHICLES, "")
        if vehicles or zone != self.zone:
            self.scope_doubts.append(clause)
            self.warnings.append(
                f"不写车型或区域的封顶跟在两个车型或区域的价格之后，不知是否适用于所有车型或区域：{clause}"
            )

    def zone_named(self, outer: str, key: str) -> None:
        """A zone named in the line being read (for `rule_for_the_line_s_zones`)."""
        if self.zones_line != self.line_no:
            self.zones_line, self.zones_by_outer = self.line_no, {}
        self.zones_by_outer.setdefault(outer, set()).add(key)

    def rule_for_the_line_s_zones(self) -> None:
        """一类区域每小时5元，二类区域每小时3元，15分钟内免费: a rule after two zones of one line holds in both
        (the zone around them), as a rule after two vehicles holds for both; before, the zone read last took it."""
        outer = next((o for o, keys in self.zones_by_outer.items() if self.zone in keys and len(keys) >= 2), None)
        if outer is not None:
            vehicle = self.vehicle
            self.set_zone(outer)
            if self.line_vehicle:
                self.vehicle = vehicle  # a line under a vehicle heading keeps its vehicle

    def on_deduct(self, m: re.Match[str]) -> bool:
        self.cls().free_deducted = True
        return True

    def on_restart(self, m: re.Match[str]) -> bool:
        """超过24小时重新计费 / 超过部分按上述标准重新计算: billing starts again every cycle."""
        said = m.group("rs")
        if said is None and not _RE_SAID_BEFORE.search(m.group(0)):
            return False  # 以工作时间为起止点重新计费: a restart this model does not hold
        c = self.cls()
        if said is None or said == "1个计费周期":
            c.cycle = c.cycle or 1440
        else:
            c.cycle = _minutes(said)
        c.cumulative = False
        return True

    def on_cumulative(self, m: re.Match[str]) -> bool:
        c = self.cls()
        steps = [t for t in c.tiers.tiers if t.unit is None and t.price > 0]
        if len(steps) > 1 and "累计收取" in m.string and _RE_SAID_BEFORE.search(m.group(0)):
            # 1小时内3元;2小时内5元…按上述标准累计收取: the steps' prices may add up (3+5) or be totals; not guessed
            return False
        if c.cumulative is None:
            c.cumulative = True
        return True

    def on_visitwithin(self, m: re.Match[str]) -> bool:
        self.cls().visit_within = _minutes(m.group("vw"))
        self.visit_day_fates.append(len(self.fates))
        return True

    def on_byday(self, m: re.Match[str]) -> bool:
        if self.cls().visit_within != _minutes(m.group("bd")):
            return False  # a day price after a length no visit price was limited to
        self.visit_day_fates.append(len(self.fates))
        return True

    def on_crossband(self, m: re.Match[str]) -> bool:
        self.cross_fate = None
        self.cls().cross_said = True
        return True  # 跨时段按各时段标准累计: how bands are billed anyway

    def on_entrywithin(self, m: re.Match[str]) -> bool:
        """跨时段停放不足1小时的,按时段分界点前的收费标准收取: a short crossing stay at the entry band's rate
        (a stay counts in whole minutes: 不足60分钟 is at most 59); a longer one adds up as usual."""
        self.cross_fate = None
        c = self.cls()
        c.entry_band = True
        c.entry_within = _minutes(m.group("ew")) - (m.group("ew_op") in ("不足", "少于"))
        return True

    def on_entryband(self, m: re.Match[str]) -> bool:
        """跨时段按进场时段费率计费 / 若跨优惠时段,则以前1时段费率标准计算: the whole stay at the entry band's rate."""
        if m.group("eb").startswith("前1") and self.cross_fate is None and "跨" not in m.group(0):
            return False  # 按前1时段标准 with no crossing said: not a rule this reader knows
        self.cross_fate = None
        self.cls().entry_band = True
        return True

    def on_crosshead(self, m: re.Match[str]) -> bool:
        self.cross_fate = len(self.fates)  # 若跨优惠时段: the rule follows (else the clause is unread)
        return True

    def on_midnight(self, m: re.Match[str]) -> bool:
        """每日零时为计费基准点 / 跨日按次重新计费 / 每天24:00后重新计算: billing starts again at midnight."""
        c = self.cls()
        c.midnight = True
        if c.cumulative is None:
            c.cumulative = False
        return True

    def on_windowend(self, m: re.Match[str]) -> bool:
        """由入闸时间起计算至同日午夜十二时止: the window cap just said also ends at midnight."""
        c = self.cls()
        if c.cap_window is None and not any(entry[0] for entry in c.day_caps.values()):
            return False
        c.window_midnight = True
        return True

    def on_nocap(self, m: re.Match[str]) -> bool:
        return True

    def on_cycle(self, m: re.Match[str]) -> bool:
        c = self.cls()
        if m.group("cy") is None:  # 每停放1次为1个计费周期: one stay, no restart
            c.cumulative = True
            return True
        c.cycle = _minutes(m.group("cy"))
        c.cumulative = False
        return True

    def on_unitdef(self, m: re.Match[str]) -> bool:
        """前2小时为1个计费单位 / 以后每1小时为1个计费单位 / 首2小时按12分钟计时收费: the price follows."""
        if m.group("ud_d"):
            self.pending = ("first", 0, _minutes(m.group("ud_d")))
        elif m.group("ud_u"):
            if m.group(0).startswith(("以后", "之后", "此后")) and not self.has_tiers() and not self.free_said():
                return False  # 以后每1小时为1个计费单位 with nothing before it: what it follows is not known
            self.pending = ("unit", None, _minutes(m.group("ud_u")))
        else:
            start = 0 if m.group("ud_fa") else _minutes(m.group("ud_fb"))
            end = _minutes(m.group("ud_fa")) if m.group("ud_fa") else None
            self.pending = ("units", start, _minutes(m.group("ud_fu")))
            self.pending_end = end
        return True

    def on_billedcap(self, m: re.Match[str]) -> bool:
        """超过8小时至24小时内按8小时计: a stay of 8 to 24 hours costs what 8 hours cost."""
        a, b, counted = (_minutes(m.group(g)) for g in ("bc_a", "bc_b", "bc_c"))
        if a != counted:
            return False
        c = self.cls()
        c.billed_cap, c.billed_window = a, b  # 超过6小时不超过12小时一律按6小时: a cap over 12-hour windows
        return True

    def on_billedband(self, m: re.Match[str]) -> bool:
        """停车全天24小时的按白天相应收费标准10小时收费: the 24 h cap is what 10 day-band hours cost."""
        c = self.cls()
        c.billed_cap, c.billed_band = int(m.group("bb_h")) * 60, _BAND_CANON[m.group("bb_band")]
        return True

    def on_capwindow(self, m: re.Match[str]) -> bool:
        """第1个24小时收费额不超过30元，第2个24小时…不超过40元: caps for the first and the later days."""
        n, value, c = int(m.group("cx_n")), _amount(m.group("cx_p")), self.cls()
        if n == 1:
            self.set_term(c, "cap_24h", value)
        elif n == 2 or c.cap_later_day == value:  # a later day that repeats the second day's cap
            self.set_term(c, "cap_later_day", value)
        elif n >= 3 and m.group("cx_from"):
            # 第3个24小时起每24小时…: that day and every later one; the days before it keep the second day's cap
            self.set_term(c, "cap_third_day_from", n)
            self.set_term(c, "cap_third_day", value)
        else:
            return False  # a later day alone (第3个24小时…, no 起): the days after it are not said
        return True

    def on_caphead(self, m: re.Match[str]) -> bool:
        self.pending = ("cap", None, 0)
        return True

    def on_unitcap(self, m: re.Match[str]) -> bool:
        self.cls().unit_cap = int(m.group("uc"))  # 24小时内按不超过6个计费单位收费
        return True

    def on_billedas(self, m: re.Match[str]) -> bool:
        """即停车60分钟至120分钟以内按1小时收费: the free hour is not billed (the example says so)."""
        if m.group("ba_a") is None:
            return True  # 依次类推
        c = self.cls()
        a, b, n = int(m.group("ba_a")), int(m.group("ba_b")), int(m.group("ba_n"))
        free = c.free_minutes if c.free_minutes is not None else self.cls(ALL_VEHICLES).free_minutes
        if free and a == free and b - a == 60:
            c.free_deducted = n == 1
            return True
        return a >= 60 and b - a == 60 and n == b // 60 - (free or 0) // 60

    def on_roundunit(self, m: re.Match[str]) -> bool:
        c = self.cls()
        minutes = m.group("ru_m") or m.group("ru_m2") or m.group("ru_m3") or m.group("ru_m4")
        if m.group("ru_after"):
            # 超过1小时后以30分钟为计费单位: units of 30 minutes after the first hour; their price follows
            self.pending = ("units", _minutes(m.group("ru_after")), _minutes(minutes))
            self.pending_end, self.pending_fate = None, len(self.fates)
            return True
        if minutes:
            self.set_term(c, "rounding", _minutes(minutes))
        c.rounding_said = True
        return True

    def on_halfunit(self, m: re.Match[str]) -> bool:
        """超过1小时后以30分钟为计费单位，收费标准相应减半: the hourly price, halved, per half hour."""
        tiers = self.tiers()
        last = tiers.tiers[-1] if tiers.tiers else None
        if self.pending is None or self.pending[0] != "units" or last is None or last.unit is None:
            return False
        _kind, start, unit = self.pending
        self.pending = None
        price = last.price * unit / last.unit
        if price != money(price):
            return False
        self.problem(tiers.add(start, None, unit, money(price), "unit"), m.group(0))
        return True

    def on_tail(self, m: re.Match[str]) -> bool:
        """尾数不超过15分钟的不计，超过15分钟按一个计费单位计: a last part this short is not billed."""
        if m.group("tl"):
            self.set_term(self.cls(), "grace", _minutes(m.group("tl")))
        return True

    def on_nodeduct(self, m: re.Match[str]) -> bool:
        self.cls().free_deducted = False
        return True

    def on_roundgrace(self, m: re.Match[str]) -> bool:
        c = self.cls()
        over, below, counted = (_minutes(m.group(g)) for g in ("rg_a", "rg_b", "rg_c"))
        tiers = self.tiers().tiers
        if below == counted and tiers and tiers[-1].end == counted and tiers[-1].unit is None:
            return True  # 30分钟后至2小时5元(超过30分钟不足2小时的按2小时计算): the first period, said again
        free = c.free_minutes if c.free_minutes is not None else self.cls(ALL_VEHICLES).free_minutes
        if over == free:
            c.rounding = counted  # 30分钟内免费,超过30分钟不足2小时的按2小时计算: the free period, then units
            return True
        c.grace = over
        c.rounding = counted
        return True

    def on_round(self, m: re.Match[str]) -> bool:
        a, b = _minutes(m.group("r_a")), _minutes(m.group("r_b"))
        if a == b and self.cls().rounding not in (None, a) and self._unit_billed(a):
            self.cls().rounding_said = True  # 余数不足2小时的按2小时计 after 1元/2小时: each unit's own rounding
            return True
        if b < a:
            self.warnings.append(f"取整规则不合理：{m.group(0)}")
            return False
        self.set_term(self.cls(), "rounding", b)
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
        self.set_term(c, "free_minutes", _minutes(m.group("ff")))
        c.free_deducted = True if c.free_deducted is None else c.free_deducted
        return True

    def on_free(self, m: re.Match[str]) -> bool:
        c, minutes = self.cls(), _minutes(m.group("fr"))
        self.set_term(c, "free_minutes", minutes)
        for tiers in [c.tiers, *(b.tiers for b in c.bands.values())]:
            first = tiers.tiers[0] if len(tiers.tiers) == 2 else None
            if tiers.after_start == minutes and first is not None and first.price == 0 and not c.free_deducted:
                # 超过1小时后每小时5元 then 1小时内免费: read as in the other order (billed from entry)
                tiers.tiers = [replace(tiers.tiers[1], start=0)]
        return True

    def on_freefor(self, m: re.Match[str]) -> bool:
        self.set_term(self.cls(), "free_minutes", _minutes(m.group("fd")))
        self.free_for = _minutes(m.group("fd"))  # 免费停车30分钟,之后…: what follows starts after it
        return True

    def add_hours(self, start: time, end: time) -> None:
        c = self.cls()
        if self.season is not None:
            if self.day_types:
                raise ValueError("hours by season and day type")  # not modelled: the clause is unread
            c.hours_seasons.append((start, end, self.season))
            self.season_fates.append(len(self.fates))
        elif self.day_types:
            c.hours_days.append((start, end, self.day_types))
        else:
            c.charging_hours.append((start, end))

    def on_season(self, m: re.Match[str]) -> bool:
        """夏季(5月1日至9月30日): the dates the hours that follow in the sentence hold on."""
        dates = [(int(m.group(f"se_m{i}")), int(m.group(f"se_d{i}"))) for i in (1, 2)]
        if not all(1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1] for month, day in dates):
            return False
        self.season = (f"{dates[0][0]:02d}-{dates[0][1]:02d}", f"{dates[1][0]:02d}-{dates[1][1]:02d}")
        return True

    def on_hours(self, m: re.Match[str]) -> bool:
        self.add_hours(_clock(m.group("h_a")), _clock(m.group("h_b")))
        self.hours_line = self.line_no
        return True

    def on_hourslabel(self, m: re.Match[str]) -> bool:
        self.hours_line = self.line_no  # 收费时间:A区07:30-19:30;B区08:00-19:00
        return True

    def on_daytype(self, m: re.Match[str]) -> bool:
        word = m.group("dt")
        joined = self.last_kind == "daytype" and m.string[: m.start()].endswith(("、", "和", "及"))
        named = _days_named_apart(word)
        if named:
            days: tuple[str, ...] = named
            self.day_line = self.day_line or not self.line_kinds
        elif "非工作日" in word:
            days = ("weekend", "holiday")
        elif "工作日" in word or "周一至周五" in word or "星期一至星期五" in word or word == "平日" or "上班日" in word:
            days = ("weekday",)  # 平日: the weekdays; 机关上班日: the government's working days (Taiwan usage)
        elif word.endswith("假日") and "节" not in word and "法定" not in word:
            days = ("weekend", "holiday")  # 假日/例假日 (Taiwan usage): weekends and holidays
        elif ("节假日" in word) and ("双休" in word or "周" in word):
            days = ("weekend", "holiday")
        elif "节假日" in word:
            days = ("holiday",)
        else:
            days = ("weekend",)
        if joined:  # 双休、工作日夜间: every day type named
            days = tuple(d for d in DAY_ORDER if d in days or d in self.day_types)
            word = f"{self.day_name}、{word}"
        self.day_types, self.day_name = days, word
        self.band = None
        return True

    def on_capscope(self, m: re.Match[str]) -> bool:
        self.cap_scope = "24小时" if m.group("cs") in ("24小时", "1天") else "每日"
        return True

    def on_afterhead(self, m: re.Match[str]) -> bool:
        """超过2小时后,白天…每1小时加收2元;夜间…: the bands price the stay after the first period."""
        self.cls().bands_from = _minutes(m.group("ah"))
        return True

    def on_withinhead(self, m: re.Match[str]) -> bool:
        self.pending = ("bracket", 0, _minutes(m.group("wh")))
        return True

    def on_rangehead(self, m: re.Match[str]) -> bool:
        start, end = self._range_start(m.group("rh_a"), m.group("rh_au"), m.group("rh_b"))
        if end <= start:
            return False
        self.pending = ("bracket", start, end)
        return True

    def on_unithead(self, m: re.Match[str]) -> bool:
        start = _minutes(m.group("uh_a")) if m.group("uh_a") else None
        if start is None and self.pending is not None and self.pending[0] == "bracket":
            start = self.pending[2]  # 30-60分钟,…6元;以后每30分钟,…5元
        elif start is None and self.pending is not None and self.pending[0] == "units":
            start = self.pending[1]  # 超过1小时后以30分钟为计费单位,每30分钟小型车1.5元
        elif start is None and m.group("uh_then") and self.free_for is not None:
            start = self.free_for  # 免费停车30分钟,之后每30分钟小型车2.5元: the units start after the free time
        self.pending = ("unit", start, _minutes(m.group("uh_u")))
        return True

    def close_pending(self) -> None:
        """A line ends: a unit said with no price after it (超过1小时后以30分钟为计费单位) was not applied."""
        if self.pending is not None and self.pending[0] == "units" and self.pending_fate is not None:
            self.unapplied(self.pending_fate)
        self.pending_fate = None
        if self.cross_fate is not None:
            self.unapplied(self.cross_fate)  # 若跨时段 with no rule after it in the line
            self.cross_fate = None

    def apply_pending(self, price: Decimal, text: str) -> bool:
        """A vehicle's price under a condition said before it (a range, or 每30分钟)."""
        if self.pending is None:
            return False
        kind, a, b = self.pending
        tiers = self.tiers()
        if kind == "bracket":
            assert a is not None
            if a == 0 and not tiers.tiers:
                self.problem(tiers.add(0, b, None, price, "flat"), text)  # 30分钟以内,小型车0元
                tiers.bracket_total = price
            else:
                self.problem(tiers.add_bracket(a, b, price), text)
        elif kind == "cap":
            return self._cap(None, None, price)
        elif kind == "first":
            self.problem(tiers.add(0, b, None, price, "flat"), text)
            tiers.bracket_total = price
            self.pending = None
        elif kind == "units":
            self.problem(tiers.add(a, self.pending_end, b, price, "unit"), text)
            self.pending, self.pending_fate = None, None
        else:
            self.problem(tiers.add(a, None, b, price, "unit"), text)
        return True

    def on_price(self, m: re.Match[str]) -> bool:
        return self.apply_pending(_amount(m.group("pr")), m.group(0))

    def on_allday(self, m: re.Match[str]) -> bool:
        return True

    def _cap(self, scope: str | None, per: str | None, value: Decimal) -> bool:
        c = self.cls()
        scope = scope or self.cap_scope or ""
        hours = _RE_HOURS.fullmatch(scope)
        if hours and scope != "24小时":
            # 12小时最高限价18元: a cap over a band no longer than that, else not a cap this model holds
            band = self.band_build(self.band) if self.band is not None else None
            times = (band.start, band.end) if band is not None else (None, None)
            if band is not None and times[0] is None:
                times = self.band_times.get(band.name, (None, None))
            start, end = times
            if band is None or start is None or end is None:
                return self._window_cap(c, int(hours.group(1)) * 60, value)
            length = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % 1440
            if (length or 1440) > int(hours.group(1)) * 60:
                return False
            band.cap = value
            return True
        if per in ("天", "日"):
            scope = "每日"
        elif per == "24小时":
            scope = "24小时"
        if "周期" in scope:
            scope = "24小时"  # 连续停车24小时为一个计费周期，一个周期内最高收费30元
        if scope == "24小时":
            by_day = self._day_cap(c, 1, value)
            if by_day is not None:
                return by_day
            self.set_term(c, "cap_24h", value)
        elif scope in ("1天", "1日", "全天", "每日", "每天", "当日", "当天", "每车每天", "每车每日"):
            self.set_term(c, "cap_day", value)
        elif scope in ("每个计费时段", "每计费时段", "单个计费时段", "每个收费时段"):
            self.set_term(c, "cap_period", value)
        elif scope in _BAND_CANON:
            self.band_build(_BAND_CANON[scope]).cap = value
        elif scope in ("每晚", "每夜"):
            self.band_build(self.band or "夜间").cap = value
        elif (scope in ("每次", "单次") or per == "次") and self.tiers().tiers:
            # 1元/30分钟,最高不超过5元/次: a cap on each visit, of the band or of the stay
            if self.band is not None:
                self.band_build(self.band).cap = value
            else:
                self.set_term(c, "cap_24h", value)
        elif scope in ("每次", "单次") or per == "次":
            self.set_visit(self.tiers(), value)  # 每次最高15元: the price of a visit
        elif self.band is not None and len(self.bands_in_sentence) == 1:
            self.band_build(self.band).cap = value
        else:
            self.set_term(c, "cap_24h", value)
        return True

    def _day_cap(self, c: _ClassBuild, slot: int, value: Any) -> bool | None:
        """A window cap (slot 0) or 24 h cap (slot 1) said under a day type and outside any band but the day
        type's own: a cap of those days only. None when no day type holds here."""
        if not self.day_types or self.band not in (None, self.day_name):
            return None
        entry = c.day_caps.setdefault(self.day_types, [None, None])
        lengths = {e[0][0] for e in c.day_caps.values() if e[0] is not None}
        if entry[slot] not in (None, value) or (slot == 0 and lengths - {value[0]}):
            self.problem("同一车型的同一条件出现两个不同的值，第二个未使用", self.clause_text)
            return False
        entry[slot] = value
        return True

    def _window_cap(self, c: _ClassBuild, minutes: int, value: Decimal) -> bool:
        """12小时最高限价6元 (no band that long): a cap over each 12-hour window from entry."""
        by_day = self._day_cap(c, 0, (minutes, value))
        if by_day is not None:
            return by_day
        if c.cap_window not in (None, (minutes, value)):
            self.problem("同一车型的同一条件出现两个不同的值，第二个未使用", self.clause_text)
            return False
        c.cap_window = (minutes, value)
        return True

    def on_cap(self, m: re.Match[str]) -> bool:
        return self._cap(m.group("c_scope"), m.group("c_per"), _amount(m.group("c_p")))

    def on_capwithin(self, m: re.Match[str]) -> bool:
        return self._cap("24小时" if m.group("cw_per") == "24小时" else "每日", None, _amount(m.group("cw_p")))

    def on_capafter(self, m: re.Match[str]) -> bool:
        return self._cap(m.group("ca_scope"), m.group("ca_per"), _amount(m.group("ca_p")))

    def on_band(self, m: re.Match[str]) -> bool:
        name = m.group("b_name") or m.group("b_name2") or ""
        start, end = _clock(m.group("b_a")), _clock(m.group("b_b"))
        if start == end:
            return True  # 00:00-24:00: all day
        if not name and self.hours_line == self.line_no:
            self.add_hours(start, end)  # 收费时间:一类区域07:00到21:00
            return True
        if not name and self.last_kind in ("hours",):
            return True
        if not name and self.last_kind == "bandname" and self.band is not None:
            name = self.band  # 夜间停车(20:00-08:00): the times of the band just named
        self.set_band(name, start, end)
        if m.group("b_free"):  # 夜间免费时段21:00至次日08:00
            assert self.band is not None
            self.band_build(self.band).free = True
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

    def on_timeafter(self, m: re.Match[str]) -> bool:
        """小型汽车每次3元，时间为8时-23时: the visit price just said holds in those hours (a band)."""
        c = self.cls()
        if c.tiers.visit is None or c.tiers.tiers or self.band is not None:
            return False
        visit, c.tiers.visit = c.tiers.visit, None
        self.set_band("", _clock(m.group("ta_s")), _clock(m.group("ta_e")))
        self.set_visit(self.tiers(), visit)
        self.band = None
        return True

    def on_refabove(self, m: re.Match[str]) -> bool:
        """大型汽车按上述标准两倍收取: the small cars' prices, else the prices said for every vehicle."""
        if self.vehicle == ALL_VEHICLES:
            return False
        target = "small" if (self.zone, "small") in self.classes and self.vehicle != "small" else ALL_VEHICLES
        self.cls().ref = (target, Decimal(m.group("ra_f")))
        return True

    def on_visitmark(self, m: re.Match[str]) -> bool:
        self.cls().visit_mode = True
        return True

    def on_visit(self, m: re.Match[str]) -> bool:
        value = _amount(m.group("v_a") or m.group("v_b") or m.group("v_c"))
        if self.pending is not None and self.pending[0] == "bracket":
            return self.apply_pending(value, m.group(0))  # 停放2小时以上-4小时以内:小型车5元/次
        tiers = self.tiers()
        if tiers.visit is not None and tiers.visit != value:
            self.problem("同一车型出现两个按次价格，第二个未使用", m.group(0))
            return False
        self.set_visit(tiers, value)
        return True

    def on_daily(self, m: re.Match[str]) -> bool:
        tiers = self.tiers()
        if tiers.visit is not None and self.visit_day_fates and self.band is None:
            self.cls().day_price = _amount(m.group("dy") or m.group("dy2"))  # 每次5元、每天8元 after 按次…按天
            self.visit_day_fates.append(len(self.fates))
            return True
        if tiers.visit is not None:
            return False
        self.set_visit(tiers, _amount(m.group("dy") or m.group("dy2")))
        if self.band is None:
            self.cls().visit_max = 1440  # a price per day: each started 24 hours is one visit
        return True

    def on_nightly(self, m: re.Match[str]) -> bool:
        band = self.band
        if band is None:
            self.set_band("夜间", None, None)
        self.set_visit(self.tiers(), _amount(m.group("ni") or m.group("ni2")))
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
        if unit == duration:  # 第一小时6元/小时: the first hour's price
            tiers = self.tiers()
            self.problem(tiers.add(0, duration, None, price, "flat"), m.group(0))
            tiers.bracket_total = price
            return True
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

    def _band_ending_at(self, start: int | None) -> _Tiers | None:
        """小型车:白天首1小时4元,夜间每次12元;超过1小时加收1元: the band whose tiers end where this tier
        starts (the sentence no longer names it)."""
        c = self.cls()
        if self.band is not None or c.tiers.tiers or start is None:
            return None
        found = [b.tiers for b in c.bands.values() if b.tiers.tiers and b.tiers.tiers[-1].end == start]
        return found[0] if len(found) == 1 else None

    def on_after(self, m: re.Match[str]) -> bool:
        start_text = m.group("af_a") or m.group("af_b")
        start = _minutes(start_text) if start_text else None
        unit_text = m.group("af_u") or m.group("af_u2")
        price = _amount(m.group("af_p"))
        tiers = self._band_ending_at(start) or self.tiers()
        if start is None and not tiers.tiers and not self.free_said():
            return False  # 以后每小时5元 with nothing before it in its class: what it follows is not known
        if unit_text is None and "加收" in m.group(0):
            # 超过1小时加收1元(不足1小时按1小时计): each further unit (the clause's rounding, or the first period)
            said = _RE_ROUNDING_SAID.search(self.clause_text)
            last = tiers.tiers[-1] if tiers.tiers else None
            if said:
                unit_text = said.group(1)
            elif last is not None and last.unit is None and last.end is not None and last.end - last.start <= 60:
                unit_text = f"{last.end - last.start}分钟"
            else:
                return False
        if unit_text is None:
            # 超过12小时10元: a price for the rest of the day
            begin = start if start is not None else tiers.prev_end()
            if begin is None:
                return False
            total = price if "加收" not in m.group(0) else tiers.bracket_total + price
            self.problem(tiers.add_bracket(begin, max(1440, begin + 60), total), m.group(0))
            return True
        c = self.cls()
        if (
            start is not None
            and not tiers.tiers
            and start == c.free_minutes
            and not c.free_deducted
            and not m.group("af_first")
        ):
            # 30分钟内免费，超过30分钟的按每小时5元: a longer stay is billed from entry
            start = 0
        elif start is not None and not tiers.tiers and not m.group("af_first"):
            tiers.after_start = start  # the free period, said after this, may make it billed from entry
        self.problem(tiers.add(start, None, _minutes(unit_text), price, "unit"), m.group(0))
        hours = {int(n) for n in _RE_HOUR_SAID.findall(self.clause_text)}
        tiers.hour_said_last = start is not None and start // 60 + 1 in hours and tiers.tiers[-1].end is None
        return True

    def on_unit(self, m: re.Match[str]) -> bool:
        unit = m.group("un_u") or m.group("un_u2") or m.group("un_u3")
        price = m.group("un_p") or m.group("un_p2") or m.group("un_p3")
        if self.pending is not None and self.pending[0] in ("units", "unit") and self.pending[2] == _minutes(unit):
            return self.apply_pending(_amount(price), m.group(0))  # 首2小时按12分钟计时收费,每12分钟1元
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
            self.aliases.setdefault((self.zone, vehicle), (self.vehicle, label))
            return True
        self.set_vehicle(vehicle, label)
        return True

    def on_vdef(self, m: re.Match[str]) -> bool:
        """小型车是指7座以下客车 / 中型车:包括17座至39座客车: a definition (a note); its vehicle heads what
        follows."""
        if m.group("vd_v"):
            self.set_vehicle(_VEHICLE_OF[m.group("vd_v")], m.group("vd_v"))
        return True

    def on_allvehicles(self, m: re.Match[str]) -> bool:
        """机动车/所有车辆…: what follows holds for every vehicle (after classes were named)."""
        if self.vehicle != ALL_VEHICLES and self.last_kind not in ("vehicle", "seats", "tons"):
            band = self.band
            self.set_vehicle(ALL_VEHICLES, "")
            if band is not None:  # 过夜(不分车型)每次10元: the band just named, for every vehicle
                self.band = band
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
        self._merge_lone_place()
        self.doubt_carried_rules()
        made: dict[tuple[str, str], ClassTariff] = {}
        zones = list(dict.fromkeys(["", *(z for z, _ in self.order)]))
        for zone in sorted(zones, key=lambda z: (z.count("/"), z != "")):
            made.update(self._finish_zone(zone, made))
        if not self.visit_day_used:
            for fate in self.visit_day_fates:
                self.unapplied(fate)  # no class has both a visit price and a day price to switch between
        keys = list(dict.fromkeys([*self.order, *self.aliases, *made]))
        classes = [made[k] for k in keys if k in made]
        for made_class in classes:
            if not made_class.has_prices:
                name = made_class.label or VEHICLE_NAMES_ZH.get(made_class.vehicle, made_class.vehicle)
                self.warnings.append(f"{name}：没有读到计费标准")
        if not classes and not self.passes and not self.exemptions:
            return None
        zones = list(dict.fromkeys(c.zone for c in classes if c.zone))
        if len(zones) > 1:
            self.warnings.append(f"收费标准分多个区域（{'、'.join(zones)}），计费时须指定区域")
        return Tariff(classes=tuple(classes), passes=tuple(self.passes), exemptions=tuple(self.exemptions))

    def _merge_lone_place(self) -> None:
        """One place named (机械式停车场,不设首免时间…) and the rest said for every zone: one tariff, not a
        zone — its classes merge into the classes said for every zone."""
        zones = {z for z, _ in self.order if z}
        if len(zones) != 1:
            return
        (zone,) = zones
        if zone.startswith("#") or "/" in zone:
            return
        # a lone place with nothing said for every zone is the lot the text is about (路外停车场(含立体
        # 停车场)小型车…); a lone zone word (一类区域) may be one zone of several and stays a zone
        if not any(z == "" for z, _ in self.order) and _RE_ZONE_WORD.match(zone):
            return
        for vehicle in [v for z, v in self.order if z == zone]:
            lone = self.classes.pop((zone, vehicle))
            general = self.classes.get(("", vehicle))
            self.classes[("", vehicle)] = lone if general is None else _merged(general, lone)
        self.order = list(dict.fromkeys(("", v) for _z, v in self.order))
        self.aliases = {("", v): t for (_z, v), t in self.aliases.items()}

    def _finish_zone(
        self, zone: str, outer_made: dict[tuple[str, str], ClassTariff]
    ) -> dict[tuple[str, str], ClassTariff]:
        """The classes of one zone ("" = every zone), built over what the zones around it say."""
        outer = _ancestors(zone)[1:]
        built = {v: c for (z, v), c in self.classes.items() if z == zone}
        for z in outer:  # 新能源汽车减半 / 大车按小车2倍 said for every zone: in this zone too, on its prices
            for (zz, v), c in self.classes.items():
                if zz == z and v not in built and v != ALL_VEHICLES and not c.priced and not c.always_free:
                    built[v] = c
        if not built:
            return {}
        for v, c in built.items():  # 上述停车场不分地区类型一律…夜间…: bands said for every zone
            for z in outer:
                for o in (self.classes.get((z, v)), self.classes.get((z, ALL_VEHICLES))):
                    if o is not None and o is not c and (c.priced or v == ALL_VEHICLES):
                        for name, band in o.bands.items():
                            if name not in c.bands and (band.tiers.priced or band.free):
                                c.bands[name] = band
        zone_all = built.get(ALL_VEHICLES)
        if zone and zone_all is not None and zone_all.priced:
            for (z, v), o in self.classes.items():
                if z in outer and v != ALL_VEHICLES and v not in built and o.bands and o.priced:
                    # 一类收费,白天…; 夜间收费,小车统一为每4小时2元: the zone's day price, the night said for all
                    built[v] = _ClassBuild(vehicle=v, label=o.label, tiers=zone_all.tiers, bands=dict(zone_all.bands))
                    built[v].bands.update({n: b for n, b in o.bands.items() if n not in zone_all.bands})
        base = built.get(ALL_VEHICLES)
        if base is not None and base.bands:
            for c in built.values():
                if c is not base and c.bands:
                    for name, band in base.bands.items():
                        own = c.bands.get(name)
                        if (own is None or not (own.tiers.priced or own.free)) and (band.tiers.priced or band.free):
                            c.bands[name] = band
        # the prices an unpriced class may take: this zone's, else the zones around it
        lookup = {v: outer_made[(z, v)] for z in reversed(outer) for (zz, v) in list(outer_made) if zz == z}
        made: dict[str, ClassTariff] = {}
        order = sorted(built, key=lambda v: (built[v].ref is not None, built[v].priced is False))
        for vehicle in order:  # classes that refer to others go last
            c = built[vehicle]
            if vehicle == ALL_VEHICLES and len(built) > 1 and not c.priced:
                continue
            if (
                vehicle == ALL_VEHICLES
                and c.bands
                and not c.tiers.priced
                and len(built) > 1
                and all(o.bands for v, o in built.items() if v != ALL_VEHICLES and o.priced)
                and any(o.priced for v, o in built.items() if v != ALL_VEHICLES)
            ):
                continue  # band-first layout: its bands were given to the vehicle classes
            if not self._meaningful(c):
                continue
            chain = [self.classes[(z, vehicle)] for z in outer if (z, vehicle) in self.classes]
            chain += [self.classes[(z, ALL_VEHICLES)] for z in [zone, *outer] if (z, ALL_VEHICLES) in self.classes]
            made[vehicle] = self._class(c, [b for b in chain if b is not c], lookup | made)
        for (z, vehicle), (target, label) in self.aliases.items():
            if z == zone and vehicle not in made and target in made:
                made[vehicle] = replace(made[target], vehicle=vehicle, label=label)
        name = self.zone_names.get(zone, zone)
        return {(zone, v): (replace(c, zone=name) if name else c) for v, c in made.items()}

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
            or c.cycle is not None
            or c.cap_later_day is not None
            or c.cap_third_day is not None
            or bool(c.hours_days)
            or bool(c.hours_seasons)
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
                    self.assumptions.append(
                        f"{name}取其余时段{start:%H:%M}-{end:%H:%M} (the band not timed is the rest of the day)"
                    )
                elif name in _DEFAULT_BAND_TIMES:
                    start, end = _DEFAULT_BAND_TIMES[name]
                    self.warnings.append(f"{name}未写明起止时间，按{start:%H:%M}-{end:%H:%M}计")
                    self.assumptions.append(f"{name}按{start:%H:%M}-{end:%H:%M}计 (band times not given)")
                else:
                    self.warnings.append(f"时段“{name}”没有起止时间，未使用")
                    for fate in b.tiers.fates:
                        self.unapplied(fate)
                    continue
            assert end is not None
            segments = b.tiers.segments()
            cap = b.cap
            if not segments and not b.free and b.tiers.visit is None:
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
            if not segments and not b.free and c.priced and b.fate is not None:
                # a band named with no price and not said free: its clause is not applied, never taken as free
                self.warnings.append(f"时段“{name}”没有读到价格")
                self.unapplied(b.fate)
            bands.append(Band(name=name, start=start, end=end, segments=segments, cap=cap, days=b.days))
        return tuple(bands)

    def _seasons_hold(self, terms: _Terms, segments: tuple[Segment, ...], bands: tuple[Band, ...]) -> _Terms:
        """Charging hours by season hold when the seasons cover the year once each, over one class price with
        no bands or other hours; else their clauses are unread (a season is never taken as all year)."""
        if not terms.hours_seasons or not (segments or bands):
            return terms  # a class with no price of its own (the rules said for every zone) builds no bands
        covered = [s for _a, _b, s in terms.hours_seasons]
        days = [f"{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, _MONTH_DAYS[m - 1] + 1)]
        seasons = {s: Band("", time(0), time(0), season=s) for s in covered}
        once = all(sum(b.in_season(day) for b in seasons.values()) == 1 for day in days)
        if once and segments and not bands and not terms.hours and not terms.hours_days:
            return terms
        self.warnings.append("分季节的收费时段未覆盖全年或与其他时段重叠，未使用")
        for fate in self.season_fates:
            self.unapplied(fate)
        return replace(terms, hours_seasons=())

    def _visit_then_day(
        self, within: int, said: Decimal | None, visit: Decimal | None, terms: _Terms, segments: tuple[Segment, ...]
    ) -> tuple[tuple[Segment, ...], Decimal | None, _Terms]:
        """连续停放4小时以内的按1次收费,超过4小时的按天(停放24小时)计收 with 每次5元、每天8元: a stay up to 4 hours
        costs the visit price, a longer one the day price, every 24 hours (the day price read as a per-day
        amount becomes the price of the rest of the day). `said`: a day price said as one (每天8元), else the
        day's ceiling (每天不超过8元) is the day price."""
        day = said if said is not None else terms.cap_day
        if visit is None or day is None or day <= visit or not 0 < within < 1440:
            return segments, visit, terms
        self.visit_day_used = True
        self.assumptions.append(ASSUME_VISIT_DAY_AGAIN)
        tiers = (Segment(0, within, within, visit, "flat"), Segment(within, 1440, 1440 - within, day - visit, "flat"))
        return tiers, None, terms if said is not None else replace(terms, cap_day=None)

    def _class(self, c: _ClassBuild, inherit: list[_ClassBuild], made: dict[str, ClassTariff]) -> ClassTariff:
        terms = _own_terms(c, inherit)
        segments = c.tiers.segments()
        bands = self._bands(c) if c.bands else ()
        visit = c.tiers.visit
        source = _price_source(c, made)
        multiple = None
        if source is not None:
            copied, factor = source
            segments, bands, visit = _scaled_prices(copied, factor)
            terms = _copied_terms(terms, copied, factor)
            multiple = (c.ref[0], factor) if c.ref is not None and factor != 1 else None
        # 按次…按天 said on the page: rare, so most classes skip the look-up up the inheritance chain
        within = _first(*(b.visit_within for b in [c, *inherit])) if self.visit_day_fates else None
        if within is not None and not segments and not bands:
            segments, visit, terms = self._visit_then_day(within, c.day_price, visit, terms, segments)
        cap_24h = terms.cap_24h
        unit_cap = _first(*(b.unit_cap for b in [c, *inherit]))
        billed_cap = _first(*(b.billed_cap for b in [c, *inherit]))
        if unit_cap is not None and segments and cap_24h is None:
            cap_24h = _units_price(segments, unit_cap)
        window = _first(*(b.cap_window for b in [c, *inherit]))
        day_caps = next((b.day_caps for b in [c, *inherit] if b.day_caps), {})
        billed_band = _first(*(b.billed_band for b in [c, *inherit]))
        priced_by = next((b for b in bands if billed_band is not None and b.name == billed_band), None)
        if billed_cap is not None and priced_by is not None and priced_by.segments and cap_24h is None:
            cap_24h = _price_at(priced_by.segments, billed_cap)  # 按白天相应收费标准10小时收费
        elif billed_cap is not None and segments and not any(b.segments for b in bands):
            billed_window = next(b.billed_window for b in [c, *inherit] if b.billed_cap is not None)
            if billed_window == 1440 and cap_24h is None and not bands:
                cap_24h = _price_at(segments, billed_cap)
            elif billed_window != 1440 and window is None:  # (free bands aside) what the hours cost
                window = (billed_window, _price_at(segments, billed_cap))
        if c.tiers.tiers and c.tiers.tiers[-1].end is None and _covers_every_day(bands):
            # 货车每半小时18元 / 星期一至五每小时24元 / 星期六、日每小时27元 all for 货车: one price is never used
            self.warnings.append("同一车型全天各日都有分时段价格，另一个不分时段的价格从不适用，未使用")
            for fate in sorted(c.tiers.fates):
                self.unapplied(fate)
        if terms.rounding is not None:
            segments = _apply_rounding(segments, terms.rounding)
        deducted = terms.deducted
        free = terms.free
        if deducted and free and any(_free_first(s, free) for s in (segments, *(b.segments for b in bands))):
            # 前30分钟免费，超过30分钟按每小时3元 (or a band's 首小时免费): the tiers already leave it unbilled
            deducted = False
        bands, hours, bands_from = _combine_bands(c, self._seasons_hold(terms, segments, bands), segments, bands)
        if (segments or bands) and visit is not None:
            name = c.label or VEHICLE_NAMES_ZH.get(c.vehicle, c.vehicle)
            # the visit price is data of the tariff (visit_price), not unread; the fee uses the timed price
            self.warnings.append(f"{name}：同时有计时和按次价格，计费按计时，按次价格仅记录")
        from_entry = bool(free) and not deducted
        self.assumptions.extend(_assumptions(c, inherit, terms, segments, bands, from_entry, bool(source)))
        built = ClassTariff(
            vehicle=c.vehicle,
            label=c.label,
            free_minutes=free or 0,
            free_deducted=bool(deducted) and bool(free),
            segments=segments,
            bands=bands,
            charging_hours=hours,
            rounding_minutes=terms.rounding,
            grace_minutes=terms.grace or 0,
            cap_24h=cap_24h,
            cap_day=terms.cap_day,
            cap_period=terms.cap_period,
            visit_price=visit,
            visit_max_minutes=terms.visit_max,
            discount=c.discount,
            always_free=c.always_free,
            cap_later_day=_first(*(b.cap_later_day for b in [c, *inherit])),
            **_third_day_cap([c, *inherit]),
            multiple_of=multiple,
            bands_from=bands_from,
            **_with_day_caps(
                _time_rules([c, *inherit], terms, segments, bands, free if deducted else 0, window),
                day_caps,
                any(b.window_midnight for b in [c, *inherit]),
            ),
        )
        return built if source is None else _source_rules(built, source[0], source[1], [c, *inherit])


def _narrowed_day_bands(
    bands: tuple[Band, ...], hours_days: tuple[tuple[time, time, tuple[str, ...]], ...]
) -> tuple[Band, ...]:
    """A day type's all-day band held within the hours stated for that day type (收费时段为周一至周五08:00至
    18:00,每30分钟10元: the weekday price from 08:00 to 18:00, not all day)."""
    out: list[Band] = []
    for b in bands:
        all_day = b.start == b.end == time(0, 0) and b.days
        spans = [(a, e) for a, e, d in hours_days if expand_days(b.days) <= expand_days(d)] if all_day else []
        if not spans:
            out.append(b)
            continue
        for i, (a, e) in enumerate(spans):
            out.append(Band(b.name if i == 0 else f"{b.name}{i + 1}", a, e, b.segments, b.cap, b.days))
    return tuple(out)


def _combine_bands(
    c: _ClassBuild, terms: _Terms, segments: tuple[Segment, ...], bands: tuple[Band, ...]
) -> tuple[tuple[Band, ...], tuple[tuple[time, time], ...], int | None]:
    """How a class's own price and its bands combine: the bands, the charging hours, and `bands_from`."""
    hours = terms.hours
    if terms.hours_seasons:  # checked (`_seasons_hold`): a class price, no bands, no other hours
        seasonal = tuple(
            Band(f"收费时段{i + 1}", a, b, segments, season=s) for i, (a, b, s) in enumerate(terms.hours_seasons)
        )
        return seasonal, (), None
    if bands and terms.hours_days:
        bands = _narrowed_day_bands(bands, terms.hours_days)
    if segments and not bands and terms.hours_days:
        # 收费时段:工作日07:30-20:00,非工作日10:00-20:00: the class price in each day type's hours
        days_hours = [(a, b, d) for a, b, d in terms.hours_days] + [(a, b, ()) for a, b in hours]
        bands = tuple(Band(f"收费时段{i + 1}", a, b, segments, days=d) for i, (a, b, d) in enumerate(days_hours))
        return bands, (), None
    last_end = segments[-1].end if segments else None
    if segments and bands and last_end is not None and (c.bands_from == last_end or last_end < 1440):
        return bands, hours, last_end  # 2小时内5元，超过2小时后白天每小时2元、夜间每小时1元
    if segments and bands and not all(b.days for b in bands):
        # 每小时2元，22:00至次日7:00免费: the class price holds outside the bands
        bands = bands + tuple(Band("其余时段", a, b, segments) for a, b in _uncovered(bands))
    return bands, hours, None


def _free_first(segments: tuple[Segment, ...], free: int) -> bool:
    """Whether tiers start with a free tier covering the free period (前30分钟免费 as the first tier)."""
    first = segments[0] if segments else None
    return first is not None and first.price == 0 and first.start == 0 and (first.end or 0) >= free


def _time_rules(
    chain: list[_ClassBuild],
    terms: _Terms,
    segments: tuple[Segment, ...],
    bands: tuple[Band, ...],
    begin: int | None,
    window: tuple[int, Decimal] | None,
) -> dict[str, Any]:
    """The class's rules over time (ClassTariff keywords): its restarts — said, or the default after 24 h —
    the entry band's rate for a whole stay, and a cap over a window other than 24 h (`window`)."""
    cycle = terms.cycle
    if cycle is None and _restart_default(chain, terms, segments, bands, begin or 0):
        cycle = 1440
    return {
        "cycle_minutes": cycle,
        "entry_band_rate": bool(bands) and any(b.entry_band for b in chain),
        "entry_band_within": _first(*(b.entry_within for b in chain)) if bands else None,
        "restart_at_midnight": any(b.midnight for b in chain),
        "cap_window": None if window is None else window[1],
        "cap_window_minutes": None if window is None else window[0],
        "cap_window_midnight": window is not None and any(b.window_midnight for b in chain),
    }


def _source_rules(own: ClassTariff, source: ClassTariff, factor: Decimal, chain: list[_ClassBuild]) -> ClassTariff:
    """A class that takes its prices from another (大型车按小型车标准的2倍, new-energy cars as small cars) pays that
    class's fee times the factor: the other class's later-day, 48-hour, window and day-type caps and its rules over
    time hold for it too, where the class states none of its own. (Before session 9 they were dropped: the large
    car of `小型车每小时5元，12小时最高限价20元` / `大型车按小型车标准的2倍` was uncapped, complete.)"""
    changes: dict[str, Any] = {}
    for name in ("cap_later_day", "cap_48h"):
        if getattr(own, name) is None and getattr(source, name) is not None:
            changes[name] = _scale(getattr(source, name), factor)
    if own.cap_third_day is None and source.cap_third_day is not None:
        changes.update(cap_third_day=_scale(source.cap_third_day, factor), cap_third_day_from=source.cap_third_day_from)
    if own.cap_window_minutes is None and not own.day_caps and source.cap_window_minutes is not None:
        changes.update(
            cap_window=_scale_opt(source.cap_window, factor),
            cap_window_minutes=source.cap_window_minutes,
            cap_window_midnight=source.cap_window_midnight,
        )
    if not own.day_caps and own.cap_window_minutes is None and source.day_caps:
        changes["day_caps"] = tuple(
            DayCap(d.days, _scale_opt(d.cap_window, factor), _scale_opt(d.cap_24h, factor)) for d in source.day_caps
        )
    if not _restart_said(chain):
        changes.update(cycle_minutes=source.cycle_minutes, restart_at_midnight=source.restart_at_midnight)
    if not own.entry_band_rate and source.entry_band_rate and own.bands:
        changes.update(entry_band_rate=True, entry_band_within=source.entry_band_within)
    changes = {name: value for name, value in changes.items() if getattr(own, name) != value}
    return replace(own, **changes) if changes else own


def _restart_said(chain: list[_ClassBuild]) -> bool:
    """Whether the class or a class it belongs under says what happens after 24 h or at midnight."""
    return any(b.cycle is not None or b.cumulative is not None or b.midnight for b in chain)


def _third_day_cap(builds: list[_ClassBuild]) -> dict[str, Any]:
    """The later cap and the day it starts at, both from the first build that states the cap."""
    said = next((b for b in builds if b.cap_third_day is not None), None)
    if said is None:
        return {"cap_third_day": None, "cap_third_day_from": None}
    start = said.cap_third_day_from
    return {"cap_third_day": said.cap_third_day, "cap_third_day_from": None if start == 3 else start}


def _with_day_caps(rules: dict[str, Any], said: dict[tuple[str, ...], list[Any]], midnight: bool) -> dict[str, Any]:
    """The class's rules with its caps of some day types (`DayCap`); their window sets the class's window
    length when the class has no window cap of its own (one length for all: another is left out)."""
    if not said:
        return rules
    lengths = {entry[0][0] for entry in said.values() if entry[0] is not None}
    length = rules["cap_window_minutes"] or (min(lengths) if lengths else None)
    caps = tuple(
        DayCap(days, None if w is None or w[0] != length else w[1], day_24h)
        for days, (w, day_24h) in said.items()
        if (w is not None and w[0] == length) or day_24h is not None
    )
    windowed = any(d.cap_window is not None for d in caps)
    return rules | {
        "day_caps": caps,
        "cap_window_minutes": length if windowed or rules["cap_window"] is not None else None,
        "cap_window_midnight": (midnight and windowed) or rules["cap_window_midnight"],
    }


def _restart_default(
    chain: list[_ClassBuild], terms: _Terms, segments: tuple[Segment, ...], bands: tuple[Band, ...], begin: int
) -> bool:
    """Whether the fee rests on the default after 24 h (the text silent on it, and restarting would change
    a fee): billing starts again from the tariff's beginning, as most real notices that say it state."""
    timed = any(s.end is None for s in segments) or any(b.segments for b in bands)
    if not timed or terms.cycle is not None or any(b.cumulative is not None or b.midnight for b in chain):
        return False
    if any(s.start >= 1440 or (s.end or 0) >= 1440 for s in segments + tuple(x for b in bands for x in b.segments)):
        return False  # 首24小时30元,超过24小时后每12小时加收15元: the tiers say what follows the first day
    if not bands and len(segments) == 1:
        only = segments[0]
        # one unit price from entry: a restart at 24 h changes no fee, so the text's silence costs nothing
        return not (only.start == 0 and only.kind == "unit" and 1440 % only.unit == 0 and begin % only.unit == 0)
    return True


# the defaults a reading may rest on (Chinese first, English after)
ASSUME_UNIT_WHOLE = "不足一个计费单位按一个单位计 (partial unit billed as a whole unit)"
ASSUME_FROM_ENTRY = "超过免费时间的停车从入场起计费 (a stay over the free period is billed from entry)"
ASSUME_RESTART = "超过24小时按收费标准重新计费 (after 24 h billing starts again from the tariff's beginning)"
ASSUME_CROSS_ADDS = "跨时段停放按各时段标准分别计费后相加 (a stay crossing bands adds up each band's charges)"
ASSUME_VISIT_DAY_AGAIN = (
    "按次转按天的标准每24小时重新适用 (after 24 h the visit price, then the day price, apply again)"
)
ASSUME_ONE_VISIT = "按次收费不限停放时长，一次停放计一次 (one visit per stay, no length limit)"
ASSUME_LAST_HOUR_HOLDS = (
    "最后写明的第N小时单价按其后各小时继续计 (the rate of the last hour stated holds for the hours after it)"
)


def _assumptions(
    c: _ClassBuild,
    inherit: list[_ClassBuild],
    terms: _Terms,
    segments: tuple[Segment, ...],
    bands: tuple[Band, ...],
    from_entry: bool,
    copied: bool = False,
) -> list[str]:
    """The defaults this class's fee rests on where the text was silent. A class `copied` from another
    (按小型车标准的2倍) follows that class's rules over time and across bands (`_source_rules`), whose own
    reading lists the defaults they rest on."""
    chain = [c, *inherit]
    found = []
    units = [s for s in segments + tuple(x for b in bands for x in b.segments) if s.kind == "unit" and s.unit > 1]
    if units and terms.rounding is None and not terms.grace and not any(b.rounding_said for b in chain):
        found.append(ASSUME_UNIT_WHOLE)
    if from_entry and all(b.free_deducted is None for b in chain):
        found.append(ASSUME_FROM_ENTRY)
    restart = _restart_default(chain, terms, segments, bands, 0 if from_entry else (terms.free or 0))
    if restart and not (copied and not _restart_said(chain)):
        found.append(ASSUME_RESTART)
    if not segments and not bands and c.tiers.visit is not None and terms.visit_max is None:
        found.append(ASSUME_ONE_VISIT)
    if (
        len(bands) > 1
        and sum(bool(b.segments) for b in bands) > 1
        and not any(b.entry_band or b.cross_said for b in chain)
        and not copied
    ):
        found.append(ASSUME_CROSS_ADDS)
    if any(
        t.hour_said_last and t.tiers and t.tiers[-1].end is None
        for t in (c.tiers, *(b.tiers for b in c.bands.values()))
    ):
        found.append(ASSUME_LAST_HOUR_HOLDS)
    return found


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
    cycle: int | None = None
    hours_days: tuple[tuple[time, time, tuple[str, ...]], ...] = ()
    hours_seasons: tuple[tuple[time, time, tuple[str, str]], ...] = ()


_TERM_FIELDS = (
    "free_minutes",
    "free_deducted",
    "rounding",
    "grace",
    "cap_24h",
    "cap_day",
    "cap_period",
    "visit_max",
    "cycle",
)


def _own_terms(c: _ClassBuild, inherit: list[_ClassBuild]) -> _Terms:
    """The class's own terms, else those of the classes it belongs under (the same vehicle in the zones
    around it, then the all-vehicles classes of its zone and the zones around it), first found first."""
    if not inherit:
        values = [getattr(c, name) for name in _TERM_FIELDS]
        hours, hours_days, seasons = tuple(c.charging_hours), tuple(c.hours_days), tuple(c.hours_seasons)
    else:
        chain = [c, *inherit]
        values = [next((v for b in chain if (v := getattr(b, name)) is not None), None) for name in _TERM_FIELDS]
        hours = next((tuple(b.charging_hours) for b in chain if b.charging_hours), ())
        hours_days = next((tuple(b.hours_days) for b in chain if b.hours_days), ())
        seasons = next((tuple(b.hours_seasons) for b in chain if b.hours_seasons), ())
    free, deducted, rounding, grace, cap_24h, cap_day, cap_period, visit_max, cycle = values
    return _Terms(
        free=free,
        deducted=deducted,
        rounding=rounding,
        grace=grace,
        cap_24h=cap_24h,
        cap_day=cap_day,
        cap_period=cap_period,
        visit_max=visit_max,
        hours=hours,
        cycle=cycle,
        hours_days=hours_days,
        hours_seasons=seasons,
    )


def _merged(a: _ClassBuild, b: _ClassBuild) -> _ClassBuild:
    """Two readings of one class: `a`'s terms, and `b`'s where `a` says nothing (prices, bands, hours too)."""
    merged = replace(a, bands={**b.bands, **a.bands}, charging_hours=a.charging_hours or b.charging_hours)
    for name in ("free_minutes", "free_deducted", "rounding", "grace", "cap_24h", "cap_day", "cap_period"):
        if getattr(merged, name) is None:
            setattr(merged, name, getattr(b, name))
    if not a.tiers.priced:
        merged.tiers = b.tiers
    merged.always_free = a.always_free or b.always_free
    return merged


def _price_at(segments: tuple[Segment, ...], minutes: int) -> Decimal:
    """What the segments charge for a stay of `minutes` (every started unit whole; no caps)."""
    total = Decimal(0)
    for s in segments:
        if s.start >= minutes:
            break
        stop = minutes if s.end is None else min(minutes, s.end)
        total += s.price * (-(-(stop - s.start) // s.unit))
    return money(total)


def _units_price(segments: tuple[Segment, ...], count: int) -> Decimal:
    """The price of the first `count` billing units (a flat period is one unit)."""
    total = Decimal(0)
    for s in segments:
        if count <= 0:
            break
        n = 1 if s.kind == "flat" else (count if s.end is None else min(count, (s.end - s.start) // s.unit))
        total += s.price * n
        count -= n
    return money(total)


def _ancestors(zone: str) -> list[str]:
    """The zone and the zones around it, innermost first, ending with "" (every zone): a/b → a/b, a, ""."""
    if not zone:
        return [""]
    parts = zone.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)] + [""]


def _price_source(c: _ClassBuild, made: dict[str, ClassTariff]) -> tuple[ClassTariff, Decimal] | None:
    """The class whose prices an unpriced class takes (按小型车标准的2倍; new-energy cars as small
    cars; else the all-vehicles class), and the factor on them."""
    if c.priced or c.always_free:
        return None
    if c.ref is not None:
        if c.ref[0] in made:
            return made[c.ref[0]], c.ref[1]
        if c.ref[0] == "small" and ALL_VEHICLES in made:
            return made[ALL_VEHICLES], c.ref[1]  # 大型车辆加倍 with one price for all: that price is the small cars'
        return None  # the class referred to has no price: no price, rather than the other price at face value
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
        replace(b, segments=_scaled_segments(b.segments, factor), cap=_scale_opt(b.cap, factor)) for b in source.bands
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
        cycle=_first(terms.cycle, source.cycle_minutes),
    )


def _covers_every_day(bands: tuple[Band, ...]) -> bool:
    """Whether the bands cover every hour of every day (weekdays, Saturdays, Sundays)."""

    def holds(days: tuple[str, ...], day: str) -> bool:
        return not days or day in days or (day != "weekday" and "weekend" in days)

    return bool(bands) and all(
        not _uncovered(tuple(b for b in bands if holds(b.days, day))) for day in ("weekday", "saturday", "sunday")
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


def clear_caches() -> None:
    """Forget every cached reading, clause and normalised text (benchmarks; memory)."""
    for cached in (read_tariff, normalize_text, canonical_clause, parse_clause, _clause_facts):
        cached.cache_clear()


@lru_cache(maxsize=2048)
def read_tariff(text: str) -> TariffReading:
    """Read a Chinese tariff text. `tariff` is None when nothing in it could be read."""
    reader = _Reader()
    reader.read(text or "")
    try:
        tariff = reader.finish() if reader.read_anything else None
    except ValueError as exc:  # a reading the model refuses: nothing is applied, all of it is unread
        reader.warnings.append(f"读出的收费标准不成立（{exc}），未使用")
        reader.unread = [f.text for f in reader.fates if f.fate != NOTE]
        reader.fates = [ClauseFate(f.text, NOTE if f.fate == NOTE else UNREAD) for f in reader.fates]
        tariff = None
    if tariff is None and not reader.unread and (text or "").strip():
        reader.unread.append(normalize_text(text).strip())
    return TariffReading(
        tariff=tariff,
        ceilings=tuple(dict.fromkeys(reader.ceilings)) if tariff is not None else (),
        scope_doubts=tuple(dict.fromkeys(reader.scope_doubts)) if tariff is not None else (),
        unread=tuple(dict.fromkeys(reader.unread)),
        warnings=tuple(dict.fromkeys(reader.warnings)),
        assumptions=tuple(dict.fromkeys(reader.assumptions)),
        clauses=tuple(reader.fates),
    )


__all__ = [
    "APPLIED",
    "NOTE",
    "UNREAD",
    "Clause",
    "ClauseFate",
    "Phrase",
    "TariffReading",
    "canonical_clause",
    "cap_label_said",
    "chinese_number",
    "clear_caches",
    "normalize_text",
    "parse_clause",
    "read_tariff",
    "segment_clauses",
    "table_rows",
]
