"""read_photo: engine choice, auto fallback, batches; real engines on generated photos."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import ocr.read as read_module
from ocr.engines import get_engine
from ocr.engines.base import OcrLine, OcrResult
from ocr.preprocess import Prepared
from ocr.read import PhotoReading, board_score, read_photo, read_photos, weaknesses
from parkwatch.core.board_reader import read_board
from tests.realparts import require_real_part

GOOD_TEXT = [
    "停车场收费公示牌",
    "定价形式：市场调节价",
    "收费依据：市场调节价",
    "收费标准：小型车首小时5元，之后每小时2元",
    "免费时段：30分钟内免费",
    "举报电话：12315",
]


class FakeEngine:
    def __init__(self, name: str, lines: list[str], confidence: float) -> None:
        self.name = name
        self.lines = lines
        self.confidence = confidence
        self.calls = 0

    def available(self) -> bool:
        return True

    def read(self, image, dividers=()):
        self.calls += 1
        lines = tuple(OcrLine(t, self.confidence, (0, 40 * i, 100, 30)) for i, t in enumerate(self.lines))
        return OcrResult(lines, self.name, 0.01)


@pytest.fixture(
    params=[("rapidocr", "tesseract"), ("tesseract", "rapidocr")], ids=["rapidocr-first", "tesseract-first"]
)
def fakes(monkeypatch, request):
    """Fake engines; `install(first_lines, first_conf, second_lines, second_conf)` gives auto's first
    and second engine those readings. Every auto test runs in both cascade orders."""
    engines = {}
    first, second = request.param
    monkeypatch.setattr(read_module, "AUTO_ORDER", (first, second))

    def install(first_lines, first_conf, second_lines=GOOD_TEXT, second_conf=0.99):
        engines[first] = FakeEngine(first, first_lines, first_conf)
        engines[second] = FakeEngine(second, second_lines, second_conf)
        engines["first"], engines["second"] = first, second
        monkeypatch.setattr(read_module, "get_engine", lambda name: engines[name])
        return engines

    return install


IMAGE = np.full((200, 300, 3), 255, np.uint8)


def test_auto_keeps_a_strong_first_reading_without_running_the_second_engine(fakes):
    engines = fakes(GOOD_TEXT, 0.95)
    first, second = engines["first"], engines["second"]
    reading = read_photo(IMAGE, engine="auto")
    assert reading.engines == (first,) and reading.engine == first
    assert engines[second].calls == 0
    assert reading.board.value("hotlines") == ["12315"]


def test_auto_runs_the_second_engine_when_the_first_reading_is_weak_and_keeps_the_better_reading(fakes):
    weak = [line for line in GOOD_TEXT if "举报" not in line]
    engines = fakes(weak, 0.55)
    first, second = engines["first"], engines["second"]
    reading = read_photo(IMAGE, engine="auto")
    assert reading.engines == (first, second) and reading.engine == second
    assert engines[second].calls == 1
    assert reading.board.value("hotlines") == ["12315"]


def test_auto_runs_the_second_engine_when_numbers_are_read_with_low_confidence(fakes):
    engines = fakes(GOOD_TEXT, 0.55)
    assert read_photo(IMAGE, engine="auto").engines == (engines["first"], engines["second"])


def test_auto_keeps_the_first_reading_when_the_second_is_worse(fakes):
    engines = fakes(GOOD_TEXT, 0.55, second_lines=["看不清"], second_conf=0.3)
    reading = read_photo(IMAGE, engine="auto")
    assert reading.engines == (engines["first"], engines["second"]) and reading.engine == engines["first"]


def test_auto_keeps_the_first_reading_when_the_second_engine_times_out(fakes):
    from ocr.engines.base import EngineUnavailable

    weak = [line for line in GOOD_TEXT if "举报" not in line]
    engines = fakes(weak, 0.55)
    first, second = engines["first"], engines["second"]

    def timed_out(image, dividers=()):
        raise RuntimeError("Tesseract process timeout")  # what pytesseract raises after its timeout

    engines[second].read = timed_out
    reading = read_photo(IMAGE, engine="auto")
    # only the engine that read is named (a timed-out one did not cross-check the reading) ...
    assert reading.engines == (first,) and reading.engine == first
    # ... and the inspector is told why the weak first reading stands unchecked
    reasons = {reason.code: reason for reason in reading.weak_reasons}
    assert reading.weak and "second_engine_timeout" in reasons
    assert reasons["second_engine_timeout"].zh.startswith("第二引擎超时")
    assert reading.to_json()["engines"] == [first]
    # a missing engine is still an error, not a reading
    engines[second].read = lambda image, dividers=(): (_ for _ in ()).throw(EngineUnavailable("gone"))
    with pytest.raises(EngineUnavailable):
        read_photo(IMAGE, engine="auto")


def test_a_missing_key_field_makes_a_tesseract_reading_weak_but_not_a_confident_rapidocr_one():
    # Calibrated on the tuning photos: a confident RapidOCR reading without a hotline is a board
    # without one; tesseract drops whole lines.
    text = [line for line in GOOD_TEXT if "举报" not in line]
    lines = [OcrLine(t, 0.95, (0, 40 * i, 100, 30)) for i, t in enumerate(text)]
    board = read_board("\n".join(text), [0.95] * len(text))
    assert "missing hotlines" in weaknesses(board, lines, "tesseract")
    assert weaknesses(board, lines, "rapidocr") == []
    low = [OcrLine(line.text, 0.5, line.box) for line in lines]
    assert weaknesses(board, low, "rapidocr") != []


def test_auto_runs_rapidocr_first_by_default():
    # Chosen by measurement (docs/ocr.md): RapidOCR on the board crop costs about what tesseract does.
    assert read_module.AUTO_ORDER == ("rapidocr", "tesseract")


def test_a_named_engine_runs_alone(fakes):
    engines = fakes(["看不清"], 0.2)
    assert read_photo(IMAGE, engine="tesseract").engines == ("tesseract",)
    assert engines["rapidocr"].calls == 0
    assert read_photo(IMAGE, engine="rapidocr").engines == ("rapidocr",)


def test_the_default_engine_comes_from_settings(fakes, monkeypatch):
    from parkwatch.settings import reset_settings_cache

    fakes(GOOD_TEXT, 0.95)
    monkeypatch.setenv("PARKWATCH_OCR_ENGINE", "rapidocr")
    reset_settings_cache()
    assert read_photo(IMAGE).engines == ("rapidocr",)
    with pytest.raises(ValueError):
        read_photo(IMAGE, engine="guess")


def test_weaknesses_and_scores_rank_a_complete_reading_above_a_partial_one():
    lines = [OcrLine(t, 0.95, (0, 0, 1, 1)) for t in GOOD_TEXT]
    full = read_board("\n".join(GOOD_TEXT), [0.95] * len(GOOD_TEXT))
    partial_text = GOOD_TEXT[:3]
    partial = read_board("\n".join(partial_text), [0.95] * 3)
    assert weaknesses(full, lines) == []
    assert "missing hotlines" in weaknesses(partial, lines[:3])
    assert board_score(full, lines) > board_score(partial, lines[:3])


def test_nothing_read_gives_an_empty_record_not_an_error(fakes):
    fakes([], 0.0, second_lines=[], second_conf=0.0)
    reading = read_photo(IMAGE, engine="auto")
    assert reading.text == "" and not reading.board.fields


# ------------------------------------------------------------ real engines, generated photos


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    from demo.photo_generator import _child_rng, make_photo, photo_truth, random_spec, write_photo

    out = tmp_path_factory.mktemp("photos")
    spec = random_spec(_child_rng(11, 0), key="t-clean", layout="free_text")
    _, image = make_photo(spec, "clean", 11, 1)
    path = write_photo(out, "t-clean", image, photo_truth(spec, "t-clean", "clean", image))
    return path, json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def _key_fields_match(reading: PhotoReading, truth: dict) -> None:
    kf = truth["key_fields"]
    board = reading.board
    assert board.value("pricing_form") == kf["pricing_form"]
    assert sorted(board.value("hotlines") or []) == sorted(kf["hotlines"])
    assert board.value("free_minutes") == kf["free_minutes"]
    assert board.tariff is not None and board.tariff.has_prices()


@pytest.mark.rapidocr
def test_rapidocr_reads_the_key_fields_of_a_generated_photo(generated):
    require_real_part(get_engine("rapidocr").available(), "rapidocr + onnxruntime")
    path, truth = generated
    reading = read_photo(path, engine="rapidocr")
    _key_fields_match(reading, truth)
    assert reading.engines == ("rapidocr",)


@pytest.mark.tesseract
@pytest.mark.rapidocr
def test_auto_reads_the_key_fields_of_a_generated_photo(generated):
    require_real_part(get_engine("tesseract").available(), "tesseract with chi_sim")
    require_real_part(get_engine("rapidocr").available(), "rapidocr + onnxruntime")
    path, truth = generated
    reading = read_photo(Image.open(path), engine="auto")
    _key_fields_match(reading, truth)
    assert reading.engines[0] == read_module.AUTO_ORDER[0] and reading.engine in reading.engines


@pytest.mark.tesseract
def test_tesseract_pipeline_reads_a_generated_photo(generated):
    require_real_part(get_engine("tesseract").available(), "tesseract with chi_sim")
    path, truth = generated
    reading = read_photo(path, engine="tesseract")
    assert reading.engines == ("tesseract",)
    assert sorted(reading.board.value("hotlines") or []) == sorted(truth["key_fields"]["hotlines"])
    assert reading.board.value("pricing_form") == truth["key_fields"]["pricing_form"]


@pytest.mark.tesseract
@pytest.mark.slow
def test_a_batch_is_read_in_two_worker_processes_in_input_order_and_a_bad_file_does_not_stop_it(generated, tmp_path):
    require_real_part(get_engine("tesseract").available(), "tesseract with chi_sim")
    path, _truth = generated
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    seen = []
    outcomes = read_photos([path, bad, path], engine="tesseract", workers=2, progress=seen.append)
    assert [o.file for o in outcomes] == [str(path), str(bad), str(path)]
    assert [o.ok for o in outcomes] == [True, False, True]
    assert len(seen) == 3
    assert outcomes[0].reading.board.value("hotlines") == outcomes[2].reading.board.value("hotlines")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in outcomes[1].error_zh)


# ------------------------------------------------------------ weak readings (issue 15)

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _board_image(lines: list[str]) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A plain board with `lines`, and each line's box (what a detector would return)."""
    from PIL import ImageDraw, ImageFont

    font = ImageFont.truetype(FONT, 34)
    img = Image.new("RGB", (900, 70 * len(lines) + 60), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    boxes = []
    for i, line in enumerate(lines):
        draw.text((30, 30 + 70 * i), line, font=font, fill=(0, 0, 0))
        left, top, right, bottom = draw.textbbox((30, 30 + 70 * i), line, font=font)
        boxes.append((left, top, right - left, bottom - top))
    return np.asarray(img), boxes


class BoxEngine:
    """A fake engine that reads the first `count` lines of a `_board_image`, with their boxes."""

    def __init__(self, name: str, lines: list[str], boxes: list[tuple[int, int, int, int]], count: int) -> None:
        self.name, self.lines, self.boxes, self.count, self.calls = name, lines, boxes, count, 0

    def available(self) -> bool:
        return True

    def read(self, image, dividers=()):
        self.calls += 1
        lines = tuple(OcrLine(t, 0.97, b) for t, b in list(zip(self.lines, self.boxes, strict=True))[: self.count])
        return OcrResult(lines, self.name, 0.01)


def _install(monkeypatch, first_count: int, second_count: int):
    image, boxes = _board_image(GOOD_TEXT)
    engines = {
        "rapidocr": BoxEngine("rapidocr", GOOD_TEXT, boxes, first_count),
        "tesseract": BoxEngine("tesseract", GOOD_TEXT, boxes, second_count),
    }
    monkeypatch.setattr(read_module, "AUTO_ORDER", ("rapidocr", "tesseract"))
    monkeypatch.setattr(read_module, "get_engine", lambda name: engines[name])
    # the fake engines' boxes are in the photo's pixels: no preparation moves them
    monkeypatch.setattr(read_module, "prepare", lambda image, found=None: Prepared(image, ()))
    return image, engines


def test_a_half_reading_is_returned_but_weak_with_stable_reasons_in_chinese_and_english(monkeypatch):
    image, _ = _install(monkeypatch, first_count=1, second_count=1)  # both read the title line only
    reading = read_photo(image, engine="auto")
    codes = [reason.code for reason in reading.weak_reasons]
    assert reading.weak and codes == ["coverage_low", "no_price"]
    assert reading.coverage is not None and reading.coverage < read_module.COVERAGE_MIN
    for reason in reading.weak_reasons:
        assert reason.code in read_module.WEAK_REASONS
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason.zh) and reason.en.isascii()
    data = reading.to_json()
    assert data["weak"] is True and [r["code"] for r in data["weak_reasons"]] == codes


