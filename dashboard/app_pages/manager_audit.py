"""Manager: the audit trail (append-only: who, when, before, after) and the notifications log."""

from __future__ import annotations

import streamlit as st

from dashboard import queries
from dashboard.common import guard, pager, table_or_note
from dashboard.i18n import t

guard("manager")
url = queries.db_url()
st.title(t("page_audit"))

st.markdown(f"#### {t('audit_trail')}")
c1, c2 = st.columns(2)
entity = c1.selectbox(
    t("entity"),
    [None, "finding", "inspection", "observation", "user", "evidence"],
    format_func=lambda e: e or t("all"),
    key="audit_entity",
)
actor_name = c2.text_input(t("actor"), key="audit_actor").strip() or None
total, _ = queries.audit_events(url, entity, actor_name, 1, 1)
page = pager(total, 100, key="audit_page")
_, events = queries.audit_events(url, entity, actor_name, page, 100)
table_or_note(events)
table_or_note(queries.notifications(url), t("notifications"))
