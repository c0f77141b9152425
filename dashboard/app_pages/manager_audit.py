"""Manager: the audit trail (append-only: who, when, before, after) and the notifications log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.common import guard, pager, table_or_note
from dashboard.i18n import t
from dashboard.views import readable

guard("manager")
url = queries.db_url()
st.title(t("page_audit"))

ENTITIES = ("finding", "inspection", "observation", "user", "evidence", "campaign", "lot")


def _coded(prefix: str, code: str | None) -> str:
    """A stored code in words ("finding.confirm" → 确认违规); an unknown code stays as it is."""
    key = f"{prefix}_{(code or '').replace('.', '_')}"
    worded = t(key)
    return worded if worded != key else (code or "—")


st.markdown(f"#### {t('audit_trail')}")
c1, c2 = st.columns(2)
entity = c1.selectbox(
    t("entity"),
    [None, *ENTITIES],
    format_func=lambda e: t("all") if e is None else _coded("entity", e),
    key="audit_entity",
)
actor_name = c2.text_input(t("actor"), key="audit_actor").strip() or None
total, _ = queries.audit_events(url, entity, actor_name, 1, 1)
page = pager(total, 100, key="audit_page")
_, events = queries.audit_events(url, entity, actor_name, page, 100)
table_or_note(
    pd.DataFrame(
        {
            t("col_at"): events["at"].astype(str).str[:19],
            t("actor"): events["actor"],
            t("col_action"): events["action"].map(lambda a: _coded("action", a)),
            t("entity"): events["entity"].map(lambda e: _coded("entity", e)),
            t("col_entity_id"): events["entity_id"].map(lambda i: "—" if pd.isna(i) else str(i)),
            t("col_before"): events["before"].map(readable),
            t("col_after"): events["after"].map(readable),
        }
    )
)

notes = queries.notifications(url)
table_or_note(
    pd.DataFrame(
        {
            t("col_at"): notes["created_at"].astype(str).str[:19],
            t("col_channel"): notes["channel"],
            t("col_kind"): notes["kind"].map(lambda k: _coded("note", k)),
            t("col_last_status"): notes["status"].map(lambda s: _coded("send", s)),
            t("col_attempts"): notes["attempts"],
            t("col_last_error"): notes["last_error"].fillna("—"),
            t("col_sent_at"): notes["sent_at"].astype(str).str[:19].replace({"None": "—", "NaT": "—"}),
        }
    ),
    t("notifications"),
)
