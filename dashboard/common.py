"""What every page shares: the signed-in account, the role guard, safe text output, labels, the lot
picker, number formats, the demo label.

Crawled and OCR text is untrusted: it is shown with `st.text`, `st.code`, dataframes, or through
`safe_md` (Markdown with every markup character escaped). Never with unsafe_allow_html or st.html.

Icons are Streamlit's Material icons (`:material/name:`), drawn from the font Streamlit serves
itself: an emoji would be a box in a browser without an emoji font.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from dashboard import login_tokens
from dashboard.i18n import t
from parkwatch.core.board import LOW_CONFIDENCE
from parkwatch.settings import get_settings
from parkwatch.store.auth import list_users, role_allows
from parkwatch.store.clock import utc_now
from parkwatch.store.db.engine import get_engine

ACCOUNT_KEY = "account"
TOKEN_KEY = "session_token"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")
_T = TypeVar("_T")
SURE_CONFIDENCE = 0.90  # at or above: shown green; LOW_CONFIDENCE..SURE: orange; below: red


def safe_md(value: Any) -> str:
    """Escape Markdown (and the HTML-ish characters) so untrusted text renders as plain text."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value)).replace("\n", "  \n")


# ---------------------------------------------------------------- sign-in


def auth_folder() -> Path:
    return login_tokens.auth_dir(get_settings().data_dir)


def client_address() -> str:
    """The visitor's address for the per-client lockout ("unknown" when Streamlit cannot tell)."""
    try:
        return st.context.ip_address or "unknown"
    except Exception:  # outside a browser session (AppTest)
        return "unknown"


def account() -> dict[str, Any] | None:
    """The signed-in account as {name, role, display_name}, or None for the public."""
    local: dict[str, Any] | None = st.session_state.get(ACCOUNT_KEY)
    if local:
        return local
    return oidc_account()


def _local_account(name: str) -> dict[str, Any] | None:
    """The account's current role from the database (a role changed since sign-in applies at once)."""
    from dashboard import queries

    found = next((a for a in list_users(get_engine(queries.db_url())) if a.name == name), None)
    if found is None:
        return None
    return {"name": found.name, "role": found.role, "display_name": found.display_name}


