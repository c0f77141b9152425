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
