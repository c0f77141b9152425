"""OCR engines behind one interface: each returns text lines with boxes and confidences.

`get_engine(name)` gives the process-wide instance of an engine ("tesseract" or "rapidocr"); an
engine is created once per process (RapidOCR's ONNX sessions are expensive to build).
"""

from __future__ import annotations

from ocr.engines.base import Engine, EngineUnavailable, OcrLine, OcrResult

ENGINE_NAMES: tuple[str, ...] = ("tesseract", "rapidocr")

_instances: dict[str, Engine] = {}


def get_engine(name: str) -> Engine:
    """The one instance of engine `name` in this process."""
    if name not in ENGINE_NAMES:
        raise ValueError(f"unknown OCR engine {name!r}; choose one of {ENGINE_NAMES}")
    engine = _instances.get(name)
    if engine is None:
        if name == "tesseract":
            from ocr.engines.tesseract import TesseractEngine

            engine = TesseractEngine()
        else:
            from ocr.engines.rapid import RapidOcrEngine

            engine = RapidOcrEngine()
        _instances[name] = engine
    return engine


__all__ = ["ENGINE_NAMES", "Engine", "EngineUnavailable", "OcrLine", "OcrResult", "get_engine"]
