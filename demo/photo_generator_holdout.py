"""A second, independent board-photo generator: the held-out benchmark set (issue 15).

The tuning photos (`demo.photo_generator.make_layout_dataset`) are drawn and photographed by one code
path, and the OCR was tuned on them; a score on more photos of that path says little about boards
drawn differently (the issue's 100 % did not carry over to a ruled board from another generator).
This module shares only the board *content* with it — `random_spec` (wording, fields, the truth) and
`with_sticker` (which price is covered) — and draws and photographs with its own code (the plumbing
that decides no look, shared with the v2 generator, is in `demo.photo_holdout_parts`):

- **its own template**: text 26–38 px on a tighter pitch (1.3–1.5 × the text height), thin rules
  (1–3 px), the title left-aligned or centred in a band or as a bold line over a thick rule, a label
  cell at the TOP of a multi-line value (the tuning boards centre it), no rule between the two
  columns of a two-column board, a vertical title as plain characters with a rule on their right, a bold body
  face on some boards, its own colours;
- **its own photographs**: a wall of tiles, concrete or brick drawn here; a homography of its own;
  defocus (disk) blur, haze for low contrast, Poisson + salt-and-pepper noise, PIL JPEG at q 6–12,
  bilinear thumbnails of 560–720 px, other signs as clutter, an elliptical laminate glare, a cable or
  drainpipe (kept off the text) and a parked car's roof for occlusion, an A4 notice of its own
  wording beside the board, and stickers / hand-written figures drawn its own way.

`make_holdout_dataset(out_dir, seed, per_cell, clean_per_layout)` writes the same file names as the
tuning set (`<class>-<layout>-<nnn>.jpg` + `.json`, truth from `photo_truth`, plus
`"generator": "holdout"`). The held-out set is evaluated only for the final figures, never tuned on.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from demo.fonts import chinese_fonts
from demo.photo_generator import CLASSES, LAYOUTS, BoardLine, BoardSpec, with_old_amounts
from demo.photo_holdout_parts import (
    Box,
    finished_photo,
    flat_board,
    glyph_boxes,
    glyph_height,
    patches,
    title_and_body,
    write_held_out_set,
)

GENERATOR = "holdout"
GENERATOR_VERSION = 1  # bump when this generator's output changes, so cached held-out photos are remade
# scheme → (background, text, title band, text on the band): not the tuning generator's colours
_PALETTE: dict[str, tuple[tuple[int, int, int], ...]] = {
    "blue": ((0, 92, 168), (255, 255, 255), (255, 255, 255), (0, 70, 140)),
    "green": ((0, 122, 88), (255, 255, 255), (232, 244, 236), (0, 96, 66)),
    "white": ((252, 252, 252), (10, 10, 10), (204, 18, 30), (255, 240, 200)),
    "cream": ((250, 244, 228), (40, 30, 20), (30, 60, 120), (250, 250, 250)),
    "yellow": ((250, 214, 0), (0, 0, 0), (0, 0, 0), (250, 214, 0)),
}
_GRID = ("table", "full_grid", "kv_table", "band_grid")  # layouts whose cells have vertical rules
_ALL_RULES = ("full_grid", "kv_table", "row_rules")  # a rule under every row


@dataclass
class _Look:
    font: Any
    title: Any
    pitch: int
    pad: int
    margin: int
    rule: int
    bg: tuple[int, int, int]
    fg: tuple[int, int, int]
    band: tuple[int, int, int]
    band_fg: tuple[int, int, int]
    title_band: bool
    title_centred: bool


def _look(spec: BoardSpec, rng: np.random.Generator) -> _Look:
    faces = chinese_fonts()
    size = int(rng.integers(26, 39))
    body_faces = [f for f in faces if not f.bold] + [f for f in faces if f.bold and "Sans" in f.family]
    body = body_faces[int(rng.integers(len(body_faces)))] if body_faces else faces[0]
    bold = [f for f in faces if f.bold] or [body]
    title = bold[int(rng.integers(len(bold)))]
    bg, fg, band, band_fg = _PALETTE[spec.scheme]
    margin = 0 if spec.layout == "row_rules" else int(size * float(rng.uniform(0.6, 1.0)))
    return _Look(
        font=body.load(size),
        title=title.load(int(size * float(rng.uniform(1.15, 1.4)))),
        pitch=int(size * float(rng.uniform(1.3, 1.5))),
        pad=int(size * 0.4),
        margin=margin,
        rule=int(rng.integers(1, 4)),
        bg=bg,
        fg=fg,
        band=band,
        band_fg=band_fg,
        title_band=spec.layout != "vertical_title" and rng.random() < 0.7,
        title_centred=rng.random() < 0.5,
    )


@dataclass
class _Board:
    """The drawing, and where every printed character went (for stickers and occluders)."""

    image: Image.Image
    draw: ImageDraw.ImageDraw
    spec: BoardSpec
    glyphs: dict[tuple[int, int], list[Box]] = field(default_factory=dict)

    def text(self, x: float, y: float, text: str, font: Any, fill: tuple[int, ...], key: tuple[int, int]) -> None:
        """`text` with its top-left at (x, y); a covered price is printed with its old amount."""
        text = with_old_amounts(self.spec, key, text)
        self.draw.text((x, y), text, font=font, fill=fill)
        self.glyphs.setdefault(key, []).extend(glyph_boxes(text, font, x, y + font.size * 0.1, y + font.size * 1.15))


def _cell_widths(rows: list[tuple[int, BoardLine]], look: _Look) -> list[float]:
    cols = max((len(line.cells) for _, line in rows if line.cells), default=1)
    widths = [0.0] * cols
    for _, line in rows:
        for c, cell in enumerate(line.cells or ()):
            widths[c] = max(widths[c], look.font.getlength(cell) + 2 * look.pad)
    return widths


def _block_width(rows: list[tuple[int, BoardLine]], look: _Look) -> float:
    widths = _cell_widths(rows, look)
    plain = [look.font.getlength(line.text) + 2 * look.pad for _, line in rows if not line.cells]
    return float(max([sum(widths), *plain]))


def _draw_rows(bd: _Board, look: _Look, rows: list[tuple[int, BoardLine]], x: float, y: float, width: float) -> float:
    """The body rows from (x, y), `width` wide; returns the bottom."""
    widths = _cell_widths(rows, look)
    widths[-1] += max(0.0, width - sum(widths))
    edges = [x + sum(widths[:c]) for c in range(len(widths) + 1)]
    grid, all_rules = bd.spec.layout in _GRID, bd.spec.layout in _ALL_RULES
    for n, (idx, line) in enumerate(rows):
        last_of_row = n + 1 == len(rows) or not rows[n + 1][1].continues
        top = y
        if line.cells and bd.spec.layout != "row_rules":
            for c, cell in enumerate(line.cells):
                if cell:
                    bd.text(
                        edges[c] + look.pad, y + (look.pitch - look.font.size) / 2, cell, look.font, look.fg, (idx, c)
                    )
            if grid:
                for edge in edges[1:-1]:
                    bd.draw.line([edge, top, edge, top + look.pitch], fill=look.fg, width=look.rule)
                if not line.continues:
                    bd.draw.line([x, top, x + width, top], fill=look.fg, width=look.rule)
        else:
            bd.text(x + look.pad, y + (look.pitch - look.font.size) / 2, line.text, look.font, look.fg, (idx, -1))
        y += look.pitch
        if (all_rules and last_of_row) or (grid and line.cells and last_of_row):
            bd.draw.line([x, y, x + width, y], fill=look.fg, width=look.rule)
    return y


def _draw_title(bd: _Board, look: _Look, title: list[tuple[int, BoardLine]], width: float, y: float) -> float:
    for idx, line in title:
        h = look.title.size * 1.7
        colour = look.fg
        if look.title_band:
            bd.draw.rectangle([0, y, width, y + h], fill=look.band)
            colour = look.band_fg
        tw = look.title.getlength(line.text)
        x = (width - tw) / 2 if look.title_centred else look.margin + look.pad
        bd.text(x, y + (h - look.title.size * 1.2) / 2, line.text, look.title, colour, (idx, -1))
        y += h
        if not look.title_band:
            bd.draw.line([0, y, width, y], fill=look.fg, width=look.rule + 2)
    return y + look.pitch * 0.2


def _vertical(bd: _Board, look: _Look, title: list[tuple[int, BoardLine]], x: float, height: float) -> None:
    for idx, line in title:
        step = look.title.size * 1.15
        y = (height - step * len(line.text)) / 2
        for i, ch in enumerate(line.text):
            bd.draw.text((x, y + i * step), ch, font=look.title, fill=look.fg)
            bd.glyphs.setdefault((idx, -1), []).append(
                (x, y + i * step, x + look.title.size, y + i * step + look.title.size * 1.1)
            )
    rule_x = x + look.title.size * 1.4
    bd.draw.line([rule_x, look.margin, rule_x, height - look.margin], fill=look.fg, width=look.rule + 1)


def render_holdout_board(spec: BoardSpec, rng: np.random.Generator) -> tuple[Image.Image, list[Box]]:
    """The flat board drawn by this module's template, and the box of every printed character."""
    look = _look(spec, rng)
    title, rows, left, right = title_and_body(spec)
    two = spec.layout == "two_column"
    gap = look.font.size * 2.2 if two else 0
    strip = look.title.size * 1.9 if spec.layout == "vertical_title" else 0
    body_w = _block_width(left, look) + (gap + _block_width(right, look) if right else 0)
    title_w = 0 if strip else max(look.title.getlength(line.text) for _, line in title) + 2 * look.pad
    width = int(strip + max(body_w, title_w) + 2 * look.margin)
    title_h = 0 if strip else len(title) * (look.title.size * 1.7 + look.pitch * 0.2)
    body_h = max(len(left), len(right)) * look.pitch
    height = int(look.margin * 2 + title_h + body_h + look.pitch * 0.4)
    if strip:
        height = max(height, int(sum(len(line.text) for _, line in title) * look.title.size * 1.15 + 2 * look.margin))
    image = Image.new("RGB", (width, height), look.bg)
    bd = _Board(image, ImageDraw.Draw(image), spec)
    if spec.layout not in ("row_rules",):
        bd.draw.rectangle([0, 0, width - 1, height - 1], outline=look.fg, width=look.rule + 1)
    y = float(look.margin)
    if strip:
        _vertical(bd, look, title, look.margin, height)
    else:
        y = _draw_title(bd, look, title, width, y)
    x = look.margin + strip
    if two:
        lw = _block_width(left, look)
        _draw_rows(bd, look, left, x, y, lw)
        _draw_rows(bd, look, right, x + lw + gap, y, _block_width(right, look))
    else:
        _draw_rows(bd, look, rows, x, y, width - x - look.margin)
    _stick(bd, look, rng)
    return image, [box for boxes in bd.glyphs.values() for box in boxes]


