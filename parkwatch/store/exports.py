"""Export safety: text from data arrives as text in every file and message a person opens.

Crawled pages, board photos and imported complaints are written by people the bureau does not control.
Every exit that writes such text goes through this module:

- **CSV** (`csv_cell`, `csv_bytes`, `neutralise_csv`): a text field that begins with `= + - @`, a tab
  or a carriage return (after leading spaces) gets a `'` in front, as OWASP recommends against CSV
  injection, so Excel and WPS show it instead of running it. Numbers stay numbers: a number value,
  or a text that is exactly a plain number such as `-12.5`, is written as it is.
- **xlsx** (`xlsx_append`): every text cell is a string cell (`data_type "s"`, with Excel's quote
  prefix when it looks like a formula), never a formula; numbers stay number cells.
- **Markdown** (`markdown_text`): every ASCII punctuation character is backslash-escaped (CommonMark
  allows it for all of them), so a name cannot open a link, an image, emphasis, a table cell or an
  HTML tag, and `http\\://` is no longer an autolink.
- **Messages** (`shown_name`): names and messages cut to a length and cleaned, saying so.

Everywhere, control characters (NUL included) and invisible format characters (bidi overrides such
as U+202E, zero-width spaces and joiners) are removed first (`strip_invisible`): they can reorder or
hide what a reader sees, and xlsx cannot hold most of them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

CUT_MARK = "…（已截断）"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CHARS = 32_767  # Excel's limit for one cell
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")


def strip_invisible(text: str, *, keep_newlines: bool = False) -> tuple[str, int]:
    """(text without control and format characters, how many were removed).

    Line breaks become a space (or stay `\\n` with `keep_newlines`), a tab becomes a space; every other
    character of Unicode category Cc (controls, NUL) or Cf (bidi controls, zero-width characters) is
    dropped.
    """
    out: list[str] = []
    removed = 0
    for ch in text.replace("\r\n", "\n"):
        if ch in _LINE_BREAKS:
            out.append("\n" if keep_newlines and ch in "\n\u2028\u2029" else " ")
        elif ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            removed += 1
        else:
            out.append(ch)
    return "".join(out), removed


def cut(text: str, limit: int) -> str:
    """`text` when it fits in `limit` characters, else its start and "…（已截断）" (the whole in `limit`)."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(CUT_MARK))] + CUT_MARK


def shown_name(value: object, limit: int = 80, *, keep_newlines: bool = False) -> str:
    """A name (or message) from data as a notification shows it: cleaned and cut, saying so."""
    text, removed = strip_invisible("" if value is None else str(value), keep_newlines=keep_newlines)
    if not keep_newlines:
        text = " ".join(text.split())
    note = f"（已清除{removed}个控制字符）" if removed else ""
    if len(text) + len(note) > limit:
        return cut(text, max(limit - len(note), len(CUT_MARK) + 1)) + note
    return text + note


def is_plain_number(text: str) -> bool:
    return _PLAIN_NUMBER.fullmatch(text.strip()) is not None


def _looks_like_formula(text: str) -> bool:
    start = text.lstrip(" ")
    return bool(start) and start.startswith(FORMULA_STARTS) and not is_plain_number(text)


def csv_text(text: str) -> str:
    """One CSV text field made inert: cleaned, and `'`-prefixed when it would start a formula."""
    cleaned, _removed = strip_invisible(text, keep_newlines=True)
    return "'" + cleaned if _looks_like_formula(cleaned) else cleaned


def csv_cell(value: Any) -> Any:
    """A value for `csv.writer`: numbers and empty values as they are, everything else as inert text."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return csv_text(str(value))


def csv_bytes(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV with a BOM (Excel then opens Chinese text correctly), every field through `csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def neutralise_csv(data: bytes) -> bytes:
    """A CSV file already built (UTF-8, with or without BOM) with every field made inert by `csv_text`.

    A field read back from CSV is text; one that is exactly a plain number stays as it is.
    """
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in reader:
        writer.writerow([csv_text(field) for field in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_value(value: Any) -> Any:
    """A value openpyxl can store: numbers and dates as they are, text cleaned and cut to Excel's limit."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime, date)):
        return value
    text, _removed = strip_invisible(str(value), keep_newlines=True)
    return cut(text, XLSX_MAX_CHARS)


def xlsx_append(sheet: Any, values: Sequence[Any]) -> None:
    """Append one row to an openpyxl worksheet; every text cell is a string cell, never a formula.

    openpyxl stores any string that begins with `=` as a formula, so the cell's type is set back to
    string; one that looks like a formula also gets Excel's quote prefix, so editing it keeps it text.
    """
    sheet.append([xlsx_value(v) for v in values])
    if not values:
        return
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if _looks_like_formula(cell.value):
                cell.quotePrefix = True


def markdown_text(value: object) -> str:
    """Text from data for a Markdown document (a table cell, a heading): on one line, every ASCII
    punctuation character backslash-escaped, so it renders as the same characters and nothing else."""
    text, _removed = strip_invisible("" if value is None else str(value))
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)
