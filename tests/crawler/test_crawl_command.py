"""`parkwatch crawl` through the real CLI app."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from parkwatch.cli import app

runner = CliRunner()


def test_crawl_list_shows_every_source_with_its_schedule() -> None:
    result = runner.invoke(app, ["crawl", "--list"])
    assert result.exit_code == 0, result.output
    assert "demo_portal" in result.output and "demo_app_api" in result.output and "30 6 * * *" in result.output


def test_an_unknown_source_is_refused_with_the_known_ones_named() -> None:
    result = runner.invoke(app, ["crawl", "nosuchportal"])
    assert result.exit_code == 2
    assert "nosuchportal" in result.output and "demo_portal" in result.output


@pytest.mark.slow
def test_crawl_demo_serves_the_portal_crawls_it_and_prints_a_summary(sqlite_engine) -> None:
    result = runner.invoke(app, ["crawl", "--demo", "demo_app_api"])
    assert result.exit_code == 0, result.output
    assert "demo_app_api" in result.output and "ok" in result.output and "12" in result.output


@pytest.mark.slow
def test_crawl_exits_non_zero_when_the_site_is_unreachable(sqlite_engine) -> None:
    result = runner.invoke(app, ["crawl", "demo_app_api", "--base-url", "http://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "failed" in result.output and "抓取失败" in result.output
