"""The real disclosure corpus (tests/board/real): every field and every finding, per split.

Each entry's text is read with `read_board` and judged the way `parkwatch audit` judges a text (Yueyang's
standards, the rules in force on `ON`, the disclosure kind read from the text, never taken from the entry).
Fields are compared after one stated normalisation (`_same`); findings are compared as codes with the
entry's `expected_findings` and `must_not`.

    .venv/bin/python -m tests.board.test_real_disclosures     # print the figures per split

Targets (issue #22), asserted per split: each field right on ≥ 95 % of the entries that state it and on
≥ 98 % of those that do not (nothing invented); of the listed codes that fire, ≥ 95 % are expected; ≥ 90 %
of the expected codes fire. The test split is held back by the lead: its test runs when its entries are
present. `KNOWN_MISSES` names every residue left out of the dev figures, each with its reason; a known miss
that no longer misses fails the test, so the list cannot go stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import pytest

from parkwatch.core.board import BoardRecord
from parkwatch.core.board_reader import read_board
from parkwatch.core.normalize import normalize_text
from parkwatch.core.rules import RuleContext, evaluate
from parkwatch.core.rules.base import cover_minutes, parse_hour_ranges
from parkwatch.core.standards import load_standards
from tests.real_corpus import BOARD_CORPUS, load_entries

ON = date(2026, 6, 1)  # a fixed day (audit's default is today): the 2026 Hunan measures and Order 56
CITY = "yueyang"  # audit's default city
FIELDS = (
    "operator",
    "pricing_form",
    "fee_basis",
    "hotlines",
    "charging_hours",
    "free_minutes",
    "cap",
    "exempt_vehicles",
    "price_read",
)
PRESENT_TARGET = 0.95
ABSENT_TARGET = 0.98
PRECISION_TARGET = 0.95
RECALL_TARGET = 0.90

# (entry id, field name or finding code) → why the reader or the rules still miss it: every residue of the
# dev split, each explained. They are left out of the asserted figures (the report prints both) and must
# still miss (`test_every_known_miss_is_a_dev_entry_that_still_misses`).
KNOWN_MISSES: dict[tuple[str, str], str] = {
    ("gs-jingtai-county-tariff-trial-news-2022", "free_minutes"): (
        "Two lot types with different free periods in one news summary: the entry records the on-street "
        "起步时段 given inside brackets per zone (一类区域为30分钟，二类区域为1小时), the reader the plain "
        "1小时内免费 of the station lots."
    ),
    ("gs-jingtai-county-tariff-trial-news-2022", "cap"): (
        "Same summary: the reader prefers the 24 h cap of the station lots (连续24小时…不超过8-10元) to the "
        "daytime cap of the street berths the entry records; a 24 h cap before a band's is the rule that "
        "hb-tianmen and he-zhaoxian need."
    ),
    ("nx-yinchuan-xixia-reemployment-lot-approval-2012", "price_read"): (
        "Only passes (元/辆.月) and a daily price for 大型/中型/小型 without a vehicle noun: the tariff reader "
        "(issue #14) reads neither."
    ),
    ("tw-taipei-beitou-fuguo-road-lot-notice-2025", "price_read"): (
        "计时20元(全程以半小时计算收费): whether 20元 is per hour or per half hour is not said; the tariff reader "
        "(issue #14) leaves it unread rather than guess."
    ),
    ("hk-tung-shing-building-carpark-listing", "price_read"): (
        "The same table: the tariff reader (issue #14) leaves rows headed 一至四/五/六 unread (a day type for "
        "Saturday apart from Sunday is not modelled)."
    ),
    ("hk-kwan-yick-building-phase1-carpark-listing", "price_read"): (
        "The table's hourly row (星期一至四 星期五 星期六 星期日及公眾假期 | $20 $20 $20 $20) is not read by the "
        "tariff reader (issue #14); the same rate written in one line is (d-hk-kwan-yick-building-phase1-carpark)."
    ),
    ("jl-baishan-east-hsr-station-lots-approval-2025", "price_read"): (
        "A stay step priced per visit then an hourly rate (停放20分钟至1小时（含）的，收费2元/辆次；"
        "后续每小时收费2元): the tariff reader (issue #14) does not read this wording yet."
    ),
    ("xj-urumqi-tariff-cut-news-2021", "price_read"): (
        "The prices are given as changes (首小時收費標準由6元降低至4元): the tariff reader (issue #14) does not read "
        "a price stated as its change from the old one."
    ),
    ("mo-macau-cotai-coloane-meters-news-2018", "price_read"): (
        "A table of meter colours (轻型汽车 | 1 | 红色 | 10) with the unit in its header only (收费种类（元/小时）): "
        "the tariff reader (issue #14) reads no rate from such rows, as with the Hong Kong listing tables."
    ),
    ("sn-ankang-hanbin-first-hospital-approval-2019", "price_read"): (
        "A price ceiling (按不超过2元/小时收取), a wording family the tariff reader (issue #14) does not read yet."
    ),
}


# ---- comparing one field ----------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "﹝": "(", "﹞": ")"})
_AMOUNT = re.compile(r"\d+(?:\.\d+)?(?=元)")
_APPROVAL = re.compile(r"([\u4e00-\u9fff]{1,14})\((\d{4})\)第?0*(\d{1,5})号")


def _text(value: Any) -> str:
    """One written form, both sides alike: the shared normaliser (simplified characters, half-width,
    digits), no spaces, one bracket style."""
    return _SPACES.sub("", normalize_text(str(value))).translate(_BRACKETS)


def _covered(hours: Any) -> frozenset[int]:
    """The minutes of the day a charging-hours value covers ("24小时" and "00:00-24:00" alike)."""
    text = str(hours)
    if "24小时" in text:
        return frozenset(range(1440))
    cover = cover_minutes(parse_hour_ranges(text))
    return frozenset(i for i, n in enumerate(cover) if n)


def _same_cap(expected: str, got: str) -> bool:
    """The cap as stated: one written form contains the other, or the same amounts on the same vehicle."""
    from parkwatch.core.lexicon import vehicle_of, vehicle_pattern

    a, b = _text(expected), _text(got)
    if a in b or b in a:
        return True

    def vehicles(t: str) -> set[str | None]:
        return {vehicle_of(m.group(0)) for m in vehicle_pattern().finditer(t)}

    return _AMOUNT.findall(a) == _AMOUNT.findall(b) != [] and vehicles(a) == vehicles(b)


def _same_basis(expected: str, record: BoardRecord) -> bool:
    """An approval number equals the one read; a title or "市场调节价" is within the fee basis read."""
    number = _APPROVAL.search(_text(expected))
    if number is not None:
        got = _APPROVAL.search(_text(record.value("approval_number") or ""))
        return got is not None and got.groups() == number.groups()
    return _text(expected) in _text(record.value("fee_basis") or "")


def reader_value(record: BoardRecord, name: str) -> Any:
    """What the reader gives for a corpus field (None / False when it gives nothing)."""
    if name == "price_read":
        return record.tariff is not None and record.tariff.has_prices()
    if name == "exempt_vehicles":
        return record.has("exempt_vehicles")
    if name == "fee_basis":
        return record.value("approval_number") or record.value("fee_basis")
    return record.value(name) if record.has(name) else None


def field_right(name: str, expected: Any, record: BoardRecord) -> bool:
    """Whether the record gives the entry's value (present) or nothing (absent)."""
    got = reader_value(record, name)
    if expected in (None, False, [], ""):
        return got in (None, False, [], "")
    if got in (None, False, [], ""):
        return False
    if name == "hotlines":
        return {re.sub(r"\D", "", str(h)) for h in expected} == {re.sub(r"\D", "", str(h)) for h in got}
    if name == "charging_hours":
        return _covered(expected) == _covered(got)
    if name == "cap":
        return _same_cap(str(expected), str(got))
    if name == "fee_basis":
        return _same_basis(str(expected), record)
    if name == "operator":
        return _text(expected) == _text(got)
    return bool(expected == got)


