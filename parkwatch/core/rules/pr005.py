"""PR005 — 定价形式标示不实 (declared pricing form does not match the lot).

What:
    The pricing form the board declares must match the lot: its registration (`lots.pricing_form`),
    and the form the measures in force assign to its category (`pricing_form_by_category`: hospitals,
    stations, on-street berths, public lots are guided; malls, hotels, offices are market). A market
    lot claiming 政府指导价 is the classic false claim.

Why:
    Claiming a government-set price makes a high price look official and unchallengeable.

Legal basis:
    明码标价和禁止价格欺诈规定第十九条第（一）项：谎称商品和服务价格为政府定价或者政府指导价的。

Example:
    A shopping-mall lot (category mall, registered market) whose board says "定价形式：政府指导价"
    → alert "公示定价形式为政府指导价，与登记的市场调节价不符".
"""

from __future__ import annotations

from parkwatch.core.rules.base import PRICING_FORM_ZH, SCOPE_OPERATOR_DUTY, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    declared = ctx.value("pricing_form")
    if declared not in ("market", "guided", "government") or ctx.lot is None:
        return []
    expected, why, std = None, "", None
    if ctx.lot.pricing_form in ("market", "guided", "government"):
        expected, why = ctx.lot.pricing_form, "登记的"
    else:
        std = ctx.standards.get("pricing_form_by_category")
        if std is not None and ctx.lot.category in std.value:
            expected, why = std.value[ctx.lot.category], f"该类停车场（{ctx.lot.category}）应实行的"
    if expected is None or expected == declared:
        return []
    official = {"guided", "government"}
    false_claim = declared in official and expected not in official
    return [
        ctx.finding(
            RULE,
            f"公示定价形式为{PRICING_FORM_ZH[declared]}，与{why}{PRICING_FORM_ZH[expected]}不符"
            + ("，涉嫌谎称政府指导价/政府定价" if false_claim else "")
            + "。",
            {"declared": declared, "expected": expected, "category": ctx.lot.category, "false_claim": false_claim},
            rests_on=("pricing_form",),
            standards=(std,),
        )
    ]


RULE = Rule(
    severity="alert",
    basis="明码标价和禁止价格欺诈规定第十九条第（一）项（摘要）：谎称商品和服务价格为政府定价或者政府指导价的，属于价格欺诈",
    check=check,
    inputs=("board.pricing_form", "lot.pricing_form", "lot.category", "standards.pricing_form_by_category"),
    scope=SCOPE_OPERATOR_DUTY,
)
