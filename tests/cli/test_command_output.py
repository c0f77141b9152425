"""Output and exit statuses a script can rely on: full text when piped, documented statuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parkwatch.cli import _output, app

runner = CliRunner()

LONG_OPERATOR = "岳阳洞庭湖区" + "城市停车综合服务" * 4 + "有限公司"  # 90 columns wide: more than a screen's 80


def test_a_table_cell_wider_than_a_screen_is_printed_whole_when_not_a_terminal() -> None:
    board = f"收费单位：{LONG_OPERATOR}\n收费标准：小型车每小时2元"
    result = runner.invoke(app, ["audit", board, "--on", "2024-05-01"])
    assert result.exit_code in (0, 1), result.output
    assert LONG_OPERATOR in result.output  # on one line: not wrapped, not cut with an ellipsis


def test_the_console_keeps_the_terminal_width_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    monkeypatch.setenv("COLUMNS", "100")
    assert _output.console().width == 100
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert _output.console().width == _output.UNBOUNDED_WIDTH


def test_db_upgrade_creates_the_database_and_refuses_an_unknown_revision(tmp_path: Path) -> None:
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert "database at head" in done.output and (tmp_path / "data" / "parkwatch.db").is_file()
    unknown = runner.invoke(app, ["db", "upgrade", "no-such-revision"])
    assert unknown.exit_code == 2
    assert "no-such-revision" in unknown.output and "Traceback" not in unknown.output


def test_tariff_fee_answers_and_refuses_unreadable_text() -> None:
    args = ["tariff", "fee", "首小时5元，之后每小时2元", "--minutes", "90", "--start", "2026-01-05T10:00"]
    fee = runner.invoke(app, args)
    assert fee.exit_code == 0 and "费用 7.00 元" in fee.stdout
    unreadable = runner.invoke(app, ["tariff", "fee", "欢迎光临", "--minutes", "90"])
    assert unreadable.exit_code == 2


def test_board_text_that_looks_like_markup_prints_as_written() -> None:
    """A board is written by people the bureau does not control: "[red]" or "[/]" in it is text, and a
    stray closing tag does not crash the command."""
    board = "收费单位：[bold]滨江[/]停车[link=http://x.cn]服务公司\n收费标准：小型车每小时2元"
    result = runner.invoke(app, ["audit", board, "--on", "2024-05-01"])
    assert result.exit_code in (0, 1), result.output
    assert "[bold]滨江[/]停车[link=http://x.cn]服务公司" in result.output
    assert "已识别（小型车）" in result.output  # vehicle classes in words, not codes


def test_a_source_file_name_that_looks_like_markup_prints_as_written(tmp_path: Path) -> None:
    (tmp_path / "bad[red]name.yaml").write_text("name: [unclosed\n  - : :\n", encoding="utf-8")
    result = runner.invoke(app, ["crawl", "--sources", str(tmp_path), "--list"])
    assert result.exit_code == 1, result.output  # a malformed definition is listed as broken
    assert "bad[red]name.yaml" in result.output
