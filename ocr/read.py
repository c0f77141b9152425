"""From a board photo to a board record: engines, preparation, post-fixes, board reader.

`read_photo(image_or_path, engine)` reads one photo; `read_photos(paths, engine, workers)` reads a
batch in parallel worker processes (each holds its own engine sessions, created once).

Engine choice (`settings.ocr_engine`, or per call):
- "tesseract": the prepared board through tesseract (fast, light).
- "rapidocr": the board crop through RapidOCR (reads Chinese signage far better; with a 736 px
  detector and one box per recognition batch also a little cheaper than the tesseract pipeline).
- "auto": the fast engine first (`AUTO_ORDER`, chosen by measurement: see docs/ocr.md), the other one
  when the first reading is weak (a tariff that does not read or leaves text unread, a low
  confidence on a line with numbers, text of the board left unread; for tesseract also a key field
  missing). The reading the board reader scores higher is kept.

Whatever the engine, the board is found once (`ocr.board_finder.find_board`); when the finder is
unsure of its frame the whole photo is read too and the reading that covers more of the photo's text
is kept. A reading that stays weak is returned with `weak_reasons` (`WEAK_REASONS`: a stable code, a
Chinese and an English text): it must not be taken for the lot's public tariff without review.

A price changed on the board itself (a sticker or a hand-written figure over the printed one) is a
finding about the board, not a doubt about the reading: it is returned apart, as `amended` (the
amounts) with a `notices` entry (`NOTICES`), and does not make the reading weak. Both a weak and an
amended reading go to review (`PhotoReading.needs_review`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

import cv2
import numpy as np
from PIL import Image

from ocr.board_finder import BoardFound, find_board, text_coverage
from ocr.engines import get_engine
from ocr.engines.base import EngineUnavailable, OcrLine, OcrResult
from ocr.intake import PhotoRejected, intake_photo
from ocr.layout import broken_lines, merged_cells, unmatched_grid_rows
from ocr.postfix import fix_line
from ocr.preprocess import prepare, prepare_for_rapidocr
from parkwatch.core.board import LOW_CONFIDENCE, BoardRecord
from parkwatch.core.board_reader import read_board
from parkwatch.settings import get_settings

ENGINE_CHOICES: tuple[str, ...] = ("auto", "tesseract", "rapidocr")

# One OpenCV thread, as tesseract (OMP_THREAD_LIMIT=1) and onnxruntime (one intra-op thread) have:
# batches are read one photo per core (`read_photos`), and OpenCV's default pool of one thread per
# core only adds CPU (the board finder measured 119 → 86 ms of CPU a photo with one thread, session 7;
# the same pixels either way).
cv2.setNumThreads(1)

# Fields whose absence makes a reading weak (most boards show them; a board that truly lacks one
# just costs the second engine's time).
KEY_FIELDS: tuple[str, ...] = ("pricing_form", "fee_basis", "hotlines", "free_minutes")
# A line with digits read below this confidence makes a reading weak, per engine (the engines'
# confidences are on different scales). Calibrated on the tuning photos (seed 7), never on the
# benchmark photos (seed 2026): see docs/ocr.md.
DIGIT_LINE_CONFIDENCE: dict[str, float] = {"tesseract": 0.80, "rapidocr": 0.80}
# Does a missing key field make the reading weak? For tesseract yes (it drops whole lines). For
# RapidOCR no: on the tuning photos (seed 7) every RapidOCR reading that lacked a key field was right
# (18 of 60: the board itself lacked it, a defect the tool exists to find), and running tesseract on
# them changed no result while costing ~1.3 s each.
WEAK_WHEN_FIELD_MISSING: dict[str, bool] = {"tesseract": True, "rapidocr": False}
# auto's order: the first engine runs on every photo, the second only when the first is weak.
# Measured per photo on one core (docs/ocr.md): RapidOCR on the board crop is about as fast as the
# tesseract pipeline and far more accurate, so it goes first.
AUTO_ORDER: tuple[str, str] = ("rapidocr", "tesseract")
# A reading whose boxes hold less than this share of the text strokes in the image read covers a
# small part of the board: weak (issue 15's half readings). Calibrated on the tuning photos.
COVERAGE_MIN = 0.5
# A field's value that is a span of hours ("收责时间:07:30-19:30" read with its label misread).
_HOURS_VALUE_RE = re.compile(r"[:：]\s*(?:全天)?\s*\d{1,2}:\d{2}\s*[-－~至]\s*(?:次日)?\d{1,2}:\d{2}\s*$", re.M)

# Why a reading is weak: stable code → (中文, English).
WEAK_REASONS: dict[str, tuple[str, str]] = {
    "nothing_read": ("未识别到文字", "no text was read"),
    "coverage_low": (
        "识别出的文字只占看板文字的一小部分",
        "the text read covers only a small part of the board's text",
    ),
    "no_price": ("未识别到收费价格", "no price was read"),
    "tariff_incomplete": ("收费标准有未能识别的部分", "part of the tariff could not be read"),
    "grid_unmatched": (
        "价格表中有价格未能对应到车型和时段",
        "a price of the vehicle × time-band grid was not matched to its vehicle and band",
    ),
    "cells_merged": ("两个格子的文字被读成了一行", "the text of two cells was read as one line"),
    "line_broken": (
        "有文字行被拆开或错位，字段可能对应错误",
        "a line was read broken or out of place: a field may be matched wrong",
    ),
    "second_engine_timeout": (
        "第二引擎超时，识别结果未经交叉核对",
        "the second engine timed out: the reading was not cross-checked",
    ),
}

# What an inspector must see about the board itself, whatever the reading's quality: code → (中文, English).
NOTICES: dict[str, tuple[str, str]] = {
    "price_amended": (
        "价格数字疑似被贴纸或手写改动，请核对是否经批准",
        "a price figure looks covered by a sticker or written by hand: check that it was approved",
    ),
}


@dataclass(frozen=True)
class CodedText:
    """A stable `code` and its text in Chinese and English, looked up in the subclass's `TEXTS`."""

    code: str
    zh: str
    en: str

    TEXTS: ClassVar[dict[str, tuple[str, str]]] = {}

    @classmethod
    def of(cls, code: str) -> Self:
        zh, en = cls.TEXTS[code]
        return cls(code, zh, en)

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class WeakReason(CodedText):
    """Why a reading is weak (`WEAK_REASONS`): a doubt about the reading itself."""

    TEXTS: ClassVar[dict[str, tuple[str, str]]] = WEAK_REASONS


