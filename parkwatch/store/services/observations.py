"""Observations from any channel — a crawled page, a board photo, a manual entry, a receipt — and their review.

`record_observation` stores one observation; `record_photo` stores a board photo as evidence (the
restricted original and its public copy) and its reading as an observation, together; `record_correction`
stores an inspector's correction as a NEW observation pointing at the reading it corrects (which stays).

Status: a crawled page is public at once. A photo reading may be stored `pending`: not public and not
judged by the rules until an inspector confirms it (`confirm_reading`) or sends it back
(`reject_reading`). A weak OCR reading is always stored pending, whoever stores it.

`ocr_engine` is written one way: the engines run, in order, joined by "+" ("rapidocr+tesseract"); an
inspector's correction is "manual".

Audit: every observation a person brings (photo, manual entry, receipt, correction) and every review
is an audit event in the same transaction. A crawled page is not audited row by row: its source run
and its page snapshot (evidence) are its record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from parkwatch.core.fee import fee_grid_hash
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import Observation, PriceVersion
from parkwatch.store.evidence import store_photo
from parkwatch.store.services.base import WriteRefused, audit

KINDS = ("web", "photo", "receipt", "manual")
MANUAL_ENGINE = "manual"  # the ocr_engine of a correction: a person read it


def ocr_engine_label(engines: Sequence[str]) -> str | None:
    """The one stored form of the engines that read a photo: in the order they ran, joined by "+"."""
    return "+".join(engine for engine in engines if engine) or None


def grid_hash(tariff: dict[str, Any] | None) -> str | None:
    """The fee grid hash of a stored tariff (None when there is none)."""
    return fee_grid_hash(Tariff.from_json(tariff)) if tariff else None


@dataclass(frozen=True)
class ObservationInput:
    """One observation as a channel hands it over. `tariff` defaults to the board's, the grid hash to
    the tariff's; `weak` (an OCR reading that needs review) or `pending` store it not public."""

    kind: str  # web / photo / receipt / manual
    captured_at: datetime
    lot_id: int | None = None
    source_id: int | None = None
    url: str | None = None
    source_ref: str | None = None
    raw_text: str | None = None
    board: dict[str, Any] | None = None
    tariff: dict[str, Any] | None = None
    fee_grid_hash: str | None = None
    evidence_sha256: str | None = None
    ocr_engines: tuple[str, ...] = ()
    weak: bool = False
    pending: bool = False
    charged_yuan: Decimal | None = None
    stay_entry: datetime | None = None
    stay_exit: datetime | None = None
    inspection_id: int | None = None
    corrects_id: int | None = None
    created_by: str | None = None
    is_demo: bool = False


def observation_of_reading(
    reading: object | None,
    board: dict[str, Any] | None,
    *,
    captured_at: datetime,
    lot_id: int | None,
    created_by: str,
    pending: bool = False,
    is_demo: bool = False,
) -> ObservationInput:
    """The observation of a board photo's reading, for `record_photo`. `reading` is `ocr.read.PhotoReading`
    or its fields as a worker returned them (the store does not import `ocr`): its text, engines and
    `weak`, and `amended` (price figures that look changed on the board: the reading may be right, but an
    inspector must see the change before it is public, so it is held as a weak one is); what it lacks counts as
    absent (no text, no engines, not weak, nothing amended). `board` is the reading's
    board as JSON, passed apart because the dashboard holds it apart; the tariff is the board's."""
    return ObservationInput(
        kind="photo",
        captured_at=captured_at,
        lot_id=lot_id,
        raw_text=getattr(reading, "text", None),
        board=board or None,
        ocr_engines=tuple(getattr(reading, "engines", ()) or ()),
        weak=bool(getattr(reading, "weak", False) or getattr(reading, "amended", ())),
        pending=pending,
        created_by=created_by,
        is_demo=is_demo,
    )


