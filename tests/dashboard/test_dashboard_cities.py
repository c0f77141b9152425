"""The public pages with lots in two cities: the city choice narrows the list and the totals."""

from __future__ import annotations

from dashboard_helpers import all_text, errors, open_page
from dashboard_seed import NOW

from parkwatch.store.db.engine import write_session
from tests.rows import lot_row


def _second_city_lot(engine) -> None:
    with write_session(engine) as s:
        s.add(
            lot_row(
                "株洲神农公园停车场",
                NOW,
                address="株洲市天元区测试路1号",
                city="zhuzhou",
                district="天元区",
                pricing_form="market",
                is_demo=True,
            )
        )


def test_the_front_page_lists_one_city_when_one_is_chosen(seeded, sqlite_engine):
    _second_city_lot(sqlite_engine)
    at = open_page("public", "public_map")
    assert "共找到 5 个停车场" in all_text(at)  # every city at first
    at.selectbox(key="map_city").select("zhuzhou").run()
    text = all_text(at)
    assert not errors(at)
    assert "共找到 1 个停车场" in text and "株洲神农公园停车场" in text and "岳阳楼景区停车场" not in text
    at.selectbox(key="map_city").select("yueyang").run()
    assert "共找到 4 个停车场" in all_text(at)


def test_the_city_totals_count_the_chosen_city_only(seeded, sqlite_engine):
    _second_city_lot(sqlite_engine)
    at = open_page("public", "public_totals")
    lots = next(m for m in at.metric if m.label == "监测停车场")
    assert lots.value == "5"
    at.selectbox(key="totals_city").select("zhuzhou").run()
    assert not errors(at)
    lots = next(m for m in at.metric if m.label == "监测停车场")
    assert lots.value == "1"
    assert "株洲市" in at.selectbox(key="totals_city").options  # the city by its name, not its id