def restore_sign_in() -> None:
    """Run by the frame on every script run. The URL's session token signs the visitor in (after a
    reload, from a bookmark or a pasted link); a token that expired or was signed out signs them out.
    Page navigation may drop the query string: the token is put back so the address bar keeps it."""
    token = st.query_params.get(login_tokens.QUERY_KEY)
    held = st.session_state.get(TOKEN_KEY)
    if token is None and held:
        st.query_params[login_tokens.QUERY_KEY] = held
        token = held
    if token is None:
        return
    name = login_tokens.holder(auth_folder(), token, time.time())
    found = _local_account(name) if name else None
    if found is None:
        st.session_state.pop(ACCOUNT_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        del st.query_params[login_tokens.QUERY_KEY]
        st.session_state["session_ended"] = True
        return
    st.session_state[ACCOUNT_KEY] = found
    st.session_state[TOKEN_KEY] = token


def sign_in(name: str, role: str, display_name: str | None) -> None:
    """Start a server-side session and carry its token in the URL."""
    token = login_tokens.issue(auth_folder(), name, time.time())
    st.session_state[ACCOUNT_KEY] = {"name": name, "role": role, "display_name": display_name}
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop("session_ended", None)
    st.query_params[login_tokens.QUERY_KEY] = token


def sign_out() -> None:
    """End the session on the server (every copy of the token stops working) and in this browser."""
    login_tokens.end(auth_folder(), st.session_state.pop(TOKEN_KEY, None))
    st.session_state.pop(ACCOUNT_KEY, None)
    if login_tokens.QUERY_KEY in st.query_params:
        del st.query_params[login_tokens.QUERY_KEY]


def link_params(**extra: Any) -> dict[str, str]:
    """Query parameters for an in-app link: the session token (so the link keeps the sign-in) and `extra`."""
    params = {key: str(value) for key, value in extra.items()}
    token = st.session_state.get(TOKEN_KEY)
    if token:
        params[login_tokens.QUERY_KEY] = token
    return params


_NO_SECRETS: list[bool] = []  # set once Streamlit found no secrets file: not looked for again


def oidc_configured() -> bool:
    """Whether `.streamlit/secrets.toml` has an [auth] section. Asked several times a script run; when
    the file is missing Streamlit looks for it (and raises) every time, so a missing file is remembered
    for the process (a secrets file added later takes a restart, as Streamlit's own settings do)."""
    if _NO_SECRETS:
        return False
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        _NO_SECRETS.append(True)
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
        st.error(t("refused"), icon=":material/block:")
        st.caption(t("refused_role", role=t(f"role_{needed}")))
        st.stop()


def act(write: Callable[..., _T], url: str, **arguments: Any) -> _T | None:
    """Run a write of `dashboard.actions` as the signed-in user (the database, actor, role and time filled
    in). A refusal is shown on the page and None returned; a write that went through clears the cached
    queries, so the page shows it."""
    from dashboard import queries
    from dashboard.actions import ActionError  # the actions (and the OCR they import) load on write pages only

    try:
        answer = write(get_engine(url), actor=actor(), role=current_role(), now=utc_now(), **arguments)
    except (ActionError, PermissionError) as error:
        st.error(str(error))
        return None
    queries.clear_caches()
    return answer


# ---------------------------------------------------------------- labels and numbers


@st.cache_resource(show_spinner=False)
def tab_icon() -> Any:
    """The browser tab's icon, drawn locally (a white P on blue): no request leaves the machine for it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (64, 64), "#1565c0")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 12, 27, 52), fill="white")  # the stem of the P
    draw.ellipse((16, 12, 48, 38), outline="white", width=7)  # its bowl
    draw.rectangle((16, 19, 22, 31), fill="#1565c0")  # opened on the stem side
    return image


def demo_label(is_demo: bool | Any) -> None:
    """The 演示数据 label wherever demo rows are shown."""
    try:
        shown = bool(is_demo.any()) if hasattr(is_demo, "any") else bool(is_demo)
    except Exception:
        shown = False
    if shown:
        st.caption(":material/science: " + t("demo_label"))


def status_label(status: str) -> str:
    return t(f"status_{status}") if status in ("violation", "rectified", "ok") else status


def form_label(form: str | None) -> str:
    name = form or "unknown"
    return t(f"form_{name}") if name in ("market", "guided", "government", "unknown") else name


def severity_label(severity: str | None) -> str:
    return t(f"severity_{severity}") if severity in ("error", "alert") else (severity or "—")


def confidence_badge(confidence: float | None) -> str:
    """Confidence as colour *and* text, in Markdown for a widget label: ":orange[0.87 需核对]"."""
    if confidence is None:
        return f":gray[{t('conf_none')}]"
    value = f"{confidence:.2f}"
    if confidence >= SURE_CONFIDENCE:
        return f":green[:material/check_circle: {t('conf_sure', c=value)}]"
    if confidence >= LOW_CONFIDENCE:
        return f":orange[:material/warning: {t('conf_check', c=value)}]"
    return f":red[:material/error: {t('conf_low', c=value)}]"


def yuan(value: Any) -> str:
    """An amount as people read it: "20.00 元" ("—" when unknown)."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)).quantize(Decimal('0.01')):,} {t('yuan')}"
    except InvalidOperation:
        return str(value)


def percent(rate: float | None) -> str:
    """A rate (0..1) as a percentage with one decimal ("—" when there is no denominator)."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def count(value: Any) -> str:
    """A whole number with thousands separators ("—" when unknown)."""
    if value is None:
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


# ---------------------------------------------------------------- widgets


def pager(total: int, page_size: int, key: str) -> int:
    pages = max((total + page_size - 1) // page_size, 1)
    page = st.number_input(t("page"), min_value=1, max_value=pages, value=1, step=1, key=key)
    st.caption(t("of_pages", pages=pages, total=total))
    return int(page)


def lot_label(row: dict[str, Any]) -> str:
    return f"{row['name']}（{row.get('district') or '—'}）#{row['id']}"


def choose_lot(url: str, prefix: str) -> int:
    """Search box + lot picker (keys `<prefix>_search`, `<prefix>_lot`), remembering the lot across
    pages in session_state["lot_id"]. The remembered lot is offered even when it is not among the
    first matches, so a page never silently swaps it for another; stops the page when no lot matches."""
    from dashboard import queries

    search = st.text_input(t("search"), key=f"{prefix}_search")
    choices = queries.lot_choices(url, search)
    wanted = st.session_state.get("lot_id")
    if wanted and not search.strip() and wanted not in dict(choices):
        extra = queries.lot(url, int(wanted))
        if extra:
            choices = [(extra["id"], lot_label(extra)), *choices]
    return lot_picker(choices, wanted, f"{prefix}_lot")


def lot_picker(choices: list[tuple[int, str]], wanted: int | None, key: str) -> int:
    """The lot select box over `choices` (id, label), at `wanted` when it is among them; the choice is
    remembered across pages in session_state["lot_id"]. Stops the page with a note when there is no lot."""
    if not choices:
        st.info(t("no_data"))
        st.stop()
    labels = dict(choices)
    ids = [lot_id for lot_id, _ in choices]
    if key in st.session_state and st.session_state[key] not in ids:
        del st.session_state[key]  # a stale choice from an earlier search
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
