"""`parkwatch demo`: build the demo database from generated (fictional) inputs.

Everything the demo makes is generated from a fixed seed and stored with `is_demo = True`; every
view labels it as demo data (演示数据). The steps run in order; each later issue adds its step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from parkwatch.store.db.migrate import upgrade

DEMO_SEED = 20210701

Step = Callable[[Engine, datetime], str]


def demo_steps() -> list[tuple[str, Step]]:
    """The demo's steps, in order: (title, function(engine, now) -> one-line summary).

    The demo city comes first: the crawled portal pages and the OCR'd photos are matched to its lots
    by name and address.
    """
    from demo.city import build_demo_city
    from demo.city_zhuzhou import build_second_city
    from demo.notify import run_demo_bot
    from demo.ocr_photos import run_demo_ocr
    from demo.portal import run_demo_crawl
    from parkwatch.store.auth import create_demo_users
    from parkwatch.store.checking import demo_check_step

    return [
        ("演示城市 demo city: 310 个停车场、2021 年专项行动、投诉", build_demo_city),
        ("演示账号 demo accounts", create_demo_users),
        ("抓取演示门户网站 crawl the demo portal", run_demo_crawl),
        ("第二个演示城市 second demo city: 株洲门户 12 个停车场 Zhuzhou portal, 12 lots", build_second_city),
        ("识别演示公示牌照片 OCR the demo board photos", run_demo_ocr),
        ("规则检查 run the rules", demo_check_step),
        ("监测机器人运行一轮 one bot cycle", run_demo_bot),
    ]


def build_demo(engine: Engine, now: datetime, echo: Callable[[str], None] = print) -> None:
    upgrade(engine.url.render_as_string(hide_password=False))
    echo(f"数据库已就绪 database ready: {engine.url.render_as_string(hide_password=True)}")
    for title, step in demo_steps():
        echo(f"▶ {title}")
        echo(f"  {step(engine, now)}")