@dataclass(frozen=True)
class Notice(CodedText):
    """A finding about the board itself (`NOTICES`, e.g. a changed price), not a doubt about the reading."""

    TEXTS: ClassVar[dict[str, tuple[str, str]]] = NOTICES


@dataclass(frozen=True)
class PhotoReading:
    text: str
    lines: tuple[OcrLine, ...]
    board: BoardRecord
    engines: tuple[str, ...]  # the engines run, in order; the last one named in `engine` was kept
    seconds: float
    engine: str = ""  # the engine whose reading was kept
    weak_reasons: tuple[WeakReason, ...] = ()  # empty: the reading can be used as it is
    coverage: float | None = None  # share of the read image's text inside the boxes read (None: no text seen)
    crop: str = "board"  # what was read: "board" (the board found and straightened) or "photo" (the whole photo)
    amended: tuple[str, ...] = ()  # price amounts that look changed on the board (a sticker, a hand-written figure)

    @property
    def weak(self) -> bool:
        """True when the reading may be wrong and must be reviewed before it is used (a half or unsure reading)."""
        return bool(self.weak_reasons)

    @property
    def notices(self) -> tuple[Notice, ...]:
        """Findings about the board itself an inspector must see (`NOTICES`), however sure the reading."""
        return (Notice.of("price_amended"),) if self.amended else ()

    @property
    def needs_review(self) -> bool:
        """A weak reading, or a board whose price was changed: either way not to be published unreviewed."""
        return self.weak or bool(self.amended)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "board": self.board.to_json(),
            "engines": list(self.engines),
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "weak": self.weak,
            "weak_reasons": [reason.to_json() for reason in self.weak_reasons],
            "coverage": None if self.coverage is None else round(self.coverage, 3),
            "crop": self.crop,
            "amended": list(self.amended),
            "notices": [notice.to_json() for notice in self.notices],
            "needs_review": self.needs_review,
        }


def load_image(image_or_path: Any) -> np.ndarray:
    """An RGB uint8 array from a path, bytes, a PIL image or an array (EXIF orientation applied)."""
    if isinstance(image_or_path, np.ndarray):
        if image_or_path.ndim == 2:
            return np.stack([image_or_path] * 3, axis=-1)
        return image_or_path[:, :, :3]
    if isinstance(image_or_path, Image.Image):
        rgb = image_or_path if image_or_path.mode == "RGB" else image_or_path.convert("RGB")
        return np.asarray(rgb)
    if isinstance(image_or_path, (bytes, bytearray)):
        return np.asarray(intake_photo(bytes(image_or_path), "photo").image.convert("RGB"))
    path = Path(image_or_path)
    return np.asarray(intake_photo(path.read_bytes(), path.name).image.convert("RGB"))


