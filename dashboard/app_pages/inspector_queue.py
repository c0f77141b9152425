"""Inspector: the review queue — open findings (alerts first) and low-confidence photo reads."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import guard, table_or_note
from dashboard.i18n import t

guard("inspector")
url = queries.db_url()
st.title(t("page_queue"))
table_or_note(queries.alert_queue(url), t("queue_alerts"))
table_or_note(queries.low_confidence_reads(url), t("queue_low_conf"))