# ---- one entry, judged ------------------------------------------------------------------------


@dataclass
class Outcome:
    entry: Mapping[str, Any]
    record: BoardRecord
    fired: set[str]
    fields: dict[str, bool] = field(default_factory=dict)  # field → right

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    def present(self, name: str) -> bool:
        return self.entry["fields"].get(name) not in (None, False, [], "")


@cache
def _standards() -> Any:
    return load_standards().in_force(CITY, ON)


def judge(entry: Mapping[str, Any]) -> Outcome:
    """Read the entry's text and run the rules over it as `parkwatch audit` does."""
    record = read_board(entry["text"])
    context = RuleContext(record=record, standards=_standards(), on=ON, kind="audit", evidence=("text:corpus",))
    outcome = Outcome(entry, record, {f.rule for f in evaluate(context)})
    for name in FIELDS:
        outcome.fields[name] = field_right(name, entry["fields"].get(name), record)
    return outcome


@cache
def outcomes(split: str) -> tuple[Outcome, ...]:
    return tuple(judge(entry) for entry in load_entries(BOARD_CORPUS, split))


# ---- the figures ------------------------------------------------------------------------------


@dataclass
class Figures:
    """Counts over a split, known misses left out."""

    present: dict[str, list[int]] = field(default_factory=dict)  # field → [right, total]
    absent: dict[str, list[int]] = field(default_factory=dict)
    by_code: dict[str, list[int]] = field(
        default_factory=dict
    )  # code → [expected fired, expected, must_not fired, must_not]
    kinds: list[int] = field(default_factory=lambda: [0, 0])  # disclosure kind right, total
    # code → firings on entries that list it neither as expected nor as must-not: not judged, so not in
    # "findings true" (precision), but shown so the definition stays visible
    unlisted: dict[str, int] = field(default_factory=dict)
    # how the false findings are spread: entries with a must-not code fired, and the firings on entries whose
    # disclosure kind the reader got wrong (the operator's duties judged on an authority's text, or the reverse)
    entries_with_false: int = 0
    false_on_wrong_kind: int = 0

    def codes(self, i: int) -> int:
        return sum(v[i] for v in self.by_code.values())

    @property
    def precision(self) -> float:
        fired = self.codes(0) + self.codes(2)
        return self.codes(0) / fired if fired else 1.0

    @property
    def recall(self) -> float:
        return self.codes(0) / self.codes(1) if self.codes(1) else 1.0

    @property
    def must_not_rate(self) -> float:
        return self.codes(2) / self.codes(3) if self.codes(3) else 0.0


