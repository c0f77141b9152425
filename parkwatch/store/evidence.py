"""The evidence store: captured files kept content-addressed by sha256, and checked.

Layout under `settings.evidence_dir`:

    originals/<sha[:2]>/<sha>                      the bytes as captured; owner-only (0600, dirs 0700)
    public/<sha[:2]>/<sha>-<public sha>.jpg        the public copy (metadata stripped, faces/plates
                                                    blurred); its own hash is in its name, so it is
                                                    checked too

The `evidence` row (primary key = sha256) stores both paths relative to the evidence folder, so the
folder can move. The same bytes stored twice give the one existing row (`stored.duplicate`).
Files are written (atomically: temporary file + rename) before the row; if the transaction then
rolls back, the file is an orphan that `verify_evidence` reports, never a row without its file.
Each file is fsynced before its row can be committed: right after writing it, or — in a session
marked with `fsync_at_commit(session)` (the crawler's batches) — all of the transaction's files and
their folders together just before the transaction commits (a failed fsync fails the commit).

`purge_evidence` deletes originals older than the retention period, keeps the public copy, marks the
row (`path=None`, `purged_at`) and writes an `audit_events` row per file, in one transaction; the
files are deleted after the commit (a file that could not be deleted is reported and shows up as an
orphan in `verify`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parkwatch.settings import get_settings
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Evidence
from parkwatch.store.evidence_storage import EvidenceStorage, LocalFolder, evidence_storage
from parkwatch.store.problems import ProblemReport
from parkwatch.store.services.base import audit

EVIDENCE_KINDS = ("photo", "page", "receipt")
_CHUNK = 1024 * 1024


def evidence_root() -> Path:
    return Path(get_settings().evidence_dir)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def original_relpath(sha: str) -> str:
    return f"originals/{sha[:2]}/{sha}"


def public_relpath(sha: str, public_sha: str) -> str:
    return f"public/{sha[:2]}/{sha}-{public_sha}.jpg"


_FSYNC_AT_COMMIT = "parkwatch.store.evidence.fsync_at_commit"  # session.info flag
_UNSYNCED = "parkwatch.store.evidence.unsynced"  # session.info: files written in this transaction, not yet fsynced


def fsync_at_commit(session: Session) -> None:
    """Fsync this session's new evidence files together just before each commit, not one by one.

    For batch writers (the crawler: dozens of page snapshots per transaction). The guarantee is the
    same: no evidence row is committed before its file (and the folder entry naming it) is on disk; if
    an fsync fails, the commit fails and the rows roll back.
    """
    session.info[_FSYNC_AT_COMMIT] = True


def _fsync_path(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@event.listens_for(Session, "before_commit")
def _fsync_before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit comes later
        return
    pending: list[Path] | None = session.info.get(_UNSYNCED)
    if not pending:
        return
    folders: dict[Path, None] = {}
    for path in pending:
        _fsync_path(path)
        folders[path.parent] = None
    for folder in folders:
        _fsync_path(folder)
    pending.clear()  # only once all succeeded: a failed commit leaves them to the next attempt


def _write_atomic(path: Path, data: bytes, mode: int, dir_mode: int, unsynced: list[Path] | None = None) -> None:
    """Write `data` to `path` via a temporary file + rename; fsync it now, or (when `unsynced` is a list:
    the session fsyncs at commit) add it to `unsynced`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=dir_mode)
    for parent in (path.parent, path.parent.parent):
        os.chmod(parent, dir_mode)
    if path.exists() and sha256_file(path) == sha256_bytes(data):
        if unsynced is not None:  # it may be an unsynced leftover of a rolled-back batch
            unsynced.append(path)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if unsynced is None:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if unsynced is not None:
        unsynced.append(path)


def _bucket() -> EvidenceStorage | None:
    """The configured bucket (`PARKWATCH_EVIDENCE_URL`), or None: the local folder, written as above."""
    storage = evidence_storage()
    return None if isinstance(storage, LocalFolder) else storage


def _write(session: Session, rel: str, data: bytes, *, public: bool) -> None:
    """One evidence file, before its row: in the bucket (a PUT is whole and durable when it returns),
    or in the folder (atomic, fsynced now or at commit; originals owner-only, public copies readable)."""
    bucket = _bucket()
    if bucket is not None:
        bucket.put(rel, data)
        return
    root = evidence_root()
    if not public:
        root.mkdir(parents=True, exist_ok=True)
        (root / "originals").mkdir(exist_ok=True, mode=0o700)
        os.chmod(root / "originals", 0o700)
    mode, dir_mode = (0o644, 0o755) if public else (0o600, 0o700)
    _write_atomic(root / rel, data, mode, dir_mode, _unsynced(session))