def _fixed(result: OcrResult) -> OcrResult:
    lines = tuple(OcrLine(fix_line(line.text), line.confidence, line.box) for line in result.lines)
    return OcrResult(lines=lines, engine=result.engine, seconds=result.seconds, amended=result.amended)


def board_from_lines(lines: Sequence[OcrLine]) -> BoardRecord:
    if not lines:  # nothing read: an empty record, and no confidence in it
        return read_board("", [0.0])
    return read_board("\n".join(line.text for line in lines), [line.confidence for line in lines])


@dataclass(frozen=True)
class _Read:
    """One engine's reading of one image (the board crop or the whole photo)."""

    result: OcrResult
    board: BoardRecord
    coverage: float | None
    crop: str
    text_share: float  # share of the photo's text in the image read

    @property
    def covered(self) -> float:
        """Share of the photo's text this reading covered (to compare a crop with the whole photo)."""
        return (1.0 if self.coverage is None else self.coverage) * self.text_share


def _read_image(engine_name: str, image: np.ndarray, found: BoardFound, whole: bool = False) -> _Read:
    """`engine_name` on the board `found` in `image` (its crop), or on the whole photo."""
    engine = get_engine(engine_name)
    board = found.whole() if whole or found.corners is None else found
    if engine_name == "tesseract":
        prepared = prepare(image, found=board)
    else:
        prepared = prepare_for_rapidocr(image, found=board)
    result = _fixed(engine.read(prepared.image, dividers=prepared.notes.get("dividers", ())))
    boxes = [line.box for line in result.lines]
    if not boxes:
        coverage: float | None = 0.0
    elif prepared.image is board.image:  # the boxes are in the crop's (or photo's) pixels
        coverage = board.coverage(boxes)
    else:  # tesseract's preparation straightened and rescaled it: its own text map
        coverage = text_coverage(prepared.image, boxes)
    crop = "board" if board.corners is not None else "photo"
    share = board.text_share if board.corners is not None else 1.0
    return _Read(result, board_from_lines(result.lines), coverage, crop, share)


def read_with(engine_name: str, image: np.ndarray) -> tuple[OcrResult, BoardRecord]:
    """One engine's reading of an RGB photo: prepared, read, post-fixed, through the board reader."""
    read = _read_image(engine_name, image, find_board(image))
    return read.result, read.board


def weaknesses(board: BoardRecord, lines: Sequence[OcrLine], engine: str = "tesseract") -> list[str]:
    """Why a reading by `engine` should be tried again with the other engine (empty = strong)."""
    reasons = []
    if WEAK_WHEN_FIELD_MISSING.get(engine, True):
        reasons += [f"missing {name}" for name in KEY_FIELDS if not board.has(name)]
    if not lines:
        reasons.append("nothing read")
    if board.tariff is None or not board.tariff.has_prices():
        reasons.append("no tariff")
    if board.unread:
        reasons.append("tariff text unread")
    if board.tariff_confidence < LOW_CONFIDENCE:
        reasons.append("tariff confidence low")
    limit = DIGIT_LINE_CONFIDENCE.get(engine, 0.80)
    low = [line for line in lines if any(ch.isdigit() for ch in line.text) and line.confidence < limit]
    if low:
        reasons.append(f"{len(low)} line(s) with numbers below {limit}")
    return reasons


def tariff_complete(board: BoardRecord) -> bool:
    """Whether the tariff reader read every price the text shows (`BoardRecord.complete`, from
    `TariffReading.complete`). A bare price ("小型车：5元", no unit) is left unread too, but it is the
    board's defect, which the board reader reports as `bare_prices` — not a part of the photo the OCR
    failed to read. A tariff the reader calls incomplete with nothing unread (a rate given only as its
    ceiling, a rule whose vehicles the wording leaves open: `TariffReading.scope_doubts`) stays weak: an
    OCR slip (a vehicle name lost) gives the same doubt, and dropping it cost a silent wrong fee (session 8)."""
    bare = [str(price) for price in board.value("bare_prices") or ()]
    unexplained = [part for part in board.unread if part.strip() and not any(price in part for price in bare)]
    if unexplained:
        return False
    return board.complete or bool(board.unread)


