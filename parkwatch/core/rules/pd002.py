"""PD002 — 价格未标示计价单位 (price without its unit or pricing method).

What:
    Every amount on the board must carry its unit or pricing method (每小时, 每30分钟, 每次, 首小时…).
    The board reader lists amounts shown alone ("5元") in the field `bare_prices`.

Why:
    "5元" alone cannot be checked: per hour? per visit? per day? A driver is charged whatever the
    operator later says it meant.

Legal basis:
    明码标价和禁止价格欺诈规定第七条（提供服务应当标示服务项目和价格或者计价方法）；价格法第十三条。

Example:
    "收费标准：5元" → error "价格“5元”未标示计价单位或计价方法".
"""

from __future__ import annotations

from datetime import date

from parkwatch.core.rules.base import listed_items_rule

RULE = listed_items_rule(
    "bare_prices",
    "price_unit_required",
    "价格{shown}未标示计价单位或计价方法（如“每小时”“每次”）。明码标价规定要求标示服务项目和价格或者计价方法。",
    module=__name__,
    severity="error",
    basis="明码标价和禁止价格欺诈规定第七条（摘要）：提供服务应当标示服务项目、服务内容和价格或者计价方法",
    effective_from=date(2022, 7, 1),
)
