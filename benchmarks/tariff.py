"""Benchmark: tariff texts read per second and fees computed per second, on one core.

Run: `.venv/bin/python -m benchmarks.tariff [--texts N] [--seconds S]`. Prints a table and writes
`benchmarks/results/tariff.json`. Texts are generated distinct (different numbers in many wordings)
so the reader's text caches never hit; its clause caches (`parse_clause`, `canonical_clause`) start
empty and fill as the run goes, as they do on real pages (wordings recur, numbers change); a second
row reads 1,000 texts with every cache cleared before each text (no reuse at all). Fees are computed
over the fee grid (10 stays × 4 starts) of a mix
of tariffs, with nothing cached. Fee grids (`fee_grid_hash`: every vehicle class × 10 stays × 4 starts)
per CPU second: the fast grid for a tariff never seen (memo cleared before each), the same with the
memo warm (a tariff seen before: rules, recrawls), against the per-point path (`fee_grid_hash_per_point`,
one full fee computation per point: the old way), in the same process, with results compared.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from parkwatch.core.fee import (
    GRID_REFERENCE_DATE,
    GRID_STARTS,
    GRID_STAYS_MINUTES,
    clear_grid_caches,
    fee,
    fee_grid_hash,
    fee_grid_hash_per_point,
)
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff

RESULTS = Path(__file__).parent / "results" / "tariff.json"
TARGET_TEXTS = 2000
TARGET_FEES = 20000

TEMPLATES = (
    "小型车：首小时{a}元，之后每小时{b}元，24小时最高收费{c}元，{f}分钟内免费",
    "首2小时{a}元，超过2小时每小时{b}元",
    "每30分钟{b}元，{f}分钟以内（含{f}分钟）免费，每日最高不超过{c}元",
    "每车位首小时每20分钟{b}元，1小时以后每半小时{b}元，即停即走车辆{f}分钟内免费",
    "{a}.5元/30分钟，30分钟内免费，不足30分钟按30分钟计费，每个计费时段收费最高不超过{c}元",
    "小型车：白天(8:00-20:00){a}元/小时，夜间(20:00-次日8:00){b}元/小时，24小时最高收费{c}元，30分钟内免费，不足1小时按1小时计",
    "小型车：1小时内免费；1-12小时{a}元；12-24小时{c}元。大型车：每日最高{c}元",
    "{f}分钟内免费；白天(7:00-21:00)首小时{b}元/半小时，之后{a}元/半小时；夜间(21:00-次日7:00){b}元/小时；"
    "按次收费{c}元/次(12小时以内)；24小时最高限价{c}元",
    "小型车：首小时{a}元，之后每小时{b}元；大型车（8座以上）：首小时{c}元，之后每小时{a}元；新能源汽车首2小时免费；月卡{m}元/月",
    "按次收费，每次{a}元，每次最长12小时。军车、警车、消防车、救护车免费",
)


def make_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts: set[str] = set()
    attempts = 0
    while len(texts) < count and attempts < count * 50:
        attempts += 1
        template = rng.choice(TEMPLATES)
        texts.add(
            template.format(
                a=rng.randint(2, 9),
                b=rng.randint(1, 5),
                c=rng.randint(10, 99),
                f=rng.choice((15, 20, 30)),
                m=rng.randint(100, 600),
            )
        )
    result = sorted(texts)
    rng.shuffle(result)
    return result


def _clear_reader_caches() -> None:
    from parkwatch.core import tariff_reader

    tariff_reader.clear_caches()


def bench_read(texts: list[str]) -> dict[str, float]:
    read = read_tariff.__wrapped__  # bypass the result cache
    _clear_reader_caches()
    started = clock.perf_counter()
    cpu_started = clock.process_time()
    readable = 0
    for text in texts:
        if read(text).tariff is not None:
            readable += 1
    cpu = clock.process_time() - cpu_started
    seconds = clock.perf_counter() - started
    return {"texts": len(texts), "readable": readable, **_rates(len(texts), cpu, seconds)}


def bench_read_no_reuse(texts: list[str]) -> dict[str, float]:
    """Texts read with every reader cache cleared before each text (the clearing is not timed)."""
    read = read_tariff.__wrapped__
    cpu = wall = 0.0
    for text in texts:
        _clear_reader_caches()
        started, cpu_started = clock.perf_counter(), clock.process_time()
        read(text)
        cpu += clock.process_time() - cpu_started
        wall += clock.perf_counter() - started
    return {"texts": len(texts), **_rates(len(texts), cpu, wall)}


def _rates(count: int, cpu_seconds: float, seconds: float) -> dict[str, float]:
    """The time taken (CPU and wall) and the speed, per CPU second and per wall second."""
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "per_second": count / cpu_seconds,
        "per_wall_second": count / seconds,
    }


def bench_fees(texts: list[str], seconds_wanted: float) -> dict[str, float]:
    tariffs = [read_tariff(t).tariff for t in texts[: len(TEMPLATES) * 3]]
    points = [
        (datetime.combine(GRID_REFERENCE_DATE, start), timedelta(minutes=minutes))
        for start in GRID_STARTS
        for minutes in GRID_STAYS_MINUTES
    ]

    def one_pass() -> int:
        done = 0
        for tariff in tariffs:
            if tariff is None:
                continue
            for vehicle in ("small", "large"):
                c = tariff.for_vehicle(vehicle)
                if c is None or not c.has_prices:
                    continue
                for entry, stay in points:
                    fee(tariff, entry, entry + stay, vehicle)
                    done += 1
        return done

    count, rates = _repeat(one_pass, seconds_wanted)
    return {"fees": count, **rates}


def _repeat(one_pass: Callable[[], int], seconds_wanted: float) -> tuple[int, dict[str, float]]:
    """`one_pass` (it returns how many it did) again and again for `seconds_wanted` CPU seconds: the count
    and its rates."""
    count = 0
    started = clock.perf_counter()
    cpu_started = clock.process_time()
    elapsed = 0.0
    while elapsed < seconds_wanted:
        count += one_pass()
        elapsed = clock.process_time() - cpu_started
    return count, _rates(count, elapsed, clock.perf_counter() - started)


def bench_grids(texts: list[str], seconds_wanted: float) -> dict[str, dict[str, float]]:
    """Grids (all vehicle classes of one tariff) per CPU second: per point vs fast (cold, warm)."""
    tariffs = [t for t in (read_tariff(x).tariff for x in texts) if t is not None and t.has_prices()]
    mismatches = sum(fee_grid_hash(t) != fee_grid_hash_per_point(t) for t in tariffs)

    def cold(t: Tariff) -> str:  # a tariff never seen: nothing memoised
        clear_grid_caches()
        return fee_grid_hash(t)

    def run(fn: Callable[[Tariff], str]) -> dict[str, float]:
        def one_pass() -> int:
            for t in tariffs:
                fn(t)
            return len(tariffs)

        count, rates = _repeat(one_pass, seconds_wanted)
        return {"grids": count, **rates, "cpu_ms_per_grid": 1000 * rates["cpu_seconds"] / count}

    clear_grid_caches()
    result = {"per_point": run(fee_grid_hash_per_point), "fast_new_tariff": run(cold)}
    clear_grid_caches()
    for t in tariffs:
        fee_grid_hash(t)
    result["fast_memoised"] = run(fee_grid_hash)
    result["tariffs"] = {"count": len(tariffs), "hash_mismatches": mismatches}
    return result


GRID_MODES = ("per_point", "fast_new_tariff", "fast_memoised")


def _grid_rows(grids: dict[str, Any], base: float, *, wall: bool) -> dict[str, dict[str, float]]:
    """Each grid mode's speed (per CPU second, and per wall second when `wall`) and its speed-up over `base`."""
    rows: dict[str, dict[str, float]] = {}
    for name in GRID_MODES:
        g = grids[name]
        row = {"grids_per_second": round(g["per_second"]), "cpu_ms_per_grid": round(g["cpu_ms_per_grid"], 3)}
        if wall:
            row["grids_per_wall_second"] = round(g["per_wall_second"])
        row["speedup"] = round(g["per_second"] / base, 1)
        rows[name] = row
    return rows


