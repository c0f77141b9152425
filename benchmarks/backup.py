"""Benchmark: `parkwatch db backup` of the demo plus 100,000 observations while a writer writes; restore; verify.

    .venv/bin/python -m benchmarks.backup [--observations 100000] [--no-demo] [--keep] [--no-write]

1. Builds the demo database (`demo.build.build_demo`: the demo city, crawl, OCR'd photos, rules, bot)
   in a fresh data folder, then adds N observations (the 310 demo boards, read once and cycled) by bulk
   insert.
2. Starts a writer in its own process: one transaction after another, each an observation with its
   page snapshot (an evidence file) and an audit event; it logs every committed id and how long each
   commit took.
3. `backup()` into a .tar.gz while the writer runs, then lets the writer go on a little and stops it.
4. `restore()` into a fresh folder, then checks: every observation committed before the backup began is
   there, nothing committed after it ended is, the restored row counts equal the manifest's, the audit
   chain is intact and every evidence row has its file with the right sha256.

Writes benchmarks/results/backup.json; the write-up is in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "backup.json"
NOW = datetime(2024, 5, 1, 9, 0)


def write_observation(engine: Any, n: int, at: datetime, *, label: str, actor: str) -> int:
    """One writer transaction (the load a backup runs under, here and in tests/trust/test_backup.py): a page
    snapshot, its web observation and the audit event; returns the observation's id."""
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.db.models import Observation
    from parkwatch.store.enforcement import audit
    from parkwatch.store.evidence import store_evidence

    with write_session(engine) as s:
        page = f"<html>{label}{n} 收费标准：首小时{n % 9 + 1}元</html>".encode()
        row = store_evidence(s, page, "page", "text/html", at)
        obs = Observation(kind="web", captured_at=at, raw_text=f"{label} #{n}", evidence_sha256=row.sha256)
        s.add(obs)
        s.flush()
        audit(
            s,
            actor=actor,
            action="observation.add",
            entity="observation",
            entity_id=obs.id,
            before=None,
            after={"n": n},
            now=at,
        )
        return obs.id


def writer(ids_file: Path, stop_file: Path) -> int:
    """The writer process: observation + page snapshot + audit event per transaction until `stop_file`."""
    from parkwatch.store.db.engine import get_engine

    engine = get_engine()
    n = 0
    with ids_file.open("a", encoding="utf-8") as log:
        while not stop_file.exists():
            n += 1
            at = NOW + timedelta(days=30, seconds=n)
            started = time.perf_counter()
            obs_id = write_observation(engine, n, at, label=f"写入进程 {os.getpid()} 第", actor="bench-writer")
            log.write(f"{obs_id} {time.monotonic():.4f} {time.perf_counter() - started:.4f}\n")
            log.flush()
    return 0


def build(url: str, observations: int, demo: bool) -> dict[str, Any]:
    from sqlalchemy import func, insert, select

    from demo.build import build_demo
    from demo.city import demo_lots
    from parkwatch.core.board_reader import read_board
    from parkwatch.store.db.engine import get_engine, write_session
    from parkwatch.store.db.migrate import upgrade
    from parkwatch.store.db.models import Lot, Observation, table_of

    engine = get_engine(url)
    started = time.perf_counter()
    if demo:
        build_demo(engine, NOW, echo=lambda _line: None)
    else:
        upgrade(url)
    demo_seconds = time.perf_counter() - started
    boards = [read_board(d.board_text) for d in demo_lots()]
    with write_session(engine) as s:
        lot_ids = list(s.scalars(select(Lot.id).order_by(Lot.id))) or [None]
        for first in range(0, observations, 5000):
            rows = []
            for n in range(first, min(first + 5000, observations)):
                record = boards[n % len(boards)]
                rows.append(
                    dict(
                        lot_id=lot_ids[n % len(lot_ids)],
                        kind="web",
                        captured_at=NOW + timedelta(seconds=n),
                        raw_text=record.text,
                        board=record.to_json(),
                        tariff=record.tariff.to_json() if record.tariff is not None else None,
                        is_demo=True,
                    )
                )
            s.execute(insert(table_of(Observation)), rows)
    with write_session(engine) as s:
        total = s.scalar(select(func.count()).select_from(Observation))
    engine.dispose()
    return {
        "demo_seconds": round(demo_seconds, 1),
        "build_seconds": round(time.perf_counter() - started, 1),
        "observations_before": total,
    }


def _log(ids_file: Path) -> list[tuple[int, float, float]]:
    lines = ids_file.read_text(encoding="utf-8").splitlines() if ids_file.exists() else []
    return [(int(a), float(b), float(c)) for a, b, c in (line.split() for line in lines if line.count(" ") == 2)]


