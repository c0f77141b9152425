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
    # price amounts that look changed on the board itself (a sticker, a hand-written figure:
    # `ocr.amended`); only engines that know where each character is can tell
    amended: tuple[str, ...] = ()

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


def reading_order(segments: list[OcrLine]) -> tuple[OcrLine, ...]:
    """Lines in reading order, following the board's layout (`ocr.layout.reading_order`)."""
    from ocr.layout import reading_order as layout_order

    return layout_order(segments)


# Kept for callers that only need top-to-bottom order.
sort_lines = reading_order
