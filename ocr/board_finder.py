"""Find the price board in a photo and straighten it (contours + perspective correction).

Candidate frames come from two finders, on a 480-px copy of the photo:
1. the board's panel colour: the region of the colour that dominates the photo's centre, holes
   (the text) closed, as a four-cornered contour;
2. edges: the four-cornered contours of the Canny edges — the board's outline, its frame, a ruled
   table inside it, a title band, a cell.
A candidate must lie inside the photo (one along the photo's edge is background), cover 6–95 % of
it, have corners of 60°..120° and fill its contour (a quadrilateral fitted to a ragged region shears
the board when straightened). Of the candidates that hold most of the photo's text (`text_map`), the
**outermost** is the board: a ruled cell, a table or the title band also makes a fine rectangle, but
holds only part of the text (issue 15: a ruled-table board was cropped to its title cell and read as
one line).

`BoardFound.unsure` says that no frame held most of the text but one held a fair share: the reader
then reads the whole photo too and keeps the reading that covers more text. When no frame holds a
fair share the photo is read whole (a wrong crop loses text; no crop only costs a little time).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

MIN_BOARD_AREA = 0.06  # share of the photo (a title band alone is often ~5 %)
MAX_BOARD_AREA = 0.95
SEARCH_SIDE = 480  # frames are searched on a copy this large (speed); corners are scaled back
TEXT_SIDE = 960  # the text map is made on a copy this large (board text is ~5–20 px high there)
COLOUR_DISTANCE = 28.0  # Lab distance from the panel colour still counted as panel
PAD_Y, PAD_X = 0.06, 0.03  # crop padding, share of the board's height / width
# A frame holding this share of the photo's text is the board (a notice taped beside the board, a
# busy background hold the rest); one holding less than UNSURE_TEXT is not used at all.
BOARD_TEXT = 0.6
UNSURE_TEXT = 0.3
SEED_TEXT = 0.05  # a frame holding less text is not grown into a board
GROWN_TEXT = 0.98  # a frame holding this much of the text is not grown (nothing is left to find)
FILL_MIN = 0.93  # a fitted quadrilateral must overlap its contour's convex hull this much (IoU)


@dataclass(frozen=True)
class BoardFound:
    image: np.ndarray  # the straightened board (or the input when none was found)
    corners: np.ndarray | None  # 4×2 float32 in input pixels, order tl, tr, br, bl
    area_share: float
    method: str = "none"
    text_share: float = 1.0  # share of the photo's text inside the crop
    unsure: bool = False  # no frame held most of the text: read the whole photo too
    text: np.ndarray | None = None  # the photo's text map (`text_map`)
    factor: float = 1.0  # text-map pixels per photo pixel
    matrix: np.ndarray | None = None  # photo pixels → `image` pixels (None: `image` is the photo)

    def whole(self) -> BoardFound:
        """The whole photo as the image to read (its text map kept), when `image` is a crop of `photo`."""
        return replace(self, corners=None, area_share=1.0, method="none", text_share=1.0, matrix=None)

    def coverage(self, boxes: Sequence[tuple[int, int, int, int]]) -> float | None:
        """Share of the text in the image read that lies in `boxes` (left, top, width, height in the
        image's pixels); None when no text-like strokes were seen there."""
        if self.text is None:
            return None
        h, w = self.image.shape[:2]
        region = np.zeros_like(self.text)
        cv2.fillPoly(region, [self._to_map([(0, 0), (w, 0), (w, h), (0, h)])], 1)
        text = self.text & region
        total = int(text.sum())
        if total == 0:
            return None
        read = np.zeros_like(self.text)
        for left, top, bw, bh in boxes:
            x0, y0, x1, y1 = left - 2, top - 2, left + bw + 2, top + bh + 2
            cv2.fillPoly(read, [self._to_map([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])], 1)
        return float((text & read).sum()) / total

    def _to_map(self, points: Sequence[tuple[float, float]]) -> np.ndarray:
        """Points of `image` → text-map pixels."""
        pts: np.ndarray = np.array([points], dtype=np.float32)
        if self.matrix is not None:
            pts = np.asarray(cv2.perspectiveTransform(pts, np.linalg.inv(self.matrix)))
        mapped: np.ndarray = np.round(pts[0] * self.factor).astype(np.int32)
        return mapped


def order_corners(pts: np.ndarray) -> np.ndarray:
    pts = pts.reshape(4, 2).astype("float32")
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype="float32")


def _resized(image: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    h, w = image.shape[:2]
    scale = min(1.0, side / max(h, w))
    if scale == 1.0:
        return image, 1.0
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), scale


