"""Inspector: the review queue — readings waiting for confirmation, open findings (alerts first) and
low-confidence photo reads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries, services, views
from dashboard.common import guard, link_params, table_or_note
from dashboard.i18n import field_label, t

guard("inspector")
url = queries.db_url()
st.title(t("page_queue"))

pending = views.pending_readings(url)
if pending:
    st.warning(t("pending_count", n=len(pending)), icon=":material/pending:")
    st.page_link(
        "app_pages/inspector_review.py",
        label=t("page_review"),
        icon=":material/rate_review:",
        query_params=link_params(),
    )

alerts = queries.alert_queue(url)
table_or_note(
    pd.DataFrame(
        {
            t("col_finding"): alerts["id"],
            t("col_name"): alerts["lot"].fillna("—"),
            t("rule"): alerts["rule_code"].map(services.rule_title),
            t("message"): alerts["message"],
            t("found_at"): alerts["found_at"].astype(str).str[:16],
        }
    ),
    t("queue_alerts"),
)


def _weak_fields(listed: str) -> str:
    """ "hotlines 0.55, cap 0.70" → "举报电话 0.55、封顶 0.70"."""
    parts = [part.strip().rsplit(" ", 1) for part in (listed or "").split(",") if part.strip()]
    return "、".join(f"{field_label(name)} {value}" for name, value in parts)


reads = queries.low_confidence_reads(url)
table_or_note(
    pd.DataFrame(
        {
            t("col_observation"): reads["id"],
            t("col_name"): reads["lot"].fillna("—"),
            t("col_taken_at"): reads["captured_at"].astype(str).str[:16],
            t("col_weak_fields"): reads["weak_fields"].map(_weak_fields),
            t("col_engine"): reads["engine"].fillna("—"),
        }
    ),
    t("queue_low_conf"),
)
