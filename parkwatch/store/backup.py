"""Backups that restore: the database and the evidence store together, checked on the way back.

`backup(FILE)` takes the database while the system keeps running:

- SQLite: the online backup API copies the live database in one step, which is one read transaction:
  a consistent copy while writers go on (WAL mode: readers and writers do not block each other).
- PostgreSQL: `pg_dump --format=custom --snapshot=…` of a snapshot this process exports
  (`pg_export_snapshot()` in a REPEATABLE READ transaction), so the dump and the list of evidence
  files come from the same moment. `pg_dump` and `pg_restore` must be on PATH.

Then every evidence file the copy's rows name (originals and public copies) is added, read through the
evidence storage (`parkwatch.store.evidence_storage`: the local folder, or the bucket of
`PARKWATCH_EVIDENCE_URL`, one object at a time), its sha256 checked as it is read, and a
`manifest.json`: row counts per table, the Alembic revision, the audit chain's tip, each file's sha256.
Evidence files are content-addressed and written before their rows, so every row in the copy has its
file; files written after the copy (rows not in it) are left out. A restore places the evidence in a
folder, whichever store it was read from.

`FILE` ending in `.tar`, `.tar.gz` or `.tgz` is an archive, any other name a folder. Either is written
under a temporary name and renamed at the end: a crash never leaves half a backup under the final name.

`restore(FILE, to=DIR)` refuses to overwrite an existing database or a non-empty folder, unpacks (tar's
"data" filter: no absolute paths, no links leaving the folder, no device files), checks every file
against the manifest before placing anything, places the evidence folder and the database, then opens
the restored database and checks it: SQLite's integrity_check, the manifest's row counts, the audit
chain and its tip, and that every evidence row has its file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from parkwatch.settings import get_settings
from parkwatch.store.audit_chain import ChainReport, walk_chain
from parkwatch.store.db.engine import is_sqlite
from parkwatch.store.db.models import Evidence, table_of
from parkwatch.store.evidence import sha256_file
from parkwatch.store.evidence_storage import EvidenceStorage, LocalFolder, evidence_storage
from parkwatch.store.problems import ProblemReport

FORMAT = 1
ARCHIVE_ROOT = "parkwatch-backup"  # the one folder inside an archive
SQLITE_FILE = "parkwatch.db"
PG_FILE = "parkwatch.pgdump"
MANIFEST = "manifest.json"
EVIDENCE = "evidence"
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why (Chinese / English)."""


@dataclass
class Snapshot:
    """What a database (the backed-up copy, or the restored one) holds."""

    database: str  # sqlite / postgresql
    revision: str | None
    rows: dict[str, int]
    files: dict[str, str]  # evidence file (relative to the evidence folder) -> its expected sha256
    chain: ChainReport

    def to_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "alembic_revision": self.revision,
            "rows": self.rows,
            "evidence_files": len(self.files),
            "audit_chain": self.chain.to_json(),
        }


@dataclass
class BackupReport(ProblemReport):
    path: Path
    snapshot: Snapshot
    evidence_from: str = ""  # the evidence storage read: a folder, or s3://bucket/prefix
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # evidence files missing or changed in the live store

    def details(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "evidence_from": self.evidence_from,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "problems": self.problems,
            "snapshot": self.snapshot.to_json(),
        }


@dataclass
class RestoreReport(ProblemReport):
    database_url: str
    evidence_dir: Path
    snapshot: Snapshot
    files: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def details(self) -> dict[str, Any]:
        return {
            "database_url": make_url(self.database_url).render_as_string(hide_password=True),
            "evidence_dir": str(self.evidence_dir),
            "files": self.files,
            "seconds": round(self.seconds, 3),
            "problems": self.problems,
            "restored": self.snapshot.to_json(),
        }


def is_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)


