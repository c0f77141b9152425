"""The rule framework: rule, finding, context, and the helpers every rule module shares.

A rule is data (code, titles, severity, legal basis, effective dates) plus a small pure `check`
function over a `RuleContext` that returns `RuleFinding`s; an empty list means the rule holds.

Severity is decided here, not in the rules: a rule proposes its severity; `RuleContext.finding`
turns an error into an alert ("needs review") when it rests on a board field read with low
confidence, or on a standard value (or approval) whose verification level is "unverified". The
reasons are kept on the finding (`review_reasons`), so errors and alerts never mix silently.

Where rules share their logic it lives here, each rule keeping its module, code and data: `listed_items_rule`
(items the board reader flagged: bare prices, unconditioned prices, Chinese numerals), `required_field_rule`
(a field the operator's disclosure must state), and the `Scope` of each family (whose disclosures, which
channels, and why).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from parkwatch.core.board import DISCLOSURE_KINDS, LOW_CONFIDENCE, BoardRecord, Reading

if TYPE_CHECKING:
    from parkwatch.core.standards import Approval, StandardsInForce, StandardValue
    from parkwatch.core.tariff import Tariff

SEVERITIES = ("error", "alert")
# Kinds of source that are a board (a board, a photo of it, an inspector's transcription, a text given to
# `parkwatch audit`): kept for callers; the rules are scoped by channel and disclosure kind (below).
BOARD_KINDS = ("board", "photo", "manual", "audit")
ANY_FIELD = "*"  # rests_on: "the whole reading" (an absent field may be a misread one)
TARIFF = "tariff"  # rests_on: the tariff (record.tariff_confidence, and whether it was read in full)
DISCLOSURE_KIND = "disclosure_kind"  # rests_on: whose disclosure the text is (the reader's classification)

# Where a disclosure was seen (the channel) and whose it is (the disclosure kind). A rule states both in its
# data (`Rule.scope`: its kinds, its channels and the basis); `evaluate` runs it only where it
# applies. "unknown": a text whose kind nothing decides (a bare price listing of unknown publisher).
CHANNELS: tuple[str, ...] = ("board", "manual", "web", "app")
UNKNOWN_KIND = "unknown"
ALL_KINDS: tuple[str, ...] = (*DISCLOSURE_KINDS, UNKNOWN_KIND)
OPERATOR = ("operator",)
# the operator's own disclosure, or a text whose publisher nothing decides (a bare price listing): what the
# rules on price levels and on the lot judge
OPERATOR_OR_UNKNOWN: tuple[str, ...] = (*OPERATOR, UNKNOWN_KIND)
# the source kinds callers pass (`RuleContext.kind`) → channel; "audit" (a text on the command line) is
# judged as a board
CHANNEL_OF_SOURCE = {
    "board": "board",
    "photo": "board",
    "audit": "board",
    "manual": "manual",
    "web": "web",
    "page": "web",
    "app": "app",
    "api": "app",
}
# the disclosure kind when neither the caller nor the text decides it: what hangs at the lot (a board, its
# photo, an inspector's transcription) is the operator's; a page, a listing or a text on its own is not
# known to be
KIND_BY_DEFAULT = {"board": "operator", "photo": "operator", "manual": "operator"}


@dataclass(frozen=True)
class LotInfo:
    """What the rules know about a lot (pure; the shell fills it from the `lots` table)."""

    id: int | None = None
    name: str | None = None
    district: str | None = None
    city: str = "yueyang"
    category: str | None = None
    pricing_form: str = "unknown"
    charging_right: bool | None = None
    approval_ref: str | None = None
    operator: str | None = None


@dataclass(frozen=True)
class Posting:
    """The latest record of one other source for the same lot (for CX001)."""

    source: str
    kind: str
    record: BoardRecord
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Charge:
    """An amount actually charged (receipt, complaint) for one stay (for CX002)."""

    amount: Decimal
    entry: datetime
    exit: datetime
    vehicle: str = "small"
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class PriceVersion:
    """One entry of a lot's posted-price history for one source (for CX004)."""

    source: str
    valid_from: datetime
    grid_hash: str


