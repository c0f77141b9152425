"""The battery through the report exits: the xlsx workbook, the Markdown report, the `stats` table."""

from __future__ import annotations

import html
from pathlib import Path

from markdown_it import MarkdownIt
from openpyxl import load_workbook
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.store.exports import XLSX_MAX_CHARS, strip_invisible
from parkwatch.store.report import render_markdown, write_xlsx
from parkwatch.store.stats_db import stats_from_db
from tests.exports.battery import BATTERY, CAMPAIGN_NAME, autolinks, formula_like, invisible, live_markup


def assert_workbook_inert(path: Path) -> int:
    """No formula cell; text cells clean and under Excel's limit; formula-like text quote-prefixed.
    Returns how many text cells held formula-like text (the test checks it saw some)."""
    workbook = load_workbook(path)
    formula_like_cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not invisible(cell.value), (sheet.title, cell.coordinate)
                    assert len(cell.value) <= XLSX_MAX_CHARS
                    if formula_like(cell.value):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} {cell.value!r}"
                        formula_like_cells += 1
    return formula_like_cells


def test_the_report_workbook_has_no_formula_and_numbers_stay_numbers(battery, tmp_path: Path) -> None:
    stats = stats_from_db(campaign_id=battery["campaign"])
    path = write_xlsx(stats, tmp_path / "r.xlsx", demo=True)
    assert assert_workbook_inert(path) >= 9  # the title and each formula-like district
    sheet = load_workbook(path)["分县市区"]
    header = [c.value for c in sheet[1]]
    districts = [row[header.index("县市区")] for row in sheet.iter_rows(min_row=2)]
    by_name = {cell.value: row for cell, row in zip(districts, sheet.iter_rows(min_row=2), strict=True)}
    hyperlink_row = by_name[BATTERY["hyperlink"]]  # the text itself, as a string cell
    staff = hyperlink_row[header.index("出动人次")]
    assert staff.value == 2 and staff.data_type == "n"  # numbers stay numbers
    assert by_name["=1+1"][0].data_type == "s"
    assert strip_invisible(BATTERY["bidi"])[0] in by_name  # cleaned, not dropped


def test_the_report_command_writes_inert_xlsx_and_markdown(battery, tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("xlsx", "md"):
        result = runner.invoke(
            app, ["report", "--campaign", str(battery["campaign"]), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]
        )
        assert result.exit_code == 0, result.output
    assert assert_workbook_inert(tmp_path / "r.xlsx") >= 9
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert live_markup(markdown) == []
    assert autolinks(markdown) == []
    assert not invisible(markdown)


def test_the_markdown_report_shows_every_entry_as_the_same_text(battery) -> None:
    markdown = render_markdown(stats_from_db(campaign_id=battery["campaign"]))
    assert live_markup(markdown) == [] and autolinks(markdown) == [] and not invisible(markdown)
    rendered = html.unescape(MarkdownIt("commonmark").render(markdown))  # the text a reader sees
    for key in ("markdown_link", "html", "script", "hyperlink", "at_sum", "autolink", "rich_markup"):
        assert strip_invisible(BATTERY[key])[0] in rendered, key
    assert rendered.count("|") >= 2  # the pipes of "emphasis" stayed inside their cell
    assert strip_invisible(CAMPAIGN_NAME)[0] in rendered


def test_the_stats_command_prints_names_without_reading_them_as_markup(battery) -> None:
    result = CliRunner().invoke(app, ["stats", "--campaign", str(battery["campaign"])])
    assert result.exit_code == 0, result.output
    assert BATTERY["rich_markup"] in result.output  # shown literally, not taken as a link and a style
    assert "\x1b]8;" not in result.output  # no terminal hyperlink