def text_map(gray: np.ndarray) -> np.ndarray:
    """Where text is (uint8 0/1) on a gray image of about TEXT_SIDE pixels: strokes of local contrast
    grouped into word-sized blobs, ruled lines and large shapes left out. A rough, unbiased sample of
    the text, good enough to compare frames and to say how much of it a reading covered."""
    g = cv2.GaussianBlur(gray, (3, 3), 0)
    grad = cv2.morphologyEx(g, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    otsu, _ = cv2.threshold(grad, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, ink = cv2.threshold(grad, max(18.0, 0.6 * otsu), 255, cv2.THRESH_BINARY)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 1)))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 41)))
    rules = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    ink = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    _, _, w, h, area = stats.T
    keep = (h >= 4) & (h <= gray.shape[0] / 12) & (w >= 0.8 * h) & (area >= 0.3 * w * h)
    keep[0] = False
    result: np.ndarray = keep[labels].astype(np.uint8)
    return result


def photo_text_map(image: np.ndarray) -> np.ndarray:
    """`text_map` of an RGB or gray image, made on a copy of about TEXT_SIDE pixels."""
    small, _ = _resized(image, TEXT_SIDE)
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY) if small.ndim == 3 else small
    return text_map(gray)


def _fills(quad: np.ndarray, contour: np.ndarray) -> bool:
    """The quadrilateral and the (convex) contour's region overlap well (IoU ≥ FILL_MIN)."""
    x, y, w, h = cv2.boundingRect(np.vstack([quad.reshape(-1, 2), contour.reshape(-1, 2)]).astype(np.int32))
    a = np.zeros((h + 2, w + 2), np.uint8)
    b = np.zeros_like(a)
    offset = np.array([x - 1, y - 1])
    cv2.fillPoly(a, [(quad.reshape(-1, 2) - offset).astype(np.int32)], 1)
    cv2.fillPoly(b, [(contour.reshape(-1, 2) - offset).astype(np.int32)], 1)
    union = int((a | b).sum())
    return union > 0 and (a & b).sum() / union >= FILL_MIN


def _quad_of(contour: np.ndarray) -> np.ndarray | None:
    """Four corners for a contour that really is a (perspective) rectangle, else None."""
    hull = cv2.convexHull(contour)
    hull_area = cv2.contourArea(hull)
    if hull_area <= 0 or cv2.contourArea(contour) < 0.8 * hull_area:
        return None  # a ragged region, not a panel
    peri = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype("float32")
            if _fills(quad, hull):
                return quad
            break
    rect = cv2.boxPoints(cv2.minAreaRect(hull)).astype("float32")
    return rect if _fills(rect, hull) else None


def _plausible(quad: np.ndarray, width: int, height: int) -> bool:
    margin = 0.01 * max(width, height)
    xs, ys = quad[:, 0], quad[:, 1]
    if xs.min() < margin or ys.min() < margin or xs.max() > width - 1 - margin or ys.max() > height - 1 - margin:
        return False
    ordered = order_corners(quad)
    if len({tuple(p) for p in ordered.tolist()}) < 4:
        return False
    for i in range(4):
        a, b, c = ordered[i - 1], ordered[i], ordered[(i + 1) % 4]
        v1, v2 = a - b, c - b
        cos = float(np.dot(v1, v2) / (np.linalg.norm(v1) * np.linalg.norm(v2) + 1e-6))
        if abs(cos) > 0.5:
            return False
    return True