def test_auto_reads_again_with_the_other_engine_when_the_first_covers_little_of_the_text(monkeypatch):
    image, _ = _install(monkeypatch, first_count=1, second_count=len(GOOD_TEXT))
    reading = read_photo(image, engine="auto")
    assert reading.engines == ("rapidocr", "tesseract") and reading.engine == "tesseract"
    assert not reading.weak and reading.weak_reasons == ()
    assert reading.coverage is not None and reading.coverage > 0.9


def test_a_whole_reading_is_not_weak(monkeypatch):
    image, engines = _install(monkeypatch, first_count=len(GOOD_TEXT), second_count=0)
    reading = read_photo(image, engine="auto")
    assert not reading.weak and engines["tesseract"].calls == 0


def test_price_text_the_tariff_reader_cannot_use_makes_a_reading_weak_but_a_bare_price_does_not():
    from ocr.read import weak_reasons

    lines = [OcrLine(t, 0.95, (0, 40 * i, 100, 30)) for i, t in enumerate(GOOD_TEXT)]
    unread = read_board("小型车：首小时5元，之后每小时2元\n大型车：白天按档位收费 第3档")
    assert unread.unread and [r.code for r in weak_reasons(unread, lines, 1.0)] == ["tariff_incomplete"]
    bare = read_board("定价形式：市场调节价\n小型车：5元\n大型车：每小时4元")
    assert bare.unread and bare.value("bare_prices")  # the board's own defect, reported by the board reader
    assert weak_reasons(bare, lines, 1.0) == ()