@dataclass(frozen=True)
class RuleFinding:
    rule: str
    severity: str  # "error" | "alert"
    message: str  # Chinese, quoting the requirement and the numbers
    basis: str  # the legal basis, quoted
    values: Mapping[str, Any] = field(default_factory=dict)  # the values that broke the rule
    evidence: tuple[str, ...] = ()  # refs: photo:<sha256>, page:<url>, observation:<id>, text
    title: str = ""
    review_reasons: tuple[str, ...] = ()  # why an error became an alert
    lot_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "severity": self.severity,
            "message": self.message,
            "basis": self.basis,
            "values": _jsonable(self.values),
            "evidence": list(self.evidence),
            "review_reasons": list(self.review_reasons),
            "lot_id": self.lot_id,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Scope:
    """Whose disclosures a rule judges and on which channels, with why (the basis): a family of rules shares one."""

    kinds: tuple[str, ...]
    basis: str
    channels: tuple[str, ...] = CHANNELS


# A rule module's docstring opens with its code and titles: "PD004 — 未标示定价形式 (pricing form not shown)."
RULE_HEADER = re.compile(r"(?P<code>[A-Z]{2}\d{3}) — (?P<title_zh>[^(\n]+?) \((?P<title_en>.+)\)")


@dataclass(frozen=True, kw_only=True)
class Rule:
    severity: str
    basis: str  # the legal basis, quoted (Chinese)
    check: Callable[[RuleContext], list[RuleFinding]]
    # from the first line of the module docstring (RULE_HEADER): findings and the docs page's heading carry
    # one wording, so a value given here must be the header's
    code: str = ""
    title_zh: str = ""
    title_en: str = ""
    effective_from: date | None = None
    effective_until: date | None = None
    inputs: tuple[str, ...] = ()  # what it needs: board fields, tariff, lot, standards keys, ...
    doc: str = ""  # the module docstring (what / why / legal basis / example); by default check's module's
    module: str = ""  # by default the module defining `check`
    scope: Scope = Scope(ALL_KINDS, "")  # the disclosure kinds and channels it applies to, and why

    def __post_init__(self) -> None:
        # one rule, one module: the module and its docstring are those of the module defining `check`
        if not self.module:
            object.__setattr__(self, "module", self.check.__module__)
        if not self.doc:
            object.__setattr__(self, "doc", sys.modules[self.module].__doc__ or "")
        header = RULE_HEADER.match(self.doc.strip())
        if header is None:
            raise ValueError(f"{self.module}: the docstring must open with “CODE — 中文标题 (English title)”")
        for name, value in header.groupdict().items():
            given = getattr(self, name)
            if given and given != value:
                raise ValueError(f"{self.module}: defines {name} {given!r}, its docstring names {value!r}")
            object.__setattr__(self, name, value)
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: severity must be error or alert")
        if not set(self.kinds) <= set(ALL_KINDS) or not set(self.channels) <= set(CHANNELS):
            raise ValueError(f"{self.code}: unknown disclosure kind or channel in {self.kinds} / {self.channels}")

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.scope.kinds

    @property
    def channels(self) -> tuple[str, ...]:
        return self.scope.channels

    def applies(self, ctx: RuleContext) -> bool:
        """Whether the rule judges this context: its disclosure kind and its channel."""
        return ctx.disclosure() in self.scope.kinds and ctx.channel() in self.scope.channels

    @property
    def operator_only(self) -> bool:
        return self.kinds == OPERATOR

    @property
    def title(self) -> str:
        return f"{self.title_zh}（{self.title_en}）"

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_until is None or on <= self.effective_until
        )


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at for one lot and one source, on one day."""

    record: BoardRecord | None
    standards: StandardsInForce
    on: date
    lot: LotInfo | None = None
    source: str = "audit"  # the source key (or "audit" for a text given on the command line)
    kind: str = "audit"  # board / photo / manual / web / audit
    evidence: tuple[str, ...] = ()
    others: tuple[Posting, ...] = ()
    charges: tuple[Charge, ...] = ()
    history: tuple[PriceVersion, ...] = ()
    # whose disclosure it is when the caller knows (operator / authority / repost); None: as the text says
    disclosure_kind: str | None = None

    # -- convenient views --------------------------------------------------------------------
    @property
    def tariff(self) -> Tariff | None:
        return self.record.tariff if self.record is not None else None

    @property
    def is_board(self) -> bool:
        return self.kind in BOARD_KINDS

    def channel(self) -> str:
        """board / manual / web / app, from the source kind ("photo" → board, "api" → app)."""
        return CHANNEL_OF_SOURCE.get(self.kind, "web")

    def disclosure(self) -> str:
        """Whose disclosure this is: as the caller says, else as the text says (the reader's
        `disclosure_kind`), else the operator's for what hangs at the lot and "unknown" otherwise."""
        if self.disclosure_kind is not None:
            return self.disclosure_kind
        reading = self.kind_reading()
        if reading is not None:
            return str(reading.value)
        return KIND_BY_DEFAULT.get(self.kind, UNKNOWN_KIND)

    def kind_reading(self) -> Reading | None:
        """The reader's classification when it decides the kind (the caller did not)."""
        if self.disclosure_kind is not None or self.record is None:
            return None
        reading = self.record.fields.get(DISCLOSURE_KIND)
        return reading if reading is not None and reading.value in DISCLOSURE_KINDS else None

    def is_disclosure(self) -> bool:
        """Whether the record shows a price disclosure at all: prices read or not (an unread price is
        still a price shown), or any of the fields a disclosure carries."""
        if self.record is None:
            return False
        return self.has_prices() or bool(self.record.unread) or any(self.has(n) for n in DISCLOSURE_FIELDS)

    def tariff_complete(self) -> bool:
        """Whether every price the text shows was read (`BoardRecord.tariff_complete`)."""
        return self.record is None or self.record.tariff_complete

    def value(self, name: str, default: Any = None) -> Any:
        return self.record.value(name, default) if self.record is not None else default

    def has(self, name: str) -> bool:
        return self.record is not None and self.record.has(name)

    # Derived views are cached per context (cached_property writes to __dict__, which a frozen
    # dataclass leaves open); the methods stay methods for the rules that call them.
    def pricing_form(self) -> str:
        return self._pricing_form

    @cached_property
    def _pricing_form(self) -> str:
        """What the board declares, else what the lot is registered as ("unknown" when neither)."""
        form = self.value("pricing_form")
        if isinstance(form, str) and form in ("market", "guided", "government"):
            return form
        return self.lot.pricing_form if self.lot is not None and self.lot.pricing_form else "unknown"

    def approval(self) -> Approval | None:
        return self._approval

    @cached_property
    def _approval(self) -> Approval | None:
        """The approval (批复) the lot is registered under, else the one the board cites."""
        for number in (self.lot.approval_ref if self.lot else None, self.value("approval_number")):
            found = self.standards.approval(number)
            if found is not None:
                return found
        return None

    def has_prices(self) -> bool:
        return self._has_prices

    @cached_property
    def _has_prices(self) -> bool:
        if self.record is None:
            return False
        tariff = self.record.tariff
        return bool((tariff is not None and tariff.has_prices()) or self.record.has("bare_prices"))

    def vehicles(self) -> tuple[str, ...]:
        tariff = self.tariff
        return tariff.vehicles() if tariff is not None else ()

    # -- building findings ---------------------------------------------------------------------
    def finding(
        self,
        rule: Rule,
        message: str,
        values: Mapping[str, Any] | None = None,
        *,
        rests_on: Iterable[str] = (),
        standards: Iterable[StandardValue | Approval | None] = (),
        severity: str | None = None,
        evidence: Sequence[str] | None = None,
        basis: str | None = None,
    ) -> RuleFinding:
        severity = severity or rule.severity
        reasons: list[str] = []
        names = (*rests_on, DISCLOSURE_KIND) if rule.operator_only else tuple(rests_on)
        for name in names:
            low = self._low_confidence(name)
            if low:
                reasons.append(low)
        if TARIFF in rests_on and not self.tariff_complete():
            reasons.append("收费标准未完整识别，结论依据不完整")
        if self.disclosure() not in ("operator", UNKNOWN_KIND):
            reasons.append(
                f"该文字为{KIND_ZH.get(self.disclosure(), self.disclosure())}，非经营者本人公示，应核对现场公示"
            )
        for std in standards:
            if std is None:
                continue
            if std.verification == "unverified":
                reasons.append(f"依据的标准未经核实：{std.cite() if hasattr(std, 'cite') else std}")
        if severity == "error" and reasons:
            severity = "alert"
        cited = [_short_cite(s) for s in standards if s is not None]
        full_basis = basis or rule.basis
        if cited:
            full_basis += "；" + "；".join(dict.fromkeys(cited))
        return RuleFinding(
            rule=rule.code,
            severity=severity,
            message=message + (f"（需复核：{'；'.join(reasons)}）" if reasons else ""),
            basis=full_basis,
            values=dict(values or {}),
            evidence=tuple(evidence) if evidence is not None else self.evidence,
            title=rule.title,
            review_reasons=tuple(reasons),
            lot_id=self.lot.id if self.lot is not None else None,
        )

    def _low_confidence(self, name: str) -> str | None:
        record = self.record
        if record is None:
            return None
        if name == TARIFF:
            c = record.tariff_confidence
            return f"价格内容识别置信度低（{c:.2f}）" if c < LOW_CONFIDENCE else None
        if name == DISCLOSURE_KIND:
            reading = self.kind_reading()
            if reading is not None and reading.is_low_confidence:
                what = KIND_ZH.get(str(reading.value), str(reading.value))
                return f"公示类型（{what}）判断依据不足（{reading.confidence:.2f}）"
            return None
        if name == ANY_FIELD:
            lows = [(n, r.confidence) for n, r in record.fields.items() if r.is_low_confidence and n != DISCLOSURE_KIND]
            if record.tariff is not None and record.tariff_confidence < LOW_CONFIDENCE:
                lows.append((TARIFF, record.tariff_confidence))
            if not lows:
                return None
            n, c = min(lows, key=lambda x: x[1])
            return f"公示内容部分识别置信度低（{FIELD_LABELS_ZH.get(n, n)} {c:.2f}），缺项可能为漏识"
        reading = record.fields.get(name)
        if reading is not None and reading.is_low_confidence:
            return f"“{FIELD_LABELS_ZH.get(name, name)}”识别置信度低（{reading.confidence:.2f}）"
        return None


