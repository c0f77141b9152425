"""PD001 — 收费停车场未公示价格 (charging lot without a price disclosure).

What:
    A lot that charges (it is registered with a pricing form, a receipt or complaint shows a charge,
    or its board names a 收费单位/收费依据) must show its prices on a board or web page. The rule fires
    when neither the record checked nor any other source of the lot shows a price.

Why:
    Without a posted price a driver cannot know what they will pay, and the bureau cannot check the
    charge against anything. It is the first thing an inspector looks for (收费公示率).

Legal basis:
    价格法第十三条第一款、第四十二条；价格违法行为行政处罚规定第十三条第（一）项“不标明价格的”；
    明码标价和禁止价格欺诈规定第五条。

Example:
    A board reading only "停车场名称：东门停车场 / 收费单位：某物业公司" for a lot registered as
    市场调节价, with no price anywhere → error "收费停车场未公示收费标准".
"""

from __future__ import annotations

from parkwatch.core.rules.base import ANY_FIELD, SCOPE_LOT, Rule, RuleContext, RuleFinding


def _charges(ctx: RuleContext) -> list[str]:
    why = []
    if ctx.charges:
        why.append(f"有{len(ctx.charges)}笔实际收费记录")
    if ctx.lot is not None and ctx.lot.pricing_form in ("market", "guided", "government"):
        why.append("登记为收费停车场")
    if ctx.has("operator") or ctx.has("fee_basis"):
        why.append("公示牌标示收费单位或收费依据")
    return why


def check(ctx: RuleContext) -> list[RuleFinding]:
    if ctx.record is None:
        return []  # nothing was looked at: no observation is not proof of no disclosure
    if ctx.has_prices() or any(p.record.tariff is not None and p.record.tariff.has_prices() for p in ctx.others):
        return []
    why = _charges(ctx)
    if not why:
        return []
    where = "公示牌及网络页面均" if ctx.others else ""
    return [
        ctx.finding(
            RULE,
            f"收费停车场未公示收费标准：{where}未见价格（{'、'.join(why)}）。价格法第十三条要求经营者明码标价，注明服务项目、收费标准。",
            {"charging_indicators": why, "sources_checked": 1 + len(ctx.others)},
            rests_on=(ANY_FIELD,),
        )
    ]


RULE = Rule(
    severity="error",
    basis=(
        "价格法第十三条：“经营者销售、收购商品和提供服务，应当按照政府价格主管部门的规定明码标价，"
        "注明商品的品名、产地、规格、等级、计价单位、价格或者服务的项目、收费标准等有关情况。”；"
        "价格违法行为行政处罚规定第十三条第（一）项“不标明价格的”"
    ),
    check=check,
    inputs=("board.tariff", "board.bare_prices", "others", "charges", "lot.pricing_form"),
    scope=SCOPE_LOT,
)
