"""A third, independent board-photo generator: the held-out set v2 (issue 15, session 4).

The first held-out set (`demo.photo_generator_holdout`) was measured and its weak spots were then
worked on, so it no longer counts as unseen. This module is written before any of that work and
shares only the board *content* with the other generators — `random_spec` (wording, fields, the
truth), `board_for` (which price a sticker covers), `reading_order`, `photo_truth` and `write_photo`
— and draws and photographs with its own code, templates neither other generator draws (the plumbing
that decides no look, shared with the v1 generator, is in `demo.photo_holdout_parts`):

- **its own templates**: a coloured header band (with a thin accent stripe) over every board, a
  double outer frame, dashed or dotted rules, serif or bold faces (Noto Serif CJK where installed),
  prices right-aligned in their cells, a tinted header row and a tinted label column, free-text
  tariff lines printed menu-style (label at the left, value right-aligned), a two-column board whose
  left column is a boxed vehicle | price table, a vertical title reversed out of a coloured strip;
- **its own photographs**: a car-park backdrop (gradient, pillars, floor line), a camera model
  (yaw / pitch / roll and focal length → homography), motion blur, dusk lighting with a shadow
  gradient for low contrast, luminance + chroma noise, OpenCV JPEG at q 5–12, area-resampled
  thumbnails of 600–760 px, phone photos with vignetting and sharpening, a diagonal glare streak,
  foliage in a corner of the board (kept off the text), a yellow landscape notice below or beside
  the board, posters and bay numbers as clutter, round stickers and marker figures over a price.

`make_holdout2_dataset(out_dir, seed, per_cell, clean_per_layout)` writes the same file names as
the other sets (`<class>-<layout>-<nnn>.jpg` + `.json`, truth from `photo_truth`, plus
`"generator": "holdout2"`). Its seed's results are read once, for the final figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from demo.fonts import FontFace, chinese_fonts
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

GENERATOR = "holdout2"
GENERATOR_VERSION = 1  # bump when this generator's output changes, so cached photos are remade
Rgb = tuple[int, int, int]
# scheme → (board, text, header band, header text, tint for header rows / label cells, accent stripe)
_COLOURS: dict[str, tuple[Rgb, ...]] = {
    "blue": ((18, 64, 140), (250, 250, 250), (200, 30, 40), (255, 255, 255), (40, 96, 176), (250, 200, 40)),
    "green": ((10, 100, 70), (250, 250, 250), (240, 240, 235), (10, 90, 60), (30, 130, 95), (240, 200, 60)),
    "white": ((246, 246, 242), (25, 25, 30), (20, 80, 150), (255, 255, 255), (214, 226, 240), (220, 40, 40)),
    "cream": ((244, 236, 214), (60, 35, 20), (150, 30, 30), (255, 246, 220), (232, 214, 180), (60, 35, 20)),
    "yellow": ((246, 220, 60), (20, 20, 20), (20, 20, 20), (246, 220, 60), (234, 196, 40), (200, 30, 30)),
}
_PRICE = ("元", "免费")


@dataclass
class _Template:
    body: Any
    bold: Any
    title: Any
    size: int
    pitch: int
    pad: int
    margin: int
    rule: int
    dash: tuple[int, int]  # on / off lengths of a rule (1 / 3 ≈ dotted)
    colours: tuple[Rgb, ...]
    label_top: bool  # a label beside several value lines sits at the top (else in the middle)

    @property
    def fg(self) -> Rgb:
        return self.colours[1]


def _faces() -> tuple[FontFace, FontFace]:
    """(body, bold): serif faces when installed, else whatever Chinese faces there are."""
    faces = chinese_fonts()
    serif = [f for f in faces if "Serif" in f.family]
    pool = serif or list(faces)
    regular = next((f for f in pool if not f.bold), pool[0])
    bold = next((f for f in pool if f.bold), regular)
    return regular, bold


def _template(spec: BoardSpec, rng: np.random.Generator) -> _Template:
    regular, bold = _faces()
    size = int(rng.integers(24, 35))
    body_face = bold if rng.random() < 0.3 else regular
    if rng.random() < 0.4:  # some boards print the body in the sans face
        sans = [f for f in chinese_fonts() if "Sans" in f.family and not f.bold]
        body_face = sans[0] if sans else body_face
    dotted = rng.random() < 0.5
    return _Template(
        body=body_face.load(size),
        bold=bold.load(size),
        title=bold.load(int(size * float(rng.uniform(1.3, 1.6)))),
        size=size,
        pitch=int(size * float(rng.uniform(1.55, 1.85))),
        pad=int(size * float(rng.uniform(0.5, 0.8))),
        margin=0 if spec.layout == "row_rules" else int(size * float(rng.uniform(0.8, 1.3))),
        rule=int(rng.integers(2, 4)),
        dash=(2, 5) if dotted else (int(size * 0.5), int(size * 0.25)),
        colours=_COLOURS[spec.scheme],
        label_top=rng.random() < 0.5,
    )


def _dashed(
    draw: ImageDraw.ImageDraw,
    a: tuple[float, float],
    b: tuple[float, float],
    fill: Rgb,
    width: int,
    dash: tuple[int, int],
) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length < 1:
        return
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pos = 0.0
    while pos < length:
        end = min(length, pos + dash[0])
        draw.line([a[0] + ux * pos, a[1] + uy * pos, a[0] + ux * end, a[1] + uy * end], fill=fill, width=width)
        pos = end + dash[1]


@dataclass
class _Sheet:
    """The board being drawn, and the box of every printed character (for stickers and foliage)."""

    image: Image.Image
    draw: ImageDraw.ImageDraw
    spec: BoardSpec
    tpl: _Template
    glyphs: dict[tuple[int, int], list[Box]] = field(default_factory=dict)

    def put(
        self, x: float, y: float, w: float, text: str, font: Any, fill: Rgb, key: tuple[int, int], align: str = "left"
    ) -> None:
        """`text` in the span [x, x + w] at top y, aligned left / centre / right; a price under a
        sticker is printed with its old amount (the sticker says the new one)."""
        text = with_old_amounts(self.spec, key, text)
        tw = font.getlength(text)
        left = x + (w - tw if align == "right" else (w - tw) / 2 if align == "centre" else 0)
        self.draw.text((left, y), text, font=font, fill=fill)
        self.glyphs.setdefault(key, []).extend(
            glyph_boxes(text, font, left, y + font.size * 0.12, y + font.size * 1.12)
        )

    def hrule(self, x0: float, x1: float, y: float) -> None:
        _dashed(self.draw, (x0, y), (x1, y), self.tpl.fg, self.tpl.rule, self.tpl.dash)

    def vrule(self, x: float, y0: float, y1: float) -> None:
        _dashed(self.draw, (x, y0), (x, y1), self.tpl.fg, self.tpl.rule, self.tpl.dash)


def _is_price(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and any(word in text for word in _PRICE)


def _columns(rows: Sequence[tuple[int, BoardLine]], tpl: _Template) -> list[float]:
    count = max((len(line.cells) for _, line in rows if line.cells), default=1)
    widths = [0.0] * count
    for _, line in rows:
        for c, cell in enumerate(line.cells or ()):
            wide = max(tpl.body.getlength(cell), tpl.bold.getlength(cell))  # header rows are bold
            widths[c] = max(widths[c], wide + 2 * tpl.pad)
    return widths


def _plain_width(line: BoardLine, tpl: _Template) -> float:
    split = _menu_split(line)
    if split:  # menu style: label, a gap, the value
        return float(tpl.bold.getlength(split[0]) + tpl.body.getlength(split[1]) + 4 * tpl.pad)
    return float(tpl.body.getlength(line.text) + 2 * tpl.pad)


def _menu_split(line: BoardLine) -> tuple[str, str] | None:
    """A free-text tariff line `小型车：首小时5元…` as (label with its colon, value)."""
    if line.section != "tariff" or "：" not in line.text:
        return None
    label, value = line.text.split("：", 1)
    return (label + "：", value) if 0 < len(label) <= 6 and _is_price(value) else None


def _width(rows: Sequence[tuple[int, BoardLine]], tpl: _Template) -> float:
    plain = [_plain_width(line, tpl) for _, line in rows if not line.cells]
    return float(max([sum(_columns(rows, tpl)), *plain, 1.0]))


def _cell_row(
    sh: _Sheet, idx: int, line: BoardLine, edges: list[float], y: float, height: float, font: Any, fill: Rgb
) -> None:
    tpl = sh.tpl
    for c, cell in enumerate(line.cells or ()):
        if not cell:
            continue
        span = edges[c + 1] - edges[c] - 2 * tpl.pad
        align = "right" if c > 0 and _is_price(cell) else "left"
        top = y + (height - tpl.size * 1.2) / 2
        if c == 0 and sh.spec.layout == "kv_table" and height > tpl.pitch * 1.5:
            top = y + (tpl.pitch - tpl.size * 1.2) / 2 if tpl.label_top else top
        sh.put(edges[c] + tpl.pad, top, span, cell, font, fill, (idx, c), align)


def _groups(rows: Sequence[tuple[int, BoardLine]]) -> list[list[tuple[int, BoardLine]]]:
    """Rows joined with the continuation lines under them (a label cell beside several value lines)."""
    out: list[list[tuple[int, BoardLine]]] = []
    for item in rows:
        if item[1].continues and out:
            out[-1].append(item)
        else:
            out.append([item])
    return out


def _draw_body(sh: _Sheet, rows: Sequence[tuple[int, BoardLine]], x: float, y: float, width: float) -> float:
    """The body rows from (x, y), `width` wide, in this template's style; returns the bottom."""
    tpl, layout = sh.tpl, sh.spec.layout
    widths = _columns(rows, tpl)
    widths[-1] += max(0.0, width - sum(widths))
    edges = [x + sum(widths[:c]) for c in range(len(widths) + 1)]
    ruled_rows = layout in ("full_grid", "kv_table", "row_rules", "band_grid", "table", "vertical_title")
    col_rules = layout in ("full_grid", "kv_table", "band_grid")
    for group in _groups(rows):
        height = tpl.pitch * len(group)
        first = group[0][1]
        if first.cells:
            if first.section == "table_header" or (layout == "kv_table" and first.cells[0] == "项目"):
                sh.draw.rectangle([x, y, x + width, y + height], fill=tpl.colours[4])
                font = tpl.bold
            else:
                font = tpl.body
                if layout == "kv_table":  # the label column tinted
                    sh.draw.rectangle([x, y, edges[1], y + height], fill=tpl.colours[4])
            for n, (idx, line) in enumerate(group):
                cells = line.cells or ()
                if n == 0 and len(group) > 1 and cells and cells[0]:
                    _cell_row(sh, idx, BoardLine(line.text, line.section, (cells[0],)), edges, y, height, font, tpl.fg)
                    cells = ("", *cells[1:])
                _cell_row(
                    sh,
                    idx,
                    BoardLine(line.text, line.section, cells),
                    edges,
                    y + n * tpl.pitch,
                    tpl.pitch,
                    font,
                    tpl.fg,
                )
            if col_rules:
                for edge in edges[1:-1]:
                    sh.vrule(edge, y, y + height)
        else:
            for idx, line in group:
                split = _menu_split(line)
                top = y + (tpl.pitch - tpl.size * 1.2) / 2
                if split and layout in ("free_text", "row_rules"):
                    sh.put(x + tpl.pad, top, width, split[0], tpl.bold, tpl.fg, (idx, -1))
                    # the value's characters are keyed as the line's, after the label's
                    value = _Offset(sh, idx, len(split[0]))
                    value.put(x + tpl.pad, top, width - 2 * tpl.pad, split[1], tpl.body, tpl.fg)
                else:
                    sh.put(x + tpl.pad, top, width, line.text, tpl.body, tpl.fg, (idx, -1))
        y += height
        if ruled_rows:
            sh.hrule(x, x + width, y)
    return y


