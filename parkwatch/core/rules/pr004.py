"""PR004 — 计费取整单位过长 (rounding unit longer than allowed).

What:
    The longest billing unit whose started part is billed as a whole (`Tariff.max_rounding_minutes`,
    or the board's "不足X按X计" wording) must not exceed the longest unit the measures in force allow.
    Under the Hunan 2026 measures (reported, unverified) "不足一小时按一小时" is abolished: findings
    against that value are alerts until the text is confirmed.

Why:
    Rounding a 61-minute stay up to two hours doubles the fee; it is the quiet overcharge.

Legal basis:
    湖南省机动车停放服务收费管理办法（湘发改价费规〔2025〕723号，据报道取消“不足一小时按一小时计费”）。

Example:
    "每小时3元，不足1小时按1小时计", observed 2026-03-01 → alert "取整单位60分钟，超过允许的30分钟".
"""

from __future__ import annotations

import re

from parkwatch.core.rules.base import SCOPE_PRICE_LEVEL, TARIFF, Rule, RuleContext, RuleFinding, vehicle_zh

_ROUNDING = re.compile(r"不足\s*(\d+(?:\.\d+)?)\s*(分钟|小时|个小时)")


def board_rounding_minutes(text: str | None) -> int | None:
    m = _ROUNDING.search(text or "")
    if not m:
        return None
    n = float(m.group(1))
    return int(n * 60) if "小时" in m.group(2) else int(n)


def check(ctx: RuleContext) -> list[RuleFinding]:
    allowed = ctx.standards.get("max_rounding_minutes")
    if allowed is None or ctx.record is None:
        return []
    limit = int(allowed.value)
    worst: tuple[int, str, str] | None = None  # minutes, vehicle, rests_on
    if ctx.tariff is not None:
        for c in ctx.tariff.classes:
            if not c.has_prices or c.always_free:
                continue
            minutes = ctx.tariff.max_rounding_minutes("small" if c.vehicle == "all" else c.vehicle)
            if minutes is not None and minutes > limit and (worst is None or minutes > worst[0]):
                worst = (minutes, c.vehicle, TARIFF)
    stated = board_rounding_minutes(ctx.value("rounding"))
    if stated is not None and stated > limit and (worst is None or stated > worst[0]):
        worst = (stated, "all", "rounding")
    if worst is None:
        return []
    minutes, vehicle, rests = worst
    return [
        ctx.finding(
            RULE,
            f"{vehicle_zh(vehicle)}计费取整单位{minutes}分钟（不足{minutes}分钟按{minutes}分钟计），"
            f"超过现行规定允许的{limit}分钟。",
            {
                "vehicle": vehicle,
                "rounding_minutes": minutes,
                "allowed_minutes": limit,
                "rounding_text": ctx.value("rounding"),
            },
            rests_on=(rests,),
            standards=(allowed,),
        )
    ]


RULE = Rule(
    severity="error",
    basis="湖南省机动车停放服务收费管理办法（2025年修订，据报道）：取消“不足一小时按一小时计费”",
    check=check,
    inputs=("tariff.max_rounding_minutes", "board.rounding", "standards.max_rounding_minutes"),
    scope=SCOPE_PRICE_LEVEL,
)
