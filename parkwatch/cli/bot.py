"""`parkwatch bot [--once]` and `parkwatch notify test CHANNEL`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import typer

from parkwatch.store.notify.config import ChannelConfigError, load_config

if TYPE_CHECKING:
    from parkwatch.store.bot import Bot, Job
    from parkwatch.store.notify.config import NotifyConfig

app = typer.Typer()
notify_app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS


@notify_app.command("test")
def notify_test(channel: str = typer.Argument(..., help="渠道名 channel name from the channels file")) -> None:
    """向渠道发送一条测试消息 — send a test message to CHANNEL to check its set-up."""
    from parkwatch.store.notify import channels as wire

    try:
        config = load_config()
        target = config.channel(channel)
    except ChannelConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    title = "【停车收费监测】测试消息"
    text = wire.message_text(title, (f"渠道 {target.name}（{target.type}）配置正常。",), config.public_base_url)
    try:
        wire.send(target, title, text, {"kind": "test", "title": title, "text": text})
    except wire.DeliveryError as exc:
        typer.echo(f"发送失败 / delivery failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"已发送 / sent to {target.name}")


def crawl_job(source_key: str) -> Callable[[datetime], str]:
    """Crawl one source in its own process (`parkwatch crawl KEY`); a crash there fails only this job."""

    def run(now: datetime) -> str:
        from parkwatch.tasks.work import crawl_source

        return crawl_source(source=source_key)

    return run


def queued_crawl_job(source_key: str) -> Callable[[datetime], str]:
    """With a broker: hand the crawl to a worker (queue `crawl`); the worker then queues the rules."""

    def run(now: datetime) -> str:
        from parkwatch.tasks.app import submit_crawl

        result = submit_crawl(source_key, run_id=now.isoformat(timespec="seconds"))
        return f"已排队 queued: task {result.id}"

    return run


def source_jobs(queued: bool = False) -> list[Job]:
    """One crawl job per source definition in data/sources/, on the source's own schedule; `queued`:
    each run is handed to a worker through the broker instead of run here."""
    from crawler.sources import schedules
    from parkwatch.store.bot import Job, Schedule

    job = queued_crawl_job if queued else crawl_job
    return [
        Job(f"crawl:{key}", Schedule(cron=s.cron, interval_minutes=s.interval_minutes), job(key))
        for key, s in schedules()
    ]


def make_bot(config: NotifyConfig) -> Bot:
    """The bot as configured: everything in this process, or — with `PARKWATCH_BROKER_URL` — the
    scheduler that queues crawls and notifications for the workers (a crawl's worker queues the rules)."""
    from parkwatch.settings import get_settings
    from parkwatch.store.bot import Bot
    from parkwatch.store.db.engine import get_engine

    settings = get_settings()
    ttl = timedelta(seconds=settings.bot_lock_ttl_s)
    if not settings.broker_url:
        return Bot(get_engine(), source_jobs(), config, lock_ttl=ttl)
    from parkwatch.tasks.app import submit_due_notifications

    return Bot(
        get_engine(),
        source_jobs(queued=True),
        config,
        lock_ttl=ttl,
        check=lambda engine, now: None,  # the crawl tasks queue the rules when their crawl is done
        deliver_due=submit_due_notifications,
    )


@app.command("bot")
def bot_command(
    once: bool = typer.Option(False, "--once", help="运行一轮后退出 run one cycle and exit"),
    poll: float = typer.Option(30.0, "--poll", help="检查到期任务的间隔秒数 seconds between checks for due jobs"),
) -> None:
    """运行监测机器人：定时抓取、判断、通知，直到停止 — run the bot: scheduled crawls, rules, notifications."""
    from parkwatch.store.clock import utc_now
    from parkwatch.store.db.migrate import upgrade

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        config = load_config()
    except ChannelConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    upgrade()
    runner = make_bot(config)
    if once:
        report = runner.tick_with_retry(utc_now)
        sent = "已发送 sent" if runner.deliver_due is None else "已交给任务进程 handed to workers"
        typer.echo(
            f"运行 ran: {', '.join(report.ran) or '-'}; 失败 failed: {', '.join(report.failed) or '-'}; "
            f"排队 queued: {report.queued}; {sent}: {report.sent}"
        )
        raise typer.Exit(1 if report.failed else 0)
    try:
        runner.run_forever(poll_s=poll)
    except KeyboardInterrupt:
        typer.echo("bot stopped")
