"""The tariff model: what a Chinese parking price says, as data.

Pure and frozen. Money is `Decimal` yuan with two places. A `Tariff` holds one `ClassTariff` per
vehicle class (small 小型车, large 大型车, motorcycle 摩托车, nev 新能源; an unknown class is kept by its
Chinese name; "all" is the class that applies to every vehicle), plus passes (月卡/年卡, recorded only)
and exemptions (a text list). The fee function is in `parkwatch.core.fee`; the reader in
`parkwatch.core.tariff_reader`. The JSON form is documented in `docs/tariff.md`.

Time inside a class:

- `segments` are billed tiers counted from the start of billing (entry, or the end of a deducted
  free period): `Segment(start, end, unit, price, kind)`; every started `unit` of minutes in
  `[start, end)` costs `price`. `kind="flat"` marks a one-price period (首小时5元, 1-12小时5元: the
  unit is the whole tier); `kind="unit"` a repeating billing unit (每30分钟1元). When the last
  segment is closed (has an `end`), the schedule starts again every `end` minutes.
- `bands` are time-of-day bands (白天/夜间) with their own segments and a cap per occurrence. When a
  class has bands, minutes outside every band cost nothing.
- `charging_hours` (收费时间): when set and the class has no bands, minutes outside them cost nothing.

Extensions (JSON version 2; a tariff that uses none of them is written as version 1, as before):

- `zone` on a class (一类区域, A级区域, P2): a tariff that prices several zones is asked with a zone;
  `for_vehicle(v)` without one gives nothing rather than a guess.
- `days` on a band (weekday / saturday / sunday / weekend / holiday): the band holds only on those days.
- `season` on a band (`("05-01", "09-30")`, session 9): the band holds only on those dates (夏季5月1日至9月30日).
- `cycle_minutes` (超过24小时重新计费): billing starts again from the tariff's beginning every cycle.
- `cap_48h` per 48 h window from entry; `cap_later_day` per 24 h window after the first; `cap_third_day` per
  24 h window from the third on (第三个24小时起每24小时…: instead of `cap_later_day` there; written only when set);
  `cap_third_day_from` moves that start to a later 24 h window (第4个24小时起… → 4; written only when set).
- `multiple_of` (大车按小车收费标准的2倍): where the class's prices came from (recorded; the prices are
  already scaled).
- `bands_from` (2小时内5元，超过2小时后白天每小时2元、夜间每小时1元): the class's segments price the first
  `bands_from` minutes of billing, the bands the rest.
- `entry_band_rate` (跨时段按进场时段费率计费): the whole stay is billed at the rate of the band it entered in;
  with `entry_band_within` (跨时段停放不足1小时的按分界点前的标准) only a stay of at most that many minutes is, a
  longer one adds up each band's charges (written only when set).
- `restart_at_midnight` (每日零时为计费基准点, 跨日重新计费): billing starts again at every midnight.
- `cap_window` over `cap_window_minutes` (12小时最高限价6元), optionally ending at midnight
  (`cap_window_midnight`: 每12小时之最高收费,由入闸时间起计算至同日午夜十二时止).
- `day_caps` (`DayCap`): window and 24 h caps of some day types only (日泊 $110 星期一至五, $115 星期六/日):
  a window starting on such a day is capped by them instead of the class's caps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

VEHICLE_CLASSES: tuple[str, ...] = ("small", "large", "motorcycle", "nev")
ALL_VEHICLES = "all"  # the class that applies to every vehicle (no heading in the text)

VEHICLE_NAMES_ZH: dict[str, str] = {
    "small": "小型车",
    "large": "大型车",
    "motorcycle": "摩托车",
    "nev": "新能源汽车",
    ALL_VEHICLES: "所有车辆",
}

JSON_VERSION = 2  # written only when a tariff uses a version-2 field; version 1 is still read and written
# the day types a band may be limited to; saturday and sunday are the two weekend days named apart
# (星期一至六 … 星期日及假期), weekend is either of them
DAY_TYPES: tuple[str, ...] = ("weekday", "saturday", "sunday", "weekend", "holiday")
_WEEKEND_DAYS = frozenset({"saturday", "sunday"})


def day_holds(days: tuple[str, ...], day_type: str) -> bool:
    """Whether a band limited to `days` (empty: every day) holds on a day of `day_type` (weekday, saturday,
    sunday or holiday): a weekend band holds on Saturday and Sunday."""
    return not days or day_type in days or (day_type in _WEEKEND_DAYS and "weekend" in days)


def expand_days(days: tuple[str, ...]) -> frozenset[str]:
    """The day types as the days they name (weekend → saturday, sunday), for comparing two day sets."""
    named = set(days)
    if "weekend" in named:
        named = (named - {"weekend"}) | _WEEKEND_DAYS
    return frozenset(named)


CENT = Decimal("0.01")
_RE_MONTH_DAY = re.compile(r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")


def money(value: Decimal | int | str | float, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """A Decimal yuan amount with two places (never from float arithmetic).

    The one place that rounds money to cents: half-even (the decimal module's default) unless the
    caller names another rounding (a discount is rounded half-up)."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=rounding)


def _opt_money(value: Decimal | int | str | float | None) -> Decimal | None:
    return None if value is None else money(value)


def _time_str(t: time) -> str:
    return t.strftime("%H:%M")


def _parse_time(text: str) -> time:
    hour, minute = text.split(":")
    hour_i = int(hour)
    if hour_i == 24:
        return time(0, 0)
    return time(hour_i, int(minute))


def _money_str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class Segment:
    """Every started `unit` minutes within `[start, end)` of billed time costs `price`."""

    start: int
    end: int | None
    unit: int
    price: Decimal
    kind: str = "unit"  # "unit" (每X分钟) or "flat" (one price for the whole period)

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", money(self.price))
        if self.unit <= 0:
            raise ValueError("a billing unit must be at least one minute")
        if self.end is not None and self.end <= self.start:
            raise ValueError("a segment must end after it starts")
        if self.kind not in ("unit", "flat"):
            raise ValueError(f"unknown segment kind {self.kind!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "unit": self.unit,
            "price": str(self.price),
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Segment:
        end = data.get("end")
        return cls(
            start=int(data["start"]),
            end=None if end is None else int(end),
            unit=int(data["unit"]),
            price=money(data["price"]),
            kind=str(data.get("kind", "unit")),
        )


@dataclass(frozen=True)
class Band:
    """A time-of-day band (白天 08:00-20:00, 夜间 20:00-次日08:00). `end <= start` crosses midnight."""

    name: str
    start: time
    end: time
    segments: tuple[Segment, ...] = ()
    cap: Decimal | None = None  # per occurrence of the band
    days: tuple[str, ...] = ()  # the day types the band holds on (empty: every day)
    season: tuple[str, str] | None = None  # ("05-01", "09-30"): the dates it holds on, both included; may wrap

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", tuple(self.segments))
        object.__setattr__(self, "cap", _opt_money(self.cap))
        object.__setattr__(self, "days", tuple(self.days))
        if any(d not in DAY_TYPES for d in self.days):
            raise ValueError(f"unknown day type in {self.days!r}")
        if self.season is not None:
            object.__setattr__(self, "season", (str(self.season[0]), str(self.season[1])))
            if not all(_RE_MONTH_DAY.fullmatch(d) for d in self.season):
                raise ValueError(f"a season is two MM-DD dates: {self.season!r}")

    def in_season(self, month_day: str) -> bool:
        """Whether the band holds on a date (`MM-DD`): always without a season; a season may wrap the year's end."""
        if self.season is None:
            return True
        first, last = self.season
        return first <= month_day <= last if first <= last else month_day >= first or month_day <= last

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return self.end.hour * 60 + self.end.minute

    @property
    def length(self) -> int:
        span = (self.end_minute - self.start_minute) % 1440
        return span or 1440

    def to_json(self) -> dict[str, Any]:
        return (
            {
                "name": self.name,
                "start": _time_str(self.start),
                "end": _time_str(self.end),
                "segments": [s.to_json() for s in self.segments],
                "cap": _money_str(self.cap),
            }
            | ({"days": list(self.days)} if self.days else {})
            | ({"season": list(self.season)} if self.season else {})
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Band:
        return cls(
            name=str(data.get("name", "")),
            start=_parse_time(data["start"]),
            end=_parse_time(data["end"]),
            segments=tuple(Segment.from_json(s) for s in data.get("segments") or ()),
            cap=_opt_money(data.get("cap")),
            days=tuple(str(d) for d in data.get("days") or ()),
            season=None if not data.get("season") else (str(data["season"][0]), str(data["season"][1])),
        )


@dataclass(frozen=True)
class Pass:
    """月卡/年卡/包月: recorded, not used by the fee function."""

    kind: str  # the Chinese word as written: 月卡, 年卡, 包月, 季卡 ...
    price: Decimal | None
    period: str  # 月 / 季 / 年 / "" when not said
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", _opt_money(self.price))

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "price": _money_str(self.price), "period": self.period, "text": self.text}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Pass:
        return cls(
            kind=str(data["kind"]),
            price=_opt_money(data.get("price")),
            period=str(data.get("period", "")),
            text=str(data.get("text", "")),
        )


@dataclass(frozen=True)
class DayCap:
    """Caps that hold on days of some types only (Hong Kong: 日泊 $110 星期一至五, $115 星期六/日/公众假期):
    a window that starts on such a day is capped by these amounts instead of the class's (None: the
    class's own cap holds there)."""

    days: tuple[str, ...]
    cap_window: Decimal | None = None  # per window of the class's cap_window_minutes
    cap_24h: Decimal | None = None  # per 24 h window from entry

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", tuple(self.days))
        object.__setattr__(self, "cap_window", _opt_money(self.cap_window))
        object.__setattr__(self, "cap_24h", _opt_money(self.cap_24h))
        if not self.days or any(d not in DAY_TYPES for d in self.days):
            raise ValueError(f"a day cap needs known day types, not {self.days!r}")

    def to_json(self) -> dict[str, Any]:
        return {"days": list(self.days), "cap_window": _money_str(self.cap_window), "cap_24h": _money_str(self.cap_24h)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DayCap:
        return cls(
            days=tuple(str(d) for d in data["days"]),
            cap_window=_opt_money(data.get("cap_window")),
            cap_24h=_opt_money(data.get("cap_24h")),
        )


_MONEY_FIELDS = (
    "cap_24h",
    "cap_day",
    "cap_period",
    "visit_price",
    "cap_48h",
    "cap_later_day",
    "cap_third_day",
    "cap_window",
)


@dataclass(frozen=True)
class ClassTariff:
    """The prices of one vehicle class."""

    vehicle: str  # one of VEHICLE_CLASSES, "all", or an unknown class's Chinese name
    label: str = ""  # the heading as written (小型车（7座及以下）)
    free_minutes: int = 0
    free_deducted: bool = False  # True: the free minutes are not billed for longer stays either
    segments: tuple[Segment, ...] = ()
    bands: tuple[Band, ...] = ()
    charging_hours: tuple[tuple[time, time], ...] = ()  # empty: all day
    rounding_minutes: int | None = None  # declared 不足X按X计
    grace_minutes: int = 0  # a last partial unit this short is not billed (不足X分钟不收费)
    cap_24h: Decimal | None = None  # per 24 h window from entry
    cap_day: Decimal | None = None  # per calendar day
    cap_period: Decimal | None = None  # per charging period (每个计费时段)
    visit_price: Decimal | None = None  # 按次 / 每次
    visit_max_minutes: int | None = None  # 每次最长 N: each started period is one visit
    discount: Decimal | None = None  # multiplier on the fee (减半 → 0.5, 八折 → 0.8)
    always_free: bool = False  # the class parks free (摩托车免费)
    # version 2
    zone: str = ""  # the zone the class prices (一类区域); "" = every zone
    cycle_minutes: int | None = None  # 超过24小时重新计费: billing starts again every cycle (None: cumulative)
    cap_48h: Decimal | None = None  # per 48 h window from entry
    cap_later_day: Decimal | None = None  # per 24 h window after the first (instead of cap_24h there)
    cap_third_day: Decimal | None = None  # per 24 h window from the third on (instead of cap_later_day there)
    cap_third_day_from: int | None = None  # the 24 h window (counted from 1) cap_third_day starts at; None: 3
    multiple_of: tuple[str, Decimal] | None = None  # 按小型车标准的2倍: (vehicle, factor), recorded
    bands_from: int | None = None  # 2小时内5元,超过2小时后白天…夜间…: segments first, then the bands
    entry_band_rate: bool = False  # 跨时段按进场时段费率计费: the whole stay at the entry band's rate
    entry_band_within: int | None = None  # the entry band's rate only for stays of at most this many minutes
    restart_at_midnight: bool = False  # 每日零时为计费基准点: billing starts again at every midnight
    cap_window: Decimal | None = None  # 12小时最高限价6元: per window of cap_window_minutes from entry
    cap_window_minutes: int | None = None
    cap_window_midnight: bool = False  # a window also ends at midnight (至同日午夜十二时止)
    day_caps: tuple[DayCap, ...] = ()  # caps of some day types only (the first that holds on a window's day)

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", tuple(self.segments))
        object.__setattr__(self, "bands", tuple(self.bands))
        object.__setattr__(self, "charging_hours", tuple(tuple(r) for r in self.charging_hours))
        for name in _MONEY_FIELDS:
            object.__setattr__(self, name, _opt_money(getattr(self, name)))
        if self.discount is not None:
            object.__setattr__(self, "discount", Decimal(self.discount))
        if self.multiple_of is not None:
            object.__setattr__(self, "multiple_of", (str(self.multiple_of[0]), Decimal(self.multiple_of[1])))
        if self.free_minutes < 0:
            raise ValueError("free minutes cannot be negative")
        if self.cycle_minutes is not None and self.cycle_minutes <= 0:
            raise ValueError("a billing cycle must be at least one minute")
        object.__setattr__(self, "day_caps", tuple(self.day_caps))
        windowed = self.cap_window is not None or any(d.cap_window is not None for d in self.day_caps)
        if windowed != (self.cap_window_minutes is not None):
            raise ValueError("a window cap needs both its amount and its window")
        if self.cap_window_minutes is not None and self.cap_window_minutes <= 0:
            raise ValueError("a cap window must be at least one minute")
        if self.cap_third_day_from is not None and (self.cap_third_day is None or self.cap_third_day_from < 3):
            raise ValueError("a later cap's first day needs the cap, and comes after the second day")

    @property
    def uses_version_2(self) -> bool:
        """Whether the class needs the version-2 JSON form (a zone, day types, cycles, new caps)."""
        return bool(
            self.zone
            or self.cycle_minutes is not None
            or self.cap_48h is not None
            or self.cap_later_day is not None
            or self.cap_third_day is not None
            or self.multiple_of is not None
            or self.bands_from is not None
            or self.entry_band_rate
            or self.restart_at_midnight
            or self.cap_window is not None
            or bool(self.day_caps)
            or any(b.days or b.season for b in self.bands)
        )

    @property
    def has_prices(self) -> bool:
        return bool(
            self.always_free or self.segments or self.visit_price is not None or any(b.segments for b in self.bands)
        )

    def all_segments(self) -> tuple[Segment, ...]:
        return self.segments + tuple(s for b in self.bands for s in b.segments)

    def to_json(self) -> dict[str, Any]:
        return {
            "vehicle": self.vehicle,
            "label": self.label,
            "free_minutes": self.free_minutes,
            "free_deducted": self.free_deducted,
            "segments": [s.to_json() for s in self.segments],
            "bands": [b.to_json() for b in self.bands],
            "charging_hours": [[_time_str(a), _time_str(b)] for a, b in self.charging_hours],
            "rounding_minutes": self.rounding_minutes,
            "grace_minutes": self.grace_minutes,
            "cap_24h": _money_str(self.cap_24h),
            "cap_day": _money_str(self.cap_day),
            "cap_period": _money_str(self.cap_period),
            "visit_price": _money_str(self.visit_price),
            "visit_max_minutes": self.visit_max_minutes,
            "discount": None if self.discount is None else str(self.discount),
            "always_free": self.always_free,
        } | (self._version_2_json() if self.uses_version_2 else {})

    def _version_2_json(self) -> dict[str, Any]:
        multiple = self.multiple_of
        out: dict[str, Any] = {
            "zone": self.zone,
            "cycle_minutes": self.cycle_minutes,
            "cap_48h": _money_str(self.cap_48h),
            "cap_later_day": _money_str(self.cap_later_day),
            "multiple_of": None if multiple is None else {"vehicle": multiple[0], "factor": str(multiple[1])},
            "bands_from": self.bands_from,
            "entry_band_rate": self.entry_band_rate,
            "restart_at_midnight": self.restart_at_midnight,
            "cap_window": _money_str(self.cap_window),
            "cap_window_minutes": self.cap_window_minutes,
            "cap_window_midnight": self.cap_window_midnight,
        }
        if self.day_caps:
            out["day_caps"] = [d.to_json() for d in self.day_caps]
        if self.cap_third_day is not None:  # written only when set: older readers' JSON stays as it was
            out["cap_third_day"] = _money_str(self.cap_third_day)
        if self.entry_band_within is not None:
            out["entry_band_within"] = self.entry_band_within
        if self.cap_third_day_from is not None:
            out["cap_third_day_from"] = self.cap_third_day_from
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ClassTariff:
        rounding = data.get("rounding_minutes")
        visit_max = data.get("visit_max_minutes")
        discount = data.get("discount")
        cycle = data.get("cycle_minutes")
        multiple = data.get("multiple_of")
        return cls(
            vehicle=str(data["vehicle"]),
            label=str(data.get("label", "")),
            free_minutes=int(data.get("free_minutes") or 0),
            free_deducted=bool(data.get("free_deducted", False)),
            segments=tuple(Segment.from_json(s) for s in data.get("segments") or ()),
            bands=tuple(Band.from_json(b) for b in data.get("bands") or ()),
            charging_hours=tuple((_parse_time(a), _parse_time(b)) for a, b in data.get("charging_hours") or ()),
            rounding_minutes=None if rounding is None else int(rounding),
            grace_minutes=int(data.get("grace_minutes") or 0),
            cap_24h=_opt_money(data.get("cap_24h")),
            cap_day=_opt_money(data.get("cap_day")),
            cap_period=_opt_money(data.get("cap_period")),
            visit_price=_opt_money(data.get("visit_price")),
            visit_max_minutes=None if visit_max is None else int(visit_max),
            discount=None if discount is None else Decimal(str(discount)),
            always_free=bool(data.get("always_free", False)),
            zone=str(data.get("zone") or ""),
            cycle_minutes=None if cycle is None else int(cycle),
            cap_48h=_opt_money(data.get("cap_48h")),
            cap_later_day=_opt_money(data.get("cap_later_day")),
            cap_third_day=_opt_money(data.get("cap_third_day")),
            cap_third_day_from=None if data.get("cap_third_day_from") is None else int(data["cap_third_day_from"]),
            multiple_of=None if multiple is None else (str(multiple["vehicle"]), Decimal(str(multiple["factor"]))),
            bands_from=None if data.get("bands_from") is None else int(data["bands_from"]),
            entry_band_rate=bool(data.get("entry_band_rate", False)),
            entry_band_within=None if data.get("entry_band_within") is None else int(data["entry_band_within"]),
            restart_at_midnight=bool(data.get("restart_at_midnight", False)),
            cap_window=_opt_money(data.get("cap_window")),
            cap_window_minutes=None if data.get("cap_window_minutes") is None else int(data["cap_window_minutes"]),
            cap_window_midnight=bool(data.get("cap_window_midnight", False)),
            day_caps=tuple(DayCap.from_json(d) for d in data.get("day_caps") or ()),
        )


@dataclass(frozen=True)
class Tariff:
    classes: tuple[ClassTariff, ...] = ()
    passes: tuple[Pass, ...] = ()
    exemptions: tuple[str, ...] = ()
    _index: dict[tuple[str, str], ClassTariff] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _zones: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "classes", tuple(self.classes))
        object.__setattr__(self, "passes", tuple(self.passes))
        object.__setattr__(self, "exemptions", tuple(self.exemptions))
        index: dict[tuple[str, str], ClassTariff] = {}
        for c in self.classes:
            if (c.zone, c.vehicle) in index:
                where = f" in zone {c.zone!r}" if c.zone else ""
                raise ValueError(f"vehicle class {c.vehicle!r} appears twice{where}")
            index[(c.zone, c.vehicle)] = c
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_zones", tuple(dict.fromkeys(c.zone for c in self.classes if c.zone)))

    def __hash__(self) -> int:
        return hash((self.classes, self.passes, self.exemptions))

    # -- queries -----------------------------------------------------------------------------
    def vehicles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.vehicle for c in self.classes))

    def zones(self) -> tuple[str, ...]:
        """The zones the tariff prices separately (一类区域, 二类区域 …), in the order written."""
        return self._zones

    def match_zone(self, zone: str) -> str | None:
        """The tariff's zone that `zone` names (一類區域 → 一类区域; "T1 P5" → T1航站楼P5停车场), if exactly one."""
        return match_zone(self.zones(), zone)

    def _lookup(self, vehicle: str, zone: str) -> ClassTariff | None:
        """The class for `vehicle`: its own (in the zone, then for every zone); else new-energy cars as small
        cars; else the all-vehicles class."""
        chain = (vehicle, "small", ALL_VEHICLES) if vehicle == "nev" else (vehicle, ALL_VEHICLES)
        for name in chain:
            for z in (zone, "") if zone else ("",):
                found = self._index.get((z, name))
                if found is not None:
                    return found
        return None

    def for_vehicle(self, vehicle: str, zone: str | None = None) -> ClassTariff | None:
        """The class for `vehicle` (in `zone` when the tariff prices zones); else (new-energy cars) the
        small-car class; else the all-vehicles class. A tariff that prices the vehicle differently by zone
        and is asked without a zone (or with a zone it does not name) gives None, never a guess; a tariff
        that names one zone needs none."""
        zones = self._zones
        if not zones:
            return self._lookup(vehicle, "")
        if zone is None and len(zones) == 1:
            return self._lookup(vehicle, zones[0])  # one zone named: nothing to choose
        if zone is None:
            if any(self._lookup(vehicle, z) is not self._lookup(vehicle, "") for z in zones):
                return None
            return self._lookup(vehicle, "")
        matched = self.match_zone(zone)
        return None if matched is None else self._lookup(vehicle, matched)

    def free_minutes(self, vehicle: str = "small") -> int | None:
        c = self.for_vehicle(vehicle)
        return None if c is None else c.free_minutes

    def cap_24h(self, vehicle: str = "small") -> Decimal | None:
        c = self.for_vehicle(vehicle)
        return None if c is None else c.cap_24h

    def cap_day(self, vehicle: str = "small") -> Decimal | None:
        c = self.for_vehicle(vehicle)
        return None if c is None else c.cap_day

    def max_rounding_minutes(self, vehicle: str = "small") -> int | None:
        """The longest unit whose partial part is billed as a whole unit (None: no repeating unit)."""
        c = self.for_vehicle(vehicle)
        if c is None:
            return None
        units = [s.unit for s in c.all_segments() if s.kind == "unit"]
        if c.rounding_minutes is not None:
            units.append(c.rounding_minutes)
        return max(units) if units else None

    def has_prices(self) -> bool:
        return any(c.has_prices for c in self.classes)

    # -- JSON --------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION if any(c.uses_version_2 for c in self.classes) else 1,
            "classes": [c.to_json() for c in self.classes],
            "passes": [p.to_json() for p in self.passes],
            "exemptions": list(self.exemptions),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tariff:
        version = data.get("version", 1)
        if version not in (1, JSON_VERSION):
            raise ValueError(f"unsupported tariff JSON version {version!r}")
        return cls(
            classes=tuple(ClassTariff.from_json(c) for c in data.get("classes") or ()),
            passes=tuple(Pass.from_json(p) for p in data.get("passes") or ()),
            exemptions=tuple(str(e) for e in data.get("exemptions") or ()),
        )


