"""One AppTest per public page, over the small seeded database."""

from __future__ import annotations

from datetime import time

from dashboard_helpers import all_text, errors, open_page
from dashboard_seed import HOSTILE_NAME


def test_the_front_page_lists_the_lots_with_a_map_and_the_demo_label(seeded):
    at = open_page("public", "public_map")
    assert not errors(at)
    text = all_text(at)
    assert "共找到 4 个停车场" in text
    assert "岳阳楼景区停车场" in text
    assert "演示数据" in text
    assert at.get("vega_lite_chart"), "the map (Vega-Lite, drawn offline) is there"


def test_the_front_page_filters_by_district_and_compliance(seeded):
    at = open_page("public", "public_map")
    at.selectbox(key="map_district").select("云溪区").run()
    assert "共找到 2 个停车场" in all_text(at)
    at.selectbox(key="map_status").select("violation").run()
    text = all_text(at)
    assert "共找到 1 个停车场" in text and "市政务服务中心后停车场" in text


def test_the_front_page_search_finds_a_lot_by_name(seeded):
    at = open_page("public", "public_map")
    at.text_input(key="map_search").input("南湖").run()
    text = all_text(at)
    assert "共找到 1 个停车场" in text and "南湖广场地下停车场" in text


def test_the_lot_page_shows_the_tariff_fees_history_and_only_confirmed_findings(seeded):
    at = open_page("public", "public_map")
    at.session_state["lot_id"] = seeded["lot"]
    at.switch_page("app_pages/public_lot.py").run()
    assert not errors(at)
    text = all_text(at)
    fees = at.table[0].value
    # one row per item, one column per vehicle class (narrow enough for a phone)
    assert list(fees.iloc[:, 0][["停放1小时", "停放2小时", "停放24小时"]]) == ["5.00", "7.00", "20.00"]
    assert "PD002" in text  # confirmed
    assert "PD001" not in text and "PD003" not in text  # open and dismissed stay private
    assert "隐藏理由" not in text
    assert "明码标价和禁止价格欺诈规定" in text  # the legal basis is shown


def _checked_bill(lot_id: int, exit_at: time, paid: str):
    """The bill page after checking a stay at the lot from 08:00 to `exit_at`, `paid` yuan."""
    at = open_page("public", "public_bill")
    at.selectbox(key="bill_lot").select(lot_id)
    at.time_input(key="bill_entry_time").set_value(time(8, 0))
    at.time_input(key="bill_exit_time").set_value(exit_at)
    at.text_input(key="bill_paid").input(paid)
    at.button[0].click().run()  # the form's submit button
    return at


def test_the_bill_check_gives_the_fee_its_breakdown_and_a_12315_complaint_when_overcharged(seeded):
    at = _checked_bill(seeded["lot"], time(11, 0), "30")
    assert not errors(at)
    text = all_text(at)
    assert "应收 9.00 元" in text  # 5 + 2 + 2
    assert "多付了 21.00 元" in text
    assert "12315" in text
    complaint = at.code[0].value
    assert "岳阳楼景区停车场" in complaint and "多收21.00元" in complaint


def test_the_bill_check_says_so_when_the_bill_was_right(seeded):
    at = _checked_bill(seeded["lot"], time(9, 0), "5")
    text = all_text(at)
    assert "应收 5.00 元" in text and "未超过" in text and not at.code


def test_the_bill_check_refuses_an_exit_before_the_entry(seeded):
    at = open_page("public", "public_bill")
    at.time_input(key="bill_entry_time").set_value(time(11, 0))
    at.time_input(key="bill_exit_time").set_value(time(9, 0))
    at.button[0].click().run()
    assert "出场时间必须晚于入场时间" in all_text(at)


def test_city_totals_count_confirmed_findings_and_never_name_an_inspector(seeded):
    at = open_page("public", "public_totals")
    assert not errors(at)
    text = all_text(at)
    assert "确认违规 2" in text
    assert "市政务服务中心后停车场" in text  # the per-lot table
    assert "秘密检查员" not in text


def test_open_data_offers_csv_and_geojson_downloads_without_private_rows(seeded):
    from dashboard import queries

    at = open_page("public", "public_data")
    assert not errors(at)
    assert len(at.get("download_button")) == 4
    url = queries.db_url()
    lots_csv = queries.open_lots_csv(url).decode("utf-8-sig")
    assert "岳阳楼景区停车场" in lots_csv and lots_csv.splitlines()[0].startswith("id,name")
    import json

    geo = json.loads(queries.open_lots_geojson(url))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    assert geo["features"][0]["geometry"]["coordinates"] == [113.09, 29.37]
    findings_csv = queries.open_findings_csv(url).decode("utf-8-sig")
    assert "PD002" in findings_csv and "PD001" not in findings_csv and "隐藏理由" not in findings_csv
    assert "秘密检查员" not in findings_csv + lots_csv


def test_the_english_switch_translates_the_page(seeded):
    at = open_page("public", "public_totals")
    at.radio(key="lang").set_value("en").run()
    assert "City totals" in all_text(at)


def test_a_hostile_lot_name_is_shown_as_text(seeded):
    at = open_page("public", "public_map")
    at.session_state["lot_id"] = seeded["hostile"]
    at.switch_page("app_pages/public_lot.py").run()
    assert not errors(at)
    subheader = at.subheader[0].value
    # every markup character is escaped, so Markdown shows it literally
    assert "\\<script\\>" in subheader and HOSTILE_NAME not in subheader


def test_the_bill_check_keeps_the_lot_viewed_even_beyond_the_pickers_first_fifty(seeded, sqlite_engine):
    from dashboard_seed import seed_many_lots

    from dashboard import queries

    far = seed_many_lots(sqlite_engine, 60)[-1]
    queries.clear_caches()
    at = open_page("public", "public_map")
    at.query_params["lot"] = str(far)
    at.switch_page("app_pages/public_lot.py").run()
    assert at.session_state["lot_id"] == far
    at.switch_page("app_pages/public_bill.py").run()
    assert at.selectbox(key="bill_lot").value == far  # it used to fall back to lot #1
    assert at.session_state["lot_id"] == far


def test_an_unknown_or_malformed_lot_number_is_said_and_no_other_lot_is_shown(seeded):
    for asked in ("99999", "abc"):
        at = open_page("public", "public_map")
        at.query_params["lot"] = asked
        at.switch_page("app_pages/public_lot.py").run()
        text = all_text(at)
        assert f"未找到编号为“{asked}”的停车场" in text
        assert "公示收费标准" not in text and not at.subheader  # no lot page of another lot
