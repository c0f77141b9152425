"""Public: the map and the searchable list of lots, coloured by status."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard import queries
from dashboard.common import demo_label, form_label, guard, pager, status_label
from dashboard.i18n import t

guard("public")
url = queries.db_url()
st.title(t("page_map"))

STATUS_COLOURS = {"violation": [214, 39, 40, 200], "rectified": [255, 160, 0, 200], "ok": [44, 160, 44, 180]}
PAGE_SIZE = 20  # rows per page: short enough for a phone screen and a fast first paint
MAP_LIMIT = 2000

c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
search = c1.text_input(t("search"), key="map_search")
district = c2.selectbox(
    t("district"), [None, *queries.districts(url)], format_func=lambda d: d or t("all"), key="map_district"
)
form = c3.selectbox(
    t("pricing_form"),
    [None, "market", "guided", "government", "unknown"],
    format_func=lambda f: t("all") if f is None else form_label(f),
    key="map_form",
)
status = c4.selectbox(
    t("compliance"),
    [None, "violation", "rectified", "ok"],
    format_func=lambda s: t("all") if s is None else status_label(s),
    key="map_status",
)

total = queries.count_lots(url, search, district, form, status)
st.caption(t("lots_found", n=total))

# The map (deck.gl) is the heaviest thing in the browser: it is drawn by default when the filtered
# set is small enough to read on a map, and on request otherwise (first MAP_LIMIT lots).
show_map = st.toggle(t("show_map"), value=0 < total <= MAP_LIMIT, key="map_show")
if show_map:
    points = queries.map_points(url, search, district, form, status, MAP_LIMIT)
    if not points.empty:
        data = pd.DataFrame(
            {
                "longitude": points["longitude"],
                "latitude": points["latitude"],
                "name": points["name"],
                "status_text": points["status"].map(status_label),
                "colour": points["status"].map(STATUS_COLOURS),
            }
        )
        layer = pdk.Layer(
            "ScatterplotLayer",
            data=data,
            get_position="[longitude, latitude]",
            get_fill_color="colour",
            get_radius=60,
            radius_min_pixels=3,
            pickable=True,
        )
        view = pdk.ViewState(
            latitude=float(data["latitude"].mean()), longitude=float(data["longitude"].mean()), zoom=10
        )
        # tooltip "text" (not "html"): deck.gl sets it as text, so a lot name cannot inject markup
        st.pydeck_chart(
            pdk.Deck(
                layers=[layer], initial_view_state=view, map_style=None, tooltip={"text": "{name}\n{status_text}"}
            ),
            height=360,
        )
        if total > MAP_LIMIT:
            st.caption(t("map_limited", n=MAP_LIMIT))
elif total > MAP_LIMIT:
    st.caption(t("map_hint", n=MAP_LIMIT))

page = pager(total, PAGE_SIZE, key="map_page")
lots = queries.search_lots(url, search, district, form, status, page, PAGE_SIZE)
if lots.empty:
    st.info(t("no_data"))
else:
    demo_label(lots["is_demo"])
    table = lots.assign(status=lots["status"].map(status_label), pricing_form=lots["pricing_form"].map(form_label))
    table = table[["id", "name", "district", "address", "pricing_form", "status"]].rename(
        columns={
            "id": t("col_id"),
            "name": t("col_name"),
            "district": t("district"),
            "address": t("col_address"),
            "pricing_form": t("pricing_form"),
            "status": t("col_status"),
        }
    )
    # a plain table: light in the browser (the front page must be ready in < 2 s) and readable on a phone
    st.table(table.set_index(t("col_id")))
    options = list(lots["id"])
    default = 0
    pick = st.selectbox(
        t("open_lot"),
        options,
        index=default,
        format_func=lambda i: f"#{i} {lots.loc[lots['id'] == i, 'name'].iloc[0]}",
        key="map_pick",
    )
    if st.button(t("open_lot"), key="map_open"):
        st.session_state["lot_id"] = int(pick)
        st.switch_page("app_pages/public_lot.py")
