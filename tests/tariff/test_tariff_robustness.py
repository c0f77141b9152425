"""The robustness sweep: every development entry of the real corpus, rewritten mechanically in ways a
notice could just as well have been written (full/half width, colons, spaces between a number and its
unit, `元/小时` said as `元每小时` / `元一小时`, lines joined or split, the last line first), must keep its fee
or become incomplete — never give a different fee while saying the reading is complete.

This measures how brittle the reader is to wordings it was not shown, without touching the test split.
Run as a script (`.venv/bin/python -m tests.tariff.test_tariff_robustness`) for the counts per perturbation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from parkwatch.core.fee import NoPriceError, ZoneError, fee
from parkwatch.core.tariff_reader import read_tariff
from tests.real_corpus import TARIFF_CORPUS, load_entries

_TO_FULL = str.maketrans("0123456789:,;()-.", "０１２３４５６７８９：，；（）－．")
_TO_HALF = str.maketrans("：，；（）－。", ":,;()-.")  # 。 as a half-width full stop


def _full_width(text: str) -> str:
    """Digits and punctuation in full width (an OCR'd or hand-typed notice)."""
    return text.translate(_TO_FULL)


def _half_width(text: str) -> str:
    """Chinese punctuation in half width (`，` → `,`, `。` → `.`)."""
    return text.translate(_TO_HALF)


def _colons_swapped(text: str) -> str:
    return text.replace(":", "\0").replace("：", ":").replace("\0", "：")


def _spaced_units(text: str) -> str:
    """A space between a number and its unit: `5 元`, `2 小时`, `30 分钟`."""
    return re.sub(r"(\d)(?=元|小时|小時|分钟|分鐘|天|次)", r"\1 ", text)


def _per_hour_said(word: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        # not 元/小时·辆: 元一小时·辆 is no one's wording
        return re.sub(r"元\s*/\s*(?:1\s*)?(小时|小時)(?![·./])", rf"元{word}\1", text)

    return rewrite


def _lines_joined(text: str) -> str:
    """One paragraph: line breaks become `；` (a line that already ends a sentence keeps its mark)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "".join(line if line[-1] in "；;。，,：:" else line + "；" for line in lines)


def _sentences_split(text: str) -> str:
    """One sentence a line: a break after every `；` and `。`."""
    return re.sub(r"([；;。])(?!\n)", r"\1\n", text)


def _traditional(text: str) -> str:
    """The notice in traditional characters (Hong Kong, Macau, Taiwan, or a simplified page converted)."""
    import opencc  # loaded only when the sweep runs

    return str(opencc.OpenCC("s2t").convert(text))


_CN = "零一二三四五六七八九十"


def _chinese_number(match: re.Match[str]) -> str:
    n = int(match.group(1))
    return _CN[n] if n <= 10 else ("十" if n < 20 else _CN[n // 10] + "十") + (_CN[n % 10] if n % 10 else "")


def _chinese_numerals(text: str) -> str:
    """Whole numbers up to 99 before a unit in Chinese numerals: 3元 → 三元, 30分钟 → 三十分钟 (not clock times)."""
    return re.sub(r"(?<![\d.:：])(\d{1,2})(?=元|小时|小時|分钟|分鐘|个小时)", _chinese_number, text)


_SYNONYMS = (
    ("首小时", "第一小时"),
    ("以后", "之后"),
    ("超过", "超出"),
    ("小时以内", "小时内"),
    ("每小时", "每个小时"),
    ("小型车", "小车"),
    ("大型车", "大车"),
    ("不足", "不满"),
    ("免费", "不收费"),
    ("停车", "停放"),
    ("元/次", "元每次"),
)


def _synonyms(text: str) -> str:
    """Words said another way with the same meaning (首小时 → 第一小时, 以后 → 之后, 超过 → 超出 …)."""
    for said, other in _SYNONYMS:
        text = text.replace(said, other)
    return text


def _last_line_first(text: str) -> str:
    """The last line put first (a notice that states its last rule first). A line that names no vehicle then
    follows a vehicle's own line: the reader must read it right or say the reading is not complete (session 7;
    before, 12 of 1,075 probes were complete-but-wrong)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join([lines[-1], *lines[:-1]]) if len(lines) > 1 else text


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "full width": _full_width,
    "half width": _half_width,
    "colons swapped": _colons_swapped,
    "space before unit": _spaced_units,
    "元每小时": _per_hour_said("每"),
    "元一小时": _per_hour_said("一"),
    "lines joined": _lines_joined,
    "sentences split": _sentences_split,
    "traditional": _traditional,
    "chinese numerals": _chinese_numerals,
    "synonyms": _synonyms,
    "last line first": _last_line_first,
}

