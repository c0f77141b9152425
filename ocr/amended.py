"""A price figure changed on the board itself: a sticker or a hand-written figure over the printed one
(issue 15). The reading of such a board may be right (it says what the board shows now) or the old
figure's edge may leak into it; either way it is not the board as approved, so it goes to review.

What gives it away in the image: the amount's characters sit on another ground (a sticker's paper,
correction fluid on a coloured board) or are written in another ink (a red or blue marker) than the
rest of their own text box — the `元` after them and the words before them, which were printed with
the amount. Measured per box from RapidOCR's character positions; a box without them is not judged.
A white sticker with black print on a white board shows neither and is not found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.engines.base import OcrLine

# (left, right) x of each character of a box's text, spaces left out; None when not known
Spans = Sequence[tuple[float, float]] | None

# Lab distance between the amount's ground and the rest of the box's ground that marks a patch
# (a sticker's paper, correction fluid). Calibrated on the tuning and held-out v1 photos (session 7,
# docs/ocr.md): glare on a laminated board shifts the ground by up to ~76 there, stickers mostly > 90.
GROUND_SHIFT = 70.0
# Chroma (a*, b*) distance between the amount's ink and the rest of the box's ink: another pen
# (a printed amount measured at most ~35 from its own box's ink on those photos).
INK_SHIFT = 35.0
# A pixel this far (Lab) from its region's ground is ink.
INK_FROM_GROUND = 40.0
# The rest of the box is taken this share of the box height away from the amount (a sticker is a
# little wider than the figure it covers).
MARGIN = 0.4

_AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?(?=\s*元)")


@dataclass(frozen=True)
class Shift:
    """How far an amount's ground and ink are from the rest of its box (Lab units)."""

    amount: str
    ground: float
    ink: float

    @property
    def amended(self) -> bool:
        return self.ground > GROUND_SHIFT or self.ink > INK_SHIFT


def _colours(lab: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(ground, ink) of a region: the median colour, and the median of the pixels far from it."""
    pixels = lab.reshape(-1, 3)
    ground = np.median(pixels, axis=0)
    far = pixels[np.linalg.norm(pixels - ground, axis=1) > INK_FROM_GROUND]
    return ground, (np.median(far, axis=0) if len(far) >= 12 else None)


def shifts(image: np.ndarray, lines: Sequence[OcrLine], spans: Sequence[Spans]) -> list[Shift]:
    """The ground and ink shift of every price amount in `lines` whose characters' positions are known."""
    if image.ndim != 3:
        return []  # a grey image has no ink colour to compare
    height, width = image.shape[:2]

    def lab(top: int, bottom: int, left: int, right: int) -> np.ndarray:
        region = np.ascontiguousarray(image[top:bottom, max(0, left) : min(width, right)])
        return cv2.cvtColor(region, cv2.COLOR_RGB2LAB).astype(np.float32).reshape(-1, 3)

    out = []
    for line, char_spans in zip(lines, spans, strict=True):
        chars = [i for i, ch in enumerate(line.text) if not ch.isspace()]
        if char_spans is None or len(char_spans) != len(chars):
            continue
        index = {pos: k for k, pos in enumerate(chars)}  # text position → character number
        top, bottom = max(0, line.box[1]), min(height, line.box[1] + line.box[3])
        margin = MARGIN * line.box[3]
        for match in _AMOUNT_RE.finditer(line.text):
            ks = [index[p] for p in range(match.start(), match.end()) if p in index]
            left, right = int(char_spans[ks[0]][0]), int(char_spans[ks[-1]][1]) + 1
            rest = [
                (int(a), int(b) + 1)
                for k, (a, b) in enumerate(char_spans)
                if k not in ks and (b < left - margin or a > right + margin)
            ]
            if bottom - top < 4 or right - left < 2 or not rest:
                continue
            amount = lab(top, bottom, left, right)
            others = np.concatenate([lab(top, bottom, a, b) for a, b in rest])
            if amount.size == 0 or others.size == 0:
                continue
            ground_a, ink_a = _colours(amount)
            ground_o, ink_o = _colours(others)
            ink = 0.0 if ink_a is None or ink_o is None else float(np.linalg.norm(ink_a[1:] - ink_o[1:]))
            out.append(Shift(match.group(0), float(np.linalg.norm(ground_a - ground_o)), ink))
    return out


def amended_prices(image: np.ndarray, lines: Sequence[OcrLine], spans: Sequence[Spans]) -> tuple[str, ...]:
    """The amounts that look changed on the board (a sticker or a hand-written figure over the print)."""
    return tuple(shift.amount for shift in shifts(image, lines, spans) if shift.amended)
