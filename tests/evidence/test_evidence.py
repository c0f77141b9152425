"""The evidence store: content-addressed, duplicates recognised, verified, purged with an audit trail."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from demo import hostile_samples as hs
from ocr.intake import PhotoRejected, intake_photo
from ocr.privacy import public_copy
from parkwatch.cli import app
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import AuditEvent, Evidence
from parkwatch.store.evidence import (
    evidence_root,
    purge_evidence,
    read_original,
    sha256_bytes,
    store_evidence,
    store_photo,
    verify_evidence,
)

T0 = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _take_in_and_store(session, data: bytes, filename: str):
    """What the OCR command and the upload page do: intake (refusals), then the store's photo write."""
    photo = intake_photo(data, filename)
    return photo, store_photo(session, data, photo.media_type, T0, lambda: public_copy(photo.image))


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _count(engine, model) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_same_bytes_stored_twice_are_one_row_and_one_file(engine):
    data = hs.jpeg_bytes()
    with write_session(engine) as session:
        first = store_evidence(session, data, "photo", "image/jpeg", T0, public_bytes=b"public-1")
        assert first.duplicate is False
    with write_session(engine) as session:
        second = store_evidence(session, data, "photo", "image/jpeg", T0 + timedelta(days=1), public_bytes=b"x")
        assert second.duplicate is True
        assert second.captured_at == T0  # the first capture stands
    assert _count(engine, Evidence) == 1
    root = evidence_root()
    assert len(_files(root / "originals")) == 1 and len(_files(root / "public")) == 1
    with read_session(engine) as session:
        row = session.get(Evidence, sha256_bytes(data))
        assert row.path == f"originals/{row.sha256[:2]}/{row.sha256}"
        assert read_original(row) == data
        assert row.size_bytes == len(data)


def test_originals_are_readable_by_their_owner_only(sqlite_engine):
    with write_session(sqlite_engine) as session:
        row = store_evidence(session, b"receipt bytes", "receipt", "image/jpeg", T0)
    original = evidence_root() / row.path
    assert stat.S_IMODE(original.stat().st_mode) == 0o600
    assert stat.S_IMODE((evidence_root() / "originals").stat().st_mode) == 0o700


def test_a_failed_transaction_leaves_no_row(sqlite_engine):
    with pytest.raises(RuntimeError), write_session(sqlite_engine) as session:
        store_evidence(session, b"some page", "page", "text/html", T0)
        raise RuntimeError("crash after storing")
    assert _count(sqlite_engine, Evidence) == 0
    # The written file is an orphan, and verify says so.
    report = verify_evidence(sqlite_engine)
    assert [p.problem for p in report.problems] == ["orphan"]


@pytest.mark.parametrize("sample", hs.refused_samples(), ids=lambda s: s.name)
def test_a_refused_photo_gives_its_message_and_stores_nothing(sqlite_engine, sample):
    with pytest.raises(PhotoRejected) as caught, write_session(sqlite_engine) as session:
        _take_in_and_store(session, sample.data, sample.filename)
    assert caught.value.code == sample.refused_code
    assert caught.value.message_zh and caught.value.message_en
    assert _count(sqlite_engine, Evidence) == 0
    assert _files(evidence_root()) == []


def test_an_accepted_photo_is_stored_with_a_stripped_public_copy_and_recognised_again(sqlite_engine):
    from PIL import Image

    data = hs.oriented_jpeg(6)
    with write_session(sqlite_engine) as session:
        photo, row = _take_in_and_store(session, data, "IMG_1.jpg")
        assert row.duplicate is False and row.media_type == "image/jpeg" and row.kind == "photo"
    public = evidence_root() / row.public_path
    with Image.open(public) as copy:
        assert copy.size == (32, 64)  # orientation applied
        assert not copy.getexif() and "comment" not in copy.info
    with write_session(sqlite_engine) as session:
        _, again = _take_in_and_store(session, data, "IMG_1 (copy).jpg")
        assert again.duplicate is True and again.sha256 == photo.sha256
    assert _count(sqlite_engine, Evidence) == 1


