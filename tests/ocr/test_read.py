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
