"""`parkwatch ocr PHOTO... [--json] [--engine auto|tesseract|rapidocr] [--save --lot ID]`.

Reads board photos into board records. Each photo stands alone: a refused or unreadable photo is
reported (Chinese / English) and the rest are still read; the exit status is 1 when any failed.
`--save --lot ID` stores each photo as evidence (original restricted, public copy stripped) and an
observation of the lot, both in one write transaction, so a failure stores nothing of that photo; a
weak reading is stored pending (not public until an inspector confirms it).
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:  # the OCR stack (numpy, OpenCV, engines) loads only when the command runs
    from sqlalchemy import Engine

    from ocr.read import PhotoOutcome

app = typer.Typer()

WORKERS = 2  # one process per core on the 2-core target machine


def outcome_json(outcome: PhotoOutcome) -> dict[str, Any]:
    if not outcome.ok:
        return {"file": outcome.file, "ok": False, "error": outcome.error}
    reading = outcome.reading
    assert reading is not None
    # the reading as `PhotoReading.to_json` writes it: text, board, engines, weak (a reading that needs
    # review before use) and its reasons, coverage and crop
    return {"file": outcome.file, "ok": True, "sha256": outcome.sha256, **reading.to_json()}


def save_outcome(
    outcome: PhotoOutcome,
    lot_id: int,
    now: datetime,
    engine: Engine | None = None,
    *,
    is_demo: bool = False,
    created_by: str = "parkwatch ocr",
) -> int:
    """Evidence + observation of one read photo in ONE write transaction; returns the observation id.

    Through `parkwatch.store.services.observations.record_photo`, as the dashboard's uploads: audited,
    and a weak reading is stored pending (not public until an inspector confirms it)."""
    from ocr.intake import intake_photo
    from ocr.privacy import public_copy
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.services.observations import observation_of_reading, record_photo

    reading = outcome.reading
    assert reading is not None
    data = Path(outcome.file).read_bytes()
    photo = intake_photo(data, Path(outcome.file).name)
    observation = observation_of_reading(
        reading, reading.board.to_json(), captured_at=now, lot_id=lot_id, created_by=created_by, is_demo=is_demo
    )
    with write_session(engine) as session:
        row = record_photo(
            session, data, photo.media_type, lambda: public_copy(photo.image), observation, actor=created_by, now=now
        )
        return row.id


def _lot_exists(lot_id: int) -> bool:
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Lot

    with read_session() as session:
        return session.get(Lot, lot_id) is not None


def _describe(outcome: PhotoOutcome) -> str:
    reading = outcome.reading
    assert reading is not None
    board = reading.board
    mark = "⚠" if reading.needs_review else "✔"
    parts = [f"{mark} {outcome.file}  [{'+'.join(reading.engines)} → {reading.engine}, {reading.seconds:.1f} s]"]
    for reason in reading.weak_reasons:
        parts.append(f"    需复核 weak: {reason.zh} / {reason.en}")
    for notice in reading.notices:
        parts.append(f"    请注意 notice: {notice.zh} / {notice.en}")
    for name, value in board.fields.items():
        parts.append(f"    {name}: {value.value}  ({value.confidence:.2f})")
    if board.tariff is not None:
        from parkwatch.cli.tariff import describe_tariff

        parts.append("    收费标准 tariff:")
        parts.extend(f"      {line}" for line in describe_tariff(board.tariff))
    for part in board.unread:
        parts.append(f"    未识别 unread: {part}")
    return "\n".join(parts)


def _read(photos: list[Path], engine: str | None, workers: int) -> list[PhotoOutcome]:
    """Read every photo, with a progress bar on a terminal when there are several."""
    from ocr.read import read_photos

    if len(photos) <= 1 or not sys.stderr.isatty():
        return read_photos(photos, engine, workers=workers)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("识别 reading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        task = bar.add_task("ocr", total=len(photos))
        return read_photos(photos, engine, workers=workers, progress=lambda _o: bar.advance(task))


def _save_all(outcomes: list[PhotoOutcome], lot: int, quiet: bool) -> list[PhotoOutcome]:
    """Store each read photo; a photo whose saving failed becomes a failed outcome (nothing of it stored)."""
    from ocr.read import PhotoOutcome
    from parkwatch.store.clock import utc_now

    now = utc_now()
    saved: list[PhotoOutcome] = []
    for outcome in outcomes:
        if outcome.ok:
            try:
                observation_id = save_outcome(outcome, lot, now)
            except Exception as exc:
                outcome = PhotoOutcome(
                    outcome.file,
                    outcome.sha256,
                    None,
                    "保存失败，未存储任何内容",
                    f"saving failed, nothing stored: {exc}",
                    "save_failed",
                )
            else:
                if not quiet:
                    review = outcome.reading is not None and outcome.reading.needs_review
                    held = "（待核实，未公开 pending review, not public）" if review else ""
                    typer.echo(f"已保存 saved: {outcome.file} → observation {observation_id}{held}")
        saved.append(outcome)
    return saved


def _refuse(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


@app.command("ocr")
def ocr_command(
    photos: list[Path] = typer.Argument(..., help="照片文件 photo files (JPEG, PNG, WebP, HEIC)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON 数组 print a JSON array, one object per photo"),
    engine: str | None = typer.Option(
        None, "--engine", help="识别引擎 auto | tesseract | rapidocr (default: PARKWATCH_OCR_ENGINE)"
    ),
    save: bool = typer.Option(False, "--save", help="保存证据和观测 store evidence and an observation (needs --lot)"),
    lot: int | None = typer.Option(None, "--lot", help="照片所示停车场编号 lot id the photos show"),
    workers: int = typer.Option(WORKERS, "--workers", min=1, help="并行进程数 parallel worker processes"),
) -> None:
    """识别价格公示牌照片 — read price-board photos into board records.

    退出状态 exit status:
    0 全部识别 every photo read;
    1 有照片失败 a photo failed (the others are still read);
    2 参数有误 bad engine, --save without --lot, unknown lot.
    """
    from ocr.read import ENGINE_CHOICES

    if engine is not None and engine not in ENGINE_CHOICES:
        _refuse(f"未知识别引擎 unknown engine {engine!r}: 可选 choose {', '.join(ENGINE_CHOICES)}")
    if save and lot is None:
        _refuse("--save 需要 --lot 停车场编号 / --save needs --lot ID")
    if save and lot is not None and not _lot_exists(lot):
        _refuse(f"停车场 {lot} 不存在 / lot {lot} does not exist")
    outcomes = _read(photos, engine, workers)
    if save and lot is not None:
        outcomes = _save_all(outcomes, lot, quiet=as_json)
    if as_json:
        typer.echo(json.dumps([outcome_json(o) for o in outcomes], ensure_ascii=False, indent=2))
    else:
        for outcome in outcomes:
            if outcome.ok:
                typer.echo(_describe(outcome))
    failed = [o for o in outcomes if not o.ok]
    for outcome in failed:
        typer.echo(f"✘ {outcome.file}: {outcome.error}", err=True)
    if failed:
        raise typer.Exit(1)
