"""The demo city's lots: pure, deterministic, plausible, and labelled demo."""

from __future__ import annotations

from collections import Counter

from demo.city import (
    _USCC_CHARS,
    _USCC_WEIGHTS,
    CATEGORY_PRICING_FORM,
    DEFECTS,
    DEMO_LABEL,
    DISTRICT_NAMES,
    SEED_CASE_KEY,
    demo_lots,
)
from parkwatch.core.board import FIELD_NAMES


def test_the_demo_city_has_310_lots_across_the_13_districts_and_zones() -> None:
    lots = demo_lots()
    assert len(lots) == 310
    assert {lot.district for lot in lots} == set(DISTRICT_NAMES)
    assert len(DISTRICT_NAMES) == 13


def test_the_same_seed_gives_the_same_lots_and_another_seed_other_lots() -> None:
    assert demo_lots() == demo_lots()
    assert [lot.tariff_text for lot in demo_lots(1)] != [lot.tariff_text for lot in demo_lots()]


def test_keys_and_names_are_unique_and_every_name_is_labelled_demo() -> None:
    lots = demo_lots()
    assert len({lot.key for lot in lots}) == 310
    assert len({lot.name for lot in lots}) == 310
    assert all(lot.name.endswith(DEMO_LABEL) for lot in lots)
    assert all(lot.address.startswith("岳阳市" + lot.district) for lot in lots)


def test_the_seeds_case_is_the_city_service_centre_lot_with_no_charging_right() -> None:
    lot = next(lot for lot in demo_lots() if lot.key == SEED_CASE_KEY)
    assert "市政务服务中心" in lot.name
    assert lot.charging_right is False
    assert lot.operator is None
    assert "10元" in lot.tariff_text
    assert "no_charging_right" in lot.defects
    assert [other.key for other in demo_lots() if not other.charging_right] == [SEED_CASE_KEY]


def test_coordinates_lie_around_yueyang() -> None:
    for lot in demo_lots():
        assert 28.5 < lot.latitude < 29.8, lot
        assert 112.3 < lot.longitude < 113.9, lot


def test_pricing_form_follows_the_category_and_guided_lots_have_an_approval() -> None:
    for lot in demo_lots():
        assert lot.pricing_form == CATEGORY_PRICING_FORM[lot.category]
        assert (lot.approval_ref is not None) == (lot.pricing_form == "guided")


def test_defects_sit_on_a_minority_of_lots_and_every_kind_occurs() -> None:
    lots = demo_lots()
    with_defects = [lot for lot in lots if lot.defects]
    assert 0 < len(with_defects) < len(lots) * 0.35
    kinds = Counter(d for lot in lots for d in lot.defects)
    assert set(kinds) == set(DEFECTS)
    assert all(not (set(lot.defects) - {"short_free_period"}) for lot in lots if lot.is_landmark)


def test_board_fields_are_what_the_board_text_shows() -> None:
    for lot in demo_lots():
        assert set(lot.board_fields) <= set(FIELD_NAMES)
        for name, value in lot.board_fields.items():
            if name in ("pricing_form", "free_minutes", "billing_unit"):
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                assert str(v) in lot.board_text, (lot.key, name, v)
        shows_hotline = "举报电话" in lot.board_text
        assert shows_hotline == ("hotlines" in lot.board_fields)
        assert ("missing_hotline" in lot.defects) == (not shows_hotline)
        assert ("hotline_12358" in lot.defects) == ("12358" in lot.board_text)
        assert ("missing_pricing_form" in lot.defects) == ("定价形式" not in lot.board_text)


def test_over_ceiling_lots_post_higher_prices_than_their_normal_peers() -> None:
    lots = demo_lots()
    over = [lot for lot in lots if "over_ceiling" in lot.defects]
    assert over
    for lot in over:
        assert lot.pricing_form == "guided"


def test_expired_approvals_end_before_the_2021_campaign_closes() -> None:
    for lot in demo_lots():
        if "expired_approval" in lot.defects:
            assert lot.approval_valid_until is not None and lot.approval_valid_until.year == 2021
            assert "〔2019〕" in lot.approval_ref


def test_credit_codes_carry_a_valid_check_character() -> None:
    for lot in demo_lots():
        code = lot.operator_credit_code
        if code is None:
            continue
        assert len(code) == 18
        total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
        assert _USCC_CHARS[(31 - total % 31) % 31] == code[17]


def test_tariff_wordings_vary_across_the_domain_patterns() -> None:
    texts = " ".join(lot.tariff_text for lot in demo_lots())
    for pattern in (
        "首小时",
        "每30分钟",
        "元/半小时",
        "按次收费",
        "白天(08:00-20:00)",
        "24小时最高收费",
        "封顶",
        "每日最高不超过",
        "不足30分钟按30分钟计",
        "月卡",
        "即停即走车辆15分钟内免费",
        "大型车",
        "新能源汽车",
    ):
        assert pattern in texts, pattern


# Other areas pin the demo city: the crawler's demo portal, the OCR's demo photos, the board tests and
# data/standards/yueyang/approvals-demo.yaml are all generated from demo_lots(). A change to the
# generator must be deliberate: update this fingerprint AND regenerate those files.
DEMO_LOTS_FINGERPRINT = "f76bd7d128d42e8f0977527628c1a98786c604717dc54c688e7bff41a8a471c5"


def test_the_demo_city_output_is_pinned_because_other_areas_are_generated_from_it() -> None:
    import dataclasses
    import hashlib
    import json

    blob = json.dumps([dataclasses.asdict(lot) for lot in demo_lots()], ensure_ascii=False, sort_keys=True, default=str)
    assert hashlib.sha256(blob.encode()).hexdigest() == DEMO_LOTS_FINGERPRINT
