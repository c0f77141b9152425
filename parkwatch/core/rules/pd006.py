"""PD006 — 未标示投诉举报电话 (complaint hotline not shown).

What:
    The board must show a complaint hotline accepted on the day (12315 nationally; 12345 where the
    local standard allows it: see `accepted_hotlines` in data/standards). A board that shows only the
    retired price hotline 12358 is an alert (an old board: the number still reaches 12315 in most
    places); no hotline, or only a local number, is an error.

Why:
    The hotline is how a driver who was overcharged reaches the bureau.

Legal basis:
    Local board templates: 价格举报电话 12315.

Example:
    "举报电话：12358" → alert "仅标示已停用的12358"; no 举报电话 line → error.
"""

from __future__ import annotations

from parkwatch.core.rules.base import ANY_FIELD, SCOPE_OPERATOR_DUTY, Rule, RuleContext, RuleFinding


def check(ctx: RuleContext) -> list[RuleFinding]:
    if not ctx.is_disclosure():
        return []
    accepted_std = ctx.standards.get("accepted_hotlines")
    if accepted_std is None:
        return []
    retired_std = ctx.standards.get("retired_hotlines")
    accepted = set(accepted_std.value)
    retired = set(retired_std.value) if retired_std else set()
    shown = [str(h) for h in ctx.value("hotlines") or ()]
    if any(h in accepted for h in shown):
        return []
    want = "或".join(sorted(accepted))
    old = [h for h in shown if h in retired]
    if old:
        message = f"公示牌仅标示已停用的举报电话{'、'.join(old)}，应标示{want}。"
    elif shown:
        message = f"公示牌标示的举报电话{'、'.join(shown)}不是{want}。"
    else:
        message = f"公示牌未标示投诉举报电话（应标示{want}）。"
    return [
        ctx.finding(
            RULE,
            message,
            {"hotlines": shown, "accepted": sorted(accepted)},
            rests_on=("hotlines",) if shown else (ANY_FIELD,),
            # only a retired number: an old board (the number still reaches 12315 in most places)
            standards=(accepted_std, retired_std) if old else (accepted_std,),
            severity="alert" if old else None,
        )
    ]


RULE = Rule(
    severity="error",
    basis="停车收费公示牌范本：应标示价格投诉举报电话12315（地方规定允许的，可标示12345）",
    check=check,
    inputs=("board.hotlines", "standards.accepted_hotlines", "standards.retired_hotlines"),
    scope=SCOPE_OPERATOR_DUTY,
)
