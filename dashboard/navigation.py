"""The page catalogue: which page file, under which title, for which role.

The frame registers in `st.navigation` only the pages the current role may use; for the others it
registers a hidden refusal page under the same URL, so a direct URL gives a refusal, not the page.
Each page also checks the role again itself (`dashboard.common.guard`).

Icons are Material icon names (`:material/…:`): Streamlit draws them from its own font, so they show in
any browser, with or without an emoji font.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str  # relative to dashboard/
    title_key: str
    icon: str
    role: str  # the lowest role that may open it
    section: str
    url_path: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/public_map.py", "page_map", ":material/map:", "public", "section_public", "lots"),
    PageSpec("app_pages/public_lot.py", "page_lot", ":material/local_parking:", "public", "section_public", "lot"),
    PageSpec("app_pages/public_bill.py", "page_bill", ":material/receipt_long:", "public", "section_public", "bill"),
    PageSpec("app_pages/public_totals.py", "page_totals", ":material/bar_chart:", "public", "section_public", "totals"),
    PageSpec("app_pages/public_data.py", "page_data", ":material/download:", "public", "section_public", "open-data"),
    PageSpec(
        "app_pages/inspector_upload.py",
        "page_upload",
        ":material/photo_camera:",
        "inspector",
        "section_inspector",
        "upload",
    ),
    PageSpec(
        "app_pages/inspector_review.py",
        "page_review",
        ":material/rate_review:",
        "inspector",
        "section_inspector",
        "review",
    ),
    PageSpec(
        "app_pages/inspector_findings.py",
        "page_findings",
        ":material/gavel:",
        "inspector",
        "section_inspector",
        "findings",
    ),
    PageSpec(
        "app_pages/inspector_inspection.py",
        "page_inspection",
        ":material/assignment:",
        "inspector",
        "section_inspector",
        "inspection",
    ),
    PageSpec(
        "app_pages/inspector_queue.py", "page_queue", ":material/inbox:", "inspector", "section_inspector", "queue"
    ),
    PageSpec(
        "app_pages/inspector_sources.py",
        "page_sources",
        ":material/satellite_alt:",
        "inspector",
        "section_inspector",
        "sources",
    ),
    PageSpec(
        "app_pages/manager_campaign.py",
        "page_campaign",
        ":material/monitoring:",
        "manager",
        "section_manager",
        "campaign",
    ),
    PageSpec("app_pages/manager_audit.py", "page_audit", ":material/policy:", "manager", "section_manager", "audit"),
    PageSpec("app_pages/signin.py", "page_signin", ":material/login:", "public", "section_account", "signin"),
)

DEFAULT_URL_PATH = "lots"  # the front page; served at "/" and, through an alias, at "/lots"


def requested_path() -> str | None:
    """The page path the browser asked for ("" for the root), or None when Streamlit does not say.

    Read from the script run's page manager (not a public API): it lets the frame answer an unknown
    path with its own Chinese page instead of Streamlit's English "Page not found"."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is None or ctx.pages_manager.intended_page_script_hash:
            return None  # a click in the navigation names the page by hash: it exists
        name = ctx.pages_manager.intended_page_name
    except Exception:
        return None
    return (name or "").strip("/")
