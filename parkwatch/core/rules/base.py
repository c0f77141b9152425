"""The rule framework: rule, finding, context, and the helpers every rule module shares.

A rule is data (code, titles, severity, legal basis, effective dates) plus a small pure `check`
function over a `RuleContext` that returns `RuleFinding`s; an empty list means the rule holds.

Severity is decided here, not in the rules: a rule proposes its severity; `RuleContext.finding`
turns an error into an alert ("needs review") when it rests on a board field read with low
confidence, or on a standard value (or approval) whose verification level is "unverified". The
reasons are kept on the finding (`review_reasons`), so errors and alerts never mix silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from parkwatch.core.board import LOW_CONFIDENCE, BoardRecord

if TYPE_CHECKING:
    from parkwatch.core.standards import Approval, StandardsInForce, StandardValue
    from parkwatch.core.tariff import Tariff

SEVERITIES = ("error", "alert")
# Kinds of source that are the operator's own disclosure (a board, a photo of it, an inspector's
# transcription). Web listings are judged on how prices are shown, not on the board template.
BOARD_KINDS = ("board", "photo", "manual", "audit")
ANY_FIELD = "*"  # rests_on: "the whole reading" (an absent field may be a misread one)
TARIFF = "tariff"  # rests_on: the tariff (record.tariff_confidence)


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
class Rule:
    code: str
    title_zh: str
    title_en: str
    severity: str
    basis: str  # the legal basis, quoted (Chinese)
    check: Callable[[RuleContext], list[RuleFinding]]
    effective_from: date | None = None
    effective_until: date | None = None
    inputs: tuple[str, ...] = ()  # what it needs: board fields, tariff, lot, standards keys, ...
    doc: str = ""  # the module docstring (what / why / legal basis / example)
    module: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: severity must be error or alert")

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

    # -- convenient views --------------------------------------------------------------------
    @property
    def tariff(self) -> Tariff | None:
        return self.record.tariff if self.record is not None else None

    @property
    def is_board(self) -> bool:
        return self.kind in BOARD_KINDS

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
        for name in rests_on:
            low = self._low_confidence(name)
            if low:
                reasons.append(low)
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
        if name == ANY_FIELD:
            lows = [(n, r.confidence) for n, r in record.fields.items() if r.is_low_confidence]
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


def listed_items_finding(ctx: RuleContext, rule: Rule, name: str, required_by: str, message: str) -> list[RuleFinding]:
    """One finding naming every item of the board field `name` (a list the reader flags: bare prices,
    unconditioned prices, non-Arabic amounts) when the standard `required_by` is in force and true.
    `message` has a `{shown}` slot for the items, quoted and joined."""
    items = list(ctx.value(name) or ())
    required = ctx.standards.get(required_by)
    if not items or required is None or not required.value:
        return []
    shown = "、".join(f"“{item}”" for item in items)
    return [ctx.finding(rule, message.format(shown=shown), {name: items}, rests_on=(name,), standards=(required,))]


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
    TARIFF: "收费标准",
}

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


def rule_from_module(module_name: str, doc: str | None, **kwargs: Any) -> Rule:
    return Rule(doc=doc or "", module=module_name, **kwargs)
