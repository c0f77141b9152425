"""RapidOCR (PP-OCR models run by onnxruntime): the engine that reads Chinese signage well.

The models ship inside the `rapidocr` wheel; we pass their paths explicitly so the library never
enters its download path (a test blocks sockets to prove it). The ONNX sessions are built once per
process (see `ocr.engines.get_engine`), with one intra-op thread: we parallelise over photos.
The detector input is bounded (`DET_MAX_SIDE`), which caps the time on large photos.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from ocr.amended import amended_prices
from ocr.cells import CharSpans, split_at_rules
from ocr.engines.base import Divider, EngineUnavailable, OcrLine, OcrResult, sort_lines

if TYPE_CHECKING:
    from rapidocr import RapidOCR
    from rapidocr.ch_ppocr_rec.typings import TextRecOutput

# Longest side given to the text detector (pixels). Measured in benchmarks/ocr.py; see docs/ocr.md.
# 576 saves ~0.03 s a photo but read 3 tuning fees wrong without a weak flag (session 9): kept at 640.
DET_MAX_SIDE = 640
# Text boxes recognised per batch. One thread gains nothing from batching, and a batch pads every
# box to the widest one in it: one box at a time measured ~18 % less CPU (docs/ocr.md).
REC_BATCH = 1
# Narrowest input of the recogniser (pixels at its 48-px height). The library pads every text box to
# 320 px (about seven characters); a ruled board's many short cells (收费单位, 小型车) then cost as much
# as a line each. Measured in benchmarks/ocr.py (docs/ocr.md); 64 saved under 1 % of the recogniser's
# CPU (few boxes are that short once cells are cut) and changed one text of 448 (session 9): kept at 96.
REC_MIN_WIDTH = 96
MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


def model_dir() -> Path | None:
    try:
        import rapidocr
    except ImportError:
        return None
    return Path(rapidocr.__file__).resolve().parent / "models"


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(
        self,
        det_max_side: int = DET_MAX_SIDE,
        use_cls: bool = False,
        threads: int = 1,
        rec_batch: int = REC_BATCH,
        rec_min_width: int = REC_MIN_WIDTH,
    ):
        self.det_max_side = det_max_side
        self.rec_batch = rec_batch
        self.rec_min_width = rec_min_width
        # Boards are photographed upright; the 0/180° classifier only costs time (measured).
        self.use_cls = use_cls
        self.threads = threads
        self._ocr: RapidOCR | None = None

    def available(self) -> bool:
        root = model_dir()
        if root is None:
            return False
        try:
            import onnxruntime  # noqa: F401 - only whether it imports
        except ImportError:
            return False
        return all((root / name).is_file() for name in MODEL_FILES.values())

    def _session(self) -> RapidOCR:
        if self._ocr is None:
            if not self.available():
                raise EngineUnavailable("rapidocr / onnxruntime or its bundled models are missing")
            from rapidocr import RapidOCR

            root = model_dir()
            assert root is not None
            params = {
                "Global.log_level": "error",
                "Global.use_cls": self.use_cls,
                "Global.max_side_len": max(2000, self.det_max_side),
                "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                # Every text box has its own width, so without onnxruntime's memory arena each run
                # allocates afresh: the arena measured ~4 % less CPU, readings identical (session 5).
                "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
                "Det.limit_type": "max",
                "Det.limit_side_len": self.det_max_side,
                "Rec.rec_batch_num": self.rec_batch,
                "Rec.rec_img_shape": [3, 48, self.rec_min_width],
            }
            for part, filename in MODEL_FILES.items():
                params[f"{part}.model_path"] = str(root / filename)
            self._ocr = RapidOCR(params=params)
            self._ocr.cal_rec_boxes = _char_boxes()
        return self._ocr

    def read(self, image: np.ndarray, dividers: Sequence[Divider] = ()) -> OcrResult:
        """`dividers` are not needed: RapidOCR's detector finds each text box, so columns stay apart."""
        from rapidocr.utils.output import RapidOCROutput

        ocr = self._session()
        started = time.perf_counter()
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        # RapidOCR expects BGR like OpenCV; our images are RGB.
        # Character boxes cost nothing measurable (they come from the recogniser's CTC columns) and
        # let a box that runs across a cell rule be cut at the rule (`ocr.cells`).
        output = ocr(cv2.cvtColor(image, cv2.COLOR_RGB2BGR), return_word_box=True, return_single_char_box=True)
        assert isinstance(output, RapidOCROutput)  # detection and recognition both ran
        lines: list[OcrLine] = []
        spans: list[CharSpans] = []
        if output.txts is not None and output.boxes is not None and output.scores is not None:
            words = _char_spans(output.word_results, len(output.txts))
            for box, text, score, chars in zip(output.boxes, output.txts, output.scores, words, strict=True):
                if not text.strip():
                    continue
                xs = [float(p[0]) for p in box]
                ys = [float(p[1]) for p in box]
                left, top = int(min(xs)), int(min(ys))
                lines.append(
                    OcrLine(
                        text=text.strip(),
                        confidence=float(max(0.0, min(1.0, score))),
                        box=(left, top, int(max(xs)) - left, int(max(ys)) - top),
                    )
                )
                spans.append(chars)
        amended = amended_prices(image, lines, spans)
        lines = split_at_rules(image, lines, spans)
        return OcrResult(sort_lines(lines), self.name, time.perf_counter() - started, amended)


