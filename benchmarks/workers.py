"""Scale-out benchmark: tasks through a real Redis to real `parkwatch worker` processes.

    .venv/bin/python -m benchmarks.workers [--photos 8] [--lots 20000] [--skip-ocr] [--skip-check]

1. OCR throughput: the same photos read in this process one after another (as the dashboard and
   `parkwatch ocr --workers 1` do), then through Redis by 1 worker process, then by 2 (prefork, one
   process per core, one thread per library in each: `parkwatch.tasks.app.WORKER_THREAD_LIMITS`, unless
   the environment sets them); each worker warmed up first (engines loaded). Targets: the queue costs ≤ 10 %
   per photo; 2 workers ≥ 1.7× one.
2. `check` split across workers: N lots (the demo boards cycled, as benchmarks/check.py builds them) on
   a throwaway PostgreSQL, checked in chunks of 2000 lots by 1 worker process, then (on a fresh copy)
   by 2; the findings of both compared with an in-process `check_lots` run on a third copy.
   Target: ≥ 1.7× with 2.

Needs Debian's redis-server and postgresql. Run it only under the shared lock
(`flock /work/tmp/heavy.lock …`): on a 2-core machine anything else running spoils the 2-worker figure.
Writes benchmarks/results/workers.json.
"""

from __future__ import annotations

import argparse
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
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "workers.json"
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.jpg"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def throwaway_redis(folder: Path | None = None) -> Iterator[str]:
    """A redis-server (Debian's package) on a free port, without persistence; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
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
        deadline = time.monotonic() + 120
        while b" ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("worker did not start:\n" + log.read_text(errors="replace")[-2000:])
            time.sleep(0.1)
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


def _findings(url: str) -> set[tuple[Any, ...]]:
    import sqlalchemy as sa

    from parkwatch.store.db.engine import make_engine
    from parkwatch.store.db.models import Finding

    engine = make_engine(url)
    with engine.connect() as conn:
        found = {tuple(row) for row in conn.execute(sa.select(Finding.rule_code, Finding.lot_id, Finding.fingerprint))}
    engine.dispose()
    return found


def check_part(client_for: Any, server_url: str, lots: int, tmp: Path) -> dict[str, Any]:
    """`client_for(url)`: a client app whose workers use the database at `url`."""
    from benchmarks.check import build
    from benchmarks.postgres import create_database
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import make_engine
    from parkwatch.tasks.app import submit_check

    on, now = date(2024, 5, 2), datetime(2024, 5, 2, 1, 0, tzinfo=UTC)
    out: dict[str, Any] = {"lots": lots, "chunk_lots": 2000}
    found: dict[str, set[tuple[Any, ...]]] = {}
    for label, processes in (("in_process", 0), ("workers_1", 1), ("workers_2", 2)):
        url = create_database(server_url)
        build(url, lots)
        if not processes:
            engine = make_engine(url)
            started = time.perf_counter()
            check_lots(engine, on, now=now)
            out[f"{label}_s"] = round(time.perf_counter() - started, 2)
            engine.dispose()
        else:
            os.environ["PARKWATCH_DB_URL"] = url
            client = client_for(url)
            with worker("check", processes, tmp / f"check-{processes}.log"):
                started = time.perf_counter()
                for result in submit_check(on, now, run_id=label, celery=client):
                    result.get(timeout=3600)
                out[f"{label}_s"] = round(time.perf_counter() - started, 2)
        found[label] = _findings(url)
    out["findings"] = len(found["in_process"])
    out["same_findings"] = found["in_process"] == found["workers_1"] == found["workers_2"]
    out["speedup_2_vs_1"] = round(out["workers_1_s"] / out["workers_2_s"], 2)
    return out


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=8, help="photos per timed run")
    parser.add_argument("--lots", type=int, default=20_000, help="lots for the check part")
    parser.add_argument("--skip-ocr", action="store_true")
    parser.add_argument("--skip-check", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    from benchmarks.postgres import pg_bin, throwaway_server
    from parkwatch.settings import get_settings, reset_settings_cache

    tmp = Path(tempfile.mkdtemp(prefix="parkwatch-bench-workers-"))
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_before": os.getloadavg()},
    }
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
            result["ocr"] = ocr_part(client_for(), photos, args.photos, tmp)
            print(json.dumps(result["ocr"], indent=2), flush=True)
        if not args.skip_check:
            bindir = pg_bin()
            if bindir is None:
                raise SystemExit("PostgreSQL is not installed (Debian package postgresql)")
            with throwaway_server(bindir) as server_url:
                result["check"] = check_part(client_for, server_url, args.lots, tmp)
            print(json.dumps(result["check"], indent=2), flush=True)
    result["machine"]["load_after"] = os.getloadavg()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
