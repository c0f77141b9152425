"""data/samples: a few generated board photos to try `parkwatch ocr` on, small, labelled demo data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ocr.engines import get_engine
from parkwatch.cli import app
from tests.realparts import require_real_part

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
PHOTOS = sorted(SAMPLES.glob("*.jpg"))


def test_there_are_a_few_small_photos_each_with_its_ground_truth() -> None:
    assert 3 <= len(PHOTOS) <= 4
    for photo in PHOTOS:
        assert photo.stat().st_size < 300 * 1024, photo.name
        truth = json.loads(photo.with_suffix(".json").read_text(encoding="utf-8"))
        assert truth["key"] == photo.stem and truth["fields"]


def test_the_samples_are_labelled_generated_demo_data_with_the_command_to_try() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "演示数据" in readme and "generated" in readme
    assert "parkwatch ocr data/samples/*.jpg" in readme
    for photo in PHOTOS:
        assert photo.name in readme


@pytest.mark.rapidocr
def test_parkwatch_ocr_reads_the_hotline_and_operator_of_every_sample() -> None:
    require_real_part(get_engine("rapidocr").available(), "rapidocr + onnxruntime")
    result = CliRunner().invoke(app, ["ocr", *map(str, PHOTOS), "--json", "--engine", "rapidocr", "--workers", "1"])
    assert result.exit_code == 0, result.output
    for photo, read in zip(PHOTOS, json.loads(result.stdout), strict=True):
        truth = json.loads(photo.with_suffix(".json").read_text(encoding="utf-8"))["fields"]
        fields = read["board"]["fields"]
        assert fields["operator"]["value"] == truth["operator"], photo.name
        assert truth["hotlines"][0] in fields["hotlines"]["value"], photo.name
