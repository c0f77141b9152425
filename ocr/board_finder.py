"""Find the price board in a photo and straighten it (contours + perspective correction).

Two candidate finders, measured on generated photos (benchmarks/ocr.py):
1. the board's panel colour: the region of the colour that dominates the photo's centre, holes
   (the text) closed, as a four-cornered contour;
2. edges: the largest convex four-cornered contour of the Canny edges.
A candidate must lie inside the photo (one along the photo's edge is background), cover a fair share
of it and have corners of 60°..120°. The crop is padded (title bands and frames are often another
colour than the panel). When nothing is found (a straight-on photo that is all board) the photo is
returned unchanged: a wrong crop loses text, no crop only costs a little time.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MIN_BOARD_AREA = 0.10  # share of the photo
MAX_BOARD_AREA = 0.95
SEARCH_SIDE = 480  # contours are searched on a copy this large (speed); corners are scaled back
COLOUR_DISTANCE = 28.0  # Lab distance from the panel colour still counted as panel
PAD_Y, PAD_X = 0.14, 0.04  # crop padding, share of the board's height / width


@dataclass(frozen=True)
class BoardFound:
    image: np.ndarray  # the straightened board (or the input when none was found)
    corners: np.ndarray | None  # 4×2 float32 in input pixels, order tl, tr, br, bl
    area_share: float
    method: str = "none"


def order_corners(pts: np.ndarray) -> np.ndarray:
    pts = pts.reshape(4, 2).astype("float32")
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype="float32")


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
            if 0.92 <= cv2.contourArea(quad) / hull_area <= 1.1:
                return quad
            break
    rect = cv2.minAreaRect(hull)
    if hull_area > 0.9 * rect[1][0] * rect[1][1]:
        return cv2.boxPoints(rect).astype("float32")
    return None


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


def _colour_quads(rgb: np.ndarray) -> list[np.ndarray]:
    h, w = rgb.shape[:2]
    lab = cv2.cvtColor(cv2.GaussianBlur(rgb, (5, 5), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    patch = lab[int(h * 0.4) : int(h * 0.6), int(w * 0.4) : int(w * 0.6)].reshape(-1, 3)
    quads = []
    for ref in (np.median(patch, axis=0),):
        dist = np.linalg.norm(lab - ref, axis=2)
        mask = (dist < COLOUR_DISTANCE).astype(np.uint8) * 255
        k = max(3, int(0.04 * max(h, w)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        centre = (w / 2, h / 2)
        for contour in contours:
            if cv2.pointPolygonTest(contour, centre, False) >= 0:
                quad = _quad_of(contour)
                if quad is not None:
                    quads.append(quad)
    return quads


def _edge_quads(gray: np.ndarray) -> list[np.ndarray]:
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 30, 100)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    quads = []
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:8]:
        quad = _quad_of(contour)
        if quad is not None:
            quads.append(quad)
    return quads


def find_board(image: np.ndarray) -> BoardFound:
    """The straightened, padded board in `image` (RGB or gray uint8)."""
    h, w = image.shape[:2]
    rgb = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    scale = min(1.0, SEARCH_SIDE / max(h, w))
    small = cv2.resize(rgb, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape[:2]
    total = sh * sw
    chosen, method, share = None, "none", 1.0
    for name, quads in (
        ("colour", _colour_quads(small)),
        ("edges", _edge_quads(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))),
    ):
        best, best_area = None, 0.0
        for quad in quads:
            area = cv2.contourArea(quad) / total
            if MIN_BOARD_AREA <= area <= MAX_BOARD_AREA and area > best_area and _plausible(quad, sw, sh):
                best, best_area = quad, area
        if best is not None:
            chosen, method, share = best, name, best_area
            break
    if chosen is None:
        return BoardFound(image=image, corners=None, area_share=1.0)
    corners = order_corners(chosen / scale)
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 50 or height < 50:
        return BoardFound(image=image, corners=None, area_share=1.0)
    px, py = int(PAD_X * width), int(PAD_Y * height)
    target = np.array(
        [[px, py], [px + width - 1, py], [px + width - 1, py + height - 1], [px, py + height - 1]], dtype="float32"
    )
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(
        image, matrix, (width + 2 * px, height + 2 * py), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return BoardFound(image=warped, corners=corners, area_share=share, method=method)