def _codes(texts: list[str]) -> list[str]:
    from ocr.read import weak_reasons

    lines = [OcrLine(t, 0.95, (0, 40 * i, 100, 30)) for i, t in enumerate(texts)]
    return [r.code for r in weak_reasons(read_board("\n".join(texts), [0.95] * len(texts)), lines, 1.0)]


def test_a_price_run_into_the_next_cells_field_label_makes_a_reading_weak():
    # two columns read straight across: the right column's field ran into a price of the left one
    base = [line for line in GOOD_TEXT if not line.startswith("收费标准")]
    merged = [*base, "收费标准：小型车首小时5元，之后每小时2元 收费时间：08:00-20:00"]
    assert "cells_merged" in _codes(merged)
    apart = [*base, "收费标准：小型车首小时5元，之后每小时2元", "收费时间：08:00-20:00"]
    assert _codes(apart) == []


def test_a_row_read_broken_or_slid_past_its_label_makes_a_reading_weak():
    timed = [*GOOD_TEXT, "收费时间：07:30-19:30"]
    assert _codes(timed) == []
    # a label cut at a row rule: its characters on lines of their own, the hours under no label
    assert "line_broken" in _codes([*GOOD_TEXT, "收", "时", "间:07:30-19:30"])
    # a misread label ("收责时间"): the hours read, but no field took them
    assert "line_broken" in _codes([*GOOD_TEXT, "收责时间:07:30-19:30"])
    # rows slid past each other: a label alone, the next label with the value of the row above
    slid = [line for line in GOOD_TEXT if "举报" not in line] + ["收费时间", "价格举报电话:全天24小时", "12315"]
    assert "line_broken" in _codes(slid)


