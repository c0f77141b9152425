"""The one module that calls tesseract (through pytesseract).

`--oem 1 --psm 4` (LSTM, one column of variable-size text: what a price board is), language from
settings (`chi_sim`; adding `eng` measured worse: 号 read as 5, 40 % slower), a timeout per photo, and
one OpenMP thread per process (`OMP_THREAD_LIMIT=1`): we parallelise over photos instead, which
measured better than tesseract's own threads.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from PIL import Image

from ocr.engines.base import Divider, EngineUnavailable, OcrLine, OcrResult, reading_order
from ocr.postfix import fix_line
from parkwatch.settings import get_settings

# Must be in the environment the tesseract subprocess inherits.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSERACT_CONFIG = "--oem 1 --psm 4"
# A "word" that is a table rule read as text: it would cut a ruled row's cells apart and become a line.
_RULE_WORD = re.compile(r"[|｜丨¦\[\]_]+")

_Data = dict[str, list[Any]]  # pytesseract's image_to_data as a dict: one list per column, one item per word


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x3000 <= code <= 0x303F


def join_words(words: list[str]) -> str:
    """Tesseract splits Chinese into one-character "words"; glue them back, keep spaces between Latin words."""
    out = ""
    for word in words:
        if out and not (_is_cjk(out[-1]) or _is_cjk(word[0])):
            out += " "
        out += word
    return out


class TesseractEngine:
    name = "tesseract"

    def __init__(self, lang: str | None = None, timeout_s: float | None = None, config: str = TESSERACT_CONFIG):
        settings = get_settings()
        self.lang = lang or settings.tesseract_lang
        self.timeout_s = timeout_s if timeout_s is not None else settings.tesseract_timeout_s
        self.config = config

    def available(self) -> bool:
        import pytesseract

        if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
            return False
        try:
            langs = set(pytesseract.get_languages(config=""))
        except Exception:
            return False
        return all(part in langs for part in self.lang.split("+"))

    def read(self, image: np.ndarray, dividers: Sequence[Divider] = ()) -> OcrResult:
        """`dividers`: (x, top, bottom) of column rules; psm 4 reads across them, so lines are cut there."""
        import pytesseract

        started = time.perf_counter()
        try:
            data = pytesseract.image_to_data(
                Image.fromarray(image),
                lang=self.lang,
                config=self.config,
                timeout=self.timeout_s,
                output_type=pytesseract.Output.DICT,
            )
        except pytesseract.TesseractNotFoundError as exc:
            raise EngineUnavailable("tesseract is not installed") from exc
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, word in enumerate(data["text"]):
            if not word or not word.strip() or float(data["conf"][i]) < 0 or _RULE_WORD.fullmatch(word.strip()):
                continue
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            groups.setdefault(key, []).append(i)
        lines: list[OcrLine] = []
        for indices in groups.values():
            for segment in _split_at_gaps(data, indices, dividers):
                line = _segment_line(data, segment)
                if not _junk(line):
                    lines.append(line)
        looks = 0
        for k, line in enumerate(lines):
            if looks < SECOND_LOOKS and DIGIT_LOST.search(fix_line(line.text)):
                looks += 1
                lines[k] = self._second_look(image, line)
        return OcrResult(lines=reading_order(lines), engine=self.name, seconds=time.perf_counter() - started)

    def _second_look(self, image: np.ndarray, line: OcrLine) -> OcrLine:
        """`line` read again on its own (its crop, `--psm 6`), kept when the digit it lacked is back.

        Tesseract's Chinese model drops a narrow `1` between wide characters (`每小时元`, `〔2017〕号`)
        when reading the whole board, and reads it (or `]`, which the post-fixes make a 1) on the line
        alone (tuning clean photos, session 6)."""
        import pytesseract

        left, top, width, height = line.box
        dy, dx = max(2, height // 4), max(4, height // 2)
        crop = image[max(0, top - dy) : top + height + dy, max(0, left - dx) : left + width + dx]
        if crop.size == 0:
            return line
        ground = int(np.percentile(crop, 90)) if crop.ndim == 2 else 255
        crop = np.pad(crop, ((16, 16), (16, 16)) + (((0, 0),) if crop.ndim == 3 else ()), constant_values=ground)
        try:
            text = pytesseract.image_to_string(
                Image.fromarray(crop), lang=self.lang, config="--oem 1 --psm 6", timeout=self.timeout_s
            )
        except (RuntimeError, pytesseract.TesseractError):
            return line
        candidates = [join_words(row.split()) for row in text.split("\n") if row.strip()]
        if not candidates:
            return line
        best = max(candidates, key=lambda row: SequenceMatcher(None, row, line.text).ratio())
        fixed = fix_line(best)
        if DIGIT_LOST.search(fixed) or SequenceMatcher(None, fixed, fix_line(line.text)).ratio() < SECOND_LOOK_SIMILAR:
            return line
        return OcrLine(text=best, confidence=line.confidence, box=line.box)


# A line whose digits were lost: 元 after no amount (每小时元), an approval number without its number
# (〔2017〕号), is read again on its own (`_second_look`), at most SECOND_LOOKS lines a board (each
# costs a tesseract run, ~0.3 s); the second reading is kept when it is this similar to the first.
DIGIT_LOST = re.compile(r"(?<![\d.])元|〕号")
SECOND_LOOKS = 4
SECOND_LOOK_SIMILAR = 0.8

# A gap wider than this many text heights between two words starts a new segment (a table cell or
# the other column of a two-column board); reading_order() puts segments back in reading order.
# Measured on the tuning photos (seed 7): 1.0, 1.5 and 2.5 all read the same 36/60 photos right.
SEGMENT_GAP = 1.5


def _split_at_gaps(data: _Data, indices: list[int], dividers: Sequence[Divider] = ()) -> list[list[int]]:
    indices = sorted(indices, key=lambda i: data["left"][i])
    heights = sorted(data["height"][i] for i in indices)
    height = heights[len(heights) // 2] or 1
    segments: list[list[int]] = [[indices[0]]]
    for i in indices[1:]:
        prev = segments[-1][-1]
        gap = data["left"][i] - (data["left"][prev] + data["width"][prev])
        prev_right, left = data["left"][prev] + data["width"][prev], data["left"][i]
        middle = data["top"][i] + data["height"][i] / 2
        # A rule's top is often hidden by a filled header row (the header's cells are divided all the same).
        crosses = any(
            prev_right - height / 2 <= x <= left + height / 2 and top - 1.6 * height <= middle <= bottom
            for x, top, bottom in dividers
        )
        if gap > SEGMENT_GAP * height or crosses:
            segments.append([i])
        else:
            segments[-1].append(i)
    return segments


def _junk(line: OcrLine) -> bool:
    """Board edges, frame corners and rule remnants read as text: unsure and short, or unsure with no
    Chinese character and no digit ("一一", "T", "aa")."""
    text = line.text.strip()
    if line.confidence < 0.45:
        return len(text) <= 4 or not any(_is_cjk(ch) or ch.isdigit() for ch in text)
    return line.confidence < 0.7 and not any(_is_cjk(ch) or ch.isdigit() for ch in text)


def _segment_line(data: _Data, indices: list[int]) -> OcrLine:
    words = [data["text"][i].strip() for i in indices]
    weights = [len(w) for w in words]
    conf = sum(float(data["conf"][i]) * w for i, w in zip(indices, weights, strict=True)) / (100.0 * sum(weights))
    left = min(data["left"][i] for i in indices)
    top = min(data["top"][i] for i in indices)
    right = max(data["left"][i] + data["width"][i] for i in indices)
    bottom = max(data["top"][i] + data["height"][i] for i in indices)
    return OcrLine(
        text=join_words(words), confidence=max(0.0, min(1.0, conf)), box=(left, top, right - left, bottom - top)
    )
