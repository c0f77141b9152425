"""PD010 — 未公示最高收费限额 (daily / 24 h cap not disclosed where required).

What:
    Where the lot's approval (批复) sets a cap (e.g. 24小时最高收费30元), the board must show a cap: one
    per 24 h or per day, per kind of day, per time window or per 48 h all count.
    Whether the posted cap is within the approved one is PR003.

Why:
    A cap that exists but is not posted protects nobody: long-stay drivers pay by the hour.

Legal basis:
    The lot's approval (批复) setting the cap; 明码标价和禁止价格欺诈规定第六条。

Example:
    Approval 岳发改价〔2025〕8号 caps 30元 per 24 h; the board shows only "首小时5元，之后每30分钟1元" → error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parkwatch.core.rules.base import Missing, RuleContext, required_field_rule

if TYPE_CHECKING:
    from parkwatch.core.tariff import Tariff


def cap_in_tariff(tariff: Tariff) -> bool:
    return any(
        c.cap_24h is not None
        or c.cap_day is not None
        or c.cap_period is not None
        # a cap of some day types, per window or per 48 h is a posted cap too
        or bool(c.day_caps)
        or c.cap_window is not None
        or c.cap_48h is not None
        or any(b.cap is not None for b in c.bands)
        for c in tariff.classes
    )


def missing(ctx: RuleContext) -> Missing | None:
    approval = ctx.approval()
    if approval is None or approval.cap_yuan is None:
        return None
    period = "每24小时" if approval.cap_period == "24h" else "每日"
    return Missing(
        f"公示牌未标示最高收费限额（批复{approval.approval_number}核定{period}最高{approval.cap_yuan:.2f}元）。",
        {"cap": None, "approved_cap": f"{approval.cap_yuan:.2f}", "approval_number": approval.approval_number},
        (approval,),
    )


RULE = required_field_rule(
    "cap",
    missing,
    in_tariff=cap_in_tariff,
    module=__name__,
    severity="error",
    basis="停车收费批复核定的最高收费限额应当在公示牌上标示；明码标价和禁止价格欺诈规定第六条（摘要）",
    inputs=("board.cap", "tariff caps (24 h, day, day types, windows, 48 h)", "approval.cap_yuan"),
)
