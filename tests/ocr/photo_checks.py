"""Checks every photo generator's set must pass (the tuning set's and the held-out ones')."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image


def assert_no_printed_character_touched(flat: np.ndarray, covered: np.ndarray, glyphs: Sequence[Sequence[int]]) -> None:
    """Something was drawn over the board (`covered`), and none of it inside a character's box."""
    changed = np.argwhere(np.abs(covered.astype(np.int16) - flat.astype(np.int16)).sum(axis=2) > 0)
    assert len(changed) > 0
    for x0, y0, x1, y1 in glyphs:
        inside = (changed[:, 1] >= x0 + 1) & (changed[:, 1] < x1 - 1) & (changed[:, 0] >= y0 + 1)
        assert not (inside & (changed[:, 0] < y1 - 1)).any()


def assert_board_inside(photo: Image.Image, difficulty: str, small_max: int) -> None:
    """The board's corners lie in the photo; a small photo is small, a phone photo large."""
    quad = np.array(photo.info["board_quad"])
    assert quad.shape == (4, 2)
    assert (quad[:, 0] >= -2).all() and (quad[:, 0] <= photo.width + 2).all()
    assert (quad[:, 1] >= -2).all() and (quad[:, 1] <= photo.height + 2).all()
    if difficulty == "small":
        assert max(photo.size) <= small_max
    if difficulty == "phone":
        assert max(photo.size) >= 2000


def assert_one_named_photo(paths: Sequence[Path], again: Sequence[Path], generator: str, layout: str) -> None:
    """One clean photo of `layout`, named as every set names it, its truth naming its generator; made again
    from the same seed, byte for byte the same."""
    assert [p.stem for p in paths] == [f"clean-{layout}-000"]
    data = json.loads(paths[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert data["generator"] == generator and data["layout"] == layout and data["text"]
    assert again[0].read_bytes() == paths[0].read_bytes()
