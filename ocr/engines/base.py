"""The common form of an OCR reading, whichever engine produced it.

The board reader only sees text lines and their confidences; it never knows which engine read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

# (left, top, width, height) in pixels of the image the engine was given
Box = tuple[int, int, int, int]


class EngineUnavailable(RuntimeError):
    """The engine's program or package is missing on this machine."""


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # 0..1
    box: Box


@dataclass(frozen=True)
class OcrResult:
    lines: tuple[OcrLine, ...]
    engine: str
    seconds: float

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def confidences(self) -> tuple[float, ...]:
        return tuple(line.confidence for line in self.lines)

    @property
    def mean_confidence(self) -> float:
        """Character-weighted mean confidence (0 when nothing was read)."""
        total = sum(len(line.text) for line in self.lines)
        if total == 0:
            return 0.0
        return sum(line.confidence * len(line.text) for line in self.lines) / total


@runtime_checkable
class Engine(Protocol):
    name: str

    def available(self) -> bool:
        """True when the engine can run here (program / package / models present)."""
        ...

    def read(self, image: np.ndarray) -> OcrResult:
        """Read an image (uint8, grayscale HxW or RGB HxWx3) into lines, top to bottom."""
        ...


def _merge_rows(segments: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom; segments on the same row (table cells) become one line, left to right."""
    ordered = sorted(segments, key=lambda line: (line.box[1] + line.box[3] / 2, line.box[0]))
    rows: list[list[OcrLine]] = []
    for line in ordered:
        center = line.box[1] + line.box[3] / 2
        if rows:
            ref = rows[-1][0]
            ref_center = ref.box[1] + ref.box[3] / 2
            if abs(center - ref_center) < 0.5 * min(line.box[3], ref.box[3]):
                rows[-1].append(line)
                continue
        rows.append([line])
    result: list[OcrLine] = []
    for row in rows:
        row.sort(key=lambda line: line.box[0])
        if len(row) == 1:
            result.append(row[0])
            continue
        left = min(item.box[0] for item in row)
        top = min(item.box[1] for item in row)
        right = max(item.box[0] + item.box[2] for item in row)
        bottom = max(item.box[1] + item.box[3] for item in row)
        result.append(
            OcrLine(
                text=" ".join(item.text for item in row),
                confidence=min(item.confidence for item in row),
                box=(left, top, right - left, bottom - top),
            )
        )
    return result


def _column_split(segments: list[OcrLine]) -> float | None:
    """The x of a divider between two text columns, or None for a one-column board.

    A divider is an x that no body segment crosses (only header lines above and footer lines below
    the columns may), with at least three segments on each side. A table's cells also leave such an
    x, but its left cells are short labels.
    """
    if len(segments) < 6:
        return None
    left_edge = min(s.box[0] for s in segments)
    right_edge = max(s.box[0] + s.box[2] for s in segments)
    width = right_edge - left_edge
    best: tuple[int, float] | None = None
    for seg in segments:
        x = seg.box[0] + seg.box[2] + 1
        if not (left_edge + 0.2 * width <= x <= left_edge + 0.8 * width):
            continue
        lefts = [s for s in segments if s.box[0] + s.box[2] < x]
        rights = [s for s in segments if s.box[0] > x]
        crossing = [s for s in segments if s.box[0] <= x <= s.box[0] + s.box[2]]
        if len(lefts) < 3 or len(rights) < 3:
            continue
        body_top = min(s.box[1] for s in lefts + rights)
        body_bottom = max(s.box[1] + s.box[3] for s in lefts + rights)
        if any(s.box[1] + s.box[3] > body_top and s.box[1] < body_bottom for s in crossing):
            continue
        # A table's cells also leave such an x, but a table's left cells are short labels
        # (车型 names); both columns of a two-column board hold long lines.
        if max(s.box[2] for s in lefts) < 0.3 * width or max(s.box[2] for s in rights) < 0.3 * width:
            continue
        candidate = (len(crossing), x)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[1]


def reading_order(segments: list[OcrLine]) -> tuple[OcrLine, ...]:
    """Lines in reading order: header, then a left and a right column (when the board has two),
    then the footer; segments on one row of a column (table cells) are joined with a space."""
    if not segments:
        return ()
    x = _column_split(segments)
    if x is None:
        return tuple(_merge_rows(segments))
    lefts = [s for s in segments if s.box[0] + s.box[2] < x]
    rights = [s for s in segments if s.box[0] > x]
    body_top = min(s.box[1] for s in lefts + rights)
    crossing = [s for s in segments if s.box[0] <= x <= s.box[0] + s.box[2]]
    header = [s for s in crossing if s.box[1] < body_top]
    footer = [s for s in crossing if s.box[1] >= body_top]
    return tuple(_merge_rows(header) + _merge_rows(lefts) + _merge_rows(rights) + _merge_rows(footer))


# Kept for callers that only need top-to-bottom order.
sort_lines = reading_order
