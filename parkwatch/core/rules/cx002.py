"""CX002 — 实收高于公示标准 (amount charged above the posted fee).

What:
    An amount actually charged for a stay (a receipt, a complaint with entry and exit times) must not
    exceed the fee the posted tariff gives for that stay and vehicle class.

Why:
    It is the overcharge the driver felt; the posted tariff turned into a fee function settles it.

Legal basis:
    价格法第十三条第二款：“经营者不得在标价之外加价出售商品，不得收取任何未予标明的费用。”；
    明码标价和禁止价格欺诈规定第八条、第十九条。

Example:
    Posted "首小时5元，之后每小时2元"; receipt 15元 for 09:00–12:10 → error "实收15.00元，按公示标准应收11.00元".
"""

from __future__ import annotations

from parkwatch.core.rules.base import SCOPE_LOT, TARIFF, Rule, RuleContext, RuleFinding, vehicle_zh


def check(ctx: RuleContext) -> list[RuleFinding]:
    tariff = ctx.tariff
    if tariff is None or not tariff.has_prices() or not ctx.charges:
        return []
    from parkwatch.core.fee import fee

    out = []
    for charge in ctx.charges:
        if tariff.for_vehicle(charge.vehicle) is None:
            continue
        posted = fee(tariff, charge.entry, charge.exit, charge.vehicle)
        if charge.amount <= posted.amount:
            continue
        out.append(
            ctx.finding(
                RULE,
                f"实收{charge.amount:.2f}元，按公示标准应收{posted.amount:.2f}元（{vehicle_zh(charge.vehicle)}，"
                f"{charge.entry:%Y-%m-%d %H:%M}至{charge.exit:%Y-%m-%d %H:%M}，停放{posted.minutes}分钟），"
                f"多收{charge.amount - posted.amount:.2f}元。",
                {
                    "charged": f"{charge.amount:.2f}",
                    "posted": f"{posted.amount:.2f}",
                    "excess": f"{charge.amount - posted.amount:.2f}",
                    "vehicle": charge.vehicle,
                    "entry": charge.entry.isoformat(timespec="minutes"),
                    "exit": charge.exit.isoformat(timespec="minutes"),
                    "minutes": posted.minutes,
                },
                rests_on=(TARIFF,),
                evidence=ctx.evidence + charge.evidence,
            )
        )
    return out


RULE = Rule(
    severity="error",
    basis="价格法第十三条第二款：“经营者不得在标价之外加价出售商品，不得收取任何未予标明的费用。”；明码标价和禁止价格欺诈规定第八条（摘要）",
    check=check,
    inputs=("tariff", "charges"),
    scope=SCOPE_LOT,
)
