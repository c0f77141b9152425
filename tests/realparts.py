"""Gates for tests that need a real part (tesseract, RapidOCR, PostgreSQL, Chromium).

In CI (`CI` set) a missing part fails the test loudly; elsewhere it skips with the reason printed.
Import it as `from tests.realparts import require_real_part` (pytest puts the repository root on
sys.path, see `pythonpath` in pyproject.toml).
"""

from __future__ import annotations

import os

import pytest

IN_CI = bool(os.environ.get("CI"))


def require_real_part(available: bool, what: str) -> None:
    if available:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is missing (make setup-test installs it)")
    pytest.skip(f"{what} is not installed here; CI runs this test (make setup-test installs it)")
