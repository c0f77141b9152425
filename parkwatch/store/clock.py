"""One clock: every stored instant is timezone-aware UTC; the city's zone is applied only for people.

- `utc_now()` is the only way the store, the commands, the crawler and the dashboard read the clock
  (a test scans the source for naive clock reads: `datetime.now()` without a zone, `utcnow()`, …).
  A naive instant handed to the store is taken as UTC, never as the host's local time.
- `to_city` / `show` turn a stored instant into the city's time (`PARKWATCH_TIMEZONE`, default
  Asia/Shanghai) for a screen, a message or a report; `city_today` is the city's date now.
- `from_city` reads a wall-clock time a person gave in the city (a complaint's 受理时间, a stay's entry)
  as an instant; `city_day` gives the instants a city day runs between.

Legal dates (an inspection day, a rectification deadline) are dates, never instants: they are stored
as `Date` and need none of this.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from parkwatch.settings import get_settings


def utc_now() -> datetime:
    """Now, as an aware UTC instant."""
    return datetime.now(UTC)


def pinned_or_now(pinned: object | None) -> datetime:
    """A pinned time (ISO text: reproducible demo and test runs; without a zone it is UTC), else now."""
    return as_utc(datetime.fromisoformat(str(pinned))) if pinned else utc_now()


def city_zone() -> ZoneInfo:
    return get_settings().zone


def as_utc(instant: datetime) -> datetime:
    """The instant, aware, in UTC. A naive value is taken as UTC, the store's one convention for instants
    (the column type reads it so too); a local wall-clock time goes through `from_city` instead."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def to_city(instant: datetime) -> datetime:
    """The instant in the city's zone (aware)."""
    return as_utc(instant).astimezone(city_zone())


def city_wall(instant: datetime) -> datetime:
    """The city's wall-clock time of an instant, naive: what the core's fee and tariff bands read."""
    return to_city(instant).replace(tzinfo=None)


def from_city(wall: datetime) -> datetime:
    """A wall-clock time in the city (naive, or already aware) as an aware UTC instant."""
    if wall.tzinfo is not None and wall.utcoffset() is not None:
        return wall.astimezone(UTC)
    return wall.replace(tzinfo=city_zone()).astimezone(UTC)


def city_today(now: datetime | None = None) -> date:
    """The city's date at `now` (default: the clock)."""
    return to_city(now or utc_now()).date()


def city_day(day: date) -> tuple[datetime, datetime]:
    """The UTC instants a day of the city runs between: [start, end)."""
    start = from_city(datetime.combine(day, time(0, 0)))
    return start, from_city(datetime.combine(day + timedelta(days=1), time(0, 0)))


def show(instant: datetime | None, *, seconds: bool = False) -> str:
    """A stored instant as a person in the city reads it: "2024-06-03 18:05" ("—" when there is none)."""
    if instant is None:
        return "—"
    return to_city(instant).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
