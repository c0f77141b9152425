"""Every query the dashboard makes, each behind `st.cache_data`.

Pages call these and only render. Queries are SQL that SQLite and PostgreSQL both accept (the tests run
them on both), written for 100,000 lots and 1,000,000 observations: they use the indexes of
`parkwatch/store/db/models.py` (lots.district, observations(lot_id, captured_at), findings(lot_id,
status), price_versions(lot_id, ...)), page with LIMIT/OFFSET, aggregate in the database and never
load a whole table into pandas. Each function takes the database URL as its first argument so the
cache is per database. Public queries return only public columns: no inspector names, no unconfirmed
findings, no photo reading waiting for review, no original photo paths, no complaint texts.

Time: the database holds UTC instants; every instant a query returns is the city's wall-clock time
(`PARKWATCH_TIMEZONE`), ready to show, and the open-data files give it with its offset
("2024-06-03T18:05:00+08:00"). `db_url()`, which every page calls first, stops the page with one
sentence when the database is not set up.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from parkwatch.settings import get_settings
from parkwatch.store.clock import as_utc, city_wall, to_city
from parkwatch.store.db.engine import get_engine
from parkwatch.store.db.migrate import DatabaseNotReady, check_schema
from parkwatch.store.db.types import UTCInstant, read_instant
from parkwatch.store.services.lots import PLACE_FIELDS
from parkwatch.store.stats_db import Scope

TTL = 60  # seconds; writes clear the cache at once (see clear_caches)
PUBLIC_STATUSES = ("confirmed", "rectified")
PUBLIC_OBSERVATION_SQL = "o.status IN ('public', 'confirmed')"  # parkwatch.store.db.models.PUBLIC_OBSERVATIONS
_T = TypeVar("_T")

STATUS_SQL = """CASE
  WHEN EXISTS (SELECT 1 FROM findings f WHERE f.lot_id = l.id AND f.status = 'confirmed') THEN 'violation'
  WHEN EXISTS (SELECT 1 FROM findings f WHERE f.lot_id = l.id AND f.status = 'rectified') THEN 'rectified'
  ELSE 'ok' END"""
_READY: set[str] = set()  # databases found set up (a schema does not go away while the app runs)


def db_url() -> str:
    """The database URL; stops the page with one clear sentence when the database is not set up."""
    url = get_settings().db_url
    if url not in _READY:
        try:
            check_schema(get_engine(url))
        except DatabaseNotReady as not_ready:
            st.error(str(not_ready), icon=":material/database:")
            st.stop()
        except SQLAlchemyError as error:  # not reachable at all (a PostgreSQL server that is down)
            st.error(f"无法连接数据库 / cannot reach the database: {type(error).__name__}", icon=":material/database:")
            st.stop()
        _READY.add(url)
    return url


def clear_caches() -> None:
    """Called after every write so the next view shows it."""
    st.cache_data.clear()


def _walls(rows: list[dict[str, Any]], names: Iterable[str]) -> list[dict[str, Any]]:
    """The instants `names` of each row as the city's wall-clock time (what a page shows)."""
    names = tuple(names)
    for row in rows:
        for name in names:
            found = read_instant(row.get(name))
            row[name] = None if found is None else city_wall(found)
    return rows


def _bound(sql: str, params: dict[str, Any]) -> Any:
    """The statement with its datetime parameters bound as instants (UTC, the stored form) and its list
    parameters expanded (`IN :ids`)."""
    typed = [
        bindparam(name, type_=UTCInstant()) if isinstance(value, datetime) else bindparam(name, expanding=True)
        for name, value in params.items()
        if isinstance(value, (datetime, list, tuple))
    ]
    statement = text(sql)
    return statement.bindparams(*typed) if typed else statement


def _read(url: str, read: Callable[[Connection], _T]) -> _T:
    """`read(connection)` for one SELECT, run once more when its pooled connection turned out dropped (a
    PostgreSQL server restarted): SQLAlchemy has then discarded every pooled connection made before."""
    try:
        return _read_once(url, read)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
    return _read_once(url, read)