def _row(data: ObservationInput) -> Observation:
    if data.kind not in KINDS:
        raise WriteRefused(f"未知的观测类型 {data.kind!r}（{'/'.join(KINDS)}）/ unknown observation kind")
    tariff = data.tariff if data.tariff is not None else (data.board or {}).get("tariff")
    return Observation(
        lot_id=data.lot_id,
        source_id=data.source_id,
        kind=data.kind,
        captured_at=as_utc(data.captured_at),
        url=(data.url or "")[:500] or None,
        source_ref=str(data.source_ref)[:200] if data.source_ref else None,
        raw_text=data.raw_text,
        board=data.board or None,
        tariff=tariff or None,
        fee_grid_hash=data.fee_grid_hash or grid_hash(tariff),
        evidence_sha256=data.evidence_sha256,
        ocr_engine=MANUAL_ENGINE if data.corrects_id and not data.ocr_engines else ocr_engine_label(data.ocr_engines),
        charged_yuan=data.charged_yuan,
        stay_entry=as_utc(data.stay_entry) if data.stay_entry else None,
        stay_exit=as_utc(data.stay_exit) if data.stay_exit else None,
        inspection_id=data.inspection_id,
        corrects_id=data.corrects_id,
        created_by=data.created_by,
        is_demo=data.is_demo,
        status="pending" if data.pending or data.weak else "public",
    )


def record_observation(
    session: Session, data: ObservationInput, *, actor: str | None = None, now: datetime | None = None
) -> Observation:
    """Store one observation (flushed: its id is set). Audited unless it is a crawled page."""
    observation = _row(data)
    if data.corrects_id is not None:
        # `check` looks for a lot's corrections among that lot's own observations only
        original = session.get(Observation, data.corrects_id)
        if original is None or original.lot_id != data.lot_id:
            raise WriteRefused("更正只能针对同一停车场的观测 / a correction must be of an observation of the same lot")
    session.add(observation)
    session.flush()
    if data.kind != "web":
        audit(
            session,
            "observation.upload" if data.kind == "photo" else "observation.create",
            observation.id,
            actor=actor or data.created_by or "system",
            before=None,
            after={
                "evidence": observation.evidence_sha256,
                "lot_id": observation.lot_id,
                "kind": observation.kind,
                "status": observation.status,
                "ocr_engine": observation.ocr_engine,
            },
            now=now or data.captured_at,
        )
    return observation


def record_price_version(
    session: Session,
    observation: Observation,
    *,
    fee_grid_hash: str,
    tariff: dict[str, Any] | None,
) -> PriceVersion:
    """A new entry of the lot's posted-price history from `observation` (the caller has found that the fee
    grid changed): valid from the observation's capture. A machine write, recorded by its observation."""
    if observation.lot_id is None:
        raise WriteRefused("没有停车场的观测不能成为价格版本 / an observation without a lot has no price history")
    version = PriceVersion(
        lot_id=observation.lot_id,
        source_id=observation.source_id,
        observation_id=observation.id,
        valid_from=as_utc(observation.captured_at),
        fee_grid_hash=fee_grid_hash,
        tariff=tariff,
    )
    session.add(version)
    session.flush()
    return version


