"""Photo intake: decide whether uploaded bytes are a photo we take, and decode them safely.

Accepted: JPEG, PNG, WebP, HEIC/HEIF (through pillow-heif). The format is recognised from the bytes
(magic numbers), never from the file name: a PDF renamed `.jpg` is refused.

Order of checks (nothing is decoded before the size checks):
1. empty; larger than `settings.max_upload_bytes`;
2. format from the first bytes (not an image / an image format we do not take, e.g. GIF, BMP, TIFF);
3. the header's declared size, read without decoding the pixels: more than
   `settings.max_image_pixels` pixels, or a side longer than `MAX_IMAGE_SIDE` — a decompression bomb
   (a PNG header may declare 100000×100000 in a few hundred bytes);
4. animated images (animated GIF/WebP/APNG) are refused: an inspector's photo is one frame;
5. full decode with Pillow's `DecompressionBombWarning` turned into an error and truncated files
   refused (`ImageFile.LOAD_TRUNCATED_IMAGES` must stay False);
6. EXIF orientation applied (`ImageOps.exif_transpose`) before anything else looks at the pixels;
7. conversion to 8-bit RGB: 16-bit PNG is scaled (not clipped) to 8 bits, CMYK JPEG converted
   (Adobe's inverted CMYK handled by Pillow), palette/alpha images flattened onto white.

Refusals raise `PhotoRejected(code, message_zh, message_en)`; the sha256 of the original bytes is
computed only for accepted photos (callers store nothing for a refused one).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from parkwatch.settings import get_settings

# No camera writes a side longer than this (108 MP phone sensors are 12000×9000); a longer side is
# a crafted file. Kept here rather than in settings: it is a safety bound, not a preference.
MAX_IMAGE_SIDE = 16_384

ACCEPTED_MEDIA_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}

_pillow_heif_registered = False


def _register_heif() -> None:
    global _pillow_heif_registered
    if not _pillow_heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _pillow_heif_registered = True


class PhotoRejected(ValueError):
    """An upload we do not take. `message_zh` is shown to users; `message_en` beside it."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}


@dataclass(frozen=True)
class IntakePhoto:
    sha256: str  # of the original bytes, as uploaded
    media_type: str
    image: Image.Image  # EXIF-transposed, 8-bit RGB, no metadata attached
    width: int
    height: int
    size_bytes: int = 0
    filename: str = ""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _reject(code: str, filename: str, **values: object) -> PhotoRejected:
    name = filename or "(未命名)"
    name_en = filename or "(unnamed)"
    messages = {
        "empty": (f"文件 {name} 是空的（0 字节），请重新拍摄或上传。", f"The file {name_en} is empty (0 bytes)."),
        "too_large": (
            f"文件 {name} 太大（{values.get('size')}），上限为 {values.get('limit')}。",
            f"The file {name_en} is too large ({values.get('size')}); the limit is {values.get('limit')}.",
        ),
        "not_image": (
            f"文件 {name} 不是图片{values.get('what_zh', '')}，请上传 JPEG、PNG、WebP 或 HEIC 照片。",
            f"The file {name_en} is not an image{values.get('what_en', '')}; upload a JPEG, PNG, WebP or HEIC photo.",
        ),
        "unsupported_format": (
            f"不支持 {values.get('format')} 格式的图片（{name}），请上传 JPEG、PNG、WebP 或 HEIC 照片。",
            f"{values.get('format')} images are not accepted ({name_en}); upload a JPEG, PNG, WebP or HEIC photo.",
        ),
        "too_many_pixels": (
            f"图片 {name} 声明的尺寸过大（{values.get('dims')}，{values.get('pixels')} 像素，"
            f"上限 {values.get('limit')} 像素），可能是恶意构造的文件，已拒收。",
            f"The image {name_en} declares too many pixels ({values.get('dims')}, {values.get('pixels')} pixels; "
            f"the limit is {values.get('limit')}): possibly a decompression bomb, refused.",
        ),
        "too_wide": (
            f"图片 {name} 的边长过大（{values.get('dims')}，单边上限 {MAX_IMAGE_SIDE} 像素），已拒收。",
            f"The image {name_en} has a side that is too long ({values.get('dims')}; "
            f"the limit is {MAX_IMAGE_SIDE} pixels per side), refused.",
        ),
        "animated": (
            f"文件 {name} 是动图（{values.get('frames')} 帧），请上传单张照片。",
            f"The file {name_en} is animated ({values.get('frames')} frames); upload a single photo.",
        ),
        "truncated": (
            f"图片 {name} 不完整（文件被截断或损坏），请重新上传原图。",
            f"The image {name_en} is incomplete (truncated or damaged); upload the original again.",
        ),
        "corrupt": (
            f"图片 {name} 无法解码（{values.get('detail', '文件损坏')}），请重新上传原图。",
            f"The image {name_en} cannot be decoded ({values.get('detail', 'damaged file')}); "
            "upload the original again.",
        ),
    }
    zh, en = messages[code]
    return PhotoRejected(code, zh, en)


def sniff_media_type(data: bytes) -> str | None:
    """The media type from the first bytes, for the formats we know; None when unknown."""
    head = data[:32]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "image/heic" if brand.startswith(b"he") else "image/heif"
        if brand in (b"avif", b"avis"):
            return "image/avif"
        return "video/mp4" if brand in (b"isom", b"mp41", b"mp42", b"qt  ", b"M4V ") else None
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    return None


