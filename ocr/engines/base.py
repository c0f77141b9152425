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


def sort_lines(lines: list[OcrLine]) -> tuple[OcrLine, ...]:
    """Reading order: top to bottom, then left to right for boxes on the same row."""
    if not lines:
        return ()
    ordered = sorted(lines, key=lambda line: (line.box[1] + line.box[3] / 2, line.box[0]))
    rows: list[list[OcrLine]] = []
    for line in ordered:
        center = line.box[1] + line.box[3] / 2
        if rows:
            last = rows[-1][-1]
            last_center = last.box[1] + last.box[3] / 2
            if abs(center - last_center) < 0.5 * min(line.box[3], last.box[3]):
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
    return tuple(result)
