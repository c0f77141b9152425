"""Where evidence bytes live, behind one small interface: a local folder (the default) or an S3 bucket.

`evidence_storage()` picks the store from the settings: `PARKWATCH_EVIDENCE_URL` empty is the local
folder `PARKWATCH_EVIDENCE_DIR` (one machine, or a folder every machine mounts); `s3://bucket/prefix`
is an S3-compatible bucket (several machines; `PARKWATCH_S3_ENDPOINT` names a MinIO/Ceph server,
credentials come the usual boto3 way: environment, `~/.aws`, an instance role).

Keys are the relative paths of `parkwatch.store.evidence` (`originals/ab/ab…`, `public/…`) and
`staging/<sha256>`: a photo handed to a worker before it is read (`parkwatch.tasks`), swept by the bot
when it has waited longer than `PARKWATCH_STAGING_MAX_AGE_HOURS`. Every key is written whole or not at
all: the folder writes a temporary file and renames it; S3's PUT is atomic.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from parkwatch.settings import get_settings


class EvidenceStorage(Protocol):
    """Bytes by key. `get` raises FileNotFoundError for a key that is not there."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def keys(self, prefix: str) -> Iterator[str]: ...

    def entries(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        """Each key under `prefix` with when it was last written (UTC)."""
        ...

    def describe(self) -> str: ...


def _checked(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not an evidence key: {key!r}")
    return key


class LocalFolder:
    """The evidence folder as today: owner-only files (0600) in owner-only folders (0700)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self, prefix: str) -> Iterator[str]:
        for key, _ in self.entries(prefix):
            yield key

    def entries(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        base = self.root / prefix.rstrip("/") if prefix else self.root
        if not base.is_dir():
            return
        for file in sorted(base.rglob("*")):
            if file.is_file() and not file.name.startswith(".tmp-"):
                written = datetime.fromtimestamp(file.stat().st_mtime, UTC)
                yield file.relative_to(self.root).as_posix(), written

    def describe(self) -> str:
        return str(self.root)


class S3Bucket:
    """An S3-compatible bucket (boto3). Objects are private; the prefix keeps one city's keys apart."""

    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None, client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if client is None:
            import boto3  # loaded only when a bucket is configured

            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client = client

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{_checked(key)}" if self.prefix else _checked(key)

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def get(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except self.client.exceptions.NoSuchKey as missing:
            raise FileNotFoundError(f"s3://{self.bucket}/{self._name(key)}") from missing
        body: bytes = answer["Body"].read()
        return body

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def keys(self, prefix: str) -> Iterator[str]:
        for key, _ in self.entries(prefix):
            yield key

    def entries(self, prefix: str) -> Iterator[tuple[str, datetime]]:
        # a prefix names a folder, as in the local folder: "staging" or "staging/" lists staging/…
        start = self._name(prefix.rstrip("/")) + "/" if prefix else (self.prefix + "/" if self.prefix else "")
        skip = len(self.prefix) + 1 if self.prefix else 0
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=start)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][skip:], item["LastModified"].astimezone(UTC)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def storage_for(url: str, folder: Path, endpoint_url: str = "") -> EvidenceStorage:
    """The store a URL names: "" → the folder; "s3://bucket/prefix" → the bucket."""
    if not url:
        return LocalFolder(folder)
    parsed = urlparse(url)
    if parsed.scheme != "s3" or not parsed.netloc:
        raise ValueError(f"PARKWATCH_EVIDENCE_URL “{url}” 应为 s3://bucket/prefix / must be s3://bucket/prefix")
    return S3Bucket(parsed.netloc, parsed.path, endpoint_url or None)


@lru_cache(maxsize=4)
def _cached(url: str, folder: str, endpoint_url: str) -> EvidenceStorage:
    return storage_for(url, Path(folder), endpoint_url)


def evidence_storage() -> EvidenceStorage:
    """The configured store (one per setting per process)."""
    settings = get_settings()
    return _cached(settings.evidence_url, str(settings.evidence_dir), settings.s3_endpoint_url)


STAGING = "staging/"


def staging_key(sha256: str) -> str:
    """Where a photo waits for a worker to read it."""
    return f"{STAGING}{sha256}"


def sweep_staging(storage: EvidenceStorage, *, before: datetime) -> list[str]:
    """Delete the photos staged before `before`: an upload page closed before its reading came back
    leaves its photo there (the worker or the page removes it otherwise). Returns the keys deleted."""
    swept = [key for key, written in storage.entries(STAGING) if written < before]
    for key in swept:
        storage.delete(key)
    return swept
