"""Inspector: upload several board photos at once; each photo beside what was read, every field
marked by confidence and editable; saving stores the reading and, if edited, a correction (a new
observation pointing at the original reading)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from dashboard import actions, queries
from dashboard.common import actor, current_role, guard, safe_md
from dashboard.i18n import FIELD_LABELS, t
from parkwatch.core.board import FIELD_NAMES, LOW_CONFIDENCE
from parkwatch.settings import get_settings
from parkwatch.store.db.engine import get_engine

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


def _marker(confidence: float | None) -> str:
    if confidence is None:
        return "⚪"
    return "🟢" if confidence >= 0.9 else ("🟠" if confidence >= LOW_CONFIDENCE else "🔴")


for index, upload in enumerate(files or []):
    key = f"{upload.file_id}"
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
        continue
    left, right = st.columns([1, 1])
    left.image(result.image, width="stretch")
    board = result.board or {}
    fields = board.get("fields") or {}
    with right.form(f"reading_{key}"):
        st.markdown(f"**{t('read_fields')}**")
        lot_id = st.selectbox(
            t("assign_lot"), lot_ids, format_func=lambda i: "—" if i is None else labels[i], key=f"lot_{key}"
        )
        edits: dict[str, str] = {}
        for name in FIELD_NAMES:
            reading = fields.get(name) or {}
            confidence = reading.get("confidence") if reading else None
            label = f"{_marker(confidence)} {FIELD_LABELS.get(name, name)}"
            if confidence is not None:
                label += f"  ({t('confidence', c=f'{confidence:.2f}')})"
            edits[name] = st.text_input(
                label,
                value=actions.field_to_text(reading.get("value")),
                key=f"f_{key}_{name}",
                help=t("low_conf") if confidence is not None and confidence < LOW_CONFIDENCE else None,
            )
        tariff_text = st.text_area(
            t("posted_text") + "（修改后重新解析 re-read when changed）",
            value="",
            key=f"tariff_{key}",
            placeholder="首小时5元，之后每小时2元",
        )
        submitted = st.form_submit_button(t("save_reading"))
    if board.get("text"):
        with st.expander(t("raw_text")):
            st.text(board["text"])
    if board.get("unread"):
        with st.expander(t("unread_parts")):
            st.text("\n".join(board["unread"]))
    if submitted:
        try:
            ids = actions.save_reading(
                get_engine(url),
                actor=actor(),
                role=current_role(),
                lot_id=lot_id,
                upload=result,
                edits=edits,
                tariff_text=tariff_text or None,
                now=datetime.now(),
            )
        except (actions.ActionError, PermissionError) as error:
            st.error(str(error))
        else:
            saved[key] = ids
            queries.clear_caches()
            st.rerun()
