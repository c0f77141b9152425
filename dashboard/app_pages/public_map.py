"""Public: the searchable list of lots and the map, coloured by status.

On a phone the columns stack: search, the list (each lot a link to its page), then the map."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import count, demo_label, form_label, guard, link_params, pager, safe_md, status_label
from dashboard.i18n import t
from dashboard.map_chart import lots_map

guard("public")
url = queries.db_url()
st.title(t("page_map"))

PAGE_SIZE = 20  # rows per page: short enough for a phone screen and a fast first paint
MAP_LIMIT = 2000
STATUS_MARKS = {"violation": "red", "rectified": "orange", "ok": "green"}

search = st.text_input(t("search"), key="map_search")
city = st.selectbox(
    t("city"),
    [None, *queries.cities(url)],
    format_func=lambda c: t("all_cities") if c is None else queries.city_name(c),
    key="map_city",
)
with st.expander(t("filters"), icon=":material/filter_list:"):
    c1, c2, c3 = st.columns(3)
    district = c1.selectbox(
        t("district"), [None, *queries.districts(url, city)], format_func=lambda d: d or t("all"), key="map_district"
    )
    form = c2.selectbox(
        t("pricing_form"),
        [None, "market", "guided", "government", "unknown"],
        format_func=lambda f: t("all") if f is None else form_label(f),
        key="map_form",
    )
    status = c3.selectbox(
        t("compliance"),
        [None, "violation", "rectified", "ok"],
        format_func=lambda s: t("all") if s is None else status_label(s),
        key="map_status",
    )

chosen = queries.LotFilter(search, district, form, status, city)
total = queries.count_lots(url, chosen)
st.caption(t("lots_found", n=count(total)))

list_column, map_column = st.columns([1, 1], gap="large")
with list_column:
    page = pager(total, PAGE_SIZE, key="map_page")
    lots = queries.search_lots(url, chosen, page, PAGE_SIZE)
    if lots.empty:
        st.info(t("no_data"))
    else:
        demo_label(lots["is_demo"])
        for row in lots.itertuples():
            st.page_link(
                "app_pages/public_lot.py",
                label=safe_md(row.name),
                icon=":material/local_parking:",
                query_params=link_params(lot=row.id),
            )
            mark = STATUS_MARKS.get(row.status, "gray")
            st.caption(
                f"{safe_md(row.district or '—')} · {safe_md(row.address or '—')} · "
                f"{form_label(row.pricing_form)} · :{mark}[{status_label(row.status)}]"
            )

with map_column:
    # The map is drawn by default when the filtered set is small enough to read on a map, and on
    # request otherwise (the first MAP_LIMIT lots).
    show_map = st.toggle(t("show_map"), value=0 < total <= MAP_LIMIT, key="map_show")
    if show_map:
        points = queries.map_points(url, chosen, MAP_LIMIT)
        if not points.empty:
            labels = {key: status_label(key) for key in ("violation", "rectified", "ok")}
            st.altair_chart(lots_map(points, labels, t("col_status"), t("col_name")), width="stretch")
            st.caption(t("map_schematic"))
            if total > MAP_LIMIT:
                st.caption(t("map_limited", n=count(MAP_LIMIT)))
    elif total > MAP_LIMIT:
        st.caption(t("map_hint", n=count(MAP_LIMIT)))
