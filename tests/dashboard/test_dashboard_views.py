"""The page helpers: the offline map and its outlines, the board-against-lot comparison, stored values
in words, the review page over a database that keeps readings pending, and the charts' axes."""

from __future__ import annotations

import itertools
import json

import pandas as pd
from dashboard_helpers import all_text, errors, open_page
from sqlalchemy import text

from dashboard import map_chart, views
from dashboard.i18n import t


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: is the point inside the polygon ring?"""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_every_demo_district_has_an_outline_that_holds_its_centre():
    from demo.city import DISTRICTS

    features = {f["properties"]["name"]: f for f in map_chart.outlines()["features"]}
    assert set(features) == {d[0] for d in DISTRICTS}
    for name, lat, lon, *_ in DISTRICTS:
        assert _inside(lon, lat, features[name]["geometry"]["coordinates"][0]), name


def test_the_map_is_fitted_to_the_lots_shown_and_cut_to_them():
    bounds = map_chart.fitted_bounds([113.09, 113.12], [29.37, 29.40])
    assert bounds[0] < 113.09 < 113.12 < bounds[2] and bounds[1] < 29.37 < 29.40 < bounds[3]
    assert bounds[2] - bounds[0] < 0.1  # a part of the city, not all of it
    features, _names = map_chart.district_shapes(bounds)
    assert features, "the outlines under the lots"
    for feature in features:
        for lon, lat in feature["geometry"]["coordinates"][0]:
            assert bounds[0] - 1e-9 <= lon <= bounds[2] + 1e-9 and bounds[1] - 1e-9 <= lat <= bounds[3] + 1e-9
    one = map_chart.fitted_bounds([113.1], [29.4])  # one lot alone still gets a readable map
    assert one[2] - one[0] >= map_chart.MIN_SPAN


def test_the_map_spec_has_a_legend_in_words_and_loads_nothing():
    points = pd.DataFrame(
        {"longitude": [113.10, 113.13], "latitude": [29.37, 29.38], "name": ["甲", "乙"], "status": ["ok", "violation"]}
    )
    labels = {"violation": "有确认违规", "rectified": "已整改", "ok": "未发现违规"}
    spec = map_chart.lots_map(points, labels, "状态", "名称").to_dict()
    dots = spec["layer"][-1]
    assert dots["encoding"]["color"]["scale"]["domain"] == ["有确认违规", "已整改", "未发现违规"]
    assert dots["encoding"]["color"]["legend"]["title"] == "状态"
    serialised = json.dumps(spec, ensure_ascii=False)
    assert "http" not in serialised.replace("https://vega.github.io/schema", "")  # no tiles, no style URL


def test_a_board_that_names_another_lot_is_flagged_and_a_matching_one_is_not():
    board = {
        "text": "王家河临时停车场收费公示\n地址：岳阳市南湖大道88号\n收费单位：岳阳南湖停车管理有限公司",
        "fields": {
            "lot_name": {"value": "王家河临时停车场", "confidence": 0.95},
            "operator": {"value": "岳阳南湖停车管理有限公司", "confidence": 0.95},
        },
    }
    lot = {"name": "汴河街临时停车场（演示）", "operator": "岳阳南湖停车管理有限公司", "address": "岳阳楼区汴河街1号"}
    found = views.mismatches(board, lot)
    assert len(found) == 2
    assert "王家河临时停车场" in found[0] and "汴河街临时停车场" in found[0]
    assert "南湖大道88号" in found[1]
    same = {"name": "王家河临时停车场（演示）", "operator": "岳阳南湖停车管理有限公司", "address": "岳阳市南湖大道88号"}
    assert views.mismatches(board, same) == []
    assert views.mismatches({"fields": {}}, lot) == []  # nothing read, nothing claimed


def test_stored_values_read_as_words_and_a_confirmed_finding_loses_the_engines_review_note():
    assert views.readable('{"lot_id": 3, "fields": ["a", "b"]}') == "停车场编号: 3；字段: a、b"
    assert views.readable({"role": "inspector", "is_demo": True}) == "角色: 检查员；演示数据: 是"
    assert views.readable(None) == "—" and views.readable({}) == "—"
    message = "小型车计费取整单位60分钟。（需复核：依据的标准未经核实：湘发改价费规〔2025〕723号（未经核实））"
    assert views.public_message(message) == "小型车计费取整单位60分钟。"
    assert views.rule_basis("PD002", None) not in ("", "—")  # the rule's own basis when none was stored
    assert views.rule_basis("PD002", "第五条") == "第五条"


def _pending_reading(engine, lot_id: int) -> int:
    """A photo reading stored pending, as the storage layer (issue 17) stores uploads: the column is
    added here when this database does not have it yet."""
    with engine.begin() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(observations)"))}
        if "status" not in columns:
            conn.execute(text("ALTER TABLE observations ADD COLUMN status VARCHAR(20)"))
        board = {
            "text": "王家河临时停车场收费公示",
            "fields": {"lot_name": {"value": "王家河临时停车场", "confidence": 0.93}},
            "tariff": None,
        }
        conn.execute(
            text(
                "INSERT INTO observations (lot_id, kind, captured_at, board, created_by, is_demo, status) "
                "VALUES (:lot, 'photo', '2024-06-03 10:00:00', :board, 'inspector', 0, 'pending')"
            ),
            {"lot": lot_id, "board": json.dumps(board, ensure_ascii=False)},
        )
        return int(conn.execute(text("SELECT max(id) FROM observations")).scalar())


def test_the_review_page_lists_pending_readings_and_warns_when_the_board_names_another_lot(seeded, sqlite_engine):
    oid = _pending_reading(sqlite_engine, seeded["lot"])
    at = open_page("inspector", "inspector_review")
    assert not errors(at), errors(at)
    text_ = all_text(at)
    assert f"{t('col_observation')} {oid}" in text_
    assert "王家河临时停车场" in text_ and "岳阳楼景区停车场" in text_  # both names quoted in the warning
    assert any("不一致" in w.value for w in at.warning)


def test_the_review_page_says_plainly_when_the_database_keeps_no_review_status(seeded, sqlite_engine):
    with sqlite_engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(observations)"))}
    at = open_page("inspector", "inspector_review")
    if "status" in columns:  # the storage layer's migration is in: the page lists what waits instead
        assert "没有待核实的识别结果" in all_text(at)
    else:
        assert "尚未启用“待核实”状态" in all_text(at)


def test_the_campaign_charts_have_chinese_axes_and_whole_number_ticks(seeded):
    at = open_page("manager", "manager_campaign")
    at.selectbox(key="mgr_campaign").select(seeded["campaign"]).run()
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert specs, "the charts"
    for spec in specs:
        encoding = spec["encoding"]
        count_axis = encoding.get("y", {}).get("axis") or encoding.get("x", {}).get("axis")
        assert count_axis["format"] == "d" and count_axis["tickMinStep"] == 1
        assert count_axis["title"] == "数量"
        shown = json.dumps(spec, ensure_ascii=False)
        assert "staff_person_times" not in shown and "problems_found" not in shown  # measures in words
    assert "整改率" in all_text(at)


def test_confirming_a_reading_on_the_review_page_publishes_it_and_says_so(seeded, sqlite_engine):
    oid = _pending_reading(sqlite_engine, seeded["lot"])
    at = open_page("inspector", "inspector_review")
    at.button(key=f"review_confirm_{oid}").click().run()
    assert not errors(at), errors(at)
    assert f"观测记录 {oid} 已处理" in all_text(at)
    with sqlite_engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM observations WHERE id = :id"), {"id": oid}).scalar()
    assert status == "confirmed"
