"""Read-only helpers the pages share beyond `dashboard.queries`: what a stored value reads as on
screen (JSON as text, a finding's public wording and legal basis, where a posted tariff came from),
whether a board photo matches the lot it was filed under, and the readings waiting for review.

Nothing here writes. The review queries use the observations' `status` column only when the
database has it (`review_available`): the storage layer adds it (issue 17); until then the review
page says the step is not available rather than pretending.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import inspect, text

from dashboard.i18n import t
from parkwatch.core.rules import RULES
from parkwatch.store.db.engine import get_engine, read_session

TTL = 60
REVIEW_NOTE = re.compile(r"（需复核：.*?）$")  # the rule engine's own note; moot once an inspector confirmed
_NOISE = re.compile(r"[\s（）()【】\[\]「」“”\"'·,，。.:：;；\-—]|演示")
# words most lot and company names share: compared with them, 王家河临时停车场 and 汴河街临时停车场 look alike
_GENERIC = re.compile(
    r"有限责任公司|股份有限公司|有限公司|集团|停车管理|物业管理|物业服务|管理|服务|"
    r"停车场|停车库|停车坪|停车位|泊位|临时|公共|地下|地面|立体|路内|收费公示"
)
ADDRESS_LINE = re.compile(r"(?:地址|位置|地点)[:：]\s*([^\n]{4,60})")
SIMILAR_ENOUGH = 0.6


# ---------------------------------------------------------------- how stored values read


def readable(value: Any) -> str:
    """A stored JSON value as a person reads it: "键: 值；键: 值" (nested values flattened), "—" when empty."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return value or "—"
    if value is None or value == {} or value == [] or (isinstance(value, float) and value != value):
        return "—"  # None, empty, or pandas' NaN for a missing value
    if isinstance(value, dict):
        return "；".join(f"{_worded('key', key)}: {_value_words(key, item)}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(readable(item) for item in value)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return str(value)


def _worded(prefix: str, code: Any) -> str:
    """A stored code in words when the strings know it (`key_lot_id` → 停车场编号), else as it is."""
    key = f"{prefix}_{code}"
    worded = t(key)
    return str(code) if worded == key else worded


# OCR engines by their product names; a stored "a+b" names both engines that read one photo
ENGINE_NAMES = {"rapidocr": "RapidOCR", "tesseract": "Tesseract"}


def _value_words(key: str, value: Any) -> str:
    if key == "evidence" and isinstance(value, str) and len(value) > 12:
        return value[:12] + "…"  # a SHA-256: its head finds the file, the rest is noise on screen
    if key == "kind" and isinstance(value, str):
        return _worded("kind", value)
    if key == "ocr_engine" and isinstance(value, str):
        return "+".join(ENGINE_NAMES.get(part, part) for part in re.split(r"[+,]", value))
    if key == "role" and isinstance(value, str):
        return _worded("role", value)
    if key in ("status", "decision") and isinstance(value, str):
        return _worded("st", value)
    if key == "outcome" and isinstance(value, str):
        return _worded("out", value)
    return readable(value)


def public_message(message: str | None) -> str:
    """A confirmed finding as the public reads it: without the engine's "needs review" note, which
    the inspector's confirmation answered."""
    return REVIEW_NOTE.sub("", message or "").strip() or "—"


def rule_basis(code: str, stored: str | None) -> str:
    """The legal basis stored with the finding, or the rule's own (older findings were stored without)."""
    if stored and stored.strip():
        return stored
    rule = RULES.get(code)
    return getattr(rule, "basis", None) or "—"


def provenance(posted: dict[str, Any]) -> str:
    """Where the posted tariff shown comes from, in words: a crawled page, or a board photo — saying
    whether an inspector confirmed it (only when the database records that: never claimed otherwise)."""
    kind = posted.get("kind")
    day = str(posted.get("captured_at") or "")[:10]
    if kind == "web":
        return t("from_web", day=day)
    if kind == "photo":
        return t("from_photo" if posted.get("status") == "confirmed" else "from_photo_unreviewed", day=day)
    return t("from_other", day=day)


def price_summary(tariff: dict[str, Any] | None) -> pd.DataFrame:
    """A read tariff in short: per vehicle class (a column each) the free minutes, the 24 h cap and
    the fee of a 1 h and a 2 h stay from 08:00 — enough to see at a glance whether the prices read right."""
    from dashboard import services
    from dashboard.i18n import vehicle_label

    if not tariff:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            vehicle_label(row["vehicle"]): {
                t("free_minutes"): "—" if row["free_minutes"] is None else str(row["free_minutes"]),
                t("cap_24h"): services.money(row["cap_24h"]),
                **{
                    t("stay_fee", stay=services.stay_label(m)): services.money(row[services.stay_label(m)])
                    for m in (60, 120)
                },
            }
            for row in services.fee_table(tariff)
        }
    )


