"""Public: one lot — posted tariff as a table, fees for common stays, price history, confirmed
findings with rule and legal basis, and the public (blurred) copy of the board photo."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries, services
from dashboard.common import demo_label, form_label, guard, lot_picker, safe_md, status_label
from dashboard.i18n import VEHICLE_LABELS, t
from parkwatch.settings import get_settings

guard("public")
url = queries.db_url()
st.title(t("page_lot"))

search = st.text_input(t("search"), key="lot_search")
choices = queries.lot_choices(url, search)
ids = [c[0] for c in choices]
wanted = st.session_state.get("lot_id") or (
    int(st.query_params["lot"]) if st.query_params.get("lot", "").isdigit() else None
)
if wanted and wanted not in ids:
    extra = queries.lot(url, int(wanted))
    if extra:
        choices = [(extra["id"], f"{extra['name']}（{extra['district'] or '—'}）#{extra['id']}"), *choices]
        ids = [c[0] for c in choices]
lot_id = lot_picker(choices, wanted, "lot_select")
st.query_params["lot"] = str(lot_id)

info = queries.lot(url, lot_id)
if info is None:
    st.warning(t("lot_not_found"))
    st.stop()
demo_label(info["is_demo"])
st.subheader(safe_md(info["name"]))
st.text(f"{info['address'] or ''}  ·  {info['district'] or ''}")
c1, c2, c3 = st.columns(3)
c1.metric(t("pricing_form"), form_label(info["pricing_form"]))
c2.metric(t("col_status"), status_label(info["status"]))
c3.metric(t("col_berths"), info["berths"] if info["berths"] is not None else "—")
if info["operator"]:
    st.text(f"{t('col_operator')}: {info['operator']}")

st.markdown(f"#### {t('posted_tariff')}")
posted = queries.posted_tariff(url, lot_id)
if posted is None:
    st.info(t("no_tariff"))
else:
    rows = services.fee_table(posted["tariff"])
    shown = [
        {
            t("vehicle"): VEHICLE_LABELS.get(row["vehicle"], row["vehicle"]),
            t("free_minutes"): "—" if row["free_minutes"] is None else str(row["free_minutes"]),
            **{t(key): services.money(row[key]) for key in ("cap_24h", "cap_day")},
            **{label: services.money(row[label]) for label in map(services.stay_label, services.COMMON_STAYS_MINUTES)},
        }
        for row in rows
    ]
    st.caption(t("common_stays"))
    st.table(pd.DataFrame(shown).set_index(t("vehicle")))
    board = posted.get("board") or {}
    wording = board.get("text") or posted.get("raw_text")
    if wording:
        with st.expander(t("posted_text")):
            st.text(wording)  # untrusted text: plain text only

photo = queries.public_photo_path(url, lot_id)  # relative to the evidence folder; never the original
photo_file = Path(get_settings().evidence_dir) / photo if photo else None
if photo_file and photo_file.is_file():
    st.markdown(f"#### {t('board_photo')}")
    st.image(str(photo_file), width=480)

st.markdown(f"#### {t('price_history')}")
history = queries.price_history(url, lot_id)
if history:
    hist_rows = []
    for version in history:
        row = {t("valid_from"): str(version["valid_from"])[:16], "source": version["source"] or "—"}
        table = services.fee_table(version["tariff"]) if version["tariff"] else []
        first = table[0] if table else {}
        for minutes in (60, 1440):
            row[services.stay_label(minutes)] = str(first.get(services.stay_label(minutes), "—"))
        hist_rows.append(row)
    st.table(pd.DataFrame(hist_rows).set_index(t("valid_from")))
else:
    st.caption(t("no_data"))

st.markdown(f"#### {t('confirmed_findings')}")
findings = queries.public_findings(url, lot_id)
if findings.empty:
    st.caption(t("no_findings"))
else:
    demo_label(findings["is_demo"])
    shown = pd.DataFrame(
        {
            t("rule"): findings["rule_code"].map(services.rule_title),
            t("status"): findings["status"].map(lambda s: t(f"st_{s}")),
            t("message"): findings["message"],
            t("basis"): findings["basis"],
            t("found_at"): findings["found_at"].astype(str).str[:10],
        }
    )
    st.table(shown.set_index(t("rule")))
