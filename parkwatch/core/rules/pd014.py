"""PD014 — 公示内容未及时更新 (board out of date (retired hotline, old issuer, expired approval)).

What:
    A board is current when it shows no retired hotline (12358), no issuer that no longer exists
    ("物价局", merged into 发改委/市场监管局 in 2018–2019), and no approval that has expired (its own
    "有效期至", or the validity of the approval on file).

Why:
    An outdated board usually means the price was never reviewed: the approval behind a guided price
    may have lapsed, and drivers are sent to a number nobody answers.

Legal basis:
    明码标价和禁止价格欺诈规定第六条第二款：商品或者服务的价格发生变动时，经营者应当及时调整相应标价。

Example:
    "收费依据：岳发改价〔2019〕5号 有效期至：2021-06-30", observed 2022-03-01 → alert "批复已过期".
"""

from __future__ import annotations

from datetime import date

from parkwatch.core.rules.base import SCOPE_OPERATOR_DUTY, Rule, RuleContext, RuleFinding


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def check(ctx: RuleContext) -> list[RuleFinding]:
    if ctx.record is None:
        return []
    out = []
    retired_std = ctx.standards.get("retired_hotlines")
    shown = [str(h) for h in ctx.value("hotlines") or ()]
    retired = [h for h in shown if retired_std is not None and h in retired_std.value]
    if retired:
        out.append(
            ctx.finding(
                RULE,
                f"公示牌仍标示已停用的举报电话{'、'.join(retired)}，应更新为12315。",
                {"problem": "retired_hotline", "hotlines": shown},
                rests_on=("hotlines",),
                standards=(retired_std,),
            )
        )
    issuer = str(ctx.value("issuer") or "")
    if "物价局" in issuer:
        out.append(
            ctx.finding(
                RULE,
                f"公示牌由已撤销的“{issuer}”监制，内容可能未随机构改革更新。",
                {"problem": "old_issuer", "issuer": issuer},
                rests_on=("issuer",),
            )
        )
    approval = ctx.approval()
    board_until = _date(ctx.value("approval_valid_until"))
    number = ctx.value("approval_number") or (approval.approval_number if approval else None)
    if board_until is not None and board_until < ctx.on:
        out.append(
            ctx.finding(
                RULE,
                f"公示的收费依据{number or ''}有效期至{board_until.isoformat()}，已过期。",
                {"problem": "expired_approval", "approval_number": number, "valid_until": board_until.isoformat()},
                rests_on=("approval_valid_until",),
            )
        )
    elif approval is not None and approval.valid_until is not None and approval.valid_until < ctx.on:
        out.append(
            ctx.finding(
                RULE,
                f"收费依据{approval.approval_number}已于{approval.valid_until.isoformat()}到期，公示牌未更新。",
                {
                    "problem": "expired_approval",
                    "approval_number": approval.approval_number,
                    "valid_until": approval.valid_until.isoformat(),
                },
                rests_on=("approval_number",),
                standards=(approval,),
            )
        )
    return out


RULE = Rule(
    severity="alert",
    basis="明码标价和禁止价格欺诈规定第六条第二款（摘要）：商品或者服务的价格发生变动时，经营者应当及时调整相应标价",
    check=check,
    inputs=("board.hotlines", "board.issuer", "board.approval_valid_until", "approval.valid_until"),
    scope=SCOPE_OPERATOR_DUTY,
)
