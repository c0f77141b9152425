"""Each page as each role: pages outside a role are not in its navigation, and each page refuses
on its own when reached anyway. (Every page is also run as its own role in the page tests.)"""

from __future__ import annotations

import pytest
from dashboard_helpers import ROLE_ACCOUNTS, all_text, frame, page_alone

from dashboard.navigation import PAGES
from parkwatch.store.auth import role_allows


@pytest.mark.parametrize("role", list(ROLE_ACCOUNTS))
def test_each_page_as_each_role_is_registered_only_when_allowed_and_refuses_otherwise(seeded, role):
    at = frame(role)
    for spec in PAGES:
        page = spec.file.removeprefix("app_pages/").removesuffix(".py")
        if role_allows(role, spec.role):
            at.switch_page(spec.file)  # registered: no error
            continue
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(spec.file)
        alone = page_alone(role, page)
        assert "无权访问此页面" in all_text(alone), spec.file
        assert not alone.dataframe and not alone.get("file_uploader") and not alone.get("download_button")


def test_the_public_role_sees_only_public_pages_and_sign_in(seeded):
    restricted = [spec for spec in PAGES if spec.role != "public"]
    assert restricted, "the catalogue has restricted pages"
    at = frame("public")
    for spec in restricted:
        with pytest.raises(ValueError):
            at.switch_page(spec.file)
