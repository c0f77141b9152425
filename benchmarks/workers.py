"""Scale-out benchmark: tasks through a real Redis to real `parkwatch worker` processes.

    .venv/bin/python -m benchmarks.workers [--photos 8] [--lots 20000] [--skip-ocr] [--skip-check]
        [--lock FILE] [--pg-url URL] [--out FILE] [--in-process-parts N]

1. OCR throughput: the same photos read in this process one after another (as the dashboard and
   `parkwatch ocr --workers 1` do), then through Redis by 1 worker process, then by 2 (prefork, one
   process per core, one thread per library in each: `parkwatch.tasks.app.WORKER_THREAD_LIMITS`, unless
   the environment sets them); each worker warmed up first (engines loaded). Targets: the queue costs ≤ 10 %
   per photo; 2 workers ≥ 1.7× one.
2. `check` split across workers: N lots (the demo boards cycled, as benchmarks/check.py builds them) on
   a throwaway PostgreSQL (or `--pg-url`), built once into a template database (the first cycle of demo
   lots written from Python, the rest copied inside PostgreSQL by INSERT … SELECT), then checked three
   times, each on its own copy (CREATE DATABASE … TEMPLATE): by 1 worker process, by 2, in chunks of
   2000 lots, then in this process (`check_lots`; with `--in-process-parts N` in N ranges of lots, each
   under its own hold of the lock: its time does not count for the target, its findings do). The
   findings of the three runs are compared by count and by sha256 digests of their sorted (lot, rule,
   severity) rows and of their fingerprints.
   Target: ≥ 1.7× with 2, the same findings as in-process.

With `--lock FILE` (e.g. /work/tmp/heavy.lock, the lock the `flock` command takes) each phase (the OCR
part, the build, each check run) takes the lock on its own, so other people's short jobs can run
between phases while every timed figure is taken with nothing else under the lock; the load average and
the wait are noted per phase, with the CPU-seconds the machine and PostgreSQL used in it. `--out` names
the results file; the parts not run are kept in it.
Needs Debian's redis-server and postgresql. Run it only under the shared lock (`--lock` or
`flock /work/tmp/heavy.lock …`): on a 2-core machine anything else running spoils the 2-worker figure.
Writes benchmarks/results/workers.json.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from dashboard.testing import free_port  # the one free-port helper of the tests and benchmarks

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "workers.json"
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.jpg"))


@contextmanager
def throwaway_redis(folder: Path | None = None) -> Iterator[str]:
    """A redis-server (Debian's package) on a free port, without persistence; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian package redis-server)")
    port = free_port()
    where = folder or Path(tempfile.mkdtemp(prefix="parkwatch-redis-"))
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(where)]
    server = subprocess.Popen([binary, *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not _pong(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_until_ready(proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    """Wait until a started `parkwatch worker` logs that it is ready (Celery's "… ready."); raise with the
    log's tail if it exits or takes longer than `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while b" ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("worker did not start:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.1)


@contextmanager
def worker(queues: str, processes: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`parkwatch worker` with `processes` prefork processes, in this process's environment."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "parkwatch", "worker", "--queues", queues, "--concurrency", str(processes)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(proc, log, timeout_s=120)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _read_through(client: Any, photos: list[bytes], count: int) -> float:
    from parkwatch.tasks.app import submit_photo_read

    now = datetime.now(UTC)
    started = time.perf_counter()
    results = [
        submit_photo_read(
            photos[i % len(photos)],
            f"p{i}.jpg",
            lot_id=None,
            actor="bench",
            captured_at=now,
            store=False,
            engine="tesseract",
            celery=client,
        )
        for i in range(count)
    ]
    for result in results:
        assert result.get(timeout=600)["ok"]
    return time.perf_counter() - started


def ocr_part(client: Any, photos: list[bytes], count: int, tmp: Path) -> dict[str, Any]:
    from ocr.intake import intake_photo
    from ocr.read import read_photo

    read_photo(intake_photo(photos[0], "warm.jpg").image, "tesseract")  # engines loaded, as a warm worker
    started = time.perf_counter()
    for i in range(count):
        read_photo(intake_photo(photos[i % len(photos)], f"p{i}.jpg").image, "tesseract")
    in_process = time.perf_counter() - started
    out: dict[str, Any] = {"photos": count, "engine": "tesseract", "in_process_s": round(in_process, 2)}
    for processes in (1, 2):
        with worker("ocr", processes, tmp / f"ocr-{processes}.log"):
            _read_through(client, photos, 2 * processes)  # warm-up: every process has loaded its engines
            out[f"workers_{processes}_s"] = round(_read_through(client, photos, count), 2)
    per_photo = in_process / count
    out["per_photo_in_process_s"] = round(per_photo, 3)
    out["per_photo_1_worker_s"] = round(out["workers_1_s"] / count, 3)
    out["queue_cost_pct"] = round(100 * (out["workers_1_s"] - in_process) / in_process, 1)
    out["speedup_2_vs_1"] = round(out["workers_1_s"] / out["workers_2_s"], 2)
    return out


# ---------------------------------------------------------------------------------------- check

# the timed runs first; the in-process run is there for its findings (`--in-process-parts`)
CHECK_RUNS = (("workers_1", 1), ("workers_2", 2), ("in_process", 0))
CHECK_ON, CHECK_NOW = date(2024, 5, 2), datetime(2024, 5, 2, 1, 0, tzinfo=UTC)


@contextmanager
def heavy(lock: Path | None, phase: str, log: dict[str, Any]) -> Iterator[None]:
    """One phase under its own hold of the shared lock (the `flock` command's lock), so other people's
    short jobs can run between phases; the load average is noted when the lock is taken and let go."""
    handle = lock.open("a") if lock else None
    try:
        waited = time.perf_counter()
        if handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
        log[phase] = {"lock_wait_s": round(time.perf_counter() - waited, 1), "uptime_start": _uptime()}
        started, cpu = time.perf_counter(), _cpu_seconds()
        yield
        used = {k: round(v - cpu[k], 1) for k, v in _cpu_seconds().items()}
        log[phase].update(held_s=round(time.perf_counter() - started, 1), uptime_end=_uptime(), cpu_s=used)
    finally:
        if handle:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


def _cpu_seconds() -> dict[str, float]:
    """CPU-seconds used so far by the whole machine (/proc/stat, all but idle and iowait) and by the
    PostgreSQL processes (their own, plus the backends that have ended, which the postmaster reaps)."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    busy = sum(fields) - fields[3] - fields[4]
    postgres = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        if text[text.index("(") + 1 : text.rindex(")")] == "postgres":
            postgres += sum(int(x) for x in text[text.rindex(")") + 2 :].split()[11:15])  # u, s, cu, cs time
    return {"machine": busy / tick, "postgres": postgres / tick}


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def build_template(server_url: str, lots: int, name: str) -> tuple[str, dict[str, Any]]:
    """The database every check run copies: `lots` lots with one photo observation each, the same rows
    as benchmarks.check.build (the demo lots and their boards cycled, lot i named "<demo name>#i"), but
    only the first cycle is written from Python; the rest is copied inside PostgreSQL by one
    INSERT … SELECT per table. Reused when a database of that name exists (`--pg-url`)."""
    import sqlalchemy as sa

    from benchmarks.check import build
    from benchmarks.postgres import create_database
    from demo.city import demo_lots
    from parkwatch.store.db.engine import get_engine
    from parkwatch.store.db.models import Lot, Observation

    url = server_url.rsplit("/", 1)[0] + "/" + name
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    admin.dispose()
    if exists:
        return url, {"reused": True}
    started = time.perf_counter()
    create_database(server_url, name)
    cycle = min(lots, len(demo_lots()))
    build(url, cycle)  # ids 1..cycle: lot i + 1 is demo lot i with its board
    get_engine(url).dispose()  # build's pooled connection would keep the template from being copied
    lot_cols = [c.name for c in Lot.__table__.columns if c.name not in ("id", "name")]
    obs_cols = [c.name for c in Observation.__table__.columns if c.name not in ("id", "lot_id")]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"INSERT INTO lots (name, {', '.join(lot_cols)}) "
                f"SELECT regexp_replace(t.name, '#[0-9]+$', '') || '#' || g, {', '.join('t.' + c for c in lot_cols)} "
                "FROM generate_series(:cycle, :lots - 1) AS g JOIN lots t ON t.id = g % :cycle + 1 ORDER BY g"
            ),
            {"cycle": cycle, "lots": lots},
        )
        conn.execute(
            sa.text(
                f"INSERT INTO observations (lot_id, {', '.join(obs_cols)}) "
                f"SELECT l.id, {', '.join('o.' + c for c in obs_cols)} FROM lots l "
                "JOIN observations o ON o.lot_id = (l.id - 1) % :cycle + 1 WHERE l.id > :cycle ORDER BY l.id"
            ),
            {"cycle": cycle},
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        counts = [conn.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in ("lots", "observations")]
        megabytes = conn.scalar(sa.text("SELECT pg_database_size(current_database())")) / 1e6
    engine.dispose()
    assert counts == [lots, lots], counts
    return url, {"build_s": round(time.perf_counter() - started, 1), "db_megabytes": round(megabytes)}


def copy_database(server_url: str, template: str, name: str) -> str:
    """A copy of the template database (a file copy inside PostgreSQL: seconds, not a rebuild)."""
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


def findings_digest(url: str) -> dict[str, Any]:
    """The stored findings as a count and two sha256 digests: of the sorted (lot, rule, severity) rows
    and of the sorted fingerprints (rule, lot and what was found), so runs compare without holding them."""
    import hashlib

    import sqlalchemy as sa

    from parkwatch.store.db.engine import make_engine
    from parkwatch.store.db.models import Finding

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = sorted(
            tuple(row) for row in conn.execute(sa.select(Finding.lot_id, Finding.rule_code, Finding.severity))
        )
        prints = sorted(conn.scalars(sa.select(Finding.fingerprint)))
        by_rule = dict(conn.execute(sa.select(Finding.rule_code, sa.func.count()).group_by(Finding.rule_code)).all())
    engine.dispose()
    return {
        "findings": len(rows),
        "errors": sum(1 for row in rows if row[2] == "error"),
        "rows_sha256": hashlib.sha256("\n".join(f"{a}|{b}|{c}" for a, b, c in rows).encode()).hexdigest(),
        "fingerprints_sha256": hashlib.sha256("\n".join(prints).encode()).hexdigest(),
        "by_rule": dict(sorted(by_rule.items())),
    }


def _check_run(client_for: Any, url: str, processes: int, label: str, tmp: Path) -> float:
    """Seconds of one whole check of the database at `url`: in this process, or by `processes` workers."""
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import make_engine
    from parkwatch.tasks.app import submit_check

    on, now = CHECK_ON, CHECK_NOW
    if not processes:
        engine = make_engine(url)
        started = time.perf_counter()
        check_lots(engine, on, now=now)
        seconds = time.perf_counter() - started
        engine.dispose()
        return seconds
    os.environ["PARKWATCH_DB_URL"] = url
    client = client_for(url)
    with worker("check", processes, tmp / f"check-{processes}.log"):
        started = time.perf_counter()  # from the first chunk planned to the last chunk's result
        for result in submit_check(on, now, run_id=label, celery=client):
            result.get(timeout=7200)
        return time.perf_counter() - started


def _in_process_in_parts(
    server_url: str, template: str, lots: int, parts: int, lock: Path | None, phases: dict[str, Any]
) -> tuple[float, dict[str, Any]]:
    """The in-process check of one copy in `parts` ranges of lot ids, each in a lock phase of its own (so
    other people's jobs pass between them); its seconds (the parts' sum) and the whole copy's digest."""
    from benchmarks.postgres import drop_database
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import make_engine

    size, seconds, url = -(-lots // parts), 0.0, ""
    for n in range(parts):
        with heavy(lock, f"in_process_{n + 1}", phases):
            url = url or copy_database(server_url, template, "run_in_process")
            engine = make_engine(url)
            started = time.perf_counter()
            check_lots(engine, CHECK_ON, range(n * size + 1, min(lots, (n + 1) * size) + 1), now=CHECK_NOW)
            seconds += time.perf_counter() - started
            engine.dispose()
            if n < parts - 1:
                continue
            digest = findings_digest(url)
            drop_database(server_url, url)
    return seconds, digest


def check_part(
    client_for: Any,
    server_url: str,
    lots: int,
    tmp: Path,
    lock: Path | None,
    in_process_parts: int = 1,
    save: Any = None,
) -> dict[str, Any]:
    """`client_for(url)`: a client app whose workers use the database at `url`. The lots are built once
    (one lock phase); each run checks its own copy of them in a lock phase of its own (the in-process
    run in `in_process_parts` phases). `save(out)` after each run keeps what a stopped run measured."""
    from benchmarks.postgres import drop_database

    out: dict[str, Any] = {"lots": lots, "chunk_lots": 2000, "phases": {}, "in_process_parts": in_process_parts}
    template = f"bench_check_{lots}"
    with heavy(lock, "build", out["phases"]):
        _, out["build"] = build_template(server_url, lots, template)
    print(json.dumps(out, indent=2), flush=True)
    digests: dict[str, dict[str, Any]] = {}
    for label, processes in CHECK_RUNS:
        if label == "in_process" and in_process_parts > 1:
            seconds, digests[label] = _in_process_in_parts(
                server_url, template, lots, in_process_parts, lock, out["phases"]
            )
            out[f"{label}_s"] = round(seconds, 2)
            print(label, out[f"{label}_s"], digests[label]["findings"], flush=True)
            continue
        with heavy(lock, label, out["phases"]):
            started = time.perf_counter()
            url = copy_database(server_url, template, f"run_{label}")
            out["phases"][label]["copy_s"] = round(time.perf_counter() - started, 1)
            out[f"{label}_s"] = round(_check_run(client_for, url, processes, label, tmp), 2)
            digests[label] = findings_digest(url)
            drop_database(server_url, url)  # one copy on disk at a time
        print(label, out[f"{label}_s"], digests[label]["findings"], out["phases"][label], flush=True)
        if save:
            save({**out, "digests_so_far": digests})
    first = digests["in_process"]
    out.update(findings=first["findings"], errors=first["errors"], by_rule=first["by_rule"])
    out["digests"] = {
        label: {k: d[k] for k in ("findings", "rows_sha256", "fingerprints_sha256")} for label, d in digests.items()
    }
    out["same_findings"] = all(
        d["rows_sha256"] == first["rows_sha256"] and d["fingerprints_sha256"] == first["fingerprints_sha256"]
        for d in digests.values()
    )
    out["lots_per_s"] = {label: round(lots / out[f"{label}_s"]) for label, _ in CHECK_RUNS}
    out["speedup_2_vs_1"] = round(out["workers_1_s"] / out["workers_2_s"], 2)
    return out


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=8, help="photos per timed run")
    parser.add_argument("--lots", type=int, default=20_000, help="lots for the check part")
    parser.add_argument("--skip-ocr", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    parser.add_argument(
        "--lock", type=Path, default=None, help="take this lock (e.g. /work/tmp/heavy.lock) for each phase apart"
    )
    parser.add_argument(
        "--pg-url",
        default=None,
        help="a PostgreSQL server URL to use (and keep the built lots on) instead of a throwaway one",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="the results file; parts not run are kept")
    parser.add_argument(
        "--in-process-parts",
        type=int,
        default=1,
        help="check the in-process run's copy in this many lot ranges, each under its own hold of the lock",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    from benchmarks.postgres import pg_bin, throwaway_server
    from parkwatch.settings import get_settings, reset_settings_cache

    tmp = Path(tempfile.mkdtemp(prefix="parkwatch-bench-workers-"))
    result: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "load_before": os.getloadavg()}
    with throwaway_redis(tmp) as redis_url:
        os.environ.update(
            PARKWATCH_BROKER_URL=redis_url,
            PARKWATCH_DATA_DIR=str(tmp / "data"),
            PARKWATCH_DB_URL=f"sqlite:///{tmp / 'data' / 'bench.db'}",
            PARKWATCH_OCR_ENGINE="tesseract",
        )
        reset_settings_cache()
        from parkwatch.tasks.app import WORKER_THREAD_LIMITS, make_app

        # what each worker process runs with: `parkwatch worker` sets these unless the environment does
        result["machine"]["worker_threads"] = {k: os.environ.get(k, v) for k, v in WORKER_THREAD_LIMITS.items()}

        def client_for(_url: str = "") -> Any:
            from parkwatch.store.db.engine import get_engine

            reset_settings_cache()
            get_engine.cache_clear()  # the chunks are planned from the database the workers use
            return make_app(get_settings())

        if not args.skip_ocr:
            photos = [p.read_bytes() for p in SAMPLES]
            with heavy(args.lock, "ocr", result["machine"]):
                result["ocr"] = ocr_part(client_for(), photos, args.photos, tmp)
            print(json.dumps(result["ocr"], indent=2), flush=True)
        if not args.skip_check:
            with ExitStack() as stack:
                server_url = args.pg_url or stack.enter_context(throwaway_server(_pg_bin_or_exit(pg_bin())))

                def save(part: dict[str, Any]) -> None:
                    args.out.write_text(json.dumps({**result, "check": part}, indent=2, ensure_ascii=False) + "\n")

                result["check"] = check_part(
                    client_for, server_url, args.lots, tmp, args.lock, args.in_process_parts, save
                )
            print(json.dumps(result["check"], indent=2), flush=True)
    result["machine"]["load_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"written {args.out}")
    return 0


def _pg_bin_or_exit(bindir: Path | None) -> Path:
    if bindir is None:
        raise SystemExit("PostgreSQL is not installed (Debian package postgresql)")
    return bindir


if __name__ == "__main__":
    raise SystemExit(main())