def _unsynced(session: Session) -> list[Path] | None:
    if not session.info.get(_FSYNC_AT_COMMIT):
        return None
    unsynced: list[Path] = session.info.setdefault(_UNSYNCED, [])
    return unsynced


def store_evidence(
    session: Session,
    data: bytes,
    kind: str,
    media_type: str | None,
    captured_at: datetime,
    public_bytes: bytes | None = None,
) -> Evidence:
    """Store `data` (and its public copy) and return its row; the same bytes again return the same row.

    The returned row has a transient attribute `duplicate` (True when the bytes were already stored).
    A second upload may bring the public copy the first one lacked; nothing else changes.
    """
    if not data:
        raise ValueError("empty evidence: nothing to store")
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"unknown evidence kind {kind!r}; one of {', '.join(EVIDENCE_KINDS)}")
    sha = sha256_bytes(data)
    row = session.get(Evidence, sha)
    if row is not None:
        if public_bytes is not None and row.public_path is None:
            rel = public_relpath(sha, sha256_bytes(public_bytes))
            _write(session, rel, public_bytes, public=True)
            row.public_path = rel
        row.duplicate = True
        return row

    rel = original_relpath(sha)
    _write(session, rel, data, public=False)
    public_rel = None
    if public_bytes is not None:
        public_rel = public_relpath(sha, sha256_bytes(public_bytes))
        _write(session, public_rel, public_bytes, public=True)
    row = Evidence(
        sha256=sha,
        kind=kind,
        media_type=media_type,
        size_bytes=len(data),
        path=rel,
        public_path=public_rel,
        captured_at=captured_at,
        purged_at=None,
    )
    try:
        with session.begin_nested():  # a concurrent writer may insert the same sha first
            session.add(row)
    except IntegrityError:
        existing = session.get(Evidence, sha)
        if existing is None:
            raise
        existing.duplicate = True
        return existing
    row.duplicate = False
    return row


def store_photo(
    session: Session, data: bytes, media_type: str, captured_at: datetime, make_public: Callable[[], bytes]
) -> Evidence:
    """Store a photo the caller has already taken in (`ocr.intake.intake_photo`) and its public copy.

    `make_public` makes the public copy (`ocr.privacy.public_copy`); it is called only when the stored
    evidence has none yet.
    """
    existing = session.get(Evidence, sha256_bytes(data))
    public = None if existing is not None and existing.public_path else make_public()
    return store_evidence(session, data, "photo", media_type, captured_at, public_bytes=public)


def find_evidence(session: Session, data_or_sha: bytes | str) -> Evidence | None:
    sha = data_or_sha if isinstance(data_or_sha, str) else sha256_bytes(data_or_sha)
    return session.get(Evidence, sha)


def read_original(row: Evidence) -> bytes:
    """The original bytes (restricted: callers check the user's role first)."""
    if row.path is None:
        raise FileNotFoundError(f"evidence {row.sha256[:12]} was purged on {row.purged_at}")
    bucket = _bucket()
    return bucket.get(row.path) if bucket is not None else (evidence_root() / row.path).read_bytes()


def public_file(row: Evidence) -> Path | None:
    """The public copy's file in the local folder (None with a bucket: use `read_public`)."""
    if row.public_path is None or _bucket() is not None:
        return None
    return evidence_root() / row.public_path


def read_public(row: Evidence) -> bytes | None:
    """The public copy's bytes, wherever the evidence is kept."""
    if row.public_path is None:
        return None
    bucket = _bucket()
    return bucket.get(row.public_path) if bucket is not None else (evidence_root() / row.public_path).read_bytes()


# ---------------------------------------------------------------------------------------------
# Verify
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceProblem:
    sha256: str
    which: str  # original / public / orphan
    problem: str  # changed / missing / orphan
    path: str

    def message_zh(self) -> str:
        what = {"original": "原始文件", "public": "公开副本", "orphan": "无记录文件"}[self.which]
        how = {"changed": "内容已被改动（sha256 不符）", "missing": "文件丢失", "orphan": "没有对应的证据记录"}[
            self.problem
        ]
        return f"{what} {self.path}：{how}"


