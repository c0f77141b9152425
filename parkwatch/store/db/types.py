"""Column types of the store.

`UTCInstant` is every stored instant (migration 0006 converted the older rows): an aware UTC
`datetime` in Python; `timestamp with time zone` on PostgreSQL; on SQLite the UTC time as ISO text
("2024-06-03 10:05:00.000000", which sorts as time does), read back aware. The host's time zone never
enters: PostgreSQL returns its session zone, which is converted to UTC here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCInstant(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"an instant must be a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            # the store's convention before 0006 (the crawler's rows): a naive instant is UTC
            value = value.replace(tzinfo=UTC)
        instant: datetime = value.astimezone(UTC)
        return instant.replace(tzinfo=None) if dialect.name == "sqlite" else instant

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return read_instant(value)


def read_instant(value: Any) -> datetime | None:
    """A stored instant as a driver returns it — a datetime, or on SQLite through a raw `text()` query
    its text — as an aware UTC datetime."""
    if value is None:
        return None
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)
