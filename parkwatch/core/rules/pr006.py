"""PR006 — 收费标准自相矛盾 (tariff internally inconsistent).

What:
    The posted tariff must make sense on its own: no price text the reader could not understand, no
    overlapping time bands, no cap below the first period's price on any kind of day (a weekend or
    holiday cap counts: the fee grid is a weekday's), and a fee that never falls when the stay gets
    longer (checked over the grid).

Why:
    A contradictory board lets the operator charge either reading; an unreadable price cannot be
    checked by any other rule, so an inspector must look at it.

Legal basis:
    — (internal consistency; supports 明码标价和禁止价格欺诈规定第六条).

Example:
    "白天(08:00-20:00)每小时3元；夜间(19:00-次日08:00)每小时1元" → alert "时段重叠 19:00-20:00".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parkwatch.core.rules.base import (
    SCOPE_CONSISTENCY,
    TARIFF,
    Rule,
    RuleContext,
    RuleFinding,
    overlaps_and_gaps,
    vehicle_zh,
)
from parkwatch.core.rules.prices import DAY_KINDS_ZH, fee_falls, lowest_cap

if TYPE_CHECKING:
    from parkwatch.core.tariff import ClassTariff


def check(ctx: RuleContext) -> list[RuleFinding]:
    if ctx.record is None:
        return []
    out = []
    unread = [u for u in ctx.record.unread if u.strip()]
    if unread:
        out.append(
            ctx.finding(
                RULE,
                f"部分收费标准无法识别：{'；'.join(f'“{u}”' for u in unread)}，需人工核对。",
                {"problem": "unread", "unread": unread},
                rests_on=(TARIFF,),
            )
        )
    tariff = ctx.tariff
    if tariff is None:
        return out
    for c in tariff.classes:
        if len(c.bands) > 1:
            overlap, _ = overlaps_and_gaps(tuple((b.start_minute, b.end_minute) for b in c.bands))
            if overlap:
                out.append(
                    ctx.finding(
                        RULE,
                        f"{vehicle_zh(c.vehicle)}收费时段重叠：{'、'.join(overlap)}同时适用两个时段的价格。",
                        {"problem": "bands_overlap", "vehicle": c.vehicle, "overlap": list(overlap)},
                        rests_on=(TARIFF,),
                    )
                )
        below = _cap_below_first(ctx, c)
        if below is not None:
            out.append(below)
        if c.has_prices and not c.always_free:
            bad = fee_falls(tariff, "small" if c.vehicle == "all" else c.vehicle)
            if bad:
                start, m1, m2, a1, a2 = bad
                out.append(
                    ctx.finding(
                        RULE,
                        f"{vehicle_zh(c.vehicle)}{start}起停放{m2}分钟收费{a2}元，少于停放{m1}分钟的{a1}元，标准自相矛盾。",
                        {
                            "problem": "fee_falls",
                            "vehicle": c.vehicle,
                            "start": start,
                            "shorter": m1,
                            "longer": m2,
                            "shorter_fee": a1,
                            "longer_fee": a2,
                        },
                        rests_on=(TARIFF,),
                    )
                )
    return out


def _cap_below_first(ctx: RuleContext, c: ClassTariff) -> RuleFinding | None:
    """A cap below the first period's price on some kind of day: caps by day type count (a weekend cap of
    5元 over a 10元 first hour contradicts the board as much as an every-day one), and the day is named."""
    first = c.segments[0].price if c.segments else None
    lowest = lowest_cap(c)
    if first is None or lowest is None or lowest[0] >= first:
        return None
    cap, day = lowest
    on_day = f"（{DAY_KINDS_ZH[day]}）" if day else ""
    values = {"problem": "cap_below_first", "vehicle": c.vehicle, "cap": f"{cap:.2f}", "first": f"{first:.2f}"}
    if day:
        values["cap_day"] = day
    return ctx.finding(
        RULE,
        f"{vehicle_zh(c.vehicle)}最高收费{on_day}{cap:.2f}元低于首段价格{first:.2f}元，标准自相矛盾。",
        values,
        rests_on=(TARIFF,),
    )


RULE = Rule(
    severity="alert",
    basis="—（收费标准内部一致性检查，服务于明码标价和禁止价格欺诈规定第六条的要求）",
    check=check,
    inputs=("board.unread", "tariff.bands", "tariff caps", "tariff.day_caps", "fee grid"),
    scope=SCOPE_CONSISTENCY,
)
