"""Enforcement commands: `stats`, `report`, `complaints import`, `campaign add|list`, `inspection add|reinspect`.

Each command is a few lines over `parkwatch.store.stats_db`, `parkwatch.store.report`, `parkwatch.store.complaints` and
the write services of `parkwatch.store.services`. Messages are Chinese with English beside.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

T = TypeVar("T")

app = typer.Typer()  # stats, report
# the groups' help is their line in parkwatch.cli.COMMANDS
complaints_app = typer.Typer(no_args_is_help=True)
campaign_app = typer.Typer(no_args_is_help=True)
inspection_app = typer.Typer(no_args_is_help=True)

# options several commands take, declared once
BY = typer.Option(None, "--by", help="who records it (default: login name)")
FINDING = typer.Argument(..., help="finding id")
VERSION = typer.Option(None, "--version", help="the version you reviewed (conflict check)")
# what an inspection and a re-inspection both record of the visit
ON = typer.Option(..., "--date", help="YYYY-MM-DD")
INSPECTORS = typer.Option(..., "--inspector", help="repeat per inspector")
STAFF = typer.Option(..., "--staff", help="人次")
VEHICLES = typer.Option(0, "--vehicles", help="台次")
OUTCOME = typer.Option("none", "--outcome", help="none/warning/interview/rectification_order/case_opened/case_closed")
FINES = typer.Option("0", "--fines", help="罚没款 (元)")
REFUNDS = typer.Option("0", "--refunds", help="退还 (元)")


def _actor(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except Exception:
        return "cli"


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{what}“{value}”不是日期（例：2021-04-01）/ not a date YYYY-MM-DD") from exc


def _fail(message: str) -> NoReturn:
    typer.echo(f"错误 error: {message}", err=True)
    raise typer.Exit(1)


def _write(service: Callable[..., Any], by: str | None, keep: Callable[[Any], T], *args: Any, **kwargs: Any) -> T:
    """Run one write service in its own transaction as `by`, now; `keep` takes what the command reports
    from the result while the session is open. A refusal of the service (EnforcementError) exits 1."""
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.services.base import EnforcementError

    try:
        with write_session() as session:
            return keep(service(session, *args, actor=_actor(by), now=utc_now(), **kwargs))
    except EnforcementError as exc:
        _fail(str(exc))


def _id(row: Any) -> int:
    return int(row.id)


def _stats(campaign: int | None) -> dict[str, Any]:
    from parkwatch.store.stats_db import stats_from_db

    try:
        return stats_from_db(campaign_id=campaign)
    except KeyError:
        _fail(f"专项行动 #{campaign} 不存在 / campaign {campaign} not found")


@app.command("stats")
def stats_command(
    campaign: int | None = typer.Option(None, "--campaign", help="campaign id (专项行动编号)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON print the JSON documented in docs/stats.md"),
) -> None:
    """专项行动统计：人次、台次、检查、复查、问题、整改、罚没款… — campaign totals per district and week."""
    from parkwatch.core.stats import to_json
    from parkwatch.store.report import DISTRICT_COLUMNS, complaint_sentence, summary_sentence

    stats = _stats(campaign)
    if as_json:
        typer.echo(json.dumps(to_json(stats), ensure_ascii=False, indent=2))
        return
    from rich.markup import escape
    from rich.table import Table

    from parkwatch.cli._output import console as make_console

    console = make_console()
    if stats.get("campaign"):
        c = stats["campaign"]
        demo = "（演示数据）" if c.get("is_demo") else ""
        # names from data are escaped: Rich would read "[link=…]" in a name as markup
        console.print(f"[bold]{escape(str(c['name']))}[/bold] {c['start_date']}至{c['end_date']}{demo}")
    console.print(summary_sentence(stats))
    sentence = complaint_sentence(stats)
    if sentence:
        console.print(sentence)
    from parkwatch.store.report import _cell

    names = dict(DISTRICT_COLUMNS)
    keys = (
        "district",
        "staff_person_times",
        "lots_inspected",
        "lots_reinspected",
        "problems_found",
        "violations_rectified",
        "inspection_coverage",
    )
    table = Table(title="分县市区 per district")
    for key in keys:
        table.add_column(names[key], no_wrap=key == "district")
    for row in stats["by_district"]:
        table.add_row(*(escape(str(_cell(k, row.get(k)))) for k in keys))
    console.print(table)


@app.command("report")
def report_command(
    campaign: int = typer.Option(..., "--campaign", help="专项行动编号 campaign id"),
    fmt: str = typer.Option("md", "--format", help="格式 xlsx 或 md (xlsx or md)"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件 file to write"),
) -> None:
    """生成专项行动报告（总结句、分县市区/规则/周统计表）— write the campaign report as xlsx or Markdown."""
    from parkwatch.store.report import render_markdown, summary_sentence, write_xlsx

    if fmt not in ("xlsx", "md"):
        _fail(f"格式“{fmt}”无效，可选 xlsx 或 md / format must be xlsx or md")
    stats = _stats(campaign)
    demo = bool((stats.get("campaign") or {}).get("is_demo"))
    if fmt == "xlsx":
        write_xlsx(stats, output, demo=demo)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render_markdown(stats, demo=demo), encoding="utf-8")
    typer.echo(summary_sentence(stats))
    typer.echo(f"报告已写入 report written: {output}")


@complaints_app.command("import")
def complaints_import(
    file: Path = typer.Argument(..., help="工单文件 CSV (UTF-8/GBK) 或 .xlsx work-order file"),
) -> None:
    """导入投诉举报工单；列出有误的行，其余行导入 — import work orders; bad rows are listed, good rows load.

    退出状态 exit status:
    0 全部导入 every row loaded;
    1 文件无法读取 the file cannot be read, nothing loaded;
    2 部分行有误 some rows refused (the good rows are stored).
    """
    from parkwatch.store.complaints import ComplaintImportError, import_complaints

    try:
        report = import_complaints(file)
    except ComplaintImportError as exc:
        _fail(str(exc))
    typer.echo(f"{report.summary_zh()}（编码 encoding: {report.encoding}）")
    for error in report.errors:
        typer.echo(f"  第{error.row}行 row {error.row}: {error.message}", err=True)
    if report.errors:
        raise typer.Exit(2)  # partial import: the good rows are stored, say so in the exit code


@campaign_app.command("add")
def campaign_add(
    name: str = typer.Option(..., "--name"),
    start: str = typer.Option(..., "--start", help="YYYY-MM-DD"),
    end: str = typer.Option(..., "--end", help="YYYY-MM-DD"),
    district: list[str] = typer.Option([], "--district", help="repeat; none = all districts"),
    target: list[str] = typer.Option([], "--target", help="key=rate, e.g. inspection_coverage=1.0"),
    by: str | None = BY,
) -> None:
    """创建专项行动 — create a campaign."""
    from parkwatch.store.services.campaigns import create_campaign

    targets = {}
    for t in target:
        key, _, value = t.partition("=")
        try:
            targets[key.strip()] = float(value)
        except ValueError:
            _fail(f"目标“{t}”格式应为 key=0.95 / target must be key=rate")
    cid = _write(
        create_campaign,
        by,
        _id,
        name=name,
        start_date=_date(start, "开始日期"),
        end_date=_date(end, "结束日期"),
        districts=district or None,
        targets=targets,
    )
    typer.echo(f"专项行动已创建 campaign created: #{cid} {name}")


@campaign_app.command("list")
def campaign_list() -> None:
    """列出专项行动 — list campaigns (id, name, dates)."""
    from sqlalchemy import select

    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Campaign

    with read_session() as session:
        campaigns = list(session.scalars(select(Campaign).order_by(Campaign.id)))
    if not campaigns:
        typer.echo("没有专项行动 no campaigns")
    for c in campaigns:
        demo = " （演示）" if c.is_demo else ""
        typer.echo(f"#{c.id} {c.name} {c.start_date}..{c.end_date}{demo}")


@inspection_app.command("add")
def inspection_add(
    lot: int = typer.Option(..., "--lot", help="lot id"),
    on: str = ON,
    inspector: list[str] = INSPECTORS,
    staff: int = STAFF,
    vehicles: int = VEHICLES,
    outcome: str = OUTCOME,
    deadline: str | None = typer.Option(None, "--deadline", help="整改期限 YYYY-MM-DD"),
    fines: str = FINES,
    refunds: str = REFUNDS,
    campaign: int | None = typer.Option(None, "--campaign"),
    disclosure_ok: bool | None = typer.Option(None, "--disclosure-ok/--disclosure-missing"),
    confirm: list[int] = typer.Option([], "--confirm", help="finding id confirmed (repeat)"),
    dismiss: list[str] = typer.Option([], "--dismiss", help="ID:理由 — finding dismissed with reason (repeat)"),
    notes: str | None = typer.Option(None, "--notes"),
    by: str | None = BY,
) -> None:
    """记录一次检查及问题确认/排除 — record an inspection with its finding decisions (audited)."""
    from parkwatch.store.services.inspections import Decision, InspectionInput, record_inspection

    decisions = [Decision(f, "confirmed") for f in confirm]
    for d in dismiss:
        fid, _, reason = d.partition(":")
        if not fid.strip().isdigit():
            _fail(f"--dismiss “{d}” 格式应为 编号:理由 / use ID:reason")
        decisions.append(Decision(int(fid), "dismissed", reason.strip() or None))
    data = InspectionInput(
        lot_id=lot,
        inspected_on=_date(on, "检查日期"),
        inspectors=tuple(inspector),
        staff_count=staff,
        vehicle_count=vehicles,
        outcome=outcome,
        rectification_deadline=_date(deadline, "整改期限") if deadline else None,
        fines_yuan=fines,
        refunds_yuan=refunds,
        campaign_id=campaign,
        disclosure_ok=disclosure_ok,
        notes=notes,
        decisions=tuple(decisions),
    )
    iid = _write(record_inspection, by, _id, data)
    typer.echo(f"检查记录已保存 inspection recorded: #{iid}")


@inspection_app.command("reinspect")
def inspection_reinspect(
    of: int = typer.Option(..., "--of", help="the inspection followed up"),
    on: str = ON,
    inspector: list[str] = INSPECTORS,
    staff: int = STAFF,
    vehicles: int = VEHICLES,
    rectified: bool = typer.Option(..., "--rectified/--not-rectified", help="was the problem put right"),
    outcome: str = OUTCOME,
    fines: str = FINES,
    refunds: str = REFUNDS,
    by: str | None = BY,
) -> None:
    """记录复查；已整改时确认的问题标为已整改 — record a re-inspection; rectified marks findings rectified."""
    from parkwatch.store.services.inspections import Visit, record_reinspection

    visit = Visit(
        inspected_on=_date(on, "复查日期"),
        inspectors=tuple(inspector),
        staff_count=staff,
        vehicle_count=vehicles,
        outcome=outcome,
        fines_yuan=fines,
        refunds_yuan=refunds,
    )
    rid = _write(record_reinspection, by, _id, of, visit, rectified=rectified)
    typer.echo(f"复查记录已保存 re-inspection recorded: #{rid}")


def _decide(action: str, finding: int, version: int | None, reason: str | None, by: str | None) -> None:
    from parkwatch.store.services.findings import decide

    decision = {"confirm": "confirmed", "dismiss": "dismissed", "undo": "open"}[action]
    changed = _write(decide, by, bool, finding, decision, reason=reason, expected_version=version)
    typer.echo(f"问题 #{finding}：{'已更新 updated' if changed else '无变化 unchanged'}")


@inspection_app.command("confirm")
def finding_confirm(finding: int = FINDING, version: int | None = VERSION, by: str | None = BY) -> None:
    """确认问题 — confirm a finding (audited; refused when someone changed it since --version)."""
    _decide("confirm", finding, version, None, by)


@inspection_app.command("dismiss")
def finding_dismiss(
    finding: int = FINDING,
    reason: str = typer.Option(..., "--reason", help="排除理由"),
    version: int | None = VERSION,
    by: str | None = BY,
) -> None:
    """排除问题（须说明理由）— dismiss a finding with a reason (audited)."""
    _decide("dismiss", finding, version, reason, by)


@inspection_app.command("undo")
def finding_undo(finding: int = FINDING, version: int | None = VERSION, by: str | None = BY) -> None:
    """撤销上一次确认/排除 — undo the last confirm/dismiss of a finding (audited)."""
    _decide("undo", finding, version, None, by)