def _read_once(url: str, read: Callable[[Connection], _T]) -> _T:
    # PostgreSQL in autocommit: one statement needs no transaction, and skips the BEGIN and ROLLBACK
    # round trips; SQLite in a deferred transaction, as `read_session`. These reads are run again once on
    # a dropped connection (`_read`), so their engine skips the pre-ping round trip; writes and sign-in
    # use the ordinary engine, which pings.
    engine = get_engine(url, pre_ping=False)
    postgres = engine.dialect.name == "postgresql"
    options = {"isolation_level": "AUTOCOMMIT"} if postgres else {"sqlite_begin": "DEFERRED"}
    with engine.connect() as conn:
        return read(conn.execution_options(**options))


def _query(
    url: str, sql: str, instants: Iterable[str], params: dict[str, Any]
) -> tuple[list[str], list[dict[str, Any]]]:
    """The query's column names, in its order, and its rows (the `instants` as the city's wall clock)."""

    def read(conn: Connection) -> tuple[list[str], list[dict[str, Any]]]:
        result = conn.execute(_bound(sql, params), params)
        return list(result.keys()), [dict(row._mapping) for row in result]

    columns, rows = _read(url, read)
    return columns, _walls(rows, instants)


def _rows(url: str, sql: str, *, instants: Iterable[str] = (), **params: Any) -> list[dict[str, Any]]:
    return _query(url, sql, instants, params)[1]


def _frame(url: str, sql: str, *, instants: Iterable[str] = (), **params: Any) -> pd.DataFrame:
    """The rows as a table with the query's columns, in its order, also when it found nothing."""
    columns, rows = _query(url, sql, instants, params)
    return pd.DataFrame(rows, columns=columns)


def _scalar(url: str, sql: str, **params: Any) -> Any:
    return _read(url, lambda conn: conn.execute(_bound(sql, params), params).scalar())


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(*conditions: tuple[str, str, Any]) -> tuple[str, dict[str, Any]]:
    """The WHERE clause of the (sql, parameter name, value) conditions whose value is given, and its parameters."""
    given = [(sql, name, value) for sql, name, value in conditions if value]
    return " AND ".join(["1=1", *(sql for sql, _, _ in given)]), {name: value for _, name, value in given}


@dataclass(frozen=True)
class LotFilter:
    """The public map's choice of lots: a search in names and addresses, a city, a district, a pricing
    form and a public status (None: any). The count, the list and the map of a page share one."""

    search: str = ""
    district: str | None = None
    pricing_form: str | None = None
    status: str | None = None
    city: str | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        """The WHERE clause over `lots l` and its parameters."""
        search = self.search.strip()
        return _where(
            ("(l.name LIKE :q ESCAPE '\\' OR l.address LIKE :q ESCAPE '\\')", "q", _like(search) if search else None),
            ("l.city = :city", "city", self.city),
            ("l.district = :district", "district", self.district),
            ("l.pricing_form = :form", "form", self.pricing_form),
            (f"({STATUS_SQL}) = :status", "status", self.status),
        )


# ---------------------------------------------------------------- public: lots, map, lot page


@st.cache_data(ttl=TTL, show_spinner=False)
def districts(url: str, city: str | None = None) -> list[str]:
    where, params = _where(("city = :city", "city", city))
    rows = _rows(
        url, f"SELECT DISTINCT district FROM lots WHERE district IS NOT NULL AND {where} ORDER BY district", **params
    )
    return [row["district"] for row in rows]


@st.cache_data(ttl=TTL, show_spinner=False)
def cities(url: str) -> list[str]:
    """The jurisdiction ids that have lots (a city choice is offered only when there are two or more)."""
    return [row["city"] for row in _rows(url, "SELECT DISTINCT city FROM lots WHERE city IS NOT NULL ORDER BY city")]


def city_name(city: str) -> str:
    """A jurisdiction's name (data/standards/jurisdictions.yaml), or its id when it is not listed."""
    from parkwatch.core.standards import load_standards

    return str(load_standards().jurisdictions.get(city, {}).get("name") or city)


