"""Sign in and out: OIDC (`st.login`) when secrets [auth] is configured, else local accounts.

A local sign-in starts a server-side session whose signed token rides in the URL (it survives a
reload, a bookmark and a copied link); failed tries are counted on the server per account and per
client address (`dashboard.login_tokens`), so a reload does not reset the lockout.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard import login_tokens, queries
from dashboard.common import account, auth_folder, client_address, oidc_configured, sign_in, sign_out
from dashboard.i18n import t
from parkwatch.store.auth import authenticate
from parkwatch.store.db.engine import get_engine

st.title(t("page_signin"))
acc = account()
if acc:
    st.success(t("signed_in_as", name=acc.get("display_name") or acc["name"], role=t(f"role_{acc['role']}")))
    st.caption(t("session_lasts", hours=login_tokens.SESSION_SECONDS // 3600))
    if st.button(t("sign_out"), key="sign_out", icon=":material/logout:"):
        sign_out()
        if acc.get("oidc"):
            st.logout()
        st.rerun()
    st.stop()

if oidc_configured():
    if st.button(t("sign_in_oidc"), key="oidc_login"):
        st.login()
    st.stop()

with st.form("signin_form"):
    name = st.text_input(t("username"), key="signin_name")
    password = st.text_input(t("password"), type="password", key="signin_password")
    submitted = st.form_submit_button(t("sign_in"), icon=":material/login:", type="primary")
if submitted:
    folder, client, now = auth_folder(), client_address(), time.time()
    refused = login_tokens.lockout(folder, name, client, now)
    if refused.locked:
        st.error(t("locked_out", seconds=refused.seconds_left), icon=":material/lock_clock:")
        st.stop()
    found = authenticate(get_engine(queries.db_url()), name, password)
    if found is None:
        login_tokens.record_failure(folder, name, client, now)
        st.error(t("bad_login"), icon=":material/error:")
    else:
        login_tokens.clear_failures(folder, name)
        sign_in(found.name, found.role, found.display_name)
        st.rerun()
