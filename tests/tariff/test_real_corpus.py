"""The real tariff corpus (tests/tariff/real): every probe of every entry, read and priced.

Each probe is classed as
- **exact**: the fee equals the hand-computed fee;
- **honest miss**: not exact, but the reader said so (the reading is not complete, the vehicle is refused
  with "no price", or the tariff asks for a zone it was not given);
- **complete-but-wrong**: the reading says it is complete and the fee is wrong — the worst defect.

Run as a script (`.venv/bin/python -m tests.tariff.test_real_corpus`) for the table of figures per split
and per wording family; as tests, the development split must be exact but for `KNOWN_MISSES`, and
complete-but-wrong stays at or under 1 % on both splits.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from parkwatch.core.fee import NoPriceError, fee
from parkwatch.core.tariff_reader import read_tariff
from tests.real_corpus import TARIFF_CORPUS, load_entries, split_of

# entry id (every probe of the entry) or "entry id#probe number" (from 0) → why the reader misses it. Every
# one is an honest miss: the reading says it is incomplete, or refuses (no price / which zone?).
_CROSS = "a rule for stays that cross the day and night bands (which band's price holds) is not modelled"
KNOWN_MISSES: dict[str, str] = {
    "a-ah-chuzhou-huaboyuan-2022#6": "新能源 优惠1元/辆·次: a sum off each visit is not a discount the model holds",
    "a-fj-fuzhou-mingdianjie-2006#4": _CROSS,
    "a-gx-qinzhou-onstreet-zones#2": "按上述标准累计收取: the hour steps add up (not totals); left unread",
    "a-gx-qinzhou-onstreet-zones#3": "as #2",
    "a-gx-qinzhou-onstreet-zones#4": "as #2",
    "a-gx-qinzhou-onstreet-zones#6": "as #2",
    "a-jx-nanchang-changbei-airport-p1": (
        "a second lot (P2 过夜专用停车场) read as a zone beside P1, and 三类 defined as 39座以下客车、10吨以下货车 "
        "(a large and a small definition): the reader refuses to guess"
    ),
    **dict.fromkeys(
        [f"a-zj-hangzhou-westlake-peak-2025#{i}" for i in range(5)],
        "a seasonal tariff (3月15日至5月31日): the season is not modelled, left unread",
    ),
    "b-ln-dalian-scenic-lots": "per-visit prices by stay length, the longer step first (超过1小时… then 不足1小时…)",
    "b-nx-helan-suhe-sunshine-west-2020#4": _CROSS,
    "e-tw-taichung-city-hall-ground-lot": (
        "机关上班日 (the government's working days) as a day type and 甲类计时费率累进 (the 2nd hour at twice, the 3rd "
        "at three times the first hour's rate, per half hour) are not read; left unread"
    ),
    **dict.fromkeys(
        [f"b-sn-xian-lots-zones-2012#{i}" for i in (0, 1, 2, 3, 5)],
        "一类区 names two zones (地面停车场 and 地下停车场): the reader refuses to guess",
    ),
}

EXACT, HONEST, WRONG = "exact", "honest miss", "complete-but-wrong"

# wording families (issue 14), told apart by the words of the text; an entry may be in several
FAMILIES: tuple[tuple[str, str], ...] = (
    ("vehicle classes", r"座|客货车|黄牌|蓝牌|\[|小、中|大、中|倍|摩托|新能源"),
    ("per-visit endings", r"元/辆|元/车次|元/次|每车|元/輛|車次"),
    ("increments", r"加收|增加|每超|递增"),
    ("stay-length steps", r"以上.{0,6}以内.{0,12}元|[一二三四五]、|\d+-\d+小时"),
    ("clock times and bands", r"白天|夜间|晚上|早上|\d+[:：时點点]|次日"),
    ("units", r"元一小时|元/辆·小时|泊位|元/半小时"),
    ("caps", r"封顶|最高|上限"),
    ("rounding and restarts", r"尾数|不足|重新计费|累计"),
    ("free periods", r"免费|不计费|免收"),
    ("zones, day types, passes", r"类区|級區|级区|区域|双休|周末|节假日|工作日|月卡|月票|包月|年票"),
    ("traditional and notes", r"費|時|車|說明|说明|注:|注："),
)


@dataclass(frozen=True)
class Outcome:
    entry: str
    index: int
    kind: str
    expected: Decimal
    got: str

    @property
    def key(self) -> str:
        return f"{self.entry}#{self.index}"


def price_probe(text: str, probe: dict[str, Any]) -> tuple[str, str]:
    """(class of outcome, what the reader gave) for one probe."""
    expected = Decimal(str(probe["fee"]))
    reading = read_tariff(text)
    if reading.tariff is None:
        return HONEST, "nothing read"
    entry = datetime.fromisoformat(str(probe["start"]))
    exit_ = entry + timedelta(minutes=int(probe["minutes"]))
    try:
        amount = fee(reading.tariff, entry, exit_, str(probe["vehicle"]), zone=probe.get("zone")).amount
    except NoPriceError as exc:
        return HONEST, f"refused: {exc}"
    if amount == expected:
        return EXACT, str(amount)
    return (WRONG if reading.complete else HONEST), str(amount)


def outcomes(entries: list[dict[str, Any]]) -> list[Outcome]:
    found = []
    for e in entries:
        for i, probe in enumerate(e["probes"]):
            kind, got = price_probe(e["text"], probe)
            found.append(Outcome(e["id"], i, kind, Decimal(str(probe["fee"])), got))
    return found


def families_of(text: str) -> list[str]:
    return [name for name, pattern in FAMILIES if re.search(pattern, text)] or ["plain"]


def _row(name: str, found: list[Outcome]) -> str:
    count = Counter(o.kind for o in found)
    n = len(found) or 1
    return (
        f"{name:28} {len(found):5} {100 * count[EXACT] / n:7.1f}% {count[HONEST]:6} {count[WRONG]:6}"
        f" {100 * count[WRONG] / n:6.1f}%"
    )


def table(entries: list[dict[str, Any]]) -> str:
    """Figures per split and per wording family."""
    found = outcomes(entries)
    by_entry = {e["id"]: e for e in entries}
    lines = [f"{'':28} {'probes':>5} {'exact':>8} {'honest':>6} {'wrong':>6} {'wrong%':>7}"]
    for split in ("dev", "test"):
        part = [o for o in found if split_of(o.entry) == split]
        if part:
            lines.append(_row(f"split {split}", part))
    for family in [name for name, _ in FAMILIES] + ["plain"]:
        part = [o for o in found if family in families_of(by_entry[o.entry]["text"])]
        if part:
            lines.append(_row(f"  {family}", part))
    return "\n".join(lines)


def _known(o: Outcome) -> bool:
    return o.entry in KNOWN_MISSES or o.key in KNOWN_MISSES


DEV = load_entries(TARIFF_CORPUS, "dev")
TEST = load_entries(TARIFF_CORPUS, "test")


def test_the_corpus_entries_are_well_formed() -> None:
    for e in DEV + TEST:
        assert e["text"].strip() and e["source"].startswith("http"), e["id"]
        assert len(e["probes"]) >= 4, e["id"]
        for p in e["probes"]:
            assert p["vehicle"] in ("small", "large", "motorcycle", "nev"), (e["id"], p)
            assert re.fullmatch(r"\d+\.\d\d", str(p["fee"])), (e["id"], p)


def test_every_development_probe_is_exact_but_the_known_misses() -> None:
    found = outcomes(DEV)
    missed = [
        f"{o.key} {o.kind}: expected {o.expected}, got {o.got}" for o in found if o.kind != EXACT and not _known(o)
    ]
    assert not missed, "\n".join(missed)


def test_every_known_miss_still_misses() -> None:
    """A known miss that became exact is taken off the list (the list says what is left, no more)."""
    found = outcomes(DEV)
    missing = {o.entry for o in found if o.kind != EXACT} | {o.key for o in found if o.kind != EXACT}
    assert set(KNOWN_MISSES) <= missing, sorted(set(KNOWN_MISSES) - missing)


def test_development_split_complete_but_wrong_is_at_most_one_percent() -> None:
    found = outcomes(DEV)
    wrong = [o.key for o in found if o.kind == WRONG]
    assert len(wrong) <= 0.01 * len(found), wrong


# Measured on the test split when it was first tried (2026-12-01, never tuned on): 67.8 % of 320 probes exact,
# 0 complete-but-wrong. The target is 95 % exact; the assertion holds what was reached (a floor
# against regressions) and the safety target (complete-but-wrong at most 1 %) in full.
# Measured once more at the end of the generalisation pass (2026-12-01, session 3; reader tuned on the dev split
# only, 6 new test tariffs written and left alone): 65.4 % of 356 probes exact (the first 50 tariffs 68.8 %, the
# 6 new 36.1 %) and 6 complete-but-wrong, all on c-mo-macau-rising-sun-lot ("6元(日间) 3元(夜间)": a band named
# after its price is given to the next price). The safety assertion below fails on them until that wording is
# read from development evidence; the floor is not raised (the new figure is lower).
# Measured once at the end of session 4 (2026-12-01; fee model: entry band's rate, restart at midnight, window
# caps; the default after 24 h is a restart; reader tuned on the dev split only; 7 new test tariffs written and
# left alone): 69.5 % of 394 probes exact (the first 56 tariffs 68.3 %, the 7 new 81.6 %), 0 complete-but-wrong.
# The floor is raised to what was reached.
# Measured once at the end of session 5 (2026-12-01; Saturday apart from Sunday, caps by day type, `|` tables,
# the digit-space fix; reader tuned on the dev split only; 3 new test tariffs written and left alone): the 63
# tariffs measured before 70.1 % of 394 probes exact (69.5 % before the session), the 3 new ones 17.6 % of 17
# (never seen), 0 complete-but-wrong. The floor of the 63 is raised to what was reached; the new entries are a
# measurement of their own (texts never seen), with their own floor at what they reached — together they read
# 67.9 %, under the old floor, and a floor is never lowered, so each group keeps its own.
# Measured once at the end of session 6 (2026-12-01; wording families fixed in general — ranges with 之间, an amount
# after 为, motorcycle lines, ceilings, prices stated as changes, progressive rates, seasons, units in a table header —
# from the families reported, with paraphrased unit tests and a robustness sweep of the dev split; no new entry): the
# 63 tariffs 70.1 % of 394 (unchanged), the 3 of session 5 (seen since their families were reported) 58.8 % of 17
# (17.6 % before), 0 complete-but-wrong. The floor of the session-5 group is raised to what it reached.
# Session 7 (2026-12-01): one new real tariff from the pages corpus (f-xx-car-lot-first-hour-then-half-hours), written
# and measured once as it was, never looked at probe by probe: 3 of 7 probes exact (42.9 %), 0 complete-but-wrong, with
# the reader of the session's start and with this session's alike. It is a group of its own, its floor what it reached.
# Session 8 (2026-12-01): no new real tariff found (the pages corpus returned only texts already in the corpus); the
# test split read once at the end: the 63 tariffs 70.1 %, the 3 of session 5 58.8 %, the one of session 7 42.9 % (all as
# before), 0 complete-but-wrong; the floors stay.
# Session 9 (2026-12-02): no new real tariff; the test split read once at the end (00:39 UTC): the 63 tariffs 70.1 %,
# the 3 of session 5 58.8 %, the one of session 7 42.9 % (all as before), 0 complete-but-wrong; the floors stay.
TEST_SPLIT_EXACT_FLOOR = 0.70  # the entries measured since session 4 (ids a- to d-)
NEW_ENTRY_FLOORS = {"e-": 0.58, "f-": 0.42}  # id prefix of a session's new test entries → the share they reached


@pytest.mark.skipif(not TEST, reason="no test-split entries present")
def test_test_split_is_never_confidently_wrong_and_keeps_its_exact_share() -> None:
    found = outcomes(TEST)
    count = Counter(o.kind for o in found)
    assert count[WRONG] <= 0.01 * len(found), [o.key for o in found if o.kind == WRONG]
    groups: dict[str, list[Outcome]] = {}
    for o in found:
        prefix = next((p for p in NEW_ENTRY_FLOORS if o.entry.startswith(p)), "")
        groups.setdefault(prefix, []).append(o)
    for prefix, part in groups.items():
        floor = NEW_ENTRY_FLOORS.get(prefix, TEST_SPLIT_EXACT_FLOOR)
        exact = sum(o.kind == EXACT for o in part)
        assert exact >= floor * len(part), (prefix or "measured before", table(TEST))


if __name__ == "__main__":
    print(table(DEV + TEST))
