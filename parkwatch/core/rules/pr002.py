"""PR002 — 免费时长短于规定 (free period shorter than the minimum in force).

What:
    The free period posted for each priced vehicle class must be at least the minimum the measures in
    force set for the lot's pricing form (Hunan 2021: market 15 min, guided 30 min; 2026, reported:
    30 min for all). Under the 2026 measures (reported) on-street berths are also free 20:00–08:00:
    a fee for a night stay on a street berth is reported here too.

Why:
    The free period is the most common complaint after the price itself, and the easiest to check.

Legal basis:
    湖南省机动车停放服务收费管理办法（湘发改价费规〔2020〕801号、湘发改价费规〔2025〕723号）关于免费停放时间的规定。

Example:
    A guided on-street berth posting "即停即走车辆15分钟内免费", observed 2023-05-01 → error
    "免费时长15分钟，短于政府指导价停车场不少于30分钟的规定".
"""

from __future__ import annotations

from datetime import time

from parkwatch.core.rules.base import (
    PRICING_FORM_ZH,
    SCOPE_PRICE_LEVEL,
    TARIFF,
    Rule,
    RuleContext,
    RuleFinding,
    vehicle_zh,
)
from parkwatch.core.rules.prices import grid


def _night_fee(ctx: RuleContext) -> list[RuleFinding]:
    night = ctx.standards.get("on_street_free_hours")
    if night is None or ctx.lot is None or ctx.lot.category != "on_street" or ctx.tariff is None:
        return []
    start = time(22, 0)
    for c in ctx.tariff.classes:
        if not c.has_prices or c.always_free:
            continue
        amount = grid(ctx.tariff, "small" if c.vehicle == "all" else c.vehicle).get((start, 60))
        if amount is not None and amount > 0:
            return [
                ctx.finding(
                    RULE,
                    f"道路停车泊位{night.value['from']}至次日{night.value['to']}应免费，公示标准下{vehicle_zh(c.vehicle)}"
                    f"22:00起停放1小时收费{amount:.2f}元。",
                    {
                        "vehicle": c.vehicle,
                        "stay": "60 min from 22:00",
                        "posted": f"{amount:.2f}",
                        "free_hours": dict(night.value),
                    },
                    rests_on=(TARIFF,),
                    standards=(night,),
                )
            ]
    return []


def check(ctx: RuleContext) -> list[RuleFinding]:
    tariff = ctx.tariff
    if tariff is None or not tariff.has_prices():
        return []
    out = _night_fee(ctx)
    minimum = ctx.standards.get("min_free_minutes")
    form = ctx.pricing_form()
    if minimum is None or form not in minimum.value:
        return out
    required = int(minimum.value[form])
    board_free = ctx.value("free_minutes")
    shortest: tuple[int, str] | None = None
    for c in tariff.classes:
        if not c.has_prices or c.always_free:
            continue
        posted = c.free_minutes if c.free_minutes > 0 else (int(board_free) if board_free is not None else None)
        if posted is None:
            continue  # not disclosed: PD008
        if posted < required and (shortest is None or posted < shortest[0]):
            shortest = (posted, c.vehicle)
    if shortest is not None:
        posted, vehicle = shortest
        out.append(
            ctx.finding(
                RULE,
                f"{vehicle_zh(vehicle)}免费停放时长{posted}分钟，短于{PRICING_FORM_ZH.get(form, form)}停车场"
                f"免费停放时间不少于{required}分钟的规定。",
                {"vehicle": vehicle, "posted_free_minutes": posted, "required_minimum": required, "pricing_form": form},
                rests_on=(TARIFF, "free_minutes"),
                standards=(minimum,),
            )
        )
    return out


RULE = Rule(
    severity="error",
    basis="湖南省机动车停放服务收费管理办法：停车场应当设置免费停放时间，市场调节价停车场不少于15分钟，政府指导价停车场不少于30分钟（2021年版）",
    check=check,
    inputs=(
        "tariff.free_minutes",
        "board.free_minutes",
        "standards.min_free_minutes",
        "standards.on_street_free_hours",
    ),
    scope=SCOPE_PRICE_LEVEL,
)
