"""The held-out v2 photo generator: templates of its own, the same truth as the board says."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from demo.photo_generator import CLASSES, LAYOUTS, _child_rng, random_spec, render_board, with_sticker
from demo.photo_generator_holdout import render_holdout_board
from demo.photo_generator_holdout2 import (
    _foliage,
    make_holdout2_dataset,
    photograph_holdout2,
    render_holdout2_board,
)
from tests.ocr.photo_checks import assert_board_inside, assert_no_printed_character_touched, assert_one_named_photo


def _spec(i: int, layout: str):
    return random_spec(_child_rng(41, i), key=f"v{i}", layout=layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_drawn_by_its_own_template_with_every_printed_character_placed(layout):
    spec = _spec(1, layout)
    board, glyphs = render_holdout2_board(spec, _child_rng(41, 1, 1))
    printed = sum(len(c) for line in spec.lines if line.cells for c in line.cells)
    printed += sum(len(line.text) for line in spec.lines if not line.cells)
    assert len(glyphs) == printed
    assert all(0 <= g[0] < g[2] <= board.width + 1 and 0 <= g[1] < g[3] <= board.height + 1 for g in glyphs)
    assert board.size != render_board(spec, _child_rng(41, 1, 1)).size
    assert board.size != render_holdout_board(spec, _child_rng(41, 1, 1))[0].size
    top = np.asarray(board)[3 : board.height // 20, board.width // 2]
    if layout != "vertical_title":  # the coloured header band
        assert np.abs(top.astype(int) - np.asarray(board)[board.height // 2, 2 + board.width // 200]).sum() > 60


def test_a_covered_price_is_printed_with_its_old_amount_under_a_patch_saying_the_new_one():
    for i in range(30):
        spec = with_sticker(_spec(10 + i, "free_text"), _child_rng(41, 10 + i, 3))
        if not spec.stickers:
            continue
        covered, _ = render_holdout2_board(spec, _child_rng(41, 10 + i, 1))
        bare, _ = render_holdout2_board(replace(spec, stickers=()), _child_rng(41, 10 + i, 1))
        differs = np.abs(np.asarray(covered, np.int16) - np.asarray(bare, np.int16)).sum(axis=2) > 60
        assert differs.sum() > 50
        assert spec.stickers[0].new in spec.lines[spec.stickers[0].line].text
        return
    pytest.fail("no spec had a price to cover")


def test_foliage_hides_no_printed_character():
    spec = _spec(40, "kv_table")
    board, glyphs = render_holdout2_board(spec, _child_rng(41, 40, 1))
    flat = np.asarray(board)
    for seed in range(4):
        assert_no_printed_character_touched(flat, _foliage(flat, glyphs, _child_rng(41, 40, seed)), glyphs)


@pytest.mark.parametrize("difficulty", CLASSES)
def test_every_class_gives_a_photo_with_the_board_inside(difficulty):
    spec = _spec(50, "band_grid")
    board, glyphs = render_holdout2_board(spec, _child_rng(41, 50, 1))
    photo = photograph_holdout2(board, glyphs, difficulty, _child_rng(41, 50, 2))
    assert_board_inside(photo, difficulty, small_max=760)


def test_the_v2_set_is_named_as_the_others_and_says_which_generator_made_it(tmp_path):
    paths = make_holdout2_dataset(tmp_path, 5, 1, 1, classes=("clean",), layouts=("two_column",))
    again = make_holdout2_dataset(tmp_path / "again", 5, 1, 1, ("clean",), ("two_column",))
    assert_one_named_photo(paths, again, "holdout2", "two_column")
