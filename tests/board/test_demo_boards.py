"""Every demo-city board (demo.city) reads back the ground truth it was generated from."""

from __future__ import annotations

import pytest

from parkwatch.core.board_reader import read_board

demo_city = pytest.importorskip("demo.city")


def test_every_demo_board_reads_back_its_true_fields() -> None:
    lots = demo_city.demo_lots()
    assert len(lots) >= 300
    wrong: list[tuple[str, str, object, object]] = []
    for lot in lots:
        record = read_board(lot.board_text)
        for name, truth in lot.board_fields.items():
            if name == "billing_unit" and lot.board_fields.get("bare_prices"):
                continue  # a bare price ("8元") shows no billing unit: nothing to read
            if record.value(name) != truth:
                wrong.append((lot.key, name, record.value(name), truth))
    assert wrong == []


def test_demo_boards_with_defects_show_them_in_the_record() -> None:
    by_defect: dict[str, list] = {}
    for lot in demo_city.demo_lots():
        for defect in getattr(lot, "defects", ()):
            by_defect.setdefault(defect, []).append(lot)
    if "hotline_12358" in by_defect:
        for lot in by_defect["hotline_12358"]:
            assert read_board(lot.board_text).value("hotlines") == ["12358"]
    if "missing_pricing_form" in by_defect:
        for lot in by_defect["missing_pricing_form"]:
            assert not read_board(lot.board_text).has("pricing_form")
    if "bare_price" in by_defect:
        for lot in by_defect["bare_price"]:
            assert read_board(lot.board_text).has("bare_prices")
    assert by_defect, "the demo city has no defective boards to check"