def reread_same_posting(
    session: Session,
    observation: Observation,
    *,
    fee_grid_hash: str,
    tariff: dict[str, Any] | None,
) -> bool:
    """When the lot's latest price version from the observation's source was read from the very same price
    text, the fee grid differs because the reader changed (a new release reads the wording better), not
    because the lot changed its prices: that version takes the new reading, keeps its `valid_from`, and
    True is returned (no new version, no price-change alert). False when the text differs or there is none."""
    if observation.lot_id is None or not observation.raw_text:
        return False
    latest = session.scalars(
        select(PriceVersion)
        .where(PriceVersion.lot_id == observation.lot_id, PriceVersion.source_id == observation.source_id)
        .order_by(PriceVersion.valid_from.desc(), PriceVersion.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return False
    before = session.get(Observation, latest.observation_id)
    if before is None or before.raw_text != observation.raw_text:
        return False
    latest.fee_grid_hash = fee_grid_hash
    latest.tariff = tariff
    session.flush()
    return True


def record_photo(
    session: Session,
    photo: bytes,
    media_type: str,
    make_public: Callable[[], bytes],
    data: ObservationInput,
    *,
    actor: str,
    now: datetime,
) -> Observation:
    """A board photo (the caller took it in with `ocr.intake`) as evidence, and its reading as an
    observation: both in the caller's transaction. `make_public` makes the public copy when needed."""
    evidence = store_photo(session, photo, media_type, as_utc(data.captured_at), make_public)
    return record_observation(
        session, replace(data, kind="photo", evidence_sha256=evidence.sha256), actor=actor, now=now
    )


def tariff_of(board: dict[str, Any], tariff_text: str | None) -> dict[str, Any] | None:
    """The board's tariff, or — when a person rewrote the price wording — the wording read again."""
    if tariff_text is None:
        tariff: dict[str, Any] | None = board.get("tariff")
        return tariff
    reading = read_tariff(tariff_text)
    if reading.tariff is None:
        raise WriteRefused(
            "无法解析修改后的收费标准文字，未保存任何内容 / the rewritten price wording could not be "
            "read; nothing was saved: " + "；".join(reading.unread or (tariff_text,))
        )
    return reading.tariff.to_json()


def record_correction(
    session: Session,
    original: Observation,
    board: dict[str, Any],
    *,
    edited: Sequence[str],
    tariff_text: str | None,
    actor: str,
    now: datetime,
    pending: bool = False,
) -> Observation:
    """A person's correction of `original`: a new observation of the same photo (the original stays),
    with the edited board fields and, when the price wording was rewritten, the tariff read from it."""
    old_fields = (original.board or {}).get("fields") or {}
    tariff = tariff_of(board, tariff_text)
    board = {**board, "tariff": tariff}
    fixed = _row(
        ObservationInput(
            kind=original.kind,
            captured_at=original.captured_at,
            lot_id=original.lot_id,
            raw_text=original.raw_text,
            board=board,
            tariff=tariff,
            evidence_sha256=original.evidence_sha256,
            corrects_id=original.id,
            pending=pending,
            created_by=actor,
            is_demo=original.is_demo,
        )
    )
    session.add(fixed)
    session.flush()
    # one event records both the new observation and what it changed
    audit(
        session,
        "observation.correct",
        original.id,
        actor=actor,
        before={"fields": {k: old_fields.get(k) for k in edited}},
        after={
            "correction_id": fixed.id,
            "fields": {k: (board.get("fields") or {}).get(k) for k in edited},
            "tariff_text": tariff_text,
        },
        now=now,
    )
    return fixed


def _review(session: Session, observation_id: int, status: str, reason: str | None, actor: str, now: datetime) -> None:
    """pending → `status`, with one conditional UPDATE: of two inspectors reviewing at once one wins."""
    observation = session.get(Observation, observation_id)
    if observation is None:
        raise WriteRefused(f"观测 #{observation_id} 不存在 / observation {observation_id} not found")
    if status == "confirmed" and observation.lot_id is None:
        raise WriteRefused("未指定停车场的识别结果不能公开 / a reading without a lot cannot be made public")
    result = session.execute(
        update(Observation)
        .where(Observation.id == observation_id, Observation.status == "pending")
        .values(status=status)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)  # an UPDATE's result carries its row count
    if result.rowcount != 1:
        raise WriteRefused(
            f"观测 #{observation_id} 已被处理（当前：{observation.status}），请刷新 / "
            f"observation {observation_id} was already reviewed ({observation.status}); reload"
        )
    session.refresh(observation)
    audit(
        session,
        "observation.confirm" if status == "confirmed" else "observation.reject",
        observation_id,
        actor=actor,
        before={"status": "pending"},
        after={"status": status, "reason": reason},
        now=now,
    )


def confirm_reading(session: Session, observation_id: int, *, actor: str, now: datetime) -> None:
    """An inspector confirms a pending reading: it becomes public and the rules judge it. Confirming a
    correction settles the reading it corrects, if that still waits: sent back, superseded by it."""
    _review(session, observation_id, "confirmed", None, actor, now)
    corrects = session.get(Observation, observation_id)
    original = session.get(Observation, corrects.corrects_id) if corrects and corrects.corrects_id else None
    if original is not None and original.status == "pending":
        reason = f"由更正 #{observation_id} 取代 / superseded by correction {observation_id}"
        _review(session, original.id, "rejected", reason, actor, now)


def reject_reading(session: Session, observation_id: int, *, reason: str, actor: str, now: datetime) -> None:
    """An inspector sends a pending reading back: it stays stored (with its evidence), never public."""
    if not reason or not reason.strip():
        raise WriteRefused("退回须说明理由 / sending a reading back needs a reason")
    _review(session, observation_id, "rejected", reason.strip(), actor, now)