# ---------------------------------------------------------------- does a board match its lot


def _plain(value: Any) -> str:
    return _GENERIC.sub("", _NOISE.sub("", str(value or "")))


def _differs(read: Any, registered: Any) -> bool:
    """True when both are known and neither contains the other nor reads nearly the same."""
    a, b = _plain(read), _plain(registered)
    if not a or not b or a in b or b in a:
        return False
    return SequenceMatcher(None, a, b).ratio() < SIMILAR_ENOUGH


def mismatches(board: dict[str, Any] | None, lot: dict[str, Any] | None) -> list[str]:
    """What on the board contradicts the lot it is filed under: its name, operator or address, each as
    one sentence quoting both values. Empty when nothing contradicts (or nothing was read)."""
    if not board or not lot:
        return []
    fields = board.get("fields") or {}
    found = []
    for field, column in (("lot_name", "name"), ("operator", "operator")):
        read = (fields.get(field) or {}).get("value")
        if _differs(read, lot.get(column)):
            found.append(t(f"mismatch_{field}", read=read, registered=lot.get(column)))
    address = ADDRESS_LINE.search(board.get("text") or "")
    if address and _differs(address.group(1), lot.get("address")):
        found.append(t("mismatch_address", read=address.group(1).strip(), registered=lot.get("address")))
    return found


# ---------------------------------------------------------------- readings waiting for review


@st.cache_data(ttl=TTL, show_spinner=False)
def review_available(url: str) -> bool:
    """True when observations carry a review status (pending / confirmed …) in this database."""
    columns = {column["name"] for column in inspect(get_engine(url)).get_columns("observations")}
    return "status" in columns


@st.cache_data(ttl=TTL, show_spinner=False)
def pending_readings(url: str, limit: int = 50) -> list[dict[str, Any]]:
    """Photo readings not yet public (status pending), newest first, each with its lot's registered
    name, operator and address for the comparison."""
    if not review_available(url):
        return []
    with read_session(get_engine(url)) as session:
        rows = [
            dict(row._mapping)
            for row in session.execute(
                text(
                    """
                SELECT o.id, o.lot_id, o.captured_at, o.board, o.tariff, o.created_by, o.corrects_id,
                       o.evidence_sha256, l.name AS lot_name, l.operator AS lot_operator,
                       l.address AS lot_address, l.district AS lot_district
                FROM observations o LEFT JOIN lots l ON l.id = o.lot_id
                WHERE o.status = 'pending' ORDER BY o.captured_at DESC, o.id DESC LIMIT :limit"""
                ),
                {"limit": limit},
            )
        ]
    for row in rows:
        for key in ("board", "tariff"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
    return rows


@st.cache_data(ttl=TTL, show_spinner=False)
def public_photo(url: str, sha256: str | None) -> str | None:
    """The public (blurred) copy of a photo, relative to the evidence folder; never the original."""
    if not sha256:
        return None
    with read_session(get_engine(url)) as session:
        path: str | None = session.execute(
            text("SELECT public_path FROM evidence WHERE sha256 = :sha"), {"sha": sha256}
        ).scalar()
    return path