def _zone_key(name: str) -> str:
    from parkwatch.core.normalize import normalize_text  # simplified, half-width: 一類區域 → 一类区域

    return re.sub(r"[\s,、:;()/\-]", "", normalize_text(name))


def match_zone(zones: tuple[str, ...], asked: str) -> str | None:
    """The one zone of `zones` that `asked` names: the same name; else the one name containing it (or it the
    name); else the one name containing every word of it ("T1 P5"). None when none or several match."""
    key = _zone_key(asked)
    if not key:
        return None
    keys = {z: _zone_key(z) for z in zones}
    for test in (
        lambda k: k == key,
        lambda k: key in k or k in key,
        lambda k: all(_zone_key(w) in k for w in re.split(r"[\s、,/]+", asked) if _zone_key(w)),
    ):
        found = [z for z, k in keys.items() if k and test(k)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            exact = [z for z in found if keys[z] == key]
            return exact[0] if len(exact) == 1 else None
    return None


__all__ = [
    "ALL_VEHICLES",
    "DAY_TYPES",
    "VEHICLE_CLASSES",
    "VEHICLE_NAMES_ZH",
    "Band",
    "ClassTariff",
    "DayCap",
    "Pass",
    "Segment",
    "Tariff",
    "day_holds",
    "expand_days",
    "match_zone",
    "money",
]
