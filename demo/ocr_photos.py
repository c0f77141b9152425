"""The demo's OCR step: photograph demo-city boards (demo.photos), read them, and store each as
evidence + an observation of the matching demo lot (演示数据).

`run_demo_ocr(engine, now) -> str` is a `parkwatch demo` step (see demo/build.py): it needs the
demo city's lots in the database (the demo-city step runs first) and matches photos to lots by
name + address.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

DEMO_WORKERS = 2


def run_demo_ocr(engine: Engine, now: datetime, ocr_engine: str | None = None) -> str:
    from demo.photos import make_demo_photos
    from ocr.read import read_photos
    from parkwatch.cli.ocr import save_outcome
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Lot, Observation

    with tempfile.TemporaryDirectory(prefix="parkwatch-demo-photos-") as tmp:
        paths = make_demo_photos(Path(tmp))
        truths = {str(p): json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths}
        with read_session(engine) as session:
            lots = {
                (name, address): lot_id
                for lot_id, name, address in session.execute(
                    select(Lot.id, Lot.name, Lot.address).where(Lot.is_demo.is_(True))
                )
            }
            # a demo run again: the same photo of the same lot is not stored twice
            seen = set(
                session.execute(
                    select(Observation.lot_id, Observation.evidence_sha256).where(
                        Observation.kind == "photo", Observation.is_demo.is_(True)
                    )
                )
            )
        outcomes = read_photos(paths, ocr_engine, workers=DEMO_WORKERS)
        stored = failed = unmatched = fallbacks = already = weak = 0
        for outcome in outcomes:
            truth = truths[outcome.file]
            lot_id = lots.get((truth.get("lot_name"), truth.get("address")))
            if outcome.reading is None:
                failed += 1
                continue
            if lot_id is None:
                unmatched += 1
                continue
            if (lot_id, outcome.sha256) in seen:
                already += 1
                continue
            save_outcome(outcome, lot_id, now, engine, is_demo=True, created_by="demo")
            stored += 1
            fallbacks += len(outcome.reading.engines) > 1
            weak += outcome.reading.weak
    return (
        f"{len(paths)} 张演示照片已识别 demo photos read: {stored} 条观测已保存 observations stored"
        f" ({fallbacks} 张两种引擎都用了 read by both engines,"
        f" {weak} 张需复核 weak),"
        f" {already} 张此前已保存 already stored,"
        f" {failed} 失败 failed, {unmatched} 未匹配停车场 unmatched"
    )
