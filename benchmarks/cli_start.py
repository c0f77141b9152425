"""Command start-up benchmark: `parkwatch tariff fee …` start to answer, against a bare Python start.

    .venv/bin/python -m benchmarks.cli_start [--runs 30]

Each command runs `--runs` times as a child process (after two warm-up runs each), in turn with the others
so that a change of load on the shared machine touches all of them alike; the median wall time of each is
reported. The target (issue 19): `parkwatch tariff fee` within 8× the start of `python -m json.tool`
(given an empty stdin, it starts, reads nothing and exits). Writes benchmarks/results/cli_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "cli_start.json"
TARGET_RATIO = 8.0
BASELINE = "python -m json.tool"  # < /dev/null
FEE = "parkwatch tariff fee"  # "首小时5元，之后每小时2元" --minutes 90

COMMANDS: dict[str, list[str]] = {
    BASELINE: [sys.executable, "-m", "json.tool"],
    "python -c pass": [sys.executable, "-c", "pass"],
    FEE: [sys.executable, "-m", "parkwatch", "tariff", "fee", "首小时5元，之后每小时2元", "--minutes", "90"],
    "parkwatch --help": [sys.executable, "-m", "parkwatch", "--help"],
    "parkwatch tariff parse": [sys.executable, "-m", "parkwatch", "tariff", "parse", "首小时5元，之后每小时2元"],
}


def _once(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - started


def measure(runs: int) -> dict[str, list[float]]:
    """Wall seconds per run of every command, the commands taking turns."""
    for argv in COMMANDS.values():  # warm up: bytecode caches, the page cache
        _once(argv)
        _once(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, argv in COMMANDS.items():
            times[name].append(_once(argv))
    return times


def _check_answer() -> str:
    """The fee command must answer (not fail fast): its output is part of the result."""
    done = subprocess.run(COMMANDS[FEE], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{FEE} failed ({done.returncode}): {done.stderr}")
    return done.stdout.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command")
    args = parser.parse_args()
    answer = _check_answer()
    load_before = os.getloadavg()[0]
    times = measure(args.runs)
    load_after = os.getloadavg()[0]
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians[FEE] / medians[BASELINE]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "runs": args.runs,
        "answer": answer,
        "median_seconds": {name: round(value, 4) for name, value in medians.items()},
        "min_seconds": {name: round(min(values), 4) for name, values in times.items()},
        "ratio_fee_to_json_tool": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    width = max(len(name) for name in medians)
    for name, value in medians.items():
        print(f"{name:<{width}}  median {value * 1000:7.1f} ms  (min {min(times[name]) * 1000:.1f} ms)")
    verdict = "met" if result["met"] else "NOT met"
    print(f"ratio {FEE} / {BASELINE} (medians): {ratio:.2f}× (target ≤ {TARGET_RATIO:g}×: {verdict})")
    print(f"load average {load_before:.2f} → {load_after:.2f}; written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