def listed_items_rule(name: str, required_by: str, message: str, **fields: Any) -> Rule:
    """A rule with one finding naming every item of the board field `name` (a list the reader flags: bare
    prices, unconditioned prices, non-Arabic amounts) when the standard `required_by` is in force and true.
    `message` has a `{shown}` slot for the items, quoted and joined; `fields` are the rule's data (with
    `module=__name__`: the check is defined here). A price shown without its unit, its condition or in Arabic
    numerals misleads whoever reads it: by default the rule judges every text on every channel."""

    def check(ctx: RuleContext) -> list[RuleFinding]:
        items = list(ctx.value(name) or ())
        required = ctx.standards.get(required_by)
        if not items or required is None or not required.value:
            return []
        shown = "、".join(f"“{item}”" for item in items)
        return [ctx.finding(rule, message.format(shown=shown), {name: items}, rests_on=(name,), standards=(required,))]

    fields.setdefault("inputs", (f"board.{name}", f"standards.{required_by}"))
    fields.setdefault("scope", SCOPE_PRICE_DISPLAY)
    rule = Rule(check=check, **fields)
    return rule


class Missing(NamedTuple):
    """What a completeness rule reports when the disclosure does not state its field."""

    message: str
    values: dict[str, Any]
    standards: tuple[StandardValue | Approval | None, ...] = ()


