"""Evidence storage behind one interface: the local folder, and an S3-compatible bucket served over
real HTTP by moto's server (a separate process), with the same contract; a photo staged in the bucket
for a worker."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parkwatch.settings import reset_settings_cache
from parkwatch.store.evidence_storage import LocalFolder, S3Bucket, evidence_storage, staging_key, storage_for
from tests.tasks.conftest import NOW, PHOTO

BUCKET = "parkwatch-evidence"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3-compatible HTTP server on a free port, in its own process."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> S3Bucket:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "parkwatch-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "parkwatch-test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    store = storage_for(f"s3://{BUCKET}/yueyang", Path("unused"), s3_endpoint)
    assert isinstance(store, S3Bucket)
    existing = {b["Name"] for b in store.client.list_buckets()["Buckets"]}
    if BUCKET not in existing:
        store.client.create_bucket(Bucket=BUCKET)
    for key in list(store.keys("")):
        store.delete(key)
    return store


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
def test_a_photo_staged_in_the_bucket_is_read_stored_and_unstaged(
    bucket: S3Bucket, s3_endpoint: str, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import sqlalchemy as sa

    from parkwatch.store.db import models as m
    from parkwatch.store.db.engine import read_session, write_session
    from parkwatch.tasks.app import submit_photo_read
    from tests.realparts import require_real_part

    require_real_part(shutil.which("tesseract") is not None, "tesseract")
    monkeypatch.setenv("PARKWATCH_EVIDENCE_URL", f"s3://{BUCKET}/yueyang")
    monkeypatch.setenv("PARKWATCH_S3_ENDPOINT", s3_endpoint)
    reset_settings_cache()
    with write_session(engine) as session:
        session.add(m.Lot(id=5, name="桶停车场", created_at=NOW, updated_at=NOW))
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


def test_evidence_kept_in_the_bucket_is_stored_read_verified_and_purged(
    bucket: S3Bucket, s3_endpoint: str, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from parkwatch.store.db.engine import write_session
    from parkwatch.store.evidence import purge_evidence, read_original, read_public, store_evidence, verify_evidence

    monkeypatch.setenv("PARKWATCH_EVIDENCE_URL", f"s3://{BUCKET}/yueyang")
    monkeypatch.setenv("PARKWATCH_S3_ENDPOINT", s3_endpoint)
    reset_settings_cache()
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
