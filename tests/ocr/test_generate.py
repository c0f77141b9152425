"""The board-photo generator: deterministic, every difficulty as specified, truth complete and true."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest

from demo.photo_generator import (
    DIFFICULTIES,
    LAYOUTS,
    PHONE_SIZE,
    SCENE_CLASSES,
    SMALL_LONG_SIDE,
    _child_rng,
    board_text,
    make_dataset,
    make_photo,
    numbers_in,
    photograph,
    random_spec,
    render_board,
    spec_from_demo_lot,
    tariff_text,
    to_half_width,
    truth,
    with_layout,
)


def _spec(i: int = 0, **kw):
    return random_spec(_child_rng(7, i), key=f"t{i}", **kw)


def test_the_same_seed_gives_the_same_photo_and_another_seed_another():
    spec = _spec()
    a = np.asarray(make_photo(spec, "perspective", 5, 1)[1])
    b = np.asarray(make_photo(spec, "perspective", 5, 1)[1])
    c = np.asarray(make_photo(spec, "perspective", 6, 1)[1])
    assert np.array_equal(a, b)
    assert a.shape != c.shape or not np.array_equal(a, c)
    assert truth(_spec()) == truth(spec)  # specs too


@pytest.mark.parametrize("difficulty", [d for d in DIFFICULTIES if d != "phone"])
def test_every_difficulty_gives_an_image_of_the_expected_size(difficulty):
    board = render_board(_spec(1), _child_rng(1, 1))
    photo = photograph(board, difficulty, _child_rng(1, 2))
    assert photo.mode == "RGB"
    long_side = max(photo.size)
    if difficulty == "small":
        assert long_side == SMALL_LONG_SIDE
    else:
        assert 800 <= long_side <= 5000
        assert long_side >= max(board.size) * (0.75 if difficulty == "clutter" else 1.0)


@pytest.mark.slow
def test_phone_photos_are_3000_by_4000():
    board = render_board(_spec(2), _child_rng(2, 1))
    assert photograph(board, "phone", _child_rng(2, 2)).size == PHONE_SIZE


def test_degradations_really_degrade():
    board = render_board(_spec(3), _child_rng(3, 1))
    clean = np.asarray(photograph(board, "clean", _child_rng(3, 2)).convert("L"), dtype=float)
    low = np.asarray(photograph(board, "low_contrast", _child_rng(3, 2)).convert("L"), dtype=float)
    noisy = np.asarray(photograph(board, "noise", _child_rng(3, 2)).convert("L"), dtype=float)
    blurred = np.asarray(photograph(board, "blur", _child_rng(3, 2)).convert("L"), dtype=float)

    def sharpness(a):
        return np.abs(np.diff(a, axis=1)).mean()

    assert np.percentile(low, 99) - np.percentile(low, 1) < 0.6 * (np.percentile(clean, 99) - np.percentile(clean, 1))
    assert sharpness(noisy) > 2 * sharpness(clean)
    assert sharpness(blurred) < sharpness(clean)


def test_unknown_difficulty_is_refused():
    with pytest.raises(ValueError):
        photograph(render_board(_spec(), _child_rng(0)), "fog", _child_rng(1))


def test_random_specs_vary_over_layouts_forms_schemes_fonts_and_defects():
    specs = [_spec(i) for i in range(80)]
    assert {s.layout for s in specs} == set(LAYOUTS)
    assert {s.pricing_form for s in specs} == {"market", "guided", "government", None}
    assert len({s.scheme for s in specs}) >= 4
    assert len({s.font for s in specs}) >= 2
    hotlines = [tuple(s.fields.get("hotlines") or ()) for s in specs]
    assert () in hotlines and any("12358" in h for h in hotlines)
    assert any(s.fields.get("bare_prices") for s in specs) or any(s.pricing_form is None for s in specs)
    assert any("\uff10" <= ch <= "\uff19" for s in specs for ch in board_text(s))  # full-width digits occur
    assert any(line.cells for s in specs for line in s.lines)  # ruled price tables occur


def test_colours_follow_the_pricing_form():
    for i in range(40):
        spec = _spec(i)
        expected = {"government": {"blue"}, "guided": {"green"}, "market": {"white", "cream"}}
        if spec.pricing_form:
            assert spec.scheme in expected[spec.pricing_form]


def test_the_truth_is_what_the_board_says():
    for i in range(40):
        spec = _spec(i)
        data = truth(spec)
        text = to_half_width(data["text"])
        fields = data["fields"]
        for number in fields.get("hotlines") or []:
            assert number in text
        if fields.get("fee_basis"):
            assert fields["fee_basis"] in text
        if fields.get("free_minutes") is not None:
            assert re.search(rf"(?<!\d){fields['free_minutes']}分钟", text)
        if fields.get("charging_hours"):
            assert fields["charging_hours"] in text
        if spec.pricing_form:
            assert {"market": "市场调节价", "guided": "政府指导价", "government": "政府定价"}[spec.pricing_form] in text
        else:
            assert "定价形式" not in text and "收费性质" not in text and "价格类型" not in text
        assert data["tariff_numbers"] == numbers_in(tariff_text(spec))
        assert data["tariff_numbers"]  # every board has prices
        assert data["lines"] == data["text"].split("\n")
        for vehicle, price in data["vehicle_prices"].items():
            assert vehicle in data["text"]
            if data["layout"] == "band_grid":  # vehicle × band grid: the price's band is a column header
                assert set(numbers_in(price.split("；")[0])) <= set(numbers_in(data["text"]))
            else:
                assert price.split("；")[0] in data["text"]


def test_the_two_column_layout_reads_tariff_before_the_info_column():
    spec = with_layout(_spec(4), "two_column")
    lines = board_text(spec).split("\n")
    first_tariff = next(i for i, ln in enumerate(lines) if ln.startswith(("车型", "小型车")))
    first_info = next(i for i, ln in enumerate(lines) if ln.startswith("收费单位"))
    assert first_tariff < first_info
    single = board_text(with_layout(spec, "free_text")).split("\n")
    assert next(i for i, ln in enumerate(single) if ln.startswith("收费单位")) < next(
        i for i, ln in enumerate(single) if ln.startswith("小型车")
    )


def test_make_dataset_writes_a_jpeg_and_a_complete_truth_per_photo(tmp_path):
    paths = make_dataset(tmp_path, per_class=2, seed=9, difficulties=("clean", "small", "rotation"))
    assert [p.name for p in paths] == [
        "clean-000.jpg",
        "clean-001.jpg",
        "small-000.jpg",
        "small-001.jpg",
        "rotation-000.jpg",
        "rotation-001.jpg",
    ]
    for path in paths:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        for key in (
            "id",
            "difficulty",
            "text",
            "lines",
            "tariff_text",
            "tariff_numbers",
            "fields",
            "key_fields",
            "layout",
            "font",
            "scheme",
            "width",
            "height",
        ):
            assert key in data, key
        assert set(data["key_fields"]) == {
            "pricing_form",
            "hotlines",
            "free_minutes",
            "fee_basis",
            "charging_hours",
            "tariff_numbers",
        }
        assert data["id"] == path.stem and data["difficulty"] == path.stem.split("-")[0]
        from PIL import Image

        with Image.open(path) as im:
            assert im.size == (data["width"], data["height"])
    # Photo i of a class does not depend on how many were asked for.
    again = make_dataset(tmp_path / "again", per_class=1, seed=9, difficulties=("small",))
    assert again[0].with_suffix(".json").read_text() == (tmp_path / "small-000.json").read_text()


@pytest.mark.slow
def test_make_dataset_covers_every_difficulty(tmp_path):
    paths = make_dataset(tmp_path, per_class=1, seed=1)
    assert sorted(p.stem.split("-")[0] for p in paths) == sorted(DIFFICULTIES)


def test_demo_city_boards_become_specs_labelled_demo():
    demo_city = pytest.importorskip("demo.city")
    lots = demo_city.demo_lots()
    for lot in lots[:12]:
        spec = spec_from_demo_lot(lot, _child_rng(1, 1))
        text = board_text(spec)
        assert "演示" in text
        for line in lot.board_text.splitlines():
            assert line.strip() in text.split("\n")
        data = truth(spec)
        assert data["fields"] == dict(lot.board_fields)
        assert data["source"] == "demo_city" and data["demo"] is True


def test_demo_photo_lots_start_with_the_seed_case_and_mix_flawed_and_sound_boards():
    demo_city = pytest.importorskip("demo.city")
    from demo.photos import SEED_CASE_KEY, choose_lots

    lots = choose_lots(demo_city.demo_lots(), 12, seed=1)
    assert lots[0].key == SEED_CASE_KEY
    assert len({lot.key for lot in lots}) == 12
    flawed = sum(1 for lot in lots[1:] if lot.defects)
    assert 3 <= flawed <= 8
    assert [lot.key for lot in choose_lots(demo_city.demo_lots(), 12, seed=1)] == [lot.key for lot in lots]


@pytest.mark.slow
def test_make_demo_photos_writes_a_dozen_labelled_photos_across_difficulties(tmp_path):
    from demo.photos import make_demo_photos

    paths = make_demo_photos(tmp_path, seed=3)
    assert len(paths) == 12
    truths = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in paths]
    assert {t["difficulty"] for t in truths} == set(DIFFICULTIES)
    assert all(t["demo"] and "演示" in t["text"] for t in truths)
    if truths[0]["source"] == "demo_city":
        assert truths[0]["lot_key"] == "yy-0001" and truths[0]["difficulty"] == "clean"


def test_ensure_demo_photos_reuses_existing_photos_and_remakes_missing_ones(tmp_path, monkeypatch):
    from demo import photos as demo_photos

    calls = []

    def fake_make(out, seed):
        calls.append(seed)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for i in range(2):
            (out / f"p{i}.json").write_text("{}")
            (out / f"p{i}.jpg").write_bytes(b"jpg")
            paths.append(out / f"p{i}.jpg")
        return paths

    monkeypatch.setattr(demo_photos, "make_demo_photos", fake_make)
    first = demo_photos.ensure_demo_photos(tmp_path, seed=4)
    assert demo_photos.ensure_demo_photos(tmp_path, seed=4) == first and calls == [4]
    (tmp_path / "p1.jpg").unlink()
    demo_photos.ensure_demo_photos(tmp_path, seed=4)
    demo_photos.ensure_demo_photos(tmp_path, seed=5)
    assert calls == [4, 4, 5]


def test_a_spec_exposes_its_text_and_tariff():
    spec = _spec(5)
    assert spec.text == board_text(spec) and spec.tariff == tariff_text(spec)
    assert spec.tariff and spec.tariff in spec.text.replace("车型 收费标准\n", "")


# ------------------------------------------------------------ layouts and scene classes (issue 15)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_renders_and_its_truth_reads_as_the_board_says(layout):
    from parkwatch.core.board_reader import read_board

    for i in range(3):
        spec = _spec(100 + i, layout=layout)
        board = render_board(spec, _child_rng(100 + i, 1))
        assert board.width > 400 and board.height > 300
        printed = "".join(g[4] for g in board.info["glyphs"])
        for line in spec.lines:  # every printed character has a glyph box
            for cell in line.cells or (line.text,):
                assert cell.replace(" ", "") in printed.replace(" ", "") or "\n" in line.text
        record = read_board(board_text(spec))
        assert record.tariff is not None and record.tariff.has_prices(), board_text(spec)
        assert record.value("hotlines") == (spec.fields.get("hotlines") or None)


def test_layouts_print_what_real_boards_print():
    grid = _spec(1, layout="full_grid")
    assert all(line.cells for line in grid.lines if line.section == "info")  # label | value rows
    kv = _spec(2, layout="kv_table")
    assert kv.lines[1].cells == ("项目", "内容")
    assert any(line.text.startswith("收费标准：") for line in kv.lines)
    band = _spec(3, layout="band_grid")
    header = next(line for line in band.lines if line.section == "table_header")
    assert len(header.cells) == 3 and any(word in header.cells[1] for word in ("白天", "日间"))
    row = next(line for line in band.lines if line.section == "tariff" and line.cells)
    assert row.text.split("\n") == [f"{row.cells[0]} {header.cells[j]} {row.cells[j]}" for j in (1, 2)]
    vertical = _spec(4, layout="vertical_title")
    assert len(vertical.lines[0].text) <= 7 and vertical.lines[1].text.startswith("停车场名称：")


def test_a_sticker_covers_a_printed_price_and_the_truth_says_the_new_amount():
    from demo.photo_generator import with_sticker

    for i in range(10):
        spec = _spec(200 + i)
        stuck = with_sticker(spec, _child_rng(200 + i, 3))
        if not stuck.stickers:
            continue
        sticker = stuck.stickers[0]
        assert sticker.new != to_half_width(sticker.old) and len(sticker.new) == len(sticker.old)
        before, after = spec.lines[sticker.line], stuck.lines[sticker.line]
        assert numbers_in(after.text) != numbers_in(before.text) and sticker.new in after.text
        assert truth(stuck)["tariff_numbers"] != truth(spec)["tariff_numbers"]
        assert truth(stuck)["stickers"][0]["new"] == sticker.new
        # the board prints the old amount under the sticker
        board = render_board(stuck, _child_rng(200 + i, 1))
        printed = "".join(g[4] for g in board.info["glyphs"])
        assert sticker.old in printed
        return
    pytest.fail("no spec had a price to cover")


@pytest.mark.parametrize("difficulty", SCENE_CLASSES)
def test_scene_classes_give_a_photo_with_the_board_where_the_truth_says(difficulty):
    spec = _spec(300, layout="table")
    board = render_board(spec, _child_rng(300, 1))
    photo = photograph(board, difficulty, _child_rng(300, 2))
    quad = np.array(photo.info["board_quad"])
    assert quad.shape == (4, 2)
    assert (quad[:, 0] >= -1).all() and (quad[:, 0] <= photo.width + 1).all()
    (ax, ay), (bx, by) = quad[1] - quad[0], quad[3] - quad[0]
    area = abs(ax * by - ay * bx)
    assert 0.15 * photo.width * photo.height < area < photo.width * photo.height
    if difficulty == "notice":  # a notice beside the board: the photo is wider than the board needs
        assert photo.width > 1.4 * board.width


def test_make_layout_dataset_covers_every_class_and_layout_asked_for(tmp_path):
    from demo.photo_generator import make_layout_dataset

    paths = make_layout_dataset(
        tmp_path, 9, per_cell=1, clean_per_layout=2, classes=("clean", "sticker"), layouts=("row_rules", "kv_table")
    )
    assert sorted(p.stem for p in paths) == sorted(
        [f"clean-{lay}-{i:03d}" for lay in ("row_rules", "kv_table") for i in range(2)]
        + [f"sticker-{lay}-000" for lay in ("row_rules", "kv_table")]
    )
    for path in paths:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["layout"] == path.stem.split("-")[1] and len(data["board_quad"]) == 4
    again = make_layout_dataset(
        tmp_path / "again", 9, per_cell=1, clean_per_layout=1, classes=("clean",), layouts=("kv_table",)
    )
    assert again[0].with_suffix(".json").read_text() == (tmp_path / "clean-kv_table-000.json").read_text()


@pytest.mark.parametrize("style", ["solid", "dashed", "dotted", "faint"])
def test_a_table_rule_is_drawn_solid_dashed_dotted_or_faint(style):
    from PIL import Image, ImageDraw

    from demo.photo_generator import _Canvas, _rule, _style

    st = replace(_style(_spec(400, layout="row_rules"), _child_rng(1, 1)), rule_style=style, rule=2)
    st = replace(st, bg=(250, 250, 250), fg=(20, 20, 20))
    image = Image.new("RGB", (400, 20), st.bg)
    _rule(_Canvas(ImageDraw.Draw(image), _spec(400)), st, (0, 10), (399, 10))
    row = np.asarray(image.convert("L"))[10]
    dark = (row < 128).mean()
    if style == "solid":
        assert dark == 1.0
    elif style == "faint":  # a light grey hairline, all along
        assert dark == 0.0 and (row < 240).all()
    else:  # broken into dashes or dots
        assert 0.2 < dark < 0.9


def test_the_rule_variants_leave_other_draws_of_a_board_alone():
    from demo.photo_generator import _rule_variant, _variant

    styles = {_rule_variant(_spec(i, layout=layout))[0] for i in range(400, 440) for layout in ("row_rules", "table")}
    assert {"solid", "dashed", "dotted", "faint"} <= styles
    assert {_rule_variant(_spec(i, layout="free_text"))[0] for i in range(400, 440)} == {"solid"}
    # the earlier variant (hairline rules, label at the top) is drawn from its own stream, unchanged
    spec = _spec(401, layout="full_grid")
    assert _variant(spec, 40) == _variant(replace(spec, lines=()), 40)


def test_half_the_blur_photos_are_blurred_harder_and_are_softer():
    import cv2

    from demo.photo_generator import heavy_variant

    def sharpness(photo) -> float:  # the variance of the Laplacian: low when strokes lost their edges
        return float(cv2.Laplacian(np.asarray(photo.convert("L")), cv2.CV_64F).var())

    specs = [_spec(500 + i, layout="free_text") for i in range(12)]
    heavy = [heavy_variant(spec, "blur") for spec in specs]
    assert any(heavy) and not all(heavy)
    assert not any(heavy_variant(spec, "clean") for spec in specs)
    spec = specs[heavy.index(True)]
    board = render_board(spec, _child_rng(500, 1))
    soft = photograph(board, "blur", _child_rng(500, 2), heavy=False)
    hard = photograph(board, "blur", _child_rng(500, 2), heavy=True)
    assert soft.size == hard.size
    assert sharpness(hard) < sharpness(soft)


def test_an_open_band_grid_has_no_rules_between_its_cells():
    from demo.photo_generator import _rule_variant, _style, _variant

    def longest_vertical_run(spec) -> int:
        """The longest run of pixels of the board's ink colour down one column, inside its outer border."""
        board = np.asarray(render_board(spec, _child_rng(2, 1))).astype(int)
        ink = np.abs(board - np.array(_style(spec, _child_rng(2, 1)).fg)).sum(axis=2) < 60
        inner = ink[:, ink.shape[1] // 10 : -ink.shape[1] // 10].astype(np.int8)
        edges = np.diff(np.pad(inner, ((1, 1), (0, 0))), axis=0)
        starts, stops = np.nonzero(edges.T == 1), np.nonzero(edges.T == -1)
        return int((stops[1] - starts[1]).max())

    # (a yellow board's title band and header row are filled with its ink colour)
    specs = [s for s in (_spec(i, layout="band_grid") for i in range(400, 480)) if s.scheme != "yellow"]
    # (the hairline boards of `_variant` keep solid rules)
    open_grid = next(s for s in specs if _rule_variant(s)[1] and _variant(s, 40)[0] > 1)
    ruled = next(s for s in specs if not _rule_variant(s)[1] and _rule_variant(s)[0] == "solid")
    # a cell rule runs down the whole table (three rows at least); no glyph stroke is that long
    assert longest_vertical_run(ruled) > 3 * 34
    assert longest_vertical_run(open_grid) < 2 * 47