def _wait(ids_file: Path, count: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while len(_log(ids_file)) < count:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the writer stopped or stalled (exit {process.poll()})")
        time.sleep(0.05)


def backup_while_writing(tmp: Path) -> dict[str, Any]:
    from parkwatch.store.backup import backup

    ids_file, stop_file = tmp / "writer.log", tmp / "writer.stop"
    process = subprocess.Popen([sys.executable, "-m", "benchmarks.backup", "--writer", str(ids_file), str(stop_file)])
    try:
        _wait(ids_file, 20, process)
        begun = time.monotonic()
        report = backup(tmp / "backup.tar.gz", now=datetime.now(UTC))
        ended = time.monotonic()
        _wait(ids_file, len(_log(ids_file)) + 20, process)
    finally:
        stop_file.touch()
        process.wait(timeout=120)
    log = _log(ids_file)
    during = [seconds for _id, at, seconds in log if begun <= at <= ended]
    return {
        "report": report,
        "written": {i for i, _at, _s in log},
        "before": {i for i, at, _s in log if at < begun},
        "after": {i for i, at, _s in log if at <= ended},
        "writer_commits_total": len(log),
        "writer_commits_during_backup": len(during),
        "writer_commit_ms_median_during_backup": round(statistics.median(during) * 1000, 1) if during else None,
        "writer_commit_ms_max_during_backup": round(max(during) * 1000, 1) if during else None,
        "writer_exit": process.returncode,
    }


def restore_and_verify(tmp: Path, taken: dict[str, Any]) -> dict[str, Any]:
    import sqlalchemy as sa

    from parkwatch.store.audit_chain import verify_chain
    from parkwatch.store.backup import restore
    from parkwatch.store.db.models import Observation

    restored = restore(tmp / "backup.tar.gz", to=tmp / "restored")
    engine = sa.create_engine(restored.database_url)
    with engine.connect() as conn:
        ids = set(conn.scalars(sa.select(Observation.id)))
    chain = verify_chain(engine)
    engine.dispose()
    writer_ids = ids & taken["written"]
    return {
        "restore_seconds": round(restored.seconds, 1),
        "restore_ok": restored.ok,
        "restore_problems": restored.problems[:10],
        "restored_observations": len(ids),
        "restored_rows": sum(restored.snapshot.rows.values()),
        "restored_files": restored.files,
        "restored_audit_events": chain.events,
        "audit_chain_intact": chain.ok,
        "every_row_committed_before_the_backup_restored": taken["before"] <= ids,
        "no_row_committed_after_the_backup_restored": writer_ids <= taken["after"],
        "writer_rows_restored": len(writer_ids),
    }


def run(tmp: Path, observations: int, demo: bool) -> dict[str, Any]:
    built = build(os.environ["PARKWATCH_DB_URL"], observations, demo)
    db_bytes = Path(tmp / "data" / "parkwatch.db").stat().st_size
    taken = backup_while_writing(tmp)
    report = taken["report"]
    checked = restore_and_verify(tmp, taken)
    return {
        **built,
        "database_mb": round(db_bytes / 1e6, 1),
        "backup_seconds": round(report.seconds, 1),
        "backup_ok": report.ok,
        "backup_rows": sum(report.snapshot.rows.values()),
        "backup_evidence_files": report.files,
        "backup_audit_events": report.snapshot.chain.events,
        "archive_mb": round((tmp / "backup.tar.gz").stat().st_size / 1e6, 1),
        **{k: v for k, v in taken.items() if k not in ("report", "written", "before", "after")},
        "writer_rows_committed_before_backup": len(taken["before"]),
        **checked,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--no-demo", action="store_true", help="skip the demo build (a quick run of the script)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/backup.json")
    parser.add_argument("--writer", nargs=2, metavar=("LOG", "STOP"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        return writer(Path(args.writer[0]), Path(args.writer[1]))
    tmp = Path(tempfile.mkdtemp(prefix="parkwatch-bench-backup-"))
    os.environ["PARKWATCH_DATA_DIR"] = str(tmp / "data")  # the writer process inherits these
    os.environ["PARKWATCH_DB_URL"] = f"sqlite:///{tmp / 'data' / 'parkwatch.db'}"
    os.environ.pop("PARKWATCH_EVIDENCE_DIR", None)
    try:
        result = run(tmp, args.observations, not args.no_demo)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    row = {
        **result,
        "n_observations_added": args.observations,
        "demo": not args.no_demo,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average": os.getloadavg()[0],
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work)",
    }
    print(json.dumps(row, ensure_ascii=False, indent=1))
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(row, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    ok = row["backup_ok"] and row["restore_ok"] and row["audit_chain_intact"]
    ok = (
        ok
        and row["every_row_committed_before_the_backup_restored"]
        and row["no_row_committed_after_the_backup_restored"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
