"""PD012 — 未标示免费车辆 (exempt vehicles not listed).

What:
    The measures in force name vehicle classes that park free (Hunan 2021: seven classes — 军车、警车、
    消防车、救护车 on duty and others); the board should list them (免费车辆 / 免收).

Why:
    An ambulance or fire engine charged at the gate is a complaint the bureau hears about.

Legal basis:
    湖南省机动车停放服务收费管理办法（湘发改价费规〔2020〕801号）免收停车服务费的车辆；公示牌范本“免费车辆”。

Example:
    A board with prices but no 免费车辆 line → alert listing the classes in force.
"""

from __future__ import annotations

from parkwatch.core.rules.base import Missing, RuleContext, required_field_rule


def missing(ctx: RuleContext) -> Missing | None:
    required = ctx.standards.get("exempt_vehicles")
    if required is None or not required.value:
        return None
    return Missing(
        f"公示牌未标示免收停车费的车辆（应包括：{'、'.join(required.value)}）。",
        {"exempt_vehicles": None, "required": list(required.value)},
        (required,),
    )


RULE = required_field_rule(
    "exempt_vehicles",
    missing,
    in_tariff=lambda tariff: bool(tariff.exemptions),
    module=__name__,
    severity="alert",
    basis="湖南省机动车停放服务收费管理办法：执行任务的军车、警车、消防车、救护车等车辆免收停车服务费；停车收费公示牌范本“免费车辆”",
    inputs=("board.exempt_vehicles", "tariff.exemptions", "standards.exempt_vehicles"),
)
