"""Evidence storage behind one interface: the local folder, and an S3-compatible bucket served over
real HTTP by moto's server (a separate process), with the same contract; a photo staged in the bucket
for a worker; the bot's sweep of photos staged and never read."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import parkwatch.tasks.app  # noqa: F401  # this process's app, made before a test sets a broker: it stays in-process
from parkwatch.settings import reset_settings_cache
from parkwatch.store.evidence_storage import (
    LocalFolder,
    S3Bucket,
    evidence_storage,
    staging_key,
    storage_for,
    sweep_staging,
)
from tests.rows import lot_row
from tests.tasks.conftest import NOW, PHOTO

pytest_plugins = ("tests.tasks.s3",)  # the fixtures bucket (an empty one in moto's S3 server) and evidence_bucket


@pytest.fixture(params=["folder", "bucket"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "folder":
        return LocalFolder(tmp_path / "evidence")
    return request.getfixturevalue("bucket")


def test_every_store_keeps_bytes_by_key_and_lists_them(storage: Any) -> None:
    assert not storage.exists("originals/ab/abc")
    storage.put("originals/ab/abc", b"photo bytes")
    storage.put("public/ab/abc-def.jpg", b"public copy")
    storage.put("originals/ab/abc", b"photo bytes")  # again: the same object, whole
    assert storage.get("originals/ab/abc") == b"photo bytes"
    assert storage.exists("originals/ab/abc")
    assert list(storage.keys("originals")) == ["originals/ab/abc"]
    assert sorted(storage.keys("")) == ["originals/ab/abc", "public/ab/abc-def.jpg"]
    storage.delete("originals/ab/abc")
    storage.delete("originals/ab/abc")  # deleting what is gone is no error
    assert not storage.exists("originals/ab/abc")
    with pytest.raises(FileNotFoundError):
        storage.get("originals/ab/abc")


@pytest.mark.parametrize("key", ["", "/etc/passwd", "../outside", "originals/../../x", "a//b"])
def test_a_key_that_could_leave_the_store_is_refused(storage: Any, key: str) -> None:
    with pytest.raises(ValueError):
        storage.put(key, b"x")


def test_the_folder_keeps_originals_owner_only(tmp_path: Path) -> None:
    LocalFolder(tmp_path).put("staging/abc", b"x")
    assert (tmp_path / "staging" / "abc").stat().st_mode & 0o777 == 0o600


def test_the_setting_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(evidence_storage(), LocalFolder)
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        storage_for("ftp://somewhere", tmp_path)


@pytest.mark.tesseract
def test_a_photo_staged_in_the_bucket_is_read_stored_and_unstaged(evidence_bucket: S3Bucket, engine: Any) -> None:
    import shutil

    import sqlalchemy as sa

    from parkwatch.store.db import models as m
    from parkwatch.store.db.engine import read_session, write_session
    from parkwatch.tasks.app import submit_photo_read
    from tests.realparts import require_real_part

    require_real_part(shutil.which("tesseract") is not None, "tesseract")
    bucket = evidence_bucket
    with write_session(engine) as session:
        session.add(lot_row("桶停车场", NOW, id=5))
    data = PHOTO.read_bytes()
    answer = submit_photo_read(
        data, PHOTO.name, lot_id=5, actor="巡查员", captured_at=NOW, store=True, engine="tesseract"
    ).get()
    assert answer["ok"] and not answer["duplicate"]
    sha = answer["sha256"]
    assert not bucket.exists(staging_key(sha))  # read and stored: no longer staged
    assert bucket.get(f"originals/{sha[:2]}/{sha}") == data  # the evidence itself is in the bucket
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Observation)) == 1


def test_evidence_kept_in_the_bucket_is_stored_read_verified_and_purged(evidence_bucket: S3Bucket, engine: Any) -> None:
    from datetime import timedelta

    from parkwatch.store.db.engine import write_session
    from parkwatch.store.evidence import purge_evidence, read_original, read_public, store_evidence, verify_evidence

    bucket = evidence_bucket
    with write_session(engine) as session:
        row = store_evidence(session, b"original photo", "photo", "image/jpeg", NOW, public_bytes=b"blurred copy")
        original, public = row.path, row.public_path
    assert original is not None and public is not None
    assert bucket.get(original) == b"original photo" and bucket.get(public) == b"blurred copy"
    assert read_original(row) == b"original photo" and read_public(row) == b"blurred copy"
    assert verify_evidence(engine).ok
    bucket.put(original, b"changed afterwards")
    bucket.put("originals/zz/stray", b"no row")
    problems = {(p.which, p.problem) for p in verify_evidence(engine).problems}
    assert problems == {("original", "changed"), ("orphan", "orphan")}
    report = purge_evidence(engine, NOW + timedelta(days=10), retention_days=1)
    assert report.purged == [row.sha256] and not report.failed
    assert not bucket.exists(original) and bucket.exists(public)  # the public copy stays


def test_the_sweep_deletes_only_staged_photos_written_before_the_cutoff(storage: Any) -> None:
    staged = [staging_key("a" * 64), staging_key("b" * 64)]
    for key in staged:
        storage.put(key, b"staged photo")
    storage.put("originals/ab/abc", b"evidence")
    written = dict(storage.entries("staging/"))
    now = datetime.now(UTC)
    assert set(written) == set(staged)
    assert all(abs(at - now) < timedelta(minutes=5) for at in written.values())  # the write time, in UTC
    assert sweep_staging(storage, before=now - timedelta(hours=1)) == []
    assert sorted(sweep_staging(storage, before=now + timedelta(minutes=5))) == staged
    assert list(storage.keys("")) == ["originals/ab/abc"]  # evidence is never swept


def _age(storage: LocalFolder, key: str, hours: float) -> None:
    then = (datetime.now(UTC) - timedelta(hours=hours)).timestamp()
    os.utime(storage.root / key, (then, then))


@pytest.mark.parametrize("queued", [False, True], ids=["in-process", "queued"])
def test_the_bot_sweeps_photos_staged_longer_than_the_setting_once_an_hour(
    queued: bool, sqlite_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parkwatch.cli.bot import make_bot
    from parkwatch.store.notify.config import load_config

    monkeypatch.setenv("PARKWATCH_STAGING_MAX_AGE_HOURS", "2")
    if queued:  # the scheduler that queues its crawls: the sweep is its own, no worker is asked
        monkeypatch.setenv("PARKWATCH_BROKER_URL", "redis://127.0.0.1:9/0")
    reset_settings_cache()
    bot = make_bot(load_config())
    assert (bot.deliver_due is not None) == queued
    bot.jobs = []  # the crawls are not what is tested here
    storage = evidence_storage()
    assert isinstance(storage, LocalFolder)
    abandoned, waiting = staging_key("a" * 64), staging_key("b" * 64)
    storage.put(abandoned, b"a photo whose page was closed")
    storage.put(waiting, b"a photo still queued")
    _age(storage, abandoned, 3)
    _age(storage, waiting, 1)
    now = datetime.now(UTC)
    assert bot.tick(now).swept == 1
    assert not storage.exists(abandoned) and storage.exists(waiting)
    _age(storage, waiting, 3)  # abandoned too, meanwhile: the next sweep is an hour after the last
    assert bot.tick(now + timedelta(minutes=30)).swept == 0 and storage.exists(waiting)
    assert bot.tick(now + timedelta(minutes=61)).swept == 1 and not storage.exists(waiting)
