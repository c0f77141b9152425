"""The Streamlit frame: language switch, sign-in state, and navigation over dashboard/app_pages/.

Run with `parkwatch dashboard` (or `streamlit run dashboard/app.py` from the repository root, so
that `.streamlit/config.toml` applies).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(HERE.parent))

import streamlit as st  # noqa: E402 - after the path fix above

from dashboard.common import account, current_role  # noqa: E402 - after the path fix above
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t  # noqa: E402 - after the path fix above
from dashboard.navigation import PAGES  # noqa: E402 - after the path fix above
from parkwatch.store.auth import role_allows  # noqa: E402 - after the path fix above

st.set_page_config(page_title="停车收费价格监测 parkwatch", page_icon="🅿️", layout="wide")

if "lang" not in st.session_state:
    st.session_state["lang"] = DEFAULT_LANGUAGE
with st.sidebar:
    st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
    acc = account()
    if acc:
        st.caption(t("signed_in_as", name=acc.get("display_name") or acc["name"], role=t(f"role_{acc['role']}")))
    else:
        st.caption(t("not_signed_in"))


def _refusal() -> None:
    st.error(t("refused"))


role = current_role()
sections: dict[str, list[st.Page]] = {}
for spec in PAGES:
    title = t(spec.title_key)
    if role_allows(role, spec.role):
        page = st.Page(
            str(HERE / spec.file), title=title, icon=spec.icon, url_path=spec.url_path, default=spec.url_path == "lots"
        )
    else:
        page = st.Page(_refusal, title=title, url_path=spec.url_path, visibility="hidden")
    sections.setdefault(t(spec.section), []).append(page)

st.navigation(sections).run()
