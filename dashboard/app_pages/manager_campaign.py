"""Manager: totals (parkwatch.core.stats) for a campaign, district and period; per-lot table; charts per
week, district and rule; the summary sentence; Excel export."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import queries, services
from dashboard.common import count, demo_label, guard, pager, percent, yuan
from dashboard.i18n import t
from parkwatch.store.stats_db import Scope

PER_LOT_PAGE = 500

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

view = Scope(campaign_id, district, start, end)
stats = queries.campaign_stats(url, view)
records = queries.inspection_records(url, view)

is_demo = bool(records["is_demo"].any()) if not records.empty else bool(chosen and chosen["is_demo"])
demo_label(is_demo)
st.info(services.summary_sentence(stats))
complaints = stats.get("complaints")
METRICS = (
    ("m_staff", count(stats["staff_person_times"])),
    ("m_lots", count(stats["lots_inspected"])),
    ("m_problems", count(stats["problems_found"])),
    ("m_rectified", count(stats["violations_rectified"])),
    ("m_rectification_rate", percent(stats.get("rectification_rate"))),
    ("m_orders", count(stats.get("rectification_orders", 0))),
    ("m_cases", count(stats.get("cases_opened", 0))),
    ("m_fines", yuan(stats["fines_yuan"])),
    ("m_refunds", yuan(stats.get("refunds_yuan"))),
    ("m_complaints", count(complaints.get("total") if isinstance(complaints, dict) else complaints)),
)
for first in range(0, len(METRICS), 5):
    for cell, (key, value) in zip(st.columns(5), METRICS[first : first + 5], strict=True):
        cell.metric(t(key), value)

per_lot = pd.DataFrame()
if not records.empty:
    # built-in aggregations only: a Python function per group took 4-6 s over 10,000 inspected lots
    flagged = records.assign(
        orders=(records["outcome"] == "rectification_order").astype(int),
        cases=(records["outcome"] == "case_opened").astype(int),
    )
    per_lot = flagged.groupby(["lot_id", "lot", "district"], as_index=False).agg(
        inspections=("id", "count"),
        confirmed=("confirmed", "sum"),
        orders=("orders", "sum"),
        cases=("cases", "sum"),
        fines=("fines_yuan", "sum"),  # Decimal objects: summed exactly
        refunds=("refunds_yuan", "sum"),
    )
    if len(per_lot) > PER_LOT_PAGE:  # a province's campaign inspects thousands of lots: a page at a time
        page = pager(len(per_lot), PER_LOT_PAGE, key="mgr_lots_page")
        per_lot = per_lot.iloc[(page - 1) * PER_LOT_PAGE : page * PER_LOT_PAGE]
    st.dataframe(
        per_lot.assign(fines=per_lot["fines"].map(yuan), refunds=per_lot["refunds"].map(yuan)).rename(
            columns={
                "lot_id": t("col_id"),
                "lot": t("col_name"),
                "district": t("district"),
                "inspections": t("col_inspections"),
                "confirmed": t("col_confirmed"),
                "orders": t("m_orders"),
                "cases": t("m_cases"),
                "fines": t("m_fines"),
                "refunds": t("m_refunds"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _counts(
    frame: pd.DataFrame, category: str, title: str, measures: dict[str, str], horizontal: bool = False
) -> alt.Chart:
    """Bars of whole-number counts per `category`, one colour per measure (legend in words, integer ticks)."""
    long = frame.melt(id_vars=[category], value_vars=list(measures), var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(measures)
    count_axis = alt.Axis(title=t("axis_count"), format="d", tickMinStep=1)
    value = alt.X("n:Q", axis=count_axis) if horizontal else alt.Y("n:Q", axis=count_axis)
    label = (alt.Y if horizontal else alt.X)(f"{category}:N", title=None, sort=None)
    offset = alt.YOffset("measure:N") if horizontal else alt.XOffset("measure:N")
    chart: alt.Chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            value,
            label,
            offset,
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=title),
                alt.Tooltip("measure:N", title=t("axis_measure")),
                alt.Tooltip("n:Q", title=t("axis_count")),
            ],
        )
    )
    return chart


def _week_label(week: str) -> str:
    """ "2021-W14" → "2021年第14周"."""
    year, _, number = str(week).partition("-W")
    return t("week_of", year=year, week=int(number)) if number.isdigit() else str(week)


by_week = pd.DataFrame(stats.get("by_week") or [])
if not by_week.empty:
    st.markdown(f"#### {t('per_week')}")
    measures = {"staff_person_times": t("m_staff"), "lots_inspected": t("m_lots")}
    weeks = by_week.assign(week=by_week["week"].map(_week_label))
    st.altair_chart(_counts(weeks, "week", t("axis_week"), measures), width="stretch")
by_district = pd.DataFrame(stats.get("by_district") or [])
if not by_district.empty:
    st.markdown(f"#### {t('per_district')}")
    measures = {"lots_inspected": t("m_lots"), "problems_found": t("m_problems")}
    frame = by_district.fillna({"district": "—"})
    st.altair_chart(_counts(frame, "district", t("district"), measures, horizontal=True), width="stretch")
by_rule = pd.DataFrame(stats.get("violations_by_rule") or [])
if not by_rule.empty:
    st.markdown(f"#### {t('per_rule')}")
    measures = {"found": t("m_problems"), "rectified": t("m_rectified")}
    frame = by_rule.assign(rule=by_rule["rule"].map(services.rule_title))
    st.altair_chart(_counts(frame, "rule", t("rule"), measures, horizontal=True), width="stretch")
if records.empty:
    st.caption(t("no_data"))

st.download_button(
    t("export_excel"),
    data=lambda: services.campaign_excel(stats, is_demo),
    file_name="parkwatch-campaign.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="mgr_excel",
)