@dataclass
class _Offset:
    """Prints the rest of a line (its value) right-aligned, keeping sticker positions right."""

    sheet: _Sheet
    idx: int
    skip: int

    def put(self, x: float, y: float, w: float, text: str, font: Any, fill: Rgb) -> None:
        sh = self.sheet
        text = with_old_amounts(sh.spec, (self.idx, -1), text, self.skip)
        left = x + w - font.getlength(text)
        sh.draw.text((left, y), text, font=font, fill=fill)
        boxes = glyph_boxes(text, font, left, y + font.size * 0.12, y + font.size * 1.12)
        sh.glyphs.setdefault((self.idx, -1), []).extend(boxes)


def _header(sh: _Sheet, title: Sequence[tuple[int, BoardLine]], width: float) -> float:
    """The coloured header band with the title, and the accent stripe under it; returns the bottom."""
    tpl = sh.tpl
    height = tpl.title.size * 1.9 * len(title)
    sh.draw.rectangle([0, 0, width, height], fill=tpl.colours[2])
    for n, (idx, line) in enumerate(title):
        top = n * tpl.title.size * 1.9 + tpl.title.size * 0.3
        sh.put(0, top, width, line.text, tpl.title, tpl.colours[3], (idx, -1), "centre")
    stripe = max(3, tpl.size // 6)
    sh.draw.rectangle([0, height, width, height + stripe], fill=tpl.colours[5])
    return float(height + stripe + tpl.pitch * 0.3)


def _strip(sh: _Sheet, title: Sequence[tuple[int, BoardLine]], width: float, height: float) -> None:
    """A vertical title reversed out of a coloured strip at the left."""
    tpl = sh.tpl
    sh.draw.rectangle([0, 0, width, height], fill=tpl.colours[2])
    chars = [(idx, ch) for idx, line in title for ch in line.text]
    step = tpl.title.size * 1.2
    y = (height - step * len(chars)) / 2
    for idx, ch in chars:
        sh.put(0, y, width, ch, tpl.title, tpl.colours[3], (idx, -1), "centre")
        y += step


def render_holdout2_board(spec: BoardSpec, rng: np.random.Generator) -> tuple[Image.Image, list[Box]]:
    """The flat board drawn by this module's templates, and the box of every printed character."""
    tpl = _template(spec, rng)
    title, rows, left, right = title_and_body(spec)
    two = spec.layout == "two_column"
    gap = tpl.size * 1.5 if two else 0.0
    strip = tpl.title.size * 2.0 if spec.layout == "vertical_title" else 0.0
    left_w = _width(left, tpl)
    body_w = left_w + (gap + _width(right, tpl) if right else 0.0)
    title_w = 0.0 if strip else max(tpl.title.getlength(line.text) for _, line in title) + 2 * tpl.size
    width = int(strip + max(body_w + 2 * tpl.margin, title_w))
    head = 0.0 if strip else len(title) * tpl.title.size * 1.9 + max(3, tpl.size // 6) + tpl.pitch * 0.3
    height = int(head + max(len(left), len(right)) * tpl.pitch + 2 * tpl.margin + tpl.pitch * 0.3)
    if strip:
        chars = sum(len(line.text) for _, line in title)
        height = max(height, int(chars * tpl.title.size * 1.2 + 2 * tpl.size))
    image = Image.new("RGB", (width, height), tpl.colours[0])
    sh = _Sheet(image, ImageDraw.Draw(image), spec, tpl)
    y = tpl.margin * 0.5 if strip else _header(sh, title, width)
    if strip:
        _strip(sh, title, strip, height)
    x = strip + tpl.margin
    if two:  # the tariff as a boxed table at the left, the other lines at the right
        bottom = _draw_body(sh, left, x, y, left_w)
        sh.draw.rectangle([x, y, x + left_w, bottom], outline=tpl.fg, width=tpl.rule)
        _draw_body(sh, right, x + left_w + gap, y, _width(right, tpl))
    else:
        _draw_body(sh, rows, x, y, width - x - tpl.margin)
    if spec.layout != "row_rules":  # a double frame: thick outside, thin inside
        sh.draw.rectangle([0, 0, width - 1, height - 1], outline=tpl.fg, width=tpl.rule + 2)
        inset = tpl.rule + 5
        sh.draw.rectangle([inset, inset, width - 1 - inset, height - 1 - inset], outline=tpl.fg, width=1)
    _cover(sh, rng)
    return image, [box for boxes in sh.glyphs.values() for box in boxes]


def _cover(sh: _Sheet, rng: np.random.Generator) -> None:
    """A round sticker or a marker figure on a yellow patch over each covered price (the new amount)."""
    # a menu line's label boxes come first, then its value's: the line's character order
    for p in patches(sh.spec, sh.glyphs, sh.tpl.size, (0.85, 1.0), 0.5, rng):
        st, font, w = p.sticker, p.font, p.width
        (cx, cy), y0, y1 = p.centre, p.box[1], p.box[3]
        if st.style == "hand":  # a yellow patch, the figure in black marker (bold, thick)
            sh.draw.rectangle([cx - w / 2, y0 - 4, cx + w / 2, y1 + 4], fill=(255, 236, 120))
            sh.draw.text(
                (cx, cy), st.new, font=font, fill=(15, 15, 15), anchor="mm", stroke_width=1, stroke_fill=(15, 15, 15)
            )
        else:  # a white oval label with a red border, the amount in red
            sh.draw.ellipse(
                [cx - w / 2 - 4, y0 - 8, cx + w / 2 + 4, y1 + 8], fill=(255, 255, 255), outline=(210, 20, 20), width=3
            )
            sh.draw.text((cx, cy), st.new, font=font, fill=(200, 10, 10), anchor="mm")


# ---------------------------------------------------------------------------------------------
# Photographing it: a car-park backdrop, a camera model and this module's own degradations
# ---------------------------------------------------------------------------------------------

_NOTES = ("停车须知", "车辆停放请熄火", "出场请出示停车凭证", "本场不负责保管车内财物", "雨天路滑请慢行", "严禁烟火")
_POSTERS = ("P", "EXIT", "B2-036", "A区", "→ 出口", "充电桩", "限高2.2米", "24H")


def _backdrop(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A car-park wall: a vertical gradient, a few pillars, a floor line, fine noise (RGB)."""
    top = rng.uniform(120, 220, 3)
    bottom = top * rng.uniform(0.55, 0.85)
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    scene = (top * (1 - t) + bottom * t) * np.ones((1, width, 1), np.float32)
    for _ in range(int(rng.integers(1, 4))):
        x = int(rng.integers(0, width))
        w = int(rng.integers(width // 20, width // 7))
        scene[:, x : x + w] *= float(rng.uniform(0.7, 1.2))
    floor = int(height * float(rng.uniform(0.85, 0.97)))
    scene[floor:] = scene[floor:] * 0.6 + np.array([200, 180, 40], np.float32) * 0.4 * (rng.random() < 0.5)
    scene += rng.normal(0, 3, (height, width, 1)).astype(np.float32)
    return np.clip(scene, 0, 255).astype(np.uint8)


def _camera(w: float, h: float, yaw: float, pitch: float, roll: float, focal: float) -> np.ndarray:
    """The board's corners (centred on 0, 0) seen by a pinhole camera turned by the given degrees."""
    a, b, c = (math.radians(v) for v in (yaw, pitch, roll))
    ry = np.array([[math.cos(a), 0, math.sin(a)], [0, 1, 0], [-math.sin(a), 0, math.cos(a)]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    corners = np.array([[-w / 2, -h / 2, 0], [w / 2, -h / 2, 0], [w / 2, h / 2, 0], [-w / 2, h / 2, 0]])
    seen = corners @ (rz @ rx @ ry).T + np.array([0, 0, focal])
    return np.asarray(seen[:, :2] * focal / seen[:, 2:3], np.float32)


def _mount(
    board: np.ndarray, scene: np.ndarray, fill: float, angles: tuple[float, float, float], rng: np.random.Generator
) -> np.ndarray:
    """The board warped into `scene` (in place); returns its corners in the scene."""
    sh, sw = scene.shape[:2]
    bh, bw = board.shape[:2]
    scale = min(fill * sw / bw, 0.82 * sh / bh)
    w, h = bw * scale, bh * scale
    quad = _camera(w, h, *angles, focal=max(w, h) * float(rng.uniform(1.6, 2.6)))
    quad *= min(1.0, 0.95 * sw / np.ptp(quad[:, 0]), 0.95 * sh / np.ptp(quad[:, 1]))
    room = np.array([sw, sh], np.float32) - np.ptp(quad, axis=0)
    quad += np.array([sw, sh], np.float32) / 2 + rng.uniform(-0.3, 0.3, 2).astype(np.float32) * room
    src = np.array([[0, 0], [bw, 0], [bw, bh], [0, bh]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    warped = cv2.warpPerspective(board, matrix, (sw, sh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((bh, bw), 255, np.uint8), matrix, (sw, sh))
    scene[mask > 127] = warped[mask > 127]
    return quad


def _foliage(flat: np.ndarray, glyphs: Sequence[Box], rng: np.random.Generator) -> np.ndarray:
    """Leaves over a corner of the board, every leaf kept off the printed characters."""
    out = flat.copy()
    h, w = out.shape[:2]
    corner = np.array([[0, 0], [w, 0], [w, h], [0, h]][int(rng.integers(4))], np.float32)
    boxes = np.array(glyphs, np.float32) if glyphs else np.zeros((0, 4), np.float32)
    for _ in range(60):
        centre = corner + (np.array([w, h], np.float32) / 2 - corner) * rng.uniform(0, 0.6, 2)
        if len(boxes):
            dx = np.maximum(np.maximum(boxes[:, 0] - centre[0], centre[0] - boxes[:, 2]), 0)
            dy = np.maximum(np.maximum(boxes[:, 1] - centre[1], centre[1] - boxes[:, 3]), 0)
            room = float(np.hypot(dx, dy).min()) - 3
        else:
            room = 40.0
        radius = min(room, max(w, h) * 0.08)
        if radius > 6:
            green = (int(rng.integers(20, 60)), int(rng.integers(70, 130)), int(rng.integers(20, 50)))
            cv2.ellipse(
                out,
                (int(centre[0]), int(centre[1])),
                (int(radius), int(radius * 0.55)),
                float(rng.uniform(0, 180)),
                0,
                360,
                green,
                -1,
            )
    return out


def _notice(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator, glyph_px: float) -> None:
    """A yellow landscape notice in smaller print, below the board or beside it."""
    font = chinese_fonts()[0].load(max(10, int(glyph_px * 0.55)))
    lines = [_NOTES[0], *(_NOTES[1 + int(i)] for i in rng.choice(len(_NOTES) - 1, 2, replace=False))]
    size = font.size
    width = int(max(font.getlength(line) for line in lines) + 2 * size)
    sheet = Image.new("RGB", (width, int((len(lines) + 1) * size * 1.5)), (252, 236, 140))
    draw = ImageDraw.Draw(sheet)
    for i, line in enumerate(lines):
        draw.text((size, size * 0.5 + i * size * 1.5), line, font=font, fill=(30, 30, 30))
    art = np.asarray(sheet)
    sh, sw = scene.shape[:2]
    below = int(quad[:, 1].max() + size)
    if below + art.shape[0] < sh and rng.random() < 0.5:
        x, y = int(quad[:, 0].mean() - art.shape[1] / 2), below
    else:
        x, y = int(quad[:, 0].max() + size * 1.5), int(quad[:, 1].min())
        if x + art.shape[1] > sw:
            x = int(quad[:, 0].min() - size * 1.5 - art.shape[1])
    x, y = max(0, min(sw - art.shape[1], x)), max(0, min(sh - art.shape[0], y))
    scene[y : y + art.shape[0], x : x + art.shape[1]] = art


def _posters(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> None:
    """Posters, arrows and bay numbers on the wall around the board (never over it)."""
    sh, sw = scene.shape[:2]
    (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
    font = chinese_fonts()[-1].load(int(rng.integers(30, 60)))
    for _ in range(int(rng.integers(5, 10))):
        pw, ph = int(rng.integers(90, 300)), int(rng.integers(60, 200))
        x, y = int(rng.integers(0, max(1, sw - pw))), int(rng.integers(0, max(1, sh - ph)))
        if x < x1 + 15 and x + pw > x0 - 15 and y < y1 + 15 and y + ph > y0 - 15:
            continue
        poster = Image.new("RGB", (pw, ph), tuple(int(c) for c in rng.integers(0, 255, 3)))
        draw = ImageDraw.Draw(poster)
        for k in range(0, ph, 18):
            draw.line([0, k, pw, k + 9], fill=tuple(int(c) for c in rng.integers(0, 255, 3)), width=4)
        draw.text((10, 10), _POSTERS[int(rng.integers(len(_POSTERS)))], font=font, fill=(255, 255, 255))
        scene[y : y + ph, x : x + pw] = np.asarray(poster)


def _streak(scene: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A diagonal glare streak across the board (a window's reflection on the laminate)."""
    h, w = scene.shape[:2]
    cx, cy = quad.mean(axis=0) + rng.uniform(-0.2, 0.2, 2) * np.ptp(quad, axis=0)
    angle = math.radians(float(rng.uniform(30, 70)))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dist = (xx - cx) * math.sin(angle) - (yy - cy) * math.cos(angle)
    half = float(np.ptp(quad[:, 0])) * float(rng.uniform(0.05, 0.1))
    alpha = float(rng.uniform(0.5, 0.7)) * np.exp(-((dist / half) ** 2))[:, :, None]
    return np.asarray(scene * (1 - alpha) + 250 * alpha).astype(np.uint8)


def _motion(scene: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    length = int(rng.integers(5, 10))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2] = 1.0
    turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
    kernel = np.asarray(cv2.warpAffine(kernel, turn, (length, length)), np.float32)
    return np.asarray(cv2.filter2D(scene, -1, kernel / max(float(kernel.sum()), 1e-6)))


def _spoil(scene: np.ndarray, difficulty: str, rng: np.random.Generator) -> np.ndarray:
    if difficulty == "blur":
        return _motion(scene, rng)
    if difficulty == "small":
        side = int(rng.integers(600, 761))
        f = side / max(scene.shape[:2])
        return np.asarray(cv2.resize(scene, None, fx=f, fy=f, interpolation=cv2.INTER_AREA))
    if difficulty == "jpeg":
        ok, data = cv2.imencode(".jpg", scene[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(5, 13))])
        decoded = cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else None
        return scene if decoded is None else np.ascontiguousarray(np.asarray(decoded)[:, :, ::-1])
    if difficulty == "low_contrast":  # dusk: dim, lifted blacks, a shadow across
        h, w = scene.shape[:2]
        shade = np.linspace(float(rng.uniform(0.6, 1.0)), float(rng.uniform(0.6, 1.0)), w, dtype=np.float32)
        dim = scene.astype(np.float32) * float(rng.uniform(0.3, 0.42)) * shade[None, :, None]
        return np.asarray(np.clip(dim + float(rng.uniform(30, 55)), 0, 255), np.uint8)
    if difficulty == "noise":
        sigma = float(rng.uniform(10, 16))
        grain = rng.normal(0, sigma, scene.shape[:2])[:, :, None] + rng.normal(0, sigma / 2, scene.shape)
        return np.clip(scene + grain, 0, 255).astype(np.uint8)
    if difficulty == "phone":  # vignetting and the phone's own sharpening
        h, w = scene.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        r = ((xx - w / 2) / w) ** 2 + ((yy - h / 2) / h) ** 2
        lit = scene * (1 - 0.5 * r)[:, :, None]
        soft = cv2.GaussianBlur(lit, (0, 0), 2.0)
        return np.asarray(np.clip(lit * 1.6 - soft * 0.6, 0, 255), np.uint8)
    return scene


def _angles(difficulty: str, rng: np.random.Generator) -> tuple[float, float, float]:
    """(yaw, pitch, roll) in degrees for a photo class."""
    yaw, pitch, roll = (float(v) for v in rng.uniform(-4, 4, 3))
    roll /= 3
    if difficulty == "perspective":
        if rng.random() < 0.6:
            yaw = float(rng.choice([-1, 1]) * rng.uniform(20, 35))
        else:
            pitch = float(rng.choice([-1, 1]) * rng.uniform(15, 25))
    if difficulty == "rotation":
        roll = float(rng.choice([-1, 1]) * rng.uniform(3, 8))
    return yaw, pitch, roll


def photograph_holdout2(
    board: Image.Image, glyphs: Sequence[Box], difficulty: str, rng: np.random.Generator
) -> Image.Image:
    """A photo of `board` in one of `CLASSES`, by this module's backdrop, camera and degradations."""
    flat = flat_board(board, glyphs, difficulty, _foliage, rng)
    glyph_h = glyph_height(glyphs)
    text_px = float(rng.uniform(75, 105)) if difficulty == "phone" else float(rng.uniform(19, 28))
    fill = float(rng.uniform(0.42, 0.55)) if difficulty in ("clutter", "notice") else float(rng.uniform(0.58, 0.8))
    width = int(flat.shape[1] * text_px / glyph_h / fill)
    height = max(
        int(width * 4 / 3) if flat.shape[0] > flat.shape[1] else int(width * 0.75),
        int(flat.shape[0] * text_px / glyph_h / 0.8),
    )
    scene = _backdrop(width, height, rng)
    quad = _mount(flat, scene, fill, _angles(difficulty, rng), rng)
    notice = partial(_notice, glyph_px=text_px)
    return finished_photo(scene, quad, difficulty, rng, notice=notice, clutter=_posters, glare=_streak, spoil=_spoil)


def make_holdout2_dataset(
    out_dir: str | Path,
    seed: int,
    per_cell: int = 3,
    clean_per_layout: int = 3,
    classes: Sequence[str] = CLASSES,
    layouts: Sequence[str] = LAYOUTS,
) -> list[Path]:
    """The held-out v2 photos: `per_cell` per class × layout (`clean_per_layout` clean ones per
    layout), named as the other sets'; the board content from `random_spec`, the rest from here."""
    grid = (per_cell, clean_per_layout, classes, layouts)
    return write_held_out_set(out_dir, seed, 9100, GENERATOR, render_holdout2_board, photograph_holdout2, grid)