def _hours_unread(board: BoardRecord) -> bool:
    """A `：HH:MM-HH:MM` value no field of the board took (its label misread: `收责时间:07:30-19:30`)."""
    spans = [r.span for r in board.fields.values() if r.span is not None]
    return any(not any(a < m.end() and m.start() < b for a, b in spans) for m in _HOURS_VALUE_RE.finditer(board.text))


def weak_reasons(
    board: BoardRecord,
    lines: Sequence[OcrLine],
    coverage: float | None,
    timed_out: bool = False,
) -> tuple[WeakReason, ...]:
    """Why a final reading may be wrong and must not be used without review (issue 15: no silent half
    readings). `timed_out`: auto's second engine was wanted (the first reading was weak) but timed out.
    A price changed on the board is not among them: it is `PhotoReading.amended`."""
    codes = []
    if not lines:
        codes.append("nothing_read")
    elif coverage is not None and coverage < COVERAGE_MIN:
        codes.append("coverage_low")
    if board.tariff is None or not board.tariff.has_prices():
        codes.append("no_price")
    elif not tariff_complete(board):
        codes.append("tariff_incomplete")
    # complete but wrong: a grid row read without its band gives its price to the row above
    if unmatched_grid_rows([line.text for line in lines]):
        codes.append("grid_unmatched")
    texts = [line.text for line in lines]
    if merged_cells(texts):  # complete but wrong: a price and the next cell's field in one clause
        codes.append("cells_merged")
    # a row cut apart or slid past its label; or a time range after a colon that no field took
    if broken_lines(texts) or _hours_unread(board):
        codes.append("line_broken")
    if timed_out:  # the first reading was weak enough to retry and nothing checked it
        codes.append("second_engine_timeout")
    return tuple(WeakReason.of(code) for code in codes)


def board_score(board: BoardRecord, lines: Sequence[OcrLine]) -> float:
    """How complete and sure a reading is: key fields, a usable tariff, nothing unread, confidence."""
    score = sum(1.0 for name in KEY_FIELDS if board.has(name))
    score += len(board.fields) * 0.1
    if board.tariff is not None and board.tariff.has_prices():
        score += 2.0 * board.tariff_confidence
    score -= 0.5 * len(board.unread)
    chars = sum(len(line.text) for line in lines)
    if chars:
        score += sum(line.confidence * len(line.text) for line in lines) / chars
    return score


def _better(first: _Read, second: _Read) -> _Read:
    """The reading the board reader scores higher; ties go to RapidOCR (it measured far more accurate)."""
    a, b = board_score(first.board, first.result.lines), board_score(second.board, second.result.lines)
    if b > a or (b == a and second.result.engine == "rapidocr"):
        return second
    return first


def _weak_enough_to_retry(read: _Read) -> bool:
    low_coverage = read.coverage is not None and read.coverage < COVERAGE_MIN
    return low_coverage or bool(weaknesses(read.board, read.result.lines, read.result.engine))


def read_photo(image_or_path: Any, engine: str | None = None) -> PhotoReading:
    """Read one board photo. `engine`: "auto" | "tesseract" | "rapidocr" (default: settings.ocr_engine)."""
    choice = engine or get_settings().ocr_engine
    if choice not in ENGINE_CHOICES:
        raise ValueError(f"unknown OCR engine {choice!r}; choose one of {ENGINE_CHOICES}")
    started = time.perf_counter()
    image = load_image(image_or_path)
    found = find_board(image)
    first, second = AUTO_ORDER if choice == "auto" else (choice, choice)
    read = _read_image(first, image, found)
    engines = [first]
    amended = set(read.result.amended)  # seen by any reading: the board has it, whichever is kept
    if found.corners is not None and found.unsure:
        # The frame holds only part of the photo's text: read the whole photo too, keep what covers more.
        whole = _read_image(first, image, found, whole=True)
        amended |= set(whole.result.amended)
        read = whole if whole.covered > read.covered else read
    timed_out = False
    if choice == "auto" and _weak_enough_to_retry(read):
        try:
            other = _read_image(second, image, found, whole=read.crop == "photo")
        except EngineUnavailable:
            raise
        except RuntimeError:  # the second engine timed out (pytesseract): the first reading stands
            timed_out = True
        else:  # named in `engines` only when it read: the output's engine list says what was compared
            engines.append(second)
            read = _better(read, other)
    lines = read.result.lines
    return PhotoReading(
        text=read.board.text,
        lines=lines,
        board=read.board,
        engines=tuple(engines),
        seconds=time.perf_counter() - started,
        engine=read.result.engine,
        weak_reasons=weak_reasons(read.board, lines, read.coverage, timed_out),
        coverage=read.coverage,
        crop=read.crop,
        amended=tuple(sorted(amended)),
    )


