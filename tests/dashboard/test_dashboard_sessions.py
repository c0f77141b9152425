"""Sign-ins that last (signed, expiring tokens the server can end) and the server-side lockout."""

from __future__ import annotations

import os
import stat

from dashboard import login_tokens as tokens

NOW = 1_717_400_000.0


def test_a_token_signs_its_holder_in_until_it_expires(tmp_path):
    token = tokens.issue(tmp_path, "inspector", NOW)
    assert tokens.holder(tmp_path, token, NOW + 60) == "inspector"
    assert tokens.holder(tmp_path, token, NOW + tokens.SESSION_SECONDS - 1) == "inspector"
    assert tokens.holder(tmp_path, token, NOW + tokens.SESSION_SECONDS + 1) is None


def test_a_forged_or_altered_token_signs_nobody_in(tmp_path):
    token = tokens.issue(tmp_path, "inspector", NOW)
    payload, signature = token.split(".")
    forged = tokens._b64(b'{"sid":"x","name":"admin","exp":9999999999}')
    assert tokens.holder(tmp_path, f"{forged}.{signature}", NOW) is None
    assert tokens.holder(tmp_path, f"{payload}.{signature[:-2]}AA", NOW) is None
    assert tokens.holder(tmp_path, "not-a-token", NOW) is None
    assert tokens.holder(tmp_path, None, NOW) is None
    # signed with another server's secret
    other = tmp_path / "other"
    assert tokens.holder(other, token, NOW) is None


def test_signing_out_ends_every_copy_of_the_token(tmp_path):
    token = tokens.issue(tmp_path, "manager", NOW)
    kept = tokens.issue(tmp_path, "manager", NOW)  # the same person on another device
    tokens.end(tmp_path, token)
    assert tokens.holder(tmp_path, token, NOW + 1) is None
    assert tokens.holder(tmp_path, kept, NOW + 1) == "manager"


def test_the_secret_is_made_once_and_readable_by_the_owner_only(tmp_path):
    first = tokens.secret(tmp_path)
    assert tokens.secret(tmp_path) == first and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret").st_mode) == 0o600


def test_five_wrong_passwords_lock_the_account_for_a_minute_whatever_the_client(tmp_path):
    for n in range(tokens.MAX_ACCOUNT_FAILURES):
        assert not tokens.lockout(tmp_path, "admin", f"10.0.0.{n}", NOW + n).locked
        tokens.record_failure(tmp_path, "admin", f"10.0.0.{n}", NOW + n)
    last = NOW + tokens.MAX_ACCOUNT_FAILURES - 1
    refused = tokens.lockout(tmp_path, "admin", "10.9.9.9", last + 1)
    assert refused.locked and 0 < refused.seconds_left <= tokens.LOCKOUT_SECONDS
    assert not tokens.lockout(tmp_path, "inspector", "10.9.9.9", last + 1).locked  # other accounts go on
    assert not tokens.lockout(tmp_path, "admin", "10.9.9.9", last + tokens.LOCKOUT_SECONDS + 1).locked


def test_one_client_guessing_many_accounts_is_locked_out(tmp_path):
    for n in range(tokens.MAX_CLIENT_FAILURES):
        tokens.record_failure(tmp_path, f"user{n}", "203.0.113.5", NOW + n)
    assert tokens.lockout(tmp_path, "someone-else", "203.0.113.5", NOW + 20).locked
    assert not tokens.lockout(tmp_path, "someone-else", "198.51.100.1", NOW + 20).locked


def test_a_right_password_clears_the_accounts_count(tmp_path):
    for n in range(tokens.MAX_ACCOUNT_FAILURES - 1):
        tokens.record_failure(tmp_path, "admin", "10.0.0.1", NOW + n)
    tokens.clear_failures(tmp_path, "admin")
    tokens.record_failure(tmp_path, "admin", "10.0.0.1", NOW + 10)
    assert not tokens.lockout(tmp_path, "admin", "10.0.0.1", NOW + 11).locked


def test_the_sign_in_page_keeps_the_lockout_across_a_new_browser_session(seeded):
    """A new AppTest is a new browser session (as a reload is): the count is on the server."""
    from dashboard_helpers import all_text, open_page, sign_in

    for n in range(tokens.MAX_ACCOUNT_FAILURES):
        sign_in(open_page("public", "signin"), "inspector", f"wrong-{n}")  # a fresh session each time
    at = sign_in(open_page("public", "signin"), "inspector", "inspector-demo")
    assert "尝试次数过多" in all_text(at) and "account" not in at.session_state


def test_signing_in_puts_a_token_in_the_address_and_it_signs_in_a_new_session(seeded):
    from dashboard_helpers import all_text, frame, open_page, sign_in

    at = sign_in(open_page("public", "signin"), "manager", "manager-demo")
    token = at.query_params[tokens.QUERY_KEY]
    assert at.session_state["account"]["role"] == "manager"
    again = frame("public")  # a reload: a new session, the address still holds the token
    again.query_params[tokens.QUERY_KEY] = token
    again.run()
    assert again.session_state["account"]["name"] == "manager"
    assert "已登录" in all_text(again)
    again.switch_page("app_pages/signin.py").run()
    again.button(key="sign_out").click().run()
    after = frame("public")
    after.query_params[tokens.QUERY_KEY] = token
    after.run()
    assert "account" not in after.session_state  # signed out: the old address signs nobody in
