"""What every page shares: the signed-in account, the role guard, safe text output, the demo label.

Crawled and OCR text is untrusted: it is shown with `st.text`, `st.code`, dataframes, or through
`safe_md` (Markdown with every markup character escaped). Never with unsafe_allow_html or st.html.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from dashboard.i18n import t
from parkwatch.store.auth import list_users, role_allows
from parkwatch.store.db.engine import get_engine

ACCOUNT_KEY = "account"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


def safe_md(value: Any) -> str:
    """Escape Markdown (and the HTML-ish characters) so untrusted text renders as plain text."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value)).replace("\n", "  \n")


def account() -> dict[str, Any] | None:
    """The signed-in account as {name, role, display_name}, or None for the public."""
    local: dict[str, Any] | None = st.session_state.get(ACCOUNT_KEY)
    if local:
        return local
    return oidc_account()


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def oidc_account() -> dict[str, Any] | None:
    """An OIDC sign-in maps to a local account of the same name (e-mail) for its role."""
    if not oidc_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = st.user.get("email")
    except Exception:
        return None
    from dashboard import queries

    role = next((a.role for a in list_users(get_engine(queries.db_url())) if a.name == email), "public")
    return {"name": email, "role": role, "display_name": st.user.get("name") or email, "oidc": True}


def current_role() -> str:
    acc = account()
    return acc["role"] if acc else "public"


def actor() -> str:
    acc = account()
    return acc["name"] if acc else "public"


def guard(needed: str) -> None:
    """The page-level role check: a refusal (and nothing else) for a role below `needed`."""
    if not role_allows(current_role(), needed):
        st.error(t("refused"))
        st.caption(t("refused_role", role=t(f"role_{needed}")))
        st.stop()


def demo_label(is_demo: bool | Any) -> None:
    """The 演示数据 label wherever demo rows are shown."""
    try:
        shown = bool(is_demo.any()) if hasattr(is_demo, "any") else bool(is_demo)
    except Exception:
        shown = False
    if shown:
        st.caption("🧪 " + t("demo_label"))


def status_label(status: str) -> str:
    return t(f"status_{status}") if status in ("violation", "rectified", "ok") else status


def form_label(form: str | None) -> str:
    name = form or "unknown"
    return t(f"form_{name}") if name in ("market", "guided", "government", "unknown") else name


def pager(total: int, page_size: int, key: str) -> int:
    pages = max((total + page_size - 1) // page_size, 1)
    page = st.number_input(t("page"), min_value=1, max_value=pages, value=1, step=1, key=key)
    st.caption(t("of_pages", pages=pages, total=total))
    return int(page)


def choose_lot(url: str, prefix: str) -> int:
    """Search box + lot picker (keys `<prefix>_search`, `<prefix>_lot`), remembering the lot across
    pages in session_state["lot_id"]; stops the page with a note when no lot matches."""
    from dashboard import queries

    search = st.text_input(t("search"), key=f"{prefix}_search")
    choices = queries.lot_choices(url, search)
    return lot_picker(choices, st.session_state.get("lot_id"), f"{prefix}_lot")


def lot_picker(choices: list[tuple[int, str]], wanted: int | None, key: str) -> int:
    """The lot select box over `choices` (id, label), at `wanted` when it is among them; the choice is
    remembered across pages in session_state["lot_id"]. Stops the page with a note when there is no lot."""
    if not choices:
        st.info(t("no_data"))
        st.stop()
    labels = dict(choices)
    ids = [lot_id for lot_id, _ in choices]
    lot_id = st.selectbox(
        t("choose_lot"), ids, index=ids.index(wanted) if wanted in ids else 0, format_func=labels.__getitem__, key=key
    )
    if lot_id is None:  # only when there are no choices, which stopped above
        st.stop()
    st.session_state["lot_id"] = lot_id
    return lot_id


def table_or_note(frame: Any, heading: str | None = None) -> None:
    """A section: optional heading, then the rows as a sortable table, or "no data yet"."""
    if heading:
        st.markdown(f"#### {heading}")
    if frame is None or frame.empty:
        st.caption(t("no_data"))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
