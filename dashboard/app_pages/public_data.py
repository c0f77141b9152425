"""Public: open data downloads — lots (CSV, GeoJSON), posted tariffs, public findings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from dashboard import queries
from dashboard.common import demo_label, guard
from dashboard.i18n import t
from parkwatch.store.exports import neutralise_csv

guard("public")
url = queries.db_url()
st.title(t("page_data"))
st.write(t("open_data_intro"))
demo_label(queries.city_totals(url)["demo_lots"])

# (label and key suffix, the query that builds the file, its name, its media type)
DOWNLOADS = (
    ("lots_csv", queries.open_lots_csv, "parkwatch-lots.csv", "text/csv"),
    ("lots_geojson", queries.open_lots_geojson, "parkwatch-lots.geojson", "application/geo+json"),
    ("tariffs_csv", queries.open_tariffs_csv, "parkwatch-tariffs.csv", "text/csv"),
    ("findings_csv", queries.open_findings_csv, "parkwatch-findings.csv", "text/csv"),
)


def _inert_csv(build: Callable[[str], bytes], url: str) -> bytes:
    """The CSV with every field that could start a formula in Excel or WPS neutralised (`'` prefix)."""
    return neutralise_csv(build(url))


# Deferred data (callables): the files are built only when somebody clicks, not on every page view.
for name, build, file_name, mime in DOWNLOADS:
    data = partial(_inert_csv, build, url) if mime == "text/csv" else partial(build, url)
    st.download_button(t(f"download_{name}"), data=data, file_name=file_name, mime=mime, key=f"dl_{name}")
