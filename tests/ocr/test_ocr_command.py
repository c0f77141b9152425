"""`parkwatch ocr`: JSON per photo, failures in Chinese and English, exit 1, --save in one transaction."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select
from typer.testing import CliRunner

import ocr.read as read_module
from ocr.engines import get_engine
from ocr.engines.base import OcrLine, OcrResult
from parkwatch.cli import app
from tests.realparts import require_real_part

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOARD = [
    "停车场收费公示牌",
    "定价形式：市场调节价",
    "收费依据：市场调节价",
    "收费标准：小型车每小时3元",
    "免费时段：30分钟内免费",
    "举报电话：12315",
]
runner = CliRunner()


def write_board(path: Path) -> Path:
    font = ImageFont.truetype(FONT, 40)
    img = Image.new("RGB", (900, 70 * len(BOARD) + 40), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(BOARD):
        draw.text((30, 20 + 70 * i), line, font=font, fill=(0, 0, 0))
    img.save(path)
    return path


class FakeEngine:
    """Reads `lines` (the whole BOARD by default), each line's box a band across the image it is given."""

    name = "tesseract"

    def __init__(self, lines: list[str] = BOARD) -> None:
        self.lines = lines

    def available(self) -> bool:
        return True

    def read(self, image, dividers=()):
        h, w = image.shape[:2]
        step = h // len(BOARD)
        lines = tuple(OcrLine(t, 0.95, (0, step * i, w, step)) for i, t in enumerate(self.lines))
        return OcrResult(lines, "tesseract", 0.01)


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr(read_module, "get_engine", lambda name: FakeEngine())


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_corrupt_photo_fails_in_chinese_and_english_and_the_others_are_still_read(fake_engine, tmp_path):
    good = write_board(tmp_path / "good.png")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"this is not a photo at all")
    result = runner.invoke(app, ["ocr", str(bad), str(good), "--json", "--engine", "tesseract", "--workers", "1"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [item["file"] for item in out] == [str(bad), str(good)]
    assert out[0]["ok"] is False and " / " in out[0]["error"] and _has_chinese(out[0]["error"].split(" / ")[0])
    assert out[1]["ok"] is True
    assert len(out[1]["sha256"]) == 64
    assert out[1]["engines"] == ["tesseract"]
    assert out[1]["board"]["fields"]["hotlines"]["value"] == ["12315"]
    assert 0 < out[1]["board"]["fields"]["hotlines"]["confidence"] <= 1


def test_a_whole_reading_is_not_weak_and_a_half_reading_is_ok_but_weak_with_its_reasons(tmp_path, monkeypatch):
    good = write_board(tmp_path / "good.png")
    monkeypatch.setattr(read_module, "get_engine", lambda name: FakeEngine())
    whole = json.loads(runner.invoke(app, ["ocr", str(good), "--json", "--engine", "tesseract"]).stdout)[0]
    assert whole["ok"] is True and whole["weak"] is False and whole["weak_reasons"] == []
    monkeypatch.setattr(read_module, "get_engine", lambda name: FakeEngine(BOARD[:1]))  # the title line only
    result = runner.invoke(app, ["ocr", str(good), "--json", "--engine", "tesseract"])
    assert result.exit_code == 0, result.output  # a weak reading is a reading: not a failure
    half = json.loads(result.stdout)[0]
    assert half["ok"] is True and half["weak"] is True
    assert [r["code"] for r in half["weak_reasons"]] == ["coverage_low", "no_price"]
    assert all(_has_chinese(r["zh"]) and r["en"] for r in half["weak_reasons"])
    for key in ("file", "sha256", "text", "board", "engines", "engine", "seconds"):  # no key is lost
        assert key in half
    assert half["crop"] in ("board", "photo") and 0 <= half["coverage"] < 0.5 <= whole["coverage"] <= 1
    plain = runner.invoke(app, ["ocr", str(good), "--engine", "tesseract"]).stdout
    assert "需复核 weak" in plain and "no price was read" in plain


def test_all_photos_read_exit_zero_and_plain_output_names_fields(fake_engine, tmp_path):
    good = write_board(tmp_path / "good.png")
    result = runner.invoke(app, ["ocr", str(good), "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    assert "hotlines" in result.stdout and "12315" in result.stdout


def test_unknown_engine_and_save_without_lot_are_refused(tmp_path):
    good = write_board(tmp_path / "good.png")
    assert runner.invoke(app, ["ocr", str(good), "--engine", "magic"]).exit_code == 2
    assert runner.invoke(app, ["ocr", str(good), "--save"]).exit_code == 2


def _lot(engine) -> int:
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.db.models import Lot

    now = datetime(2026, 11, 1, 9, 0)
    with write_session(engine) as session:
        lot = Lot(name="测试停车场", created_at=now, updated_at=now)
        session.add(lot)
        session.flush()
        return lot.id


def _counts(engine) -> tuple[int, int]:
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Evidence, Observation

    with read_session(engine) as session:
        return (
            session.scalar(select(func.count()).select_from(Evidence)),
            session.scalar(select(func.count()).select_from(Observation)),
        )


def test_save_stores_evidence_and_an_observation_of_the_lot(fake_engine, sqlite_engine, tmp_path):
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Evidence, Observation

    lot_id = _lot(sqlite_engine)
    good = write_board(tmp_path / "good.png")
    result = runner.invoke(app, ["ocr", str(good), "--save", "--lot", str(lot_id), "--json", "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    with read_session(sqlite_engine) as session:
        obs = session.scalars(select(Observation)).one()
        evidence = session.get(Evidence, obs.evidence_sha256)
        assert obs.lot_id == lot_id and obs.kind == "photo" and obs.ocr_engine == "tesseract"
        assert obs.board["fields"]["hotlines"]["value"] == ["12315"]
        assert obs.tariff is not None and obs.fee_grid_hash
        assert evidence is not None and evidence.kind == "photo" and evidence.public_path
    assert json.loads(result.stdout)[0]["sha256"] == obs.evidence_sha256


class AmendedEngine(FakeEngine):
    """The whole board, with its price figure found covered (a sticker): `ocr.amended` as an engine reports it."""

    def read(self, image, dividers=()):
        whole = super().read(image, dividers)
        return OcrResult(whole.lines, whole.engine, whole.seconds, amended=("3",))


def test_a_changed_price_is_a_notice_not_a_weak_reading_and_is_saved_pending(sqlite_engine, tmp_path, monkeypatch):
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Observation

    monkeypatch.setattr(read_module, "get_engine", lambda name: AmendedEngine())
    lot_id = _lot(sqlite_engine)
    good = write_board(tmp_path / "good.png")
    result = runner.invoke(app, ["ocr", str(good), "--save", "--lot", str(lot_id), "--json", "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)[0]
    assert out["weak"] is False and out["amended"] == ["3"] and out["needs_review"] is True
    assert [notice["code"] for notice in out["notices"]] == ["price_amended"]
    with read_session(sqlite_engine) as session:
        assert session.scalars(select(Observation.status)).one() == "pending"  # not public before review
    plain = runner.invoke(app, ["ocr", str(good), "--engine", "tesseract"]).stdout
    assert "⚠" in plain and "请注意 notice" in plain and "sticker" in plain


def test_save_to_a_missing_lot_is_refused_and_nothing_is_stored(fake_engine, sqlite_engine, tmp_path):
    good = write_board(tmp_path / "good.png")
    result = runner.invoke(app, ["ocr", str(good), "--save", "--lot", "999"])
    assert result.exit_code == 2
    assert _counts(sqlite_engine) == (0, 0)


def test_a_failure_while_saving_stores_nothing_of_that_photo(fake_engine, sqlite_engine, tmp_path, monkeypatch):
    import parkwatch.store.evidence as evidence

    lot_id = _lot(sqlite_engine)
    good = write_board(tmp_path / "good.png")
    real_store = evidence.store_evidence

    def store_then_fail(*args, **kwargs):
        real_store(*args, **kwargs)  # the evidence row is in the transaction ...
        raise RuntimeError("disk full")  # ... and must be rolled back with it

    monkeypatch.setattr(evidence, "store_evidence", store_then_fail)
    result = runner.invoke(app, ["ocr", str(good), "--save", "--lot", str(lot_id), "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out[0]["ok"] is False and _has_chinese(out[0]["error"])
    assert _counts(sqlite_engine) == (0, 0)


@pytest.mark.tesseract
def test_the_command_reads_a_photo_with_real_tesseract(tmp_path):
    require_real_part(get_engine("tesseract").available(), "tesseract with chi_sim")
    good = write_board(tmp_path / "good.png")
    result = runner.invoke(app, ["ocr", str(good), "--json", "--engine", "tesseract"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)[0]
    assert out["board"]["fields"]["hotlines"]["value"] == ["12315"]
    assert out["board"]["fields"]["pricing_form"]["value"] == "market"


@pytest.mark.slow
def test_the_demo_step_stores_photo_observations_of_demo_lots(fake_engine, sqlite_engine, monkeypatch):
    import demo.ocr_photos as demo
    from demo.city import build_demo_city
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Lot, Observation

    now = datetime(2026, 11, 1, 9, 0)
    build_demo_city(sqlite_engine, now)
    monkeypatch.setattr(demo, "DEMO_WORKERS", 1)  # the fake engine lives in this process only
    summary = demo.run_demo_ocr(sqlite_engine, now)
    assert "演示" in summary
    with read_session(sqlite_engine) as session:
        rows = session.execute(
            select(Observation, Lot).join(Lot, Observation.lot_id == Lot.id).where(Observation.kind == "photo")
        ).all()
    assert len(rows) >= 6
    assert all(obs.is_demo and lot.is_demo and obs.evidence_sha256 for obs, lot in rows)
