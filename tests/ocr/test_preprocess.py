"""Board finding, preparation steps and numeric post-fixes, on images rendered here."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.board_finder import find_board
from ocr.postfix import fix_line, fix_text
from ocr.preprocess import (
    STEPS,
    _rotate,
    column_dividers,
    flatten_background,
    is_light_on_dark,
    prepare,
    remove_ruled_lines,
    skew_angle,
    stretch_contrast,
    text_height,
)

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LINES = [
    "收费单位：岳阳市停车管理有限公司",
    "定价形式：政府指导价",
    "小型车首小时5元，之后每小时2元",
    "举报电话：12315",
]


def render(size: int = 40, fg=(0, 0, 0), bg=(255, 255, 255), lines=LINES) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    img = Image.new("RGB", (int(size * 18), int(size * 1.6 * len(lines) + size)), bg)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size // 2, size // 2 + int(i * size * 1.6)), line, font=font, fill=fg)
    return np.asarray(img)


def test_light_text_on_a_dark_board_is_recognised_and_dark_text_is_not():
    assert is_light_on_dark(cv2.cvtColor(render(fg=(255, 255, 255), bg=(20, 60, 160)), cv2.COLOR_RGB2GRAY))
    assert not is_light_on_dark(cv2.cvtColor(render(), cv2.COLOR_RGB2GRAY))


def test_a_shadow_over_half_the_board_does_not_flip_the_polarity_and_is_flattened():
    gray = cv2.cvtColor(render(), cv2.COLOR_RGB2GRAY).astype(np.float32)
    gray[:, gray.shape[1] // 2 :] *= 0.35  # a hard shadow over the right half
    gray = gray.astype(np.uint8)
    assert not is_light_on_dark(gray)
    flat = flatten_background(gray)
    right = flat[:, flat.shape[1] * 3 // 4 :]
    assert np.median(right) > 200  # the shadowed ground is light again


def test_contrast_stretch_uses_the_full_range():
    gray = (cv2.cvtColor(render(), cv2.COLOR_RGB2GRAY) * 0.3 + 90).astype(np.uint8)
    out = stretch_contrast(gray)
    assert out.min() <= 5 and out.max() >= 250


@pytest.mark.parametrize("angle", [-9.0, -4.0, 6.0, 11.0])
def test_deskew_finds_the_rotation_of_the_text_within_a_degree(angle):
    gray = cv2.cvtColor(render(), cv2.COLOR_RGB2GRAY)
    rotated = _rotate(gray, -angle)
    assert abs(skew_angle(rotated) - angle) <= 1.0


def test_text_height_is_measured_close_to_the_font_size():
    for size in (20, 40, 80):
        height = text_height(cv2.cvtColor(render(size), cv2.COLOR_RGB2GRAY))
        assert height is not None and 0.6 * size <= height <= 1.2 * size


def test_rescale_brings_small_text_to_about_36_pixels():
    prepared = prepare(render(16), steps=("gray", "rescale"))
    height = text_height(prepared.image)
    assert height is not None and 26 <= height <= 46


def test_long_ruled_lines_are_removed_but_text_stays():
    gray = cv2.cvtColor(render(), cv2.COLOR_RGB2GRAY)
    y = gray.shape[0] - 8
    gray[y : y + 3, 10:-10] = 0
    cleaned = remove_ruled_lines(gray)
    assert cleaned[y : y + 3, 20:-20].min() > 200
    assert (cleaned < 100).sum() > 0.8 * (gray[: y - 2] < 100).sum()


def test_a_vertical_divider_between_two_columns_is_found():
    gray = np.full((600, 1000), 255, np.uint8)
    gray[100:560, 498:501] = 0
    xs = column_dividers(gray)
    assert len(xs) == 1 and abs(xs[0][0] - 499) <= 2


def test_the_board_is_found_in_a_cluttered_photo_and_straightened():
    rng = np.random.default_rng(1)
    scene = rng.integers(0, 255, (900, 1200, 3), dtype=np.uint8)
    scene = cv2.GaussianBlur(scene, (0, 0), 6)
    for _ in range(15):  # clutter: random coloured shapes
        c = tuple(int(v) for v in rng.integers(0, 255, 3))
        cv2.circle(scene, (int(rng.integers(0, 1200)), int(rng.integers(0, 900))), int(rng.integers(20, 120)), c, -1)
    board = render(fg=(255, 255, 255), bg=(20, 60, 160))
    bh, bw = board.shape[:2]
    corners = np.array(
        [[300, 250], [300 + bw * 0.8, 230], [300 + bw * 0.8, 230 + bh * 0.8], [310, 250 + bh * 0.8]], np.float32
    )
    matrix = cv2.getPerspectiveTransform(np.array([[0, 0], [bw, 0], [bw, bh], [0, bh]], np.float32), corners)
    warped = cv2.warpPerspective(board, matrix, (1200, 900))
    mask = cv2.warpPerspective(np.full((bh, bw), 255, np.uint8), matrix, (1200, 900))
    scene[mask > 0] = warped[mask > 0]
    found = find_board(scene)
    assert found.corners is not None
    assert np.abs(found.corners - corners).max() < 25
    # Straightened: the board's rows are level again.
    gray = cv2.cvtColor(found.image, cv2.COLOR_RGB2GRAY)
    assert abs(skew_angle(255 - gray)) <= 1.0


def test_a_photo_that_is_all_board_is_left_as_it_is():
    image = render()
    found = find_board(image)
    assert found.corners is None and found.image is image


def test_prepare_applies_steps_in_order_and_reports_what_it_found():
    prepared = prepare(render(fg=(255, 255, 255), bg=(20, 60, 160)))
    assert prepared.steps == STEPS
    assert prepared.notes["inverted"] is True
    assert prepared.image.ndim == 2


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("首小时]元", "首小时1元"),
        ("每小时l0元", "每小时10元"),
        ("封顶I5元", "封顶15元"),
        ("收费时间 O8:OO-2O:00", "收费时间 08:00-20:00"),
        ("５元／小时", "5元/小时"),
        ("小型车3无", "小型车3元"),
        ("收费依据:岳发改价【2019] 12号", "收费依据:岳发改价〔2019〕12号"),
        ("收费依据:湘发改价费〔2021244号", "收费依据:湘发改价费〔2021〕244号"),
        ("免费时段: 1 5分钟内免费", "免费时段: 15分钟内免费"),
        ("夜间(20:0 0一次日0 8 : 0 0)", "夜间(20:00-次日08:00)"),
        ("监督电话:123150730-4601828", "监督电话:12315 0730-4601828"),
        ("投诉举报电话: 12 345", "投诉举报电话: 12345"),
        ("泊位数: 42工个", "泊位数: 421个"),
        ("|小型车|按次收费", "小型车 按次收费"),
        ("收费時间:07:00-22:00", "收费时间:07:00-22:00"),
        ("30分钟以内“〈含30分钟)免费", "30分钟以内(含30分钟)免费"),
        ("收费性质;市场调节价", "收费性质:市场调节价"),
        ("定价形式。政府指导价", "定价形式:政府指导价"),
        ("不足半小时按半小时计;每日最高20元", "不足半小时按半小时计;每日最高20元"),
        ("收费依据:岳发改价〔2023〕】256号", "收费依据:岳发改价〔2023〕256号"),
        ("收费依据:岳发改价〔2017〕]号", "收费依据:岳发改价〔2017〕1号"),
        ("收费依据:市场调节从", "收费依据:市场调节价"),
        ("定价形式:政府指导从", "定价形式:政府指导价"),
        ("价格类型:政府定介 ", "价格类型:政府定价"),
        ("收费时间:07:30-19130", "收费时间:07:30-19:30"),
        ("夜间(20:00-次日08100)每小时1元", "夜间(20:00-次日08:00)每小时1元"),
        ("收责时间:07:30-19:30", "收费时间:07:30-19:30"),
        ("收贵单位:岳阳市城投公司", "收费单位:岳阳市城投公司"),
    ],
)
def test_numeric_post_fixes_repair_typical_ocr_confusions(raw, fixed):
    assert fix_line(raw) == fixed


def test_post_fixes_leave_good_text_and_words_alone():
    good = (
        "免收车辆:军车、工程救险车、无人机\n价格监督举报电话:12315 0730-6404583\nOK停车场\n"
        "收费依据:岳发改价〔2017〕1号\n政府指导价格监督\n市场调节价\n"
        "收费时间:07:30-19:30 12315\n08:00-20:00每小时12100元\n问责时间表"
    )
    assert fix_text(good) == good
    assert fix_text("a\nb\n").count("\n") == 2


# ------------------------------------------------------------ the whole board, not a cell (issue 15)


def _frame(area: float, text: float, method: str = "edges"):
    from ocr.board_finder import _Frame

    return _Frame(np.zeros((4, 2), np.float32), area, text, method)


def test_the_outermost_frame_holding_most_of_the_text_is_the_board_not_a_cell_or_the_title_band():
    from ocr.board_finder import choose_frame

    title, table, board = _frame(0.07, 0.12), _frame(0.35, 0.7), _frame(0.6, 0.97)
    assert choose_frame([title, table, board]) is board
    assert choose_frame([title, table]) is table
    # No frame holds most of the text: the one holding the most is grown over the text next to it.
    body = _frame(0.4, 0.45)
    assert choose_frame([title, body]) is body
    assert choose_frame([_frame(0.2, 0.01)]) is None


def _ruled_photo(difficulty: str = "clean", seed: int = 3):
    from demo.photo_generator import _child_rng, make_photo, random_spec

    spec = random_spec(_child_rng(seed, 15), key="ruled", layout="row_rules", pricing_form="market")
    _, photo = make_photo(spec, difficulty, seed, 15)
    return spec, photo


def _inside(corners: np.ndarray, quad: list[list[float]], shape: tuple[int, ...]) -> float:
    """Share of the true board quad inside the found corners (as read: padded by the finder's pad)."""
    from ocr.board_finder import PAD_X, PAD_Y

    tl, tr, br, bl = corners
    right, down = (tr - tl + br - bl) / 2, (bl - tl + br - tr) / 2
    pad = np.array([-PAD_X * right - PAD_Y * down, PAD_X * right - PAD_Y * down, PAD_X * right + PAD_Y * down])
    padded = corners + np.vstack([pad, -PAD_X * right + PAD_Y * down])
    found = np.zeros(shape[:2], np.uint8)
    truth = np.zeros(shape[:2], np.uint8)
    cv2.fillPoly(found, [padded.astype(np.int32)], 1)
    cv2.fillPoly(truth, [np.array(quad, np.int32)], 1)
    return float((found & truth).sum()) / float(truth.sum())


@pytest.mark.parametrize("difficulty", ["clean", "small", "jpeg", "rotation", "perspective"])
def test_a_board_with_a_rule_under_every_line_is_found_whole(difficulty):
    # The board: a rule under every line, the title in its own ruled band, no outer margin.
    _, photo = _ruled_photo(difficulty)
    image = np.asarray(photo)
    found = find_board(image)
    if found.corners is None:  # read whole: nothing is cut off either
        assert not found.unsure
        return
    assert found.text_share >= 0.9
    assert _inside(found.corners, photo.info["board_quad"], image.shape) >= 0.9


def test_a_frame_is_grown_over_the_text_next_to_it_but_not_over_a_notice_beside_the_board():
    from demo.photo_generator import _child_rng, make_photo, random_spec

    spec = random_spec(_child_rng(4, 15), key="notice", layout="vertical_title", pricing_form="market")
    _, photo = make_photo(spec, "notice", 4, 15)
    image = np.asarray(photo)
    found = find_board(image)
    assert found.corners is not None
    quad = np.array(photo.info["board_quad"], np.float32)
    assert _inside(found.corners, photo.info["board_quad"], image.shape) >= 0.85
    # ... and no further than the board: the notice beside it stays outside
    assert cv2.contourArea(found.corners) <= 1.15 * cv2.contourArea(quad)
