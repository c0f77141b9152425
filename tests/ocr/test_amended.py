"""A price figure changed on the board (a sticker, a hand-written figure) is told from the print."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.amended import amended_prices, shifts
from ocr.engines.base import OcrLine
from ocr.read import Notice, PhotoOutcome, PhotoReading, WeakReason, _from_portable, _portable, weak_reasons
from parkwatch.core.board_reader import read_board

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TEXT = "小型车每小时5元"


def _box(ground=(250, 250, 250), ink=(25, 25, 30), patch=None, pen=None) -> tuple[np.ndarray, OcrLine, list]:
    """A printed text box; `patch` is the ground and `pen` the ink of the amount's characters only."""
    font = ImageFont.truetype(FONT, 40)
    image = Image.new("RGB", (520, 80), ground)
    draw = ImageDraw.Draw(image)
    x, spans = 20.0, []
    for ch in TEXT:
        width = font.getlength(ch)
        if ch.isdigit() and patch is not None:
            draw.rectangle([x - 6, 12, x + width + 6, 68], fill=patch, outline=(180, 180, 175), width=2)
        draw.text((x, 20), ch, font=font, fill=pen if ch.isdigit() and pen is not None else ink)
        spans.append((x, x + width))
        x += width
    return np.asarray(image), OcrLine(TEXT, 0.99, (15, 10, int(x) - 10, 60)), spans


def test_a_printed_price_is_not_taken_for_an_amended_one():
    image, line, spans = _box()
    assert amended_prices(image, [line], [spans]) == ()
    blue = _box(ground=(22, 78, 160), ink=(250, 250, 250))
    assert amended_prices(blue[0], [blue[1]], [blue[2]]) == ()


def test_a_sticker_over_the_figure_or_a_figure_in_another_pen_is_found():
    sticker = _box(ground=(22, 78, 160), ink=(250, 250, 250), patch=(250, 232, 110), pen=(20, 20, 20))
    assert amended_prices(sticker[0], [sticker[1]], [sticker[2]]) == ("5",)
    red = _box(pen=(200, 25, 25))  # a red marker on a white board: same ground, other ink
    assert amended_prices(red[0], [red[1]], [red[2]]) == ("5",)
    assert shifts(red[0], [red[1]], [red[2]])[0].ink > shifts(*(_box()[0], [_box()[1]], [_box()[2]]))[0].ink
    # a box whose characters' positions are not known is not judged
    assert amended_prices(red[0], [red[1]], [None]) == ()


def test_an_amended_price_is_a_notice_for_review_not_a_weak_reading():
    text = "定价形式：市场调节价\n收费标准：小型车每小时5元\n举报电话：12315"
    lines = tuple(OcrLine(t, 0.99, (0, 40 * i, 300, 30)) for i, t in enumerate(text.split("\n")))
    board = read_board(text)
    assert weak_reasons(board, lines, 1.0) == ()
    plain = PhotoReading(text, lines, board, ("rapidocr",), 0.5, "rapidocr")
    stuck = PhotoReading(text, lines, board, ("rapidocr",), 0.5, "rapidocr", amended=("5",))
    assert not plain.needs_review and plain.to_json()["notices"] == []
    # the reading is sure, so not weak; the board's changed price still goes to review, and says why
    assert not stuck.weak and stuck.needs_review
    data = stuck.to_json()
    assert data["weak"] is False and data["weak_reasons"] == [] and data["amended"] == ["5"]
    assert [n["code"] for n in data["notices"]] == ["price_amended"] and "贴纸" in data["notices"][0]["zh"]
    # typed as what it is: a notice about the board, never one of the weak reasons
    assert all(type(notice) is Notice for notice in stuck.notices)
    with pytest.raises(KeyError):
        WeakReason.of("price_amended")
    again = _from_portable(_portable(PhotoOutcome("a.jpg", "0" * 64, stuck))).reading
    assert again is not None and again.amended == ("5",) and again.needs_review
