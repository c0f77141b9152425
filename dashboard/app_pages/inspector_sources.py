"""Inspector: source health from the crawler (sources and their recent runs)."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import demo_label, guard, table_or_note
from dashboard.i18n import t

guard("inspector")
url = queries.db_url()
st.title(t("page_sources"))

frame = queries.sources(url)
if not frame.empty:
    demo_label(frame["is_demo"])
    failed = int((frame["last_status"] == "failed").sum())
    if failed:
        st.error(f"{failed} 个数据源最近一次运行失败 sources failed on their last run")
    frame = frame.drop(columns=["is_demo"])
table_or_note(frame, t("sources"))
table_or_note(queries.source_runs(url), t("source_runs"))
