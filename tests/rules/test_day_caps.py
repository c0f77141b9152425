"""Caps by day type (`ClassTariff.day_caps`, issue #14) in the rules that judge caps (issue #22): PR003
compares the highest 24-hour cap a board declares on any kind of day with the approval's, and PD010 counts
a cap of some days only as a posted cap. The fee grid is a weekday's, so a weekend cap is seen only here."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from rules_kit import approval, ctx, guided_board, guided_lot, guided_tariff

from parkwatch.core.rules import evaluate
from parkwatch.core.rules.prices import caps_24h_by_day, highest_cap_24h
from parkwatch.core.tariff import ClassTariff, DayCap, Tariff


def _with_day_caps(cap: str | None, *day_caps: DayCap) -> Tariff:
    """The guided board's tariff (5元 first hour, 1元 per 30 min, 30 min free) with these caps."""
    base = guided_tariff(cap)
    return Tariff(classes=(replace(base.classes[0], day_caps=day_caps),))


def _findings(t: Tariff, **fields: object) -> dict[str, str]:
    record = guided_board(t, **fields)
    context = ctx(record, lot=guided_lot(), approvals=(approval(cap="30"),))
    return {f.rule: f.message for f in evaluate(context)}


def test_a_cap_per_day_type_is_taken_for_its_days_and_the_class_cap_for_the_rest() -> None:
    c = ClassTariff("small", cap_24h=Decimal("25"), day_caps=(DayCap(("weekend",), cap_24h=Decimal("35")),))
    assert caps_24h_by_day(c) == {
        "weekday": Decimal("25"),
        "saturday": Decimal("35"),
        "sunday": Decimal("35"),
        "holiday": Decimal("25"),
    }
    assert highest_cap_24h(c) == (Decimal("35"), "saturday")
    assert highest_cap_24h(ClassTariff("small", cap_24h=Decimal("25"))) == (Decimal("25"), None)
    assert highest_cap_24h(ClassTariff("small")) is None


def test_a_day_cap_without_a_24_hour_amount_leaves_the_class_cap_in_force() -> None:
    c = ClassTariff(
        "small",
        cap_24h=Decimal("25"),
        cap_window=Decimal("10"),
        cap_window_minutes=720,
        day_caps=(DayCap(("sunday",), cap_window=Decimal("12")),),
    )
    assert set(caps_24h_by_day(c).values()) == {Decimal("25")}


def test_pr003_fires_on_a_weekend_cap_above_the_approved_cap_that_the_weekday_grid_never_sees() -> None:
    t = _with_day_caps("30", DayCap(("saturday", "sunday"), cap_24h=Decimal("40")))
    findings = _findings(t, cap="24小时最高收费30元，周末40元")
    assert "PR003" in findings
    assert "公示最高收费（星期六）40.00元" in findings["PR003"]
    assert "核定每24小时最高30.00元" in findings["PR003"]


def test_pr003_holds_when_every_day_type_cap_is_within_the_approved_cap() -> None:
    t = _with_day_caps("30", DayCap(("saturday", "sunday"), cap_24h=Decimal("25")))
    assert "PR003" not in _findings(t, cap="24小时最高收费30元，周末25元")


def test_pr003_reads_a_cap_given_only_by_day_type() -> None:
    over = _with_day_caps(
        None, DayCap(("weekday",), cap_24h=Decimal("20")), DayCap(("weekend",), cap_24h=Decimal("45"))
    )
    within = _with_day_caps(
        None, DayCap(("weekday",), cap_24h=Decimal("20")), DayCap(("weekend",), cap_24h=Decimal("30"))
    )
    assert "公示最高收费（星期六）45.00元" in _findings(over, cap="周一至周五20元，周末45元")["PR003"]
    assert "PR003" not in _findings(within, cap="周一至周五20元，周末30元")


def test_pd010_counts_a_cap_of_some_day_types_as_a_posted_cap() -> None:
    capped = _with_day_caps(None, DayCap(("weekday",), cap_24h=Decimal("20")))
    uncapped = _with_day_caps(None)
    assert "PD010" not in _findings(capped, cap=None)
    assert "PD010" in _findings(uncapped, cap=None)


def _cap_below_first(t: Tariff) -> list[dict[str, object]]:
    context = ctx(guided_board(t), lot=guided_lot(), approvals=(approval(cap="30"),))
    return [f.values for f in evaluate(context) if f.rule == "PR006" and f.values["problem"] == "cap_below_first"]


def test_pr006_fires_on_a_weekend_cap_below_the_first_price_that_the_class_cap_hides() -> None:
    # 5元 for the first hour; 30元 per 24 h on weekdays but 4元 on Saturdays and Sundays
    found = _cap_below_first(_with_day_caps("30", DayCap(("weekend",), cap_24h=Decimal("4"))))
    assert found == [
        {"problem": "cap_below_first", "vehicle": "all", "cap": "4.00", "first": "5.00", "cap_day": "saturday"}
    ]


def test_pr006_reads_a_cap_given_only_by_day_type() -> None:
    low = _with_day_caps(None, DayCap(("weekday",), cap_24h=Decimal("20")), DayCap(("holiday",), cap_24h=Decimal("3")))
    ok = _with_day_caps(None, DayCap(("weekday",), cap_24h=Decimal("20")), DayCap(("holiday",), cap_24h=Decimal("5")))
    assert [(f["cap"], f.get("cap_day")) for f in _cap_below_first(low)] == [("3.00", "holiday")]
    assert _cap_below_first(ok) == []


def test_pr006_names_no_day_when_the_cap_below_the_first_price_holds_every_day() -> None:
    found = _cap_below_first(_with_day_caps("4"))
    assert [(f["cap"], "cap_day" in f) for f in found] == [("4.00", False)]
    assert _cap_below_first(_with_day_caps("30", DayCap(("sunday",), cap_24h=Decimal("8")))) == []
