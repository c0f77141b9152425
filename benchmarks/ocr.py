"""OCR benchmark: generated board photos, every difficulty class, four modes in one run.

    .venv/bin/python -m benchmarks.ocr [--per-class 6] [--seed 2026] [--data DIR] [--modes ...]
                                        [--ablation] [--rapid-ablation]

Modes: `baseline` (plain `pytesseract.image_to_string(photo, lang="chi_sim")` → read_board, no
preparation, no post-fixes), `tesseract` (our pipeline), `rapidocr`, `auto` (read_photo default).
Per class: CER, share of photos with every key field exactly right, share whose read tariff gives
the same fees as the true tariff on the fee grid, median and p90 seconds per photo (one process,
one thread: OMP_THREAD_LIMIT=1, onnxruntime intra-op 1). Writes benchmarks/results/ocr.json.

"Every key field right": pricing form, hotlines (as a set), free minutes, fee basis, charging hours,
and every number of every tariff line (each true tariff line against the read line most like it).
The true tariff for the fee-grid check is the board reader's reading of the TRUE text, so the
fee-grid column measures the OCR, not the tariff reader; `truth` rows show that reader ceiling.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

os.environ["OMP_THREAD_LIMIT"] = "1"

from demo.photo_generator import DIFFICULTIES, make_dataset, numbers_in, to_half_width

RESULTS = Path(__file__).resolve().parent / "results" / "ocr.json"
MODES = ("baseline", "tesseract", "rapidocr", "auto")
KEY_FIELD_NAMES = ("pricing_form", "hotlines", "free_minutes", "fee_basis", "charging_hours", "tariff_numbers")


def _norm(text: str | None) -> str:
    if text is None:
        return ""
    text = to_half_width(str(text))
    for dash in "—–－~～至":
        text = text.replace(dash, "-")
    return "".join(text.split())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(truth: str, read: str) -> float:
    """Character error rate, tolerant of reading order.

    Engines may read a two-column board row by row (left and right column text joined with a space)
    where the truth reads column by column. So the read text is cut into space-separated pieces, each
    piece is placed at the true line it belongs to (the line sharing the most characters in order),
    and the re-ordered text is compared with the true text (edit distance / true length), whitespace
    ignored. Misread, missing and invented characters all count; only the order of pieces does not.
    """
    t_lines = [_norm(line) for line in truth.split("\n") if _norm(line)]
    pieces = [_norm(p) for line in read.split("\n") for p in line.split() if _norm(p)]
    placed = []
    for n, piece in enumerate(pieces):
        best = max(
            range(len(t_lines)),
            key=lambda i: (
                SequenceMatcher(None, piece, t_lines[i]).find_longest_match(0, len(piece), 0, len(t_lines[i])).size
            ),
            default=0,
        )
        placed.append((best, n, piece))
    reordered = "".join(piece for _, _, piece in sorted(placed))
    target = "".join(t_lines)
    return levenshtein(target, reordered) / max(1, len(target))


def tariff_numbers_right(truth: dict[str, Any], read_text: str) -> bool:
    """Every true tariff line has a read line with exactly its numbers (the most similar line)."""
    read_lines = [_norm(line) for line in read_text.split("\n") if line.strip()]
    tariff_lines = [line for line in truth["tariff_text"].split("\n") if line.strip()]
    for line in tariff_lines:
        want = numbers_in(line)
        if not want:
            continue
        target = _norm(line)
        best = max(read_lines, key=lambda r: SequenceMatcher(None, target, r).ratio(), default="")
        # A table row read as one line with the next cell: compare the best window of numbers.
        got = numbers_in(best)
        if got != want and not _contains_run(got, want):
            return False
    return True


def _contains_run(got: list[str], want: list[str]) -> bool:
    n = len(want)
    return any(got[i : i + n] == want for i in range(len(got) - n + 1))


def key_fields_right(truth: dict[str, Any], board: Any) -> dict[str, bool]:
    kf = truth["key_fields"]
    hotlines = board.value("hotlines") or []
    return {
        "pricing_form": board.value("pricing_form") == kf["pricing_form"],
        "hotlines": sorted(_norm(h) for h in hotlines) == sorted(_norm(h) for h in kf["hotlines"]),
        "free_minutes": board.value("free_minutes") == kf["free_minutes"],
        "fee_basis": _norm(board.value("fee_basis")) == _norm(kf["fee_basis"]),
        # "全天24小时" and "24小时" say the same.
        "charging_hours": _norm(board.value("charging_hours")).replace("全天", "")
        == _norm(kf["charging_hours"]).replace("全天", ""),
        "tariff_numbers": tariff_numbers_right(truth, board.text),
    }


def same_fees(true_tariff: Any, read_tariff: Any) -> bool | None:
    """None when the true text itself gives no tariff (the photo is left out of this column)."""
    from parkwatch.core.fee import fee_grid

    if true_tariff is None:
        return None
    if read_tariff is None:
        return False
    try:
        return all(fee_grid(true_tariff, v) == fee_grid(read_tariff, v) for v in true_tariff.vehicles())
    except Exception:
        return False


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract runs as a child process).

    The machine is shared; CPU seconds are what one photo costs on one core, whatever the load."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_mode(mode: str, path: Path) -> tuple[Any, float, tuple[str, ...], float]:
    """(board record, wall seconds, engines, CPU seconds) for one photo in one mode."""
    cpu0 = cpu_seconds()
    board, wall, engines = _run_mode(mode, path)
    return board, wall, engines, cpu_seconds() - cpu0


LAST: dict[str, Any] = {}  # weaknesses and score of the last reading (for cascade analysis)


def _run_mode(mode: str, path: Path) -> tuple[Any, float, tuple[str, ...]]:
    from parkwatch.core.board_reader import read_board

    if mode == "baseline":
        import pytesseract
        from PIL import Image

        started = time.perf_counter()
        with Image.open(path) as img:
            text = pytesseract.image_to_string(img, lang="chi_sim")
        board = read_board(text)
        return board, time.perf_counter() - started, ("tesseract",)
    from PIL import Image

    from ocr.read import read_photo

    with Image.open(path) as img:
        img.load()
        reading = read_photo(img, engine=mode)
    from ocr.read import board_score, weaknesses

    LAST["weak"] = weaknesses(reading.board, reading.lines, reading.engine)
    LAST["score"] = round(board_score(reading.board, reading.lines), 3)
    return reading.board, reading.seconds, reading.engines


def _pct(values: list[bool]) -> float | None:
    return None if not values else round(100.0 * sum(values) / len(values), 1)


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def evaluate(paths: list[Path], modes: tuple[str, ...], echo=print, truth: bool = True) -> dict[str, Any]:
    from parkwatch.core.board_reader import read_board

    truths = {p: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths}
    true_tariffs = {p: read_board(t["text"]).tariff for p, t in truths.items()}
    rows: list[dict[str, Any]] = []
    # Reader ceiling: the board reader on the true text.
    for p, t in truths.items() if truth else ():
        board = read_board(t["text"])
        fields = key_fields_right(t, board)
        rows.append(
            {
                "mode": "truth",
                "photo": p.stem,
                "class": t["difficulty"],
                "cer": 0.0,
                "fields": fields,
                "all_right": all(fields.values()),
                "same_fees": same_fees(true_tariffs[p], board.tariff),
                "seconds": 0.0,
                "cpu_seconds": 0.0,
                "engines": [],
            }
        )
    for mode in modes:
        # Warm up (engine sessions are built once per process, like a worker's).
        run_mode(mode, paths[0])
        for n, p in enumerate(paths, 1):
            t = truths[p]
            LAST.clear()
            board, seconds, engines, cpu = run_mode(mode, p)
            fields = key_fields_right(t, board)
            rows.append(
                {
                    "mode": mode,
                    "photo": p.stem,
                    "class": t["difficulty"],
                    "cer": round(cer(t["text"], board.text), 4),
                    "fields": fields,
                    "all_right": all(fields.values()),
                    "same_fees": same_fees(true_tariffs[p], board.tariff),
                    "seconds": round(seconds, 3),
                    "cpu_seconds": round(cpu, 3),
                    "engines": list(engines),
                    "load": os.getloadavg()[0],
                    "text": board.text,
                    "weak": LAST.get("weak"),
                    "score": LAST.get("score"),
                }
            )
            if n % 10 == 0:
                echo(f"  {mode}: {n}/{len(paths)}")
    return summarise(rows)


def simulate_cascade(rows: list[dict[str, Any]], first: str, second: str) -> list[dict[str, Any]]:
    """A cascade order from the same single-engine readings: `first`, then `second` when the first
    reading is weak, the higher score kept (ties to RapidOCR). Exact, because both decisions only use
    the stored weaknesses and scores; its seconds are the sum of the engines run.
    Mode name "<first>-first (sim)"."""
    by = {(r["mode"], r["photo"]): r for r in rows}
    out = []
    for r in rows:
        if r["mode"] != first or r.get("weak") is None:
            continue
        t = by.get((second, r["photo"]))
        if t is None or t.get("score") is None:
            continue
        keep, engines, cpu, wall = r, [first], r["cpu_seconds"], r["seconds"]
        if r["weak"]:
            engines.append(second)
            cpu += t["cpu_seconds"]
            wall += t["seconds"]
            if t["score"] > r["score"] or (t["score"] == r["score"] and second == "rapidocr"):
                keep = t
        out.append(
            {
                **keep,
                "mode": f"{first}-first (sim)",
                "engines": engines,
                "cpu_seconds": round(cpu, 3),
                "seconds": round(wall, 3),
            }
        )
    return out


def simulate_rapid_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Both cascade orders, simulated from the single-engine rows (auto runs one of them for real)."""
    return simulate_cascade(rows, "tesseract", "rapidocr") + simulate_cascade(rows, "rapidocr", "tesseract")


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    table: list[dict[str, Any]] = []
    modes = list(dict.fromkeys(r["mode"] for r in rows))
    classes = [d for d in DIFFICULTIES if any(r["class"] == d for r in rows)]
    for mode in modes:
        for cls in [*classes, "all"]:
            sel = [r for r in rows if r["mode"] == mode and (cls == "all" or r["class"] == cls)]
            if not sel:
                continue
            fees = [r["same_fees"] for r in sel if r["same_fees"] is not None]
            secs = [r["seconds"] for r in sel]
            cpus = [r["cpu_seconds"] for r in sel]
            table.append(
                {
                    "mode": mode,
                    "class": cls,
                    "photos": len(sel),
                    "cer": round(100 * statistics.mean(r["cer"] for r in sel), 1),
                    "all_right": _pct([r["all_right"] for r in sel]),
                    "same_fees": _pct(fees),
                    "fee_photos": len(fees),
                    "median_s": round(statistics.median(secs), 2),
                    "p90_s": round(_p90(secs), 2),
                    "median_cpu_s": round(statistics.median(cpus), 2),
                    "p90_cpu_s": round(_p90(cpus), 2),
                    "fallback": _pct([len(r["engines"]) > 1 for r in sel])
                    if mode.startswith(("auto", "rapid-first"))
                    else None,
                    "field_right": {name: _pct([r["fields"][name] for r in sel]) for name in KEY_FIELD_NAMES},
                }
            )
    return {"table": table, "rows": rows}


