"""Shared helpers for the tariff tests: read a text and price a stay."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from parkwatch.core.fee import fee
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff

DAY = datetime(2026, 1, 5)
MONDAY_9 = datetime(2026, 1, 5, 9, 0)


def at(clock: str) -> datetime:
    hour, minute = (int(x) for x in clock.split(":"))
    return datetime.combine(DAY, time(hour, minute))


def read(text: str) -> Tariff:
    reading = read_tariff(text)
    assert reading.tariff is not None, f"nothing read from {text!r}"
    return reading.tariff


def complete_fees(text: str, minutes: tuple[int, ...], start: datetime = MONDAY_9, vehicle: str = "small") -> list[str]:
    """The fees of stays from `start` (Monday 09:00 by default); the reading must be complete."""
    reading = read_tariff(text)
    assert reading.tariff is not None and reading.complete, (
        text,
        reading.unread,
        reading.ceilings,
        reading.scope_doubts,
    )
    return [str(fee(reading.tariff, start, start + timedelta(minutes=m), vehicle).amount) for m in minutes]


def price(text_or_tariff: str | Tariff, minutes: int, start: str = "10:00", vehicle: str = "small") -> Decimal:
    tariff = read(text_or_tariff) if isinstance(text_or_tariff, str) else text_or_tariff
    entry = at(start)
    return fee(tariff, entry, entry + timedelta(minutes=minutes), vehicle).amount