def required_field_rule(
    name: str,
    missing: Callable[[RuleContext], Missing | None],
    *,
    in_tariff: Callable[[Tariff], bool] | None = None,
    **fields: Any,
) -> Rule:
    """A completeness rule: the operator's disclosure must state the board field `name`, or carry it in its
    read tariff where `in_tariff` says how. When it does neither, `missing(ctx)` says what the one finding
    reports (None: nothing is required here, e.g. no standard in force). The finding rests on the whole
    reading (an absent field may be a misread one) and, where the tariff could carry the field, on the tariff.
    Stating what a disclosure contains is the operator's duty: by default the rule judges the operator's
    disclosure on every channel. `fields` are the rule's data (with `module=__name__`)."""
    rests_on = (ANY_FIELD,) if in_tariff is None else (ANY_FIELD, TARIFF)

    def check(ctx: RuleContext) -> list[RuleFinding]:
        if ctx.has(name) or not ctx.is_disclosure():
            return []
        tariff = ctx.tariff
        if in_tariff is not None and tariff is not None and in_tariff(tariff):
            return []
        gap = missing(ctx)
        if gap is None:
            return []
        return [ctx.finding(rule, gap.message, gap.values, rests_on=rests_on, standards=gap.standards)]

    fields.setdefault("scope", SCOPE_OPERATOR_DUTY)
    rule = Rule(check=check, **fields)
    return rule


