"""Fixtures of the dashboard tests: a small seeded database and cheap bcrypt."""

from __future__ import annotations

import pytest
from dashboard_seed import seed


@pytest.fixture(autouse=True)
def _cheap_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parkwatch.store.auth.BCRYPT_ROUNDS", 4)


@pytest.fixture
def seeded(sqlite_engine) -> dict[str, int]:
    import streamlit as st

    st.cache_data.clear()
    return seed(sqlite_engine)