def describe(connection: sa.Connection) -> Snapshot:
    """Row counts, revision, evidence files and audit chain of the database behind `connection`."""
    tables = sorted(sa.inspect(connection).get_table_names())
    rows = {name: int(connection.execute(sa.text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()) for name in tables}
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    evidence = table_of(Evidence)
    files: dict[str, str] = {}
    for sha, path, public_path in connection.execute(
        sa.select(evidence.c.sha256, evidence.c.path, evidence.c.public_path).order_by(evidence.c.sha256)
    ):
        if path:
            files[path] = sha
        if public_path:  # the public copy's own sha256 is the last part of its name
            files[public_path] = Path(public_path).stem.rsplit("-", 1)[-1]
    return Snapshot(connection.dialect.name, revision, rows, files, walk_chain(connection))


# ---------------------------------------------------------------------------------------------
# Backup
# ---------------------------------------------------------------------------------------------


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"不是数据库文件 / not a database file: {url}")
    return Path(database)


def _sqlite_snapshot(url: str, dest: Path) -> Snapshot:
    source_path = _sqlite_path(url)
    if not source_path.is_file():
        raise BackupError(f"数据库不存在 / no database at {source_path}")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(dest)
    try:
        source.backup(copy)  # pages=-1: one step, one read transaction, a consistent copy
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()
    engine = sa.create_engine(f"sqlite:///{dest}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return describe(conn)
    finally:
        engine.dispose()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump/pg_restore take it, and an environment carrying the password (not argv)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"找不到 {command[0]}（PostgreSQL 客户端）/ {command[0]} not on PATH")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{command[0]} 失败 / failed ({done.returncode}): {done.stderr.strip()[-2000:]}")


def _pg_snapshot(url: str, dest: Path) -> Snapshot:
    libpq, env = _libpq(url)
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            snapshot_id = conn.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
            snapshot = describe(conn)
            # the transaction stays open until pg_dump has imported its snapshot and finished
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={dest}", libpq], env)
            return snapshot
    finally:
        engine.dispose()


