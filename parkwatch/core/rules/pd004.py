"""PD004 — 未标示定价形式 (pricing form not shown).

What:
    A parking board must say whether its price is 市场调节价, 政府指导价 or 政府定价 (定价形式 /
    收费性质 / 价格类型). Applies to the operator's own disclosure on every channel (board, photo,
    page, app listing), whether or not its prices could be read; not to an authority's approval or
    a third party's repost.

Why:
    The pricing form decides which rules apply: a guided lot must stay under its approved ceiling, a
    market lot must say it sets its own price. A driver cannot tell without it.

Legal basis:
    Local board templates (珠海2024、东莞2025、原湖南停车收费公示牌); 明码标价和禁止价格欺诈规定第七条。

Example:
    A board with 收费单位, prices and hotline but no 定价形式 line → error "未标示定价形式".
"""

from __future__ import annotations

from parkwatch.core.rules.base import PRICING_FORM_ZH, Missing, RuleContext, required_field_rule


def missing(ctx: RuleContext) -> Missing:
    registered = ctx.lot.pricing_form if ctx.lot is not None else "unknown"
    extra = f"（该停车场登记为{PRICING_FORM_ZH.get(registered, registered)}）" if registered != "unknown" else ""
    return Missing(
        f"公示牌未标示定价形式（市场调节价/政府指导价/政府定价）{extra}。",
        {"pricing_form": None, "registered_pricing_form": registered},
    )


RULE = required_field_rule(
    "pricing_form",
    missing,
    module=__name__,
    severity="error",
    basis="停车收费公示牌范本：应标示定价形式（市场调节价、政府指导价或政府定价）；明码标价和禁止价格欺诈规定第七条（摘要）",
    inputs=("board.pricing_form", "lot.pricing_form"),
)
