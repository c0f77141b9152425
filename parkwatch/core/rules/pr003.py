"""PR003 — 最高收费超过核定限额 (cap above the approved cap).

What:
    Where the lot's approval sets a cap (cap_yuan per 24 h or per day, for small cars), neither the cap
    the board declares (the highest over its kinds of day: a weekend or holiday cap counts, since the fee
    grid is a weekday's) nor the highest fee for a 24-hour stay on the grid may exceed it. The worst
    24-hour stay is reported.

Why:
    The cap is what long-stay drivers (hospital visitors, commuters) actually pay; a posted cap above
    the approved one overcharges every one of them.

Legal basis:
    The lot's approval (批复); 价格违法行为行政处罚规定第九条第（一）项。

Example:
    Approved cap 30元 per 24 h; posted "24小时最高收费60元" →
    error "24小时（08:00起）：公示收费60.00元，核定最高30.00元".
"""

from __future__ import annotations

import re
from decimal import Decimal

from parkwatch.core.rules.base import SCOPE_PRICE_LEVEL, TARIFF, Rule, RuleContext, RuleFinding, stay_en, stay_zh
from parkwatch.core.rules.prices import DAY_KINDS_ZH, highest_cap_24h, max_fee_for


def _amount(text: object) -> Decimal | None:
    m = re.search(r"(\d+(?:\.\d+)?)\s*元", str(text or ""))
    return Decimal(m.group(1)) if m else None


def check(ctx: RuleContext) -> list[RuleFinding]:
    tariff = ctx.tariff
    if tariff is None or not tariff.has_prices():
        return []
    approval = ctx.approval()
    if approval is None or approval.cap_yuan is None:
        return []
    vehicle = "small"
    cls = tariff.for_vehicle(vehicle)
    if cls is None or not cls.has_prices:
        return []
    approved = approval.cap_yuan
    # caps by day type (日泊 星期一至五 $110, 星期六/日 $115): the highest is what a driver may be charged,
    # and only here is a weekend cap seen (the fee grid is a weekday's)
    highest = highest_cap_24h(cls)
    cap_24h, cap_day_kind = highest if highest is not None else (None, None)
    declared = cap_24h if approval.cap_period == "24h" else cls.cap_day
    declared = declared if declared is not None else (cls.cap_day or cap_24h)
    if declared != cap_24h:
        cap_day_kind = None
    board_cap = _amount(ctx.value("cap"))
    worst = max_fee_for(tariff, vehicle, 1440)
    over_declared = declared is not None and declared > approved
    # a cap shown on the board but not carried by the read tariff: judge the board's cap, not a
    # grid that lacks it (the reader's gap is not the operator's overcharge)
    trust_grid = declared is not None or board_cap is None
    over_grid = trust_grid and worst is not None and worst[1] > approved
    if board_cap is not None and declared is None and board_cap > approved:
        declared, over_declared = board_cap, True
    if not (over_declared or over_grid):
        return []
    parts = []
    values: dict[str, object] = {
        "vehicle": vehicle,
        "approved_cap": f"{approved:.2f}",
        "approval_number": approval.approval_number,
    }
    if over_declared:
        on_day = f"（{DAY_KINDS_ZH[cap_day_kind]}）" if cap_day_kind else ""
        parts.append(f"公示最高收费{on_day}{declared:.2f}元")
        values["posted_cap"] = f"{declared:.2f}"
        if cap_day_kind:
            values["posted_cap_day"] = cap_day_kind
    if over_grid and worst is not None:
        start, amount = worst
        parts.append(f"小型车停放{stay_zh(start, 1440)}公示收费{amount:.2f}元")
        values.update(stay=stay_en(start, 1440), posted=f"{amount:.2f}")
    period = "每24小时" if approval.cap_period == "24h" else "每日"
    return [
        ctx.finding(
            RULE,
            f"最高收费超过核定限额：{'；'.join(parts)}，批复{approval.approval_number}核定{period}最高{approved:.2f}元。",
            values,
            rests_on=(TARIFF, "cap"),
            standards=(approval,),
        )
    ]


RULE = Rule(
    severity="error",
    basis="停车收费批复核定的最高收费限额；价格违法行为行政处罚规定第九条第（一）项“超出政府指导价浮动幅度制定价格的”",
    check=check,
    inputs=("tariff.cap_24h", "tariff.cap_day", "tariff.day_caps", "fee grid (24 h)", "approval.cap_yuan"),
    scope=SCOPE_PRICE_LEVEL,
)
