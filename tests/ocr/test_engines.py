"""Both engines for real on rendered and generated boards; one common output form; no network."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.engines import ENGINE_NAMES, Engine, get_engine
from ocr.engines.base import OcrLine, reading_order
from ocr.engines.tesseract import join_words
from tests.realparts import require_real_part

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
ROOT = Path(__file__).resolve().parents[2]
BOARD = ["停车场收费公示牌", "定价形式：政府指导价", "收费标准：小型车每小时3元", "举报电话：12315"]


def board_image(lines=BOARD, fg=(0, 0, 0), bg=(255, 255, 255)) -> np.ndarray:
    font = ImageFont.truetype(FONT, 40)
    img = Image.new("RGB", (760, 70 * len(lines) + 40), bg)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 20 + 70 * i), line, font=font, fill=fg)
    return np.asarray(img)


def _require(name: str) -> Engine:
    engine = get_engine(name)
    require_real_part(
        engine.available(), {"tesseract": "tesseract with chi_sim", "rapidocr": "rapidocr + onnxruntime"}[name]
    )
    return engine


def test_tesseract_words_are_glued_without_spaces_in_chinese_but_not_in_latin():
    assert join_words(["收", "费", "12315", "元"]) == "收费12315元"
    assert join_words(["0730-1234567", "12315"]) == "0730-1234567 12315"


def _seg(text: str, x: int, y: int, w: int, h: int = 30, conf: float = 0.9) -> OcrLine:
    return OcrLine(text, conf, (x, y, w, h))


def test_reading_order_joins_table_cells_of_one_row():
    lines = reading_order([_seg("4元/小时", 300, 100, 200), _seg("小型车", 50, 102, 100), _seg("标题", 50, 40, 500)])
    assert [line.text for line in lines] == ["标题", "小型车 4元/小时"]
    assert lines[1].confidence == 0.9


def test_reading_order_reads_a_two_column_board_column_by_column():
    segments = [_seg("停车场收费公示牌", 100, 10, 800)]
    for i in range(4):
        segments.append(_seg(f"左栏第{i}行很长的一行文字", 20, 60 + 50 * i, 420))
        segments.append(_seg(f"右栏第{i}行很长的一行文字", 520, 60 + 50 * i, 420))
    segments.append(_seg("监制单位：物价局", 100, 300, 800))
    texts = [line.text for line in reading_order(segments)]
    assert texts[0] == "停车场收费公示牌"
    assert texts[1:5] == [f"左栏第{i}行很长的一行文字" for i in range(4)]
    assert texts[5:9] == [f"右栏第{i}行很长的一行文字" for i in range(4)]
    assert texts[-1] == "监制单位：物价局"


# A vehicle cell stays with its price: centred beside a two-line price, or printed on two lines itself.
VEHICLE_CELLS = {
    "centred_beside_a_two_line_price": (
        [
            _seg("车型", 50, 0, 60),
            _seg("收费标准", 300, 0, 120),
            _seg("小型车", 50, 50, 90),
            _seg("5元/小时", 300, 50, 150),
            _seg("白天每小时3元", 300, 100, 200),
            _seg("大型车", 50, 125, 90),
            _seg("夜间每小时2元", 300, 150, 200),
            _seg("摩托车", 50, 200, 90),
            _seg("按次1元", 300, 200, 120),
            _seg("不足1小时按1小时计", 50, 260, 300),
        ],
        [
            "车型 收费标准",
            "小型车 5元/小时",
            "大型车 白天每小时3元",
            "夜间每小时2元",
            "摩托车 按次1元",
            "不足1小时按1小时计",
        ],
    ),
    "printed_on_two_lines_is_joined": (
        [
            _seg("小型车", 50, 50, 90),
            _seg("5元/小时", 300, 50, 150),
            _seg("大型车", 50, 90, 90),
            _seg("每次10元", 300, 110, 150),
            _seg("(8座以上)", 50, 130, 140),
            _seg("不足1小时按1小时计", 50, 200, 300),
        ],
        ["小型车 5元/小时", "大型车(8座以上) 每次10元", "不足1小时按1小时计"],
    ),
}


@pytest.mark.parametrize("case", VEHICLE_CELLS)
def test_a_vehicle_cell_stays_with_its_price(case: str):
    segments, expected = VEHICLE_CELLS[case]
    assert [line.text for line in reading_order(segments)] == expected


def test_a_table_with_a_long_vehicle_cell_is_not_read_as_two_columns():
    # The measured RapidOCR miss: "大型车(8座以上)" is wide enough to pass for a text column.
    segments = [
        _seg("云梦路临时停车场收费公示", 185, 42, 669, 64),
        _seg("收费单位：岳阳市长江交通投资有限公司", 64, 157, 690, 46),
        _seg("收费性质：市场调节价", 65, 285, 383, 43),
        _seg("车型", 77, 429, 90, 55),
        _seg("收费标准", 391, 430, 164, 53),
        _seg("小型车", 77, 490, 128, 57),
        _seg("1.5元/半小时", 393, 494, 228, 49),
        _seg("大型车(8座以上)", 80, 558, 281, 48),
        _seg("白天(08:00-20:00)每小时3元", 393, 556, 488, 51),
        _seg("夜间(20:00-次日08:00)每小时2元", 392, 618, 566, 51),
        _seg("新能源汽车", 78, 682, 199, 50),
        _seg("首2小时免费，之后每小时3元", 396, 682, 506, 48),
        _seg("免费时段：60分钟内免费", 61, 757, 427, 45),
        _seg("价格监督举报电话：12315", 62, 959, 454, 47),
    ]
    texts = [line.text for line in reading_order(segments)]
    assert texts[3:8] == [
        "车型 收费标准",
        "小型车 1.5元/半小时",
        "大型车(8座以上) 白天(08:00-20:00)每小时3元",
        "夜间(20:00-次日08:00)每小时2元",
        "新能源汽车 首2小时免费，之后每小时3元",
    ]


def test_unknown_engine_names_are_refused():
    with pytest.raises(ValueError):
        get_engine("paddle")


@pytest.mark.parametrize("name", ENGINE_NAMES)
def test_engines_are_created_once_per_process(name):
    assert get_engine(name) is get_engine(name)


def _check_reading(name: str, image: np.ndarray) -> None:
    engine = _require(name)
    result = engine.read(image)
    assert result.engine == name and result.seconds > 0
    text = result.text
    assert "12315" in text
    assert "政府指导价" in text
    assert "3元" in text
    h, w = image.shape[:2]
    for line in result.lines:
        assert 0.0 <= line.confidence <= 1.0
        left, top, bw, bh = line.box
        assert 0 <= left <= w and 0 <= top <= h and bw > 0 and bh > 0
    # top to bottom
    tops = [line.box[1] for line in result.lines]
    assert tops == sorted(tops)


@pytest.mark.tesseract
def test_tesseract_reads_a_rendered_board_into_lines_with_boxes_and_confidences():
    _check_reading("tesseract", board_image())


@pytest.mark.rapidocr
def test_rapidocr_reads_a_rendered_board_into_lines_with_boxes_and_confidences():
    _check_reading("rapidocr", board_image())


@pytest.mark.rapidocr
def test_rapidocr_reads_light_text_on_a_dark_board_and_grayscale_input():
    engine = _require("rapidocr")
    image = board_image(fg=(255, 255, 255), bg=(20, 60, 160))
    assert "12315" in engine.read(image).text
    assert "12315" in engine.read(image.mean(axis=2).astype(np.uint8)).text


@pytest.mark.rapidocr
def test_rapidocr_models_come_from_the_wheel():
    from ocr.engines.rapid import MODEL_FILES, model_dir

    _require("rapidocr")
    root = model_dir()
    assert root is not None and ("site-packages" in str(root) or "dist-packages" in str(root))
    for name in MODEL_FILES.values():
        assert (root / name).stat().st_size > 100_000


NO_NETWORK = textwrap.dedent(
    """
    import socket, sys
    def _blocked(*args, **kwargs):
        raise OSError("network blocked by test")
    socket.socket.connect = _blocked
    socket.socket.connect_ex = _blocked
    socket.create_connection = _blocked
    socket.getaddrinfo = _blocked
    import urllib.request
    urllib.request.urlopen = _blocked
    sys.path.insert(0, {root!r})
    import numpy as np
    from PIL import Image
    from ocr.engines import get_engine
    engine = get_engine({name!r})
    image = np.asarray(Image.open({image!r}).convert("RGB"))
    print(engine.read(image).text)
    """
)


@pytest.mark.parametrize(
    "name",
    [pytest.param("rapidocr", marks=pytest.mark.rapidocr), pytest.param("tesseract", marks=pytest.mark.tesseract)],
)
def test_an_engine_first_used_in_a_fresh_process_needs_no_network(name, tmp_path):
    _require(name)
    image = tmp_path / "board.png"
    Image.fromarray(board_image()).save(image)
    code = NO_NETWORK.format(root=str(ROOT), name=name, image=str(image))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "12315" in done.stdout


def test_tesseract_reads_a_line_that_lost_its_digit_again_on_its_own(monkeypatch):
    import pytesseract

    from ocr.engines.tesseract import TesseractEngine

    engine = TesseractEngine(lang="chi_sim")
    image = np.full((200, 600), 250, np.uint8)
    lost = OcrLine("夜间(20:00-次日08:00)每小时元", 0.9, (40, 60, 500, 36))
    monkeypatch.setattr(pytesseract, "image_to_string", lambda *a, **k: "白天\n夜 间 (20:00-次日08:00) 每 小 时 ] 元\n")
    again = engine._second_look(image, lost)
    assert again.text == "夜间(20:00-次日08:00)每小时]元" and again.box == lost.box  # the post-fixes make ] a 1
    # a second reading that lost the digit too, or reads another line, is not kept
    monkeypatch.setattr(pytesseract, "image_to_string", lambda *a, **k: "夜间(20:00-次日08:00)每小时元")
    assert engine._second_look(image, lost) is lost
    monkeypatch.setattr(pytesseract, "image_to_string", lambda *a, **k: "收费时间:08:00-20:00 每小时1元")
    assert engine._second_look(image, lost) is lost
