"""Prepare a board photo for tesseract: each step measured in benchmarks/ocr.py (see docs/ocr.md).

Order (from /work/shared/OCR-NOTES.md, re-measured on our set): find and straighten the board,
grayscale, invert light-on-dark boards, percentile contrast stretch, deskew by search over ±12°,
rescale so text is ~36 px tall, median-3, remove long ruled lines. No adaptive thresholding: it
measured worse on blurred boards and produced garbage (and minutes of tesseract time) on noisy ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ocr.board_finder import BoardFound, find_board
from ocr.engines.base import Divider

TARGET_TEXT_HEIGHT = 36  # px; tesseract's LSTM reads best around here
DESKEW_RANGE = 12.0  # degrees searched either way
DESKEW_STEP = 0.5
MAX_SIDE = 4000  # never upscale beyond this (time)

STEPS: tuple[str, ...] = ("board", "gray", "invert", "flatten", "stretch", "deskew", "rescale", "median", "lines")


@dataclass(frozen=True)
class Prepared:
    image: np.ndarray  # uint8, gray (HxW) after "gray", else RGB
    steps: tuple[str, ...]
    notes: dict[str, Any] = field(default_factory=dict)  # what each step found (angle, scale, inverted, board)


def to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image


def is_light_on_dark(gray: np.ndarray) -> bool:
    """True when text is lighter than its background.

    Decided per tile (a shadow across the board fools a global threshold): in each tile the text is
    the minority, so it lies on the far side of the median; tiles vote by their contrast.
    """
    h, w = gray.shape[:2]
    votes = 0.0
    for ty in range(4):
        for tx in range(4):
            tile = gray[ty * h // 4 : (ty + 1) * h // 4, tx * w // 4 : (tx + 1) * w // 4]
            if tile.size == 0:
                continue
            lo, med, hi = np.percentile(tile, (2, 50, 98))
            votes += (hi - med) - (med - lo)
    return votes > 0


def invert_dark_bands(gray: np.ndarray) -> np.ndarray:
    """Light text on dark bands of an otherwise dark-on-light board (a red title band, a table's
    coloured header row) turned dark on light, so the rest of the preparation (and the ruled-line
    removal, which would take a filled band for a rule) treats it like the body text."""
    h, w = gray.shape[:2]
    scale = min(1.0, 600.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    ground = cv2.medianBlur(small, max(15, int(0.05 * max(small.shape)) | 1))
    low, high = np.percentile(ground, (5, 95))
    if high - low < 60:
        return gray
    dark = (ground < (low + high) / 2).astype(np.uint8)
    dark = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    if not 0.005 < dark.mean() < 0.5:
        return gray
    mask = cv2.resize(dark, (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
    out = gray.copy()
    out[mask] = 255 - out[mask]
    return out


def flatten_background(gray: np.ndarray) -> np.ndarray:
    """Divide out uneven lighting (shadows, glare, vignetting): dark text on a light ground.

    The ground is estimated by a grey closing (removes the dark text) on a reduced copy.
    """
    h, w = gray.shape[:2]
    scale = min(1.0, 400.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    k = max(3, int(max(small.shape) / 25) | 1)
    ground = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    ground = cv2.GaussianBlur(ground, (0, 0), k / 2)
    ground = cv2.resize(ground, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) / np.maximum(ground, 1.0) * 255.0
    return np.clip(out, 0, 255).astype(np.uint8)


def stretch_contrast(gray: np.ndarray, low: float = 1.0, high: float = 99.0) -> np.ndarray:
    lo, hi = np.percentile(gray, (low, high))
    if hi - lo < 1:
        return gray
    out = (gray.astype(np.float32) - lo) * (255.0 / (hi - lo))
    stretched: np.ndarray = np.clip(out, 0, 255).astype(np.uint8)  # (numpy types the percentiles as Any)
    return stretched


def _ink(gray: np.ndarray) -> np.ndarray:
    """Dark-text pixels as 1 (expects dark text on light ground)."""
    binary: np.ndarray
    _, binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary


# A ruled line is at most this many px thick after rescaling (a 1-3 px rule, blurred by the photo).
RULE_THICKNESS = 4
# ... and darker than the ground beside it by at least this much (0-255).
RULE_CONTRAST = 30


def _rule_ink(gray: np.ndarray) -> np.ndarray:
    """Ink that may belong to a ruled line, as 1: the text's ink (Otsu) plus thin lines fainter
    than the text. A hairline rule shrunk to text size prints grey (~200 on a 250 ground), above
    Otsu's threshold: left out, it stayed in the image tesseract read (read as `|`, `六`, and
    merging a label cell into its value) and no column rule was found (tuning clean full grids)."""
    k = 2 * RULE_THICKNESS + 1
    thin = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    return np.asarray(_ink(gray) | (thin > RULE_CONTRAST).astype(np.uint8))


def _rotate(image: np.ndarray, angle: float, fill: int | tuple[int, ...] = 255) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def skew_angle(gray: np.ndarray, search: float = DESKEW_RANGE, step: float = DESKEW_STEP) -> float:
    """The rotation (degrees) that makes text rows sharpest: the projection profile's variance peaks."""
    h, w = gray.shape[:2]
    scale = min(1.0, 600.0 / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    ink = _ink(small).astype(np.float32)
    sh, sw = ink.shape
    center = (sw / 2, sh / 2)

    def score(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(center, angle, 1.0)
        rotated = cv2.warpAffine(ink, matrix, (sw, sh), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1)
        return float(np.var(profile))

    coarse = np.arange(-search, search + 1e-6, 2.0)
    best = max(coarse, key=score)
    fine = np.arange(max(-search, best - 2.0), min(search, best + 2.0) + 1e-6, step)
    return float(max(fine, key=score))


def text_height(gray: np.ndarray) -> float | None:
    """Typical character height in pixels, None when there is no text.

    Connected components of the ink that are character-sized (not specks, not rules or frames);
    Chinese characters break into several components, so a high percentile of their heights is
    the character height.
    """
    h, w = gray.shape[:2]
    scale: float = min(1.0, 1600.0 / max(h, w))
    small = gray if scale == 1.0 else cv2.resize(gray, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return None
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    areas = stats[1:, cv2.CC_STAT_AREA]
    sh = small.shape[0]
    keep = (heights >= 4) & (heights <= sh / 6) & (widths <= 4 * heights) & (widths >= heights / 6) & (areas >= 8)
    if keep.sum() < 5:
        return None
    return float(np.percentile(heights[keep], 80)) / scale


def column_dividers(gray: np.ndarray) -> list[Divider]:
    """(x, top, bottom) of vertical rules between text: a two-column board's divider and a ruled
    table's cell rules (at least three text heights long, so no character stroke is one)."""
    ink = _rule_ink(gray) * 255
    h, w = ink.shape
    length = min(max(10, h // 3), 3 * TARGET_TEXT_HEIGHT)
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(vertical)
    xs = []
    for i in range(1, count):
        x, y, cw, ch = stats[i, :4]
        if ch >= length and 0.05 * w <= x + cw / 2 <= 0.95 * w and cw <= 0.02 * w + 3:
            xs.append((int(x + cw / 2), int(y), int(y + ch)))
    return sorted(xs)


def remove_ruled_lines(gray: np.ndarray) -> np.ndarray:
    """Paint long horizontal and vertical rules (table borders, hairlines too) with the background."""
    ink = _rule_ink(gray) * 255
    h, w = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, w // 4), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, h // 4))))
    lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    out = gray.copy()
    out[lines > 0] = 255
    return out


def prepare(image: np.ndarray, steps: tuple[str, ...] = STEPS, found: BoardFound | None = None) -> Prepared:
    """Apply `steps` (a subset of STEPS, always in STEPS order) to an RGB image; `found`: the board
    already found in it (else "board" finds it)."""
    notes: dict[str, Any] = {}
    out = image
    if "board" in steps:
        found = found or find_board(out)
        out = found.image
        notes["board"] = found.corners is not None
    if "gray" in steps or any(s in steps for s in STEPS[2:]):
        out = to_gray(out)
    if "invert" in steps:
        if is_light_on_dark(out):
            out = 255 - out
            notes["inverted"] = True
        out = invert_dark_bands(out)
    if "flatten" in steps:
        out = flatten_background(out)
    if "stretch" in steps:
        out = stretch_contrast(out)
    if "deskew" in steps:
        angle = skew_angle(out)
        notes["angle"] = angle
        if abs(angle) >= 0.4:
            out = _rotate(out, angle)
    if "rescale" in steps:
        height = text_height(out)
        if height:
            factor = TARGET_TEXT_HEIGHT / height
            factor = min(factor, MAX_SIDE / max(out.shape[:2]))
            notes["scale"] = round(factor, 3)
            if abs(factor - 1.0) > 0.1:
                interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
                out = cv2.resize(out, None, fx=factor, fy=factor, interpolation=interp)
    if "median" in steps:
        out = cv2.medianBlur(out, 3)
    if "lines" in steps:
        notes["dividers"] = column_dividers(out)
        out = remove_ruled_lines(out)
    return Prepared(image=out, steps=tuple(s for s in STEPS if s in steps), notes=notes)


def prepare_for_rapidocr(image: np.ndarray, found: BoardFound | None = None) -> Prepared:
    """RapidOCR needs little: the board crop (less to detect) keeps its colour; the detector bounds size."""
    found = found or find_board(image)
    return Prepared(image=found.image, steps=("board",), notes={"board": found.corners is not None})
