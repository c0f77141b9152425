"""Page snapshots as evidence: the page body gzip-compressed, stored content-addressed by sha256.

Stored through `parkwatch.store.evidence.store_evidence` (the evidence store: `originals/<sha[:2]>/<sha>`
under the evidence folder, the path kept relative). The media type is the page's own with `+gzip`
(e.g. `text/html+gzip`): the bytes are gzip.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from parkwatch.settings import get_settings
from parkwatch.store.db.models import Evidence
from parkwatch.store.evidence import store_evidence


def compress_page(body: bytes) -> bytes:
    """gzip with a fixed header time, so the same page gives the same bytes (and the same sha256)."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def snapshot_path(row: Evidence) -> Path:
    """The stored file of a snapshot row (paths are relative to the evidence folder)."""
    path = Path(row.path or "")
    return path if path.is_absolute() else Path(get_settings().evidence_dir) / path


def store_page_snapshot(session: Session, body: bytes, media_type: str, captured_at: datetime) -> str:
    """Store the page as evidence in this session; returns its sha256 (of the compressed bytes)."""
    data = compress_page(body)
    row = store_evidence(session, data, kind="page", media_type=f"{media_type}+gzip", captured_at=captured_at)
    return row.sha256
