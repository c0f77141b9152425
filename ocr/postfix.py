"""Fix what OCR typically gets wrong on price boards, before the board reader runs.

Only confusions that are unambiguous in context are fixed (a letter between digits, a bracket
around an approval year, 无 right after an amount); anything else is left for the board reader,
which keeps what it cannot use. Applied line by line so line confidences stay aligned.
"""

from __future__ import annotations

import re

_UNIT = r"(?:元|小时|分钟|分|次|时|个|辆|号|天|日|月|年|%|座)"
_DIGITISH_ONE = "]|lI!丨"

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
# Keep the Chinese round brackets and colon out of the ASCII map? No: half-width is the reader's form.
_FULLWIDTH["\u3000"] = " "

_CJK = r"\u3400-\u9fff\uf900-\ufaff"


def to_half_width(text: str) -> str:
    return text.translate(str.maketrans(_FULLWIDTH))


def fix_line(line: str) -> str:
    text = to_half_width(line)
    # Stray quote marks (Chinese boards do not use them; tesseract invents them near brackets).
    text = re.sub(r"[“”‘’\"`]", "", text)
    # Angle brackets read for round ones before 含 ("〈含30分钟)").
    text = re.sub(r"[〈《<]\s*(?=含)", "(", text)
    # Spaces tesseract puts inside Chinese text and between Chinese and digits.
    text = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}\d])", "", text)
    text = re.sub(rf"(?<=\d)\s+(?=[{_CJK}])", "", text)
    text = re.sub(r"(?<=\d)\s+(?=[.:])|(?<=[.:])\s+(?=\d)", "", text)
    # ]/l/I/|/! → 1: before a unit or beside digits.
    for _ in range(2):
        text = re.sub(rf"[{re.escape(_DIGITISH_ONE)}](?=\d|\s*{_UNIT})", "1", text)
        text = re.sub(rf"(?<=\d)[{re.escape(_DIGITISH_ONE)}](?![A-Za-z])", "1", text)
    # O/o → 0 beside digits or in times (O8:OO).
    for _ in range(2):
        text = re.sub(r"(?<=[\d:.])[Oo]|[Oo](?=[\d:.]\d?)", "0", text)
    # S → 5, Z → 2, B → 8 only when surrounded by digits.
    text = re.sub(r"(?<=\d)S(?=\d)", "5", text)
    text = re.sub(r"(?<=\d)Z(?=\d)", "2", text)
    # 元/无/兀/亢 confusion after an amount.
    text = re.sub(r"(?<=\d)\s*[无兀亢]", "元", text)
    # The approval year's brackets: 【2019]、[2019】、(2019) → 〔2019〕 (after 价/字/号 text like 岳发改价).
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s*[\[【〔(\{［「]\s*((?:19|20)\d\d)\s*[\]】〕)\}］」]\s*", r"〔\1〕", text)
    return text


def fix_text(text: str) -> str:
    """`fix_line` over every line; the number of lines is unchanged."""
    return "\n".join(fix_line(line) for line in text.split("\n"))
