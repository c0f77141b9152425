"""The robustness sweep (issue #22): every development-split disclosure, rewritten mechanically in ways real
texts differ (character widths, colons, the bracket style around a 文号, line breaks joined or split, a
heading replaced by one of its synonyms), must read the same. A field may be lost (a reading the reader is
not sure of is better left out), never changed to another value nor invented where the original text gave
none. It measures how brittle the reader is to wording it has not seen, without reading the test split.

    .venv/bin/python -m tests.board.test_board_sweep     # print the counts per perturbation and each change

Only the development split is read (`load_entries(…, "dev")`); the comparison is the corpus test's
(`field_right`), with the reader's value on the original text as the expected value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pytest

from parkwatch.core.board import BoardRecord
from parkwatch.core.board_reader import read_board
from tests.board.test_real_disclosures import FIELDS, field_right, reader_value
from tests.real_corpus import BOARD_CORPUS, load_entries

SWEPT = (*FIELDS, "disclosure_kind")

# ---- the perturbations ------------------------------------------------------------------------

_TO_WIDE = {i: i + 0xFEE0 for i in range(0x21, 0x7F)}
_TO_WIDE[0x20] = 0x3000
_TO_NARROW = {v: k for k, v in _TO_WIDE.items()}
_TO_NARROW.update({ord("："): ord(":")})
_TEXT_BRACKETS = "〔〕[]【】()（）﹝﹞"
# a 文号's year in any bracket style: 岳发改价〔2019〕12号, 湘价服[2015]40号, 长发改价服（2020）12号
_NUMBER_YEAR = re.compile(r"([〔\[【(（﹝])\s*((?:19|20)\d\d)\s*([〕\]】)）﹞])(?=\s*第?\s*\d{1,5}\s*号)")
_SENTENCE_STOPS = re.compile(r"(?<=[；。])(?!\n)")
_CLAUSE_STOPS = re.compile(r"(?<=[，；。])(?!\n)")

# synonym groups of headings: any of them, where the text has one, is written as each other in turn. Real
# texts seldom label a field (收费依据：…); they write the heading word inside a sentence (…的收费依据是…,
# 24小时最高收费20元), so a heading word is replaced wherever it stands, a cap word only where an amount
# follows it (封顶 after an amount, "20元封顶", is left alone: 最高收费 cannot stand there).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "basis": ("收费依据", "定价依据", "价格依据", "批准文号", "审批文号"),
    "cap": ("最高收费", "封顶", "限价", "每日最高", "日最高收费", "最高不超过"),
    "operator": ("经营单位", "收费单位", "管理单位", "运营单位"),
    "hotline": ("监督电话", "举报电话", "投诉电话", "价格举报电话"),
}
_CAP_WORDS = (
    "最高收费不得超过",
    "最高收费不超过",
    "最高收费",
    "封顶",
    "最高限价",
    "限价",
    "每日最高",
    "日最高收费",
    "最高不超过",
)


def _heading_pattern(group: str) -> re.Pattern[str]:
    words = _CAP_WORDS if group == "cap" else SYNONYMS[group]
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # the longest first
    # 每日最高 inside 单日最高收费 is one word; an amount (or 为/：) follows a cap word
    before = r"(?<![单每])" if group == "cap" else ""
    after = r"(?=\s*(?:为|:|：)?\s*\d)" if group == "cap" else ""
    return re.compile(before + f"(?:{alts})" + after)


def _heading_as(group: str, word: str) -> Callable[[str], str]:
    pattern = _heading_pattern(group)
    return lambda text: pattern.sub(word, text)


def _brackets(opening: str, closing: str) -> Callable[[str], str]:
    return lambda text: _NUMBER_YEAR.sub(lambda m: f"{opening}{m.group(2)}{closing}", text)


def _wide(text: str) -> str:
    # digits and ASCII punctuation to full width; the original's full-width forms stay
    return text.translate({k: v for k, v in _TO_WIDE.items() if k != 0x20})


def _narrow(text: str) -> str:
    return text.translate(_TO_NARROW)


def _colon_narrow(text: str) -> str:
    return text.replace("：", ":")


def _colon_wide(text: str) -> str:
    return re.sub(r"(?<!\d):(?!\d)", "：", text)  # 07:00 keeps its colon


def _lines_joined(text: str) -> str:
    # a page whose line breaks were lost in copying: the lines run on, a blank between them
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _sentences_split(text: str) -> str:
    # a board with a line per sentence
    return _SENTENCE_STOPS.sub("\n", text)


def _clauses_split(text: str) -> str:
    # a narrow board broken after every clause
    return _CLAUSE_STOPS.sub("\n", text)


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "full width": _wide,
    "half width": _narrow,
    "colon ：→:": _colon_narrow,
    "colon :→：": _colon_wide,
    "文号 〔〕": _brackets("〔", "〕"),
    "文号 []": _brackets("[", "]"),
    "文号 【】": _brackets("【", "】"),
    "文号 ()": _brackets("(", ")"),
    "文号 （）": _brackets("（", "）"),
    "lines joined": _lines_joined,
    "sentences split": _sentences_split,
    "clauses split": _clauses_split,
    **{f"{group} → {word}": _heading_as(group, word) for group, words in SYNONYMS.items() for word in words},
}


# ---- the sweep --------------------------------------------------------------------------------


@dataclass
class Sweep:
    """Counts of one perturbation over the dev split: texts changed by it, fields kept / lost / wrong."""

    texts: int = 0
    kept: int = 0
    lost: int = 0
    righted: int = 0  # the original read the field wrong; the perturbed text reads the entry's value
    wrong: list[str] = field(default_factory=list)  # "entry field: was … now …"


@cache
def _dev() -> tuple[Mapping[str, Any], ...]:
    return tuple(load_entries(BOARD_CORPUS, "dev"))


@cache
def _original(entry_id: str, text: str) -> BoardRecord:
    return read_board(text)


_NOTHING: tuple[object, ...] = (None, False, [], "")


def _value(record: BoardRecord, name: str) -> Any:
    return record.value(name) if name == "disclosure_kind" else reader_value(record, name)


def _same(name: str, was: Any, after: BoardRecord) -> bool:
    return after.value(name) == was if name == "disclosure_kind" else field_right(name, was, after)


def sweep(name: str) -> Sweep:
    out = Sweep()
    perturb = PERTURBATIONS[name]
    for entry in _dev():
        text = entry["text"]
        changed = perturb(text)
        if changed == text:
            continue
        out.texts += 1
        before, after = _original(entry["id"], text), read_board(changed)
        for f in SWEPT:
            was, now = _value(before, f), _value(after, f)
            if _same(f, was, after):
                out.kept += 1
            elif f != "disclosure_kind" and field_right(f, entry["fields"].get(f), after):
                out.righted += 1
            elif was not in _NOTHING and now in _NOTHING:
                out.lost += 1
            else:
                out.wrong.append(f"{entry['id']} {f}: was {was!r}, now {now!r}")
    return out


def _line(name: str, s: Sweep) -> str:
    return (
        f"{name:24} texts {s.texts:>4}  fields kept {s.kept:>5}  lost {s.lost:>3}  "
        f"righted {s.righted:>3}  wrong {len(s.wrong):>3}"
    )


def main() -> None:
    total = Sweep()
    for name in PERTURBATIONS:
        s = sweep(name)
        print(_line(name, s))
        for line in s.wrong:
            print("   ", line)
        total.texts += s.texts
        total.kept += s.kept
        total.lost += s.lost
        total.righted += s.righted
        total.wrong += s.wrong
    print(_line("all", total))


# (perturbation, entry, field) → why the perturbed text still reads differently. The test fails on a change
# not listed here and on a listed one that no longer happens, so the list cannot go stale.
KNOWN_CHANGES: dict[tuple[str, str, str], str] = {
    # none left (session 7): the last eight — a source line and a draft's title run into the body, day and
    # night bands and changed hours with every clause on its line, a rule for a class of lots and a labelled
    # description split after a comma — were fixed in the reader (tests in test_board_layouts.py)
}


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_a_perturbed_dev_text_reads_the_same_or_less_never_otherwise(name: str) -> None:
    if not _dev():
        pytest.skip("no dev-split entries (PARKWATCH_CORPUS_SPLIT leaves them out)")
    result = sweep(name)
    known = {f"{entry} {what}" for (pert, entry, what) in KNOWN_CHANGES if pert == name}
    changed = {line.split(":")[0] for line in result.wrong}
    assert changed <= known, "\n".join(line for line in result.wrong if line.split(":")[0] not in known)
    assert known <= changed, f"no longer changed, drop from KNOWN_CHANGES: {sorted(known - changed)}"


def test_the_perturbations_rewrite_what_they_say() -> None:
    assert _wide("收费依据：岳发改价〔2019〕12号 5元/小时") == "收费依据：岳发改价〔２０１９〕１２号 ５元／小时"
    assert _brackets("[", "]")("岳发改价〔2019〕12号，2019年") == "岳发改价[2019]12号，2019年"
    assert (
        _heading_as("cap", "封顶")("24小时最高收费20元，20元封顶，最高收费标准")
        == "24小时封顶20元，20元封顶，最高收费标准"
    )
    assert _heading_as("hotline", "监督电话")("价格举报电话：12358") == "监督电话：12358"
    assert _clauses_split("白天5元，夜间2元。\n") == "白天5元，\n夜间2元。\n"
    assert _lines_joined("一\n二\n\n三") == "一 二 三"


if __name__ == "__main__":
    main()
