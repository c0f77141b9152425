"""`parkwatch campaign add|list`: a campaign created on the command line is listed with its id."""

from __future__ import annotations

from sqlalchemy import Engine
from typer.testing import CliRunner

from parkwatch.cli import app

runner = CliRunner()


def test_campaign_list_says_when_there_is_none_then_lists_what_was_added(sqlite_engine: Engine) -> None:
    empty = runner.invoke(app, ["campaign", "list"])
    assert empty.exit_code == 0 and "没有专项行动 no campaigns" in empty.output
    added = runner.invoke(
        app,
        ["campaign", "add", "--name", "春季停车收费检查", "--start", "2026-03-01", "--end", "2026-05-31", "--by", "t"],
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["campaign", "list"])
    assert listed.exit_code == 0
    assert listed.output.strip().splitlines() == ["#1 春季停车收费检查 2026-03-01..2026-05-31"]


def test_campaign_add_refuses_a_bad_date_and_a_bad_target(sqlite_engine: Engine) -> None:
    bad_date = runner.invoke(app, ["campaign", "add", "--name", "x", "--start", "2026-13-01", "--end", "2026-05-31"])
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    bad_target = runner.invoke(
        app, ["campaign", "add", "--name", "x", "--start", "2026-03-01", "--end", "2026-05-31", "--target", "coverage"]
    )
    assert bad_target.exit_code == 1 and "key=rate" in bad_target.output
    assert runner.invoke(app, ["campaign", "list"]).output.strip() == "没有专项行动 no campaigns"
