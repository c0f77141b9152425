"""The plumbing the held-out photo generators share (`demo.photo_generator_holdout`, `…_holdout2`).

Each held-out generator draws its boards and photographs them its own way; what they share is how a
generator keeps its word to the truth and to the benchmark: a covered price printed with its old amount
(`demo.photo_generator.with_old_amounts`, shared with the tuning generator)
and every printed character's box kept (for stickers and occluders), the board's rows in reading order split
into title and body, where a sticker goes over the old amount, the order of a photo's finishing steps, and
how a set is written. None of it decides what a board or a photo looks like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from demo.fonts import chinese_fonts
from demo.photo_generator import (
    CLASSES,
    BoardLine,
    BoardSpec,
    Sticker,
    _child_rng,
    framed_photo,
    reading_order,
    write_layout_grid,
)

Box = tuple[float, float, float, float]  # a printed character: left, top, right, bottom on the flat board
Rows = list[tuple[int, BoardLine]]  # board lines in reading order, each with its index in BoardSpec.lines
SceneStep = Callable[[np.ndarray, np.ndarray, np.random.Generator], None]


def glyph_boxes(text: str, font: Any, left: float, top: float, bottom: float) -> list[Box]:
    """The box of each character of `text` printed from x = `left` in `font`, between `top` and `bottom`."""
    return [
        (left + font.getlength(text[:i]), top, left + font.getlength(text[: i + 1]), bottom) for i in range(len(text))
    ]


def title_and_body(spec: BoardSpec) -> tuple[Rows, Rows, Rows, Rows]:
    """(title, body, left, right): the lines in reading order; on a two-column board the tariff lines (and
    their header) stand at the left and the others at the right, elsewhere the body is the left column."""
    where = {id(line): i for i, line in enumerate(spec.lines)}
    order = [(where[id(line)], line) for line in reading_order(spec)]
    title = [item for item in order if item[1].section == "title"]
    rows = [item for item in order if item[1].section != "title"]
    if spec.layout != "two_column":
        return title, rows, rows, []
    left = [item for item in rows if item[1].section in ("table_header", "tariff")]
    return title, rows, left, [item for item in rows if item[1].section not in ("table_header", "tariff")]


@dataclass(frozen=True)
class Patch:
    """Where a sticker goes: over the old amount's characters (`box`), `width` wide around `centre`, the new
    amount in `font`."""

    sticker: Sticker
    box: Box
    centre: tuple[float, float]
    width: float
    font: Any


def patches(
    spec: BoardSpec,
    glyphs: dict[tuple[int, int], list[Box]],
    text_size: int,
    scale: tuple[float, float],
    room: float,
    rng: np.random.Generator,
) -> Iterator[Patch]:
    """A patch for each covered price whose characters were printed: the new amount `scale` (a random
    range) of the board's `text_size`, the patch as wide as the old amount or the new one and `room` of
    the figure's size to spare."""
    for st in spec.stickers:
        boxes = glyphs.get((st.line, st.cell), [])[st.start : st.start + len(st.old)]
        if not boxes:
            continue
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        size = int(text_size * float(rng.uniform(*scale)))
        font = chinese_fonts()[0].load(size)
        width = max(x1 - x0, font.getlength(st.new)) + size * room
        yield Patch(st, (x0, y0, x1, y1), ((x0 + x1) / 2, (y0 + y1) / 2), width, font)


def glyph_height(glyphs: Sequence[Box]) -> float:
    """The median height of the printed characters (30 px for a board with none)."""
    return float(np.median([g[3] - g[1] for g in glyphs])) if glyphs else 30.0


def flat_board(
    board: Image.Image,
    glyphs: Sequence[Box],
    difficulty: str,
    occlude: Callable[[np.ndarray, Sequence[Box], np.random.Generator], np.ndarray],
    rng: np.random.Generator,
) -> np.ndarray:
    """The board as RGB pixels to photograph as `difficulty` (one of `CLASSES`), with the generator's
    occluder drawn on it for an occlusion photo (so it is warped with the board)."""
    if difficulty not in CLASSES:
        raise ValueError(f"unknown photo class {difficulty!r}")
    flat = np.asarray(board.convert("RGB"))
    return occlude(flat, glyphs, rng) if difficulty == "occlusion" else flat


def finished_photo(
    scene: np.ndarray,
    quad: np.ndarray,
    difficulty: str,
    rng: np.random.Generator,
    *,
    notice: SceneStep,
    clutter: SceneStep,
    glare: Callable[[np.ndarray, np.ndarray, np.random.Generator], np.ndarray],
    spoil: Callable[[np.ndarray, str, np.random.Generator], np.ndarray],
) -> Image.Image:
    """The photo of a `scene` with the board at `quad`: the scene class's addition (a notice beside the
    board, clutter around it or glare over it), then the class's degradation, then framed."""
    if difficulty == "notice":
        notice(scene, quad, rng)
    if difficulty == "clutter":
        clutter(scene, quad, rng)
    if difficulty == "glare":
        scene = glare(scene, quad, rng)
    return framed_photo(spoil(scene, difficulty, rng), quad, scene.shape[1])


def write_held_out_set(
    out_dir: str | Path,
    seed: int,
    base: int,
    generator: str,
    render: Callable[[BoardSpec, np.random.Generator], tuple[Image.Image, list[Box]]],
    photograph: Callable[[Image.Image, Sequence[Box], str, np.random.Generator], Image.Image],
    grid: tuple[int, int, Sequence[str], Sequence[str]],
) -> list[Path]:
    """A held-out set on the tuning set's grid: `grid` is (per_cell, clean_per_layout, classes, layouts);
    each board drawn by `render` from the random stream (seed, path, 1) and photographed by `photograph`
    from (seed, path, 2); the truth files say which `generator` made it."""

    def photo(spec: BoardSpec, difficulty: str, path: tuple[int, int, int]) -> tuple[Image.Image, dict[str, Any]]:
        board, glyphs = render(spec, _child_rng(seed, *path, 1))
        return photograph(board, glyphs, difficulty, _child_rng(seed, *path, 2)), {"generator": generator}

    return write_layout_grid(out_dir, seed, base, photo, *grid)
