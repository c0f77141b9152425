"""The common form of an OCR reading, whichever engine produced it.

The board reader only sees text lines and their confidences; it never knows which engine read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

# (left, top, width, height) in pixels of the image the engine was given
Box = tuple[int, int, int, int]
# (x, top, bottom) in pixels of a long vertical rule between two columns of a board
Divider = tuple[int, int, int]


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

    def read(self, image: np.ndarray, dividers: Sequence[Divider] = ()) -> OcrResult:
        """Read an image (uint8, grayscale HxW or RGB HxWx3) into lines, top to bottom.

        `dividers` are the column rules preparation found; an engine that finds its own text boxes
        may ignore them."""
        ...


def _span(line: OcrLine) -> tuple[float, float]:
    return float(line.box[1]), float(line.box[1] + line.box[3])


def _rows_of(segments: list[OcrLine]) -> list[list[OcrLine]]:
    """Segments grouped into printed rows, top to bottom (a row's cells left to right)."""
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
    for row in rows:
        row.sort(key=lambda line: line.box[0])
    return rows


# A table's left cell: a vehicle class or the header's 车型 — short, no amount, no "label：value".
_TABLE_LABEL_MAX_CHARS = 14
_VEHICLE_WORDS = ("车", "摩托", "座", "吨", "客", "货")


def is_table_label(text: str) -> bool:
    """True for text that reads as the left (vehicle) cell of a price table."""
    t = text.strip()
    if not t or len(t) > _TABLE_LABEL_MAX_CHARS or "元" in t or "：" in t or ":" in t:
        return False
    return any(word in t for word in _VEHICLE_WORDS)


def _is_label_fragment(text: str) -> bool:
    """The second printed line of a vehicle cell: "(8座以上)", "（含SUV）", "以上" and the like."""
    t = text.strip()
    return bool(t) and len(t) <= _TABLE_LABEL_MAX_CHARS and "元" not in t and (t[0] in "(（" or is_table_label(t))


def _attach_spanning_labels(rows: list[list[OcrLine]]) -> list[list[OcrLine]]:
    """Table rows whose vehicle cell spans two printed lines.

    A vehicle cell set beside a price that fills two printed lines is usually centred between them,
    so it forms a row of its own and the vehicle is separated from its price (or a cell printed on
    two lines, "大型车" / "(8座以上)", is cut in two). A lone label row is joined to the lone label
    fragment right under it, then put at the front of the first row that overlaps it vertically and
    has only cells to the right of it (the price's first line); the price's further lines follow as
    they are, the way the board prints them.
    """
    rows = [list(row) for row in rows]

    def lone_label(i: int) -> bool:
        return len(rows[i]) == 1 and is_table_label(rows[i][0].text)

    def right_only(row: list[OcrLine], label: OcrLine) -> bool:
        return all(cell.box[0] > label.box[0] + label.box[2] for cell in row)

    def overlap(a: OcrLine, row: list[OcrLine]) -> float:
        top, bottom = _span(a)
        r_top = min(_span(cell)[0] for cell in row)
        r_bottom = max(_span(cell)[1] for cell in row)
        return min(bottom, r_bottom) - max(top, r_top)

    i = 0
    while i < len(rows):
        if not lone_label(i):
            i += 1
            continue
        label = rows[i][0]
        # A vehicle cell printed on two lines: join the fragment under it (left edges aligned).
        for j in (i + 1, i + 2):
            if j < len(rows) and len(rows[j]) == 1 and _is_label_fragment(rows[j][0].text):
                frag = rows[j][0]
                gap = frag.box[1] - (label.box[1] + label.box[3])
                if abs(frag.box[0] - label.box[0]) <= max(label.box[3], frag.box[3]) and gap < label.box[3]:
                    left, top = min(label.box[0], frag.box[0]), label.box[1]
                    right = max(label.box[0] + label.box[2], frag.box[0] + frag.box[2])
                    bottom = frag.box[1] + frag.box[3]
                    label = OcrLine(
                        label.text + frag.text,
                        min(label.confidence, frag.confidence),
                        (left, top, right - left, bottom - top),
                    )
                    del rows[j]
                    break
        targets = [
            j
            for j in range(max(0, i - 2), min(len(rows), i + 3))
            if j != i and right_only(rows[j], label) and overlap(label, rows[j]) > 0
        ]
        if targets:
            j = targets[0]
            rows[j] = [label, *rows[j]]
            del rows[i]
            i = min(i, j)
            continue
        rows[i] = [label]
        i += 1
    return rows


def _merge_rows(segments: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom; segments on the same row (table cells) become one line, left to right."""
    rows = _attach_spanning_labels(_rows_of(segments))
    result: list[OcrLine] = []
    for row in rows:
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


def _looks_like_table(lefts: list[OcrLine], rights: list[OcrLine]) -> bool:
    """The segments left of a candidate column gap are a price table's vehicle cells: every left
    segment that has a cell on its row right of the gap reads as a vehicle label (or 车型)."""
    paired = []
    for seg in lefts:
        center = seg.box[1] + seg.box[3] / 2
        if any(abs(center - (r.box[1] + r.box[3] / 2)) < 0.5 * min(seg.box[3], r.box[3]) for r in rights):
            paired.append(seg)
    return len(paired) >= 2 and all(is_table_label(seg.text) for seg in paired)


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
        # ... and read as vehicle classes (a long one, "大型车(8座以上)", can pass the width test).
        if _looks_like_table(lefts, rights):
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
