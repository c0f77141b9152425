"""`parkwatch db backup` / `db restore`: a backup taken while a writer writes restores complete and verified.

On SQLite (the online backup API) and on a real PostgreSQL (pg_dump of an exported snapshot); evidence in
the local folder or in an S3-compatible bucket (moto's S3 server).
"""

from __future__ import annotations

import io
import os
import tarfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from typer.testing import CliRunner

from benchmarks.backup import write_observation
from parkwatch.cli import app
from parkwatch.settings import reset_settings_cache
from parkwatch.store.audit_chain import verify_chain
from parkwatch.store.backup import BackupError, backup, restore
from parkwatch.store.db.engine import get_engine, write_session
from parkwatch.store.db.models import Observation
from parkwatch.store.enforcement import audit
from parkwatch.store.evidence import store_evidence

NOW = datetime(2026, 11, 29, 9, 0)
pytest_plugins = ("tests.tasks.s3",)  # the fixture evidence_bucket: evidence kept in moto's S3 server


class Writer(threading.Thread):
    """Commits one observation with its page snapshot and an audit event per transaction, until stopped."""

    def __init__(self, engine: sa.Engine) -> None:
        super().__init__(daemon=True)
        self.engine = engine
        self.committed: list[int] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        n = 0
        try:
            while not self.stop.is_set():
                n += 1
                at = NOW + timedelta(seconds=n)
                obs_id = write_observation(self.engine, n, at, label="停车场", actor="crawler")
                self.committed.append(obs_id)
        except BaseException as exc:  # the test fails on it
            self.error = exc

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while len(self.committed) < count and time.monotonic() < deadline and self.error is None:
            time.sleep(0.01)
        assert self.error is None and len(self.committed) >= count


def _observation_ids(url: str) -> set[int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(select(Observation.id)))
    finally:
        engine.dispose()


