"""Public: 核对停车费 — was my bill right? Lot, entry, exit, amount paid → the posted fee, its breakdown,
and how to complain to 12315 with a prefilled text when overcharged."""

from __future__ import annotations

from datetime import datetime, time
from decimal import InvalidOperation

import pandas as pd
import streamlit as st

from dashboard import queries, services
from dashboard.common import choose_lot, demo_label, guard
from dashboard.i18n import VEHICLE_LABELS, t
from parkwatch.core.tariff import money

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

today = datetime.now().replace(second=0, microsecond=0)
with st.form("bill_form"):
    vehicle = st.selectbox(t("vehicle"), vehicles, format_func=lambda v: VEHICLE_LABELS.get(v, v), key="bill_vehicle")
    c1, c2 = st.columns(2)
    entry_day = c1.date_input(t("entry"), value=today.date(), key="bill_entry_day")
    entry_time = c1.time_input(t("entry") + " ⏱", value=time(8, 0), key="bill_entry_time")
    exit_day = c2.date_input(t("exit"), value=today.date(), key="bill_exit_day")
    exit_time = c2.time_input(t("exit") + " ⏱", value=time(10, 0), key="bill_exit_time")
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
        st.error("请输入正确的金额（元） enter an amount in yuan")
        st.stop()
    if exit_ <= entry:
        st.error(t("exit_before_entry"))
        st.stop()
    result = services.compute_fee(posted["tariff"], entry, exit_, vehicle)
    st.success(t("fee_is", fee=services.money(result.amount), minutes=result.minutes))
    st.markdown(f"##### {t('breakdown')}")
    st.dataframe(
        pd.DataFrame([{"": line.label, "元": services.money(line.amount)} for line in result.breakdown]),
        hide_index=True,
    )
    if paid > result.amount:
        diff = paid - result.amount
        st.error(t("overcharged", diff=services.money(diff)))
        st.write(t("complain_how"))
        st.code(
            t(
                "complaint_text",
                entry=entry.strftime("%Y-%m-%d %H:%M"),
                exit=exit_.strftime("%Y-%m-%d %H:%M"),
                lot=info["name"] if info else lot_id,
                address=(info or {}).get("address") or "",
                vehicle=VEHICLE_LABELS.get(vehicle, vehicle).split(" ")[0],
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
