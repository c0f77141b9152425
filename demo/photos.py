"""Demo photos: boards of demo-city lots (`demo.city.demo_lots()`), photographed at
several difficulties, each with its ground truth. `parkwatch demo` OCRs them.

The seed case (yy-0001, the private charging behind the city service centre) is always among them;
the others are a seeded mix of lots with and without board defects. Every board says 演示 (the lot
names carry （演示）; a board that does not gets a "（演示数据）" line). When the demo city is not
available, random boards labelled 演示数据 stand in.

Run: `.venv/bin/python -m demo.photos OUT_DIR [--seed N]`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from demo.photo_generator import (
    _child_rng,
    make_photo,
    photo_truth,
    random_spec,
    spec_from_demo_lot,
    write_photo,
)

DEMO_SEED = 20210701
# The order gives the mix: the first photo is the seed case, straight on.
DEMO_DIFFICULTIES: tuple[str, ...] = (
    "clean",
    "phone",
    "perspective",
    "rotation",
    "low_contrast",
    "clutter",
    "blur",
    "jpeg",
    "noise",
    "small",
    "phone",
    "clean",
)
SEED_CASE_KEY = "yy-0001"


def _demo_lots() -> list[Any] | None:
    try:
        from demo.city import demo_lots
    except ImportError:
        return None
    return demo_lots()


def choose_lots(lots: Sequence[Any], count: int, seed: int) -> list[Any]:
    """The seed case, then about half lots with board defects, half without (seeded)."""
    rng = np.random.default_rng(seed)
    chosen = [lot for lot in lots if lot.key == SEED_CASE_KEY][:1]
    rest = [lot for lot in lots if lot.key != SEED_CASE_KEY]
    flawed = [lot for lot in rest if getattr(lot, "defects", ())]
    sound = [lot for lot in rest if not getattr(lot, "defects", ())]
    want_flawed = (count - len(chosen)) // 2
    for pool, n in ((flawed, want_flawed), (sound, count - len(chosen) - want_flawed)):
        if pool and n > 0:
            picks = rng.choice(len(pool), size=min(n, len(pool)), replace=False)
            chosen.extend(pool[int(i)] for i in sorted(picks))
    return chosen[:count]


def make_demo_photos(out_dir: str | Path, seed: int = DEMO_SEED, count: int = len(DEMO_DIFFICULTIES)) -> list[Path]:
    """About a dozen demo photos (`<lot key>-<difficulty>.jpg` + `.json`); returns the JPEG paths."""
    out = Path(out_dir)
    lots = _demo_lots()
    paths: list[Path] = []
    if lots:
        for i, lot in enumerate(choose_lots(lots, count, seed)):
            difficulty = DEMO_DIFFICULTIES[i % len(DEMO_DIFFICULTIES)]
            spec = spec_from_demo_lot(lot, _child_rng(seed, 100, i))
            photo_id = f"{lot.key}-{difficulty}"
            _, image = make_photo(spec, difficulty, seed, 100, i)
            data = photo_truth(spec, photo_id, difficulty, image)
            data.update(
                {
                    "lot_key": lot.key,
                    "lot_name": lot.name,
                    "address": lot.address,
                    "defects": list(getattr(lot, "defects", ())),
                }
            )
            paths.append(write_photo(out, photo_id, image, data))
        return paths
    for i in range(count):
        difficulty = DEMO_DIFFICULTIES[i % len(DEMO_DIFFICULTIES)]
        photo_id = f"demo-{i:02d}-{difficulty}"
        spec = random_spec(_child_rng(seed, 200, i), key=photo_id, demo=True)
        _, image = make_photo(spec, difficulty, seed, 200, i)
        paths.append(write_photo(out, photo_id, image, photo_truth(spec, photo_id, difficulty, image)))
    return paths


MANIFEST = "manifest.json"
GENERATOR_VERSION = 4  # bump when the generator's output changes, so cached demo photos are remade


def default_demo_photo_dir() -> Path:
    from parkwatch.settings import get_settings

    return Path(get_settings().data_dir) / "demo-photos"


def ensure_demo_photos(out_dir: str | Path | None = None, seed: int = DEMO_SEED) -> list[Path]:
    """The demo photos in `out_dir` (default `<data dir>/demo-photos`), made only when missing.

    A `manifest.json` records seed and generator version; the photos are remade when either differs
    or a listed file is gone (making them takes about a minute on a busy 2-core machine).
    """
    out = Path(out_dir) if out_dir is not None else default_demo_photo_dir()
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except ValueError:
            data = {}
        paths = [out / name for name in data.get("photos", [])]
        if (
            data.get("seed") == seed
            and data.get("generator_version") == GENERATOR_VERSION
            and paths
            and all(p.is_file() and p.with_suffix(".json").is_file() for p in paths)
        ):
            return paths
    paths = make_demo_photos(out, seed)
    manifest.write_text(
        json.dumps(
            {"seed": seed, "generator_version": GENERATOR_VERSION, "photos": [p.name for p in paths]},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the demo board photos (演示数据).")
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=DEMO_SEED)
    args = parser.parse_args(argv)
    paths = make_demo_photos(args.out_dir, args.seed)
    print(f"{len(paths)} demo photos in {args.out_dir}")


if __name__ == "__main__":
    main()