@dataclass
class VerifyReport(ProblemReport):
    checked: int = 0  # files checked
    rows: int = 0
    purged: int = 0  # rows whose original was purged on purpose
    problems: list[EvidenceProblem] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "files_checked": self.checked,
            "purged": self.purged,
            "problems": [
                {"sha256": p.sha256, "which": p.which, "problem": p.problem, "path": p.path, "message": p.message_zh()}
                for p in self.problems
            ],
        }


def verify_evidence(engine: Engine | None = None) -> VerifyReport:
    """Recheck every stored file against its sha256; report changed, missing and orphan files."""
    storage = evidence_storage()
    report = VerifyReport()
    known: set[str] = set()
    with read_session(engine) as session:
        rows = session.execute(
            select(Evidence.sha256, Evidence.path, Evidence.public_path).order_by(Evidence.sha256)
        ).all()
    for sha, path, public_path in rows:
        report.rows += 1
        if path is None:
            report.purged += 1
        else:
            known.add(path)
            report.checked += 1
            _check(report, storage, sha, "original", path, sha)
        if public_path is not None:
            known.add(public_path)
            report.checked += 1
            public_sha = Path(public_path).stem.rsplit("-", 1)[-1]
            _check(report, storage, sha, "public", public_path, public_sha)
    for folder in ("originals", "public"):
        for rel in storage.keys(folder):
            if rel not in known:
                report.problems.append(EvidenceProblem(rel.rsplit("/", 1)[-1][:64], "orphan", "orphan", rel))
    return report


def _digest(storage: EvidenceStorage, rel: str) -> str | None:
    """The sha256 of a stored file (a local one read in chunks), None when it is not there."""
    if isinstance(storage, LocalFolder):
        file = storage.root / rel
        return sha256_file(file) if file.is_file() else None
    try:
        return sha256_bytes(storage.get(rel))
    except FileNotFoundError:
        return None


def _check(report: VerifyReport, storage: EvidenceStorage, sha: str, which: str, rel: str, expected: str) -> None:
    digest = _digest(storage, rel)
    if digest is None:
        report.problems.append(EvidenceProblem(sha, which, "missing", rel))
    elif digest != expected:
        report.problems.append(EvidenceProblem(sha, which, "changed", rel))


# ---------------------------------------------------------------------------------------------
# Purge
# ---------------------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    cutoff: datetime
    dry_run: bool
    purged: list[str] = field(default_factory=list)  # sha256 of originals purged (or to purge)
    failed: list[str] = field(default_factory=list)  # marked purged but the file could not be deleted

    def to_json(self) -> dict[str, Any]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "dry_run": self.dry_run,
            "purged": list(self.purged),
            "failed": list(self.failed),
        }


def purge_evidence(
    engine: Engine | None,
    now: datetime,
    retention_days: int | None = None,
    *,
    dry_run: bool = False,
    actor: str = "system",
) -> PurgeReport:
    """Delete originals captured before `now - retention_days`; record each deletion (audit_events)."""
    days = get_settings().evidence_retention_days if retention_days is None else retention_days
    if days < 0:
        raise ValueError("retention_days must not be negative")
    cutoff = now - timedelta(days=days)
    report = PurgeReport(cutoff=cutoff, dry_run=dry_run)
    root = evidence_root()
    to_delete: list[tuple[str, str]] = []
    if dry_run:
        with read_session(engine) as session:
            rows = session.scalars(
                select(Evidence).where(Evidence.path.is_not(None), Evidence.captured_at < cutoff)
            ).all()
            report.purged = sorted(row.sha256 for row in rows)
        return report
    with write_session(engine) as session:
        rows = session.scalars(
            select(Evidence).where(Evidence.path.is_not(None), Evidence.captured_at < cutoff).order_by(Evidence.sha256)
        ).all()
        for row in rows:
            before = {"path": row.path, "captured_at": row.captured_at.isoformat(), "purged_at": None}
            to_delete.append((row.sha256, row.path or ""))
            row.path = None
            row.purged_at = now
            after = {"path": None, "purged_at": now.isoformat(), "retention_days": days, "public_path": row.public_path}
            audit(session, "evidence.purge", row.sha256, actor=actor, before=before, after=after, now=now)
            report.purged.append(row.sha256)
    bucket = _bucket()
    for sha, rel in to_delete:
        try:
            if bucket is not None:
                bucket.delete(rel)
            else:
                (root / rel).unlink(missing_ok=True)
        except Exception:  # an OSError, or the bucket's client error: reported, and shown by `verify`
            report.failed.append(sha)
    return report
