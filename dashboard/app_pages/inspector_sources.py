"""Inspector: source health from the crawler (sources and their recent runs)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.common import demo_label, guard, table_or_note
from dashboard.i18n import t

guard("inspector")
url = queries.db_url()
st.title(t("page_sources"))


def _status(code: str | None) -> str:
    return t(f"run_{code}") if code in ("ok", "failed", "running") else (code or "—")


frame = queries.sources(url)
names = dict(zip(frame["key"], frame["name"], strict=True))  # runs are shown under the source's name
if not frame.empty:
    demo_label(frame["is_demo"])
    failed = int((frame["last_status"] == "failed").sum())
    if failed:
        st.error(t("sources_failed", n=failed), icon=":material/error:")
    frame = pd.DataFrame(
        {
            t("col_name"): frame["name"],
            t("col_kind"): frame["kind"].map(lambda k: t(f"kind_{k}") if k in ("web", "api", "photo") else k),
            t("col_last_run"): frame["last_run_at"].astype(str).str[:16],
            t("col_last_status"): frame["last_status"].map(_status),
            t("col_items"): frame["last_items"],
            t("col_errors"): frame["last_errors"],
            t("col_url"): frame["url"],
        }
    )
table_or_note(frame, t("sources"))

runs = queries.source_runs(url)
table_or_note(
    pd.DataFrame(
        {
            t("col_name"): runs["source"].map(lambda key: names.get(key, key)),
            t("col_started"): runs["started_at"].astype(str).str[:16],
            t("col_last_status"): runs["status"].map(_status),
            t("col_items"): runs["items"],
            t("col_valid_items"): runs["valid_items"],
            t("col_errors"): runs["errors"],
            t("message"): runs["message"].fillna("—"),
        }
    ),
    t("source_runs"),
)