def _short_cite(std: StandardValue | Approval) -> str:
    """Document (or approval number) and its verification level, without repeating the sentence."""
    if hasattr(std, "approval_number"):
        return "批复" + std.cite()
    level = {"verified": "", "reported": "（转述）", "unverified": "（未经核实）"}.get(std.verification, "")
    return f"{std.source.document}{level}"


FIELD_LABELS_ZH: dict[str, str] = {
    "lot_name": "停车场名称",
    "operator": "收费单位",
    "operator_credit_code": "统一社会信用代码",
    "pricing_form": "定价形式",
    "fee_basis": "收费依据",
    "approval_number": "批复文号",
    "approval_valid_until": "有效期",
    "hotlines": "举报电话",
    "charging_hours": "收费时间",
    "free_minutes": "免费时长",
    "billing_unit": "计费单位",
    "rounding": "计费规则（取整）",
    "cap": "最高收费",
    "exempt_vehicles": "免费车辆",
    "berths": "泊位数",
    "issuer": "制作/监制单位",
    "service_items": "服务项目",
    "bare_prices": "无单位价格",
    "unconditioned_prices": "无条件价格",
    "non_arabic_amounts": "非阿拉伯数字金额",
    DISCLOSURE_KIND: "公示类型",
    TARIFF: "收费标准",
}
# the fields that make a record a price disclosure even when none of its prices was read
DISCLOSURE_FIELDS = (
    "operator",
    "pricing_form",
    "fee_basis",
    "approval_number",
    "hotlines",
    "charging_hours",
    "free_minutes",
    "billing_unit",
    "rounding",
    "cap",
    "exempt_vehicles",
    "bare_prices",
    "unconditioned_prices",
    "non_arabic_amounts",
)
# The scopes the rules state (`Rule.scope`): kinds, channels and their basis.
SCOPE_OPERATOR_DUTY = Scope(
    OPERATOR,
    (
        "The operator's own disclosure, on every channel. 明码标价 is the operator's duty (价格法第十三条：经营者…应当…"
        "明码标价): a price approval or notice of an authority and a third party's repost (news, Q&A, forum) carry "
        "none of it. Order 56 Art. 13 puts prices shown online (the operator's page, an app listing) under the same "
        "duties as prices shown at the lot, and the local board templates say what a parking price disclosure "
        "contains, not where it hangs. A page or listing whose publisher neither the caller nor the text names is "
        "not judged here."
    ),
)
SCOPE_PRICE_DISPLAY = Scope(
    ALL_KINDS,
    (
        "Every text that states prices, on every channel: a price without its unit, its condition or in Chinese "
        "numerals misleads whoever reads it (Order 56 Art. 6, 7, 9; Art. 13 for prices shown online). On an "
        "authority's or a third party's text the finding is an alert: the operator's own disclosure is to be checked."
    ),
)
SCOPE_PRICE_LEVEL = Scope(
    OPERATOR_OR_UNKNOWN,
    (
        "The operator's disclosure and a price listing whose publisher is not known (a page or app listing the "
        "crawler read): the price a driver is shown is judged against the standards and the approval. Not an "
        "authority's approval (it sets the price) nor a third party's repost (it may quote an old price)."
    ),
)
SCOPE_CONSISTENCY = Scope(
    ALL_KINDS,
    ("Every text with prices: an unread or contradictory price is a reading problem wherever it is; an alert."),
)
SCOPE_BOARD_VS_ONLINE = Scope(
    OPERATOR,
    (
        "The operator's board (a photo or an inspector's transcription) against the lot's online listings: run "
        "from the board's side so that each difference is reported once (Order 56 Art. 5, 13, 20)."
    ),
    channels=("board", "manual"),
)
SCOPE_CONSISTENCY_HISTORY = Scope(
    ALL_KINDS,
    ("Every source of a lot, on every channel: a posted price that changed is recorded whoever posted it; an alert."),
)
SCOPE_LOT = Scope(
    OPERATOR_OR_UNKNOWN,
    (
        "The operator's disclosure and a listing of unknown publisher, on every channel: what is judged is the lot "
        "(its charging right, what it charged), not who wrote the text."
    ),
)

