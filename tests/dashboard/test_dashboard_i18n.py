"""Every UI string the pages ask for exists in Chinese and English."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.i18n import STRINGS, t

ROOT = Path(__file__).resolve().parents[2]


def test_every_string_key_used_in_the_dashboard_is_defined():
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"\bt\(\"([a-z0-9_]+)\"[,)]", path.read_text(encoding="utf-8")))
    assert len(used) > 50, "the scan found the pages' strings"
    assert sorted(used - set(STRINGS)) == []


def test_chinese_is_the_default_and_english_is_there():
    assert t("page_bill", lang="zh") == "核对停车费"
    assert t("page_bill", lang="en") == "Was my bill right?"
    assert all(zh and en for zh, en in STRINGS.values())


def test_no_emoji_anywhere_in_the_dashboard_and_every_page_icon_is_a_material_icon():
    """Debian's Chromium has no emoji font: an emoji marker or icon would be a box there."""
    from dashboard.navigation import PAGES

    emoji = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
    offenders = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in sorted((ROOT / "dashboard").rglob("*.py"))
        for found in emoji.findall(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert all(spec.icon.startswith(":material/") for spec in PAGES)


def test_the_chinese_interface_has_no_english_in_its_strings():
    """Every Chinese string is Chinese: no English words beside it (the language switch excepted)."""
    allowed = {"Language", "parkwatch", "CSV", "GeoJSON", "Excel", "www", "https"}
    offenders = {
        key: zh
        for key, (zh, _en) in STRINGS.items()
        if set(re.findall(r"[A-Za-z][A-Za-z_]{2,}", re.sub(r"\{[a-z_]+\}", "", zh))) - allowed
    }
    assert offenders == {}


def test_the_12315_address_is_a_link_of_its_own():
    """The Markdown once ran the full-width bracket after www.12315.cn into the link's address."""
    for lang in ("zh", "en"):
        text = t("complain_how", lang=lang)
        assert re.findall(r"\]\(([^)]*)\)", text) == ["https://www.12315.cn/"]
