"""The Streamlit frame: language switch, sign-in state, and navigation over dashboard/app_pages/.

Run with `parkwatch dashboard` (or `streamlit run dashboard/app.py` from the repository root, so
that `.streamlit/config.toml` applies).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(HERE.parent))

import streamlit as st  # noqa: E402 - after the path fix above

from dashboard.common import (  # noqa: E402 - after the path fix above
    account,
    current_role,
    link_params,
    restore_sign_in,
    tab_icon,
)
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, t  # noqa: E402 - after the path fix above
from dashboard.navigation import DEFAULT_URL_PATH, PAGES, requested_path  # noqa: E402 - after the path fix above
from parkwatch.store.auth import role_allows  # noqa: E402 - after the path fix above

# the tab icon is drawn here: a Material or emoji icon would be fetched from a font or emoji CDN
st.set_page_config(page_title="停车收费价格监测 parkwatch", page_icon=tab_icon(), layout="wide")

if "lang" not in st.session_state:
    st.session_state["lang"] = DEFAULT_LANGUAGE
restore_sign_in()
with st.sidebar:
    st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
    acc = account()
    if acc:
        st.caption(t("signed_in_as", name=acc.get("display_name") or acc["name"], role=t(f"role_{acc['role']}")))
    else:
        st.caption(t("not_signed_in"))
        if st.session_state.pop("session_ended", False):
            st.warning(t("session_ended"), icon=":material/schedule:")


def _refusal() -> None:
    st.error(t("refused"), icon=":material/block:")


role = current_role()
sections: dict[str, list[st.Page]] = {}
front_page: st.Page | None = None
for spec in PAGES:
    title = t(spec.title_key)
    if role_allows(role, spec.role):
        is_front = spec.url_path == DEFAULT_URL_PATH
        page = st.Page(
            str(HERE / spec.file),
            title=title,
            icon=spec.icon,
            # the front page is served at "/"; "/lots" reaches it through the alias below
            url_path="home" if is_front else spec.url_path,
            default=is_front,
        )
        front_page = page if is_front else front_page
    else:
        page = st.Page(_refusal, title=title, url_path=spec.url_path, visibility="hidden")
    sections.setdefault(t(spec.section), []).append(page)


def _to_front_page() -> None:
    st.switch_page(front_page or "app_pages/public_map.py", query_params=link_params())


def _not_found() -> None:
    st.title(t("not_found_title"))
    st.error(t("not_found", path="/" + (requested_path() or "")), icon=":material/search_off:")
    st.page_link("app_pages/public_map.py", label=t("back_to_front"), icon=":material/map:", query_params=link_params())


hidden = [st.Page(_to_front_page, title=t("page_map"), url_path=DEFAULT_URL_PATH, visibility="hidden")]
asked = requested_path()
known = {"", "home", *(spec.url_path for spec in PAGES)}
if asked and asked not in known and re.fullmatch(r"[\w\-]{1,80}", asked):
    # an unknown address gets a Chinese answer here, not Streamlit's English "Page not found"
    hidden.append(st.Page(_not_found, title=t("not_found_title"), url_path=asked, visibility="hidden"))
sections.setdefault(t("section_account"), []).extend(hidden)

st.navigation(sections, expanded=True).run()
