"""The write services (parkwatch.store.services): each write and its audit event in one transaction,
`ocr_engine` written one way, photo readings pending review until an inspector decides (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import AuditEvent, Evidence, Lot, Observation
from parkwatch.store.services.base import WriteRefused
from parkwatch.store.services.lots import LotInput, create_lot
from parkwatch.store.services.observations import (
    ObservationInput,
    confirm_reading,
    grid_hash,
    observation_of_reading,
    record_correction,
    record_observation,
    record_photo,
    reject_reading,
)

NOW = datetime(2026, 3, 1, 10, 5, tzinfo=UTC)
BOARD = {"text": "收费标准：首小时5元", "fields": {"hotlines": {"value": ["12358"], "confidence": 0.55, "span": None}}}


def _lot(engine) -> int:
    with write_session(engine) as s:
        return create_lot(s, LotInput(name="服务测试停车场", district="岳阳楼区"), actor="甲", now=NOW).id


def _events(engine, action: str) -> list[AuditEvent]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _photo(engine, lot_id: int | None, *, weak: bool = False, engines=("rapidocr", "tesseract")) -> int:
    with write_session(engine) as s:
        return record_photo(
            s,
            b"photo bytes",
            "image/jpeg",
            lambda: b"public copy",
            ObservationInput(kind="photo", captured_at=NOW, lot_id=lot_id, board=BOARD, ocr_engines=engines, weak=weak),
            actor="inspector",
            now=NOW,
        ).id


def test_a_new_lot_is_audited(engine) -> None:
    lot_id = _lot(engine)
    [event] = _events(engine, "lot.create")
    assert (event.entity_id, event.after["name"], event.at) == (str(lot_id), "服务测试停车场", NOW)


def test_a_crawled_page_is_public_at_once_and_not_audited_row_by_row(engine) -> None:
    lot_id = _lot(engine)
    with write_session(engine) as s:
        row = record_observation(s, ObservationInput(kind="web", captured_at=NOW, lot_id=lot_id, url="https://x.test"))
    assert (row.status, row.ocr_engine) == ("public", None)
    assert _events(engine, "observation.create") == _events(engine, "observation.upload") == []


def test_a_photo_is_stored_with_its_evidence_and_audited_and_a_weak_reading_waits_for_review(engine) -> None:
    lot_id = _lot(engine)
    sure = _photo(engine, lot_id)
    weak = _photo(engine, lot_id, weak=True, engines=("rapidocr",))
    with read_session(engine) as s:
        rows = {o.id: o for o in s.scalars(select(Observation))}
        assert s.get(Evidence, rows[sure].evidence_sha256).public_path
    assert (rows[sure].status, rows[sure].ocr_engine) == ("public", "rapidocr+tesseract")
    assert (rows[weak].status, rows[weak].ocr_engine) == ("pending", "rapidocr")
    assert [e.entity_id for e in _events(engine, "observation.upload")] == [str(sure), str(weak)]


def test_a_failed_write_stores_nothing_not_even_the_evidence(engine) -> None:
    with pytest.raises(IntegrityError), write_session(engine) as s:
        of_no_lot = ObservationInput(kind="photo", captured_at=NOW, lot_id=99999)
        record_photo(s, b"bytes", "image/jpeg", lambda: b"p", of_no_lot, actor="x", now=NOW)
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_correction_is_a_new_observation_read_by_a_person_with_one_audit_event(engine) -> None:
    lot_id = _lot(engine)
    original_id = _photo(engine, lot_id)
    fields = {"hotlines": {"value": ["12315"], "confidence": 1.0, "span": None}}
    with write_session(engine) as s:
        original = s.get(Observation, original_id)
        fixed = record_correction(
            s, original, {**BOARD, "fields": fields}, edited=["hotlines"], tariff_text="首小时5元", actor="乙", now=NOW
        )
        fixed_id = fixed.id
    with read_session(engine) as s:
        fixed = s.get(Observation, fixed_id)
    assert (fixed.corrects_id, fixed.ocr_engine, fixed.tariff is not None) == (original_id, "manual", True)
    [event] = _events(engine, "observation.correct")
    assert event.after["correction_id"] == fixed_id and event.before["fields"]["hotlines"]["value"] == ["12358"]


def test_a_correction_of_another_lots_observation_is_refused_and_nothing_is_stored(engine) -> None:
    lot_id, other_lot = _lot(engine), _lot(engine)
    original_id = _photo(engine, lot_id)
    wrong = ObservationInput(kind="manual", captured_at=NOW, lot_id=other_lot, board=BOARD, corrects_id=original_id)
    with pytest.raises(WriteRefused, match="同一停车场"), write_session(engine) as s:
        record_observation(s, wrong, actor="乙", now=NOW)
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Observation)) == 1


def test_an_inspector_confirms_or_sends_back_a_pending_reading_once(engine) -> None:
    lot_id = _lot(engine)
    first, second = _photo(engine, lot_id, weak=True), _photo(engine, lot_id, weak=True)
    no_lot = _photo(engine, None, weak=True)
    with write_session(engine) as s:
        confirm_reading(s, first, actor="甲", now=NOW)
    with pytest.raises(WriteRefused, match="已被处理"), write_session(engine) as s:
        reject_reading(s, first, reason="看错了", actor="乙", now=NOW)
    with pytest.raises(WriteRefused, match="理由"), write_session(engine) as s:
        reject_reading(s, second, reason=" ", actor="乙", now=NOW)
    with pytest.raises(WriteRefused, match="停车场"), write_session(engine) as s:
        confirm_reading(s, no_lot, actor="乙", now=NOW)
    with write_session(engine) as s:
        reject_reading(s, second, reason="照片不是该停车场", actor="乙", now=NOW)
    with read_session(engine) as s:
        statuses = {o.id: o.status for o in s.scalars(select(Observation))}
    assert statuses == {first: "confirmed", second: "rejected", no_lot: "pending"}
    assert [(e.actor, e.after) for e in _events(engine, "observation.confirm")] == [
        ("甲", {"status": "confirmed", "reason": None})
    ]
    assert [e.after["reason"] for e in _events(engine, "observation.reject")] == ["照片不是该停车场"]


def test_a_lot_needs_a_name(engine) -> None:
    with pytest.raises(WriteRefused), write_session(engine) as s:
        create_lot(s, LotInput(name="  "), actor="x", now=NOW)
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Lot)) == 0


def test_confirming_a_correction_settles_the_reading_it_corrects(engine) -> None:
    lot_id = _lot(engine)
    original_id = _photo(engine, lot_id, weak=True)
    with write_session(engine) as s:
        fixed_id = record_correction(
            s, s.get(Observation, original_id), BOARD, edited=[], tariff_text=None, actor="乙", now=NOW, pending=True
        ).id
    with write_session(engine) as s:
        confirm_reading(s, fixed_id, actor="甲", now=NOW)
    with read_session(engine) as s:
        statuses = (s.get(Observation, fixed_id).status, s.get(Observation, original_id).status)
    assert statuses == ("confirmed", "rejected")
    [event] = _events(engine, "observation.reject")
    assert event.entity_id == str(original_id) and str(fixed_id) in event.after["reason"]


def test_a_photo_reading_is_stored_with_its_text_engines_and_the_boards_tariff(engine) -> None:
    lot_id = _lot(engine)
    tariff = read_tariff("首小时5元，之后每小时2元").tariff.to_json()
    reading = SimpleNamespace(text="收费标准：首小时5元", engines=("rapidocr", "tesseract"), weak=False)
    data = observation_of_reading(
        reading, {**BOARD, "tariff": tariff}, captured_at=NOW, lot_id=lot_id, created_by="parkwatch ocr", is_demo=True
    )
    with write_session(engine) as s:
        row_id = record_photo(s, b"photo", "image/jpeg", lambda: b"p", data, actor="parkwatch ocr", now=NOW).id
    with read_session(engine) as s:
        row = s.get(Observation, row_id)
        stored = (row.kind, row.raw_text, row.board["fields"], row.tariff, row.fee_grid_hash, row.ocr_engine)
        who = (row.status, row.created_by, row.is_demo)
    assert stored == ("photo", reading.text, BOARD["fields"], tariff, grid_hash(tariff), "rapidocr+tesseract")
    assert who == ("public", "parkwatch ocr", True)


def test_a_weak_photo_reading_waits_for_review_and_what_a_reading_lacks_counts_as_absent() -> None:
    weak = SimpleNamespace(text="", engines=("rapidocr",), weak=True)
    of_weak = observation_of_reading(weak, BOARD, captured_at=NOW, lot_id=None, created_by="x")
    assert (of_weak.weak, of_weak.pending, of_weak.ocr_engines) == (True, False, ("rapidocr",))
    unread = observation_of_reading(None, {}, captured_at=NOW, lot_id=None, created_by="x", pending=True)
    assert (unread.raw_text, unread.board, unread.ocr_engines) == (None, None, ())
    assert (unread.weak, unread.pending) == (False, True)
    bare = observation_of_reading(
        SimpleNamespace(text="首小时5元"), BOARD, captured_at=NOW, lot_id=None, created_by="x"
    )
    assert (bare.raw_text, bare.ocr_engines, bare.weak) == ("首小时5元", (), False)


def test_a_reading_of_a_changed_price_waits_for_review_though_it_is_not_weak() -> None:
    amended = SimpleNamespace(text="首小时8元", engines=("rapidocr",), weak=False, amended=("8",))
    assert observation_of_reading(amended, BOARD, captured_at=NOW, lot_id=None, created_by="x").weak is True
    unchanged = SimpleNamespace(text="首小时8元", engines=("rapidocr",), weak=False, amended=())
    assert observation_of_reading(unchanged, BOARD, captured_at=NOW, lot_id=None, created_by="x").weak is False
