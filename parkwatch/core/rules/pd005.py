"""PD005 — 未标示收费依据 (fee basis not shown).

What:
    A guided or government-priced lot must show its approval (批复文号, e.g. 岳发改价〔2019〕12号) as
    收费依据; a market lot must show "市场调节价" (or another basis). The pricing form is the one the
    board declares, else the one the lot is registered with.

Why:
    The approval number is what lets a driver or inspector check the posted price against the ceiling
    the 发改 office approved.

Legal basis:
    Local board templates: 收费依据（批准文号或“市场调节价”）.

Example:
    "定价形式：政府指导价 / 收费依据：有关规定" → error "政府指导价停车场未标示批复文号".
"""

from __future__ import annotations

from parkwatch.core.rules.base import ANY_FIELD, PRICING_FORM_ZH, SCOPE_OPERATOR_DUTY, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    if not ctx.is_disclosure():
        return []
    form = ctx.pricing_form()
    basis = ctx.value("fee_basis")
    if form in ("guided", "government"):
        if ctx.has("approval_number"):
            return []
        return [
            ctx.finding(
                RULE,
                f"{PRICING_FORM_ZH[form]}停车场未标示批复文号作为收费依据"
                + (f"（公示为“{basis}”）" if basis else "（未标示收费依据）")
                + "。",
                {"pricing_form": form, "fee_basis": basis, "approval_number": None},
                rests_on=("fee_basis", "pricing_form") if basis else (ANY_FIELD,),
            )
        ]
    if basis:
        return []
    return [
        ctx.finding(
            RULE,
            "公示牌未标示收费依据（市场调节价停车场应标示“市场调节价”）。",
            {"pricing_form": form, "fee_basis": None},
            rests_on=(ANY_FIELD,),
        )
    ]


RULE = Rule(
    severity="error",
    basis="停车收费公示牌范本：应标示收费依据（政府指导价、政府定价标示价格主管部门批准文号，市场调节价标示“市场调节价”）",
    check=check,
    inputs=("board.fee_basis", "board.approval_number", "board.pricing_form", "lot.pricing_form"),
    scope=SCOPE_OPERATOR_DUTY,
)
