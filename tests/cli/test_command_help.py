"""`--help` reads cleanly: every command listed in Chinese and English, plain type names, nothing cut."""

from __future__ import annotations

import re

import click
import pytest
from typer.testing import CliRunner

from parkwatch.cli import COMMANDS, app

runner = CliRunner()

CJK = re.compile(r"[\u4e00-\u9fff]")


def _all_command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, entry in COMMANDS.items():
        command = entry.load(name)
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in command.commands]
    return paths


def test_every_top_level_line_is_chinese_then_english() -> None:
    for name, entry in COMMANDS.items():
        chinese, dash, english = entry.help.partition(" — ")
        assert dash, f"{name}: {entry.help!r} has no ' — '"
        assert CJK.search(chinese) and not CJK.search(english) and re.search("[a-z]", english), name


def test_the_top_level_help_lists_every_command_with_its_line() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = re.sub(r"(\s*│\s*)+", " ", result.output)  # the panel's lines joined: rich wraps them at 80 columns
    for name, entry in COMMANDS.items():
        assert re.search(rf" {name} +{re.escape(entry.help)} ", text), name


def test_a_group_s_help_is_its_top_level_line() -> None:
    result = runner.invoke(app, ["campaign", "--help"])
    assert result.exit_code == 0
    assert COMMANDS["campaign"].help in result.output
    assert "add" in result.output and "list" in result.output


@pytest.mark.parametrize("path", _all_command_paths(), ids=" ".join)
def test_help_shows_plain_type_names(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for artefact in ("<bool>", "<int>", "<str>", "<path>", "<list[", "{"):
        assert artefact not in result.output, f"{' '.join(path)}: {artefact}"


def test_the_ocr_help_names_its_arguments_and_types() -> None:
    result = runner.invoke(app, ["ocr", "--help"])
    assert "[OPTIONS] PHOTOS..." in result.output
    assert "照片文件 photo files" in result.output  # an argument's help is shown
    assert re.search(r"--workers +INTEGER RANGE", result.output)


def test_an_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["tarif"])
    assert result.exit_code == 2
    assert "Did you mean 'tariff'" in result.output
