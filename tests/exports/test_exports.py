"""The one export-safety helper (parkwatch.store.exports), and a self-test of the battery's checks."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from parkwatch.store.exports import (
    CUT_MARK,
    csv_bytes,
    csv_cell,
    markdown_text,
    neutralise_csv,
    shown_name,
    strip_invisible,
    xlsx_append,
)
from tests.exports.battery import BATTERY, autolinks, formula_like, invisible, live_markup


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("\t=1+1", "' =1+1"),
        ("\r=1+1", "' =1+1"),
        ("  =1+1", "'  =1+1"),
        ("=\u200b1+1", "'=1+1"),
        ("-12.5", "-12.5"),  # a plain number stays a number
        ("+86", "+86"),
        ("1e5", "1e5"),
        ("岳阳楼区", "岳阳楼区"),
        ("a=b", "a=b"),
    ],
)
def test_a_csv_text_field_that_could_start_a_formula_gets_a_quote(text: str, expected: str) -> None:
    assert csv_cell(text) == expected


def test_csv_numbers_stay_numbers_and_empty_stays_empty() -> None:
    assert csv_cell(-5) == -5 and csv_cell(Decimal("-2.50")) == Decimal("-2.50") and csv_cell(None) is None
    data = csv_bytes([{"name": "=1+1", "fee": Decimal("-2.50"), "n": -3, "none": None}], ["name", "fee", "n", "none"])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "fee", "n", "none"], ["'=1+1", "-2.50", "-3", ""]]


def test_neutralising_a_built_csv_is_idempotent_and_keeps_quoting() -> None:
    raw = '\ufeffid,name,note\r\n1,"=HYPERLINK(""http://x"",""a,b"")","多行\n文本"\r\n-2,@SUM(1),-2.5\r\n'.encode()
    once = neutralise_csv(raw)
    assert neutralise_csv(once) == once
    rows = list(csv.reader(io.StringIO(once.decode("utf-8-sig"))))
    assert rows == [
        ["id", "name", "note"],
        ["1", '\'=HYPERLINK("http://x","a,b")', "多行\n文本"],
        ["-2", "'@SUM(1)", "-2.5"],
    ]


def test_an_xlsx_row_keeps_text_as_string_cells_and_numbers_as_numbers(tmp_path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    xlsx_append(sheet, ["=1+1", 3, 2.5, None, "停车\x00场\u202e", "长" * 40_000, "普通"])
    workbook.save(tmp_path / "t.xlsx")
    cells = list(load_workbook(tmp_path / "t.xlsx").active[1])
    assert [c.data_type for c in cells] == ["s", "n", "n", "n", "s", "s", "s"]
    assert cells[0].value == "=1+1" and cells[0].quotePrefix
    assert cells[4].value == "停车场" and not cells[6].quotePrefix
    assert cells[5].value.endswith(CUT_MARK) and len(cells[5].value) == 32_767


def test_markdown_text_escapes_every_markup_character() -> None:
    escaped = markdown_text("[x](http://evil.example) <b>*y*</b> | `z` \n# h")
    assert escaped == r"\[x\]\(http\:\/\/evil\.example\) \<b\>\*y\*\<\/b\> \| \`z\`  \# h"
    assert live_markup(escaped) == [] and autolinks(escaped) == []


def test_a_shown_name_is_cleaned_and_cut_saying_so() -> None:
    assert shown_name("岳阳楼景区停车场") == "岳阳楼景区停车场"
    long = shown_name("长" * 10_000, 60)
    assert len(long) == 60 and long.endswith("…（已截断）")
    dirty = shown_name("停车\x00场\u202e\u200b\n第二行", 60)
    assert dirty == "停车场 第二行（已清除3个控制字符）"
    both = shown_name("\u202e" + "长" * 200, 60)
    assert len(both) <= 60 and "已截断" in both and "已清除1个控制字符" in both
    assert strip_invisible("a\r\nb", keep_newlines=True) == ("a\nb", 0)


def test_the_battery_checks_catch_the_raw_battery() -> None:
    """The checks the exit tests rely on do see live markup, links, formulas and invisible characters."""
    assert live_markup(BATTERY["markdown_link"]) and live_markup(BATTERY["markdown_image"])
    assert live_markup(BATTERY["html"]) and live_markup(BATTERY["script"])
    assert len(autolinks(BATTERY["autolink"])) == 3
    assert all(formula_like(BATTERY[k]) for k in ("formula", "hyperlink", "at_sum", "plus_cmd", "minus"))
    assert invisible(BATTERY["bidi"]) and invisible(BATTERY["zero_width"]) and invisible(BATTERY["nul"])
    assert live_markup("[ok](http://localhost:8501/lot?lot=1)", allowed=("http://localhost:8501/",)) == []
