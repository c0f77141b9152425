"""Public: 核对停车费 — was my bill right? Lot, entry, exit, amount paid → the fee of the tariff the lot
posted when the car entered, its breakdown, and how to complain to 12315 with a prefilled text when
overcharged. Entry and exit are the city's wall-clock times."""

from __future__ import annotations

from datetime import datetime, time
from decimal import InvalidOperation

import pandas as pd
import streamlit as st

from dashboard import queries, services, views
from dashboard.common import choose_lot, demo_label, guard
from dashboard.i18n import t, vehicle_label
from parkwatch.core.tariff import money
from parkwatch.store.clock import city_wall, from_city, utc_now

guard("public")
url = queries.db_url()
st.title(t("page_bill"))

lot_id = choose_lot(url, "bill")
info = queries.lot(url, lot_id)
posted = queries.posted_tariff(url, lot_id)
if info:
    demo_label(info["is_demo"])
if posted is None:
    st.info(t("no_tariff"))
    st.stop()
vehicles = services.vehicles_of(posted["tariff"]) or ("small",)

today = city_wall(utc_now()).replace(second=0, microsecond=0)
with st.form("bill_form"):
    vehicle = st.selectbox(t("vehicle"), vehicles, format_func=vehicle_label, key="bill_vehicle")
    c1, c2 = st.columns(2)
    entry_day = c1.date_input(t("entry"), value=today.date(), key="bill_entry_day")
    entry_time = c1.time_input(t("entry_time"), value=time(8, 0), key="bill_entry_time")
    exit_day = c2.date_input(t("exit"), value=today.date(), key="bill_exit_day")
    exit_time = c2.time_input(t("exit_time"), value=time(10, 0), key="bill_exit_time")
    paid_text = st.text_input(t("paid"), value="0", key="bill_paid")
    submitted = st.form_submit_button(t("check"))

if submitted:
    entry = datetime.combine(entry_day, entry_time)
    exit_ = datetime.combine(exit_day, exit_time)
    try:
        paid = money(paid_text.strip())
        if paid < 0:
            raise InvalidOperation
    except InvalidOperation:
        st.error(t("bad_amount"))
        st.stop()
    if exit_ <= entry:
        st.error(t("exit_before_entry"))
        st.stop()
    in_force = queries.tariff_in_force(url, lot_id, from_city(entry)) or posted  # the tariff at entry
    result = services.compute_fee(in_force["tariff"], entry, exit_, vehicle)
    st.success(t("fee_is", fee=services.money(result.amount), minutes=result.minutes))
    st.caption(views.provenance(in_force))
    st.markdown(f"##### {t('breakdown')}")
    st.dataframe(
        pd.DataFrame(
            [{t("item"): line.label, t("amount_yuan"): services.money(line.amount)} for line in result.breakdown]
        ),
        hide_index=True,
    )
    if paid > result.amount:
        diff = paid - result.amount
        st.error(t("overcharged", diff=services.money(diff)))
        st.markdown(t("complain_how"))
        st.code(
            t(
                "complaint_text",
                entry=entry.strftime("%Y-%m-%d %H:%M"),
                exit=exit_.strftime("%Y-%m-%d %H:%M"),
                lot=info["name"] if info else lot_id,
                address=(info or {}).get("address") or "",
                vehicle=vehicle_label(vehicle, "zh"),
                minutes=result.minutes,
                paid=services.money(paid),
                fee=services.money(result.amount),
                diff=services.money(diff),
            ),
            language=None,
            wrap_lines=True,
        )
    else:
        st.info(t("paid_ok"))
