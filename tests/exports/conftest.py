"""Fixtures of the battery tests: a migrated SQLite database with the hostile-text battery planted."""

from __future__ import annotations

from typing import Any

import pytest

from tests.exports.battery import seed_battery


@pytest.fixture
def battery(sqlite_engine) -> dict[str, Any]:
    import streamlit as st

    st.cache_data.clear()  # the dashboard's queries are cached per process
    return seed_battery(sqlite_engine)
