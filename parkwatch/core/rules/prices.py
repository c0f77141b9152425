"""Price comparisons shared by PR001, PR003, CX001, CX002: fee functions compared over the grid.

Two tariffs are never compared as text: both fee functions are evaluated on the grid of stays and
start times (`parkwatch.core.fee.GRID_STAYS_MINUTES` × `GRID_STARTS`) and the worst stay is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from parkwatch.core.rules.base import stay_en, stay_zh, vehicle_zh

if TYPE_CHECKING:
    from parkwatch.core.fee import GridDiff
    from parkwatch.core.tariff import ClassTariff, Tariff


@dataclass(frozen=True)
class Excess:
    """The worst stay where fee `a` exceeds fee `b` (or differs from it, for `differs`)."""

    vehicle: str
    start: time
    minutes: int
    a: Decimal
    b: Decimal
    stays: int  # how many grid stays break the rule for this vehicle

    @property
    def stay_zh(self) -> str:
        return stay_zh(self.start, self.minutes)

    def values(self, a_name: str, b_name: str) -> dict[str, object]:
        return {
            "vehicle": self.vehicle,
            "stay": stay_en(self.start, self.minutes),
            "start": self.start.strftime("%H:%M"),
            "minutes": self.minutes,
            a_name: f"{self.a:.2f}",
            b_name: f"{self.b:.2f}",
            "stays_affected": self.stays,
        }

    def describe(self, a_zh: str, b_zh: str) -> str:
        return f"{vehicle_zh(self.vehicle)}停放{self.stay_zh}：{a_zh}{self.a:.2f}元，{b_zh}{self.b:.2f}元"


@lru_cache(maxsize=16384)
def grid(tariff: Tariff, vehicle: str) -> dict[tuple[time, int], Decimal]:
    """`parkwatch.core.fee.fee_grid`, cached: many lots share one tariff, and a grid costs ~40 fee runs."""
    from parkwatch.core.fee import fee_grid

    return fee_grid(tariff, vehicle)


@lru_cache(maxsize=16384)
def compare(a: Tariff, b: Tariff, vehicle: str) -> tuple[GridDiff, ...]:
    """`parkwatch.core.fee.compare_grids`, cached (worst a - b first)."""
    from parkwatch.core.fee import compare_grids

    return tuple(compare_grids(a, b, vehicle))


def comparable_vehicles(a: Tariff, b: Tariff) -> list[str]:
    """Vehicle classes both tariffs price, each distinct pair of class tariffs once."""
    from parkwatch.core.tariff import VEHICLE_CLASSES

    names = [v for v in VEHICLE_CLASSES if v != "nev"]
    if "nev" in a.vehicles() or "nev" in b.vehicles():
        names.append("nev")
    names += [v for v in a.vehicles() if v not in VEHICLE_CLASSES and v != "all" and v in b.vehicles()]
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    for v in names:
        ca, cb = a.for_vehicle(v), b.for_vehicle(v)
        if ca is None or cb is None:
            continue
        pair = (id(ca), id(cb))
        if pair in seen:
            continue
        seen.add(pair)
        both_all = ca.vehicle == "all" and cb.vehicle == "all"
        out.append("all" if both_all else v)
    return out


def _vehicle_arg(v: str) -> str:
    return "small" if v == "all" else v


def worst_excess(a: Tariff, b: Tariff, *, differs: bool = False) -> Excess | None:
    """The worst grid stay where fee(a) > fee(b) (or |a-b| > 0 with `differs`), over all vehicles."""
    worst: Excess | None = None
    for v in comparable_vehicles(a, b):
        diffs = compare(a, b, _vehicle_arg(v))
        bad = [d for d in diffs if (d.a != d.b if differs else d.a > d.b)]
        if not bad:
            continue
        top = max(bad, key=lambda d: (abs(d.a - d.b), d.minutes))
        cand = Excess(v, top.start, top.minutes, top.a, top.b, len(bad))
        if worst is None or abs(cand.a - cand.b) > abs(worst.a - worst.b):
            worst = cand
    return worst


def max_fee_for(tariff: Tariff, vehicle: str, minutes: int) -> tuple[time, Decimal] | None:
    """The highest grid fee for a stay of `minutes` over the grid's start times."""
    points = [(start, amount) for (start, m), amount in grid(tariff, _vehicle_arg(vehicle)).items() if m == minutes]
    if not points:
        return None
    return max(points, key=lambda p: p[1])


def priced_vehicles(tariff: Tariff) -> list[str]:
    """The tariff's classes that carry prices ("all" kept as is)."""
    return [c.vehicle for c in tariff.classes if c.has_prices and not c.always_free]


@lru_cache(maxsize=16384)
def fee_falls(tariff: Tariff, vehicle: str) -> tuple[str, int, int, str, str] | None:
    """The first grid point where a longer stay from the same start costs less (start, m1, m2, fee1, fee2)."""
    by_start: dict[time, list[tuple[int, Decimal]]] = {}
    for (start, minutes), amount in grid(tariff, vehicle).items():
        by_start.setdefault(start, []).append((minutes, amount))
    for start, points in sorted(by_start.items()):
        points.sort()
        for (m1, a1), (m2, a2) in pairwise(points):
            if a2 < a1:
                return start.strftime("%H:%M"), m1, m2, f"{a1:.2f}", f"{a2:.2f}"
    return None


# the kinds of day a day cap may name, as `parkwatch.core.tariff.day_holds` tells them apart
_DAY_KINDS = ("weekday", "saturday", "sunday", "holiday")
DAY_KINDS_ZH = {"weekday": "工作日", "saturday": "星期六", "sunday": "星期日", "holiday": "节假日"}


def caps_24h_by_day(c: ClassTariff) -> dict[str, Decimal | None]:
    """The 24 h cap a class declares on each kind of day: the first of its `day_caps` that sets one for
    that day, else the class's own `cap_24h` (None: no 24 h cap that day), as the fee computation takes
    them. The fee grid is computed on a weekday only, so a weekend cap is seen here or nowhere."""
    from parkwatch.core.tariff import day_holds

    out: dict[str, Decimal | None] = {}
    for kind in _DAY_KINDS:
        cap = next((d.cap_24h for d in c.day_caps if d.cap_24h is not None and day_holds(d.days, kind)), None)
        out[kind] = cap if cap is not None else c.cap_24h
    return out


def _extreme_cap(by_day: dict[str, Decimal | None], *, highest: bool) -> tuple[Decimal, str | None] | None:
    capped = {day: cap for day, cap in by_day.items() if cap is not None}
    if not capped:
        return None
    pick = max if highest else min
    day, cap = pick(capped.items(), key=lambda item: item[1])
    return cap, (None if len(set(by_day.values())) == 1 else day)


def highest_cap_24h(c: ClassTariff) -> tuple[Decimal, str | None] | None:
    """The highest 24 h cap a class declares on any kind of day, and that day ("saturday"…) when the cap
    depends on the day (None when it holds every day alike); None when no day has one."""
    return _extreme_cap(caps_24h_by_day(c), highest=True)


def lowest_cap(c: ClassTariff) -> tuple[Decimal, str | None] | None:
    """The lowest cap a class declares on any kind of day — that day's 24 h cap, else the class's calendar-day
    cap — and that day when the cap depends on the day; None when no day has one. A cap below the first
    price on any day contradicts it (PR006), and a weekend cap is seen here or nowhere."""
    by_day = {day: cap if cap is not None else c.cap_day for day, cap in caps_24h_by_day(c).items()}
    return _extreme_cap(by_day, highest=False)