def _char_spans(word_results: Any, count: int) -> list[CharSpans]:
    """Each text line's character x extents from RapidOCR's single-character boxes (None where the
    library gave none: the line is then never cut)."""
    out: list[CharSpans] = [None] * count
    if not isinstance(word_results, tuple) or len(word_results) != count:
        return out
    for i, items in enumerate(word_results):
        try:
            out[i] = [(min(float(p[0]) for p in bbox), max(float(p[0]) for p in bbox)) for _, _, bbox in items]
        except (TypeError, ValueError, IndexError):
            out[i] = None
    return out


def _char_boxes() -> Any:
    """The library's character-box step (`CalRecBoxes`) without two costs we do not need, about
    50 ms a photo (5 % of a reading; cProfile, session 5): it deep-copies lists it has just built,
    and puts the four corners of every character box in order (`order_points`), while we only take
    each box's x extent (`_char_spans`), which the order does not change. The corners themselves
    are computed by the library's own code."""
    from rapidocr.cal_rec_boxes.main import CalRecBoxes

    class CharBoxes(CalRecBoxes):
        def __call__(
            self,
            imgs: list[np.ndarray],
            dt_boxes: np.ndarray,
            rec_res: TextRecOutput,
            return_single_char_box: bool = False,
        ) -> TextRecOutput:
            results = []
            for idx, (img, box) in enumerate(zip(imgs, dt_boxes, strict=False)):
                if rec_res.txts is None or img.size == 0 or rec_res.word_results is None:
                    continue
                h, w = img.shape[:2]
                img_box = np.array([[0, 0], [w, 0], [w, h], [0, h]])
                # word_results holds WordInfo here (the library's own type says otherwise)
                info: Any = rec_res.word_results[idx]
                contents, boxes, confs = self.cal_ocr_word_box(rec_res.txts[idx], img_box, info, return_single_char_box)
                boxes = self.adjust_box_overlap(boxes)  # a list built just now: no copy needed
                corners = self.reverse_rotate_crop_image(box.copy(), boxes, self.get_box_direction(box))
                results.append(list(zip(contents, confs, corners, strict=False)))
            rec_res.word_results = tuple(results)  # type: ignore[assignment]  # as the library does
            return rec_res

        @staticmethod
        def order_points(ori_box: list[list[int]]) -> list[list[int]]:
            return ori_box

    return CharBoxes()