KEPT, INCOMPLETE, WRONG = "kept", "incomplete", "complete-but-wrong"


def _price(text: str, probe: dict[str, Any]) -> tuple[Decimal | None, bool]:
    """(fee or None when refused, whether the reading says it is complete)."""
    reading = read_tariff(text)
    if reading.tariff is None:
        return None, False
    entry = datetime.fromisoformat(str(probe["start"]))
    exit_ = entry + timedelta(minutes=int(probe["minutes"]))
    try:
        amount = fee(reading.tariff, entry, exit_, str(probe["vehicle"]), zone=probe.get("zone")).amount
    except (NoPriceError, ZoneError):
        return None, reading.complete
    return amount, reading.complete


def sweep(entry: dict[str, Any], name: str) -> list[str] | None:
    """The outcome of each probe the unperturbed text prices exactly; None when the perturbation leaves the
    text as it was (nothing tried)."""
    changed = PERTURBATIONS[name](entry["text"])
    if changed == entry["text"]:
        return None
    found = []
    for probe in entry["probes"]:
        expected = Decimal(str(probe["fee"]))
        if _price(entry["text"], probe)[0] != expected:
            continue  # a known miss of the reader: nothing to keep
        amount, complete = _price(changed, probe)
        if amount == expected:
            found.append(KEPT)
        else:
            found.append(WRONG if complete and amount is not None else INCOMPLETE)
    return found


DEV = load_entries(TARIFF_CORPUS, "dev")


@pytest.mark.parametrize("name", list(PERTURBATIONS))
@pytest.mark.parametrize("entry", DEV, ids=[e["id"] for e in DEV])
def test_a_rewritten_entry_keeps_its_fee_or_says_it_is_incomplete(entry: dict[str, Any], name: str) -> None:
    found = sweep(entry, name)
    assert not found or WRONG not in found, (name, PERTURBATIONS[name](entry["text"]), found)


# The share of perturbed probes that keep their fee (measured 2026-12-01, session 6: before the fixes 8,950 of
# 9,154 kept, 188 incomplete, 16 complete-but-wrong; after them 9,040 kept (98.8 %), 114 incomplete, none
# wrong): a floor against regressions — a wording change should not turn a read into "incomplete" either.
# Session 7 added "last line first" (1,076 probes: 1,027 kept, 49 incomplete, none wrong; 12 complete-but-wrong of
# 1,075 before the session's fixes); all twelve rewrites together keep 10,076 of 10,238 (98.4 %), none wrong.
KEPT_FLOOR = 0.98


@pytest.mark.skipif(not DEV, reason="no development entries present")
def test_most_rewritten_probes_keep_their_fee() -> None:
    count = totals()
    assert count[KEPT] >= KEPT_FLOOR * sum(count.values()), count


def totals(name: str | None = None) -> Counter[str]:
    count: Counter[str] = Counter()
    for entry in DEV:
        for each in [name] if name else list(PERTURBATIONS):
            count.update(sweep(entry, each) or [])
    return count


if __name__ == "__main__":
    for each in PERTURBATIONS:
        c = totals(each)
        print(f"{each:18} {sum(c.values()):6} kept {c[KEPT]:6} incomplete {c[INCOMPLETE]:5} wrong {c[WRONG]:4}")
    c = totals()
    print(f"{'all':18} {sum(c.values()):6} kept {c[KEPT]:6} incomplete {c[INCOMPLETE]:5} wrong {c[WRONG]:4}")