@st.cache_data(ttl=TTL, show_spinner=False)
def count_lots(url: str, chosen: LotFilter = LotFilter()) -> int:
    where, params = chosen.where()
    return int(_scalar(url, f"SELECT COUNT(*) FROM lots l WHERE {where}", **params) or 0)


@st.cache_data(ttl=TTL, show_spinner=False)
def search_lots(url: str, chosen: LotFilter = LotFilter(), page: int = 1, page_size: int = 50) -> pd.DataFrame:
    """One page of the chosen lots, with their public status."""
    where, params = chosen.where()
    params.update(limit=page_size, offset=max(page - 1, 0) * page_size)
    return _frame(
        url,
        f"""
        SELECT l.id, l.name, l.address, l.district, l.pricing_form, l.operator, l.category, l.berths,
               l.latitude, l.longitude, l.is_demo, {STATUS_SQL} AS status
        FROM lots l WHERE {where} ORDER BY l.id LIMIT :limit OFFSET :offset""",
        **params,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def map_points(url: str, chosen: LotFilter = LotFilter(), limit: int = 2000) -> pd.DataFrame:
    where, params = chosen.where()
    return _frame(
        url,
        f"""
        SELECT l.id, l.name, l.latitude, l.longitude, {STATUS_SQL} AS status
        FROM lots l WHERE {where} AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
        ORDER BY l.id LIMIT :limit""",
        limit=limit,
        **params,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def lot(url: str, lot_id: int) -> dict[str, Any] | None:
    rows = _rows(
        url,
        f"""
        SELECT l.id, l.name, l.address, l.district, l.latitude, l.longitude, l.operator, l.category,
               l.pricing_form, l.charging_right, l.approval_ref, l.berths, l.is_demo, {STATUS_SQL} AS status
        FROM lots l WHERE l.id = :id""",
        id=lot_id,
    )
    return rows[0] if rows else None


@st.cache_data(ttl=TTL, show_spinner=False)
def lot_choices(url: str, search: str = "", limit: int = 50) -> list[tuple[int, str]]:
    where, params = LotFilter(search).where()
    rows = _rows(
        url,
        f"SELECT l.id, l.name, l.district FROM lots l WHERE {where} ORDER BY l.id LIMIT :limit",
        limit=limit,
        **params,
    )
    return [(row["id"], f"{row['name']}（{row['district'] or '—'}）#{row['id']}") for row in rows]


_POSTING_SQL = f"""
        SELECT o.id, o.kind, o.status, o.captured_at, o.raw_text, o.board, o.tariff, o.is_demo,
               o.evidence_sha256, e.public_path
        FROM observations o LEFT JOIN evidence e ON e.sha256 = o.evidence_sha256
        WHERE o.lot_id = :id AND o.tariff IS NOT NULL AND {PUBLIC_OBSERVATION_SQL}"""


def _posting(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not rows:
        return None
    row = rows[0]
    for key in ("tariff", "board"):
        if isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


@st.cache_data(ttl=TTL, show_spinner=False)
def posted_tariff(url: str, lot_id: int) -> dict[str, Any] | None:
    """The lot's newest public observation that carries a tariff (a correction wins over what it corrects)."""
    return _posting(
        _rows(
            url,
            _POSTING_SQL + " ORDER BY o.captured_at DESC, o.id DESC LIMIT 1",
            instants=("captured_at",),
            id=lot_id,
        )
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def tariff_in_force(url: str, lot_id: int, at: datetime) -> dict[str, Any] | None:
    """The tariff the lot posted at the instant `at` (a stay's entry): its newest public posting captured
    then or before. When `at` lies before the first posting known, the first one, with `before_first` set."""
    at = as_utc(at)
    found = _posting(
        _rows(
            url,
            _POSTING_SQL + " AND o.captured_at <= :at ORDER BY o.captured_at DESC, o.id DESC LIMIT 1",
            instants=("captured_at",),
            id=lot_id,
            at=at,
        )
    )
    if found is not None:
        return {**found, "before_first": False}
    first = _posting(
        _rows(url, _POSTING_SQL + " ORDER BY o.captured_at, o.id LIMIT 1", instants=("captured_at",), id=lot_id)
    )
    return None if first is None else {**first, "before_first": True}


@st.cache_data(ttl=TTL, show_spinner=False)
def public_photo_path(url: str, lot_id: int) -> str | None:
    """The public (blurred, metadata-free) copy of the lot's newest board photo; never the original."""
    path: str | None = _scalar(
        url,
        """
        SELECT e.public_path FROM observations o JOIN evidence e ON e.sha256 = o.evidence_sha256
        WHERE o.lot_id = :id AND e.public_path IS NOT NULL AND o.status IN ('public', 'confirmed')
        ORDER BY o.captured_at DESC, o.id DESC LIMIT 1""",
        id=lot_id,
    )
    return path


@st.cache_data(ttl=TTL, show_spinner=False)
def price_history(url: str, lot_id: int, limit: int = 50) -> list[dict[str, Any]]:
    rows = _rows(
        url,
        """
        SELECT p.valid_from, p.fee_grid_hash, p.tariff, s.name AS source
        FROM price_versions p LEFT JOIN sources s ON s.id = p.source_id
        WHERE p.lot_id = :id ORDER BY p.valid_from DESC LIMIT :limit""",
        instants=("valid_from",),
        id=lot_id,
        limit=limit,
    )
    for row in rows:
        if isinstance(row["tariff"], str):
            row["tariff"] = json.loads(row["tariff"])
    return rows


@st.cache_data(ttl=TTL, show_spinner=False)
def public_findings(url: str, lot_id: int) -> pd.DataFrame:
    """Confirmed and rectified findings only (never open or dismissed ones, never who decided)."""
    return _frame(
        url,
        """
        SELECT f.rule_code, f.status, f.message, f.basis, f.found_at, f.is_demo
        FROM findings f WHERE f.lot_id = :id AND f.status IN ('confirmed', 'rectified')
        ORDER BY f.found_at DESC""",
        instants=("found_at",),
        id=lot_id,
    )


# ---------------------------------------------------------------- public: totals and open data


@st.cache_data(ttl=TTL, show_spinner=False)
def city_totals(url: str, city: str | None = None) -> dict[str, Any]:
    """The city's totals: of one city's lots when `city` is given, else of every lot."""
    # every count is over the chosen city's lots (all lots when none is chosen)
    lots = "(SELECT id FROM lots WHERE city = :city)" if city else "(SELECT id FROM lots)"
    row = _rows(
        url,
        f"""
        SELECT
          (SELECT COUNT(*) FROM lots WHERE id IN {lots}) AS lots,
          (SELECT COUNT(DISTINCT lot_id) FROM inspections WHERE lot_id IN {lots}) AS lots_inspected,
          (SELECT COUNT(DISTINCT lot_id) FROM inspections WHERE disclosure_ok = :yes AND lot_id IN {lots})
            AS lots_disclosing,
          (SELECT COUNT(DISTINCT lot_id) FROM inspections WHERE disclosure_ok IS NOT NULL AND lot_id IN {lots})
            AS lots_disclosure_known,
          (SELECT COUNT(*) FROM findings WHERE status IN ('confirmed', 'rectified') AND lot_id IN {lots}) AS confirmed,
          (SELECT COUNT(*) FROM findings WHERE status = 'rectified' AND lot_id IN {lots}) AS rectified,
          (SELECT COUNT(*) FROM lots WHERE is_demo = :yes AND id IN {lots}) AS demo_lots
    """,
        yes=True,
        **({"city": city} if city else {}),
    )[0]
    known = row["lots_disclosure_known"] or 0
    row["disclosure_rate"] = (row["lots_disclosing"] / known) if known else None
    return row


@st.cache_data(ttl=TTL, show_spinner=False)
def enforcement_per_lot(url: str, limit: int = 1000, city: str | None = None) -> pd.DataFrame:
    """Per lot with any inspection or public finding: inspections, confirmed by rule, rectified, open.

    Counted in one aggregate over the inspections and the public findings (no query per lot); the
    per-rule counts of the lots shown come from a second, grouped query."""
    where, params = _where(("l.city = :city", "city", city))
    rows = _rows(
        url,
        f"""
        SELECT l.id, l.name, l.district, l.is_demo, t.inspections, t.confirmed, t.rectified, t.still_open
        FROM (
          SELECT facts.lot_id, SUM(facts.inspections) AS inspections, SUM(facts.confirmed) AS confirmed,
                 SUM(facts.rectified) AS rectified, SUM(facts.still_open) AS still_open
          FROM (
            SELECT i.lot_id, 1 AS inspections, 0 AS confirmed, 0 AS rectified, 0 AS still_open FROM inspections i
            UNION ALL
            SELECT f.lot_id, 0, 1, CASE WHEN f.status = 'rectified' THEN 1 ELSE 0 END,
                   CASE WHEN f.status = 'confirmed' THEN 1 ELSE 0 END
            FROM findings f WHERE f.status IN ('confirmed', 'rectified') AND f.lot_id IS NOT NULL
          ) facts
          GROUP BY facts.lot_id
        ) t JOIN lots l ON l.id = t.lot_id
        WHERE {where}
        ORDER BY t.confirmed DESC, t.inspections DESC, l.id LIMIT :limit""",
        limit=limit,
        **params,
    )
    by_rule = _rules_per_lot(url, [row["id"] for row in rows])
    for row in rows:
        row["by_rule"] = by_rule.get(row["id"])
    return pd.DataFrame(
        rows,
        columns=["id", "name", "district", "is_demo", "inspections", "confirmed", "rectified", "still_open", "by_rule"],
    )


def _rules_per_lot(url: str, lot_ids: list[int]) -> dict[int, str]:
    """Per lot, its public findings counted by rule: "PD001×2, PD007×1"."""
    found: dict[int, list[str]] = {}
    for start in range(0, len(lot_ids), 500):
        rows = _rows(
            url,
            """
            SELECT f.lot_id, f.rule_code, COUNT(*) AS n FROM findings f
            WHERE f.status IN ('confirmed', 'rectified') AND f.lot_id IN :ids
            GROUP BY f.lot_id, f.rule_code ORDER BY f.lot_id, f.rule_code""",
            ids=lot_ids[start : start + 500],
        )
        for row in rows:
            found.setdefault(row["lot_id"], []).append(f"{row['rule_code']}×{row['n']}")
    return {lot_id: ", ".join(parts) for lot_id, parts in found.items()}


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _plain(row.get(key)) for key in columns})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese CSV correctly


def _with_offsets(rows: list[dict[str, Any]], names: Iterable[str]) -> list[dict[str, Any]]:
    """The instants `names` in the city's zone with their offset, for open data ("…T18:05:00+08:00")."""
    names = tuple(names)
    for row in rows:
        for name in names:
            found = read_instant(row.get(name))
            row[name] = None if found is None else to_city(found).isoformat()
    return rows


def _plain(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


LOT_COLUMNS = [
    "id",
    *PLACE_FIELDS,
    "operator_credit_code",
    "category",
    "pricing_form",
    "approval_ref",
    "berths",
    "is_demo",
]


@st.cache_data(ttl=TTL, show_spinner=False)
def open_lots_csv(url: str) -> bytes:
    return _csv(_rows(url, f"SELECT {', '.join(LOT_COLUMNS)} FROM lots ORDER BY id"), LOT_COLUMNS)


@st.cache_data(ttl=TTL, show_spinner=False)
def open_lots_geojson(url: str) -> bytes:
    rows = _rows(
        url,
        f"SELECT {', '.join(LOT_COLUMNS)} FROM lots WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY id",
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": {k: _plain(row[k]) for k in LOT_COLUMNS if k not in ("latitude", "longitude")},
        }
        for row in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


@st.cache_data(ttl=TTL, show_spinner=False)
def open_tariffs_csv(url: str) -> bytes:
    columns = ["lot_id", "valid_from", "fee_grid_hash", "tariff"]
    rows = _rows(
        url, "SELECT lot_id, valid_from, fee_grid_hash, tariff FROM price_versions ORDER BY lot_id, valid_from"
    )
    return _csv(_with_offsets(rows, ("valid_from",)), columns)


@st.cache_data(ttl=TTL, show_spinner=False)
def open_findings_csv(url: str) -> bytes:
    columns = ["lot_id", "rule_code", "status", "message", "basis", "found_at", "is_demo"]
    rows = _rows(
        url,
        "SELECT lot_id, rule_code, status, message, basis, found_at, is_demo FROM findings "
        "WHERE status IN ('confirmed', 'rectified') ORDER BY lot_id, found_at",
    )
    return _csv(_with_offsets(rows, ("found_at",)), columns)


# ---------------------------------------------------------------- inspector


@st.cache_data(ttl=TTL, show_spinner=False)
def lot_findings(url: str, lot_id: int) -> list[dict[str, Any]]:
    """All findings of a lot, any status (inspectors only)."""
    return _rows(
        url,
        """
        SELECT id, rule_code, severity, status, message, basis, status_reason, found_at, updated_at,
               version, is_demo, observation_id
        FROM findings WHERE lot_id = :id
        ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, found_at DESC, id DESC""",
        instants=("found_at", "updated_at"),
        id=lot_id,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def alert_queue(url: str, limit: int = 200) -> pd.DataFrame:
    return _frame(
        url,
        """
        SELECT f.id, f.lot_id, l.name AS lot, f.rule_code, f.message, f.found_at
        FROM findings f LEFT JOIN lots l ON l.id = f.lot_id
        WHERE f.status = 'open'
        ORDER BY CASE WHEN f.severity = 'alert' THEN 0 ELSE 1 END, f.found_at DESC, f.id DESC LIMIT :limit""",
        instants=("found_at",),
        limit=limit,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def low_confidence_reads(url: str, threshold: float = 0.80, scan: int = 500) -> pd.DataFrame:
    """Photo readings among the newest `scan` (not sent back, not corrected) whose weakest field is under
    the threshold."""
    rows = _rows(
        url,
        """
        SELECT o.id, o.lot_id, l.name AS lot, o.captured_at, o.board, o.ocr_engine
        FROM observations o LEFT JOIN lots l ON l.id = o.lot_id
        WHERE o.kind = 'photo' AND o.board IS NOT NULL AND o.status <> 'rejected'
          AND NOT EXISTS (SELECT 1 FROM observations c WHERE c.corrects_id = o.id)
        ORDER BY o.id DESC LIMIT :scan""",
        instants=("captured_at",),
        scan=scan,
    )
    out = []
    for row in rows:
        board = json.loads(row["board"]) if isinstance(row["board"], str) else (row["board"] or {})
        fields = board.get("fields") or {}
        weak = {
            name: reading.get("confidence")
            for name, reading in fields.items()
            if isinstance(reading, dict) and (reading.get("confidence") or 0) < threshold
        }
        if weak:
            out.append(
                {
                    "id": row["id"],
                    "lot_id": row["lot_id"],
                    "lot": row["lot"],
                    "captured_at": row["captured_at"],
                    "weak_fields": ", ".join(f"{k} {v:.2f}" for k, v in weak.items()),
                    "engine": row["ocr_engine"],
                }
            )
    return pd.DataFrame(out, columns=["id", "lot_id", "lot", "captured_at", "weak_fields", "engine"])


@st.cache_data(ttl=TTL, show_spinner=False)
def sources(url: str) -> pd.DataFrame:
    return _frame(
        url,
        """SELECT id, key, kind, name, url, last_run_at, last_status, last_items, last_errors, is_demo
           FROM sources ORDER BY CASE WHEN last_status = 'failed' THEN 0 ELSE 1 END, key""",
        instants=("last_run_at",),
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def source_runs(url: str, limit: int = 100) -> pd.DataFrame:
    return _frame(
        url,
        """SELECT r.id, s.key AS source, r.started_at, r.finished_at, r.status, r.items,
                                r.valid_items, r.errors, r.message
                         FROM source_runs r JOIN sources s ON s.id = r.source_id
                         ORDER BY r.started_at DESC, r.id DESC LIMIT :limit""",
        instants=("started_at", "finished_at"),
        limit=limit,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def campaigns(url: str) -> list[dict[str, Any]]:
    rows = _rows(
        url, "SELECT id, name, start_date, end_date, districts, is_demo FROM campaigns ORDER BY start_date DESC"
    )
    for row in rows:
        if isinstance(row["districts"], str):
            row["districts"] = json.loads(row["districts"])
    return rows


# ---------------------------------------------------------------- manager


ANY_VIEW = Scope()  # every campaign, district and day (a frozen value, safe as a default)


def _enforcement_filter(view: Scope) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over `inspections i JOIN lots l` of one view of the campaign page, and its parameters."""
    return _where(
        ("i.campaign_id = :campaign", "campaign", view.campaign_id),
        ("l.district = :district", "district", view.district),
        ("i.inspected_on >= :start", "start", view.start),
        ("i.inspected_on <= :end", "end", view.end),
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def inspection_records(url: str, view: Scope = ANY_VIEW) -> pd.DataFrame:
    """The inspections of a campaign/district/period, one row each, for parkwatch.core.stats and the charts."""
    where, params = _enforcement_filter(view)
    return _frame(
        url,
        f"""
        SELECT i.id, i.lot_id, l.name AS lot, l.district, i.campaign_id, i.inspected_on, i.staff_count,
               i.vehicle_count, i.outcome, i.rectification_deadline, i.fines_yuan, i.refunds_yuan,
               i.reinspection_of_id, i.rectified, i.disclosure_ok, i.is_demo,
               (SELECT COUNT(*) FROM inspection_findings x
                 WHERE x.inspection_id = i.id AND x.decision = 'confirmed') AS confirmed
        FROM inspections i JOIN lots l ON l.id = i.lot_id WHERE {where} ORDER BY i.inspected_on""",
        **params,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def audit_events(
    url: str, entity: str | None = None, actor: str | None = None, page: int = 1, page_size: int = 100
) -> tuple[int, pd.DataFrame]:
    clause, params = _where(("entity = :entity", "entity", entity), ("actor = :actor", "actor", actor))
    total = int(_scalar(url, f"SELECT COUNT(*) FROM audit_events WHERE {clause}", **params) or 0)
    rows = _rows(
        url,
        f"""SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_events
                          WHERE {clause} ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset""",
        instants=("at",),
        limit=page_size,
        offset=max(page - 1, 0) * page_size,
        **params,
    )
    for row in rows:
        row["before"] = _plain(json.loads(row["before"]) if isinstance(row["before"], str) else row["before"])
        row["after"] = _plain(json.loads(row["after"]) if isinstance(row["after"], str) else row["after"])
    return total, pd.DataFrame(rows, columns=["id", "at", "actor", "action", "entity", "entity_id", "before", "after"])


@st.cache_data(ttl=TTL, show_spinner=False)
def notifications(url: str, limit: int = 200) -> pd.DataFrame:
    return _frame(
        url,
        """SELECT id, created_at, channel, kind, event_key, status, attempts, last_error, sent_at
                         FROM notifications ORDER BY created_at DESC, id DESC LIMIT :limit""",
        instants=("created_at", "sent_at"),
        limit=limit,
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def campaign_stats(url: str, view: Scope = ANY_VIEW) -> dict[str, Any]:
    """`parkwatch.core.stats.compute_stats` over the inspections and complaints of a campaign, district and
    period, selected in SQL (`parkwatch.store.stats_db.campaign_view`): a filter change loads its slice,
    never every lot, inspection and complaint."""
    from parkwatch.store.stats_db import campaign_view

    return campaign_view(get_engine(url), view)
