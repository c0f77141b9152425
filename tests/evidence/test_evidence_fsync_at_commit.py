"""Evidence files written in a session marked `fsync_at_commit` are fsynced together just before the
commit — never after it, and a failed fsync fails the commit (no row without its file on disk)."""

from __future__ import annotations

import os
from datetime import datetime

import pytest
from sqlalchemy import func, select

from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Evidence
from parkwatch.store.evidence import evidence_root, fsync_at_commit, store_evidence, verify_evidence

T0 = datetime(2026, 3, 1, 9, 30)


def _rows(engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(Evidence))


@pytest.fixture
def fsyncs(monkeypatch):
    """The path of every file or folder fsynced, in order."""
    seen: list[str] = []
    real = os.fsync

    def recording(fd):
        seen.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    return seen


def test_a_marked_session_fsyncs_its_files_and_folders_once_just_before_the_commit(sqlite_engine, fsyncs):
    root = evidence_root()
    with write_session(sqlite_engine) as session:
        fsync_at_commit(session)
        rows = []
        for i in range(3):
            with session.begin_nested():
                rows.append(store_evidence(session, f"page {i}".encode(), "page", "text/html+gzip", T0))
        assert fsyncs == []  # nothing synced while the batch is being written
        assert _rows(sqlite_engine) == 0
    synced = set(fsyncs)
    files = {str((root / row.path).resolve()) for row in rows}
    folders = {str((root / row.path).resolve().parent) for row in rows}
    assert files <= synced and folders <= synced
    assert len(fsyncs) == len(files) + len(folders)  # each once
    assert _rows(sqlite_engine) == 3
    assert verify_evidence(sqlite_engine).ok


def test_a_failed_fsync_at_commit_fails_the_commit_and_stores_no_row(sqlite_engine, monkeypatch):
    def failing(fd):
        raise OSError(5, "I/O error")

    with pytest.raises(OSError), write_session(sqlite_engine) as session:
        fsync_at_commit(session)
        with session.begin_nested():
            store_evidence(session, b"page that never reaches the disk", "page", "text/html+gzip", T0)
        monkeypatch.setattr(os, "fsync", failing)
    monkeypatch.undo()
    assert _rows(sqlite_engine) == 0  # the file may stay as an orphan, never a row without its file
    report = verify_evidence(sqlite_engine)
    assert [p.problem for p in report.problems] == ["orphan"]


def test_an_unmarked_session_still_fsyncs_each_file_as_it_is_written(sqlite_engine, fsyncs):
    with write_session(sqlite_engine) as session:
        row = store_evidence(session, b"a photo", "photo", "image/jpeg", T0)
        assert len(fsyncs) == 1 and ".tmp-" in fsyncs[0]  # the temporary file, before the rename
        assert row.path
    assert len(fsyncs) == 1
    assert _rows(sqlite_engine) == 1
