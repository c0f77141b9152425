"""Inspector: run the rules on a lot; confirm or dismiss each finding with a reason, or undo."""

from __future__ import annotations

import streamlit as st

from dashboard import actions, queries, services
from dashboard.common import act, choose_lot, current_role, demo_label, guard, safe_md, severity_label
from dashboard.i18n import t
from parkwatch.store.clock import city_today
from parkwatch.store.db.engine import get_engine

guard("inspector")
url = queries.db_url()
st.title(t("page_findings"))

lot_id = choose_lot(url, "findings")

if st.button(t("run_rules"), key="run_rules"):
    try:
        summary = actions.run_rules(get_engine(url), role=current_role(), lot_id=lot_id, on=city_today())
    except PermissionError as error:
        st.error(str(error))
    else:
        queries.clear_caches()
        st.success(t("rules_done", summary=summary))

findings = queries.lot_findings(url, lot_id)
st.markdown(f"#### {t('findings')}")
if not findings:
    st.caption(t("no_data"))
demo_label(any(f["is_demo"] for f in findings))
for finding in findings:
    fid = finding["id"]
    with st.container(border=True):
        st.markdown(
            f"**{safe_md(services.rule_title(finding['rule_code']))}** · {severity_label(finding['severity'])} · "
            f"{t('status')}: **{t('st_' + finding['status'])}**"
        )
        st.text(finding["message"])
        if finding["basis"]:
            st.caption(f"{t('basis')}:")
            st.text(finding["basis"])
        if finding["status_reason"]:
            st.caption(f"{t('decision_reason')}:")
            st.text(finding["status_reason"])
        reason = st.text_input(t("reason"), key=f"reason_{fid}")
        c1, c2, c3 = st.columns(3)
        decision = None
        if finding["status"] == "open":
            if c1.button(t("confirm"), key=f"confirm_{fid}"):
                decision = "confirmed"
            if c2.button(t("dismiss"), key=f"dismiss_{fid}"):
                decision = "dismissed"
        elif finding["status"] in ("confirmed", "dismissed") and c3.button(t("undo"), key=f"undo_{fid}"):
            decision = "open"
        if decision:
            try:
                done = act(
                    actions.decide_finding,
                    url,
                    finding_id=fid,
                    decision=decision,
                    reason=reason,
                    expected_version=finding["version"],
                )
            except Exception as error:  # StaleDataError: another inspector saved first
                if type(error).__name__ != "StaleDataError":
                    raise
                st.error(t("changed_elsewhere"))
            else:
                if done is not None:
                    st.session_state["flash"] = t("decision_saved", status=t("st_" + decision))
                    st.rerun()

if st.session_state.get("flash"):
    st.success(st.session_state.pop("flash"))