# ---------------------------------------------------------------- batches


@dataclass(frozen=True)
class PhotoOutcome:
    """One photo of a batch: its reading, or why it could not be read."""

    file: str
    sha256: str | None
    reading: PhotoReading | None
    error_zh: str | None = None
    error_en: str | None = None
    code: str | None = None

    @property
    def ok(self) -> bool:
        return self.reading is not None

    @property
    def error(self) -> str | None:
        return None if self.ok else f"{self.error_zh} / {self.error_en}"


def read_photo_file(path: str | os.PathLike[str], engine: str | None = None) -> PhotoOutcome:
    """Intake (refusals with Chinese and English messages) and reading of one file; never raises."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return PhotoOutcome(
            name, None, None, "无法读取文件", f"cannot read the file ({exc.strerror or exc})", "unreadable"
        )
    sha = hashlib.sha256(data).hexdigest()
    try:
        photo = intake_photo(data, Path(path).name)
        sha = photo.sha256
        reading = read_photo(photo.image, engine)
    except PhotoRejected as exc:
        return PhotoOutcome(name, sha, None, exc.message_zh, exc.message_en, exc.code)
    except Exception as exc:
        return PhotoOutcome(name, sha, None, "照片识别失败", f"OCR failed: {type(exc).__name__}: {exc}", "ocr_failed")
    return PhotoOutcome(name, sha, reading)


def _portable(outcome: PhotoOutcome) -> dict[str, Any]:
    """A picklable form of an outcome (board records hold read-only mappings, which do not pickle)."""
    reading = outcome.reading
    return {
        "file": outcome.file,
        "sha256": outcome.sha256,
        "error_zh": outcome.error_zh,
        "error_en": outcome.error_en,
        "code": outcome.code,
        "reading": None
        if reading is None
        else {
            "text": reading.text,
            "lines": [(line.text, line.confidence, line.box) for line in reading.lines],
            "board": reading.board.to_json(),
            "engines": reading.engines,
            "seconds": reading.seconds,
            "engine": reading.engine,
            "weak_reasons": [reason.code for reason in reading.weak_reasons],
            "coverage": reading.coverage,
            "crop": reading.crop,
            "amended": reading.amended,
        },
    }


def _from_portable(data: dict[str, Any]) -> PhotoOutcome:
    r = data["reading"]
    reading = None
    if r is not None:
        reading = PhotoReading(
            text=r["text"],
            lines=tuple(OcrLine(t, c, tuple(b)) for t, c, b in r["lines"]),
            board=BoardRecord.from_json(r["board"]),
            engines=tuple(r["engines"]),
            seconds=r["seconds"],
            engine=r["engine"],
            weak_reasons=tuple(WeakReason.of(code) for code in r["weak_reasons"]),
            coverage=r["coverage"],
            crop=r["crop"],
            amended=tuple(r["amended"]),
        )
    return PhotoOutcome(data["file"], data["sha256"], reading, data["error_zh"], data["error_en"], data["code"])


def _read_portable(path: str, engine: str | None) -> dict[str, Any]:
    return _portable(read_photo_file(path, engine))


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def read_photos(
    paths: Sequence[str | os.PathLike[str]],
    engine: str | None = None,
    workers: int = 2,
    progress: Callable[[PhotoOutcome], None] | None = None,
) -> list[PhotoOutcome]:
    """Read a batch; outcomes in input order. Worker processes each build their engines once."""
    if workers <= 1 or len(paths) <= 1:
        outcomes = []
        for path in paths:
            outcome = read_photo_file(path, engine)
            if progress:
                progress(outcome)
            outcomes.append(outcome)
        return outcomes
    # spawn: ONNX runtime sessions and tesseract state are not fork-safe; each worker starts clean.
    context = multiprocessing.get_context("spawn")
    results: dict[int, PhotoOutcome] = {}
    with ProcessPoolExecutor(
        max_workers=min(workers, len(paths)), mp_context=context, initializer=_worker_init
    ) as pool:
        futures = {pool.submit(_read_portable, str(path), engine): i for i, path in enumerate(paths)}
        for future in as_completed(futures):
            outcome = _from_portable(future.result())
            results[futures[future]] = outcome
            if progress:
                progress(outcome)
    return [results[i] for i in range(len(paths))]