def _panel_colours(lab: np.ndarray, text: np.ndarray) -> list[np.ndarray]:
    """Candidate panel colours (Lab): the median of the photo's centre, and the two commonest colours
    right around the text (a board's text sits on its panel; the centre may be wall between a board
    and a notice)."""
    h, w = lab.shape[:2]
    colours = [np.median(lab[int(h * 0.4) : int(h * 0.6), int(w * 0.4) : int(w * 0.6)].reshape(-1, 3), axis=0)]
    if text.shape[:2] != (h, w):
        text = cv2.resize(text, (w, h), interpolation=cv2.INTER_NEAREST)
    near = cv2.dilate(text, np.ones((7, 7), np.uint8)) & ~cv2.dilate(text, np.ones((3, 3), np.uint8)).astype(bool)
    around = lab[near.astype(bool)]
    if len(around) >= 50:
        bins = (around // 16).astype(np.int32)
        keys = bins[:, 0] * 256 + bins[:, 1] * 16 + bins[:, 2]
        values, counts = np.unique(keys, return_counts=True)
        for key in values[np.argsort(counts)[::-1][:2]]:
            colours.append(np.median(around[keys == key], axis=0))
    return colours


def _colour_quads(rgb: np.ndarray, text: np.ndarray) -> list[np.ndarray]:
    h, w = rgb.shape[:2]
    lab = cv2.cvtColor(cv2.GaussianBlur(rgb, (5, 5), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    k = max(3, int(0.04 * max(h, w)))
    quads = []
    for colour in _panel_colours(lab, text):
        mask = (np.linalg.norm(lab - colour, axis=2) < COLOUR_DISTANCE).astype(np.uint8) * 255
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        # opened as widely: cuts the title's letters and thin bridges to like-coloured background off
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            if cv2.contourArea(contour) >= MIN_BOARD_AREA * h * w:
                quad = _quad_of(contour)
                if quad is not None:
                    quads.append(quad)
    return quads


def _edge_quads(gray: np.ndarray) -> list[np.ndarray]:
    # stretched first: a low-contrast photo's board edges are below Canny's thresholds otherwise
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    lo, hi = np.percentile(blurred, (1, 99))
    stretched = np.clip((blurred.astype(np.float32) - lo) * (255.0 / max(1.0, hi - lo)), 0, 255).astype(np.uint8)
    edges = cv2.Canny(stretched, 30, 100)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    min_area = MIN_BOARD_AREA * gray.shape[0] * gray.shape[1]
    quads = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:16]:
        if cv2.contourArea(contour) < min_area:
            break
        quad = _quad_of(contour)
        if quad is not None:
            quads.append(quad)
    return quads


def _text_inside(quad: np.ndarray, text: np.ndarray, factor: float) -> float:
    """Share of the text map's mass inside `quad` (search coordinates × factor = text-map coordinates)."""
    total = int(text.sum())
    if total == 0:
        return 0.0
    mask = np.zeros_like(text)
    cv2.fillPoly(mask, [(quad * factor).astype(np.int32)], 1)
    return float((text & mask).sum()) / total


@dataclass(frozen=True)
class _Frame:
    quad: np.ndarray  # search coordinates
    area: float  # share of the photo
    text: float  # share of the photo's text inside
    method: str


def _frames(rgb: np.ndarray) -> tuple[list[_Frame], np.ndarray, float]:
    """Every plausible frame in the photo, its text map and the map's scale (map pixels per photo pixel)."""
    mid, _ = _resized(rgb, TEXT_SIDE)
    small, _ = _resized(mid, SEARCH_SIDE)
    sh, sw = small.shape[:2]
    text = text_map(cv2.cvtColor(mid, cv2.COLOR_RGB2GRAY))
    factor = mid.shape[1] / sw
    frames = []
    for method, quads in (
        ("colour", _colour_quads(small, text)),
        ("edges", _edge_quads(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))),
    ):
        for quad in quads:
            area = cv2.contourArea(quad) / (sh * sw)
            if MIN_BOARD_AREA <= area <= MAX_BOARD_AREA and _plausible(quad, sw, sh):
                frames.append(_Frame(quad / (sw / rgb.shape[1]), area, _text_inside(quad, text, factor), method))
    return frames, text, mid.shape[1] / rgb.shape[1]


def choose_frame(frames: list[_Frame], has_text: bool = True) -> _Frame | None:
    """The board's frame: the outermost frame holding most of the photo's text; else the frame holding
    the most text (a cell or the title band of a board whose outline was not found: it is grown over
    the text next to it); None when no frame holds any."""
    if not has_text:  # nothing text-like found: the largest frame, as before the text map
        return max(frames, key=lambda f: f.area, default=None)
    board = [f for f in frames if f.text >= BOARD_TEXT]
    if board:
        return max(board, key=lambda f: (f.area, f.text))
    seeds = [f for f in frames if f.text >= SEED_TEXT]
    return max(seeds, key=lambda f: (f.text, f.area), default=None)


# Growing a frame over the text next to it, in text heights of empty space crossed: across a pole in
# front of the board or from a panel to its title band or title strip, never to a notice beside it
# (board margin + wall + the notice's margin are more than three text heights).
GROW_GAP_X, GROW_GAP_Y = 1.2, 2.2
_GROW_SIDE = 400  # the frame is straightened to about this width to grow it


def _runs(profile: np.ndarray) -> np.ndarray:
    return np.flatnonzero(profile > 0)


def _grow_bounds(text: np.ndarray, box: tuple[int, int, int, int], line: float) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) on a straightened text map, extended over the text next to it. The gaps are
    measured from the text inside the box, not from its edge (a panel's edge may lie close to a
    notice beside the board)."""
    x0, y0, x1, y1 = box
    inside = text[y0:y1, x0:x1]
    rows, cols = _runs(inside.sum(axis=1)), _runs(inside.sum(axis=0))
    if rows.size == 0:
        return box
    tx0, ty0, tx1, ty1 = x0 + int(cols.min()), y0 + int(rows.min()), x0 + int(cols.max()) + 1, y0 + int(rows.max()) + 1
    for _ in range(12):
        rows = _runs(text[:, tx0:tx1].sum(axis=1))
        cols = _runs(text[ty0:ty1, :].sum(axis=0))
        above = rows[(rows < ty0) & (rows >= ty0 - GROW_GAP_Y * line)]
        below = rows[(rows >= ty1) & (rows < ty1 + GROW_GAP_Y * line)]
        left = cols[(cols < tx0) & (cols >= tx0 - GROW_GAP_X * line)]
        right = cols[(cols >= tx1) & (cols < tx1 + GROW_GAP_X * line)]
        new = (
            int(left.min()) if left.size else tx0,
            int(above.min()) if above.size else ty0,
            int(right.max()) + 1 if right.size else tx1,
            int(below.max()) + 1 if below.size else ty1,
        )
        if new == (tx0, ty0, tx1, ty1):
            break
        tx0, ty0, tx1, ty1 = new
    return min(x0, tx0), min(y0, ty0), max(x1, tx1), max(y1, ty1)


def _line_height(text: np.ndarray) -> float:
    count, _, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    return float(np.median(heights)) if count > 1 else 10.0


def _as_big_as(text: np.ndarray, line: float) -> np.ndarray:
    """The text blobs at least 3/4 of a board line high: a title strip's or the far side of a pole's
    text, not a notice's small print, wall texture or noise."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    keep = stats[:, cv2.CC_STAT_HEIGHT] >= 0.75 * line
    keep[0] = False
    big: np.ndarray = keep[labels].astype(np.uint8)
    return big


