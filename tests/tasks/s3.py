"""Fixtures for tests that need an S3-compatible bucket: moto's S3 server over real HTTP (a separate
process), an empty bucket in it, and that bucket set as where evidence is kept. A test module uses them
with `pytest_plugins = ("tests.tasks.s3",)`."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from parkwatch.settings import reset_settings_cache
from parkwatch.store.evidence_storage import S3Bucket, storage_for

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


@pytest.fixture
def evidence_bucket(bucket: S3Bucket, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> S3Bucket:
    """The empty bucket, set (PARKWATCH_EVIDENCE_URL, PARKWATCH_S3_ENDPOINT) as where evidence is kept."""
    monkeypatch.setenv("PARKWATCH_EVIDENCE_URL", f"s3://{bucket.bucket}/yueyang")
    monkeypatch.setenv("PARKWATCH_S3_ENDPOINT", s3_endpoint)
    reset_settings_cache()
    return bucket
