"""CX003 — 无收费权收费 (charging without a charging right) — the seed's case.

What:
    Whoever charges must hold a charging right: the lot is registered as charging, and the operator is
    known. A lot recorded with no charging right (`lots.charging_right = false`) that shows prices, or
    has charges recorded against it, is an error; a charging lot with no known operator (not on the
    board, not in the register) needs review.

Why:
    The 2021 Yueyang report: behind the city service centre private persons collected 10元 per hour on
    land where nobody held a charging right. No price rule catches that: the price itself may be "fine".

Legal basis:
    价格违法行为行政处罚规定第九条第（五）项“自立收费项目或者自定标准收费的”；城市停车管理规定。

Example:
    Lot "市政务服务中心后侧停车场" registered with charging_right false, a board "每小时10元" → error.
"""

from __future__ import annotations

from parkwatch.core.rules.base import ANY_FIELD, SCOPE_LOT, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    lot = ctx.lot
    if lot is None:
        return []
    charging = ctx.has_prices() or bool(ctx.charges)
    if not charging:
        return []
    operator = ctx.value("operator") or lot.operator
    if lot.charging_right is False:
        return [
            ctx.finding(
                RULE,
                f"“{lot.name or lot.id}”无收费权却收费（收费人：{operator or '未标示'}；"
                + ("有实际收费记录" if ctx.charges else "现场公示收费标准")
                + "）。",
                {"charging_right": False, "operator": operator, "charges": len(ctx.charges)},
            )
        ]
    if lot.charging_right is None and not operator:
        return [
            ctx.finding(
                RULE,
                f"“{lot.name or lot.id}”收费但收费主体不明"
                "（公示牌未标示收费单位，登记信息中也无经营者），需核实收费权。",
                {"charging_right": None, "operator": None},
                rests_on=(ANY_FIELD,),
                severity="alert",
            )
        ]
    return []


RULE = Rule(
    severity="error",
    basis="价格违法行为行政处罚规定第九条第（五）项：“自立收费项目或者自定标准收费的”",
    check=check,
    inputs=("lot.charging_right", "lot.operator", "board.operator", "tariff", "charges"),
    scope=SCOPE_LOT,
)
