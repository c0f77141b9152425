"""Inspector: record an inspection (staff count, outcome, deadline, fines, refunds)."""

from __future__ import annotations

import streamlit as st

from dashboard import actions, queries
from dashboard.common import act, choose_lot, guard
from dashboard.i18n import t
from parkwatch.core.stats import OUTCOMES
from parkwatch.store.clock import city_today
from parkwatch.store.services.inspections import InspectionInput

guard("inspector")
url = queries.db_url()
st.title(t("page_inspection"))

lot_id = choose_lot(url, "insp")
campaign_rows = queries.campaigns(url)
campaign_names = {row["id"]: row["name"] for row in campaign_rows}

with st.form("inspection_form"):
    c1, c2, c3 = st.columns(3)
    inspected_on = c1.date_input(t("inspected_on"), value=city_today(), key="insp_date")
    staff = c2.number_input(t("staff_count"), min_value=1, value=2, step=1, key="insp_staff")
    vehicles = c3.number_input(t("vehicle_count"), min_value=0, value=1, step=1, key="insp_vehicles")
    outcome = st.selectbox(t("outcome"), OUTCOMES, format_func=lambda o: t(f"out_{o}"), key="insp_outcome")
    # empty unless given: one box, no separate tick (a rectification order needs it)
    deadline = st.date_input(t("deadline"), value=None, key="insp_deadline", help=t("deadline_help"))
    c4, c5 = st.columns(2)
    fines = c4.text_input(t("fines"), value="0", key="insp_fines")
    refunds = c5.text_input(t("refunds"), value="0", key="insp_refunds")
    disclosure = st.radio(
        t("disclosure_ok"),
        [None, True, False],
        horizontal=True,
        key="insp_disclosure",
        format_func=lambda v: t("not_checked") if v is None else (t("yes") if v else t("no")),
    )
    campaign_id = st.selectbox(
        t("campaign"),
        [None, *campaign_names],
        key="insp_campaign",
        format_func=lambda c: t("none") if c is None else campaign_names[c],
    )
    notes = st.text_area(t("notes"), key="insp_notes")
    submitted = st.form_submit_button(t("save_inspection"))
if submitted:
    form = InspectionInput(
        lot_id=lot_id,
        inspected_on=inspected_on,
        inspectors=(),  # the action records the signed-in inspector
        staff_count=int(staff),
        vehicle_count=int(vehicles),
        outcome=outcome,
        rectification_deadline=deadline,
        fines_yuan=fines,
        refunds_yuan=refunds,
        disclosure_ok=disclosure,
        notes=notes,
        campaign_id=campaign_id,
    )
    new_id = act(actions.record_inspection, url, data=form)
    if new_id is not None:
        st.success(t("inspection_saved", id=new_id))