def _stick(bd: _Board, look: _Look, rng: np.random.Generator) -> None:
    """A sticker or a hand-written figure over each covered price (its new amount on top)."""
    for p in patches(bd.spec, bd.glyphs, look.font.size, (0.9, 1.05), 0.3, rng):
        st, font, size, w = p.sticker, p.font, p.font.size, p.width
        (cx, cy), y0, y1 = p.centre, p.box[1], p.box[3]
        if st.style == "hand":  # a white correction patch, the figure in blue ballpoint, slanted
            bd.draw.rounded_rectangle([cx - w / 2, y0 - 3, cx + w / 2, y1 + 3], radius=size // 4, fill=(245, 245, 240))
            patch = Image.new("RGBA", (int(w * 1.4), int(size * 1.8)), (0, 0, 0, 0))
            ImageDraw.Draw(patch).text(
                (patch.width / 2, patch.height / 2), st.new, font=font, fill=(25, 40, 150, 255), anchor="mm"
            )
            patch = patch.transform(patch.size, Image.Transform.AFFINE, (1, 0.22, -0.1 * patch.height, 0, 1, 0))
            bd.image.paste(patch, (int(cx - patch.width / 2), int(cy - patch.height / 2)), patch)
        else:  # an orange price label, square, with a thin shadow
            bd.draw.rectangle([cx - w / 2 + 3, y0 - 1, cx + w / 2 + 3, y1 + 5], fill=(120, 120, 120))
            bd.draw.rectangle([cx - w / 2, y0 - 4, cx + w / 2, y1 + 2], fill=(255, 190, 90))
            bd.draw.text((cx, cy - 1), st.new, font=font, fill=(10, 10, 10), anchor="mm")


# ---------------------------------------------------------------------------------------------
# Photographing it (this module's own scene, homography and degradations)
# ---------------------------------------------------------------------------------------------

_NOTICE = (
    "温馨提示",
    "请将车辆停放在车位线内",
    "贵重物品请随身携带",
    "禁止占用消防通道",
    "场内限速5公里",
    "请勿在场内洗车",
    "感谢您的配合",
)
_SIGNS = ("出口", "入口", "B1", "注意安全", "小心地滑", "禁止吸烟", "电梯厅", "收银处")


def _wall(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A wall of tiles, concrete or brick (RGB)."""
    kind = int(rng.integers(3))
    base = np.array(((214, 208, 196), (150, 150, 146), (150, 72, 52))[kind], np.float32)
    wall = np.empty((height, width, 3), np.float32)
    wall[:] = base + rng.normal(0, 6, 3)
    small = rng.normal(0, 9 if kind == 1 else 4, (height // 16 + 1, width // 16 + 1, 1)).astype(np.float32)
    wall += cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)[:, :, None]
    if kind != 1:  # grout / mortar joints
        step_y = int(rng.integers(60, 140)) if kind == 0 else int(rng.integers(30, 50))
        step_x = step_y if kind == 0 else step_y * 2
        for y in range(0, height, step_y):
            wall[y : y + 3] *= 0.8
            shift = (y // step_y % 2) * step_x // 2 if kind == 2 else 0
            for x in range(shift, width, step_x):
                wall[y : y + step_y, x : x + 3] *= 0.8
    return np.clip(wall, 0, 255).astype(np.uint8)


def _place(
    board: np.ndarray, scene: np.ndarray, fill: float, skew: float, turn: float, rng: np.random.Generator
) -> np.ndarray:
    """The board warped into `scene` (in place): `fill` of its width, corners moved by up to `skew` of
    the board's width, turned by `turn` degrees. Returns the board's corners in the scene."""
    sh, sw = scene.shape[:2]
    bh, bw = board.shape[:2]
    scale = min(fill * sw / bw, 0.85 * sh / bh)
    w, h = bw * scale, bh * scale
    cx, cy = sw / 2 + rng.uniform(-0.5, 0.5) * (sw - w) * 0.6, sh / 2 + rng.uniform(-0.5, 0.5) * (sh - h) * 0.6
    quad = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], np.float32)
    quad += rng.uniform(-skew, skew, (4, 2)).astype(np.float32) * w
    a = math.radians(turn)
    quad = quad @ np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]], np.float32)
    quad += np.array([cx, cy], np.float32)
    src = np.array([[0, 0], [bw, 0], [bw, bh], [0, bh]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(board, matrix, (sw, sh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((bh, bw), 255, np.uint8), matrix, (sw, sh))
    scene[mask > 127] = warped[mask > 127]
    return quad


def _free_x(glyphs: Sequence[Box], width: int, half: float) -> float | None:
    """An x across the board where a thin occluder hides no character (a margin or a column gap)."""
    xs = [x for x in np.linspace(half, width - half, 120) if all(g[2] < x - half or g[0] > x + half for g in glyphs)]
    inner = [x for x in xs if 0.08 * width < x < 0.92 * width]
    return float((inner or xs or [None])[len(inner or xs) // 2]) if (inner or xs) else None


def _occluder(flat: np.ndarray, glyphs: Sequence[Box], rng: np.random.Generator) -> np.ndarray:
    """A drainpipe or cable down the board where it hides no text, or a car roof below the text
    (drawn on the flat board, so it is warped with it)."""
    out = flat.copy()
    h, w = out.shape[:2]
    size = glyph_height(glyphs)
    half = size * float(rng.uniform(0.12, 0.22))
    x = _free_x(glyphs, w, half)
    if x is not None and rng.random() < 0.6:
        grey = int(rng.integers(60, 200))
        cv2.rectangle(out, (int(x - half), 0), (int(x + half), h), (grey, grey, grey - 10), -1)
        cv2.line(out, (int(x - half / 2), 0), (int(x - half / 2), h), (min(255, grey + 50),) * 3, max(1, int(half / 4)))
        return out
    bottom = max((g[3] for g in glyphs), default=0.8 * h)
    roof = int(min(h - 2, bottom + 0.3 * size))
    colour = tuple(int(c) for c in rng.integers(20, 220, 3))
    left = int(rng.uniform(-0.1, 0.5) * w)
    cv2.ellipse(
        out, (left + w // 3, h + int(0.1 * h)), (w // 2, max(4, h + int(0.1 * h) - roof)), 0, 180, 360, colour, -1
    )
    return out


def _notice(size: int, rng: np.random.Generator) -> np.ndarray:
    """An A4 sheet with a short notice in small print."""
    face = chinese_fonts()[0]
    font = face.load(size)
    lines = [_NOTICE[0], *(_NOTICE[1 + int(i)] for i in rng.choice(len(_NOTICE) - 1, 3, replace=False))]
    width = int(max(font.getlength(line) for line in lines) + 2 * size)
    height = int(max(width * 1.41, (len(lines) + 2) * size * 1.6))
    sheet = Image.new("RGB", (width, height), (248, 248, 244))
    draw = ImageDraw.Draw(sheet)
    for i, line in enumerate(lines):
        draw.text((size, size + i * size * 1.6), line, font=font, fill=(20, 20, 20))
    draw.rectangle([width // 3, 0, 2 * width // 3, size // 2], fill=(230, 225, 200))  # tape
    return np.asarray(sheet)


def _clutter(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> None:
    """Other signs and shapes on the wall around the board (never over it)."""
    h, w = scene.shape[:2]
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    font = chinese_fonts()[-1].load(int(rng.integers(28, 48)))
    for _ in range(int(rng.integers(6, 12))):
        sw, sh = int(rng.integers(80, 260)), int(rng.integers(50, 160))
        x, y = int(rng.integers(0, max(1, w - sw))), int(rng.integers(0, max(1, h - sh)))
        if x < x1 + 10 and x + sw > x0 - 10 and y < y1 + 10 and y + sh > y0 - 10:
            continue
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.rectangle(scene, (x, y), (x + sw, y + sh), colour, -1)
        sign = Image.fromarray(scene[y : y + sh, x : x + sw])
        ImageDraw.Draw(sign).text((8, 8), _SIGNS[int(rng.integers(len(_SIGNS)))], font=font, fill=(255, 255, 255))
        scene[y : y + sh, x : x + sw] = np.asarray(sign)


def _glare(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A laminate's flash: an elliptical highlight over part of the board; text stays faintly legible."""
    h, w = scene.shape[:2]
    centre = quad.mean(axis=0) + (quad.max(axis=0) - quad.min(axis=0)) * rng.uniform(-0.3, 0.3, 2)
    axes = (quad.max(axis=0) - quad.min(axis=0)) * rng.uniform(0.12, 0.25, 2)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = ((xx - centre[0]) / axes[0]) ** 2 + ((yy - centre[1]) / axes[1]) ** 2
    alpha = float(rng.uniform(0.5, 0.72)) * np.exp(-d)[:, :, None]
    return np.asarray(scene * (1 - alpha) + 255 * alpha).astype(np.uint8)


def _degraded(scene: np.ndarray, difficulty: str, rng: np.random.Generator) -> np.ndarray:
    if difficulty == "blur":  # defocus: a disk kernel
        r = float(rng.uniform(1.8, 3.0))
        k = int(2 * math.ceil(r) + 1)
        disk = np.zeros((k, k), np.float32)
        cv2.circle(disk, (k // 2, k // 2), round(r), 1.0, -1)
        return cv2.filter2D(scene, -1, disk / disk.sum())
    if difficulty == "small":
        img = Image.fromarray(scene)
        img.thumbnail((int(rng.integers(560, 721)),) * 2, Image.Resampling.BILINEAR)
        return np.asarray(img)
    if difficulty == "jpeg":
        buf = io.BytesIO()
        Image.fromarray(scene).save(buf, format="JPEG", quality=int(rng.integers(6, 13)))
        return np.asarray(Image.open(buf).convert("RGB"))
    if difficulty == "low_contrast":  # haze
        alpha, haze = float(rng.uniform(0.35, 0.5)), float(rng.uniform(160, 210))
        return np.clip(scene * alpha + haze * (1 - alpha), 0, 255).astype(np.uint8)
    if difficulty == "noise":
        noisy = rng.poisson(scene.astype(np.float32) / 4.0) * 4.0 + rng.normal(
            0, float(rng.uniform(8, 14)), scene.shape
        )
        salt = rng.random(scene.shape[:2]) < 0.003
        noisy[salt] = rng.choice([0.0, 255.0], size=(int(salt.sum()), 1))
        return np.clip(noisy, 0, 255).astype(np.uint8)
    if difficulty == "phone":
        return np.asarray(Image.fromarray(scene).filter(ImageFilter.GaussianBlur(0.8)))
    return scene


# class → (board text height in the photo in px, board fill of the width, corner skew, turn in degrees)
def _geometry(difficulty: str, rng: np.random.Generator) -> tuple[float, float, float, float]:
    turn = float(rng.uniform(-1.5, 1.5))
    if difficulty == "rotation":
        turn = float(rng.choice([-1, 1]) * rng.uniform(4, 9))
    skew = float(rng.uniform(0.07, 0.13)) if difficulty == "perspective" else float(rng.uniform(0.0, 0.02))
    fill = float(rng.uniform(0.4, 0.55)) if difficulty in ("clutter", "notice") else float(rng.uniform(0.6, 0.82))
    text_px = float(rng.uniform(70, 100)) if difficulty == "phone" else float(rng.uniform(20, 30))
    return text_px, fill, skew, turn


def _scene_size(board: np.ndarray, glyphs: Sequence[Box], text_px: float, fill: float) -> tuple[int, int]:
    """(width, height) of a 4:3 scene where the board, `fill` of its width, prints text `text_px` high."""
    size = glyph_height(glyphs)
    width = board.shape[1] * text_px / size / fill
    height = max(width * 0.75, board.shape[0] * text_px / size / 0.85)
    if height > width:  # a tall board: a portrait photo
        width = max(width, height * 0.75)
    return int(width), int(height)


def _tape_notice(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator, glyphs: Sequence[Box]) -> None:
    """An A4 notice in smaller print taped to the wall beside the board (left or right of it)."""
    sheet = _notice(int(glyph_height(glyphs) * 0.6) if glyphs else 20, rng)
    scale = min(1.0, 0.5 * (quad[:, 1].max() - quad[:, 1].min()) / sheet.shape[0])
    sheet = cv2.resize(sheet, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gap = int(rng.integers(20, 60))
    if rng.random() < 0.5:
        sx = int(quad[:, 0].max() + gap)
    else:
        sx = int(quad[:, 0].min() - gap - sheet.shape[1])
    sx = max(0, min(scene.shape[1] - sheet.shape[1], sx))
    sy = max(0, min(scene.shape[0] - sheet.shape[0], int(quad[:, 1].min() + gap)))
    scene[sy : sy + sheet.shape[0], sx : sx + sheet.shape[1]] = sheet


def photograph_holdout(
    board: Image.Image, glyphs: Sequence[Box], difficulty: str, rng: np.random.Generator
) -> Image.Image:
    """A photo of `board` in one of `CLASSES`, by this module's own scene and degradations."""
    flat = flat_board(board, glyphs, difficulty, _occluder, rng)
    text_px, fill, skew, turn = _geometry(difficulty, rng)
    scene = _wall(*_scene_size(flat, glyphs, text_px, fill), rng)
    quad = _place(flat, scene, fill, skew, turn, rng)
    notice = partial(_tape_notice, glyphs=glyphs)
    return finished_photo(scene, quad, difficulty, rng, notice=notice, clutter=_clutter, glare=_glare, spoil=_degraded)


def make_holdout_dataset(
    out_dir: str | Path,
    seed: int,
    per_cell: int = 3,
    clean_per_layout: int = 3,
    classes: Sequence[str] = CLASSES,
    layouts: Sequence[str] = LAYOUTS,
) -> list[Path]:
    """The held-out photos: `per_cell` per class × layout (`clean_per_layout` clean ones per layout),
    named as the tuning set's; the board content from `random_spec`, drawing and photo from here."""
    grid = (per_cell, clean_per_layout, classes, layouts)
    return write_held_out_set(out_dir, seed, 5000, GENERATOR, render_holdout_board, photograph_holdout, grid)
