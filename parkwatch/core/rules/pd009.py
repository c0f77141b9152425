"""PD009 — 未标示计费单位或取整方式 (billing unit or rounding not disclosed).

What:
    The board must show the billing unit (每小时, 每30分钟, 每次) and, where prices run per unit, how a
    started unit is billed (不足30分钟按30分钟计). A tariff of flat or per-visit prices needs no
    rounding statement.

Why:
    "每小时2元" is billed very differently if 61 minutes cost 2元 or 4元; the rounding is part of the price.

Legal basis:
    明码标价和禁止价格欺诈规定第六条（交易条件与价格对应）；停车收费公示牌范本“计费方式”。

Example:
    "每小时2元" with no 不足…按…计 wording → error "未标示计费取整方式".
"""

from __future__ import annotations

from parkwatch.core.rules.base import ANY_FIELD, SCOPE_OPERATOR_DUTY, TARIFF, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    if not ctx.is_disclosure():
        return []
    tariff = ctx.tariff
    missing = []
    has_unit = ctx.has("billing_unit") or (
        tariff is not None and any(c.segments or c.bands or c.visit_price is not None for c in tariff.classes)
    )
    if not has_unit:
        missing.append("计费单位")
    per_unit = tariff is not None and any(s.kind == "unit" for c in tariff.classes for s in c.all_segments())
    has_rounding = ctx.has("rounding") or (
        tariff is not None and any(c.rounding_minutes is not None for c in tariff.classes)
    )
    if per_unit and not has_rounding:
        missing.append("计费取整方式（如“不足30分钟按30分钟计”）")
    if not missing:
        return []
    return [
        ctx.finding(
            RULE,
            f"公示牌未标示{'、'.join(missing)}。",
            {"missing": missing, "billing_unit": ctx.value("billing_unit"), "rounding": ctx.value("rounding")},
            rests_on=(ANY_FIELD, TARIFF),
        )
    ]


RULE = Rule(
    severity="error",
    basis="明码标价和禁止价格欺诈规定第六条（摘要）：应当标明交易条件以及与其对应的价格；停车收费公示牌范本“计费方式”",
    check=check,
    inputs=("board.billing_unit", "board.rounding", "tariff"),
    scope=SCOPE_OPERATOR_DUTY,
)
