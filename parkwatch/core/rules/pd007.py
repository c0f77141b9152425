"""PD007 — 未标示收费单位 (operator not named).

What:
    The board must name who charges: 收费单位 / 经营单位 / 管理单位 (the operator's full name; the
    credit code is recorded when shown).

Why:
    A price without a responsible party cannot be enforced, and private charging on land without a
    charging right (the seed's case, CX003) hides behind anonymous boards.

Legal basis:
    Local board templates: 收费单位（经营者全称）.

Example:
    A board with prices and 12315 but no 收费单位 → error "未标示收费单位".
"""

from __future__ import annotations

from parkwatch.core.rules.base import Missing, RuleContext, required_field_rule


def missing(ctx: RuleContext) -> Missing:
    return Missing(
        "公示牌未标示收费单位（经营者全称）。",
        {"operator": None, "operator_credit_code": ctx.value("operator_credit_code")},
    )


RULE = required_field_rule(
    "operator",
    missing,
    module=__name__,
    severity="error",
    basis="停车收费公示牌范本：应标示收费单位（经营者全称、统一社会信用代码）",
    inputs=("board.operator",),
)
