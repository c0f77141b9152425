"""Wire formats and delivery for each channel type.

- WeCom (企业微信) group robot: POST JSON `{"msgtype": "markdown", "markdown": {"content": ...}}`;
  success is `{"errcode": 0}`.
- DingTalk (钉钉) group robot: POST JSON `{"msgtype": "markdown", "markdown": {"title", "text"}}`; with a
  signing secret the URL gets `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")),
  URL-encoded; success is `{"errcode": 0}`.
- Generic webhook: POST JSON `{"kind", "key", "title", "text", "lines", "url", "lot_id", "lot_name", "data"}`
  (a digest posts `{"kind": "digest", "title", "text", "events": [...]}`); any 2xx is success.
- E-mail: a UTF-8 plain-text message over SMTP (STARTTLS and login when configured).

Text from data (lot and source names, finding messages) arrives inert on every channel: control and
invisible characters are removed, every link that is not the project's own (the public base URL, the
event's own `url`) is defanged (`evil[.]example`, `http[:]//…`) so no client turns it into a link, and
`<` `>` become full-width `＜` `＞` (some mail clients and webhook consumers render HTML). The robots'
Markdown (WeCom, DingTalk) has no documented escape rules, so there every Markdown and HTML character
(`[ ] ( ) < > * _ # ` ! | ~ & \\`) becomes its full-width form: the same text to a Chinese reader,
and no link, image, emphasis or `<font>` tag. The message words themselves have none of these characters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import smtplib
import time as _time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from email.message import EmailMessage
from typing import Any

from parkwatch.settings import get_settings
from parkwatch.store.exports import strip_invisible
from parkwatch.store.notify.config import Channel

HTTP_TIMEOUT_S = 10


class DeliveryError(RuntimeError):
    """A channel refused or did not answer; the outbox retries later."""


MARKDOWN_FULLWIDTH = str.maketrans(
    {
        "[": "［",
        "]": "］",
        "(": "（",
        ")": "）",
        "<": "＜",
        ">": "＞",
        "*": "＊",
        "_": "＿",
        "#": "＃",
        "`": "｀",
        "!": "！",
        "|": "｜",
        "~": "～",
        "&": "＆",
        "\\": "＼",
    }
)
ANGLES_FULLWIDTH = str.maketrans({"<": "＜", ">": "＞"})
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%\[\]()]"
# a scheme URL, a www. host, or a bare domain name: what chat and mail clients turn into links
_LINKISH = re.compile(
    rf"[a-z][a-z0-9+.\-]*://{_URL_CHARS}*|www\.{_URL_CHARS}*|(?<![a-z0-9\-.])(?:[a-z0-9\-]+\.)+[a-z]{{2,}}(?![a-z0-9\-])",
    re.ASCII | re.IGNORECASE,
)
# an own link is kept live only when it has no character that Markdown or HTML would read
_SAFE_OWN_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?=&%]+", re.ASCII)


def message_text(title: str, lines: Sequence[str], url: str | None) -> str:
    body = "\n".join([title, *lines])
    return f"{body}\n详情：{url}" if url else body


def own_urls(payload: dict[str, Any]) -> frozenset[str]:
    """The project's own links in a payload: the event's `url` (or each digest event's)."""
    listed = payload.get("events")
    events: list[Any] = listed if isinstance(listed, list) else [payload]
    return frozenset(e["url"] for e in events if isinstance(e, dict) and isinstance(e.get("url"), str))


def _is_own(url: str, own: Iterable[str]) -> bool:
    if not _SAFE_OWN_URL.fullmatch(url):
        return False
    base = get_settings().public_base_url.rstrip("/")
    return url in own or url == base or url.startswith(base + "/")


def inert_text(text: str, own: Iterable[str] = (), *, markdown: bool = False) -> str:
    """`text` with its data made inert: cleaned, foreign links defanged, `< >` (and, for `markdown`,
    every Markdown character) in full-width form. The project's own links stay as they are."""
    table = MARKDOWN_FULLWIDTH if markdown else ANGLES_FULLWIDTH
    cleaned, _removed = strip_invisible(text, keep_newlines=True)
    out: list[str] = []
    position = 0
    for match in _LINKISH.finditer(cleaned):
        out.append(cleaned[position : match.start()].translate(table))
        link = match.group()
        if _is_own(link, own):
            out.append(link)
        else:
            out.append(link.replace("://", "[:]//").replace(".", "[.]").translate(table))
        position = match.end()
    out.append(cleaned[position:].translate(table))
    return "".join(out)


def wecom_payload(title: str, text: str, own: Iterable[str] = ()) -> dict[str, Any]:
    title, text = inert_text(title, own, markdown=True), inert_text(text, own, markdown=True)
    return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n{text}"}}


def dingtalk_payload(title: str, text: str, own: Iterable[str] = ()) -> dict[str, Any]:
    title, text = inert_text(title, own, markdown=True), inert_text(text, own, markdown=True)
    return {"msgtype": "markdown", "markdown": {"title": title, "text": f"#### {title}\n{text}"}}


def webhook_payload(payload: dict[str, Any], own: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON posted to a generic webhook: its text fields made inert (a digest's events too)."""
    own = frozenset(own)
    out = dict(payload)
    for key in ("title", "text", "lot_name"):
        if isinstance(out.get(key), str):
            out[key] = inert_text(out[key], own)
    if isinstance(out.get("lines"), list):
        out["lines"] = [inert_text(line, own) if isinstance(line, str) else line for line in out["lines"]]
    if isinstance(out.get("events"), list):
        out["events"] = [webhook_payload(e, own) if isinstance(e, dict) else e for e in out["events"]]
    return out


def email_message(channel: Channel, title: str, text: str, own: Iterable[str] = ()) -> EmailMessage:
    """A text/plain message: the subject on one line, links and tags from data inert."""
    message = EmailMessage()
    message["Subject"] = " ".join(inert_text(title, own).split())
    message["From"] = channel.mail_from or ""
    message["To"] = ", ".join(channel.mail_to)
    message.set_content(inert_text(text, own), subtype="plain", charset="utf-8")
    return message


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
    own = own_urls(payload)
    if channel.type == "wecom":
        _check_robot_answer(_post_json(channel.url or "", wecom_payload(title, text, own)))
    elif channel.type == "dingtalk":
        url = channel.url or ""
        if channel.secret:
            url = dingtalk_signed_url(url, channel.secret, now_ms if now_ms is not None else int(_time.time() * 1000))
        _check_robot_answer(_post_json(url, dingtalk_payload(title, text, own)))
    elif channel.type == "webhook":
        _post_json(channel.url or "", webhook_payload(payload, own))
    elif channel.type == "email":
        message = email_message(channel, title, text, own)
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
