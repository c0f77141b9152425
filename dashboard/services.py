"""The dashboard's bridge to the core (tariff, fee, rules, report).

Nothing here decides anything: it converts stored JSON to core objects and back.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from parkwatch.core.fee import FeeResult, fee
from parkwatch.core.rules import RULES
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff import money as cents
from parkwatch.store import report

COMMON_STAYS_MINUTES = (30, 60, 120, 240, 720, 1440)
REFERENCE_START = time(8, 0)
REFERENCE_DATE = date(2024, 3, 4)  # a Monday; tariffs with weekday bands get a working day


def tariff_from_json(data: dict[str, Any] | None) -> Tariff | None:
    if not data:
        return None
    return Tariff.from_json(data)


def stay_label(minutes: int) -> str:
    return f"{minutes}分钟" if minutes < 60 else f"{minutes // 60}小时"


def fee_table(tariff_json: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per vehicle class: free minutes, caps, and the fee of each common stay from 08:00."""
    tariff = Tariff.from_json(tariff_json)
    entry = datetime.combine(REFERENCE_DATE, REFERENCE_START)
    rows = []
    for vehicle in tariff.vehicles():
        row: dict[str, Any] = {"vehicle": vehicle}
        row["free_minutes"] = tariff.free_minutes(vehicle)
        row["cap_24h"] = tariff.cap_24h(vehicle)
        row["cap_day"] = tariff.cap_day(vehicle)
        for minutes in COMMON_STAYS_MINUTES:
            result = fee(tariff, entry, entry + timedelta(minutes=minutes), vehicle)
            row[stay_label(minutes)] = result.amount
        rows.append(row)
    return rows


def compute_fee(tariff_json: dict[str, Any], entry: datetime, exit: datetime, vehicle: str) -> FeeResult:
    return fee(Tariff.from_json(tariff_json), entry, exit, vehicle)


def vehicles_of(tariff_json: dict[str, Any] | None) -> tuple[str, ...]:
    tariff = tariff_from_json(tariff_json)
    return tuple(tariff.vehicles()) if tariff is not None else ()


def rule_title(code: str) -> str:
    """The rule's short title from the registry when available, else the code."""
    rule = RULES.get(code)
    for attribute in ("title_zh", "title", "name"):
        value = getattr(rule, attribute, None)
        if isinstance(value, str) and value:
            return f"{code} {value}"
    return code


def money(value: Any) -> str:
    if value is None:
        return "—"
    return str(cents(value))


def summary_sentence(stats: dict[str, Any]) -> str:
    """The report's sentence in the bureau's style (parkwatch.store.report)."""
    return report.summary_sentence(stats)


def campaign_excel(stats: dict[str, Any], demo: bool) -> bytes:
    """The report's workbook (parkwatch.store.report.write_xlsx) as bytes for a download button."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.xlsx"
        report.write_xlsx(stats, path, demo=demo)
        return path.read_bytes()
