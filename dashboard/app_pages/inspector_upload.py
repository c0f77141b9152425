"""Inspector: upload several board photos at once; each photo beside what was read, every field
marked by confidence and editable; saving stores the reading and, if edited, a correction (a new
observation pointing at the original reading).

With a broker (`PARKWATCH_BROKER_URL`) the photos are read by the workers (`parkwatch.tasks`, queue
`ocr`), never in this session: the page queues each photo, shows how far the reading has got, and
shows the reading when it is back. Without one, the page reads each photo itself, as always."""

from __future__ import annotations

import re
import time
from functools import partial
from types import SimpleNamespace
from typing import Any

import streamlit as st

from dashboard import actions, queries, views
from dashboard.common import (
    SURE_CONFIDENCE,
    act,
    actor,
    confidence_badge,
    form_label,
    guard,
    safe_md,
)
from dashboard.i18n import current_language, field_label, t
from parkwatch.core.board import FIELD_NAMES
from parkwatch.settings import get_settings
from parkwatch.store.clock import utc_now

guard("inspector")
url = queries.db_url()
settings = get_settings()
st.title(t("page_upload"))

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp", "heic", "heif", "tif", "tiff", "bmp", "gif"]
files = st.file_uploader(t("upload_photos"), type=PHOTO_TYPES, accept_multiple_files=True, key="photos")

lot_search = st.text_input(t("search"), key="upload_lot_search")
choices = queries.lot_choices(url, lot_search)
labels = dict(choices)
lot_ids = [None, *[c[0] for c in choices]]

results: dict[str, actions.UploadResult] = st.session_state.setdefault("upload_results", {})
saved: dict[str, tuple[int, int | None]] = st.session_state.setdefault("upload_saved", {})


# fields chosen from a list (their stored value is a code; the box shows the words)
CHOICE_FIELDS = {
    "pricing_form": ("market", "guided", "government"),
    "disclosure_kind": ("operator", "authority", "repost"),
}
# always in view; the other fields are folded away unless something was read in them with doubt
MAIN_FIELDS = ("lot_name", "operator", "pricing_form", "fee_basis", "hotlines", "free_minutes", "cap")
PRICE_LINE = re.compile(r"\d.*元|元.*\d")


def _choice_label(name: str, code: str) -> str:
    if not code:
        return "—"
    return form_label(code) if name == "pricing_form" else t(f"dk_{code}")


def _field_input(name: str, reading: dict[str, Any], key: str) -> str:
    """One board field: its box labelled with the field and its confidence (colour and words)."""
    confidence = reading.get("confidence") if reading else None
    label = f"{field_label(name)}  {confidence_badge(confidence) if reading else ''}".strip()
    value = actions.field_to_text(reading.get("value"))
    if name in CHOICE_FIELDS:
        options = ["", *CHOICE_FIELDS[name]]
        if value not in options:
            options.append(value)
        return str(
            st.selectbox(
                label,
                options,
                index=options.index(value),
                format_func=partial(_choice_label, name),
                key=f"f_{key}_{name}",
            )
        )
    return st.text_input(label, value=value, key=f"f_{key}_{name}")


def _prices_read(board: dict[str, Any]) -> None:
    """What the photo's prices read as: the fee of common stays per vehicle class, or a clear "none"."""
    st.markdown(f"**{t('prices_read')}**")
    tariff = board.get("tariff")
    if not tariff:
        st.warning(t("no_prices_read"), icon=":material/error:")
        return
    st.table(views.price_summary(tariff))


def _weak_note(result: actions.UploadResult) -> None:
    """Why the reading waits for review: its weak reasons, and notices about the board (a changed price)."""
    lang = current_language()
    reasons = getattr(result.reading, "weak_reasons", ()) or ()
    if reasons:
        listed = "；".join(str(getattr(reason, lang, reason)) for reason in reasons)
        st.warning(t("weak_reading", reasons=listed), icon=":material/warning:")
    notices = getattr(result.reading, "notices", ()) or ()
    if notices:
        listed = "；".join(str(getattr(notice, lang, notice)) for notice in notices)
        st.warning(t("board_notice", notices=listed), icon=":material/edit_note:")


QUEUE_WAITING = {
    "PENDING": "排队等待识别 waiting for a worker",
    "RECEIVED": "排队等待识别 waiting for a worker",
    "RETRY": "识别重试中 being tried again",
    "STARTED": "正在识别 being read",
}


