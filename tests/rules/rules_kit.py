"""Builders for rule tests: a clean board that breaks no rule, and small ways to break it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from parkwatch.core.board import BoardRecord, Reading
from parkwatch.core.rules import Charge, LotInfo, Posting, PriceVersion, RuleContext
from parkwatch.core.standards import Approval, Source, in_force
from parkwatch.core.tariff import Band, ClassTariff, Segment, Tariff

ON = date(2024, 5, 1)  # under the Hunan 2021 measures and Order 56

CLEAN_FIELDS = {
    "lot_name": "东门购物广场停车场",
    "operator": "岳阳东门商业管理有限公司",
    "pricing_form": "market",
    "fee_basis": "市场调节价",
    "hotlines": ["12315"],
    "charging_hours": "00:00-24:00",
    "free_minutes": 15,
    "billing_unit": "每小时",
    "rounding": "不足1小时按1小时计",
    "cap": "24小时最高收费30元",
    "exempt_vehicles": ["军车", "警车", "消防车", "救护车"],
}


def tariff(
    first: str = "5",
    per_unit: str = "2",
    unit: int = 60,
    free: int = 15,
    cap: str | None = "30",
    rounding: int | None = 60,
    vehicle: str = "all",
    bands: tuple[Band, ...] = (),
) -> Tariff:
    segments = (
        ()
        if bands
        else (Segment(0, 60, 60, Decimal(first), "flat"), Segment(60, None, unit, Decimal(per_unit), "unit"))
    )
    return Tariff(
        classes=(
            ClassTariff(
                vehicle=vehicle,
                free_minutes=free,
                segments=segments,
                bands=bands,
                rounding_minutes=rounding,
                cap_24h=Decimal(cap) if cap is not None else None,
            ),
        )
    )


def guided_tariff(cap: str | None = "30") -> Tariff:
    """The tariff of the guided lot's approval: 5元 the first hour, then 1元 per 30 minutes, 30 minutes free."""
    return tariff(first="5", per_unit="1", unit=30, free=30, cap=cap, rounding=30)


def board(
    tariff_: Tariff | None = None,
    drop: tuple[str, ...] = (),
    conf: dict[str, float] | None = None,
    unread: tuple[str, ...] = (),
    tariff_confidence: float = 1.0,
    **fields,
) -> BoardRecord:
    values = {k: v for k, v in {**CLEAN_FIELDS, **fields}.items() if k not in drop and v is not None}
    conf = conf or {}
    return BoardRecord(
        text="\n".join(f"{k}：{v}" for k, v in values.items()),
        fields={k: Reading(v, conf.get(k, 1.0)) for k, v in values.items()},
        tariff=tariff() if tariff_ is None else tariff_,
        tariff_confidence=tariff_confidence,
        unread=unread,
    )


def lot(**kw) -> LotInfo:
    base = dict(
        id=7,
        name="东门购物广场停车场",
        district="岳阳楼区",
        city="yueyang",
        category="mall",
        pricing_form="market",
        charging_right=True,
        approval_ref=None,
        operator="岳阳东门商业管理有限公司",
    )
    base.update(kw)
    return LotInfo(**base)


def approval(
    number: str = "岳发改价〔2025〕8号",
    ceiling: Tariff | None = None,
    cap: str | None = "30",
    verification: str = "verified",
    valid_until: date | None = date(2030, 12, 31),
) -> Approval:
    src = Source(
        jurisdiction="yueyang",
        series="approvals-test",
        title="测试批复",
        document="测试批复",
        effective_from=date(2019, 1, 1),
        effective_until=None,
        file="test",
    )
    return Approval(
        approval_number=number,
        verification=verification,
        source=src,
        ceiling_tariff="(test ceiling)",
        tariff=ceiling or guided_tariff(),
        cap_yuan=Decimal(cap) if cap else None,
        valid_from=date(2025, 1, 1),
        valid_until=valid_until,
    )


def ctx(record: BoardRecord | None = None, on: date = ON, approvals: tuple[Approval, ...] = (), **kw) -> RuleContext:
    standards = in_force("yueyang", on)
    if approvals:
        standards = replace(standards, approvals={a.approval_number: a for a in approvals})
    kw.setdefault("lot", lot())
    kw.setdefault("kind", "photo")
    kw.setdefault("source", "photo")
    kw.setdefault("evidence", ("photo:abc123",))
    return RuleContext(record=board() if record is None else record, standards=standards, on=on, **kw)


def guided_board(t: Tariff | None = None, **fields) -> BoardRecord:
    base = dict(
        pricing_form="guided",
        fee_basis="岳发改价〔2025〕8号",
        approval_number="岳发改价〔2025〕8号",
        free_minutes=30,
        rounding="不足30分钟按30分钟计",
        billing_unit="每30分钟",
    )
    base.update(fields)
    return board(t or guided_tariff(), **base)


def guided_lot(**kw) -> LotInfo:
    return lot(category="station", pricing_form="guided", approval_ref="岳发改价〔2025〕8号", **kw)


def at_guided_lot(record: BoardRecord) -> dict:
    """The context arguments of `record` posted at the guided lot, whose approval (approval()) is in force."""
    return dict(record=record, lot=guided_lot(), approvals=(approval(),))


__all__ = [
    "ON",
    "Charge",
    "Posting",
    "PriceVersion",
    "approval",
    "at_guided_lot",
    "board",
    "ctx",
    "datetime",
    "guided_board",
    "guided_lot",
    "guided_tariff",
    "lot",
    "tariff",
]
