"""The page catalogue: which page file, under which title, for which role.

The frame registers in `st.navigation` only the pages the current role may use; for the others it
registers a hidden refusal page under the same URL, so a direct URL gives a refusal, not the page.
Each page also checks the role again itself (`dashboard.common.guard`).
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
    PageSpec("app_pages/public_map.py", "page_map", "🗺️", "public", "section_public", "lots"),
    PageSpec("app_pages/public_lot.py", "page_lot", "🅿️", "public", "section_public", "lot"),
    PageSpec("app_pages/public_bill.py", "page_bill", "🧾", "public", "section_public", "bill"),
    PageSpec("app_pages/public_totals.py", "page_totals", "📊", "public", "section_public", "totals"),
    PageSpec("app_pages/public_data.py", "page_data", "⬇️", "public", "section_public", "open-data"),
    PageSpec("app_pages/inspector_upload.py", "page_upload", "📷", "inspector", "section_inspector", "upload"),
    PageSpec("app_pages/inspector_findings.py", "page_findings", "⚖️", "inspector", "section_inspector", "findings"),
    PageSpec(
        "app_pages/inspector_inspection.py", "page_inspection", "📝", "inspector", "section_inspector", "inspection"
    ),
    PageSpec("app_pages/inspector_queue.py", "page_queue", "📥", "inspector", "section_inspector", "queue"),
    PageSpec("app_pages/inspector_sources.py", "page_sources", "🛰️", "inspector", "section_inspector", "sources"),
    PageSpec("app_pages/manager_campaign.py", "page_campaign", "📈", "manager", "section_manager", "campaign"),
    PageSpec("app_pages/manager_audit.py", "page_audit", "🔎", "manager", "section_manager", "audit"),
    PageSpec("app_pages/signin.py", "page_signin", "🔑", "public", "section_account", "signin"),
)
