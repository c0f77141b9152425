"""PD011 — 收费时段未标示或不完整 (charging hours / time bands missing, overlapping or leaving gaps).

What:
    The board should show its charging hours (收费时间) or day/night bands, and bands must cover the
    day without overlapping. A board with bands that leave hours unpriced and do not say those hours
    are free, or with no charging hours at all, needs review.

Why:
    Overlapping bands give two prices for one minute; a gap leaves the night price to the operator.

Legal basis:
    明码标价和禁止价格欺诈规定第六条：根据不同交易条件实行不同价格的，应当标明交易条件以及与其对应的价格。

Example:
    "白天(08:00-20:00)每小时3元；夜间(22:00-次日06:00)每小时1元" with nothing said about 20:00–22:00
    and 06:00–08:00 → alert "收费时段未覆盖全天". (Overlapping bands inside the tariff are PR006.)
"""

from __future__ import annotations

import re

from parkwatch.core.rules.base import (
    ANY_FIELD,
    SCOPE_OPERATOR_DUTY,
    TARIFF,
    Rule,
    RuleContext,
    RuleFinding,
    overlaps_and_gaps,
    parse_hour_ranges,
)

_FREE_ELSEWHERE = re.compile(r"(其余|其他|其它|以外|之外)[^，。；\n]{0,8}免费|夜间免费|免费停放")


def check(ctx: RuleContext) -> list[RuleFinding]:
    if not ctx.is_disclosure():
        return []
    tariff = ctx.tariff
    findings = []
    band_classes = [c for c in tariff.classes if c.bands] if tariff is not None else []
    has_hours = (
        ctx.has("charging_hours")
        or bool(band_classes)
        or (tariff is not None and any(c.charging_hours for c in tariff.classes))
    )
    if not has_hours:
        findings.append(
            ctx.finding(
                RULE,
                "公示牌未标示收费时间（收费时段）。",
                {"charging_hours": None},
                rests_on=(ANY_FIELD, TARIFF),
            )
        )
    text_ranges = parse_hour_ranges(str(ctx.value("charging_hours") or ""))
    for c in band_classes:
        _, gaps = overlaps_and_gaps(tuple((b.start_minute, b.end_minute) for b in c.bands))
        if gaps and not _FREE_ELSEWHERE.search(ctx.record.text if ctx.record else ""):
            findings.append(
                ctx.finding(
                    RULE,
                    f"收费时段未覆盖全天：{'、'.join(gaps)}未标示价格或是否免费。",
                    {"vehicle": c.vehicle, "gaps": list(gaps)},
                    rests_on=("tariff",),
                )
            )
    if len(text_ranges) > 1:
        overlap, _ = overlaps_and_gaps(tuple(text_ranges))
        if overlap:
            findings.append(
                ctx.finding(
                    RULE,
                    f"公示的收费时间重叠：{'、'.join(overlap)}。",
                    {"charging_hours": ctx.value("charging_hours"), "overlap": list(overlap)},
                    rests_on=("charging_hours",),
                )
            )
    return findings


RULE = Rule(
    severity="alert",
    basis="明码标价和禁止价格欺诈规定第六条（摘要）：根据不同交易条件实行不同价格的，应当标明交易条件以及与其对应的价格",
    check=check,
    inputs=("board.charging_hours", "tariff.bands"),
    scope=SCOPE_OPERATOR_DUTY,
)
