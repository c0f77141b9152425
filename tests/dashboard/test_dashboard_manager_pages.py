"""AppTests of the manager's pages: campaign totals and the audit trail."""

from __future__ import annotations

from dashboard_helpers import all_text, errors, open_page

from parkwatch.store.stats_db import Scope


def test_the_campaign_page_shows_the_summary_sentence_and_totals(seeded):
    at = open_page("manager", "manager_campaign")
    at.selectbox(key="mgr_campaign").select(seeded["campaign"]).run()
    assert not errors(at)
    text = all_text(at)
    assert "共出动执法人员4人次，检查各类停车场1个" in text
    assert "演示数据" in text
    assert at.get("download_button"), "the Excel export"
    assert at.get("vega_lite_chart"), "the charts"


def test_the_campaign_page_narrows_to_a_district(seeded):
    at = open_page("manager", "manager_campaign")
    at.selectbox(key="mgr_district").select("岳阳楼区").run()
    assert "共出动执法人员0人次" in all_text(at)


def test_the_excel_export_is_a_workbook(seeded):
    from dashboard import queries, services

    stats = queries.campaign_stats(queries.db_url(), Scope(seeded["campaign"]))
    data = services.campaign_excel(stats, demo=True)
    assert data[:2] == b"PK"  # xlsx is a zip


def test_the_audit_page_lists_events_and_notifications(seeded):
    at = open_page("manager", "manager_audit")
    assert not errors(at)
    text = all_text(at)
    assert "新增账号" in text and "email:test" in text  # the action in words, not its code