def grown_corners(corners: np.ndarray, text: np.ndarray, factor: float) -> np.ndarray:
    """The frame (tl, tr, br, bl in photo pixels) grown over the text next to it; `text` is the
    photo's text map, `factor` its scale (text-map pixels per photo pixel)."""
    tl, tr, br, bl = corners * factor
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    k = _GROW_SIDE / max(1.0, float(width))
    w, h = int(width * k), int(height * k)
    mx, my = w // 2, h // 2
    target = np.array([[mx, my], [mx + w, my], [mx + w, my + h], [mx, my + h]], dtype="float32")
    matrix = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], dtype="float32"), target)
    flat = cv2.warpPerspective(text, matrix, (w + 2 * mx, h + 2 * my), flags=cv2.INTER_NEAREST)
    inside = flat[my : my + h, mx : mx + w]
    line = _line_height(inside if inside.any() else flat)
    x0, y0, x1, y1 = _grow_bounds(_as_big_as(flat, line), (mx, my, mx + w, my + h), line)
    box = np.array([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]], dtype="float32")
    back: np.ndarray = cv2.perspectiveTransform(box, np.linalg.inv(matrix))[0] / factor
    return back.astype("float32")


def find_board(image: np.ndarray) -> BoardFound:
    """The straightened, padded board in `image` (RGB or gray uint8)."""
    rgb = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    frames, text, factor = _frames(rgb)
    photo = BoardFound(image=image, corners=None, area_share=1.0, text=text, factor=factor)
    frame = choose_frame(frames, bool(text.any()))
    if frame is None:
        return photo
    corners = order_corners(frame.quad)
    if frame.text < GROWN_TEXT:  # text next to the frame may be the board's too
        corners = grown_corners(corners, text, factor)
    share = _text_inside(corners, text, factor) if text.any() else 1.0
    if share < UNSURE_TEXT:
        return photo
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 50 or height < 50:
        return photo
    px, py = int(PAD_X * width), int(PAD_Y * height)
    target = np.array(
        [[px, py], [px + width - 1, py], [px + width - 1, py + height - 1], [px, py + height - 1]], dtype="float32"
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(
        image, matrix, (width + 2 * px, height + 2 * py), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return replace(
        photo,
        image=warped,
        corners=corners,
        area_share=float(cv2.contourArea(corners)) / (rgb.shape[0] * rgb.shape[1]),
        method=frame.method,
        text_share=share,
        unsure=share < BOARD_TEXT,
        matrix=matrix,
    )


def text_coverage(image: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> float | None:
    """Share of the text in `image` (an engine's input) that lies in the boxes read from it, None
    when the image shows no text-like strokes. Boxes are (left, top, width, height) in its pixels."""
    small, scale = _resized(image, TEXT_SIDE)
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY) if small.ndim == 3 else small
    text = text_map(gray)
    total = int(text.sum())
    if total == 0:
        return None
    read = np.zeros_like(text)
    for left, top, width, height in boxes:
        x0, y0 = int(left * scale) - 2, int(top * scale) - 2
        x1, y1 = int((left + width) * scale) + 3, int((top + height) * scale) + 3
        read[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = 1
    return float((text & read).sum()) / total