def _queued_result(upload: Any, key: str) -> actions.UploadResult | str:
    """With a broker: the photo taken in here (a refusal answers at once), read by a worker; while it
    waits or is read, its state. What the worker read fills the same result the in-page reading would."""
    from parkwatch.store.evidence_storage import evidence_storage, staging_key
    from parkwatch.tasks.app import app as celery
    from parkwatch.tasks.app import submit_photo_read

    taken: dict[str, actions.UploadResult] = st.session_state.setdefault("upload_taken", {})
    queued: dict[str, str] = st.session_state.setdefault("upload_queued", {})
    if key not in taken:
        taken[key] = actions.process_upload(upload.getvalue(), upload.name, settings.max_upload_bytes, read=False)
        if not taken[key].ok:
            return taken[key]
        task = submit_photo_read(
            upload.getvalue(), upload.name, lot_id=None, actor=actor(), captured_at=utc_now(), store=False
        )
        queued[key] = task.id
    task = celery.AsyncResult(queued[key])
    if task.state in QUEUE_WAITING:
        return str(task.state)
    result = taken[key]
    answer = task.result if task.state == "SUCCESS" else None
    evidence_storage().delete(staging_key(result.sha256 or ""))
    task.forget()
    if not isinstance(answer, dict):
        return actions.UploadResult(
            upload.name, b"", False, f"识别失败，请重新上传 reading failed, upload again: {task.result}"
        )
    if not answer.get("ok"):
        return actions.UploadResult(upload.name, b"", False, str(answer.get("error")))
    reasons = tuple(SimpleNamespace(**reason) for reason in answer.get("weak_reasons") or ())
    notices = tuple(SimpleNamespace(**notice) for notice in answer.get("notices") or ())
    result.reading = SimpleNamespace(
        text=answer["text"],
        engines=tuple(answer["engines"]),
        weak=answer["weak"],
        weak_reasons=reasons,
        amended=tuple(answer.get("amended") or ()),
        notices=notices,
    )
    result.board = answer["board"]
    return result


def _waiting(names: list[tuple[str, str]], total: int) -> None:
    """How far the queued readings have got: a bar over all the photos, and each photo's state."""
    st.progress((total - len(names)) / total, text=f"已识别 read {total - len(names)}/{total}")
    for name, state in names:
        st.caption(f"{safe_md(name)}：{QUEUE_WAITING.get(state, state)}")


review_on = views.review_available(url)
queue_photos = bool(settings.broker_url)  # a worker reads them: this session never holds a CPU for OCR
waiting: list[tuple[str, str]] = []
for index, upload in enumerate(files or []):
    key = f"{upload.file_id}"
    if key not in results and queue_photos:
        queued_result = _queued_result(upload, key)
        if isinstance(queued_result, str):
            waiting.append((upload.name, queued_result))
            continue
        results[key] = queued_result
    if key not in results:
        with st.spinner(upload.name):
            results[key] = actions.process_upload(upload.getvalue(), upload.name, settings.max_upload_bytes)
    result = results[key]
    st.divider()
    st.markdown(f"**{index + 1}.** " + safe_md(upload.name))
    if not result.ok:
        st.error(t("rejected", name=upload.name, message=result.message))
        continue
    if result.message:
        st.warning(result.message)
    if key in saved:
        obs, corr = saved[key]
        st.success(t("saved_reading", obs=obs, corr=t("saved_correction", id=corr) if corr else ""))
        if review_on:
            st.info(t("saved_pending"), icon=":material/pending:")
        continue
    _weak_note(result)
    left, right = st.columns([2, 3])
    left.image(result.image, width="stretch")
    board = result.board or {}
    fields = board.get("fields") or {}
    with right:
        lot_id = st.selectbox(
            t("assign_lot"), lot_ids, format_func=lambda i: "—" if i is None else labels[i], key=f"lot_{key}"
        )
        for problem in views.mismatches(board, queries.lot(url, lot_id) if lot_id else None):
            st.warning(problem, icon=":material/report:")
        _prices_read(board)
    with st.form(f"reading_{key}"):
        st.markdown(f"**{t('read_fields')}**")
        edits: dict[str, str] = {}
        doubtful = [n for n in FIELD_NAMES if (fields.get(n) or {}).get("confidence", 1.0) < SURE_CONFIDENCE]
        shown_first = [n for n in FIELD_NAMES if n in MAIN_FIELDS or n in doubtful]
        columns = st.columns(2)
        for position, name in enumerate(shown_first):
            with columns[position % 2]:
                edits[name] = _field_input(name, fields.get(name) or {}, key)
        rest = [n for n in FIELD_NAMES if n not in shown_first]
        with st.expander(t("more_fields", n=len(rest))):
            for name in rest:
                edits[name] = _field_input(name, fields.get(name) or {}, key)
        read_wording = "\n".join(line for line in (board.get("text") or "").splitlines() if PRICE_LINE.search(line))
        wording = st.text_area(
            t("price_wording"), value=read_wording, key=f"tariff_{key}", help=t("price_wording_help")
        )
        # only a rewritten wording is read again; the wording as read is what the reading already holds
        tariff_text = wording if wording.strip() != read_wording.strip() else ""
        submitted = st.form_submit_button(t("save_reading"), type="primary")
    if board.get("text"):
        with st.expander(t("raw_text")):
            st.text(board["text"])
    if board.get("unread"):
        with st.expander(t("unread_parts")):
            st.text("\n".join(board["unread"]))
    if submitted:
        ids = act(actions.save_reading, url, lot_id=lot_id, upload=result, edits=edits, tariff_text=tariff_text or None)
        if ids is not None:
            saved[key] = ids
            st.rerun()

if waiting:
    _waiting(waiting, len(files or []))
    time.sleep(1.0)  # look again in a second; the readings already back stay shown meanwhile
    st.rerun()
