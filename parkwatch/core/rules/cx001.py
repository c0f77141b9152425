"""CX001 — 现场公示与网络公示收费不一致 (board and online listing give different fees).

What:
    For the same lot, the fee the board (or a photo of it) gives for a stay must equal the fee the
    online listing gives, for every vehicle class and stay on the grid. The worst difference is
    reported. Checked from the board's side, against every web source of the lot.

Why:
    Drivers choose a lot on the app's price and pay the board's; either one is then not the price.

Legal basis:
    明码标价和禁止价格欺诈规定第五条、第十三条、第二十条。

Example:
    Board "每小时3元"; app "每小时2元" → error "小型车停放2小时（08:00起）：公示牌6.00元，网络页面4.00元".
"""

from __future__ import annotations

from parkwatch.core.rules.base import SCOPE_BOARD_VS_ONLINE, TARIFF, Rule, RuleContext, RuleFinding
from parkwatch.core.rules.prices import worst_excess


def check(ctx: RuleContext) -> list[RuleFinding]:
    tariff = ctx.tariff
    if tariff is None or not tariff.has_prices():
        return []
    out = []
    for other in ctx.others:
        web = other.record.tariff
        if other.kind != "web" or web is None or not web.has_prices():
            continue
        worst = worst_excess(tariff, web, differs=True)
        if worst is None:
            continue
        values = worst.values("board", "online")
        values["online_source"] = other.source
        reasons = [] if other.record.tariff_confidence >= 0.8 else [TARIFF]
        out.append(
            ctx.finding(
                RULE,
                f"现场公示与网络公示收费不一致：{worst.describe('公示牌', '网络页面')}"
                f"（网格中{worst.stays}种停放情形不一致；网络来源：{other.source}）。",
                values,
                rests_on=(TARIFF, *reasons),
                evidence=ctx.evidence + other.evidence,
            )
        )
    return out


RULE = Rule(
    severity="error",
    basis="明码标价和禁止价格欺诈规定第五条、第十三条、第二十条（摘要）：经营者通过网络等方式提供服务的，应当标示价格，且应与实际收费一致",
    check=check,
    inputs=("tariff", "others[web].tariff"),
    scope=SCOPE_BOARD_VS_ONLINE,
)
