"""The `parkwatch` command: a Typer app whose subcommands are imported only when they run.

Each command or command group lives in a module of `parkwatch/cli/` with its own `typer.Typer`. The table
`COMMANDS` below names, for every top-level command, the module, the Typer in it and the one-line help
shown by `parkwatch --help`. Listing the commands imports none of them, and running one imports only its
module: `parkwatch tariff fee …` never loads SQLAlchemy, bcrypt, Scrapy or the OCR stack.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from difflib import get_close_matches

import click
import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

READ = "读取与判断 Read and judge"
DATA = "数据与监测 Data and monitoring"
ENFORCE = "执法记录 Enforcement record"
SERVE = "仪表板与演示 Dashboard and demo"


@dataclass(frozen=True)
class Entry:
    """A top-level command: where it lives and what the top-level help says about it."""

    module: str  # parkwatch.cli.<module>
    help: str  # 中文 — English, one line
    panel: str  # the section of the top-level help
    group: bool = False  # True: the Typer `typer_app` is the command group; else the command of that name in it
    typer_app: str = "app"
    needs_db: bool = False  # True: refused with one sentence when the database is not set up (or older)

    def load(self, name: str) -> click.Command:
        module = importlib.import_module(f"parkwatch.cli.{self.module}")
        group = typer.main.get_group(getattr(module, self.typer_app))
        command: click.Command = group
        if not self.group:
            command = group.commands[name]
        else:
            group.name = name
            group.help = self.help  # the group's own help is the line the top-level help shows: one source
        if self.needs_db:
            _check_database_first(command)
        return command


def _check_database_first(command: click.Command) -> None:
    """Run `check_schema` before the command (each command of a group) does anything, not before --help."""
    commands = list(command.commands.values()) if isinstance(command, click.Group) else [command]
    for each in commands:
        if each.callback is None or getattr(each.callback, "checks_database", False):
            continue
        run = each.callback

        def checked(*args: object, _run: Callable[..., object] = run, **kwargs: object) -> object:
            from parkwatch.store.db.engine import get_engine
            from parkwatch.store.db.migrate import check_schema

            check_schema(get_engine())  # DatabaseNotReady: `main` prints its sentence
            return _run(*args, **kwargs)

        checked.checks_database = True  # type: ignore[attr-defined]  # loaded twice: wrapped once
        each.callback = checked


COMMANDS: dict[str, Entry] = {
    "tariff": Entry("tariff", "收费标准：读取与计费 — read a tariff text, compute a fee", READ, group=True),
    "audit": Entry("audit", "判断一段公示文字：违规与提醒 — judge one board text: errors and alerts", READ),
    "ocr": Entry("ocr", "识别价格公示牌照片 — read price-board photos into board records", READ),
    "db": Entry("db", "数据库结构：创建或迁移 — create or migrate the database (Alembic)", DATA, group=True),
    "crawl": Entry("crawl", "抓取网站和接口公示的收费标准 — crawl the web and app sources", DATA),
    "lots": Entry("lots", "停车场列表：城市、区县、区域、收费标准 — list the lots", DATA, group=True, needs_db=True),
    "check": Entry(
        "audit", "对已存储的观测运行全部规则 — run every rule over the stored observations", DATA, needs_db=True
    ),
    "evidence": Entry(
        "evidence", "证据文件：完整性校验与到期清理 — evidence integrity and retention", DATA, group=True, needs_db=True
    ),
    "bot": Entry("bot", "监测机器人：定时抓取、判断、通知 — the monitoring bot: crawls, rules, notices", DATA),
    "worker": Entry("worker", "任务处理进程：照片、抓取、检查、通知 — run a worker for queued tasks", DATA),
    "notify": Entry("bot", "通知渠道：企业微信、钉钉、webhook、邮件 — notification channels", DATA, True, "notify_app"),
    "campaign": Entry("report", "专项行动 — campaigns", ENFORCE, True, "campaign_app", needs_db=True),
    "inspection": Entry(
        "report", "检查、复查与问题确认 — inspections, re-inspections, decisions", ENFORCE, True, "inspection_app", True
    ),
    "complaints": Entry(
        "report", "投诉举报工单 12315/12345 — complaint work orders", ENFORCE, True, "complaints_app", True
    ),
    "stats": Entry("report", "专项行动统计 — campaign totals per district and week", ENFORCE, needs_db=True),
    "report": Entry("report", "专项行动报告：xlsx 或 Markdown — the campaign report", ENFORCE, needs_db=True),
    "dashboard": Entry("dashboard", "仪表板 — serve the dashboard", SERVE),
    "users": Entry("users", "仪表板账号 — dashboard accounts (local sign-in)", SERVE, group=True, needs_db=True),
    "demo": Entry("demo", "演示：生成演示数据库并打开仪表板 — build the demo database, serve the dashboard", SERVE),
}

_LISTING = "parkwatch.listing"  # set in the context while the top-level help lists the commands


class LazyGroup(TyperGroup):
    """The top-level group: lists `COMMANDS` from the table and imports a command's module only to run it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if ctx.meta.get(_LISTING):
            return TyperCommand(cmd_name, help=entry.help, rich_help_panel=entry.panel)
        return entry.load(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:  # Typer suggests from registered commands; ours are in the table
            matches = get_close_matches(args[0], list(COMMANDS)) if args else []
            if not matches or "Did you mean" in error.message:
                raise
            suggestions = ", ".join(repr(m) for m in matches)
            message = f"{error.message.rstrip('.')}. 是否要用 Did you mean {suggestions}?"
            raise click.UsageError(message, error.ctx) from None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta[_LISTING] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            del ctx.meta[_LISTING]


app = typer.Typer(
    name="parkwatch",
    cls=LazyGroup,
    help="停车收费价格监测 — parking-fee price monitoring.",
    epilog="parkwatch COMMAND --help：每个命令的说明 — help on one command",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    # A callback makes Typer build a group (the LazyGroup) even though no command is registered here.
    pass


def _database_not_ready(error: BaseException) -> str | None:
    """The one sentence for a database with no schema (or an older one), when that is what `error` was."""
    import sys

    if "parkwatch.store.db.migrate" not in sys.modules and "sqlalchemy" not in sys.modules:
        return None  # the command never touched a database
    from parkwatch.store.db.migrate import DatabaseNotReady, check_schema

    if isinstance(error, DatabaseNotReady):
        return str(error)
    from sqlalchemy.exc import OperationalError, ProgrammingError

    if not isinstance(error, (OperationalError, ProgrammingError)):
        return None
    from parkwatch.store.db.engine import get_engine

    try:
        check_schema(get_engine())
    except DatabaseNotReady as not_ready:
        return str(not_ready)
    except Exception:
        return None  # the database cannot even be asked: the original error says more
    return None  # the schema is current: the error is something else


def main() -> None:
    try:
        app()
    except Exception as error:
        message = _database_not_ready(error)
        if message is None:
            raise
        typer.echo(f"错误 error: {message}", err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
