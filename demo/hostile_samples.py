"""Awkward and hostile upload files, made in memory: the intake's test battery.

Each `Sample` says what intake must do with it: refuse with a given `PhotoRejected.code`, or accept.
Used by the intake tests, the evidence-store tests ("a refused file stores nothing") and available to
the security tests of issue 9.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    data: bytes
    refused_code: str | None  # None: accepted


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares `width`×`height` RGB pixels (a decompression bomb shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def _noise_rgb(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")


def _save(image: Image.Image, fmt: str, **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def jpeg_bytes(image: Image.Image | None = None, **params: object) -> bytes:
    return _save(image if image is not None else _noise_rgb(320, 240), "JPEG", quality=90, **params)


def oriented_jpeg(orientation: int = 6) -> bytes:
    """A 64×32 JPEG, left half red, right half blue, with an EXIF orientation tag."""
    image = Image.new("RGB", (64, 32), (255, 0, 0))
    image.paste((0, 0, 255), (32, 0, 64, 32))
    exif = Image.Exif()
    exif[0x0112] = orientation
    return _save(image, "JPEG", quality=95, exif=exif.tobytes())


def png16_grey() -> bytes:
    """A 16-bit greyscale PNG: left column 65535 (white), then 32896 (mid grey), rest 0."""
    arr = np.zeros((20, 30), dtype=np.uint16)
    arr[:, 0:10] = 65535
    arr[:, 10:20] = 32896
    return _save(Image.fromarray(arr), "PNG")


def cmyk_jpeg() -> bytes:
    image = Image.new("CMYK", (40, 30), (0, 255, 255, 0))  # CMYK red
    return _save(image, "JPEG", quality=95)


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _two_frames(fmt: str) -> bytes:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ((255, 0, 0), (0, 255, 0))]
    buffer = io.BytesIO()
    extra = {"duration": 100} if fmt != "MPO" else {}
    frames[0].save(buffer, format=fmt, save_all=True, append_images=frames[1:], **extra)
    return buffer.getvalue()


def heic_bytes(orientation: int | None = None) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    image = Image.new("RGB", (64, 32), (255, 0, 0))
    image.paste((0, 0, 255), (32, 0, 64, 32))
    params: dict[str, object] = {"quality": 90}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        params["exif"] = exif.tobytes()
    return _save(image, "HEIF", **params)


@lru_cache(maxsize=1)
def samples() -> tuple[Sample, ...]:
    good_jpeg = jpeg_bytes()
    palette = Image.new("P", (30, 20), 3)
    palette.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] * 64)
    palette.paste(1, (0, 0, 10, 20))  # left third red, the rest transparent
    return (
        Sample("empty file", "empty.jpg", b"", "empty"),
        Sample("truncated JPEG", "truncated.jpg", good_jpeg[: len(good_jpeg) // 2], "truncated"),
        Sample(
            "PDF renamed .jpg", "notice.jpg", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "not_image"
        ),
        Sample("random bytes", "noise.png", bytes(range(256)) * 4, "not_image"),
        Sample("PNG declaring 100000x100000", "bomb.png", png_declaring(100_000, 100_000), "too_many_pixels"),
        Sample("30000-pixel-wide PNG", "wide.png", _save(Image.new("L", (30_000, 8), 200), "PNG"), "too_wide"),
        Sample("animated GIF", "moving.gif", animated_gif(), "animated"),
        Sample("animated WebP", "moving.webp", _two_frames("WEBP"), "animated"),
        Sample("animated PNG (APNG)", "moving.png", _two_frames("PNG"), "animated"),
        Sample("still GIF", "still.gif", _save(Image.new("P", (20, 20), 1), "GIF"), "unsupported_format"),
        Sample("16-bit PNG", "deep.png", png16_grey(), None),
        Sample("CMYK JPEG", "print.jpg", cmyk_jpeg(), None),
        Sample("palette PNG with transparency", "palette.png", _save(palette, "PNG", transparency=3), None),
        Sample("WebP", "photo.webp", _save(_noise_rgb(64, 48), "WEBP", quality=80), None),
        Sample("HEIC", "IMG_0001.HEIC", heic_bytes(), None),
        Sample("plain JPEG", "photo.jpg", good_jpeg, None),
        Sample("multi-picture JPEG (MPO) from a phone", "IMG_2.jpg", _two_frames("MPO"), None),
    )


def refused_samples() -> tuple[Sample, ...]:
    return tuple(s for s in samples() if s.refused_code is not None)


def accepted_samples() -> tuple[Sample, ...]:
    return tuple(s for s in samples() if s.refused_code is None)
