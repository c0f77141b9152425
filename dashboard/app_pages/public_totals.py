"""Public: city totals and enforcement counts per lot (sortable). No inspector names."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import count, demo_label, guard, percent
from dashboard.i18n import t

guard("public")
url = queries.db_url()
st.title(t("page_totals"))

city = st.selectbox(
    t("city"),
    [None, *queries.cities(url)],
    format_func=lambda c: t("all_cities") if c is None else queries.city_name(c),
    key="totals_city",
)
totals = queries.city_totals(url, city)
demo_label(totals["demo_lots"])
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("lots_monitored"), count(totals["lots"]))
c2.metric(t("disclosure_rate"), percent(totals["disclosure_rate"]))
c3.metric(t("violations_confirmed"), count(totals["confirmed"]))
c4.metric(t("violations_rectified"), count(totals["rectified"]))

st.markdown(f"#### {t('per_lot_counts')}")
per_lot = queries.enforcement_per_lot(url, city=city)
if per_lot.empty:
    st.caption(t("no_data"))
else:
    demo_label(per_lot["is_demo"])
    table = per_lot.drop(columns=["is_demo"]).rename(
        columns={
            "id": t("col_id"),
            "name": t("col_name"),
            "district": t("district"),
            "inspections": t("col_inspections"),
            "confirmed": t("col_confirmed"),
            "rectified": t("col_rectified"),
            "still_open": t("col_open"),
            "by_rule": t("col_by_rule"),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
