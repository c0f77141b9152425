"""The inspector's photo upload: several files at once through the widget, bad files refused with a
message, each reading beside its photo, a correction saved as a new observation."""

from __future__ import annotations

import io
from functools import partial
from types import SimpleNamespace

import pytest
from dashboard_helpers import all_text, errors, open_page
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from dashboard import actions
from parkwatch.core.board import BoardRecord, Reading
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import AuditEvent, Evidence, Observation
from tests.realparts import require_real_part


def photo_bytes(text: str = "收费公示", size=(800, 600)) -> bytes:
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((100, 100, 700, 500), outline="black", width=5)
    ImageDraw.Draw(image).text((150, 150), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


FAKE_BOARD = BoardRecord(
    text="收费单位：岳阳测试停车管理有限公司\n举报电话：12358",
    fields={"operator": Reading("岳阳测试停车管理有限公司", 0.95), "hotlines": Reading(["12358"], 0.55)},
)


@pytest.fixture
def fake_reader(monkeypatch):
    """The OCR engines are tested in tests/ocr; here the reading is fixed so the page is what is tested."""
    import ocr.read

    monkeypatch.setattr(
        ocr.read, "read_photo", lambda image: SimpleNamespace(text=FAKE_BOARD.text, engines=("fake",), board=FAKE_BOARD)
    )


def _count(engine, model) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_several_photos_upload_at_once_and_a_bad_file_gets_its_message(seeded, sqlite_engine, fake_reader):
    at = open_page("inspector", "inspector_upload")
    uploader = at.file_uploader(key="photos")
    assert uploader.accept_multiple_files
    uploader.set_value(
        [
            ("board1.jpg", photo_bytes("一"), "image/jpeg"),
            ("board2.jpg", photo_bytes("二"), "image/jpeg"),
            ("report.jpg", b"%PDF-1.4 not a photo", "image/jpeg"),
        ]
    ).run()
    assert not errors(at)
    assert len(at.get("image")) == 2
    messages = [e.value for e in at.error]
    assert len(messages) == 1 and "report.jpg" in messages[0]
    # the low-confidence field is marked red with words, the sure one green (no emoji: they are boxes
    # in a browser without an emoji font)
    labels = [w.label for w in at.text_input]
    assert any(label.startswith("举报电话") and ":red[" in label and "0.55 置信度低" in label for label in labels)
    assert any(label.startswith("收费单位") and ":green[" in label and "0.95 可信" in label for label in labels)
    assert _count(sqlite_engine, Observation) == 4  # the seed's; nothing stored before saving


def test_a_changed_price_on_the_board_is_shown_as_a_notice_beside_the_reading(seeded, sqlite_engine, monkeypatch):
    import ocr.read

    notice = SimpleNamespace(code="price_amended", zh="价格数字疑似被贴纸或手写改动", en="a price figure looks covered")
    reading = SimpleNamespace(
        text=FAKE_BOARD.text, engines=("fake",), board=FAKE_BOARD, weak=False, amended=("3",), notices=(notice,)
    )
    monkeypatch.setattr(ocr.read, "read_photo", lambda image: reading)
    at = open_page("inspector", "inspector_upload")
    at.file_uploader(key="photos").set_value([("board1.jpg", photo_bytes("一"), "image/jpeg")]).run()
    assert not errors(at)
    shown = [w.value for w in at.warning]
    assert any("价格可能被改动" in text and "价格数字疑似被贴纸或手写改动" in text for text in shown), shown


def test_a_corrected_field_is_saved_as_a_new_observation_pointing_at_the_reading(seeded, sqlite_engine, fake_reader):
    at = open_page("inspector", "inspector_upload")
    at.file_uploader(key="photos").set_value([("board1.jpg", photo_bytes("一"), "image/jpeg")]).run()
    hotline = next(w for w in at.text_input if w.label.startswith("举报电话"))
    hotline.input("12315")
    lot_box = next(w for w in at.selectbox if w.key and w.key.startswith("lot_"))
    lot_box.select(seeded["lot"])
    next(b for b in at.button if b.label == "保存").click().run()
    assert not errors(at), errors(at)
    assert "已保存" in all_text(at)
    with read_session(sqlite_engine) as session:
        rows = session.scalars(select(Observation).where(Observation.kind == "photo").order_by(Observation.id)).all()
        assert len(rows) == 2
        original, correction = rows
        assert correction.corrects_id == original.id
        assert original.board["fields"]["hotlines"]["value"] == ["12358"]  # the reading is kept
        assert correction.board["fields"]["hotlines"] == {"value": ["12315"], "confidence": 1.0, "span": None}
        assert original.lot_id == correction.lot_id == seeded["lot"]
        assert original.evidence_sha256 == correction.evidence_sha256
        evidence = session.get(Evidence, original.evidence_sha256)
        assert evidence.path and evidence.public_path
        events = session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "observation")).all()
    assert sorted(events) == ["observation.correct", "observation.upload"]


