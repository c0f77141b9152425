"""Inspector: photo readings waiting for review. A reading from an upload is not public until an
inspector confirms it here; a board whose lot name, operator or address differ from the lot it was
filed under is flagged, quoting both."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import actions, queries, views
from dashboard.common import act, guard, safe_md
from dashboard.i18n import t
from parkwatch.settings import get_settings
from parkwatch.store.clock import show
from parkwatch.store.db.types import read_instant

guard("inspector")
url = queries.db_url()
st.title(t("page_review"))
st.caption(t("review_intro"))

if not views.review_available(url):
    # the database has no review status yet (storage, issue 17): nothing is held back, say so
    st.info(t("review_unavailable"), icon=":material/info:")
    st.stop()

# the write services of the storage layer (issue 17); the page offers the buttons only when they exist
confirm = getattr(actions, "confirm_reading", None)
reject = getattr(actions, "reject_reading", None)

if st.session_state.get("review_flash"):  # the outcome of the last click, above the list it changed
    st.success(st.session_state.pop("review_flash"), icon=":material/task_alt:")

rows = views.pending_readings(url)
if not rows:
    st.success(t("review_empty"), icon=":material/task_alt:")
    st.stop()
st.caption(t("pending_count", n=len(rows)))

for row in rows:
    oid = row["id"]
    with st.container(border=True):
        st.markdown(
            f"**{t('col_observation')} {oid}** · {safe_md(row['lot_name'] or '—')} · "
            f"{safe_md(row['created_by'] or '—')} · {show(read_instant(row['captured_at']))}"
        )
        lot = {"name": row["lot_name"], "operator": row["lot_operator"], "address": row["lot_address"]}
        problems = views.mismatches(row["board"], lot)
        for problem in problems:
            st.warning(problem, icon=":material/report:")
        if not row["lot_id"]:
            st.warning(t("review_no_lot"), icon=":material/report:")
        prices = views.price_summary(row["tariff"])
        if prices.empty:
            st.caption(t("no_prices_read"))
        else:
            st.table(prices)
        public = (row["board"] or {}).get("text")
        if public:
            with st.expander(t("raw_text")):
                st.text(public)
        photo = views.public_photo(url, row["evidence_sha256"])
        if photo and (Path(get_settings().evidence_dir) / photo).is_file():
            with st.expander(t("board_photo")):
                st.image(str(Path(get_settings().evidence_dir) / photo), width=360)
        if confirm is None or reject is None:
            st.caption(t("review_buttons_missing"))
            continue
        reason = st.text_input(t("review_reason"), key=f"review_reason_{oid}")
        c1, c2 = st.columns(2)
        if c1.button(t("review_confirm"), key=f"review_confirm_{oid}", type="primary", disabled=not row["lot_id"]):
            chosen, kwargs = confirm, {}
        elif c2.button(t("review_reject"), key=f"review_reject_{oid}"):
            chosen, kwargs = reject, {"reason": reason}
        else:
            continue
        if act(chosen, url, observation_id=oid, **kwargs) is not None:
            st.session_state["review_flash"] = t("review_done", id=oid)
            st.rerun()