def _ratio(pair: list[int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def figures(results: Iterable[Outcome], known: Mapping[tuple[str, str], str] = KNOWN_MISSES) -> Figures:
    out = Figures()
    for o in results:
        for name, right in o.fields.items():
            if (o.id, name) in known:
                continue
            pair = (out.present if o.present(name) else out.absent).setdefault(name, [0, 0])
            pair[0] += right
            pair[1] += 1
        for code in o.entry.get("expected_findings") or ():
            if (o.id, code) not in known:
                row = out.by_code.setdefault(code, [0, 0, 0, 0])
                row[0] += code in o.fired
                row[1] += 1
        kind_right = o.record.value("disclosure_kind") == o.entry["kind"]
        false = 0
        for code in o.entry.get("must_not") or ():
            if (o.id, code) not in known:
                row = out.by_code.setdefault(code, [0, 0, 0, 0])
                row[2] += code in o.fired
                row[3] += 1
                false += code in o.fired
        out.entries_with_false += false > 0
        out.false_on_wrong_kind += false if not kind_right else 0
        listed = set(o.entry.get("expected_findings") or ()) | set(o.entry.get("must_not") or ())
        for code in o.fired - listed:
            out.unlisted[code] = out.unlisted.get(code, 0) + 1
        out.kinds[0] += kind_right
        out.kinds[1] += 1
    return out


def report(split: str, fig: Figures, title: str = "") -> str:
    lines = [
        f"== {split} split{title}: {fig.kinds[1]} entries, disclosure kind right {fig.kinds[0]}/{fig.kinds[1]}",
        f"{'field':16} {'present right':>16} {'absent right':>16}",
    ]
    for name in FIELDS:
        p, a = fig.present.get(name, [0, 0]), fig.absent.get(name, [0, 0])
        lines.append(f"{name:16} {p[0]:>5}/{p[1]:<3} {_ratio(p):>6.1%} {a[0]:>5}/{a[1]:<3} {_ratio(a):>6.1%}")
    lines.append(f"{'code':8} {'expected fired':>16} {'must-not fired':>16}")
    for code in sorted(fig.by_code):
        r = fig.by_code[code]
        lines.append(f"{code:8} {r[0]:>8}/{r[1]:<7} {r[2]:>8}/{r[3]:<7}")
    true, false = fig.codes(0), fig.codes(2)
    lines.append(
        f"findings true {fig.precision:.1%} ({true} of {true + false} listed codes that fired), expected fired "
        f"{fig.recall:.1%} ({true}/{fig.codes(1)}), must-not fired {fig.must_not_rate:.1%} ({false}/{fig.codes(3)})"
    )
    lines.append(
        f"the {false} false findings: on {fig.entries_with_false} entries, {fig.false_on_wrong_kind} of them where "
        "the disclosure kind was read wrong"
    )
    unlisted = ", ".join(f"{code} {n}" for code, n in sorted(fig.unlisted.items())) or "none"
    lines.append(f"fired on neither list (not judged, not in findings true): {unlisted}")
    return "\n".join(lines)


def misses(fig: Figures) -> list[str]:
    """What falls short of the targets, in words (empty when every target is met)."""
    out = []
    for name in FIELDS:
        p, a = fig.present.get(name, [0, 0]), fig.absent.get(name, [0, 0])
        if _ratio(p) < PRESENT_TARGET:
            out.append(f"{name} present {p[0]}/{p[1]}")
        if _ratio(a) < ABSENT_TARGET:
            out.append(f"{name} absent {a[0]}/{a[1]}")
    if fig.precision < PRECISION_TARGET:
        out.append(f"findings true {fig.precision:.1%}")
    if fig.recall < RECALL_TARGET:
        out.append(f"expected fired {fig.recall:.1%}")
    return out


def wrong(results: Iterable[Outcome], known: Mapping[tuple[str, str], str] = KNOWN_MISSES) -> list[str]:
    """Every field and code that is wrong, one line each (for the failure message)."""
    out = []
    for o in results:
        for name, right in o.fields.items():
            if not right and (o.id, name) not in known:
                out.append(f"{o.id} {name}: want {o.entry['fields'].get(name)!r}, got {reader_value(o.record, name)!r}")
        expected = set(o.entry.get("expected_findings") or ())
        for code in sorted(expected - o.fired):
            if (o.id, code) not in known:
                out.append(f"{o.id} {code}: expected, did not fire")
        for code in sorted(set(o.entry.get("must_not") or ()) & o.fired):
            if (o.id, code) not in known:
                out.append(f"{o.id} {code}: must not fire, fired")
    return out


# ---- the tests --------------------------------------------------------------------------------


def _assert_targets(split: str) -> None:
    results = outcomes(split)
    if not results:
        pytest.skip(f"no {split}-split entries present (the lead adds the test split back at the end)")
    print(report(split, figures(results, known={}), " (every entry)"))
    fig = figures(results)
    print(report(split, fig, " (known misses left out)"))
    short = misses(fig)
    assert not short, f"{split} split below target: {short}\n" + "\n".join(wrong(results))


def test_dev_split_meets_the_targets() -> None:
    _assert_targets("dev")


def test_test_split_findings_meet_the_held_out_targets() -> None:
    """The test split is never tuned on. First tried on 2026-12-01: fields 59–100 % right where present
    (cap 59 %, fee basis 67 %), findings 75 % true (3 of 4), expected findings 100 % fired, must-not codes
    0.3 % fired. The field and precision targets of the development split are not met there; what is
    asserted are the issue's held-out targets for findings: expected ≥ 90 % fire, must-not ≤ 5 % fire.
    Read again at the end of session 3 (2026-12-01, 8 new test disclosures, reader tuned on dev only): the
    first 33 entries unchanged (cap 10/17, fee basis 10/15 where present); all 41: expected 100 % fired,
    must-not 1.1 % fired, findings 54.5 % true (75.0 % on the first 33, 42.9 % on the 8 new).
    Read once more at the end of session 4 (no new test disclosures; reader tuned on dev only): expected 100 %
    fired, must-not 1.1 % fired, findings 54.5 % true; fee basis 12/18 and cap 12/20 right where present.
    Read once more at the end of session 5 (4 new test disclosures, 45 in all; reader tuned on dev only): the
    first 41 unchanged (expected 100 % fired, findings 54.5 % true, fee basis 12/18, cap 12/20); all 45: expected
    100 % fired, must-not 1.2 % fired, findings 50.0 % true (the 4 new: one must-not PD003 fired, nothing
    expected). Read once more at the end of session 6 (1 new test disclosure, 46 in all; reader tuned on dev only,
    its generality checked by the mechanical sweep over dev, tests/board/test_board_sweep.py): the 45 older entries
    unchanged (expected 100 % fired, must-not 1.2 % fired, findings 50.0 % true; fee basis 13/19, cap 13/21); the
    new one (an approval copy): no finding listed fired, fee basis invented (a cited new-energy notice's number).
    Read once more at the end of session 7 (5 new test disclosures, 51 in all, measured once as they were before
    being added; reader tuned on dev only): the 46 older entries unchanged but price read 30/36 (31/36 before; the
    tree held the tariff reader's uncommitted changes, and the board reader's changes leave the price reading of
    658 dev, fixture and demo texts unchanged); all 51: expected 100 % fired, must-not 1.1 % fired, findings 50.0 %
    true; the 5 new (four new-energy relief notices, one zone-tariff Q&A): no listed code fired, fields right
    where present 4/5 (a disabled drivers' exemption missed), but 9 of 40 absent values invented (relief periods
    read as the free period or as hours, reliefs as prices, a monthly pass ceiling as a cap, a class of
    facilities' 实行政府定价 as a pricing form).
    Read once more at the end of session 8 (no new test disclosures; 8 new relief and class-of-lots texts went to dev,
    measured once as they were: 9 of 9 fields right where present, 7 of 63 absent values invented, no listed code
    fired; reader tuned on dev only): expected 100 % fired, must-not 1.1 % fired, findings 50.0 % true, fields right
    where present unchanged; absent values invented 23 → 20 of 301 (price read 4 → 0, pricing form 2 → 3).
    Read once more at the end of session 9 (no new test disclosures; reader tuned on dev only): expected 100 % fired
    (6 of 6), must-not 1.1 % fired (6 of 557), findings 50.0 % true (6 of 12 listed firings; the 6 false ones on
    3 entries, 4 of them where the disclosure kind was read wrong); fields right where present unchanged; absent
    values invented 20 → 19 of 301 (pricing form 3 → 2). Read once more after session 9's second round (repost and
    authority signs and peak-surcharge ranges, from our own sentences; dev kind right 97 → 98 of 123): every test
    figure unchanged (kind right 41/51, findings 50.0 % true, expected 100 % fired, must-not 1.1 %, 19 of 301
    invented).
    "Findings true" counts only codes an entry lists (expected or must-not); see the corpus README."""
    results = outcomes("test")
    if not results:
        pytest.skip("no test-split entries present")
    fig = figures(results, known={})
    print(report("test", fig, " (every entry)"))
    assert fig.recall >= 0.90, "\n".join(wrong(results, known={}))
    assert fig.must_not_rate <= 0.05, "\n".join(wrong(results, known={}))


def test_every_known_miss_is_a_dev_entry_that_still_misses() -> None:
    by_id = {o.id: o for o in outcomes("dev")}
    for (entry_id, what), reason in KNOWN_MISSES.items():
        assert reason.strip(), f"{entry_id} {what}: a known miss says why"
        o = by_id.get(entry_id)
        assert o is not None, f"{entry_id}: not a dev entry"
        if what in FIELDS:
            assert not o.fields[what], f"{entry_id} {what} is read right now: drop it from KNOWN_MISSES"
        else:
            expected = what in (o.entry.get("expected_findings") or ())
            assert expected != (what in o.fired), f"{entry_id} {what} is judged right now: drop it from KNOWN_MISSES"


def test_the_comparison_normalises_only_the_written_form() -> None:
    record = read_board("收费依据：岳发改价[2019]12号\n最高收费：24小时最高收费20元\n收费时间：全天")
    assert field_right("fee_basis", "岳发改价〔2019〕12号", record)
    assert not field_right("fee_basis", "岳发改价〔2019〕13号", record)
    assert field_right("cap", "24小时最高收费20元", record)
    assert not field_right("cap", "24小时最高收费30元", record)
    assert field_right("charging_hours", "00:00-24:00", record)
    assert not field_right("operator", "某公司", record)
    assert field_right("operator", None, record)


def main() -> None:
    for split in ("dev", "test"):
        results = outcomes(split)
        if results:
            print(report(split, figures(results, known={}), " (every entry)"))
            for line in wrong(results, known={}):
                print("  ", line)


if __name__ == "__main__":
    main()
