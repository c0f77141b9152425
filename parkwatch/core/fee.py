"""The fee function: what a stay costs under a tariff, exactly, with a breakdown a person can read.

Default semantics (each documented in docs/tariff.md; the tariff data overrides them where the text
said otherwise):

- A stay is counted in whole minutes (a started minute counts). Every started billing unit is billed
  whole (a partial unit is billed as a whole unit), except a last partial unit no longer than the
  class's `grace_minutes` (不足15分钟不收费).
- A stay within the free period costs nothing; a longer stay is billed from entry, unless the free
  minutes are deducted (`free_deducted`: 首2小时免费, 扣除免费时间).
- Tiers count billed minutes from the start of billing; with time-of-day bands, each band counts its own
  billed minutes over the stay (a "首小时" in the day band is the first day-band hour of the stay).
- A unit that would cross a band boundary is cut there: it is billed whole at the rate of the band it
  started in, and the next band starts its own units at the boundary.
- Minutes outside every band (or outside the charging hours) cost nothing.
- Caps: a band cap per occurrence of the band; `cap_period` per charging period (band occurrence, or
  calendar day when the class has no bands); `cap_day` per calendar day; `cap_24h` per 24 h window
  counted from entry. Charges are clipped in time order, so a longer stay never costs less.
- Per visit (按次): each started `visit_max_minutes` period is one visit (one visit when unlimited).
- A discount (新能源 减半) multiplies the total, rounded half-up to the cent.
- Restart (`cycle_minutes`, 超过24小时重新计费; `restart_at_midnight`, 每日零时为计费基准点): every part of
  the stay between restarts is billed as a new stay (tiers, bands' tiers and visits start again; the free
  period only ever applies to the whole stay). Without either, tiers run on (the reader sets the cycle when
  the text is silent).
- Entry band's rate (`entry_band_rate`, 跨时段按进场时段费率计费): a stay entering inside a band is billed
  wholly with that band's tiers, as one occurrence of it; with `entry_band_within`, only a stay of at most
  that many minutes (跨时段停放不足1小时的按分界点前的标准), a longer one as usual.
- Window cap (`cap_window` per `cap_window_minutes`, 12小时最高限价): windows follow each other from entry,
  each ending early at midnight when `cap_window_midnight` (至同日午夜十二时止).
- Day types: a band with `days` holds only on days of those types (weekday, saturday, sunday, weekend =
  Saturday or Sunday, holiday: the caller names the holidays); the date matters only then.
- Zones: a tariff that prices several zones is priced for the zone asked (`zone=`); asked without one it
  raises `ZoneError` (a `NoPriceError`) naming the zones, never a guess.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from parkwatch.core.tariff import VEHICLE_CLASSES, Band, ClassTariff, Segment, Tariff, day_holds, money

ZERO = Decimal("0.00")

GRID_STAYS_MINUTES: tuple[int, ...] = (15, 30, 45, 60, 90, 120, 240, 720, 1440, 2880)
GRID_STARTS: tuple[time, ...] = (time(8, 0), time(10, 0), time(19, 0), time(22, 0))
GRID_REFERENCE_DATE = date(2026, 1, 5)  # a fixed Monday: grids never depend on today


class NoPriceError(ValueError):
    """The tariff has no price for this vehicle class."""


class ZoneError(NoPriceError):
    """The tariff prices several zones and was asked without one (or with one it does not name)."""


_WEEKDAY_TYPES = ("weekday",) * 5 + ("saturday", "sunday")  # by date.weekday()


class _Days:
    """The days counted from the entry day: each one's type (`days(n)`: holiday, named by the caller, saturday,
    sunday — a weekend band holds on both, `day_holds` — or weekday) and its date as `MM-DD` (for seasons)."""

    def __init__(self, entry_day: date, holidays: Collection[date] = ()) -> None:
        self.entry_day, self.holidays = entry_day, holidays

    def __call__(self, offset: int) -> str:
        day = self.entry_day + timedelta(days=offset)
        if day in self.holidays:
            return "holiday"
        return _WEEKDAY_TYPES[day.weekday()]

    def month_day(self, offset: int) -> str:
        return f"{self.entry_day + timedelta(days=offset):%m-%d}"


# The days after the entry day (their types and dates); None: not needed.
DayTypes = _Days | None


def day_types(entry_day: date, holidays: Collection[date] = ()) -> _Days:
    """The day type (and the date) of each day counted from `entry_day`."""
    return _Days(entry_day, holidays)


_REFERENCE_DAYS = day_types(GRID_REFERENCE_DATE)  # day types when no date is given: the reference Monday


@dataclass(frozen=True)
class FeeLine:
    label: str
    amount: Decimal

    def to_json(self) -> dict[str, str]:
        return {"label": self.label, "amount": str(self.amount)}


@dataclass(frozen=True)
class FeeResult:
    amount: Decimal
    vehicle: str
    minutes: int
    breakdown: tuple[FeeLine, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "fee": str(self.amount),
            "currency": "CNY",
            "vehicle": self.vehicle,
            "minutes": self.minutes,
            "breakdown": [line.to_json() for line in self.breakdown],
        }

    def describe(self) -> str:
        """One line for people: `首小时 5.00; 1小时后每小时 ×2 4.00; 24小时封顶20.00元 -1.00`."""
        if not self.breakdown:
            return f"{self.amount}"
        return "; ".join(f"{line.label} {line.amount}" for line in self.breakdown)


@dataclass(frozen=True)
class GridDiff:
    start: time
    minutes: int
    a: Decimal
    b: Decimal

    @property
    def difference(self) -> Decimal:
        return self.a - self.b


# -- labels -----------------------------------------------------------------------------------


def _duration(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return "小时" if hours == 1 else f"{hours}小时"
    if minutes == 30:
        return "半小时"
    return f"{minutes}分钟"


def _point(minutes: int) -> str:
    if minutes % 60 == 0:
        return f"{minutes // 60}小时"
    return f"{minutes}分钟"


@lru_cache(maxsize=4096)
def segment_label(segment: Segment, band: str = "") -> str:
    """A Chinese label for a tier: 首小时, 每小时, 1小时后每半小时, 1小时至12小时."""
    if segment.kind == "flat":
        if segment.start == 0 and segment.end is not None:
            label = f"首{_duration(segment.end)}"
        else:
            label = f"{_point(segment.start)}至{_point(segment.end or segment.start + segment.unit)}"
    elif segment.start == 0:
        label = f"每{_duration(segment.unit)}"
        if segment.end is not None:
            label = f"首{_duration(segment.end)}内{label}"
    else:
        label = f"{_point(segment.start)}后每{_duration(segment.unit)}"
    return f"{band} {label}" if band else label


# -- walking the tiers ------------------------------------------------------------------------


# A run of equal charges: (first minute from entry, step in minutes, count, price in cents, label key).
Run = tuple[int, int, int, int, int]


def _cents(value: Decimal) -> int:
    return int(value * 100)


def _walk(
    segments: tuple[Segment, ...],
    prices: tuple[int, ...],
    position: int,
    length: int,
    grace: int,
    final: bool,
    out: list[Run],
    offset: int,
    key_base: int,
) -> None:
    """Append the runs of units started in [position, position+length) of billed time.

    `position` is the number of minutes already billed under these segments; `offset` the minute
    (from entry) at which this walk begins. When the last segment is closed, the schedule repeats.
    """
    if not segments or length <= 0:
        return
    last_end = segments[-1].end
    stop = position + length
    p = position
    while p < stop:
        if last_end is not None:
            base = (p // last_end) * last_end
            q = p - base
        else:
            base = 0
            q = p
        index = -1
        for i, seg in enumerate(segments):
            if seg.end is None or q < seg.end:
                index = i
                break
        if index < 0:  # pragma: no cover - a closed schedule always repeats
            return
        seg = segments[index]
        if q < seg.start:  # a gap between tiers costs nothing
            p = base + seg.start
            continue
        seg_stop = stop if seg.end is None else min(stop, base + seg.end)
        unit = seg.unit
        n = -(-(seg_stop - p) // unit)
        if final and seg_stop == stop and grace:
            remainder = (seg_stop - p) - (n - 1) * unit
            if remainder < unit and remainder <= grace:
                n -= 1
        if n > 0 and prices[index]:
            out.append((offset + (p - position), unit, n, prices[index], key_base + index))
        if seg.end is None:
            return
        p = base + seg.end if seg_stop == base + seg.end else stop


# Per class: (bands walked, their cent prices, their cent caps, the class's cent prices, each band's
# first label key).
_Prepared = tuple[
    tuple[Band, ...], tuple[tuple[int, ...], ...], tuple[int | None, ...], tuple[int, ...], tuple[int, ...]
]
_PREPARED: dict[int, tuple[ClassTariff, _Prepared]] = {}


def _prepare(c: ClassTariff) -> _Prepared:
    """Per-class data the fee needs on every call (bands, cent prices), computed once."""
    found = _PREPARED.get(id(c))
    if found is not None and found[0] is c:
        return found[1]
    if c.bands:
        bands = c.bands
    elif c.charging_hours and c.segments:
        bands = tuple(Band(name="收费时段", start=a, end=b, segments=c.segments) for a, b in c.charging_hours)
    else:
        bands = ()
    band_prices = tuple(tuple(_cents(s.price) for s in b.segments) for b in bands)
    band_caps = tuple(None if b.cap is None else _cents(b.cap) for b in bands)
    prices = tuple(_cents(s.price) for s in c.segments)
    offsets = []
    total = 0
    for b in bands:
        offsets.append(total)
        total += len(b.segments)
    prepared: _Prepared = (bands, band_prices, band_caps, prices, tuple(offsets))
    if len(_PREPARED) > 4096:
        _PREPARED.clear()
    _PREPARED[id(c)] = (c, prepared)
    return prepared


def _label(c: ClassTariff, bands: tuple[Band, ...], key: int) -> str:
    if bands:
        for band in bands:
            if key < len(band.segments):
                return segment_label(band.segments[key], band.name)
            key -= len(band.segments)
        return segment_label(c.segments[key]) if key < len(c.segments) else ""
    if c.segments:
        return segment_label(c.segments[key])
    visit = c.visit_max_minutes
    return "按次" if not visit else f"按次（每次最长{_point(visit)}）"


def _class_fee(c: ClassTariff, tod: int, minutes: int, days: DayTypes = None) -> tuple[Decimal, list[FeeLine]]:
    """The amount and the breakdown lines of a stay of `minutes` starting `tod` minutes after midnight."""
    if c.always_free:
        return ZERO, [FeeLine("免费车辆", ZERO)]
    if not c.has_prices:
        raise NoPriceError(f"{c.label or c.vehicle}: 收费标准中没有该车型的价格")
    if minutes <= 0:
        return ZERO, []
    if c.free_minutes and minutes <= c.free_minutes:
        return ZERO, [FeeLine(f"{c.free_minutes}分钟内免费", ZERO)]
    total, runs, reductions, bands = _charges(c, tod, minutes, True, days)

    counts: dict[int, int] = {}
    sums: dict[int, int] = {}
    for _start, _step, n, cents, key in runs:
        counts[key] = counts.get(key, 0) + n
        sums[key] = sums.get(key, 0) + n * cents
    lines: list[FeeLine] = []
    for key in sorted(counts):
        count = counts[key]
        label = _label(c, bands, key)
        lines.append(FeeLine(label if count == 1 else f"{label} ×{count}", c_money(sums[key])))
    for label, reduction in reductions.items():
        lines.append(FeeLine(label, -c_money(reduction)))
    amount = c_money(total)
    if c.discount is not None and c.discount != 1 and total:
        discounted = money(amount * c.discount, rounding=ROUND_HALF_UP)
        lines.append(FeeLine(f"优惠 ×{c.discount}", discounted - amount))
        amount = discounted
    return amount, lines


def _class_amount(c: ClassTariff, tod: int, minutes: int, days: DayTypes = None) -> Decimal:
    """The amount of `_class_fee` without its breakdown (same checks, same charges, same rounding)."""
    if c.always_free:
        return ZERO
    if not c.has_prices:
        raise NoPriceError(f"{c.label or c.vehicle}: 收费标准中没有该车型的价格")
    if minutes <= 0 or (c.free_minutes and minutes <= c.free_minutes):
        return ZERO
    total = _charges(c, tod, minutes, False, days)[0]
    amount = c_money(total)
    if c.discount is not None and c.discount != 1 and total:
        amount = money(amount * c.discount, rounding=ROUND_HALF_UP)
    return amount


def _charges(
    c: ClassTariff, tod: int, minutes: int, detail: bool, days: DayTypes = None
) -> tuple[int, list[Run], dict[str, int], tuple[Band, ...]]:
    """The charged total in cents after caps, the runs of charges, the cap reductions by label
    (only when `detail`) and the bands walked. The one place where a fee is computed."""
    begin = c.free_minutes if (c.free_deducted and c.free_minutes) else 0
    prepared = _prepare(c)
    bands, band_caps = prepared[0], prepared[2]
    runs, run_band = _runs(c, prepared, tod, begin, minutes, days)
    gross = 0
    for _start, _step, n, cents, _key in runs:
        gross += n * cents
    if (
        c.cap_24h is None
        and c.cap_day is None
        and c.cap_period is None
        and c.cap_48h is None
        and c.cap_later_day is None
        and c.cap_third_day is None
        and c.cap_window is None
        and not c.day_caps
        and not any(b is not None for b in band_caps)
    ):
        return gross, runs, {}, bands
    windows = _cap_windows(c, tod, minutes)
    day_caps = _day_caps(c, tod, windows, minutes, days) if c.day_caps else None
    total, reductions = _capped_total(c, bands, band_caps, tod, runs, run_band, detail, windows, day_caps)
    return total, runs, reductions, bands


def _day_caps(
    c: ClassTariff, tod: int, windows: list[int], minutes: int, days: DayTypes
) -> tuple[list[int | None], list[int | None]]:
    """The window cap of each window and the 24 h cap of each 24 h window (cents; None: uncapped), each
    taken from the first `DayCap` that holds on the day the window starts, else from the class."""
    of = days or _REFERENCE_DAYS

    def cap_on(start: int, attr: str) -> int | None:
        kind = of((tod + start) // 1440)
        for d in c.day_caps:
            value = getattr(d, attr)
            if value is not None and day_holds(d.days, kind):
                return _cents(value)
        own = getattr(c, attr)
        return None if own is None else _cents(own)

    window_caps = [cap_on(start, "cap_window") for start in windows]
    caps_24h = [cap_on(w * 1440, "cap_24h") for w in range(minutes // 1440 + 1)]
    return window_caps, caps_24h


def _cap_windows(c: ClassTariff, tod: int, minutes: int) -> list[int]:
    """Where the windows of the class's window cap start (minutes from entry, the first at 0): each window
    lasts `cap_window_minutes`, or ends at the next midnight when `cap_window_midnight` and that comes
    first."""
    length = c.cap_window_minutes
    if not length:  # the window's length is set only with a window cap (the class's or a day type's)
        return []
    starts = [0]
    while starts[-1] < minutes:
        t = starts[-1]
        end = t + length
        if c.cap_window_midnight:
            end = min(end, ((tod + t) // 1440 + 1) * 1440 - tod)
        starts.append(end)
    return starts


def _runs(
    c: ClassTariff, prepared: _Prepared, tod: int, begin: int, minutes: int, days: DayTypes
) -> tuple[list[Run], list[tuple[int, int]]]:
    """The runs of charges of a stay, and (with bands) per run its band occurrence and band index.
    With a billing cycle (重新计费) or a restart at midnight (每日零时为计费基准点) each part of the stay
    between restarts is billed as a stay of its own."""
    runs: list[Run] = []
    run_band: list[tuple[int, int]] = []
    cuts = _restarts(c, tod, minutes)
    if not cuts:
        _cycle_runs(c, prepared, tod, begin, minutes, minutes, days, runs, run_band)
        return runs, run_band
    for lo, hi in zip((0, *cuts), (*cuts, minutes), strict=True):
        if max(begin, lo) < hi:
            _cycle_runs(c, prepared, tod, max(begin, lo), hi, minutes, days, runs, run_band)
    return runs, run_band


def _restarts(c: ClassTariff, tod: int, minutes: int) -> list[int]:
    """The minutes from entry (inside the stay) at which billing starts again, in order."""
    cuts: set[int] = set()
    if c.cycle_minutes and minutes > c.cycle_minutes:
        cuts.update(range(c.cycle_minutes, minutes, c.cycle_minutes))
    if c.restart_at_midnight:
        cuts.update(range(1440 - tod, minutes, 1440))
    cuts.discard(0)
    return sorted(cuts)


def _cycle_runs(
    c: ClassTariff,
    prepared: _Prepared,
    tod: int,
    lo: int,
    hi: int,
    minutes: int,
    days: DayTypes,
    runs: list[Run],
    run_band: list[tuple[int, int]],
) -> None:
    """Append the runs of [lo, hi) minutes from entry, billed from the tariff's beginning at `lo`."""
    bands, band_prices, _band_caps, prices, key_offsets = prepared
    if bands:
        if c.bands_from and c.segments and c.bands:
            # the class's first period, then the bands: 2小时内5元，超过2小时后白天…夜间…
            stop = min(hi, lo + c.bands_from)
            before = len(runs)
            key_base = key_offsets[-1] + len(bands[-1].segments)
            _walk(c.segments, prices, 0, stop - lo, c.grace_minutes, stop == minutes, runs, lo, key_base)
            run_band.extend([(-1, -1)] * (len(runs) - before))
            lo = stop
        first = max((occ for occ, _bi in run_band), default=-1) + 1
        occurrences = _band_occurrences(bands, tod, lo, hi, days)
        entry_rule = c.entry_band_rate and (c.entry_band_within is None or minutes <= c.entry_band_within)
        if entry_rule and occurrences and occurrences[0][0] == lo:
            # 跨时段按进场时段费率计费: the whole stay at the rate of the band it entered in, one occurrence
            bi = occurrences[0][2]
            before = len(runs)
            _walk(
                bands[bi].segments,
                band_prices[bi],
                0,
                hi - lo,
                c.grace_minutes,
                hi == minutes,
                runs,
                lo,
                key_offsets[bi],
            )
            run_band.extend([(first, bi)] * (len(runs) - before))
            return
        elapsed = [0] * len(bands)
        for occ_no, (s, e, bi, _day) in enumerate(occurrences, start=first):
            before = len(runs)
            segments = bands[bi].segments
            _walk(
                segments, band_prices[bi], elapsed[bi], e - s, c.grace_minutes, e == minutes, runs, s, key_offsets[bi]
            )
            elapsed[bi] += e - s
            run_band.extend([(occ_no, bi)] * (len(runs) - before))
    elif c.segments:
        _walk(c.segments, prices, 0, hi - lo, c.grace_minutes, hi == minutes, runs, lo, 0)
    else:  # per visit
        visit = c.visit_max_minutes
        count = 1 if not visit else -(-(hi - lo) // visit)
        assert c.visit_price is not None
        hours = tuple(Band("收费时段", a, b) for a, b in c.charging_hours)
        if hours and not _band_occurrences(hours, tod, lo, hi, None):
            count = 0  # the whole stay is outside the charging hours
        if c.visit_price and count:
            runs.append((lo, visit or 1440, count, _cents(c.visit_price), 0))


def _capped_total(
    c: ClassTariff,
    bands: tuple[Band, ...],
    band_caps: tuple[int | None, ...],
    tod: int,
    runs: list[Run],
    run_band: list[tuple[int, int]],
    detail: bool,
    windows: list[int],
    day_caps: tuple[list[int | None], list[int | None]] | None = None,
) -> tuple[int, dict[str, int]]:
    """The total of the runs, clipped in time order by every cap that applies; the reductions by label.
    `windows`: where the windows of the window cap start (`_cap_windows`); `day_caps`: the window and
    24 h caps per window when they depend on the day type (`_day_caps`)."""
    cap_24h = None if c.cap_24h is None else _cents(c.cap_24h)
    later = _later_caps(c, cap_24h)  # the caps of the second 24 h window and of the third on
    cap_48h = None if c.cap_48h is None else _cents(c.cap_48h)
    cap_day = None if c.cap_day is None else _cents(c.cap_day)
    cap_period = None if c.cap_period is None else _cents(c.cap_period)
    reductions: dict[str, int] = {}
    spent_band: dict[int, int] = {}
    spent_period: dict[int, int] = {}
    spent_day: dict[int, int] = {}
    spent_24h: dict[int, int] = {}
    spent_48h: dict[int, int] = {}
    period_label = f"每个计费时段封顶{c_money(cap_period)}元" if detail and cap_period is not None else ""
    day_label = f"每日封顶{c_money(cap_day)}元" if detail and cap_day is not None else ""
    window_label = f"24小时封顶{c_money(cap_24h)}元" if detail and cap_24h is not None else ""
    label_48h = f"48小时封顶{c_money(cap_48h)}元" if detail and cap_48h is not None else ""
    cap_window = None if c.cap_window is None else _cents(c.cap_window)
    windowed = bool(windows)
    spent_window: dict[int, int] = {}
    cap_window_label = _window_label(c) if detail else ""
    total = 0
    for r, (start, step, n, cents, _key) in enumerate(runs):
        occ, bi = run_band[r] if bands else (-1, -1)
        band_cap = band_caps[bi] if occ >= 0 else None
        occ = occ if occ >= 0 else -1 - r  # a class run (before the bands) is a charging period of its own
        band_label = f"{bands[bi].name}封顶{c_money(band_cap)}元" if detail and band_cap is not None else ""
        k = 0
        while k < n:
            t = start + k * step
            window = t // 1440
            day = (tod + t) // 1440
            # events of this run that share the 24 h window and the calendar day with event k
            limit = min((window + 1) * 1440, (day + 1) * 1440 - tod)
            w = bisect_right(windows, t) - 1
            if windowed:
                limit = min(limit, windows[w + 1])
            block = min(n - k, -(-(limit - t) // step))
            amount = block * cents
            booked: list[tuple[dict[int, int], int]] = []
            if band_cap is not None:
                amount = _capped(amount, band_cap, spent_band, occ, band_label, reductions, booked)
            if cap_period is not None:
                amount = _capped(
                    amount, cap_period, spent_period, occ if bands else day, period_label, reductions, booked
                )
            if cap_day is not None:
                amount = _capped(amount, cap_day, spent_day, day, day_label, reductions, booked)
            window_cap = _window_cap(c, window, cap_24h, later, day_caps)
            if day_caps is not None:
                window_label = f"24小时封顶{c_money(window_cap)}元" if detail and window_cap is not None else ""
            if window_cap is not None:
                label = window_label if window == 0 else _later_label(window, window_cap, detail)
                amount = _capped(amount, window_cap, spent_24h, window, label, reductions, booked)
            if cap_48h is not None:
                amount = _capped(amount, cap_48h, spent_48h, window // 2, label_48h, reductions, booked)
            this_window = cap_window if day_caps is None or not windowed else day_caps[0][w]
            if this_window is not None:
                if day_caps is not None and detail:
                    cap_window_label = _window_label(c, this_window)
                amount = _capped(amount, this_window, spent_window, w, cap_window_label, reductions, booked)
            for spent, key in booked:
                spent[key] = spent.get(key, 0) + amount
            total += amount
            k += block
    return total, reductions


def _window_cap(
    c: ClassTariff,
    window: int,
    cap_24h: int | None,
    later: tuple[int | None, int | None],
    day_caps: tuple[list[int | None], list[int | None]] | None,
) -> int | None:
    """The cap of the 24 h window `window` (0: the first from entry). A later-day cap the text states
    overrides a day type's cap, even when it equals the first day's; else the day type's cap holds."""
    late = window >= (c.cap_third_day_from or 3) - 1  # cap_third_day's windows (第N个24小时起)
    stated = c.cap_later_day is not None or (late and c.cap_third_day is not None)
    if day_caps is None or (window and stated):
        return cap_24h if window == 0 else later[late]
    return day_caps[1][window]


def _later_caps(c: ClassTariff, cap_24h: int | None) -> tuple[int | None, int | None]:
    """The caps of the second 24 h window and of `cap_third_day`'s windows (each falls back to the one before)."""
    second = cap_24h if c.cap_later_day is None else _cents(c.cap_later_day)
    return second, second if c.cap_third_day is None else _cents(c.cap_third_day)


def _later_label(window: int, cents: int, detail: bool) -> str:
    if not detail:
        return ""
    return f"{'次日' if window == 1 else f'第{window + 1}个24小时'}起每24小时封顶{c_money(cents)}元"


def _window_label(c: ClassTariff, cents: int | None = None) -> str:
    amount = c.cap_window if cents is None else c_money(cents)
    if amount is None or not c.cap_window_minutes:
        return ""
    until = "（至当日24时止）" if c.cap_window_midnight else ""
    return f"每{_point(c.cap_window_minutes)}{until}封顶{amount}元"


def _capped(
    amount: int,
    cap: int,
    spent: dict[int, int],
    key: int,
    label: str,
    reductions: dict[str, int],
    booked: list[tuple[dict[int, int], int]],
) -> int:
    """What of `amount` (cents) the cap still allows in its window `key`, and the reduction under `label`
    when a label is given (only for a breakdown). The window is noted in `booked`: what is finally charged,
    after every cap, is booked in all of them (a later cap's cut is not spent in an earlier cap's window)."""
    allowed = min(amount, max(0, cap - spent.get(key, 0)))
    if allowed != amount and label:
        reductions[label] = reductions.get(label, 0) + amount - allowed
    booked.append((spent, key))
    return allowed


def c_money(cents: int) -> Decimal:
    """Integer cents → Decimal yuan with two places."""
    return Decimal(cents).scaleb(-2)


def _band_occurrences(
    bands: tuple[Band, ...], tod: int, begin: int, end: int, days: DayTypes = None
) -> list[tuple[int, int, int, int]]:
    """(start, stop, band index, occurrence id) in minutes from entry, for [begin, end). A band with day
    types occurs only on days of those types (the day an occurrence starts on)."""
    lo = tod + begin
    hi = tod + end
    found: list[tuple[int, int, int, int]] = []
    first_day = lo // 1440 - 1
    last_day = hi // 1440
    for bi, band in enumerate(bands):
        length = band.length
        for day in range(first_day, last_day + 1):
            if band.days and not day_holds(band.days, (days or _REFERENCE_DAYS)(day)):
                continue
            if band.season and not band.in_season((days or _REFERENCE_DAYS).month_day(day)):
                continue
            s = day * 1440 + band.start_minute
            e = s + length
            if e <= lo or s >= hi:
                continue
            found.append((max(s, lo) - tod, min(e, hi) - tod, bi, day))
    found.sort()
    merged: list[tuple[int, int, int, int]] = []
    cursor = begin
    for s, e, bi, day in found:  # overlapping bands: the earlier occurrence keeps the minutes
        s = max(s, cursor)
        if s >= e:
            continue
        merged.append((s, e, bi, day))
        cursor = e
    return merged


def _minutes_between(entry: datetime, exit: datetime) -> int:
    if exit < entry:
        raise ValueError("exit is before entry")
    seconds = (exit - entry).total_seconds()
    return int(-(-seconds // 60))


def class_for(tariff: Tariff, vehicle: str, zone: str | None = None) -> ClassTariff:
    """The class that prices `vehicle` (in `zone`). Raises ZoneError when the tariff prices several zones
    and `zone` does not name one of them, NoPriceError when it has no class for the vehicle."""
    c = tariff.for_vehicle(vehicle, zone)
    if c is not None:
        return c
    zones = tariff.zones()
    if zones and zone is None:
        raise ZoneError(f"收费标准按区域分别定价（{'、'.join(zones)}），请指定区域")
    if zones and tariff.match_zone(zone or "") is None:
        raise ZoneError(f"收费标准中没有区域“{zone}”（有：{'、'.join(zones)}）")
    raise NoPriceError(f"收费标准中没有“{vehicle}”车型的价格")


def fee(
    tariff: Tariff,
    entry: datetime,
    exit: datetime,
    vehicle: str = "small",
    zone: str | None = None,
    holidays: Collection[date] = (),
) -> FeeResult:
    """The fee for parking `vehicle` from `entry` to `exit` under `tariff` (in `zone`, when the tariff
    prices zones; `holidays`: the dates that are public holidays, for bands limited to day types).

    Raises NoPriceError when the tariff has no price for the vehicle class (ZoneError, a NoPriceError,
    when it prices several zones and `zone` names none of them).
    """
    c = class_for(tariff, vehicle, zone)
    minutes = _minutes_between(entry, exit)
    tod = entry.hour * 60 + entry.minute
    dated = c.day_caps or (c.bands and any(b.days or b.season for b in c.bands))
    days = day_types(entry.date(), holidays) if dated else None
    amount, lines = _class_fee(c, tod, minutes, days)
    return FeeResult(amount=amount, vehicle=vehicle, minutes=minutes, breakdown=tuple(lines))


def fee_minutes(
    tariff: Tariff, minutes: int, start: time = time(10, 0), vehicle: str = "small", zone: str | None = None
) -> Decimal:
    """The amount for a stay of `minutes` starting at `start` (time of day; on the grid's reference day)."""
    c = class_for(tariff, vehicle, zone)
    return _class_fee(c, start.hour * 60 + start.minute, minutes)[0]


# -- grids ------------------------------------------------------------------------------------
#
# A grid is 10 stays × 4 start times per vehicle class. The fast path below computes exactly what the
# per-point path (`fee_grid_per_point`, kept as the reference and the benchmark baseline) computes:
# the same `_charges` walk per point, minus the breakdown lines nobody reads in a grid; once per
# distinct `ClassTariff` (vehicle classes that fall back to the same class share one grid), memoised
# per class (frozen, hence hashable: equal classes have equal grids).

_GRID_KEYS: tuple[tuple[time, int], ...] = tuple(
    (start, minutes) for start in GRID_STARTS for minutes in GRID_STAYS_MINUTES
)
_GRID_ORDER: tuple[int, ...] = tuple(sorted(range(len(_GRID_KEYS)), key=lambda i: _GRID_KEYS[i]))
_GRID_START_TEXT: tuple[str, ...] = tuple(_GRID_KEYS[i][0].strftime("%H:%M") for i in _GRID_ORDER)
_GRID_MINUTES: tuple[int, ...] = tuple(_GRID_KEYS[i][1] for i in _GRID_ORDER)


@lru_cache(maxsize=4096)
def _class_grid(c: ClassTariff) -> tuple[Decimal, ...]:
    """The grid amounts of one priced class, in `_GRID_KEYS` order.

    Without bands, charging hours, a per-day or a per-period cap, nothing in `_charges` depends on the
    time of day (runs count from entry; 24 h windows too; cap clipping is additive, so where blocks
    split does not change the total): the 10 stays are computed once and shared by the 4 starts.
    """
    if (
        not c.bands
        and not c.charging_hours
        and c.cap_day is None
        and c.cap_period is None
        and not c.restart_at_midnight
        and not c.cap_window_midnight
        and not c.day_caps
    ):
        tod = GRID_STARTS[0].hour * 60 + GRID_STARTS[0].minute
        amounts = {minutes: _class_amount(c, tod, minutes) for minutes in GRID_STAYS_MINUTES}
        return tuple(amounts[minutes] for _start, minutes in _GRID_KEYS)
    return tuple(_class_amount(c, start.hour * 60 + start.minute, minutes) for start, minutes in _GRID_KEYS)


@lru_cache(maxsize=4096)
def _class_grid_json(c: ClassTariff) -> str:
    """The grid of one class as `fee_grid_hash` serialises it: [[HH:MM, minutes, amount], ...], sorted."""
    amounts = _class_grid(c)
    rows = [
        [text, minutes, str(amounts[i])]
        for text, minutes, i in zip(_GRID_START_TEXT, _GRID_MINUTES, _GRID_ORDER, strict=True)
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def clear_grid_caches() -> None:
    """Forget memoised grids (benchmarks; memory)."""
    _class_grid.cache_clear()
    _class_grid_json.cache_clear()
    _fee_grid_hash.cache_clear()


def fee_grid(tariff: Tariff, vehicle: str = "small", zone: str | None = None) -> dict[tuple[time, int], Decimal]:
    """Fees for every grid stay at every grid start (empty when the class has no price, or when the tariff
    prices zones and `zone` names none of them)."""
    c = tariff.for_vehicle(vehicle, zone)
    if c is None or not c.has_prices:
        return {}
    return dict(zip(_GRID_KEYS, _class_grid(c), strict=True))


def fee_grid_per_point(
    tariff: Tariff, vehicle: str = "small", zone: str | None = None
) -> dict[tuple[time, int], Decimal]:
    """`fee_grid` the slow way: one full `fee()` computation (with its breakdown) per grid point.

    The reference the fast grid is tested against, and the benchmark's baseline."""
    c = tariff.for_vehicle(vehicle, zone)
    if c is None or not c.has_prices:
        return {}
    grid: dict[tuple[time, int], Decimal] = {}
    for start in GRID_STARTS:
        tod = start.hour * 60 + start.minute
        for minutes in GRID_STAYS_MINUTES:
            grid[(start, minutes)] = _class_fee(c, tod, minutes)[0]
    return grid


def _grid_vehicles(tariff: Tariff) -> list[str]:
    names = list(VEHICLE_CLASSES)
    names += sorted(v for v in tariff.vehicles() if v not in VEHICLE_CLASSES and v != "all")
    return names


def _grid_keys(tariff: Tariff) -> list[tuple[str, str, str | None]]:
    """(hash key, vehicle, zone) for every grid of the tariff: one per vehicle, and for a tariff that prices
    zones one more per vehicle and zone ("small@一类区域"). Without zones the keys are the vehicles, as before."""
    keys: list[tuple[str, str, str | None]] = [(v, v, None) for v in _grid_vehicles(tariff)]
    keys += [(f"{v}@{z}", v, z) for z in tariff.zones() for v in _grid_vehicles(tariff)]
    return keys


def _hash_payload(payload: dict[str, Any]) -> str:
    data = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@lru_cache(maxsize=2048)
def _fee_grid_hash(tariff: Tariff) -> str:
    # the same bytes as `_hash_payload({vehicle: rows})` (sorted keys, compact, not ASCII-escaped),
    # assembled from each class's memoised JSON
    parts = []
    for key, vehicle, zone in sorted(set(_grid_keys(tariff))):
        c = tariff.for_vehicle(vehicle, zone)
        rows = _class_grid_json(c) if c is not None and c.has_prices else "[]"
        parts.append(json.dumps(key, ensure_ascii=False) + ":" + rows)
    data = "{" + ",".join(parts) + "}"
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def fee_grid_hash(tariff: Tariff) -> str:
    """sha256 over the fee grids of all vehicle classes: equal hashes mean the same prices."""
    return _fee_grid_hash(tariff)


def fee_grid_hash_per_point(tariff: Tariff) -> str:
    """`fee_grid_hash` over `fee_grid_per_point` (reference and benchmark baseline; same value)."""
    payload = {
        key: [
            [start.strftime("%H:%M"), minutes, str(amount)]
            for (start, minutes), amount in sorted(fee_grid_per_point(tariff, vehicle, zone).items())
        ]
        for key, vehicle, zone in _grid_keys(tariff)
    }
    return _hash_payload(payload)


def compare_grids(a: Tariff, b: Tariff, vehicle: str = "small", zone: str | None = None) -> list[GridDiff]:
    """Grid points where the two tariffs give different fees, worst (largest a - b) first."""
    grid_a = fee_grid(a, vehicle, zone)
    grid_b = fee_grid(b, vehicle, zone)
    diffs = [
        GridDiff(start=start, minutes=minutes, a=amount, b=grid_b[(start, minutes)])
        for (start, minutes), amount in grid_a.items()
        if (start, minutes) in grid_b and grid_b[(start, minutes)] != amount
    ]
    diffs.sort(key=lambda d: (-(d.a - d.b), d.minutes, d.start))
    return diffs


def grid_entry(start: time, minutes: int) -> tuple[datetime, datetime]:
    """The entry and exit of a grid point on the fixed reference date."""
    entry = datetime.combine(GRID_REFERENCE_DATE, start)
    return entry, entry + timedelta(minutes=minutes)


__all__ = [
    "GRID_REFERENCE_DATE",
    "GRID_STARTS",
    "GRID_STAYS_MINUTES",
    "FeeLine",
    "FeeResult",
    "GridDiff",
    "NoPriceError",
    "ZoneError",
    "class_for",
    "clear_grid_caches",
    "compare_grids",
    "day_types",
    "fee",
    "fee_grid",
    "fee_grid_hash",
    "fee_grid_hash_per_point",
    "fee_grid_per_point",
    "fee_minutes",
    "grid_entry",
    "segment_label",
]