def test_a_weak_reading_survives_the_trip_through_a_worker_process():
    from ocr.read import PhotoOutcome, WeakReason, _from_portable, _portable

    board = read_board("停车场收费公示牌", [0.9])
    reading = PhotoReading(
        "停车场收费公示牌", (), board, ("rapidocr",), 0.5, "rapidocr", (WeakReason.of("no_price"),), 0.2
    )
    again = _from_portable(_portable(PhotoOutcome("a.jpg", "0" * 64, reading))).reading
    assert again is not None and again.weak and again.weak_reasons == reading.weak_reasons and again.coverage == 0.2


# ------------------------------------------------------------ real engines on the ruled board


@pytest.fixture(scope="module")
def ruled(tmp_path_factory) -> tuple[Path, dict, object]:
    """A board laid out as most official 公示牌 templates are: a rule under every line, the title in its
    own ruled band, no outer margin (the board the issue found read as its title line only)."""
    from demo.photo_generator import _child_rng, make_photo, photo_truth, random_spec, write_photo

    out = tmp_path_factory.mktemp("ruled")
    spec = random_spec(_child_rng(3, 15), key="ruled", layout="row_rules", pricing_form="market")
    _, image = make_photo(spec, "clean", 3, 15)
    path = write_photo(out, "ruled", image, photo_truth(spec, "ruled", "clean", image))
    return path, json.loads(path.with_suffix(".json").read_text(encoding="utf-8")), spec


