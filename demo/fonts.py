"""The Chinese fonts installed on this machine, for the board generator.

Found through fontconfig (`fc-list :lang=zh`) when it is there, else by known Debian paths.
A `.ttc` collection holds several faces; we pick the Simplified Chinese one (name ending " SC")
or, for single-face files (WenQuanYi, AR PL), face 0.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

# Debian packages fonts-noto-cjk, fonts-wqy-zenhei, fonts-arphic-ukai; used when fc-list is absent.
KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
)


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int
    family: str  # e.g. "Noto Sans CJK SC"
    style: str  # e.g. "Bold"

    @property
    def name(self) -> str:
        return f"{self.family} {self.style}".strip()

    @property
    def bold(self) -> bool:
        return "bold" in self.style.lower() or "black" in self.style.lower()

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, size)


@lru_cache(maxsize=256)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size, index=index)


def _candidate_paths() -> list[str]:
    paths: set[str] = set()
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
            for line in out.splitlines():
                path = line.split(":", 1)[0].strip()
                if path:
                    paths.add(path)
        except (OSError, subprocess.SubprocessError):
            pass
    paths.update(p for p in KNOWN_PATHS if Path(p).exists())
    return sorted(paths)


def _faces_in(path: str) -> list[FontFace]:
    faces: list[FontFace] = []
    for index in range(16):
        try:
            family, style = ImageFont.truetype(path, size=20, index=index).getname()
        except OSError:
            break
        faces.append(FontFace(path, index, family or Path(path).stem, style or "Regular"))
    if len(faces) <= 1:
        return faces
    # A CJK collection: keep the proportional Simplified Chinese face.
    simplified = [f for f in faces if f.family.endswith(" SC") and "Mono" not in f.family]
    return simplified or faces[:1]


@lru_cache(maxsize=1)
def chinese_fonts() -> tuple[FontFace, ...]:
    """Every usable Simplified Chinese face, sorted by name (stable across runs)."""
    faces: list[FontFace] = []
    for path in _candidate_paths():
        faces.extend(_faces_in(path))
    seen: set[tuple[str, str]] = set()
    unique = []
    for face in sorted(faces, key=lambda f: (f.name, f.path)):
        if (face.family, face.style) not in seen:
            seen.add((face.family, face.style))
            unique.append(face)
    if not unique:
        raise RuntimeError("no Chinese font found: install fonts-noto-cjk (Debian) for the board generator")
    return tuple(unique)
