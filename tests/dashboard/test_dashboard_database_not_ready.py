"""The dashboard on a database never set up: one clear sentence on every page, never "no such table"."""

from __future__ import annotations

from dashboard_helpers import all_text, errors, frame, open_page, sign_in

from parkwatch.store.db.migrate import NOT_SET_UP


def test_the_front_page_says_the_database_is_not_set_up(tmp_path) -> None:
    at = frame("public")  # the default database of the test's data folder: never migrated
    assert not errors(at)
    assert NOT_SET_UP in [e.value for e in at.error]


def test_signing_in_says_the_database_is_not_set_up_instead_of_no_such_table() -> None:
    at = open_page("public", "signin")
    assert NOT_SET_UP not in all_text(at)  # the form shows; the database is asked only on signing in
    sign_in(at, "inspector", "inspector-demo")
    text = all_text(at)
    assert not errors(at) and NOT_SET_UP in text and "no such table" not in text