_UNSUPPORTED_IMAGES = {
    "image/gif": "GIF",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
    "image/avif": "AVIF",
}
_NON_IMAGES = {
    "application/pdf": ("（看起来是 PDF 文档）", " (it looks like a PDF document)"),
    "application/zip": ("（看起来是压缩包或 Office 文档）", " (it looks like a ZIP archive or Office document)"),
    "video/mp4": ("（看起来是视频）", " (it looks like a video)"),
}


def _to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB, without any metadata carried along (a fresh image: empty `.info`)."""
    rgb = _convert(image)
    return Image.frombytes("RGB", rgb.size, rgb.tobytes())


def _convert(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(image, dtype=np.uint32 if mode == "I" else np.uint16).astype(np.float64)
        peak = 65535.0 if mode != "I" or arr.max() > 255 else 255.0
        grey = np.clip(np.round(arr * (255.0 / peak)), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB")
    if mode == "F":
        arr = np.asarray(image, dtype=np.float64)
        grey = np.clip(np.round(arr), 0, 255).astype(np.uint8)
        return Image.fromarray(grey, "L").convert("RGB")
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode == "RGB":
        return image
    return image.convert("RGB")  # CMYK, YCbCr, L, 1, P, RGBX, ...


def intake_photo(
    data: bytes,
    filename: str = "",
    *,
    max_bytes: int | None = None,
    max_pixels: int | None = None,
) -> IntakePhoto:
    """Check and decode an uploaded photo; raises `PhotoRejected` with a clear reason."""
    settings = get_settings()
    max_bytes = settings.max_upload_bytes if max_bytes is None else max_bytes
    max_pixels = settings.max_image_pixels if max_pixels is None else max_pixels
    media_type = _accepted_media_type(data, filename, max_bytes)
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # someone switched truncation tolerance on process-wide
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES is on; photo intake needs it off")
    rgb = _decode(data, filename, media_type, max_pixels)
    return IntakePhoto(
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        image=rgb,
        width=rgb.width,
        height=rgb.height,
        size_bytes=len(data),
        filename=filename,
    )


def _accepted_media_type(data: bytes, filename: str, max_bytes: int) -> str:
    """Checks 1 and 2: the size, then the format from the first bytes."""
    if not data:
        raise _reject("empty", filename)
    if len(data) > max_bytes:
        raise _reject("too_large", filename, size=_mb(len(data)), limit=_mb(max_bytes))
    media_type = sniff_media_type(data)
    if media_type is None:
        raise _reject("not_image", filename)
    if media_type in _NON_IMAGES:
        what_zh, what_en = _NON_IMAGES[media_type]
        raise _reject("not_image", filename, what_zh=what_zh, what_en=what_en)
    if media_type in ("image/heic", "image/heif"):
        _register_heif()
    elif media_type in _UNSUPPORTED_IMAGES:
        # Give the more useful message for animated GIFs.
        frames = _frame_count(data)
        if frames > 1:
            raise _reject("animated", filename, frames=frames)
        raise _reject("unsupported_format", filename, format=_UNSUPPORTED_IMAGES[media_type])
    return media_type


def _decode(data: bytes, filename: str, media_type: str, max_pixels: int) -> Image.Image:
    """Checks 3 to 7: the declared size from the header, one frame, then the full decode to upright RGB."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))  # reads the header only
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = found.group(1) if found else "?"
            dims = _declared_png_dims(data) or "?"
            raise _reject("too_many_pixels", filename, dims=dims, pixels=pixels, limit=max_pixels) from None
        except UnidentifiedImageError:
            raise _reject("corrupt", filename, detail="无法识别的图片数据 / unrecognised image data") from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise _reject("truncated" if _looks_truncated(exc) else "corrupt", filename, detail=str(exc)[:80]) from None

        width, height = image.size
        dims = f"{width}×{height}"
        if width * height > max_pixels:
            raise _reject("too_many_pixels", filename, dims=dims, pixels=width * height, limit=max_pixels)
        if max(width, height) > MAX_IMAGE_SIDE:
            raise _reject("too_wide", filename, dims=dims)
        # JPEGs from phones are often MPO (a second, preview frame): take the first frame. HEIF
        # containers may hold several images: pillow-heif gives the primary one.
        if media_type in ("image/png", "image/webp"):
            frames = int(getattr(image, "n_frames", 1) or 1)
            if frames > 1:
                raise _reject("animated", filename, frames=frames)

        try:
            image.load()
            return _to_rgb(ImageOps.exif_transpose(image))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _reject("too_many_pixels", filename, dims=dims, pixels=width * height, limit=max_pixels) from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            code = "truncated" if _looks_truncated(exc) else "corrupt"
            raise _reject(code, filename, detail=str(exc)[:80]) from None


def _looks_truncated(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, EOFError) or "truncated" in text or "premature end" in text or "broken data stream" in text


def _declared_png_dims(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        return f"{int.from_bytes(data[16:20], 'big')}×{int.from_bytes(data[20:24], 'big')}"
    return None


def _frame_count(data: bytes) -> int:
    """Frames of a GIF, read lazily (a bomb-sized GIF still only has its header read)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(io.BytesIO(data)) as image:
                return int(getattr(image, "n_frames", 1) or 1)
        except Exception:
            return 1