class _Sink:
    """Where a backup is written: a tar archive or a folder, under a temporary name until `commit`."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.partial = final.with_name(f".{final.name}.partial")
        self.tar: tarfile.TarFile | None = None
        # owner-only, as the evidence store keeps the originals a backup holds
        if final.name.endswith(".tar"):
            self.tar = tarfile.open(self.partial, "w")  # noqa: SIM115 - closed in commit/abort
        elif is_archive(final):
            self.tar = tarfile.open(self.partial, "w:gz")  # noqa: SIM115 - closed in commit/abort
        else:
            self.partial.mkdir(mode=0o700)
        os.chmod(self.partial, 0o600 if self.tar is not None else 0o700)

    def add(self, source: Path, name: str) -> None:
        if self.tar is not None:
            self.tar.add(source, arcname=f"{ARCHIVE_ROOT}/{name}", recursive=False)
        else:
            target = self.partial / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copy2(source, target)

    def commit(self) -> None:
        if self.tar is not None:
            self.tar.close()
            with self.partial.open("rb") as handle:
                os.fsync(handle.fileno())
        os.replace(self.partial, self.final)

    def abort(self) -> None:
        if self.tar is not None:
            self.tar.close()
            self.partial.unlink(missing_ok=True)
        else:
            shutil.rmtree(self.partial, ignore_errors=True)


def _evidence_file(storage: EvidenceStorage, rel: str, work: Path) -> Path | None:
    """The file to copy into the backup: the local folder's own file, or the bucket's object downloaded
    into `work` (one at a time, owner-only: originals are personal data); None when it is not there."""
    if isinstance(storage, LocalFolder):
        path = storage.root / rel
        return path if path.is_file() else None
    try:
        data = storage.get(rel)
    except FileNotFoundError:
        return None
    path = work / "evidence.download"
    path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        handle.write(data)
    return path


def _add_evidence(
    sink: _Sink, storage: EvidenceStorage, work: Path, snapshot: Snapshot, report: BackupReport
) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for rel, expected in sorted(snapshot.files.items()):
        source = _evidence_file(storage, rel, work)
        if source is None:
            report.problems.append(f"证据文件缺失 / evidence file missing: {rel}")
            continue
        actual = sha256_file(source)
        if actual != expected:
            report.problems.append(f"证据文件已被改动 / evidence file changed: {rel}")
        sink.add(source, f"{EVIDENCE}/{rel}")
        size = source.stat().st_size
        files[rel] = {"sha256": actual, "size": size}
        report.files += 1
        report.bytes += size
    return files


def _manifest(snapshot: Snapshot, db_file: Path, files: dict[str, dict[str, Any]], now: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "database": snapshot.database,
        "database_file": db_file.name,
        "database_sha256": sha256_file(db_file),
        "alembic_revision": snapshot.revision,
        "rows": snapshot.rows,
        "audit_chain": snapshot.chain.to_json() | {"problems": len(snapshot.chain.problems)},
        "evidence_files": files,
    }


def backup(
    target: Path,
    *,
    now: datetime,
    url: str | None = None,
    evidence_dir: Path | None = None,
    storage: EvidenceStorage | None = None,
) -> BackupReport:
    """Write a backup of the database and its evidence files to `target` (an archive or a folder). The
    evidence is read from `evidence_dir` (a folder), `storage`, or else the configured evidence storage."""
    settings = get_settings()
    url = url or settings.db_url
    if storage is None:
        storage = LocalFolder(Path(evidence_dir)) if evidence_dir is not None else evidence_storage()
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} 已存在，不覆盖 / already exists, not overwritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".parkwatch-backup-") as work:
        if is_sqlite(url):
            db_file = Path(work) / SQLITE_FILE
            snapshot = _sqlite_snapshot(url, db_file)
        else:
            db_file = Path(work) / PG_FILE
            snapshot = _pg_snapshot(url, db_file)
        report = BackupReport(path=target, snapshot=snapshot, evidence_from=storage.describe())
        sink = _Sink(target)
        try:
            files = _add_evidence(sink, storage, Path(work), snapshot, report)
            sink.add(db_file, db_file.name)
            report.bytes += db_file.stat().st_size
            manifest = Path(work) / MANIFEST
            manifest.write_text(json.dumps(_manifest(snapshot, db_file, files, now), ensure_ascii=False, indent=1))
            sink.add(manifest, MANIFEST)
            sink.commit()
        except BaseException:
            sink.abort()
            raise
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------------
# Restore
# ---------------------------------------------------------------------------------------------


def _empty_or_absent(folder: Path) -> bool:
    return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))


def _unpack(source: Path, staging: Path) -> Path:
    """The folder holding manifest.json: the backup folder itself, or the archive unpacked in `staging`."""
    if source.is_dir():
        return source
    if not source.is_file():
        raise BackupError(f"备份不存在 / no backup at {source}")
    try:
        with tarfile.open(source) as tar:
            tar.extractall(staging, filter="data")  # refuses absolute paths, links out, devices
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份 / cannot read the backup: {exc}") from exc
    folder = staging / ARCHIVE_ROOT
    if not (folder / MANIFEST).is_file():
        raise BackupError(f"备份中没有 {MANIFEST} / not a parkwatch backup: {source}")
    return folder


def _read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"备份清单无法读取 / unreadable manifest: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"未知的备份格式 / unknown backup format {manifest.get('format')!r}")
    return manifest


def _check_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Every file of the backup against the manifest, before anything is placed."""
    problems = []
    database = folder / manifest["database_file"]
    if not database.is_file() or sha256_file(database) != manifest["database_sha256"]:
        problems.append(f"数据库文件缺失或已损坏 / database file missing or damaged: {database.name}")
    for rel, entry in manifest["evidence_files"].items():
        file = folder / EVIDENCE / rel
        if not file.is_file() or sha256_file(file) != entry["sha256"]:
            problems.append(f"证据文件缺失或已损坏 / evidence file missing or damaged: {rel}")
    return problems


def _targets(manifest: dict[str, Any], to: Path | None, url: str | None, evidence_dir: Path | None) -> tuple[str, Path]:
    """(database URL, evidence folder) to restore into, refusing anything already in use."""
    settings = get_settings()
    sqlite_backup = manifest["database"] == "sqlite"
    if to is not None:
        if not _empty_or_absent(to):
            raise BackupError(f"目标文件夹不是空的 / {to} is not empty")
        evidence = to / EVIDENCE
        target_url = f"sqlite:///{to.resolve() / SQLITE_FILE}" if sqlite_backup else (url or settings.db_url)
    else:
        evidence = Path(evidence_dir or settings.evidence_dir)
        target_url = url or settings.db_url
    if sqlite_backup != is_sqlite(target_url):
        raise BackupError(f"备份是 {manifest['database']} 数据库，目标不是 / the backup is {manifest['database']}")
    if sqlite_backup and _sqlite_path(target_url).exists():
        raise BackupError(f"数据库已存在，不覆盖 / a database exists at {_sqlite_path(target_url)}")
    if not _empty_or_absent(evidence):
        raise BackupError(f"证据文件夹不是空的 / {evidence} is not empty")
    return target_url, evidence