def print_table(result: dict[str, Any]) -> str:
    lines = [
        "| mode | class | photos | CER % | all key fields right % | same fees % | median CPU s | p90 CPU s "
        "| median wall s | p90 wall s | fallback % |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["table"]:
        fallback = "" if r["fallback"] is None else r["fallback"]
        lines.append(
            f"| {r['mode']} | {r['class']} | {r['photos']} | {r['cer']} | {r['all_right']} | {r['same_fees']} "
            f"(n={r['fee_photos']}) | {r['median_cpu_s']} | {r['p90_cpu_s']} | {r['median_s']} | {r['p90_s']} "
            f"| {fallback} |"
        )
    return "\n".join(lines)


def ablation(paths: list[Path], echo=print) -> list[dict[str, Any]]:
    """Tesseract pipeline with each preparation step left out (and adaptive threshold added)."""
    import numpy as np
    from PIL import Image

    from ocr.engines import get_engine
    from ocr.engines.base import OcrLine
    from ocr.postfix import fix_line
    from ocr.preprocess import STEPS, prepare
    from parkwatch.core.board_reader import read_board

    engine = get_engine("tesseract")
    variants: dict[str, tuple[tuple[str, ...], bool]] = {"all steps": (STEPS, True), "no post-fixes": (STEPS, False)}
    for step in STEPS:
        variants[f"without {step}"] = (tuple(s for s in STEPS if s != step), True)
    variants["none (raw)"] = ((), False)
    out = []
    truths = {p: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths}
    for name, (steps, fixes) in variants.items():
        rights, cers, secs = [], [], []
        for p in paths:
            with Image.open(p) as img:
                image = np.asarray(img.convert("RGB"))
            started = time.perf_counter()
            prepared = prepare(image, steps)
            result = engine.read(prepared.image)
            lines = [OcrLine(fix_line(ln.text) if fixes else ln.text, ln.confidence, ln.box) for ln in result.lines]
            board = read_board("\n".join(ln.text for ln in lines), [ln.confidence for ln in lines])
            secs.append(time.perf_counter() - started)
            rights.append(all(key_fields_right(truths[p], board).values()))
            cers.append(cer(truths[p]["text"], board.text))
        row = {
            "variant": name,
            "all_right": _pct(rights),
            "cer": round(100 * statistics.mean(cers), 1),
            "median_s": round(statistics.median(secs), 2),
        }
        echo(f"  {row}")
        out.append(row)
    return out


def rapid_ablation(paths: list[Path], echo=print) -> list[dict[str, Any]]:
    """RapidOCR: detector input bound, board crop, direction classifier."""
    import numpy as np
    from PIL import Image

    from ocr.engines.base import OcrLine
    from ocr.engines.rapid import RapidOcrEngine
    from ocr.postfix import fix_line
    from ocr.preprocess import prepare_for_rapidocr
    from parkwatch.core.board_reader import read_board

    truths = {p: json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths}
    out = []
    for side, crop, cls in (
        (736, True, False),
        (960, True, False),
        (1280, True, False),
        (960, False, False),
        (960, True, True),
    ):
        engine = RapidOcrEngine(det_max_side=side, use_cls=cls)
        rights, secs = [], []
        for p in paths:
            with Image.open(p) as img:
                image = np.asarray(img.convert("RGB"))
            started = time.perf_counter()
            src = prepare_for_rapidocr(image).image if crop else image
            result = engine.read(src)
            lines = [OcrLine(fix_line(ln.text), ln.confidence, ln.box) for ln in result.lines]
            board = read_board("\n".join(ln.text for ln in lines), [ln.confidence for ln in lines])
            secs.append(time.perf_counter() - started)
            rights.append(all(key_fields_right(truths[p], board).values()))
        row = {
            "det_max_side": side,
            "board_crop": crop,
            "direction_cls": cls,
            "all_right": _pct(rights),
            "median_s": round(statistics.median(secs), 2),
            "p90_s": round(_p90(secs), 2),
        }
        echo(f"  {row}")
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-class", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", type=Path, default=None, help="photo folder (generated when empty)")
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--classes", nargs="+", default=list(DIFFICULTIES), choices=DIFFICULTIES)
    parser.add_argument("--ablation", action="store_true", help="also measure each tesseract preparation step")
    parser.add_argument("--rapid-ablation", action="store_true", help="also measure RapidOCR settings")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-truth", action="store_true", help="leave out the reader-ceiling rows")
    parser.add_argument("--merge", nargs="+", type=Path, help="merge result files of runs over the same photos")
    args = parser.parse_args(argv)
    if args.merge:
        parts = [json.loads(p.read_text(encoding="utf-8")) for p in args.merge]
        rows = []
        for part in parts:
            rows += [r for r in part["rows"] if r["mode"] != "truth" or not any(x["mode"] == "truth" for x in rows)]
        merged = summarise(rows + simulate_rapid_first(rows))
        merged["meta"] = {**parts[0]["meta"], "merged_from": [p.get("meta") for p in parts]}
        for part in parts:
            for key in ("ablation", "rapid_ablation"):
                if key in part:
                    merged[key] = part[key]
        args.out.write_text(json.dumps(merged, ensure_ascii=False, indent=1), encoding="utf-8")
        print(print_table(merged))
        return

    data = args.data or Path(tempfile.mkdtemp(prefix="parkwatch-ocr-bench-"))
    paths = sorted(data.glob("*.jpg"))
    if not paths:
        print(f"generating {args.per_class} photos per class in {data} ...", file=sys.stderr)
        paths = make_dataset(data, args.per_class, args.seed)
    wanted = set(args.classes)
    paths = [p for p in paths if json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["difficulty"] in wanted]
    started = time.time()
    load_before = os.getloadavg()
    result = evaluate(paths, tuple(args.modes), echo=lambda s: print(s, file=sys.stderr), truth=not args.no_truth)
    if args.ablation:
        print("ablation (tesseract preparation):", file=sys.stderr)
        result["ablation"] = ablation(paths, echo=lambda s: print(s, file=sys.stderr))
    if args.rapid_ablation:
        print("ablation (RapidOCR settings):", file=sys.stderr)
        result["rapid_ablation"] = rapid_ablation(paths, echo=lambda s: print(s, file=sys.stderr))
    result["meta"] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "photos": len(paths),
        "per_class": args.per_class,
        "seed": args.seed,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared with other work), {platform.platform()}",
        "python": platform.python_version(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "wall_seconds": round(time.time() - started, 1),
        "threads": "one process, OMP_THREAD_LIMIT=1, onnxruntime intra-op 1",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(print_table(result))
    for key in ("ablation", "rapid_ablation"):
        for row in result.get(key, []):
            print(key, row)


if __name__ == "__main__":
    main()
