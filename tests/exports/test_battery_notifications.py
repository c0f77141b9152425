"""The battery through every notification channel, end to end: events → outbox → the wire.

WeCom and DingTalk robots (Markdown), a generic webhook (JSON) and e-mail (a real SMTP server) each get
messages about lots, findings and a source named with the battery. On every channel: no live foreign
link, no raw `<`, no control or invisible character, the project's own lot link still there, long
names cut saying so.
"""

from __future__ import annotations

import json
import socket
import time
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from parkwatch.store.db.engine import read_session
from parkwatch.store.notify.config import parse_config
from parkwatch.store.notify.events import collect_events
from parkwatch.store.notify.outbox import deliver, enqueue
from parkwatch.store.notify.receiver import running_receiver
from tests.exports.battery import BATTERY, NOW, autolinks, invisible, live_markup

BASE = "http://localhost:8501"
WECOM_MARKDOWN_LIMIT = 4096  # bytes of one WeCom robot Markdown message


def _smtp() -> tuple[Any, list[EmailMessage]]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[EmailMessage] = []

    class Collect(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message_from_bytes(message.as_bytes(), policy=default_policy))  # type: ignore[arg-type]

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, received


def _send_everything(engine: Any, wecom: str, dingtalk: str, webhook: str, smtp_port: int) -> int:
    config = parse_config(
        {
            "channels": [
                {"name": "wecom", "type": "wecom", "url": wecom},
                {"name": "ding", "type": "dingtalk", "url": dingtalk, "mode": "digest", "digest_at": "00:00"},
                {"name": "hook", "type": "webhook", "url": webhook},
                {
                    "name": "mail",
                    "type": "email",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": smtp_port,
                    "mail_from": "parkwatch@example.org",
                    "mail_to": ["inspectors@example.org"],
                    "events": ["new_error", "source_failed"],
                },
            ]
        },
        secrets={},
        public_base_url=BASE,
    )
    with read_session(engine) as session:
        events = collect_events(session, NOW - timedelta(hours=1), config)
    enqueue(engine, config, events, NOW)
    report = deliver(engine, config, NOW)
    assert report.failed == 0 and report.retrying == 0
    return len(events)


def assert_inert(text: str, *, markdown: bool) -> None:
    assert "<" not in text and ">" not in text
    assert autolinks(text) == [], autolinks(text)
    assert not invisible(text)
    if markdown:
        assert live_markup(text, allowed=(f"{BASE}/",)) == []


def test_every_channel_gets_the_battery_as_inert_text(battery, sqlite_engine) -> None:
    controller, mails = _smtp()
    try:
        with running_receiver() as wecom, running_receiver() as ding, running_receiver() as hook:
            events = _send_everything(sqlite_engine, wecom.url, ding.url, hook.url, controller.port)
            deadline = time.monotonic() + 10
            while len(mails) < len(BATTERY) + 1 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        controller.stop()
    assert events == 2 * len(BATTERY) + 1  # a new error and a price change per lot, the failed source

    contents = [body["markdown"]["content"] for body in wecom.bodies]
    assert len(contents) == events
    for content in contents:
        assert_inert(content, markdown=True)
        assert len(content.encode("utf-8")) < WECOM_MARKDOWN_LIMIT
    assert sum(f"{BASE}/lot?lot=" in c for c in contents) == 2 * len(BATTERY)  # the own link stays live
    assert any("…（已截断）" in c for c in contents) and any("已清除" in c for c in contents)
    assert any("［点此办理退款］" in c for c in contents)  # the text is still there, to read

    (digest,) = ding.bodies
    assert_inert(digest["markdown"]["title"], markdown=True)
    assert_inert(digest["markdown"]["text"], markdown=True)

    assert len(hook.bodies) == events
    for body in hook.bodies:
        for key in ("title", "text", "lot_name"):
            assert_inert(body.get(key) or "", markdown=False)
        for line in body["lines"]:
            assert_inert(line, markdown=False)

    assert len(mails) == len(BATTERY) + 1
    for mail in mails:
        assert mail.get_content_type() == "text/plain"
        assert_inert(str(mail["Subject"]), markdown=False)
        assert_inert(mail.get_content(), markdown=False)
    json.dumps(hook.bodies)  # still plain JSON