def _place(folder: Path, manifest: dict[str, Any], target_url: str, evidence: Path, *, move: bool) -> None:
    """Put the evidence folder and the database in place (`move` from an unpacked archive, else copy)."""
    transfer = shutil.move if move else shutil.copy2
    evidence.parent.mkdir(parents=True, exist_ok=True)
    if evidence.exists():
        evidence.rmdir()  # empty, checked before
    if (folder / EVIDENCE).is_dir():
        if move:
            shutil.move(folder / EVIDENCE, evidence)
        else:
            shutil.copytree(folder / EVIDENCE, evidence)
    else:
        evidence.mkdir()
    originals = evidence / "originals"
    for path in [originals, *originals.rglob("*")] if originals.is_dir() else []:
        if path.is_dir():
            os.chmod(path, 0o700)  # originals stay owner-only, as the evidence store keeps them
    database = folder / manifest["database_file"]
    if manifest["database"] == "sqlite":
        target = _sqlite_path(target_url)
        target.parent.mkdir(parents=True, exist_ok=True)
        transfer(database, target)
        return
    engine = sa.create_engine(target_url, poolclass=NullPool)
    try:
        if sa.inspect(engine).get_table_names():
            raise BackupError("目标数据库不是空的 / the target PostgreSQL database is not empty")
    finally:
        engine.dispose()
    libpq, env = _libpq(target_url)
    _run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={libpq}", str(database)], env
    )


def _check_restored(target_url: str, evidence: Path, manifest: dict[str, Any]) -> RestoreReport:
    """Open the restored database and hold it against the manifest: rows, audit chain, evidence files."""
    problems: list[str] = []
    engine = sa.create_engine(target_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if manifest["database"] == "sqlite":
                integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                if integrity != "ok":
                    problems.append(f"SQLite integrity_check: {integrity}")
            restored = describe(conn)
    finally:
        engine.dispose()
    report = RestoreReport(target_url, evidence, restored, problems=problems)
    if restored.rows != manifest["rows"]:
        problems.append(f"行数与备份清单不符 / row counts differ from the manifest: {restored.rows}")
    chain, tip = restored.chain, manifest["audit_chain"]
    if not chain.ok or (chain.tip_id, chain.tip_hash) != (tip["tip_id"], tip["tip_hash"]):
        first = f", first broken link #{chain.first_broken.event_id}" if chain.first_broken else ""
        problems.append(f"审计链不完整 / audit chain not intact (tip #{chain.tip_id}{first})")
    for rel, expected in sorted(restored.files.items()):
        file = evidence / rel
        if not file.is_file() or manifest["evidence_files"].get(rel, {}).get("sha256") != expected:
            problems.append(f"证据文件缺失或不符 / evidence file missing or wrong: {rel}")
        else:
            report.files += 1
    return report


def restore(
    source: Path, *, to: Path | None = None, url: str | None = None, evidence_dir: Path | None = None
) -> RestoreReport:
    """Restore a backup into `to` (a new folder) or the configured database and evidence folder; check it."""
    started = time.perf_counter()
    source = Path(source)
    parent = to.parent if to is not None else Path(evidence_dir or get_settings().evidence_dir).parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=parent, prefix=".parkwatch-restore-") as staging:
        folder = _unpack(source, Path(staging))
        manifest = _read_manifest(folder)
        target_url, evidence = _targets(manifest, to, url, evidence_dir)
        problems = _check_files(folder, manifest)
        if problems:
            lines = "\n".join(problems[:50])
            raise BackupError(f"备份已损坏，未恢复任何内容 / the backup is damaged, nothing restored:\n{lines}")
        if to is not None:
            to.mkdir(parents=True, exist_ok=True)
        _place(folder, manifest, target_url, evidence, move=not source.is_dir())
    report = _check_restored(target_url, evidence, manifest)
    report.seconds = time.perf_counter() - started
    return report