def _print_report(
    reading: dict[str, Any], fees: dict[str, Any], grid_runs: dict[str, tuple[dict[str, Any], float]]
) -> None:
    """The table on the terminal; `grid_runs`: title -> (bench_grids result, the per-point speed)."""
    header = f"{'measure':<16}{'count':>8}{'CPU s':>8}{'wall s':>8}{'per CPU s':>12}{'per wall s':>12}{'target':>9}"
    print(header)
    for name, r, key, target in (
        ("texts read", reading, "texts", TARGET_TEXTS),
        ("  no cache reuse", reading["no_reuse"], "texts", 0),
        ("fees computed", fees, "fees", TARGET_FEES),
    ):
        print(
            f"{name:<16}{r[key]:>8}{r['cpu_seconds']:>8.2f}{r['seconds']:>8.2f}"
            f"{r['per_second']:>12,.0f}{r['per_wall_second']:>12,.0f}{target:>9,}"
        )
    print()
    for title, (g_all, b) in grid_runs.items():
        print(
            f"{'fee grids, ' + title + ' (' + str(g_all['tariffs']['count']) + ')':<34}{'grids':>8}{'CPU s':>8}"
            f"{'per CPU s':>12}{'CPU ms/grid':>13}{'speed-up':>10}"
        )
        for name in GRID_MODES:
            g = g_all[name]
            print(
                f"  {name:<32}{g['grids']:>8}{g['cpu_seconds']:>8.2f}{g['per_second']:>12,.0f}"
                f"{g['cpu_ms_per_grid']:>13.3f}{g['per_second'] / b:>9.1f}×"
            )
        print(f"  fast vs per-point hash mismatches: {g_all['tariffs']['hash_mismatches']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--grid-seconds", type=float, default=2.0)
    args = parser.parse_args()
    texts = make_texts(args.texts)
    reading: dict[str, Any] = dict(bench_read(texts))
    reading["no_reuse"] = bench_read_no_reuse(texts[:1000])
    fees = bench_fees(texts, args.seconds)
    grids = bench_grids(texts[:600], args.grid_seconds)
    base = grids["per_point"]["per_second"]
    from demo.city import demo_lots

    demo = bench_grids([lot.tariff_text for lot in demo_lots()], args.grid_seconds)
    demo_base = demo["per_point"]["per_second"]
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}, one core",
        "measure": "per CPU second of this process (time.process_time); the machine was shared",
        "texts_per_second": round(reading["per_second"]),
        "texts_per_wall_second": round(reading["per_wall_second"]),
        "texts": reading["texts"],
        "texts_readable": reading["readable"],
        "texts_per_second_no_cache_reuse": round(reading["no_reuse"]["per_second"]),
        "fees_per_second": round(fees["per_second"]),
        "fees_per_wall_second": round(fees["per_wall_second"]),
        "fees": fees["fees"],
        "grids": {
            "what": "fee_grid_hash of one tariff (every vehicle class × 10 stays × 4 starts) per CPU second",
            "tariffs": grids["tariffs"]["count"],
            "hash_mismatches_fast_vs_per_point": grids["tariffs"]["hash_mismatches"],
            **_grid_rows(grids, base, wall=True),
            "demo_city_tariffs": {
                "tariffs": demo["tariffs"]["count"],
                "hash_mismatches_fast_vs_per_point": demo["tariffs"]["hash_mismatches"],
                **_grid_rows(demo, demo_base, wall=False),
            },
        },
        "target_texts_per_second": TARGET_TEXTS,
        "target_fees_per_second": TARGET_FEES,
    }
    _print_report(reading, fees, {"generated texts": (grids, base), "demo city lots": (demo, demo_base)})
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
