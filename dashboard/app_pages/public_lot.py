"""Public: one lot — posted tariff as a table, fees for common stays, price history, confirmed
findings with rule and legal basis, and the public (blurred) copy of the board photo."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries, services
from dashboard.common import (
    demo_label,
    form_label,
    guard,
    link_params,
    lot_label,
    lot_picker,
    safe_md,
    status_label,
)
from dashboard.i18n import t, vehicle_label
from dashboard.views import provenance, public_message, rule_basis
from parkwatch.settings import get_settings

guard("public")
url = queries.db_url()
st.title(t("page_lot"))

asked = st.query_params.get("lot")
if asked is not None and asked != st.session_state.get("lot_url_seen"):
    # a link or a typed address names the lot: it wins over the lot remembered from another page
    st.session_state["lot_url_seen"] = asked
    st.session_state.pop("lot_select", None)
    found = int(asked) if asked.isdigit() and queries.lot(url, int(asked)) else None
    st.session_state["lot_missing"] = None if found else asked
    if found:
        st.session_state["lot_id"] = found
missing = st.session_state.get("lot_missing") if asked is not None else None
wanted = None if missing else st.session_state.get("lot_id")
if missing:
    st.warning(t("lot_not_found_id", lot=missing), icon=":material/search_off:")
search = st.text_input(t("search"), key="lot_search")
choices = queries.lot_choices(url, search)
if wanted and wanted not in dict(choices) and not search.strip():
    extra = queries.lot(url, int(wanted))
    if extra:
        choices = [(extra["id"], lot_label(extra)), *choices]
if missing:
    # no other lot is shown in place of the one asked for: the visitor chooses
    picked = st.selectbox(
        t("choose_lot"),
        [c[0] for c in choices],
        index=None,
        format_func=lambda i: dict(choices)[i],
        key="lot_select_open",
        placeholder=t("choose_placeholder"),
    )
    if picked is None:
        st.stop()
    st.session_state.update(lot_id=picked, lot_missing=None)
    wanted = picked
lot_id = lot_picker(choices, wanted, "lot_select")
st.query_params["lot"] = str(lot_id)
st.session_state["lot_url_seen"] = str(lot_id)

info = queries.lot(url, lot_id)
if info is None:
    st.warning(t("lot_not_found"))
    st.stop()
demo_label(info["is_demo"])
st.subheader(safe_md(info["name"]))
st.text(f"{info['address'] or ''}  ·  {info['district'] or ''}")
# one line, not three big metrics: the tariff stays near the top on a phone
mark = {"violation": "red", "rectified": "orange", "ok": "green"}.get(info["status"], "gray")
st.markdown(
    f"{t('pricing_form')}：**{form_label(info['pricing_form'])}** · {t('col_status')}："
    f"**:{mark}[{status_label(info['status'])}]** · {t('col_berths')}：**{info['berths'] or '—'}**"
)
if info["operator"]:
    st.text(f"{t('col_operator')}：{info['operator']}")
st.page_link(
    "app_pages/public_bill.py", label=t("check_this_bill"), icon=":material/receipt_long:", query_params=link_params()
)

st.markdown(f"#### {t('posted_tariff')}")
posted = queries.posted_tariff(url, lot_id)
if posted is None:
    st.info(t("no_tariff"))
else:
    rows = services.fee_table(posted["tariff"])
    stays = [services.stay_label(minutes) for minutes in services.COMMON_STAYS_MINUTES]
    # one column per vehicle class and one row per item: narrow enough for a phone
    shown = {
        vehicle_label(row["vehicle"]): {
            t("free_minutes"): "—" if row["free_minutes"] is None else str(row["free_minutes"]),
            **{t(key): services.money(row[key]) for key in ("cap_24h", "cap_day")},
            **{t("stay_fee", stay=label): services.money(row[label]) for label in stays},
        }
        for row in rows
    }
    st.caption(t("provenance", source=provenance(posted)))
    st.caption(t("common_stays"))
    st.table(pd.DataFrame(shown))
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
        row = {t("valid_from"): str(version["valid_from"])[:16], t("col_source"): safe_md(version["source"] or "—")}
        table = services.fee_table(version["tariff"]) if version["tariff"] else []
        first = table[0] if table else {}
        for minutes in (60, 1440):
            label = services.stay_label(minutes)
            row[t("stay_fee", stay=label)] = services.money(first.get(label))
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
    # one block per finding (not a wide table): readable on a phone; the basis always said
    for finding in findings.itertuples():
        with st.container(border=True):
            st.markdown(
                f"**{safe_md(services.rule_title(finding.rule_code))}** · {t('st_' + finding.status)} · "
                f"{t('found_at')} {str(finding.found_at)[:10]}"
            )
            st.text(public_message(finding.message))
            st.caption(f"{t('basis')}：{safe_md(rule_basis(finding.rule_code, finding.basis))}")
