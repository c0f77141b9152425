"""Through the real board reader: the demo city's seeded board defects are each caught by their rule."""

from __future__ import annotations

from datetime import date

import pytest

from demo.city import SEED_CASE_KEY, demo_lots
from parkwatch.core.board_reader import read_board
from parkwatch.core.rules import LotInfo, RuleContext, evaluate
from parkwatch.core.standards import in_force

EXPECTED = {
    "missing_hotline": "PD006",
    "hotline_12358": "PD006",
    "bare_price": "PD002",
    "missing_pricing_form": "PD004",
    "expired_approval": "PD014",
    "over_ceiling": "PR001",
    "chinese_numerals": "PD013",
    "short_free_period": "PR002",
    "no_charging_right": "CX003",
    "hour_rounding": "PR004",
}


def _codes(lot, day: date) -> set[str]:
    info = LotInfo(
        id=1,
        name=lot.name,
        category=lot.category,
        pricing_form=lot.pricing_form,
        charging_right=False if lot.key == SEED_CASE_KEY else lot.charging_right,
        approval_ref=lot.approval_ref,
        operator=lot.operator,
    )
    ctx = RuleContext(
        record=read_board(lot.board_text), standards=in_force("yueyang", day), on=day, lot=info, kind="photo"
    )
    return {f.rule for f in evaluate(ctx)}


@pytest.mark.parametrize("defect", sorted(EXPECTED))
def test_each_seeded_demo_defect_is_caught_by_its_rule(defect):
    day = date(2026, 3, 1) if defect == "hour_rounding" else date(2024, 5, 1)
    lots = [lot for lot in demo_lots() if defect in lot.defects]
    assert lots, f"no demo lot carries {defect}"
    missed = [lot.key for lot in lots if EXPECTED[defect] not in _codes(lot, day)]
    assert missed == []


def test_a_cap_on_its_own_board_line_is_judged_as_posted():
    # station boards put "24小时最高收费30元" on its own line; the approved cap is 30: no PR003
    station = next(lot for lot in demo_lots() if lot.category == "station" and not lot.defects)
    assert "PR003" not in _codes(station, date(2024, 5, 1))
