"""The board record: what one price disclosure (a board, a web page, an app listing) shows.

Pure and frozen. Every field is a `Reading`: the value, how sure the reading is (1.0 for text taken
from a web page; the OCR sets lower values), and where in the source text it was found. The board
reader (`parkwatch.core.board_reader.read_board`) fills it; the rules only look at it.

Field names (keys of `BoardRecord.fields`) and their value types:

| key | value | meaning |
|---|---|---|
| lot_name | str | 停车场名称 |
| operator | str | 收费单位 / 经营单位 / 管理单位 |
| operator_credit_code | str | 统一社会信用代码 |
| pricing_form | "market" / "guided" / "government" | 定价形式 / 收费性质 / 价格类型 |
| fee_basis | str | 收费依据: an approval number such as 岳发改价〔2019〕12号, or "市场调节价" |
| approval_number | str | the approval number found in the fee basis, if any |
| approval_valid_until | str (ISO date) | 有效期至 |
| hotlines | list[str] | 举报/投诉/监督电话 numbers (12315, 12345, 12358, local numbers) |
| charging_hours | str | 收费时间, e.g. "08:00-20:00" or "24小时" |
| free_minutes | int | the free period shown (免费时长) |
| billing_unit | str | the billing unit text, e.g. "每30分钟" |
| rounding | str | the rounding text, e.g. "不足30分钟按30分钟计" |
| cap | str | the cap text, e.g. "24小时最高收费30元" |
| exempt_vehicles | list[str] | 免费/免收 vehicles (军车, 警车, 消防车, ...) |
| berths | int | 泊位数 |
| issuer | str | who issued the board (e.g. an old "物价局") |
| service_items | list[str] | 临时停车 / 包月 / 计次 ... |
| bare_prices | list[str] | amounts shown with no unit or pricing method ("5元" alone) |
| unconditioned_prices | list[str] | amounts with no vehicle class / time band where the board has several |
| non_arabic_amounts | list[str] | amounts written in Chinese numerals (五元, 壹拾元) |
| disclosure_kind | "operator" / "authority" / "repost" | whose disclosure it is (below) |

`disclosure_kind`: the operator's own board, notice or page; a price approval or notice of an authority
(发改委, 物价局…); or a third party's repost (news, Q&A, forum, a map app). Its span is the sign that decided
it (a signature, a title, 我司, a news source); absent when nothing in the text decides it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parkwatch.core.tariff import Tariff

FIELD_NAMES: tuple[str, ...] = (
    "lot_name",
    "operator",
    "operator_credit_code",
    "pricing_form",
    "fee_basis",
    "approval_number",
    "approval_valid_until",
    "hotlines",
    "charging_hours",
    "free_minutes",
    "billing_unit",
    "rounding",
    "cap",
    "exempt_vehicles",
    "berths",
    "issuer",
    "service_items",
    "bare_prices",
    "unconditioned_prices",
    "non_arabic_amounts",
    "disclosure_kind",
)
DISCLOSURE_KINDS: tuple[str, ...] = ("operator", "authority", "repost")

# A reading below this confidence is "low": an error that rests on it is reported as an alert.
LOW_CONFIDENCE = 0.80


@dataclass(frozen=True)
class Reading:
    value: Any
    confidence: float = 1.0
    span: tuple[int, int] | None = None  # character offsets in BoardRecord.text

    @property
    def is_low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "span": list(self.span) if self.span else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reading:
        value = data.get("value")
        span = data.get("span")
        return cls(
            value=value,
            confidence=float(data.get("confidence", 1.0)),
            span=(int(span[0]), int(span[1])) if span else None,
        )


@dataclass(frozen=True)
class BoardRecord:
    """One price disclosure as read. Absent fields are simply not in `fields`."""

    text: str
    fields: Mapping[str, Reading] = field(default_factory=dict)
    tariff: Tariff | None = None
    tariff_confidence: float = 1.0
    unread: tuple[str, ...] = ()  # parts of the price text the tariff reader could not use
    warnings: tuple[str, ...] = ()
    # False when the tariff reader says it did not read every price (TariffReading.complete), even with
    # nothing left in `unread`; a record with `unread` is never complete
    complete: bool = True

    def __post_init__(self) -> None:
        unknown = set(self.fields) - set(FIELD_NAMES)
        if unknown:
            raise ValueError(f"unknown board fields: {sorted(unknown)}")
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    def value(self, name: str, default: Any = None) -> Any:
        reading = self.fields.get(name)
        return default if reading is None else reading.value

    def confidence(self, name: str) -> float | None:
        reading = self.fields.get(name)
        return None if reading is None else reading.confidence

    def has(self, name: str) -> bool:
        value = self.value(name)
        return value not in (None, "", [], ())

    @property
    def tariff_complete(self) -> bool:
        """Whether every price the text shows was read: findings that rest on an incomplete tariff are
        alerts, never errors."""
        return self.complete and not any(u.strip() for u in self.unread)

    def with_field(self, name: str, reading: Reading) -> BoardRecord:
        """A corrected copy (an inspector's edit); the original record is unchanged."""
        return replace(self, fields={**self.fields, name: reading})

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "fields": {name: self.fields[name].to_json() for name in FIELD_NAMES if name in self.fields},
            "tariff": self.tariff.to_json() if self.tariff is not None else None,
            "tariff_confidence": round(self.tariff_confidence, 3),
            "unread": list(self.unread),
            "warnings": list(self.warnings),
            "complete": self.complete,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], tariff: Tariff | None = None) -> BoardRecord:
        """Read a record back; `tariff`, when given, is used instead of parsing the stored one
        (callers that check many lots share parsed tariffs)."""
        if tariff is None and data.get("tariff"):
            from parkwatch.core.tariff import Tariff

            tariff = Tariff.from_json(data["tariff"])
        return cls(
            text=data.get("text", ""),
            fields={name: Reading.from_json(r) for name, r in (data.get("fields") or {}).items()},
            tariff=tariff,
            tariff_confidence=float(data.get("tariff_confidence", 1.0)),
            unread=tuple(data.get("unread") or ()),
            warnings=tuple(data.get("warnings") or ()),
            complete=bool(data.get("complete", True)),
        )