def test_an_unchanged_reading_is_saved_without_a_correction(seeded, sqlite_engine, fake_reader):
    at = open_page("inspector", "inspector_upload")
    at.file_uploader(key="photos").set_value([("board1.jpg", photo_bytes("一"), "image/jpeg")]).run()
    next(b for b in at.button if b.label == "保存").click().run()
    with read_session(sqlite_engine) as session:
        rows = session.scalars(select(Observation).where(Observation.kind == "photo")).all()
    assert len(rows) == 1 and rows[0].corrects_id is None


def test_the_upload_handler_checks_the_size_in_python_and_stores_nothing():
    result = actions.process_upload(photo_bytes(), "big.jpg", max_bytes=1000)
    assert not result.ok and "文件过大" in result.message and result.data == b""
    empty = actions.process_upload(b"", "empty.jpg", max_bytes=10_000_000)
    assert not empty.ok and "空" in empty.message


def test_saving_needs_the_inspector_role_on_the_server_side(sqlite_engine):
    upload = actions.UploadResult("a.jpg", photo_bytes(), True, media_type="image/jpeg")
    with pytest.raises(PermissionError):
        actions.save_reading(
            sqlite_engine,
            actor="x",
            role="public",
            lot_id=None,
            upload=upload,
            edits={},
            tariff_text=None,
            now=__import__("datetime").datetime(2024, 1, 1),
        )
    assert _count(sqlite_engine, Observation) == 0


@pytest.mark.slow
def test_a_real_photo_is_taken_in_and_read_through_the_real_ocr(sqlite_engine):
    import shutil

    require_real_part(shutil.which("tesseract") is not None, "tesseract (Debian package tesseract-ocr)")
    result = actions.process_upload(photo_bytes("停车收费公示牌"), "real.jpg", max_bytes=25 * 1024 * 1024)
    assert result.ok and result.reading is not None
    assert isinstance(result.board.get("fields"), dict)


def test_a_rewritten_price_wording_is_re_read_and_unreadable_wording_stores_nothing(seeded, sqlite_engine, fake_reader):
    from datetime import datetime

    upload = actions.process_upload(photo_bytes(), "a.jpg", max_bytes=10_000_000)
    assert upload.ok
    save = partial(
        actions.save_reading,
        sqlite_engine,
        actor="inspector",
        role="inspector",
        lot_id=seeded["lot"],
        upload=upload,
        edits={},
        now=datetime(2024, 6, 3),
    )
    with pytest.raises(actions.ActionError):
        save(tariff_text="@@@ 不是价格 @@@")
    assert _count(sqlite_engine, Observation) == 4  # the seed's only: nothing half-saved
    _, correction = save(tariff_text="首小时5元，之后每小时2元")
    with read_session(sqlite_engine) as session:
        fixed = session.get(Observation, correction)
        assert fixed.tariff and fixed.tariff["classes"] and fixed.fee_grid_hash
