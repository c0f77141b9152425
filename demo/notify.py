"""The demo's bot cycle: re-crawl the demo portal (one lot has changed its price since the first
crawl), run the rules, and send what changed, one message per event, to a local receiver standing
in for a WeCom group robot. The messages are kept in the notifications log, which the dashboard
shows; events already sent are not sent again on a later demo run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from parkwatch.settings import get_settings
from parkwatch.store.bot import Bot, Job, Schedule
from parkwatch.store.db.engine import write_session
from parkwatch.store.db.models import JobState
from parkwatch.store.notify.config import Channel, NotifyConfig
from parkwatch.store.notify.receiver import running_receiver

DEMO_JOB = "crawl:demo"
CHANGED_PAGE = "/lot/yy-0012.html"
CHANGED_FROM, CHANGED_TO = "首小时6元", "首小时9元"


def run_demo_bot(engine: Engine, now: datetime) -> str:
    from crawler.runner import run_crawl
    from demo.portal import DEMO_SOURCES
    from demo.portal_server import DemoServer

    db_url = engine.url.render_as_string(hide_password=False)
    with running_receiver() as robot, DemoServer() as portal:
        page = portal.read_page(CHANGED_PAGE)
        if CHANGED_FROM in page:
            portal.set_page(CHANGED_PAGE, page.replace(CHANGED_FROM, CHANGED_TO))

        def crawl(moment: datetime) -> str:
            results = run_crawl(
                DEMO_SOURCES, db_url=db_url, base_url=portal.url, settings={"PARKWATCH_NOW": moment.isoformat()}
            )
            return "; ".join(r.line() for r in results)

        config = NotifyConfig(
            channels=(Channel(name="演示企业微信群", type="wecom", url=robot.url),),
            public_base_url=get_settings().public_base_url,
        )
        with write_session(engine) as session:  # the demo always runs its cycle, whatever ran before
            state = session.get(JobState, DEMO_JOB)
            if state is not None:
                state.next_run_at = None
        report = Bot(engine, [Job(DEMO_JOB, Schedule(interval_minutes=360), crawl)], config, holder="demo").tick(now)
        messages = [body["markdown"]["content"] for body in robot.bodies]
    titles = [message.splitlines()[0].strip("*") for message in messages]
    shown = "；".join(titles[:3]) + ("…" if len(titles) > 3 else "") if titles else "无新消息（已发过的不再重发）"
    return (
        f"机器人运行一轮 bot cycle: 任务 {len(report.ran)} 个, 失败 {len(report.failed)} 个; "
        f"发往本地模拟企业微信机器人 {len(messages)} 条消息 messages: {shown}"
    )
