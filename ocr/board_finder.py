"""Find the price board in a photo and straighten it (contours + perspective correction).

A board is the largest convex four-cornered shape covering a fair part of the photo. When none is
found (a straight-on photo that is all board) the photo is returned unchanged: cropping wrongly would
lose text, not cropping only costs a little time.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# The board must cover at least this share of the photo to be taken as the board.
MIN_BOARD_AREA = 0.12
# A quad covering more than this is the photo's own frame, not a board inside it.
MAX_BOARD_AREA = 0.97
# Contours are searched on a copy scaled to this longest side (speed; corners are scaled back).
SEARCH_SIDE = 800


@dataclass(frozen=True)
class BoardFound:
    image: np.ndarray  # the straightened board (or the input when none was found)
    corners: np.ndarray | None  # 4×2 float32 in input pixels, order tl, tr, br, bl
    area_share: float


def order_corners(pts: np.ndarray) -> np.ndarray:
    pts = pts.reshape(4, 2).astype("float32")
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype="float32")


def _candidate_quads(gray: np.ndarray) -> list[np.ndarray]:
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    quads: list[np.ndarray] = []
    edges = cv2.Canny(blurred, 30, 100)
    edges = cv2.dilate(edges, np.ones((5, 5), np.uint8), iterations=2)
    # Colour/brightness segmentation catches boards whose edge is soft (blur, low contrast).
    _, otsu = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    for mask in (edges, otsu, 255 - otsu):
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
            hull = cv2.convexHull(contour)
            peri = cv2.arcLength(hull, True)
            for eps in (0.02, 0.04, 0.06):
                approx = cv2.approxPolyDP(hull, eps * peri, True)
                if len(approx) == 4:
                    quads.append(approx.reshape(4, 2))
                    break
            else:
                rect = cv2.minAreaRect(contour)
                if cv2.contourArea(contour) > 0.9 * rect[1][0] * rect[1][1]:
                    quads.append(cv2.boxPoints(rect))
    return quads


def find_board(image: np.ndarray) -> BoardFound:
    """The straightened board in `image` (RGB or gray uint8)."""
    h, w = image.shape[:2]
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY) if image.ndim == 3 else image
    scale = min(1.0, SEARCH_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    total = small.shape[0] * small.shape[1]
    best, best_area = None, 0.0
    for quad in _candidate_quads(small):
        area = cv2.contourArea(quad.astype("float32")) / total
        if MIN_BOARD_AREA <= area <= MAX_BOARD_AREA and cv2.isContourConvex(quad.astype("int32")) and area > best_area:
            best, best_area = quad, area
    if best is None:
        return BoardFound(image=image, corners=None, area_share=1.0)
    corners = order_corners(best / scale)
    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 50 or height < 50:
        return BoardFound(image=image, corners=None, area_share=1.0)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype="float32")
    matrix = cv2.getPerspectiveTransform(corners, target)
    warped = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return BoardFound(image=warped, corners=corners, area_share=best_area)