KIND_ZH = {
    "operator": "经营者公示",
    "authority": "主管部门批复或通知",
    "repost": "第三方转载或报道",
    UNKNOWN_KIND: "发布者不明的价格信息",
}
CHANNEL_ZH = {"board": "现场公示牌（含照片）", "manual": "人工录入", "web": "网页", "app": "应用（App）列表"}

PRICING_FORM_ZH = {"market": "市场调节价", "guided": "政府指导价", "government": "政府定价", "unknown": "未知"}
VEHICLE_ZH = {"small": "小型车", "large": "大型车", "motorcycle": "摩托车", "nev": "新能源汽车", "all": "所有车辆"}


def vehicle_zh(vehicle: str) -> str:
    return VEHICLE_ZH.get(vehicle, vehicle)


def yuan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:.2f}元"


def stay_zh(start: time, minutes: int) -> str:
    """'24小时（10:00起）', '30分钟（08:00起）'."""
    if minutes < 60:
        length = f"{minutes}分钟"
    elif minutes % 60 == 0:
        length = f"{minutes // 60}小时"
    else:
        length = f"{minutes / 60:g}小时"
    return f"{length}（{start:%H:%M}起）"


def stay_en(start: time, minutes: int) -> str:
    length = f"{minutes} min" if minutes < 60 else f"{minutes / 60:g} h"
    return f"{length} from {start:%H:%M}"


_HHMM_RANGE = re.compile(r"(\d{1,2})[:：](\d{2})\s*[-—–~～至到]+\s*(?:次日)?(\d{1,2})[:：](\d{2})")


def parse_hour_ranges(text: str) -> list[tuple[int, int]]:
    """'08:00-20:00；20:00-次日08:00' → [(480, 1200), (1200, 480)] in minutes of the day."""
    out = []
    for m in _HHMM_RANGE.finditer(text or ""):
        a = int(m.group(1)) * 60 + int(m.group(2))
        b = int(m.group(3)) * 60 + int(m.group(4))
        out.append((a % 1440 if a != 1440 else 0, b if b <= 1440 else b % 1440))
    return out


def cover_minutes(ranges: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    """How many of the ranges (minute of day, start → end; end <= start crosses midnight) cover each minute."""
    return _cover(tuple(ranges))


@lru_cache(maxsize=4096)
def _cover(ranges: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    cover = [0] * 1440
    for a, b in ranges:
        a %= 1440
        length = (b - a) % 1440 or 1440
        end = a + length
        for lo, hi in ((a, min(end, 1440)), (0, max(0, end - 1440))):
            for i in range(lo, hi):
                cover[i] += 1
    return tuple(cover)


def spans(cover: Sequence[int], pred: Callable[[int], bool]) -> list[str]:
    """The stretches of the day where pred(cover) holds, as 'HH:MM-HH:MM'."""
    out, start = [], None
    for i in range(1441):
        hit = i < 1440 and pred(cover[i])
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            out.append(f"{start // 60:02d}:{start % 60:02d}-{(i % 1440) // 60:02d}:{i % 60:02d}")
            start = None
    return out


@lru_cache(maxsize=4096)
def overlaps_and_gaps(ranges: tuple[tuple[int, int], ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(overlapping stretches, uncovered stretches) of a set of day ranges, cached: bands repeat."""
    cover = _cover(ranges)
    return tuple(spans(cover, lambda n: n > 1)), tuple(spans(cover, lambda n: n == 0))
