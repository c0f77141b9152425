"""The held-out photo generator: its own drawing and photographs, the same truth as the board says."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from demo.photo_generator import CLASSES, LAYOUTS, _child_rng, random_spec, render_board, with_sticker
from demo.photo_generator_holdout import (
    _occluder,
    make_holdout_dataset,
    photograph_holdout,
    render_holdout_board,
)
from tests.ocr.photo_checks import assert_board_inside, assert_no_printed_character_touched, assert_one_named_photo


def _spec(i: int, layout: str):
    return random_spec(_child_rng(31, i), key=f"h{i}", layout=layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_drawn_its_own_way_with_every_printed_character_placed(layout):
    spec = _spec(1, layout)
    board, glyphs = render_holdout_board(spec, _child_rng(31, 1, 1))
    # every printed character has a box: a cell row is drawn as its cells (as its text on row_rules)
    as_text = [line for line in spec.lines if not line.cells or layout == "row_rules"]
    as_cells = [line for line in spec.lines if line.cells and layout != "row_rules"]
    printed = sum(len(line.text) for line in as_text) + sum(len(c) for line in as_cells for c in line.cells)
    assert len(glyphs) == printed
    assert all(0 <= g[0] < g[2] <= board.width + 1 and 0 <= g[1] < g[3] <= board.height + 1 for g in glyphs)
    tuning = render_board(spec, _child_rng(31, 1, 1))
    assert board.size != tuning.size  # not the tuning generator's drawing


def test_a_covered_price_is_printed_with_its_old_amount_under_a_patch_saying_the_new_one():
    for i in range(20):
        spec = with_sticker(_spec(10 + i, "table"), _child_rng(31, 10 + i, 3))
        if not spec.stickers:
            continue
        sticker = spec.stickers[0]
        plain, _ = render_holdout_board(spec, _child_rng(31, 10 + i, 1))
        bare = replace(spec, stickers=())
        unstuck, _ = render_holdout_board(bare, _child_rng(31, 10 + i, 1))
        differs = np.abs(np.asarray(plain, np.int16) - np.asarray(unstuck, np.int16)).sum(axis=2) > 60
        assert differs.sum() > 50  # the patch is drawn
        assert sticker.new in spec.lines[sticker.line].text  # the truth says the new amount
        return
    pytest.fail("no spec had a price to cover")


def test_an_occluder_hides_no_printed_character():
    spec = _spec(40, "two_column")
    board, glyphs = render_holdout_board(spec, _child_rng(31, 40, 1))
    flat = np.asarray(board)
    for seed in range(6):
        assert_no_printed_character_touched(flat, _occluder(flat, glyphs, _child_rng(31, 40, seed)), glyphs)


@pytest.mark.parametrize("difficulty", CLASSES)
def test_every_class_gives_a_photo_with_the_board_inside(difficulty):
    spec = _spec(50, "row_rules")
    board, glyphs = render_holdout_board(spec, _child_rng(31, 50, 1))
    photo = photograph_holdout(board, glyphs, difficulty, _child_rng(31, 50, 2))
    assert_board_inside(photo, difficulty, small_max=720)


def test_the_held_out_set_is_named_as_the_tuning_set_and_says_which_generator_made_it(tmp_path):
    paths = make_holdout_dataset(tmp_path, 5, per_cell=1, clean_per_layout=1, classes=("clean",), layouts=("kv_table",))
    again = make_holdout_dataset(tmp_path / "again", 5, 1, 1, ("clean",), ("kv_table",))
    assert_one_named_photo(paths, again, "holdout", "kv_table")
