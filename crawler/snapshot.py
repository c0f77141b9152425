"""Page snapshots as evidence: the page body gzip-compressed, stored content-addressed by sha256.

Stored through `parkwatch.store.evidence.store_evidence` (the evidence store); `_store_evidence_fallback`
(the same layout: `<evidence_dir>/originals/<sha[:2]>/<sha>`, path kept relative) is used only where
that module is missing, so the crawler does not depend on the OCR side being installed.
The media type is the page's own with `+gzip` (e.g. `text/html+gzip`): the bytes are gzip.
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from parkwatch.settings import get_settings
from parkwatch.store.db.models import Evidence


def compress_page(body: bytes) -> bytes:
    """gzip with a fixed header time, so the same page gives the same bytes (and the same sha256)."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def _store_evidence_fallback(
    session: Session,
    data: bytes,
    kind: str,
    media_type: str | None,
    captured_at: datetime,
    public_bytes: bytes | None = None,
) -> Evidence:
    sha = hashlib.sha256(data).hexdigest()
    row = session.get(Evidence, sha)
    if row is not None:
        return row
    rel = f"originals/{sha[:2]}/{sha}"  # relative to the evidence folder, as the evidence store keeps it
    path = Path(get_settings().evidence_dir) / rel
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    row = Evidence(
        sha256=sha,
        kind=kind,
        media_type=media_type,
        size_bytes=len(data),
        path=rel,
        public_path=None,
        captured_at=captured_at,
    )
    session.add(row)
    session.flush()
    return row


def _store_evidence() -> Any:
    try:
        from parkwatch.store.evidence import store_evidence
    except ImportError:
        return _store_evidence_fallback
    return store_evidence


def snapshot_path(row: Evidence) -> Path:
    """The stored file of a snapshot row (paths are relative to the evidence folder)."""
    path = Path(row.path or "")
    return path if path.is_absolute() else Path(get_settings().evidence_dir) / path


def store_page_snapshot(session: Session, body: bytes, media_type: str, captured_at: datetime) -> str:
    """Store the page as evidence in this session; returns its sha256 (of the compressed bytes)."""
    data = compress_page(body)
    row = _store_evidence()(session, data, kind="page", media_type=f"{media_type}+gzip", captured_at=captured_at)
    return row.sha256
