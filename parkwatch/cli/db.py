"""`parkwatch db upgrade|downgrade|backup|restore`: the schema through the Alembic migrations packaged with
parkwatch.store, and backups of the database with its evidence store (parkwatch.store.backup)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from parkwatch.store.backup import BackupReport, RestoreReport

Report = TypeVar("Report", "BackupReport", "RestoreReport")

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


def _migrate(upgrade: bool, revision: str) -> None:
    from alembic.util import CommandError

    from parkwatch.store.db import migrate

    try:
        (migrate.upgrade if upgrade else migrate.downgrade)(revision=revision)
    except CommandError as exc:  # an unknown revision is a bad argument, not a crash
        typer.echo(f"错误 error: {exc}", err=True)
        raise typer.Exit(2) from None


@app.command("upgrade")
def upgrade_command(revision: str = typer.Argument("head", help="目标版本 target revision")) -> None:
    """创建数据库或迁移到最新结构 — create or migrate the database to the newest schema."""
    from parkwatch.settings import get_settings

    _migrate(True, revision)
    typer.echo(f"database at {revision}: {get_settings().db_url}")


@app.command("downgrade")
def downgrade_command(revision: str = typer.Argument(..., help="目标版本 target revision, e.g. base")) -> None:
    """退回到较早的结构 — migrate the database back to an older schema."""
    _migrate(False, revision)
    typer.echo(f"database at {revision}")


@app.command("backup")
def backup_command(
    file: Path = typer.Argument(
        ..., help="备份到 .tar / .tar.gz 文件，其他名称为文件夹 a .tar/.tar.gz file, or a folder"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON print the report as JSON"),
) -> None:
    """在线备份数据库和证据文件 — back up the database and the evidence store while the system runs.

    SQLite: the online backup API; PostgreSQL: pg_dump of an exported snapshot (pg_dump on PATH).
    Evidence is read from the evidence storage: the folder, or the bucket of PARKWATCH_EVIDENCE_URL.
    退出状态 exit status: 0 备份完成 done; 1 备份已写出，但有证据文件缺失或被改动 written, but some
    evidence files are missing or changed (listed); 2 无法备份 cannot back up (FILE exists, no database).
    """
    from parkwatch.store.backup import backup

    def lines(report: BackupReport) -> list[str]:
        snapshot, tip = report.snapshot, report.snapshot.chain
        return [
            f"备份已写入 backup written: {report.path}（{snapshot.database}，{sum(snapshot.rows.values())} 行 rows，"
            f"{report.files} 个证据文件 evidence files，{report.bytes / 1e6:.1f} MB，{report.seconds:.1f} s）",
            f"证据读取自 evidence read from: {report.evidence_from}",
            f"审计链尾 audit chain tip: #{tip.tip_id} {tip.tip_hash}" if tip.events else "审计记录为空 no audit events",
        ]

    _report(lambda: backup(file, now=datetime.now(UTC)), as_json, lines)


@app.command("restore")
def restore_command(
    file: Path = typer.Argument(..., help="备份文件或文件夹 the backup (.tar / .tar.gz or folder)"),
    to: Path | None = typer.Option(
        None, "--to", help="恢复到新文件夹（数据库和 evidence/）restore into this new folder instead of the settings"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON print the report as JSON"),
) -> None:
    """从备份恢复并逐项校验 — restore a backup, then check rows, audit chain and every evidence file.

    Never overwrites: the database file and the evidence folder (or --to DIR) must not exist or be empty.
    A PostgreSQL backup goes into the (empty) database PARKWATCH_DB_URL names, through pg_restore.
    退出状态 exit status: 0 已恢复并校验 restored and verified; 1 已恢复，但校验发现问题 restored, but
    the check found problems (listed); 2 未恢复 nothing restored (damaged backup, target in use).
    """
    from parkwatch.store.backup import restore

    def lines(report: RestoreReport) -> list[str]:
        snapshot = report.snapshot
        return [
            f"已恢复 restored: {sum(snapshot.rows.values())} 行 rows，{report.files} 个证据文件 evidence files，"
            f"审计记录 {snapshot.chain.events} 条 audit events（{report.seconds:.1f} s）",
            f"PARKWATCH_DB_URL={report.to_json()['database_url']}",
            f"PARKWATCH_EVIDENCE_DIR={report.evidence_dir}",
        ]

    verified = "校验通过 / verified: rows, audit chain and evidence files match the backup"
    _report(lambda: restore(file, to=to), as_json, lines, verified)


def _report(
    run: Callable[[], Report], as_json: bool, lines: Callable[[Report], list[str]], verified: str | None = None
) -> None:
    """Run a backup or a restore and print its report (JSON, or `lines`, the problems and `verified` when
    it holds); exit 2 when it could not run, 1 when it ran and found problems."""
    from parkwatch.store.backup import BackupError

    try:
        report = run()
    except BackupError as exc:
        typer.echo(f"错误 error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        for line in lines(report):
            typer.echo(line)
        for problem in report.problems:
            typer.echo(f"问题 / problem: {problem}", err=True)
        if report.ok and verified:
            typer.echo(verified)
    if not report.ok:
        raise typer.Exit(1)
