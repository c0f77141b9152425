"""PD003 — 价格未标示适用条件 (price without its condition (vehicle class, time band)).

What:
    Where a board has several prices, each must say what it applies to: the vehicle class
    (小型车/大型车), the time band (白天/夜间), the period (首小时/之后). The board reader lists amounts
    with no condition in the field `unconditioned_prices`.

Why:
    "3元 2元 10元" on one board lets the operator pick whichever price suits them.

Legal basis:
    明码标价和禁止价格欺诈规定第六条：根据不同交易条件实行不同价格的，应当标明交易条件以及与其对应的价格。

Example:
    "收费标准：3元/小时；5元/小时" with no vehicle class or band → error naming "5元/小时".
"""

from __future__ import annotations

from datetime import date

from parkwatch.core.rules.base import listed_items_rule

RULE = listed_items_rule(
    "unconditioned_prices",
    "price_condition_required",
    "价格{shown}未标明适用的车型或时段。实行不同价格的，应当标明交易条件以及与其对应的价格。",
    module=__name__,
    severity="error",
    basis="明码标价和禁止价格欺诈规定第六条（摘要）：经营者根据不同交易条件实行不同价格的，应当标明交易条件以及与其对应的价格",
    effective_from=date(2022, 7, 1),
)
