"""Sign in and out: OIDC (`st.login`) when secrets [auth] is configured, else local accounts."""

from __future__ import annotations

import time

import streamlit as st

from dashboard import queries
from dashboard.common import ACCOUNT_KEY, account, oidc_configured
from dashboard.i18n import t
from parkwatch.store.auth import authenticate
from parkwatch.store.db.engine import get_engine

MAX_FAILURES = 5
LOCKOUT_SECONDS = 60

st.title(t("page_signin"))
acc = account()
if acc:
    st.success(t("signed_in_as", name=acc.get("display_name") or acc["name"], role=t(f"role_{acc['role']}")))
    if st.button(t("sign_out"), key="sign_out"):
        st.session_state.pop(ACCOUNT_KEY, None)
        if acc.get("oidc"):
            st.logout()
        st.rerun()
    st.stop()

if oidc_configured():
    if st.button(t("sign_in_oidc"), key="oidc_login"):
        st.login()
    st.stop()

failures = st.session_state.setdefault("login_failures", [])
recent = [at for at in failures if time.monotonic() - at < LOCKOUT_SECONDS]
st.session_state["login_failures"] = recent
with st.form("signin_form"):
    name = st.text_input(t("username"), key="signin_name")
    password = st.text_input(t("password"), type="password", key="signin_password")
    submitted = st.form_submit_button(t("sign_in"))
if submitted:
    if len(recent) >= MAX_FAILURES:
        st.error(t("locked_out"))
        st.stop()
    found = authenticate(get_engine(queries.db_url()), name, password)
    if found is None:
        recent.append(time.monotonic())
        st.error(t("bad_login"))
    else:
        st.session_state[ACCOUNT_KEY] = {"name": found.name, "role": found.role, "display_name": found.display_name}
        st.rerun()
