"""The public copy of a photo: faces and number plates blurred, no metadata at all.

Detection uses OpenCV's bundled Haar cascades (`cv2.data.haarcascades`; opencv-python-headless 4.x
ships them, 5.x dropped them — the project pins <5): frontal face, and the licence-plate cascades
(`haarcascade_russian_plate_number.xml`, `haarcascade_license_plate_rus_16stages.xml`). Haar
cascades are a floor, not a guarantee: they miss profiles and small or angled plates, and they find
plates in some text. A region found is covered by a coarse pixelation plus a strong blur.

The copy is a fresh JPEG built from the pixels alone: no EXIF (so no GPS), no XMP, no ICC profile,
and no JPEG comment (Pillow would carry `im.info["comment"]` over unless `comment=b""` is passed).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

PUBLIC_JPEG_QUALITY = 85
DETECT_LONG_SIDE = 1200  # detection runs on a copy scaled down to this long side (speed)
FACE_CASCADES = ("haarcascade_frontalface_default.xml",)
PLATE_CASCADES = ("haarcascade_license_plate_rus_16stages.xml",)
Box = tuple[int, int, int, int]  # left, top, width, height


@dataclass(frozen=True)
class Region:
    kind: str  # face / plate
    box: tuple[int, int, int, int]  # left, top, width, height in the image's pixels


def _cascade_dir() -> Path:
    return Path(cv2.data.haarcascades)  # type: ignore[attr-defined]  # opencv's stubs lack cv2.data


@lru_cache(maxsize=8)
def _cascade(name: str) -> cv2.CascadeClassifier:
    path = _cascade_dir() / name
    classifier = cv2.CascadeClassifier(str(path))
    if classifier.empty():
        raise RuntimeError(
            f"OpenCV Haar cascade {name} not found in {_cascade_dir()}; "
            "opencv-python-headless 4.x is needed (5.x no longer ships the cascades)"
        )
    return classifier


def _inside(box: Box, outer: Box) -> bool:
    x, y, w, h = box
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


def sensitive_regions(image: Image.Image, keep: tuple[Box, ...] = ()) -> list[Region]:
    """Faces and plates found in `image` (boxes in its own pixel coordinates).

    Plate hits wholly inside a `keep` box (the price board) are dropped; faces never are.
    """
    rgb = np.asarray(image.convert("RGB"))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = min(1.0, DETECT_LONG_SIDE / max(grey.shape))
    if scale < 1.0:
        grey = cv2.resize(
            grey, (round(grey.shape[1] * scale), round(grey.shape[0] * scale)), interpolation=cv2.INTER_AREA
        )
    grey = cv2.equalizeHist(grey)
    regions: list[Region] = []
    for kind, names, min_size, neighbours in (
        ("face", FACE_CASCADES, (24, 24), 6),
        ("plate", PLATE_CASCADES, (40, 12), 6),
    ):
        for name in names:
            found = _cascade(name).detectMultiScale(grey, scaleFactor=1.1, minNeighbors=neighbours, minSize=min_size)
            for x, y, w, h in found if len(found) else ():
                regions.append(Region(kind, (int(x / scale), int(y / scale), round(w / scale), round(h / scale))))
    return [r for r in regions if r.kind == "face" or not any(_inside(r.box, k) for k in keep)]


def blur_regions(image: Image.Image, regions: list[Region]) -> Image.Image:
    """A copy of `image` with each region (grown by 15 %) pixelated and blurred beyond recognition."""
    out = np.array(image.convert("RGB"))
    height, width = out.shape[:2]
    for region in regions:
        x, y, w, h = region.box
        grow_x, grow_y = int(w * 0.15), int(h * 0.15)
        x0, y0 = max(0, x - grow_x), max(0, y - grow_y)
        x1, y1 = min(width, x + w + grow_x), min(height, y + h + grow_y)
        if x1 <= x0 or y1 <= y0:
            continue
        patch = out[y0:y1, x0:x1]
        cells = max(2, min(patch.shape[:2]) // 8)
        small = cv2.resize(
            patch, (max(1, patch.shape[1] // cells), max(1, patch.shape[0] // cells)), interpolation=cv2.INTER_AREA
        )
        coarse = cv2.resize(small, (patch.shape[1], patch.shape[0]), interpolation=cv2.INTER_NEAREST)
        out[y0:y1, x0:x1] = cv2.GaussianBlur(coarse, (0, 0), max(2.0, cells / 2))
    return Image.fromarray(out, "RGB")


def encode_clean_jpeg(image: Image.Image, quality: int = PUBLIC_JPEG_QUALITY) -> bytes:
    """JPEG bytes of the pixels only: no EXIF/GPS, XMP, ICC profile or comment."""
    pixels = Image.fromarray(np.asarray(image.convert("RGB")), "RGB")  # a new image: empty .info
    buffer = io.BytesIO()
    pixels.save(buffer, format="JPEG", quality=quality, optimize=True, exif=b"", comment=b"")
    return buffer.getvalue()


def public_copy(image: Image.Image, regions: list[Region] | None = None, keep: tuple[Box, ...] = ()) -> bytes:
    """The publishable JPEG of a photo: faces and plates blurred, no metadata.

    `regions` overrides detection (tests, or an inspector's manual boxes); `keep` are board boxes.
    """
    found = sensitive_regions(image, keep) if regions is None else regions
    return encode_clean_jpeg(blur_regions(image, found) if found else image)
