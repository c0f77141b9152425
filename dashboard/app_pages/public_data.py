"""Public: open data downloads — lots (CSV, GeoJSON), posted tariffs, public findings."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import demo_label, guard
from dashboard.i18n import t

guard("public")
url = queries.db_url()
st.title(t("page_data"))
st.write(t("open_data_intro"))
demo_label(queries.city_totals(url)["demo_lots"])

# Deferred data (callables): the files are built only when somebody clicks, not on every page view.
st.download_button(
    t("download_lots_csv"),
    data=lambda: queries.open_lots_csv(url),
    file_name="parkwatch-lots.csv",
    mime="text/csv",
    key="dl_lots_csv",
)
st.download_button(
    t("download_lots_geojson"),
    data=lambda: queries.open_lots_geojson(url),
    file_name="parkwatch-lots.geojson",
    mime="application/geo+json",
    key="dl_lots_geojson",
)
st.download_button(
    t("download_tariffs_csv"),
    data=lambda: queries.open_tariffs_csv(url),
    file_name="parkwatch-tariffs.csv",
    mime="text/csv",
    key="dl_tariffs_csv",
)
st.download_button(
    t("download_findings_csv"),
    data=lambda: queries.open_findings_csv(url),
    file_name="parkwatch-findings.csv",
    mime="text/csv",
    key="dl_findings_csv",
)