@pytest.fixture
def restore_url(db_url: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Where a restore goes: None on SQLite (the --to folder), a second empty database on PostgreSQL."""
    if db_url.startswith("sqlite"):
        yield None
        return
    admin = sa.create_engine(request.getfixturevalue("postgres_server_url"), isolation_level="AUTOCOMMIT")
    name = f"restore_{os.getpid()}_{time.monotonic_ns()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield db_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize("name", ["backup.tar.gz", "backup-folder"])
def test_a_backup_during_writes_restores_every_committed_row_file_and_an_intact_chain(
    engine, tmp_path: Path, restore_url: str | None, name: str
) -> None:
    writer = Writer(engine)
    writer.start()
    try:
        writer.wait_for(15)
        before = set(writer.committed)
        report = backup(tmp_path / name, now=datetime.now(UTC))
        after = set(writer.committed)
        writer.wait_for(len(after) + 5)  # the writer really was still writing
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    assert report.ok, report.problems
    assert report.snapshot.chain.ok and report.files == len(report.snapshot.files) >= 15

    restored = restore(tmp_path / name, to=tmp_path / "restored", url=restore_url)
    assert restored.ok, restored.problems
    url = restored.database_url
    ids = _observation_ids(url)
    assert before <= ids <= after  # every row committed before the backup, nothing half-written
    assert restored.snapshot.rows["observations"] == len(ids)
    assert restored.snapshot.rows["audit_events"] == len(ids) == restored.snapshot.chain.events
    assert restored.files == len(restored.snapshot.files) == report.files
    for rel in restored.snapshot.files:
        assert (tmp_path / "restored" / "evidence" / rel).is_file()
    assert verify_chain(sa.create_engine(url)).ok
    assert oct((tmp_path / "restored" / "evidence" / "originals").stat().st_mode & 0o777) == "0o700"


def test_backup_and_restore_commands_and_the_restored_copy_passes_evidence_verify(
    sqlite_engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with write_session(sqlite_engine) as s:
        store_evidence(s, b"a board photo", "photo", "image/jpeg", NOW, public_bytes=b"public copy")
        audit(s, actor="甲", action="evidence.add", entity="evidence", entity_id="x", before=None, after=None, now=NOW)
    runner = CliRunner()
    done = runner.invoke(app, ["db", "backup", str(tmp_path / "b.tar")])
    assert done.exit_code == 0, done.output
    assert "backup written" in done.output and "audit chain tip: #1" in done.output
    assert oct((tmp_path / "b.tar").stat().st_mode & 0o777) == "0o600"  # it holds the originals
    again = runner.invoke(app, ["db", "backup", str(tmp_path / "b.tar")])
    assert again.exit_code == 2 and "not overwritten" in again.output

    back = runner.invoke(app, ["db", "restore", str(tmp_path / "b.tar"), "--to", str(tmp_path / "r")])
    assert back.exit_code == 0, back.output
    assert "校验通过" in back.output and "2 个证据文件" in back.output
    monkeypatch.setenv("PARKWATCH_DB_URL", f"sqlite:///{tmp_path / 'r' / 'parkwatch.db'}")
    monkeypatch.setenv("PARKWATCH_EVIDENCE_DIR", str(tmp_path / "r" / "evidence"))
    reset_settings_cache()
    get_engine.cache_clear()
    verified = runner.invoke(app, ["evidence", "verify"])
    assert verified.exit_code == 0, verified.output
    assert "全部完好" in verified.output
    into_used = runner.invoke(app, ["db", "restore", str(tmp_path / "b.tar"), "--to", str(tmp_path / "r")])
    assert into_used.exit_code == 2 and "not empty" in into_used.output


def test_a_restore_without_to_fills_the_configured_places_and_never_overwrites(
    sqlite_engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with write_session(sqlite_engine) as s:
        store_evidence(s, b"a page snapshot", "page", "text/html", NOW)
    backup(tmp_path / "b.tgz", now=NOW)
    monkeypatch.setenv("PARKWATCH_DATA_DIR", str(tmp_path / "new-data"))
    monkeypatch.delenv("PARKWATCH_DB_URL", raising=False)
    reset_settings_cache()
    report = restore(tmp_path / "b.tgz")
    assert report.ok, report.problems
    assert (tmp_path / "new-data" / "parkwatch.db").is_file() and report.files == 1
    assert report.evidence_dir == tmp_path / "new-data" / "evidence"
    with pytest.raises(BackupError, match="exists"):
        restore(tmp_path / "b.tgz")


def test_a_damaged_backup_restores_nothing(sqlite_engine, tmp_path: Path) -> None:
    with write_session(sqlite_engine) as s:
        row = store_evidence(s, b"a page snapshot", "page", "text/html", NOW)
    backup(tmp_path / "folder", now=NOW)
    (tmp_path / "folder" / "evidence" / row.path).write_bytes(b"tampered")
    with pytest.raises(BackupError, match="damaged"):
        restore(tmp_path / "folder", to=tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_an_archive_with_a_path_leaving_its_folder_is_refused(sqlite_engine, tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    with pytest.raises(BackupError, match="cannot read"):
        restore(archive, to=tmp_path / "deep" / "r")
    assert not (tmp_path / "deep" / "escaped.txt").exists() and not (tmp_path / "escaped.txt").exists()


def test_a_backup_reads_the_evidence_from_the_bucket_and_restores_it_into_a_folder(
    sqlite_engine, evidence_bucket, tmp_path: Path
) -> None:
    import json

    bucket = evidence_bucket
    with write_session(sqlite_engine) as s:
        photo = store_evidence(s, b"a board photo", "photo", "image/jpeg", NOW, public_bytes=b"public copy")
        page = store_evidence(s, b"<html>a page</html>", "page", "text/html", NOW)
        stored = {photo.path: b"a board photo", photo.public_path: b"public copy", page.path: b"<html>a page</html>"}
    assert not (tmp_path / "data" / "evidence").exists()  # nothing in the local folder: all in the bucket
    runner = CliRunner()
    done = runner.invoke(app, ["db", "backup", str(tmp_path / "b.tar"), "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert (report["files"], report["evidence_from"]) == (3, f"s3://{bucket.bucket}/yueyang")

    restored = restore(tmp_path / "b.tar", to=tmp_path / "r")
    assert restored.ok, restored.problems
    assert {rel: (tmp_path / "r" / "evidence" / rel).read_bytes() for rel in stored} == stored

    # what the bucket lost or had changed is named, as for the folder
    bucket.put(photo.path, b"changed afterwards")
    bucket.delete(page.path)
    damaged = runner.invoke(app, ["db", "backup", str(tmp_path / "c.tar"), "--json"])
    assert damaged.exit_code == 1, damaged.output
    assert set(json.loads(damaged.output)["problems"]) == {
        f"证据文件已被改动 / evidence file changed: {photo.path}",
        f"证据文件缺失 / evidence file missing: {page.path}",
    }
