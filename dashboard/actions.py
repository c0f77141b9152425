"""The dashboard's writes. Each checks the role on the server side, runs in one `write_session`
(all or nothing) and appends an audit event (who, when, before, after).

Pages call these; the upload handler (`process_upload`) is a plain function so it is tested
directly as well as through the widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ocr import intake, privacy
from parkwatch.core.fee import fee_grid_hash
from parkwatch.core.tariff import Tariff
from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store import checking, enforcement, evidence
from parkwatch.store.auth import require_role
from parkwatch.store.db.engine import write_session
from parkwatch.store.db.models import Finding, InspectionFinding, Observation

# Board fields an inspector edits as text; list fields are comma-separated, int fields are numbers.
LIST_FIELDS = {
    "hotlines",
    "exempt_vehicles",
    "service_items",
    "bare_prices",
    "unconditioned_prices",
    "non_arabic_amounts",
}
INT_FIELDS = {"free_minutes", "berths"}


class ActionError(ValueError):
    """A refused or invalid action, with a message for the user (Chinese, English beside)."""


@dataclass
class UploadResult:
    filename: str
    data: bytes
    ok: bool
    message: str = ""
    media_type: str | None = None
    sha256: str | None = None
    image: Any = None  # PIL image (EXIF-transposed, RGB)
    reading: Any = None  # ocr.read.PhotoReading
    board: dict[str, Any] = field(default_factory=dict)


def process_upload(data: bytes, filename: str, max_bytes: int, read: bool = True) -> UploadResult:
    """Check size (again, in Python), take the photo in, read it. Nothing is stored here."""
    if len(data) > max_bytes:
        return UploadResult(
            filename,
            b"",
            False,
            f"文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB） file too large",
        )
    if not data:
        return UploadResult(filename, b"", False, "文件为空 empty file")
    try:
        photo = intake.intake_photo(data, filename, max_bytes=max_bytes)
    except intake.PhotoRejected as rejected:
        return UploadResult(filename, b"", False, f"{rejected.message_zh} {rejected.message_en}")
    result = UploadResult(filename, data, True, media_type=photo.media_type, sha256=photo.sha256, image=photo.image)
    if read:
        from ocr.read import read_photo  # the OCR engines load only when a photo is read

        reading = read_photo(photo.image)
        result.reading = reading
        result.board = reading.board.to_json()
    return result


def field_to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def text_to_field(name: str, text: str) -> Any:
    text = text.strip()
    if name in LIST_FIELDS:
        return [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
    if name in INT_FIELDS:
        if not text:
            return None
        try:
            return int(text)
        except ValueError as error:
            raise ActionError(f"{name} 应为整数 must be a whole number") from error
    return text or None


def corrected_board(board: dict[str, Any], edits: dict[str, str]) -> dict[str, Any] | None:
    """The board JSON with the edited fields (confidence 1.0: a person read them); None when unchanged."""
    fields = dict(board.get("fields") or {})
    changed = False
    for name, text in edits.items():
        old = (fields.get(name) or {}).get("value")
        if field_to_text(old) == text.strip():
            continue
        fields[name] = {"value": text_to_field(name, text), "confidence": 1.0, "span": None}
        changed = True
    if not changed:
        return None
    return {**board, "fields": fields}


def _tariff_of(board: dict[str, Any], tariff_text: str | None) -> dict[str, Any] | None:
    if tariff_text is None:
        return board.get("tariff")
    reading = read_tariff(tariff_text)
    if reading.tariff is None:
        raise ActionError(
            "无法解析修改后的收费标准文字，未保存任何内容 / the rewritten price wording could not be "
            "read; nothing was saved: " + "；".join(reading.unread or (tariff_text,))
        )
    return reading.tariff.to_json()


def _grid_hash(tariff_json: dict[str, Any] | None) -> str | None:
    if not tariff_json:
        return None
    return fee_grid_hash(Tariff.from_json(tariff_json))


def save_reading(
    engine: Engine,
    *,
    actor: str,
    role: str,
    lot_id: int | None,
    upload: UploadResult,
    edits: dict[str, str] | None,
    tariff_text: str | None,
    now: datetime,
    is_demo: bool = False,
) -> tuple[int, int | None]:
    """Store the photo (content-addressed), the reading as an observation, and — when the inspector
    changed anything — a correction: a NEW observation with `corrects_id` pointing at the reading.
    Returns (observation id, correction id or None). All in one transaction."""
    require_role(role, "inspector")
    if not upload.ok:
        raise ActionError(upload.message)
    board = upload.board or {}
    correction = corrected_board(board, edits or {})
    # the page passes tariff_text only when the inspector rewrote the price wording
    tariff_changed = bool(tariff_text and tariff_text.strip())
    public_bytes = privacy.public_copy(upload.image)
    reading = upload.reading
    with write_session(engine) as session:
        row = evidence.store_evidence(session, upload.data, "photo", upload.media_type, now, public_bytes=public_bytes)
        original = Observation(
            lot_id=lot_id,
            kind="photo",
            captured_at=now,
            raw_text=getattr(reading, "text", None),
            board=board or None,
            tariff=board.get("tariff"),
            fee_grid_hash=_grid_hash(board.get("tariff")),
            evidence_sha256=row.sha256,
            ocr_engine=",".join(getattr(reading, "engines", ()) or ()) or None,
            created_by=actor,
            is_demo=is_demo,
        )
        session.add(original)
        session.flush()
        correction_id = None
        if correction is not None or tariff_changed:
            new_board = correction or dict(board)
            new_text = tariff_text if tariff_changed else None
            correction_id = _store_correction(session, original, new_board, edits or {}, new_text, actor=actor, now=now)
        enforcement.audit(
            session,
            actor=actor,
            action="observation.upload",
            entity="observation",
            entity_id=original.id,
            before=None,
            after={"evidence": row.sha256, "lot_id": lot_id},
            now=now,
        )
        return original.id, correction_id


def _store_correction(
    session: Session,
    original: Observation,
    new_board: dict[str, Any],
    edits: dict[str, str],
    tariff_text: str | None,
    *,
    actor: str,
    now: datetime,
) -> int:
    """The inspector's correction of `original`: a new observation of the same photo, and its audit event."""
    board = original.board or {}
    tariff = _tariff_of(new_board, tariff_text)
    new_board["tariff"] = tariff
    fixed = Observation(
        lot_id=original.lot_id,
        kind="photo",
        captured_at=original.captured_at,
        raw_text=original.raw_text,
        board=new_board,
        tariff=tariff,
        fee_grid_hash=_grid_hash(tariff),
        evidence_sha256=original.evidence_sha256,
        ocr_engine="manual",
        corrects_id=original.id,
        created_by=actor,
        is_demo=original.is_demo,
    )
    session.add(fixed)
    session.flush()
    enforcement.audit(
        session,
        actor=actor,
        action="observation.correct",
        entity="observation",
        entity_id=original.id,
        before={"fields": {k: (board.get("fields") or {}).get(k) for k in edits}},
        after={
            "correction_id": fixed.id,
            "fields": {k: new_board["fields"].get(k) for k in edits},
            "tariff_text": tariff_text,
        },
        now=now,
    )
    return fixed.id


