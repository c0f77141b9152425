"""PR001 — 收费超过核定上限 (fees above the approved ceiling).

What:
    For a guided (政府指导价) or government-priced lot, the posted tariff's fee for every vehicle class
    and every stay on the grid (15 min … 48 h, starting 08:00, 10:00, 19:00, 22:00) must not exceed the
    fee of the ceiling tariff in the lot's approval (批复). The worst stay is reported.

Why:
    A ceiling is a fee function, not a number: a lower first-hour price with a higher cap can still
    overcharge a long stay. Comparing fee functions over the grid catches every such case.

Legal basis:
    价格法第三十九条；价格违法行为行政处罚规定第九条第（一）项“超出政府指导价浮动幅度制定价格的”。

Example:
    Ceiling "首小时5元，之后每30分钟1元，24小时最高收费30元"; posted "首小时10元，之后每30分钟2元，24小时最高收费60元"
    → error "小型车停放24小时（08:00起）：公示60.00元，核定上限30.00元".
"""

from __future__ import annotations

from parkwatch.core.rules.base import PRICING_FORM_ZH, SCOPE_PRICE_LEVEL, TARIFF, Rule, RuleContext, RuleFinding
from parkwatch.core.rules.prices import worst_excess


def check(ctx: RuleContext) -> list[RuleFinding]:
    tariff = ctx.tariff
    form = ctx.pricing_form()
    if tariff is None or not tariff.has_prices() or form not in ("guided", "government"):
        return []
    approval = ctx.approval()
    ceiling = approval.ceiling() if approval is not None else None
    if approval is None or ceiling is None:
        return []
    worst = worst_excess(tariff, ceiling)
    if worst is None:
        return []
    values = worst.values("posted", "ceiling")
    values.update(approval_number=approval.approval_number, pricing_form=form)
    note = "" if approval.valid_on(ctx.on) else f"（该批复已于{approval.valid_until}到期，仍按其核定价格比较）"
    return [
        ctx.finding(
            RULE,
            f"{PRICING_FORM_ZH[form]}停车场收费超过核定上限：{worst.describe('公示收费', '核定上限')}，"
            f"网格中共{worst.stays}种停放情形超限（批复{approval.approval_number}）{note}。",
            values,
            rests_on=(TARIFF,),
            standards=(approval,),
        )
    ]


RULE = Rule(
    severity="error",
    basis=(
        "价格法第三十九条：“经营者不执行政府指导价、政府定价以及法定的价格干预措施、紧急措施的，责令改正，没收违法所得，"
        "可以并处违法所得五倍以下的罚款”；价格违法行为行政处罚规定第九条第（一）项“超出政府指导价浮动幅度制定价格的”"
    ),
    check=check,
    inputs=("tariff", "approval.ceiling_tariff", "pricing form"),
    scope=SCOPE_PRICE_LEVEL,
)
