"""PD008 — 未公示免费时长 (free period not disclosed).

What:
    Where the measures in force set a minimum free period for the lot's pricing form (Hunan 2021:
    market ≥15 min, guided ≥30 min), the board must say how long parking is free (免费时段/免费时长).
    Whether the period is long enough is PR002.

Why:
    Drivers leaving within the free period are charged when they do not know it exists.

Legal basis:
    湖南省机动车停放服务收费管理办法（湘发改价费规〔2020〕801号）关于免费停放时间的规定；公示牌范本“免费时段”。

Example:
    A market lot's board with "每小时3元" and no 免费 wording, observed 2023-05-01 → error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parkwatch.core.rules.base import PRICING_FORM_ZH, Missing, RuleContext, required_field_rule

if TYPE_CHECKING:
    from parkwatch.core.tariff import Tariff


def free_in_tariff(tariff: Tariff) -> bool:
    return any(c.free_minutes > 0 or c.always_free for c in tariff.classes)


def missing(ctx: RuleContext) -> Missing | None:
    minimum = ctx.standards.get("min_free_minutes")
    form = ctx.pricing_form()
    if minimum is None or form not in minimum.value:
        return None
    return Missing(
        f"公示牌未标示免费停放时长"
        f"（{PRICING_FORM_ZH.get(form, form)}停车场免费停放时间不少于{minimum.value[form]}分钟）。",
        {"free_minutes": None, "pricing_form": form, "required_minimum": minimum.value[form]},
        (minimum,),
    )


RULE = required_field_rule(
    "free_minutes",
    missing,
    in_tariff=free_in_tariff,
    module=__name__,
    severity="error",
    basis="湖南省机动车停放服务收费管理办法：停车场应当设置并公示免费停放时间；停车收费公示牌范本“免费时段”",
    inputs=("board.free_minutes", "tariff.free_minutes", "standards.min_free_minutes"),
)