def _fees_right(reading: PhotoReading, truth: dict) -> bool:
    from parkwatch.core.fee import fee_grid

    true_tariff = read_board(truth["text"]).tariff
    tariff = reading.board.tariff
    return tariff is not None and all(fee_grid(true_tariff, v) == fee_grid(tariff, v) for v in true_tariff.vehicles())


@pytest.mark.rapidocr
def test_rapidocr_reads_a_ruled_table_board_whole_and_does_not_call_it_weak(ruled):
    require_real_part(get_engine("rapidocr").available(), "rapidocr + onnxruntime")
    path, truth, _ = ruled
    reading = read_photo(path, engine="rapidocr")
    assert len(reading.lines) >= len(truth["lines"]) - 1  # every ruled row, not the title band alone
    _key_fields_match(reading, truth)
    assert _fees_right(reading, truth)
    assert not reading.weak and reading.coverage is not None and reading.coverage >= read_module.COVERAGE_MIN


@pytest.mark.tesseract
def test_tesseract_reads_a_ruled_table_board_whole_and_flags_it_weak_exactly_when_its_fees_are_wrong(ruled):
    require_real_part(get_engine("tesseract").available(), "tesseract with chi_sim")
    path, truth, _ = ruled
    reading = read_photo(path, engine="tesseract")
    assert reading.coverage is not None and reading.coverage >= read_module.COVERAGE_MIN
    assert sorted(reading.board.value("hotlines") or []) == sorted(truth["key_fields"]["hotlines"])
    assert _fees_right(reading, truth) or reading.weak


@pytest.mark.rapidocr
def test_a_ruled_board_whose_prices_are_covered_is_read_but_flagged_weak(ruled, tmp_path):
    require_real_part(get_engine("rapidocr").available(), "rapidocr + onnxruntime")
    from PIL import ImageDraw

    from demo.photo_generator import _child_rng, photograph, render_board

    spec = ruled[2]
    board = render_board(spec, _child_rng(3, 15, 1))
    draw = ImageDraw.Draw(board)
    colour = board.getpixel((board.width // 2, board.height - 3))
    prices = [g for g in board.info["glyphs"] if g[4] == "元"]
    top, bottom = min(g[1] for g in prices) - 4, max(g[3] for g in prices) + 4
    draw.rectangle([0, top, board.width, bottom], fill=colour)  # the price rows painted over
    reading = read_photo(photograph(board, "clean", _child_rng(3, 15, 2)), engine="auto")
    assert reading.weak
    assert {reason.code for reason in reading.weak_reasons} & {"coverage_low", "no_price", "tariff_incomplete"}
