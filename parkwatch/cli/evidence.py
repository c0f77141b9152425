"""`parkwatch evidence verify [--json]` and `parkwatch evidence purge [--dry-run]`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from parkwatch.settings import get_settings
from parkwatch.store.evidence import purge_evidence, verify_evidence

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


@app.command("verify")
def verify_command(as_json: bool = typer.Option(False, "--json", help="输出 JSON print the report as JSON")) -> None:
    """校验每个证据文件的 sha256 — recheck every stored file; exit 1 if any changed, vanished or is unrecorded."""
    report = verify_evidence()
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        typer.echo(
            f"证据记录 {report.rows} 条，校验文件 {report.checked} 个，已按期清理原件 {report.purged} 条 "
            f"(rows {report.rows}, files checked {report.checked}, purged {report.purged})"
        )
        for problem in report.problems:
            typer.echo(f"问题 / problem: {problem.message_zh()} [{problem.which} {problem.problem}]")
        typer.echo(
            "全部完好 / all files intact" if report.ok else f"发现 {len(report.problems)} 个问题 / problems found"
        )
    if not report.ok:
        raise typer.Exit(code=1)


@app.command("purge")
def purge_command(
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出不删除 list what would be deleted, delete nothing"),
    retention_days: int | None = typer.Option(
        None, "--retention-days", help="保存天数 override PARKWATCH_EVIDENCE_RETENTION_DAYS for this run"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON print the report as JSON"),
) -> None:
    """删除超过保存期的原始照片（保留公开副本）— delete originals past retention; each deletion is audited."""
    days = get_settings().evidence_retention_days if retention_days is None else retention_days
    report = purge_evidence(None, datetime.now(UTC).replace(tzinfo=None), days, dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        verb = "将清理 / would purge" if dry_run else "已清理 / purged"
        typer.echo(f"{verb} {len(report.purged)} 个原件（保存期 {days} 天，截止 {report.cutoff:%Y-%m-%d}）")
        for sha in report.purged:
            typer.echo(f"  {sha}")
        for sha in report.failed:
            typer.echo(f"删除失败 / could not delete: {sha}")
    if report.failed:
        raise typer.Exit(code=1)
