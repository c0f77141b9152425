"""`parkwatch audit` (one board text → board record + findings) and `parkwatch check` (stored lots).

Exit status of both: 0 no error (alerts alone are not errors), 1 errors (违规) found, 2 bad input; `check`
exits 3 when some lots could not be checked (the others are still checked and stored).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from parkwatch.core.rules.base import FIELD_LABELS_ZH, KIND_ZH, PRICING_FORM_ZH

if TYPE_CHECKING:
    from parkwatch.core.board import BoardRecord
    from parkwatch.core.rules.base import RuleFinding

app = typer.Typer()

MAX_TEXT_BYTES = 1_000_000  # a board text is a few kB; refuse anything absurd
EXIT_ERRORS = 1  # errors (违规) were found
EXIT_BAD_INPUT = 2  # as click's usage errors
EXIT_INCOMPLETE = 3  # `check`: some lots could not be checked


def _parse_day(value: str | None) -> date:
    if not value:
        from parkwatch.settings import get_settings

        return datetime.now(get_settings().zone).date()  # shell: the city's date of the command
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"日期格式应为 YYYY-MM-DD：{value!r}", param_hint="--on") from None


def _read_text(text: str | None, file: Path | None) -> str:
    if (text is None) == (file is None):
        raise typer.BadParameter("请给出公示文字或 --file 文件（二选一）/ give TEXT or --file, not both")
    if file is not None:
        if str(file) == "-":
            import sys

            return sys.stdin.read()
        if not file.is_file():
            raise typer.BadParameter(f"文件不存在：{file}", param_hint="--file")
        if file.stat().st_size > MAX_TEXT_BYTES:
            raise typer.BadParameter(f"文件过大（>{MAX_TEXT_BYTES}字节）：{file}", param_hint="--file")
        data = file.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise typer.BadParameter(f"无法识别文件编码（应为 UTF-8 或 GB18030）：{file}", param_hint="--file")
    return text or ""


def _show_value(name: str, value: Any) -> str:
    if name == "pricing_form":
        return PRICING_FORM_ZH.get(value, str(value))
    if name == "disclosure_kind":  # whose text it is decides which duties are judged
        return KIND_ZH.get(value, str(value))
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def _standards(city: str, day: date) -> Any:
    from parkwatch.core.standards import StandardsError, load_standards
    from parkwatch.settings import get_settings

    try:
        return load_standards(get_settings().standards_dir).in_force(city, day)
    except StandardsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except KeyError:
        typer.echo(f"未知城市/辖区：{city}（见 data/standards/jurisdictions.yaml）", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _print_audit(record: BoardRecord, findings: list[RuleFinding], city: str, day: date) -> None:
    from rich.markup import escape
    from rich.table import Table

    from parkwatch.cli._output import console as make_console
    from parkwatch.core.tariff import VEHICLE_NAMES_ZH

    # the board's text is data, never Rich markup: "[red]" on a board prints as written
    console = make_console()
    table = Table(title=f"公示内容识别（{city}，{day.isoformat()}）", show_lines=False)
    table.add_column("字段")
    table.add_column("内容")
    table.add_column("置信度", justify="right")
    for name, reading in record.fields.items():
        table.add_row(
            FIELD_LABELS_ZH.get(name, name), escape(_show_value(name, reading.value)), f"{reading.confidence:.2f}"
        )
    if record.tariff is not None:
        table.add_row(
            "收费标准",
            escape("已识别（" + "、".join(VEHICLE_NAMES_ZH.get(v, v) for v in record.tariff.vehicles()) + "）"),
            f"{record.tariff_confidence:.2f}",
        )
    console.print(table)
    for part in record.unread:
        console.print(f"[yellow]未能识别的价格文字：[/yellow]{escape(part)}")
    errors = [f for f in findings if f.severity == "error"]
    alerts = [f for f in findings if f.severity == "alert"]
    for label, group, colour in (("违规（错误）", errors, "red"), ("需复核（提醒）", alerts, "yellow")):
        console.print(f"\n[bold {colour}]{label}：{len(group)}条[/bold {colour}]")
        for f in group:
            title, message, basis = escape(f.title), escape(f.message), escape(f.basis)
            console.print(f"  [{colour}]{f.rule}[/{colour}] {title}\n    {message}\n    依据：{basis}")
    if not findings:
        console.print("\n[green]未发现问题。[/green]")


@app.command("audit")
def audit_command(
    text: str | None = typer.Argument(None, help="公示牌或网页的文字（或用 --file）board or page text"),
    file: Path | None = typer.Option(None, "--file", "-f", help="读取文字文件（UTF-8/GB18030；- 为标准输入）"),
    city: str = typer.Option("yueyang", "--city", help="适用标准的城市（data/standards/jurisdictions.yaml）"),
    on: str | None = typer.Option(None, "--on", help="按该日有效的标准判断（YYYY-MM-DD，默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (print the JSON form)"),
) -> None:
    """读取一段公示文字，列出识别结果和违规/提醒 — read one board text; print the record and findings.

    退出状态 exit status:
    0 未发现违规 no errors (alerts alone are not errors);
    1 发现违规 errors found;
    2 输入有误 bad input.
    """
    from parkwatch.core.board_reader import read_board
    from parkwatch.core.rules import RuleContext, evaluate

    body = _read_text(text, file)
    if not body.strip():
        raise typer.BadParameter("公示文字为空 / the text is empty")
    day = _parse_day(on)
    standards = _standards(city, day)
    record = read_board(body)
    findings = evaluate(
        RuleContext(record=record, standards=standards, on=day, kind="audit", evidence=("text:command line",))
    )
    errors = sum(1 for f in findings if f.severity == "error")
    if as_json:
        out = {
            "board": record.to_json(),
            "findings": [f.to_json() for f in findings],
            "city": city,
            "on": day.isoformat(),
            "errors": errors,
            "alerts": sum(1 for f in findings if f.severity == "alert"),
        }
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        _print_audit(record, findings, city, day)
    if errors:
        raise typer.Exit(EXIT_ERRORS)


@app.command("check")
def check_command(
    lot: list[int] | None = typer.Option(None, "--lot", help="只检查这些停车场（可多次给出）only these lots"),
    on: str | None = typer.Option(None, "--on", help="检查截至该日的观测（YYYY-MM-DD，默认今天）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (print the JSON form)"),
) -> None:
    """对已存储的观测运行全部规则，保存新的问题（不重复保存）— run every rule over the stored observations.

    退出状态 exit status:
    0 没有新的违规 no new errors;
    1 发现并保存了新的违规 new errors found and stored;
    2 输入有误 bad input;
    3 部分停车场检查失败 some lots could not be checked (the others are).
    """
    from parkwatch.core.standards import StandardsError
    from parkwatch.store.checking import check_lots
    from parkwatch.store.db.engine import get_engine

    day = _parse_day(on)
    try:
        summary = check_lots(get_engine(), day, lot_ids=lot or None)
    except StandardsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        typer.echo(json.dumps(summary.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(
            f"检查停车场{summary.lots}个（{summary.contexts}个来源），发现问题{summary.findings}条："
            f"新增{summary.new}条（违规{summary.errors}、提醒{summary.alerts}），已存在{summary.existing}条；"
            f"用时{summary.seconds:.1f}秒。"
        )
        for lot_id, error in summary.failed:
            typer.echo(f"  停车场{lot_id}检查失败：{error}", err=True)
    if summary.failed:
        raise typer.Exit(EXIT_INCOMPLETE)
    if summary.errors:
        raise typer.Exit(EXIT_ERRORS)
