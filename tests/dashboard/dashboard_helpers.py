"""AppTest helpers for the dashboard tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # page scripts import `dashboard.*`
    sys.path.insert(0, str(ROOT))
DASHBOARD = ROOT / "dashboard"
ROLE_ACCOUNTS = {
    "public": None,
    "inspector": {"name": "inspector", "role": "inspector", "display_name": "演示检查员"},
    "manager": {"name": "manager", "role": "manager", "display_name": "演示负责人"},
    "admin": {"name": "admin", "role": "admin", "display_name": "演示管理员"},
}


def frame(role: str = "public") -> AppTest:
    """The whole app (frame + navigation) with `role` signed in, after its first run."""
    at = AppTest.from_file(str(DASHBOARD / "app.py"), default_timeout=60)
    if ROLE_ACCOUNTS[role]:
        at.session_state["account"] = dict(ROLE_ACCOUNTS[role])
    return at.run()


def open_page(role: str, page: str) -> AppTest:
    at = frame(role)
    at.switch_page(f"app_pages/{page}.py").run()
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    """Fill in the sign-in form on `at` (the sign-in page) and press its button."""
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    at.button[0].click().run()
    return at


def submit_sign_in(page: Any, name: str, password: str) -> None:
    """Fill in the sign-in form in a real browser's `page` and press its button (the caller waits for
    the answer it expects)."""
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name=re.compile("登录")).click()


def page_alone(role: str, page: str) -> AppTest:
    """One page script run on its own (as a direct URL would if navigation let it through)."""
    at = AppTest.from_file(str(DASHBOARD / "app_pages" / f"{page}.py"), default_timeout=60)
    if ROLE_ACCOUNTS[role]:
        at.session_state["account"] = dict(ROLE_ACCOUNTS[role])
    return at.run()


def all_text(at: AppTest) -> str:
    """Everything a visitor can read on the page: text elements and table contents."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "code",
        "error",
        "warning",
        "info",
        "success",
        "exception",
    ):
        parts.extend(str(getattr(e, "value", "")) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    parts.extend(str(link.proto.label) for link in at.get("page_link"))
    for frame_ in at.dataframe:
        parts.append(frame_.value.to_csv())
    for table in at.table:
        parts.append(table.value.to_csv())
    return "\n".join(parts)


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.exception]
