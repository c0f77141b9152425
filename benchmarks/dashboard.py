"""Dashboard benchmark: the public front page, a lot page and the manager's campaign page, ready in a real
browser, over 100,000 lots and 1,000,000 observations in SQLite or in PostgreSQL.

    .venv/bin/python -m benchmarks.dashboard [--db sqlite|postgresql] [--lots 100000] [--observations 1000000]
        [--runs 5] [--keep DIR] [--pg-url URL]

Builds the database after the Alembic migration with bulk writes (SQLite: sqlite3 executemany in one
transaction; PostgreSQL: COPY), with a campaign, inspections of one lot in ten, findings and complaints.
PostgreSQL is PARKWATCH_TEST_PG_URL / --pg-url, or a throwaway server from Debian's package. Starts
`streamlit run` on a free port over that database and drives Debian's Chromium with Playwright.
"Ready" means: the page's key content is visible (front page: the lot count and the first lot of the
list; lot page: the lot's name and its posted-tariff fee table; campaign page: the summary sentence and
its metrics) and Streamlit's running indicator is gone. Each load is a fresh navigation (a new Streamlit
session). The first load of each page is reported apart; the target (< 2 s) applies to the median of the
next `runs` loads. Lot pages use a different lot on every load, so the lot's own queries are not served
from the cache. Writes benchmarks/results/dashboard.json (SQLite) or dashboard-postgresql.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from demo.city import DISTRICT_NAMES
from parkwatch.core.tariff_reader import read_tariff

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_SECONDS = 2.0
# the demo city's districts and a typical posted tariff, as the reader stores it
DISTRICTS = DISTRICT_NAMES
TARIFF = read_tariff("小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费").tariff.to_json()
NOW = datetime(2024, 6, 1, 1, 0, tzinfo=UTC)  # 09:00 in the city
MANAGER = ("bench-manager", "bench-manager-password")
CAMPAIGN = (date(2024, 3, 1), date(2024, 5, 31))
Rows = Iterable[Sequence[Any]]

# ---------------------------------------------------------------------------------------- the data


def lot_rows(lots: int, rng: random.Random) -> Rows:
    for i in range(1, lots + 1):
        district = DISTRICTS[i % len(DISTRICTS)]
        form = ("market", "guided", "government")[i % 3]
        point = (29.0 + rng.random() * 0.8, 112.9 + rng.random() * 0.8)
        yield (i, f"基准停车场{i:06d}", f"测试路{i}号", district, *point, "基准停车管理有限公司", "public", form)


def observation_rows(lots: int, per_lot: int) -> Rows:
    """`per_lot` web observations a week apart for every lot, each with the same board and tariff."""
    board = json.dumps({"text": "收费标准：首小时5元，之后每小时2元，24小时最高20元", "fields": {}, "tariff": TARIFF})
    tariff = json.dumps(TARIFF, ensure_ascii=False)
    for lot in range(1, lots + 1):
        for k in range(per_lot):
            yield (lot, NOW - timedelta(days=7 * k), board, tariff)


def finding_rows(lots: int) -> Rows:
    """A finding for one lot in twenty, of every status."""
    for i in range(lots // 20):
        status = ("confirmed", "open", "rectified", "dismissed")[i % 4]
        yield (f"bench-{i}", ("PD001", "PD002", "CX001")[i % 3], status, i * 37 % lots + 1)


def inspection_rows(lots: int) -> Rows:
    """One lot in ten inspected during the campaign (two staff; now and then an order or a fine)."""
    days = (CAMPAIGN[1] - CAMPAIGN[0]).days
    for lot in range(10, lots + 1, 10):
        outcome = ("none", "warning", "rectification_order", "none", "case_opened")[lot // 10 % 5]
        on = CAMPAIGN[0] + timedelta(days=lot * 7 % days)
        deadline = on + timedelta(days=15) if outcome == "rectification_order" else None
        yield (lot, on, outcome, deadline, "500.00" if outcome == "case_opened" else "0.00", lot % 20 != 0)


def complaint_rows(count: int, rng: random.Random) -> Rows:
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for n in range(count):
        at = start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        category = ("high_price", "no_disclosure", "private_charging", "overcharge", "other")[n % 5]
        yield (f"BENCH-{n:06d}", at, ("12315", "12345")[n % 2], DISTRICTS[n % len(DISTRICTS)], category)


# ---------------------------------------------------------------------------------------- writing it

LOT_COLUMNS = "id, name, address, district, latitude, longitude, operator, category, pricing_form"
DERIVED = [  # after the bulk rows: price versions and finding decisions, in SQL both databases accept
    "INSERT INTO price_versions (lot_id, source_id, observation_id, valid_from, fee_grid_hash, tariff) "
    "SELECT o.lot_id, 1, o.id, o.captured_at, 'bench', o.tariff FROM observations o "
    "JOIN (SELECT lot_id, MIN(id) AS first FROM observations GROUP BY lot_id) f ON f.first = o.id",
    "INSERT INTO inspection_findings (inspection_id, finding_id, decision) SELECT MIN(i.id), f.id, 'confirmed' "
    "FROM findings f JOIN inspections i ON i.lot_id = f.lot_id WHERE f.status IN ('confirmed', 'rectified') "
    "GROUP BY f.id",
]


# the columns every row of a table shares
STAMP = {"created_at": NOW, "updated_at": NOW, "is_demo": True}
SHARED: dict[str, dict[str, Any]] = {
    "sources": {"is_demo": True},
    "lots": {**STAMP, "charging_right": True, "berths": 100, "city": "yueyang"},
    "observations": {"source_id": 1, "kind": "web", "raw_text": "收费标准：首小时5元", "fee_grid_hash": "bench"},
    "findings": {"severity": "error", "message": "基准发现", "found_at": NOW, "updated_at": NOW, "version": 1},
    "campaigns": {"targets": "{}", "is_demo": True},
    "inspections": {
        "campaign_id": 1,
        "inspectors": '["基准检查员"]',
        "staff_count": 2,
        "vehicle_count": 1,
        "refunds_yuan": "0.00",
        "created_by": "基准检查员",
        "created_at": NOW,
        "version": 1,
    },
    "complaints": {"status": "已办结", "is_demo": True},
}


def _tables(lots: int, observations: int, seed: int) -> list[tuple[str, str, Rows, dict[str, Any]]]:
    """(table, its columns, the varying rows, the shared columns) in the order they are written."""
    rng = random.Random(seed)
    varying: list[tuple[str, str, Rows]] = [
        ("sources", "id, key, kind, name", [(1, "bench", "web", "基准数据源")]),
        ("lots", LOT_COLUMNS, lot_rows(lots, rng)),
        ("observations", "lot_id, captured_at, board, tariff", observation_rows(lots, max(observations // lots, 1))),
        ("findings", "fingerprint, rule_code, status, lot_id", finding_rows(lots)),
        ("campaigns", "id, name, start_date, end_date", [(1, "基准专项行动（演示）", *CAMPAIGN)]),
        (
            "inspections",
            "lot_id, inspected_on, outcome, rectification_deadline, fines_yuan, disclosure_ok",
            inspection_rows(lots),
        ),
        ("complaints", "number, received_at, channel, district, category", complaint_rows(lots // 5, rng)),
    ]
    demo = {"is_demo": True}
    return [(table, columns, rows, {**demo, **SHARED[table]}) for table, columns, rows in varying]


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):  # the stored form of an instant: UTC text
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return value.isoformat() if isinstance(value, date) else value


def _write_sqlite(db: Path, tables: list[tuple[str, str, Rows, dict[str, Any]]]) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    with con:
        for table, columns, rows, constant in tables:
            names = [c.strip() for c in columns.split(",")] + list(constant)
            marks = ",".join("?" * len(names))
            fixed = [_sqlite_value(v) for v in constant.values()]
            con.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",
                ([*(_sqlite_value(v) for v in row), *fixed] for row in rows),
            )
        for statement in DERIVED:
            con.execute(statement)
    con.execute("ANALYZE")
    con.close()


def _write_postgresql(url: str, tables: list[tuple[str, str, Rows, dict[str, Any]]]) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con, con.cursor() as cur:
        for table, columns, rows, constant in tables:
            names = [c.strip() for c in columns.split(",")] + list(constant)
            fixed = list(constant.values())
            with cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([*row, *fixed])
        for statement in DERIVED:
            cur.execute(statement)
        for table in ("lots", "observations", "findings", "inspections", "complaints", "sources", "campaigns"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        con.commit()
        con.autocommit = True
        cur.execute("VACUUM ANALYZE")


def build(db_url: str, lots: int, observations: int, seed: int = 8) -> dict[str, float]:
    """The benchmark database at `db_url` (migrated here), with a manager account for the campaign page."""
    from parkwatch.store.auth import add_user
    from parkwatch.store.db.engine import make_engine
    from parkwatch.store.db.migrate import upgrade

    started = time.perf_counter()
    upgrade(db_url)
    tables = _tables(lots, observations, seed)
    if db_url.startswith("sqlite"):
        _write_sqlite(Path(db_url.removeprefix("sqlite:///")), tables)
    else:
        _write_postgresql(db_url, tables)
    engine = make_engine(db_url)
    add_user(engine, MANAGER[0], MANAGER[1], "manager", NOW, display_name="基准负责人")
    engine.dispose()
    return {"build_seconds": round(time.perf_counter() - started, 1)}


def database_megabytes(db_url: str) -> float:
    if db_url.startswith("sqlite"):
        return round(Path(db_url.removeprefix("sqlite:///")).stat().st_size / 1e6, 1)
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    with engine.connect() as con:
        size = con.execute(sa.text("SELECT pg_database_size(current_database())")).scalar() or 0
    engine.dispose()
    return round(size / 1e6, 1)


# ---------------------------------------------------------------------------------------- signing in


def sign_in(page: Any, base: str, name: str, password: str) -> str:
    """Sign in through the form; the session query parameter that keeps the sign-in on later pages."""
    from dashboard.testing import wait_idle

    page.goto(f"{base}/signin")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**session=*")
    wait_idle(page)
    return page.url.split("?", 1)[1]


# ---------------------------------------------------------------------------------------- measuring


def _timed(load: Callable[[], None]) -> float:
    started = time.perf_counter()
    load()
    return time.perf_counter() - started


def measure(base: str, lots: int, runs: int) -> dict[str, object]:
    from dashboard.testing import chromium_page, wait_idle

    out: dict[str, object] = {}
    rng = random.Random(5)
    with chromium_page() as page:

        def ready(url: str, *markers: str, element: str | None = None) -> Callable[[], None]:
            def load() -> None:
                page.goto(url)
                for marker in markers:
                    page.get_by_text(marker, exact=False).first.wait_for()
                if element:
                    page.locator(f"[data-testid='stMain'] [data-testid='{element}']").first.wait_for()
                wait_idle(page)

            return load

        def lot_page() -> float:
            lot_id = rng.randint(1, lots)
            fees = ready(f"{base}/lot?lot={lot_id}", f"基准停车场{lot_id:06d}", "常见停放时长的费用", element="stTable")
            return _timed(fees)

        front = ready(f"{base}/", f"共找到 {lots:,} 个停车场", "基准停车场000001")  # and the first lot listed
        out["front_first_s"], fronts = _timed(front), [_timed(front) for _ in range(runs)]
        out["lot_first_s"], lot_loads = lot_page(), [lot_page() for _ in range(runs)]
        session = sign_in(page, base, *MANAGER)
        campaign = ready(f"{base}/campaign?{session}", "共出动执法人员", element="stMetric")
        out["campaign_first_s"], campaigns = _timed(campaign), [_timed(campaign) for _ in range(runs)]
        baseline = ready(f"{base}/signin?{session}", element="stButton")  # no queries: the cost of any page
        baselines = [_timed(baseline) for _ in range(runs)]
    for name, loads in (("front", fronts), ("lot", lot_loads), ("campaign", campaigns), ("baseline", baselines)):
        out[f"{name}_s"] = [round(x, 3) for x in loads]
        out[f"{name}_median_s"] = round(statistics.median(loads), 3)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _postgres_url(stack: ExitStack, given: str | None) -> str:
    """A fresh database for the benchmark on --pg-url / PARKWATCH_TEST_PG_URL, or on a throwaway server."""
    from benchmarks.postgres import create_database, pg_bin, throwaway_server

    server = given or os.environ.get("PARKWATCH_TEST_PG_URL")
    if server is None:
        bindir = pg_bin()
        if bindir is None:
            raise SystemExit("PostgreSQL is missing: install the Debian package postgresql, or give --pg-url")
        server = stack.enter_context(throwaway_server(bindir))
    return create_database(server, f"bench_dashboard_{os.getpid()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--lots", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="SQLite: build into (or reuse) this folder")
    parser.add_argument("--pg-url", default=None, help="PostgreSQL server URL (default: a throwaway server)")
    args = parser.parse_args(argv)

    from dashboard.testing import CHROMIUM, streamlit_server

    if not CHROMIUM.exists():
        print("Chromium (/usr/bin/chromium) is missing; install the Debian package chromium", file=sys.stderr)
        return 2
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="parkwatch-dash-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        if args.db == "postgresql":
            db_url = _postgres_url(stack, args.pg_url)
            built = build(db_url, args.lots, args.observations)
        else:
            db_url = f"sqlite:///{data_dir / 'parkwatch.db'}"
            reuse = (data_dir / "parkwatch.db").exists()
            built = {"build_seconds": None} if reuse else build(db_url, args.lots, args.observations)
        built["db_megabytes"] = database_megabytes(db_url)
        load_before = os.getloadavg()
        with streamlit_server(data_dir, data_dir / "streamlit.log", timeout=120, db_url=db_url) as base:
            timings = measure(base, args.lots, args.runs)
        load_after = os.getloadavg()
    if args.keep is None:
        shutil.rmtree(data_dir, ignore_errors=True)
    result = _result(args, built, timings, (load_before, load_after))
    name = "dashboard.json" if args.db == "sqlite" else "dashboard-postgresql.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _print(result)
    return 0 if all(result[f"{page}_ok"] for page in ("front", "lot", "campaign")) else 1


def _result(args: argparse.Namespace, built: dict[str, Any], timings: dict[str, Any], loads: Any) -> dict[str, Any]:
    return {
        "benchmark": "dashboard",
        "database": args.db,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work)",
        "load_average_before_after": [[round(x, 2) for x in load] for load in loads],
        "python": platform.python_version(),
        "lots": args.lots,
        "observations": args.observations,
        "runs": args.runs,
        "target_s": TARGET_SECONDS,
        **built,
        **timings,
        **{f"{page}_ok": timings[f"{page}_median_s"] < TARGET_SECONDS for page in ("front", "lot", "campaign")},
    }


def _print(result: dict[str, Any]) -> None:
    print(f"{result['database']}: {result['lots']:,} lots, {result['observations']:,} observations")
    print(f"{'page':<12}{'first load':>12}{'median':>10}{'loads':>44}{'< 2 s':>8}")
    for page in ("front", "lot", "campaign"):
        print(
            f"{page:<12}{result[f'{page}_first_s']:>12.3f}{result[f'{page}_median_s']:>10.3f}"
            f"{result[f'{page}_s']!s:>44}{result[f'{page}_ok']!s:>8}"
        )
    print(f"{'sign-in':<12}{'':>12}{result['baseline_median_s']:>10.3f}{result['baseline_s']!s:>44}")
    print(f"database: {result['db_megabytes']} MB, built in {result['build_seconds']} s")


if __name__ == "__main__":
    raise SystemExit(main())
