"""Whose disclosure and where: each rule judges only the disclosure kinds and channels it states.

The operator's duties (PD004–PD012) are the operator's, whether or not a price was read; an authority's
approval or a third party's repost carries none of them; the operator's own web page carries them as its
board does (Order 56 Art. 13); a finding that rests on a tariff not read in full is an alert.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from rules_kit import board, ctx, tariff

from parkwatch.core.board import BoardRecord, Reading
from parkwatch.core.rules import ALL_KINDS, CHANNELS, CODES, RULES, evaluate
from parkwatch.core.rules.base import DISCLOSURE_KIND, OPERATOR, UNKNOWN_KIND

OPERATOR_DUTIES = ("PD004", "PD005", "PD006", "PD007", "PD008", "PD009", "PD010", "PD011", "PD012")
BARE = dict(drop=("operator", "pricing_form", "fee_basis", "hotlines", "free_minutes", "exempt_vehicles"))


def _kind(record: BoardRecord, kind: str, confidence: float = 1.0) -> BoardRecord:
    return record.with_field(DISCLOSURE_KIND, Reading(kind, confidence, (0, 2)))


def _codes(**kw) -> set[str]:
    return {f.rule for f in evaluate(ctx(**kw))}


@pytest.mark.parametrize("code", CODES)
def test_every_rule_states_its_kinds_channels_and_why(code: str) -> None:
    rule = RULES[code]
    assert rule.kinds and set(rule.kinds) <= set(ALL_KINDS)
    assert rule.channels and set(rule.channels) <= set(CHANNELS)
    assert len(rule.scope.basis) > 40, f"{code}: say why it applies to {rule.kinds} on {rule.channels}"


def test_the_operator_duties_are_the_operators_alone() -> None:
    for code in (*OPERATOR_DUTIES, "PD014", "PR005"):
        assert RULES[code].kinds == OPERATOR, code
    for code in ("PD002", "PD003", "PD013", "PR006"):
        assert set(RULES[code].kinds) == set(ALL_KINDS), code


@pytest.mark.parametrize("kind", ["authority", "repost"])
def test_an_approval_or_a_repost_gets_none_of_the_operators_duties(kind: str) -> None:
    record = _kind(board(**BARE), kind)
    assert not _codes(record=record) & set(OPERATOR_DUTIES)
    assert _codes(record=_kind(board(**BARE), "operator")) >= {"PD004", "PD005", "PD006", "PD007", "PD012"}


def test_a_price_shown_without_its_unit_on_a_repost_is_an_alert_not_an_error() -> None:
    found = [f for f in evaluate(ctx(record=_kind(board(bare_prices=["5元"]), "repost"))) if f.rule == "PD002"]
    assert found and found[0].severity == "alert"
    assert "非经营者本人公示" in found[0].message


def test_the_callers_kind_wins_over_the_texts() -> None:
    record = _kind(board(**BARE), "operator")
    assert not _codes(record=record, disclosure_kind="authority") & set(OPERATOR_DUTIES)


def test_the_operators_own_web_page_gets_the_duties_its_board_has() -> None:
    # issue #16: a portal page without 监督电话 and 收费依据 raised nothing
    record = _kind(board(drop=("hotlines", "fee_basis")), "operator")
    assert {"PD005", "PD006"} <= _codes(record=record, kind="web", source="portal")
    assert {"PD005", "PD006"} <= _codes(record=record, kind="api", source="app")


def test_a_listing_whose_publisher_nothing_names_is_judged_only_on_how_it_shows_prices() -> None:
    record = board(drop=("hotlines", "fee_basis", "operator"), bare_prices=["5元"])
    codes = _codes(record=record, kind="web", source="amap")
    assert "PD002" in codes and not codes & set(OPERATOR_DUTIES)
    # at the lot, a board is the operator's whatever its wording
    assert {"PD005", "PD006", "PD007"} <= _codes(record=record, kind="photo")


def test_a_text_given_to_audit_has_the_kind_the_text_decides() -> None:
    record = board(**BARE)
    assert not _codes(record=record, kind="audit") & set(OPERATOR_DUTIES)
    assert _codes(record=_kind(record, "operator"), kind="audit") >= {"PD004", "PD007"}


def test_completeness_rules_judge_the_text_when_no_price_was_read() -> None:
    unread = BoardRecord(
        text="收费标准：小型车壹元每时辰\n收费单位：某公司",
        fields={"operator": Reading("某公司"), DISCLOSURE_KIND: Reading("operator")},
        tariff=None,
        unread=("小型车壹元每时辰",),
    )
    codes = _codes(record=unread)
    assert {"PD004", "PD005", "PD006", "PD011", "PD012", "PR006"} <= codes


def test_a_finding_that_rests_on_an_incomplete_tariff_is_an_alert() -> None:
    no_rounding = board(tariff(rounding=None), drop=("rounding",))
    record = replace(no_rounding, unread=("每车收费若干",))
    pd009 = [f for f in evaluate(ctx(record=record)) if f.rule == "PD009"]
    assert pd009 and pd009[0].severity == "alert"
    assert any("未完整识别" in r for r in pd009[0].review_reasons)
    # the same board read in full: an error
    assert next(f for f in evaluate(ctx(record=no_rounding)) if f.rule == "PD009").severity == "error"
    # the tariff reader's own word for it counts too (TariffReading.complete, issue #14)
    incomplete = replace(no_rounding, complete=False)
    assert next(f for f in evaluate(ctx(record=incomplete)) if f.rule == "PD009").severity == "alert"


def test_an_operator_kind_read_with_low_confidence_turns_duty_errors_into_alerts() -> None:
    record = _kind(board(drop=("operator",)), "operator", confidence=0.5)
    pd007 = next(f for f in evaluate(ctx(record=record, kind="audit")) if f.rule == "PD007")
    assert pd007.severity == "alert" and "公示类型" in pd007.message


def test_a_record_stored_before_the_kind_existed_is_judged_as_before() -> None:
    stored = BoardRecord.from_json({k: v for k, v in board(drop=("operator",)).to_json().items() if k != "complete"})
    assert "PD007" in _codes(record=stored)  # a photo: the operator's board
    assert evaluate(ctx(record=board(), kind="web", source="amap")) == []
    assert UNKNOWN_KIND in ALL_KINDS
