"""Board reader benchmark: boards per second, with and without the tariff reader.

    .venv/bin/python -m benchmarks.board [--boards 20000] [--seconds 0]

Input: the 310 demo-city boards (demo.city) and the 31 test fixtures
(tests/board/boards/*.txt), cycled to `--boards` readings. Two modes: `reader` (read_board with the
tariff hand-off replaced by a no-op: the board reader's own cost) and `full` (read_board as the
crawler and the OCR call it, through parkwatch.core.tariff_reader.read_tariff). Wall and CPU (process)
time are both reported because the machine is shared. Writes benchmarks/results/board.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import parkwatch.core.board_reader as board_reader
from demo.city import demo_lots
from parkwatch.core.tariff_reader import TariffReading

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "board.json"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "board" / "boards").glob("*.txt"))]
    return texts + [lot.board_text for lot in demo_lots()]


def _run(texts: list[str], boards: int) -> dict[str, float]:
    for text in texts:  # warm up (regex caches, lazy imports)
        board_reader.read_board(text)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    n = 0
    while n < boards:
        for text in texts:
            board_reader.read_board(text)
            n += 1
            if n >= boards:
                break
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "boards": n,
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "boards_per_second_wall": round(n / wall, 1),
        "boards_per_second_cpu": round(n / cpu, 1),
        "seconds_for_100k_cpu": round(100_000 * cpu / n, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=20_000)
    args = parser.parse_args()
    texts = _texts()
    results: dict[str, dict[str, float]] = {}
    real = board_reader.read_tariff
    board_reader.read_tariff = lambda text: TariffReading(None)  # the tariff hand-off as a no-op
    try:
        results["reader"] = _run(texts, args.boards)
    finally:
        board_reader.read_tariff = real
    results["full"] = _run(texts, args.boards)

    print(
        f"{'mode':8} {'boards':>8} {'wall s':>8} {'cpu s':>8} {'boards/s wall':>14} {'boards/s cpu':>13} "
        f"{'100k cpu s':>11}"
    )
    for mode, r in results.items():
        print(
            f"{mode:8} {r['boards']:>8} {r['wall_seconds']:>8} {r['cpu_seconds']:>8} "
            f"{r['boards_per_second_wall']:>14} {r['boards_per_second_cpu']:>13} {r['seconds_for_100k_cpu']:>11}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "board",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "machine": f"{platform.machine()}, shared with other work",
                "distinct_texts": len(texts),
                "results": results,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
