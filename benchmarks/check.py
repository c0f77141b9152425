"""`parkwatch check` benchmark: N stored lots with one observation each, all rules, findings stored.

    .venv/bin/python -m benchmarks.check [--lots 100000] [--db sqlite:///...] [--keep]

Builds a fresh SQLite database (or uses --db, e.g. a PostgreSQL URL), stores N lots and one photo
observation per lot (the boards of the 310 demo lots, read once by the real board reader and cycled,
each lot with its own name, category, pricing form and approval), then times:

1. `check_lots` the first time (every finding is new and stored with its evidence), and
2. `check_lots` again (everything is found again, nothing is stored: the fingerprint path).

Target: the first run under 2 minutes on one core. Writes benchmarks/results/check.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "check.json"
TARGET_SECONDS = 120.0


def build(url: str, lots: int) -> dict[str, float]:
    from sqlalchemy import insert, select

    from demo.city import demo_lots, lot_row
    from parkwatch.core.board_reader import read_board
    from parkwatch.store.db.engine import get_engine, write_session
    from parkwatch.store.db.migrate import upgrade
    from parkwatch.store.db.models import Lot, Observation, table_of

    started = time.perf_counter()
    upgrade(url)
    engine = get_engine(url)
    demo = demo_lots()
    boards = [read_board(d.board_text) for d in demo]
    now = datetime(2024, 5, 1, 1, 0, tzinfo=UTC)  # 09:00 in the city: stored instants are UTC
    batch = 5000
    with write_session(engine) as s:
        for first in range(0, lots, batch):
            rows = [
                {**lot_row(demo[i % len(demo)], now), "name": f"{demo[i % len(demo)].name}#{i}"}
                for i in range(first, min(first + batch, lots))
            ]
            s.execute(insert(table_of(Lot)), rows)
        ids = list(s.scalars(select(Lot.id).order_by(Lot.id)))
        for first in range(0, len(ids), batch):
            rows = []
            for n, lot_id in enumerate(ids[first : first + batch], start=first):
                record = boards[n % len(boards)]
                rows.append(
                    dict(
                        lot_id=lot_id,
                        kind="photo",
                        captured_at=now,
                        raw_text=record.text,
                        board=record.to_json(),
                        tariff=record.tariff.to_json() if record.tariff is not None else None,
                        is_demo=True,
                    )
                )
            s.execute(insert(table_of(Observation)), rows)
    return {
        "build_seconds": time.perf_counter() - started,
        "distinct_boards": len(boards),
        "boards_with_tariff": sum(1 for b in boards if b.tariff is not None),
    }


def run(url: str) -> dict[str, float]:
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import get_engine

    engine = get_engine(url)
    on = date(2024, 5, 2)
    cpu0 = time.process_time()
    first = check_lots(engine, on, now=datetime(2024, 5, 2, 1, 0, tzinfo=UTC))
    cpu1 = time.process_time()
    second = check_lots(engine, on, now=datetime(2024, 5, 2, 1, 5, tzinfo=UTC))
    cpu2 = time.process_time()
    return {
        "first_seconds": round(first.seconds, 2),
        "second_seconds": round(second.seconds, 2),
        "first_cpu_seconds": round(cpu1 - cpu0, 2),
        "second_cpu_seconds": round(cpu2 - cpu1, 2),
        "lots": first.lots,
        "contexts": first.contexts,
        "findings": first.findings,
        "stored": first.new,
        "errors": first.errors,
        "alerts": first.alerts,
        "failed": len(first.failed),
        "second_stored": second.new,
        "second_existing": second.existing,
        "lots_per_second": round(first.lots / first.seconds, 1) if first.seconds else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=100_000)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/check.json")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="parkwatch-bench-check-"))
    url = args.db or f"sqlite:///{tmp / 'bench.db'}"
    os.environ["PARKWATCH_DB_URL"] = url
    built = build(url, args.lots)
    result = run(url)
    row = {
        **built,
        **result,
        "n_lots": args.lots,
        "backend": url.split(":", 1)[0],
        "target_seconds": TARGET_SECONDS,
        "meets_target": result["first_seconds"] < TARGET_SECONDS,
        "meets_target_cpu": result["first_cpu_seconds"] < TARGET_SECONDS,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work), one process",
    }
    print(
        f"{'lots':>8} {'build s':>8} {'check s':>8} {'cpu s':>7} {'again s':>8} {'lots/s':>8} {'stored':>8} "
        f"{'errors':>7} {'alerts':>7} {'target':>7}"
    )
    print(
        f"{row['lots']:>8} {row['build_seconds']:>8.1f} {row['first_seconds']:>8.1f} {row['first_cpu_seconds']:>7.1f} "
        f"{row['second_seconds']:>8.1f} "
        f"{row['lots_per_second']:>8} {row['stored']:>8} {row['errors']:>7} {row['alerts']:>7} "
        f"{'met' if row['meets_target'] else 'MISSED':>7}"
    )
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(row, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not args.keep and args.db is None:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
