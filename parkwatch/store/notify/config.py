"""Channel configuration: `data/channels.yaml` (PARKWATCH_CHANNELS_FILE), secrets kept apart.

A value named `*_env` (e.g. `url_env: PARKWATCH_WECOM_URL`) is looked up in the environment, then
in the secrets file (PARKWATCH_SECRETS_FILE, `KEY=VALUE` lines, never committed). Secrets never sit
in the channels file itself. See docs/bot.md for the format.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

CHANNEL_TYPES = ("wecom", "dingtalk", "webhook", "email")
EVENT_KINDS = ("new_error", "price_change", "source_failed")


class ChannelConfigError(ValueError):
    """The channels file is malformed; the message names the channel and field."""


@dataclass(frozen=True)
class Channel:
    name: str
    type: str
    mode: str = "immediate"  # immediate / digest
    digest_at: time = time(8, 30)
    events: tuple[str, ...] = EVENT_KINDS
    url: str | None = None
    secret: str | None = None  # DingTalk signing secret
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()
    max_attempts: int = 5


@dataclass(frozen=True)
class NotifyConfig:
    channels: tuple[Channel, ...] = ()
    price_change_yuan: Decimal = Decimal("1.00")
    price_change_percent: Decimal = Decimal("10")
    public_base_url: str = "http://localhost:8501"
    extra: dict[str, Any] = field(default_factory=dict)

    def channel(self, name: str) -> Channel:
        for channel in self.channels:
            if channel.name == name:
                return channel
        known = ", ".join(c.name for c in self.channels) or "none"
        raise ChannelConfigError(f"未配置通知渠道 {name!r}（已配置：{known}） / no channel {name!r}")


def read_secrets(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    secrets: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            secrets[key.strip()] = value.strip().strip('"').strip("'")
    return secrets


def _resolve(raw: dict[str, Any], key: str, secrets: dict[str, str], where: str) -> str | None:
    if key in raw:
        return str(raw[key])
    env_key = raw.get(f"{key}_env")
    if env_key is None:
        return None
    value = os.environ.get(env_key) or secrets.get(env_key)
    if not value:
        raise ChannelConfigError(f"{where}: {key}_env 指向的 {env_key} 未设置 / {env_key} is not set")
    return value


def parse_config(data: dict[str, Any] | None, secrets: dict[str, str], public_base_url: str) -> NotifyConfig:
    data = data or {}
    channels = []
    for index, raw in enumerate(data.get("channels") or []):
        where = f"channels[{index}]"
        if not isinstance(raw, dict) or not raw.get("name"):
            raise ChannelConfigError(f"{where}: 缺少 name / missing name")
        where = f"channel {raw['name']!r}"
        kind = raw.get("type")
        if kind not in CHANNEL_TYPES:
            raise ChannelConfigError(f"{where}: type 应为 {'/'.join(CHANNEL_TYPES)}，而不是 {kind!r}")
        mode = raw.get("mode", "immediate")
        if mode not in ("immediate", "digest"):
            raise ChannelConfigError(f"{where}: mode 应为 immediate 或 digest / mode must be immediate or digest")
        events = tuple(raw.get("events") or EVENT_KINDS)
        unknown = set(events) - set(EVENT_KINDS)
        if unknown:
            raise ChannelConfigError(f"{where}: 未知事件 {sorted(unknown)} / unknown events")
        try:
            hour, minute = (int(x) for x in str(raw.get("digest_at", "08:30")).split(":"))
            digest_at = time(hour, minute)
        except ValueError as exc:
            raise ChannelConfigError(f"{where}: digest_at 应为 HH:MM / digest_at must be HH:MM") from exc
        channel = Channel(
            name=str(raw["name"]),
            type=kind,
            mode=mode,
            digest_at=digest_at,
            events=events,
            url=_resolve(raw, "url", secrets, where),
            secret=_resolve(raw, "secret", secrets, where),
            smtp_host=_resolve(raw, "smtp_host", secrets, where),
            smtp_port=int(raw.get("smtp_port", 25)),
            smtp_starttls=bool(raw.get("smtp_starttls", False)),
            smtp_user=_resolve(raw, "smtp_user", secrets, where),
            smtp_password=_resolve(raw, "smtp_password", secrets, where),
            mail_from=raw.get("mail_from"),
            mail_to=tuple(raw.get("mail_to") or ()),
            max_attempts=int(raw.get("max_attempts", 5)),
        )
        if kind != "email" and not channel.url:
            raise ChannelConfigError(f"{where}: 缺少 url 或 url_env / missing url or url_env")
        if kind == "email" and not (channel.smtp_host and channel.mail_from and channel.mail_to):
            raise ChannelConfigError(f"{where}: 邮件渠道需要 smtp_host、mail_from、mail_to")
        channels.append(channel)
    names = [c.name for c in channels]
    if len(names) != len(set(names)):
        raise ChannelConfigError("通知渠道名称重复 / duplicate channel names")
    thresholds = data.get("thresholds") or {}
    return NotifyConfig(
        channels=tuple(channels),
        price_change_yuan=Decimal(str(thresholds.get("price_change_yuan", "1.00"))),
        price_change_percent=Decimal(str(thresholds.get("price_change_percent", "10"))),
        public_base_url=str(data.get("public_base_url", public_base_url)).rstrip("/"),
    )


def load_config(path: Path | None = None, secrets_path: Path | None = None) -> NotifyConfig:
    from parkwatch.settings import get_settings

    settings = get_settings()
    path = path or settings.channels_file
    secrets = read_secrets(secrets_path or settings.secrets_file)
    if not path.exists():
        return NotifyConfig(public_base_url=settings.public_base_url)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ChannelConfigError(f"{path}: YAML 格式错误 / malformed YAML: {exc}") from exc
    return parse_config(data, secrets, settings.public_base_url)