def run_rules(engine: Engine, *, role: str, lot_id: int, on: date) -> str:
    require_role(role, "inspector")
    summary = checking.check_lots(engine, on=on, lot_ids=[lot_id])
    return (
        f"新发现 {summary.new} 条（错误 {summary.errors}，提示 {summary.alerts}），已有 {summary.existing} 条"
        f" / {summary.new} new, {summary.existing} existing"
    )


def decide_finding(
    engine: Engine,
    *,
    actor: str,
    role: str,
    finding_id: int,
    decision: str,
    reason: str,
    expected_version: int,
    now: datetime,
) -> str:
    """Confirm, dismiss, or undo (parkwatch.store.enforcement). The expected version guards against two
    inspectors deciding at once: the second gets a clear refusal; each change is one audit event."""
    require_role(role, "inspector")
    if decision not in ("confirmed", "dismissed", "open"):
        raise ActionError(f"unknown decision {decision!r}")
    if decision in ("confirmed", "dismissed") and not reason.strip():
        raise ActionError("请填写理由 give a reason")
    try:
        with write_session(engine) as session:
            if decision == "confirmed":
                enforcement.confirm_finding(
                    session, finding_id, actor=actor, now=now, expected_version=expected_version, reason=reason.strip()
                )
            elif decision == "dismissed":
                enforcement.dismiss_finding(
                    session, finding_id, reason=reason, actor=actor, now=now, expected_version=expected_version
                )
            else:
                enforcement.undo_finding(session, finding_id, actor=actor, now=now, expected_version=expected_version)
    except enforcement.EnforcementError as error:
        raise ActionError(str(error)) from error
    return decision


def record_inspection(
    engine: Engine,
    *,
    actor: str,
    role: str,
    lot_id: int,
    inspected_on: date,
    staff_count: int,
    vehicle_count: int,
    outcome: str,
    deadline: date | None,
    fines: str,
    refunds: str,
    disclosure_ok: bool | None,
    notes: str,
    campaign_id: int | None,
    now: datetime,
    is_demo: bool = False,
) -> int:
    """Store an inspection (parkwatch.store.enforcement) with the lot's decided findings not yet reviewed
    in an earlier inspection, and the photos this inspector took of the lot that day."""
    require_role(role, "inspector")
    try:
        with write_session(engine) as session:
            linked = set(session.scalars(select(InspectionFinding.finding_id)))
            decided = session.scalars(
                select(Finding).where(Finding.lot_id == lot_id, Finding.status.in_(("confirmed", "dismissed")))
            ).all()
            decisions = tuple(
                enforcement.Decision(
                    finding_id=f.id, decision=f.status, reason=f.status_reason or "—", expected_version=f.version
                )
                for f in decided
                if f.id not in linked
            )
            day = datetime.combine(inspected_on, datetime.min.time())
            photos = tuple(
                session.scalars(
                    select(Observation.id).where(
                        Observation.lot_id == lot_id,
                        Observation.kind == "photo",
                        Observation.inspection_id.is_(None),
                        Observation.created_by == actor,
                        Observation.captured_at >= day,
                        Observation.captured_at < day + timedelta(days=1),
                    )
                )
            )
            data = enforcement.InspectionInput(
                lot_id=lot_id,
                inspected_on=inspected_on,
                inspectors=(actor,),
                staff_count=staff_count,
                vehicle_count=vehicle_count,
                outcome=outcome,
                rectification_deadline=deadline,
                fines_yuan=fines or "0",
                refunds_yuan=refunds or "0",
                campaign_id=campaign_id,
                disclosure_ok=disclosure_ok,
                notes=notes or None,
                decisions=decisions,
                observation_ids=photos,
                is_demo=is_demo,
            )
            inspection = enforcement.record_inspection(session, data, actor=actor, now=now)
            session.flush()
            return inspection.id
    except enforcement.EnforcementError as error:
        raise ActionError(str(error)) from error
