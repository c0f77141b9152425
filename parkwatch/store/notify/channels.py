"""Wire formats and delivery for each channel type.

- WeCom (企业微信) group robot: POST JSON `{"msgtype": "markdown", "markdown": {"content": ...}}`;
  success is `{"errcode": 0}`.
- DingTalk (钉钉) group robot: POST JSON `{"msgtype": "markdown", "markdown": {"title", "text"}}`; with a
  signing secret the URL gets `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")),
  URL-encoded; success is `{"errcode": 0}`.
- Generic webhook: POST JSON `{"kind", "key", "title", "text", "lines", "url", "lot_id", "lot_name", "data"}`
  (a digest posts `{"kind": "digest", "title", "text", "events": [...]}`); any 2xx is success.
- E-mail: a UTF-8 plain-text message over SMTP (STARTTLS and login when configured).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import time as _time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Any

from parkwatch.store.notify.config import Channel

HTTP_TIMEOUT_S = 10


class DeliveryError(RuntimeError):
    """A channel refused or did not answer; the outbox retries later."""


def message_text(title: str, lines: Sequence[str], url: str | None) -> str:
    body = "\n".join([title, *lines])
    return f"{body}\n详情：{url}" if url else body


def wecom_payload(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}


def dingtalk_payload(title: str, text: str) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n{text}"}}


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def _post_json(url: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(f"连接失败 / connection failed: {exc}") from exc
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _check_robot_answer(answer: dict[str, Any] | None) -> None:
    if not answer or answer.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人拒绝 / robot refused: {answer}")


def send(channel: Channel, title: str, text: str, payload: dict[str, Any], now_ms: int | None = None) -> None:
    """Deliver one message; raises DeliveryError on any failure."""
    if channel.type == "wecom":
        _check_robot_answer(_post_json(channel.url or "", wecom_payload(title, text)))
    elif channel.type == "dingtalk":
        url = channel.url or ""
        if channel.secret:
            url = dingtalk_signed_url(url, channel.secret, now_ms if now_ms is not None else int(_time.time() * 1000))
        _check_robot_answer(_post_json(url, dingtalk_payload(title, text)))
    elif channel.type == "webhook":
        _post_json(channel.url or "", payload)
    elif channel.type == "email":
        message = EmailMessage()
        message["Subject"] = title
        message["From"] = channel.mail_from or ""
        message["To"] = ", ".join(channel.mail_to)
        message.set_content(text, charset="utf-8")
        try:
            with smtplib.SMTP(channel.smtp_host or "localhost", channel.smtp_port, timeout=HTTP_TIMEOUT_S) as smtp:
                if channel.smtp_starttls:
                    smtp.starttls()
                if channel.smtp_user:
                    smtp.login(channel.smtp_user, channel.smtp_password or "")
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"邮件发送失败 / SMTP failed: {exc}") from exc
    else:  # pragma: no cover - config validation rejects other types
        raise DeliveryError(f"unknown channel type {channel.type}")
