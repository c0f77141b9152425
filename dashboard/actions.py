"""The dashboard's writes. Each checks the role on the server side and calls a write service of
`parkwatch.store.services` in one `write_session` (all or nothing), which appends the audit event
(who, when, before, after). No SQL here.

Pages call these; the upload handler (`process_upload`) is a plain function so it is tested
directly as well as through the widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from ocr import intake, privacy
from parkwatch.store import checking
from parkwatch.store.auth import require_role
from parkwatch.store.db.engine import write_session
from parkwatch.store.services import findings, inspections, observations
from parkwatch.store.services.base import WriteRefused

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
    Both wait for review (status pending) until an inspector confirms them. Returns (observation id,
    correction id or None). All in one transaction (`parkwatch.store.services.observations`)."""
    require_role(role, "inspector")
    if not upload.ok:
        raise ActionError(upload.message)
    board = upload.board or {}
    correction = corrected_board(board, edits or {})
    # the page passes tariff_text only when the inspector rewrote the price wording
    tariff_changed = bool(tariff_text and tariff_text.strip())
    data = observations.observation_of_reading(
        upload.reading, board, captured_at=now, lot_id=lot_id, created_by=actor, pending=True, is_demo=is_demo
    )
    try:
        with write_session(engine) as session:
            original = observations.record_photo(
                session,
                upload.data,
                upload.media_type or "image/jpeg",
                lambda: privacy.public_copy(upload.image),
                data,
                actor=actor,
                now=now,
            )
            correction_id = None
            if correction is not None or tariff_changed:
                fixed = observations.record_correction(
                    session,
                    original,
                    correction or dict(board),
                    edited=list(edits or {}),
                    tariff_text=tariff_text if tariff_changed else None,
                    actor=actor,
                    now=now,
                    pending=True,
                )
                correction_id = fixed.id
            return original.id, correction_id
    except WriteRefused as error:
        raise ActionError(str(error)) from error


def _reviewed(engine: Engine, write: Any, **kwargs: Any) -> None:
    try:
        with write_session(engine) as session:
            write(session, **kwargs)
    except WriteRefused as error:
        raise ActionError(str(error)) from error


def confirm_reading(engine: Engine, *, actor: str, role: str, observation_id: int, now: datetime) -> int:
    """An inspector confirms a pending photo reading: it becomes public (audited). Returns its id."""
    require_role(role, "inspector")
    _reviewed(engine, observations.confirm_reading, observation_id=observation_id, actor=actor, now=now)
    return observation_id


def reject_reading(
    engine: Engine, *, actor: str, role: str, observation_id: int, now: datetime, reason: str = ""
) -> int:
    """An inspector sends a pending photo reading back: never public; the reason is audited. Returns its id."""
    require_role(role, "inspector")
    _reviewed(engine, observations.reject_reading, observation_id=observation_id, reason=reason, actor=actor, now=now)
    return observation_id


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
    """Confirm, dismiss, or undo (`parkwatch.store.services.findings`). The expected version guards against
    two inspectors deciding at once: the second gets a clear refusal; each change is one audit event."""
    require_role(role, "inspector")
    if decision not in ("confirmed", "dismissed", "open"):
        raise ActionError(f"unknown decision {decision!r}")
    if decision in ("confirmed", "dismissed") and not reason.strip():
        raise ActionError("请填写理由 give a reason")
    try:
        with write_session(engine) as session:
            findings.decide(
                session,
                finding_id,
                decision,
                actor=actor,
                now=now,
                reason=reason.strip() or None,
                expected_version=expected_version,
            )
    except WriteRefused as error:
        raise ActionError(str(error)) from error
    return decision


def record_inspection(
    engine: Engine, *, actor: str, role: str, data: inspections.InspectionInput, now: datetime
) -> int:
    """Store an inspection as the signed-in inspector's (the form names no other inspector; empty notes are
    none, and an empty amount is 0 as for every caller of the store), with the lot's decided findings not yet
    reviewed in an earlier inspection and the photos this inspector took of the lot that day
    (`parkwatch.store.services.inspections.record_visit`)."""
    require_role(role, "inspector")
    data = replace(data, inspectors=(actor,), notes=data.notes or None)
    try:
        with write_session(engine) as session:
            return inspections.record_visit(session, data, actor=actor, now=now).id
    except WriteRefused as error:
        raise ActionError(str(error)) from error
