"""The held-out photo generators (v1 and v2): their own drawing and photographs, the same truth as the board says.

The checks every held-out generator must pass run once per generator; each keeps its own seed, layouts
and limits. The drawing checks that differ by template are apart, one per generator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from demo.photo_generator import CLASSES, LAYOUTS, BoardSpec, _child_rng, random_spec, render_board, with_sticker
from demo.photo_generator_holdout import _occluder, make_holdout_dataset, photograph_holdout, render_holdout_board
from demo.photo_generator_holdout2 import _foliage, make_holdout2_dataset, photograph_holdout2, render_holdout2_board
from tests.ocr.photo_checks import assert_board_inside, assert_no_printed_character_touched, assert_one_named_photo


@dataclass(frozen=True)
class Generator:
    name: str
    seed: int  # of the test specs and drawings
    key: str  # the test specs' key prefix
    render: Callable[..., Any]
    photograph: Callable[..., Any]
    make: Callable[..., list[Path]]
    cover: Callable[..., np.ndarray]  # what it draws over the board for an "occlusion" photo

    def spec(self, i: int, layout: str) -> BoardSpec:
        return random_spec(_child_rng(self.seed, i), key=f"{self.key}{i}", layout=layout)

    def board(self, spec: BoardSpec, i: int) -> tuple[Any, list[Any]]:
        return self.render(spec, _child_rng(self.seed, i, 1))


V1 = Generator("holdout", 31, "h", render_holdout_board, photograph_holdout, make_holdout_dataset, _occluder)
V2 = Generator("holdout2", 41, "v", render_holdout2_board, photograph_holdout2, make_holdout2_dataset, _foliage)


IDS = [V1.name, V2.name]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_drawn_its_own_way_with_every_printed_character_placed(layout):
    spec = V1.spec(1, layout)
    board, glyphs = V1.board(spec, 1)
    # every printed character has a box: a cell row is drawn as its cells (as its text on row_rules)
    as_text = [line for line in spec.lines if not line.cells or layout == "row_rules"]
    as_cells = [line for line in spec.lines if line.cells and layout != "row_rules"]
    printed = sum(len(line.text) for line in as_text) + sum(len(c) for line in as_cells for c in line.cells)
    assert len(glyphs) == printed
    assert all(0 <= g[0] < g[2] <= board.width + 1 and 0 <= g[1] < g[3] <= board.height + 1 for g in glyphs)
    tuning = render_board(spec, _child_rng(31, 1, 1))
    assert board.size != tuning.size  # not the tuning generator's drawing


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_drawn_by_the_v2_template_with_every_printed_character_placed(layout):
    spec = V2.spec(1, layout)
    board, glyphs = V2.board(spec, 1)
    printed = sum(len(c) for line in spec.lines if line.cells for c in line.cells)
    printed += sum(len(line.text) for line in spec.lines if not line.cells)
    assert len(glyphs) == printed
    assert all(0 <= g[0] < g[2] <= board.width + 1 and 0 <= g[1] < g[3] <= board.height + 1 for g in glyphs)
    assert board.size != render_board(spec, _child_rng(41, 1, 1)).size
    assert board.size != render_holdout_board(spec, _child_rng(41, 1, 1))[0].size
    top = np.asarray(board)[3 : board.height // 20, board.width // 2]
    if layout != "vertical_title":  # the coloured header band
        assert np.abs(top.astype(int) - np.asarray(board)[board.height // 2, 2 + board.width // 200]).sum() > 60


@pytest.mark.parametrize(("gen", "layout", "tries"), [(V1, "table", 20), (V2, "free_text", 30)], ids=IDS)
def test_a_covered_price_is_printed_with_its_old_amount_under_a_patch_saying_the_new_one(gen, layout, tries):
    for i in range(10, 10 + tries):
        spec = with_sticker(gen.spec(i, layout), _child_rng(gen.seed, i, 3))
        if not spec.stickers:
            continue
        covered, _ = gen.board(spec, i)
        bare, _ = gen.board(replace(spec, stickers=()), i)
        differs = np.abs(np.asarray(covered, np.int16) - np.asarray(bare, np.int16)).sum(axis=2) > 60
        assert differs.sum() > 50  # the patch is drawn
        assert spec.stickers[0].new in spec.lines[spec.stickers[0].line].text  # the truth says the new amount
        return
    pytest.fail("no spec had a price to cover")


@pytest.mark.parametrize(("gen", "layout", "seeds"), [(V1, "two_column", 6), (V2, "kv_table", 4)], ids=IDS)
def test_what_covers_part_of_the_board_hides_no_printed_character(gen, layout, seeds):
    board, glyphs = gen.board(gen.spec(40, layout), 40)
    flat = np.asarray(board)
    for seed in range(seeds):
        assert_no_printed_character_touched(flat, gen.cover(flat, glyphs, _child_rng(gen.seed, 40, seed)), glyphs)


@pytest.mark.parametrize("difficulty", CLASSES)
@pytest.mark.parametrize(("gen", "layout", "small_max"), [(V1, "row_rules", 720), (V2, "band_grid", 760)], ids=IDS)
def test_every_class_gives_a_photo_with_the_board_inside(gen, layout, small_max, difficulty):
    board, glyphs = gen.board(gen.spec(50, layout), 50)
    photo = gen.photograph(board, glyphs, difficulty, _child_rng(gen.seed, 50, 2))
    assert_board_inside(photo, difficulty, small_max=small_max)


@pytest.mark.parametrize(("gen", "layout"), [(V1, "kv_table"), (V2, "two_column")], ids=IDS)
def test_the_set_is_named_as_the_tuning_set_and_says_which_generator_made_it(gen, layout, tmp_path):
    paths = gen.make(tmp_path, 5, 1, 1, ("clean",), (layout,))
    again = gen.make(tmp_path / "again", 5, 1, 1, ("clean",), (layout,))
    assert_one_named_photo(paths, again, gen.name, layout)