def test_verify_passes_on_intact_files_and_reports_a_tampered_and_a_vanished_file(engine):
    blobs = [b"photo one", b"photo two", b"photo three"]
    with write_session(engine) as session:
        rows = [store_evidence(session, b, "photo", "image/jpeg", T0, public_bytes=b + b"-public") for b in blobs]
    report = verify_evidence(engine)
    assert report.ok and report.rows == 3 and report.checked == 6
    root = evidence_root()
    (root / rows[0].path).write_bytes(b"photo one, retouched")
    (root / rows[1].path).unlink()
    (root / rows[2].public_path).write_bytes(b"swapped public copy")
    report = verify_evidence(engine)
    assert not report.ok
    found = {(p.sha256, p.which, p.problem) for p in report.problems}
    assert found == {
        (rows[0].sha256, "original", "changed"),
        (rows[1].sha256, "original", "missing"),
        (rows[2].sha256, "public", "changed"),
    }


def test_purge_deletes_only_originals_past_retention_keeps_public_copies_and_audits(engine):
    now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    with write_session(engine) as session:
        old = store_evidence(session, b"old photo", "photo", "image/jpeg", now - timedelta(days=400), b"old-pub")
        new = store_evidence(session, b"new photo", "photo", "image/jpeg", now - timedelta(days=10), b"new-pub")
    root = evidence_root()
    old_file, old_public = root / old.path, root / old.public_path

    dry = purge_evidence(engine, now, 365, dry_run=True)
    assert dry.purged == [old.sha256] and old_file.exists()
    assert _count(engine, AuditEvent) == 0

    report = purge_evidence(engine, now, 365)
    assert report.purged == [old.sha256] and report.failed == []
    assert not old_file.exists() and old_public.exists() and (root / new.path).exists()
    with read_session(engine) as session:
        purged = session.get(Evidence, old.sha256)
        assert purged.path is None and purged.purged_at == now
        assert session.get(Evidence, new.sha256).purged_at is None
        events = session.scalars(select(AuditEvent)).all()
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.entity, event.entity_id, event.actor) == (
        "evidence.purge",
        "evidence",
        old.sha256,
        "system",
    )
    assert event.before["path"] == old.path and event.after["path"] is None
    # A purged original is not a problem for verify; running purge again does nothing.
    assert verify_evidence(engine).ok
    assert purge_evidence(engine, now, 365).purged == []
    with read_session(engine) as session, pytest.raises(FileNotFoundError):
        read_original(session.get(Evidence, old.sha256))


def test_evidence_verify_command_exits_1_and_names_the_problem(sqlite_engine):
    with write_session(sqlite_engine) as session:
        row = store_evidence(session, b"page snapshot", "page", "text/html", T0)
    runner = CliRunner()
    ok = runner.invoke(app, ["evidence", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "全部完好" in ok.output
    os.remove(evidence_root() / row.path)
    bad = runner.invoke(app, ["evidence", "verify", "--json"])
    assert bad.exit_code == 1
    data = json.loads(bad.output)
    assert data["ok"] is False
    assert data["problems"][0]["problem"] == "missing" and data["problems"][0]["sha256"] == row.sha256


def test_evidence_purge_command_dry_run_deletes_nothing(sqlite_engine):
    with write_session(sqlite_engine) as session:
        row = store_evidence(session, b"ancient", "photo", "image/jpeg", datetime(2000, 1, 1, tzinfo=UTC))
    runner = CliRunner()
    dry = runner.invoke(app, ["evidence", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert row.sha256 in dry.output and (evidence_root() / row.path).exists()
    real = runner.invoke(app, ["evidence", "purge", "--json"])
    assert real.exit_code == 0, real.output
    assert json.loads(real.output)["purged"] == [row.sha256]
    assert not (evidence_root() / row.path).exists()


def test_two_writers_storing_the_same_bytes_at_once_both_succeed_with_one_row(engine):
    import threading

    data = b"the same photo from two inspectors"
    inserted = threading.Event()
    results: dict[str, object] = {}

    def first():
        with write_session(engine) as session:
            results["first"] = store_evidence(session, data, "photo", "image/jpeg", T0).duplicate
            inserted.set()
            threading.Event().wait(1.0)  # hold the transaction open while the second one tries

    def second():
        inserted.wait(10)
        try:
            with write_session(engine) as session:
                results["second"] = store_evidence(session, data, "photo", "image/jpeg", T0).duplicate
        except Exception as exc:
            results["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == {"first": False, "second": True}
    assert _count(engine, Evidence) == 1
