"""Manager: totals (parkwatch.core.stats) for a campaign, district and period; per-lot table; charts per
week, district and rule; the summary sentence; Excel export."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import queries, services
from dashboard.common import demo_label, guard
from dashboard.i18n import t

guard("manager")
url = queries.db_url()
st.title(t("page_campaign"))

campaign_rows = queries.campaigns(url)
names = {row["id"]: row["name"] for row in campaign_rows}
c1, c2, c3 = st.columns(3)
campaign_id = c1.selectbox(
    t("campaign"), [None, *names], format_func=lambda c: t("all") if c is None else names[c], key="mgr_campaign"
)
district = c2.selectbox(
    t("district"), [None, *queries.districts(url)], format_func=lambda d: d or t("all"), key="mgr_district"
)
chosen = next((row for row in campaign_rows if row["id"] == campaign_id), None)
# a range (empty: none chosen yet), typed as date_input takes it
default_period: list[date | str | None] = [chosen["start_date"], chosen["end_date"]] if chosen else []
period = c3.date_input(t("period"), value=default_period, key=f"mgr_period_{campaign_id}")
start, end = (period[0], period[1]) if isinstance(period, (list, tuple)) and len(period) == 2 else (None, None)

stats = queries.campaign_stats(url, campaign_id, district, start, end)
records = queries.inspection_records(url, campaign_id, district, start, end)

is_demo = bool(records["is_demo"].any()) if not records.empty else bool(chosen and chosen["is_demo"])
demo_label(is_demo)
st.info(services.summary_sentence(stats))
m = st.columns(4)
m[0].metric("出动人次 staff", stats["staff_person_times"])
m[1].metric("检查停车场 lots", stats["lots_inspected"])
m[2].metric("发现问题 problems", stats["problems_found"])
m[3].metric("已整改 rectified", stats["violations_rectified"])
m = st.columns(4)
m[0].metric("责令改正 orders", stats.get("rectification_orders", 0))
m[1].metric("立案 cases", stats.get("cases_opened", 0))
m[2].metric("罚没款 fines (元)", services.money(stats["fines_yuan"]))
m[3].metric(
    "投诉 complaints",
    (stats.get("complaints") or {}).get("total", "—")
    if isinstance(stats.get("complaints"), dict)
    else stats.get("complaints"),
)

per_lot = pd.DataFrame()
if not records.empty:
    per_lot = records.groupby(["lot_id", "lot", "district"], as_index=False).agg(
        inspections=("id", "count"),
        confirmed=("confirmed", "sum"),
        orders=("outcome", lambda s: int((s == "rectification_order").sum())),
        cases=("outcome", lambda s: int((s == "case_opened").sum())),
        fines=("fines_yuan", lambda s: str(sum(s))),
        refunds=("refunds_yuan", lambda s: str(sum(s))),
    )
    st.dataframe(per_lot, hide_index=True, width="stretch")

by_week = pd.DataFrame(stats.get("by_week") or [])
if not by_week.empty:
    st.markdown(f"#### {t('per_week')}")
    st.altair_chart(
        alt.Chart(by_week)
        .mark_bar()
        .encode(x="week:N", y="staff_person_times:Q", tooltip=["week", "lots_inspected", "problems_found"]),
        width="stretch",
    )
by_district = pd.DataFrame(stats.get("by_district") or [])
if not by_district.empty:
    st.markdown(f"#### {t('per_district')}")
    st.altair_chart(
        alt.Chart(by_district.fillna({"district": "—"}))
        .mark_bar()
        .encode(x="problems_found:Q", y=alt.Y("district:N", sort="-x"), tooltip=["district", "lots_inspected"]),
        width="stretch",
    )
by_rule = pd.DataFrame(stats.get("violations_by_rule") or [])
if not by_rule.empty:
    st.markdown(f"#### {t('per_rule')}")
    st.altair_chart(
        alt.Chart(by_rule).mark_bar().encode(x="rule:N", y="found:Q", tooltip=["rule", "found", "rectified"]),
        width="stretch",
    )
if records.empty:
    st.caption(t("no_data"))

st.download_button(
    t("export_excel"),
    data=lambda: services.campaign_excel(stats, is_demo),
    file_name="parkwatch-campaign.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="mgr_excel",
)
