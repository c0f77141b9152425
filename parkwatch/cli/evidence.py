"""`parkwatch evidence verify [--json]` (evidence files and the audit trail's hash chain) and
`parkwatch evidence purge [--dry-run]`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from parkwatch.settings import get_settings
from parkwatch.store.audit_chain import ChainReport, verify_chain
from parkwatch.store.evidence import purge_evidence, verify_evidence

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


def _echo_chain(chain: ChainReport) -> None:
    state = "完好 intact" if chain.ok else f"断开 broken ({len(chain.problems)})"
    typer.echo(f"审计记录 {chain.events} 条，哈希链{state} (audit events {chain.events})")
    if chain.first_broken is not None:
        typer.echo(
            f"第一处断开 / first broken link: #{chain.first_broken.event_id} — {chain.first_broken.message_zh()}"
        )
        for problem in chain.problems[1:20]:
            typer.echo(f"问题 / problem: {problem.message_zh()} [{problem.problem}]")
    if chain.tip_id is not None:
        typer.echo(f"链尾 / chain tip: #{chain.tip_id} {chain.tip_hash}")


@app.command("verify")
def verify_command(as_json: bool = typer.Option(False, "--json", help="输出 JSON print the report as JSON")) -> None:
    """校验证据文件的 sha256 和审计记录哈希链 — recheck every stored file and the audit trail's hash chain.

    退出状态 exit status: 0 全部完好 all intact; 1 文件被改动、丢失或无记录，或审计链断开
    a file changed, vanished or is unrecorded, or the audit chain is broken (the first broken link is named).
    """
    report = verify_evidence()
    chain = verify_chain()
    ok = report.ok and chain.ok
    if as_json:
        data = report.to_json()
        data["files_ok"] = report.ok
        data["audit_chain"] = chain.to_json()
        data["ok"] = ok
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        typer.echo(
            f"证据记录 {report.rows} 条，校验文件 {report.checked} 个，已按期清理原件 {report.purged} 条 "
            f"(rows {report.rows}, files checked {report.checked}, purged {report.purged})"
        )
        for problem in report.problems:
            typer.echo(f"问题 / problem: {problem.message_zh()} [{problem.which} {problem.problem}]")
        _echo_chain(chain)
        problems = len(report.problems) + len(chain.problems)
        typer.echo(
            "全部完好 / all files and the audit chain intact" if ok else f"发现 {problems} 个问题 / problems found"
        )
    if not ok:
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
