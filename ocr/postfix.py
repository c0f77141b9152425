"""Fix what OCR typically gets wrong on price boards, before the board reader runs.

Only confusions that are unambiguous in context are fixed (a letter between digits, a bracket
around an approval year, 无 right after an amount); anything else is left for the board reader,
which keeps what it cannot use. Applied line by line so line confidences stay aligned.
"""

from __future__ import annotations

import re

_UNIT = r"(?:元|小时|分钟|分|次|时|个|辆|号|天|日|月|年|%|座)"
_ONE_LOOKALIKES = re.escape("]lI!丨")

# The last word of a board's field labels (收费单位, 定价形式, 收费性质, 收费依据, 收费时间, 投诉举报电话 ...).
_LABEL_NOUN = "单位|形式|性质|类型|依据|时间|电话|名称|车辆|期至|位数|代码|时段"

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH["\u3000"] = " "
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)

_APPROVAL_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])\s*[\[【〔(\{［「]\s*((?:19|20)\d\d)\s*[\]】〕)\}］」1l|]\s*")


_END_TIME_COLON = re.compile(r"(?<=\d:\d\d-)((?:次日)?)([0-2]\d)1([0-5]\d)(?!\d)")


def _end_time(match: re.Match[str]) -> str:
    day, hour, minute = match.groups()
    return f"{day}{hour}:{minute}" if int(hour) <= 24 else match.group(0)


# Traditional forms the recogniser sometimes returns for the simplified ones on boards.
_SIMPLIFIED = str.maketrans({"時": "时", "費": "费", "車": "车", "價": "价", "電": "电", "話": "话", "號": "号"})


def to_half_width(text: str) -> str:
    return text.translate(_FULLWIDTH_TABLE)


def fix_line(line: str) -> str:
    text = to_half_width(line).translate(_SIMPLIFIED)
    # Table borders read as bars: a separator, never a digit.
    text = re.sub(r"\s*[|｜]\s*", " ", text).strip()
    # A cell rule read as a comma or a dot at the start of a value ("，30分钟", "收费时间：、全天24小时").
    text = re.sub(r"^[，,、。.]+\s*", "", text)
    text = re.sub(r"(?<=[：:])\s*[，,、。.]+\s*", "", text)
    # A label's colon read as ; or 。 ("收费性质;市场调节价"): the board reader would take the line for
    # a clause of the tariff, not a label. Only after the label nouns boards print.
    text = re.sub(rf"^([\u4e00-\u9fff]{{0,6}}(?:{_LABEL_NOUN}))\s*[;；。]\s*(?=\S)", r"\1:", text)
    # Stray quote marks (boards do not use them; tesseract invents them near brackets).
    text = re.sub(r"[“”‘’\"`]", "", text)
    # Angle brackets read for round ones before 含 ("〈含30分钟)").
    text = re.sub(r"[〈《<]\s*(?=含)", "(", text)
    # The approval year's brackets: 【2019]、[2019】、(2019) → 〔2019〕 (after text like 岳发改价).
    text = _APPROVAL_YEAR.sub(r"〔\1〕", text)
    # The closing bracket read twice (〔2023〕】256号; tesseract, session 6). Only full-width brackets: a
    # `]` there may be a lost 1 (〔2017〕]号), which the 1 look-alike rule below restores.
    text = re.sub(r"(?<=〕)\s*[】〕」]+\s*(?=\d{1,4}号)", "", text)
    # The pricing forms' last character misread at the end of a value (政府指导从, 市场调节介): no other
    # word ends so on a board.
    text = re.sub(r"(市场调节|政府指导|政府定)[从介阶仆份](?=$|[\s,，;；。)）])", r"\1价", text)
    # The closing bracket lost: 〔2021244号 → 〔2021〕244号.
    text = re.sub(r"〔((?:19|20)\d\d)(?=\d{1,4}号)", r"〔\1〕", text)
    # Two hotlines run together: 123150730-4601828 → 12315 0730-4601828.
    text = re.sub(r"(1231[05]|12345|12358)(?=0\d{2,3}-?\d{7,8}(?!\d))", r"\1 ", text)
    # Spaces inside a number or a time ("12 : 30", "2 .5", "1 5分钟", "0 8:0 0").
    text = re.sub(r"(?<=\d)\s*([.:])\s*(?=\d)", r"\1", text)
    text = re.sub(r"(?<!\d)\d(?: \d)+(?!\d)", lambda m: m.group(0).replace(" ", ""), text)
    # A dash read as 一 between times (20:00一次日08:00).
    text = re.sub(r"(?<=\d)\s*[一—–~～]\s*(?=(?:次日)?\d)", "-", text)
    # The end time's colon read as 1 (07:30-19130): five digits after a time and its dash are a time.
    text = _END_TIME_COLON.sub(_end_time, text)
    # 费 of a 收费… label read as 责 or 贵 (收责时间): neither word exists, and the label then takes nothing.
    text = re.sub(r"收[责贵](?=时间|单位|依据|标准|性质|上限|方式)", "收费", text)
    # ]/l/I/|/! → 1: before a digit or a unit, or right after a digit.
    for _ in range(2):
        text = re.sub(rf"[{_ONE_LOOKALIKES}](?=\d|\s*{_UNIT})", "1", text)
        text = re.sub(rf"(?<=\d)[{_ONE_LOOKALIKES}](?![A-Za-z])", "1", text)
    # 工 read for 1 before a unit or a digit, or after a digit (42工个, 工小时).
    text = re.sub(rf"(?<=\d)工|工(?=\d|{_UNIT})", "1", text)
    # Service hotlines split by spaces: 12 345 → 12345.
    text = re.sub(r"(?<!\d)1\s?2\s?3\s?(1\s?5|4\s?5|5\s?8)(?!\d)", lambda m: "123" + m.group(1).replace(" ", ""), text)
    # O/o → 0 beside digits or in times (O8:OO).
    for _ in range(2):
        text = re.sub(r"(?<=[\d:.])[Oo]|[Oo](?=[\d:.])", "0", text)
    # S → 5 and Z → 2 only between digits.
    text = re.sub(r"(?<=\d)S(?=\d)", "5", text)
    text = re.sub(r"(?<=\d)Z(?=\d)", "2", text)
    # A slash read as a dash or 一 between an amount and its unit: 3元一半小时 → 3元/半小时.
    text = re.sub(r"(?<=\d元)\s*[一—－-]\s*(?=半?小时|次|天|日|月|\d*分钟)", "/", text)
    # 元 read as 无/兀/亢 right after an amount.
    text = re.sub(r"(?<=\d)\s*[无兀亢](?!人)", "元", text)
    return text


def fix_text(text: str) -> str:
    """`fix_line` over every line; the number of lines is unchanged."""
    return "\n".join(fix_line(line) for line in text.split("\n"))
