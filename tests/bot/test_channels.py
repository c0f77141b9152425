"""Each channel's exact wire format, through a real local HTTP receiver and a real SMTP server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import time
import urllib.parse
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from parkwatch.store.notify import channels as wire
from parkwatch.store.notify.config import Channel, ChannelConfigError, parse_config

TITLE = "【新违规】演示·岳阳站停车场 PD006"
TEXT = "未公示举报电话12315\n详情：http://localhost:8501/lot?lot=7"


def test_wecom_robot_gets_a_markdown_message(receiver) -> None:
    wire.send(Channel(name="w", type="wecom", url=receiver.url), TITLE, TEXT, {})
    assert receiver.bodies == [{"msgtype": "markdown", "markdown": {"content": f"**{TITLE}**\n{TEXT}"}}]
    assert receiver.requests[0]["content_type"].startswith("application/json")


def test_dingtalk_robot_gets_a_markdown_message_with_a_valid_signature(receiver) -> None:
    secret = "SECdemo0123456789"
    wire.send(
        Channel(name="d", type="dingtalk", url=receiver.url + "?access_token=abc", secret=secret),
        TITLE,
        TEXT,
        {},
        now_ms=1_700_000_000_000,
    )
    assert receiver.bodies == [{"msgtype": "markdown", "markdown": {"title": TITLE, "text": f"#### {TITLE}\n{TEXT}"}}]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(receiver.requests[0]["path"]).query)
    assert query["access_token"] == ["abc"]
    assert query["timestamp"] == ["1700000000000"]
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"1700000000000\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]


def test_a_robot_error_code_is_a_failed_delivery(receiver) -> None:
    receiver.robot_errcode = 310000  # DingTalk: signature mismatch
    with pytest.raises(wire.DeliveryError):
        wire.send(Channel(name="d", type="dingtalk", url=receiver.url), TITLE, TEXT, {})


def test_generic_webhook_gets_the_payload_as_is(receiver) -> None:
    payload = {"kind": "new_error", "key": "finding:1", "title": TITLE, "text": TEXT, "lot_id": 7}
    wire.send(Channel(name="h", type="webhook", url=receiver.url), TITLE, TEXT, payload)
    assert receiver.bodies == [payload]


def test_an_http_error_is_a_failed_delivery(receiver) -> None:
    receiver.fail_with = [503]
    with pytest.raises(wire.DeliveryError, match="503"):
        wire.send(Channel(name="h", type="webhook", url=receiver.url), TITLE, TEXT, {})


def test_email_goes_through_a_real_smtp_server() -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list = []

    class Collect(Message):
        def handle_message(self, message) -> None:
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        channel = Channel(
            name="mail",
            type="email",
            smtp_host="127.0.0.1",
            smtp_port=port,
            mail_from="parkwatch@example.org",
            mail_to=("inspectors@example.org",),
        )
        wire.send(channel, TITLE, TEXT, {})
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    assert len(received) == 1
    message = message_from_bytes(received[0].as_bytes(), policy=default_policy)
    assert message["Subject"] == TITLE
    assert message["To"] == "inspectors@example.org"
    assert message.get_content().strip() == TEXT


def test_channel_secrets_come_from_the_environment_or_the_secrets_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECOM_URL", "http://127.0.0.1:9/hook")
    config = parse_config(
        {
            "channels": [
                {"name": "w", "type": "wecom", "url_env": "WECOM_URL"},
                {
                    "name": "d",
                    "type": "dingtalk",
                    "url": "http://127.0.0.1:9/d",
                    "secret_env": "DING_SECRET",
                    "mode": "digest",
                    "digest_at": "09:15",
                },
            ]
        },
        secrets={"DING_SECRET": "SECfromfile"},
        public_base_url="http://x",
    )
    assert config.channel("w").url == "http://127.0.0.1:9/hook"
    assert config.channel("d").secret == "SECfromfile"
    assert config.channel("d").digest_at.hour == 9


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"channels": [{"name": "x", "type": "qq", "url": "u"}]}, "type"),
        ({"channels": [{"name": "x", "type": "wecom"}]}, "url"),
        ({"channels": [{"name": "x", "type": "wecom", "url_env": "UNSET_VAR_FOR_TEST"}]}, "UNSET_VAR_FOR_TEST"),
        ({"channels": [{"name": "x", "type": "wecom", "url": "u", "mode": "weekly"}]}, "mode"),
        ({"channels": [{"name": "x", "type": "email", "smtp_host": "h"}]}, "mail_from"),
    ],
)
def test_a_malformed_channel_is_named_in_the_error(bad: dict, message: str) -> None:
    with pytest.raises(ChannelConfigError, match=message):
        parse_config(bad, secrets={}, public_base_url="http://x")
