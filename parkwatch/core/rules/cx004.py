"""CX004 — 收费标准变动 (posted price changed).

What:
    When a source's posted prices change (a new fee-grid hash in the lot's price history), the change
    is recorded as an alert, saying when it changed and whether the lot's other sources already show
    the same prices. One finding per change: which sources follow is in the message, not in the values,
    so a later check does not store the same change again.

Why:
    A price rise on the board that the app has not caught up with (or the reverse) is where drivers
    get surprised; a rise on a guided lot may need a new approval.

Legal basis:
    明码标价和禁止价格欺诈规定第六条第二款：商品或者服务的价格发生变动时，经营者应当及时调整相应标价。

Example:
    The board's prices changed on 2024-03-01; the web listing still shows the old prices → alert
    "收费标准于2024-03-01变动，网络页面未同步".
"""

from __future__ import annotations

from parkwatch.core.rules.base import SCOPE_CONSISTENCY_HISTORY, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    mine = sorted((v for v in ctx.history if v.source == ctx.source), key=lambda v: v.valid_from)
    mine = [v for v in mine if v.valid_from.date() <= ctx.on]
    if len(mine) < 2 or mine[-1].grid_hash == mine[-2].grid_hash:
        return []
    before, after = mine[-2], mine[-1]
    latest: dict[str, str] = {}
    for v in sorted(ctx.history, key=lambda v: v.valid_from):
        if v.source != ctx.source and v.valid_from.date() <= ctx.on:
            latest[v.source] = v.grid_hash
    behind = sorted(s for s, h in latest.items() if h != after.grid_hash)
    follow = sorted(s for s, h in latest.items() if h == after.grid_hash)
    tail = f"其他来源未同步：{'、'.join(behind)}" if behind else ("其他来源已同步" if follow else "无其他来源可比对")
    return [
        ctx.finding(
            RULE,
            f"来源“{ctx.source}”的收费标准于{after.valid_from:%Y-%m-%d}变动（{tail}）。",
            {
                "source": ctx.source,
                "changed_at": after.valid_from.isoformat(timespec="minutes"),
                "from_hash": before.grid_hash[:16],
                "to_hash": after.grid_hash[:16],
            },
        )
    ]


RULE = Rule(
    severity="alert",
    basis="明码标价和禁止价格欺诈规定第六条第二款（摘要）：商品或者服务的价格发生变动时，经营者应当及时调整相应标价",
    check=check,
    inputs=("price history (price_versions)",),
    scope=SCOPE_CONSISTENCY_HISTORY,
)
