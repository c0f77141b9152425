"""All settings in one place, read once from the environment.

Every setting has a documented default (see README "Configuration"); an environment variable
overrides it. Code reads settings through `get_settings()`, never through `os.environ`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from parkwatch.core.reference import CHECKOUT, in_checkout, reference_dir

PROJECT_ROOT = CHECKOUT  # the checkout's root; installed, the folder holding the packages


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str
    evidence_dir: Path
    tesseract_lang: str
    tesseract_timeout_s: float
    ocr_engine: str
    max_upload_bytes: int
    max_image_pixels: int
    evidence_retention_days: int
    public_base_url: str
    user_agent: str
    channels_file: Path
    secrets_file: Path
    bot_lock_ttl_s: int
    # the city's time zone (IANA name): stored instants are UTC, people read them in this zone
    timezone: str = "Asia/Shanghai"
    # scale-out (README "Scaling out"): no broker = every task runs in-process, as on one machine
    broker_url: str = ""
    task_max_retries: int = 3
    # a task whose worker died is handed to another worker after this many seconds (Redis transport)
    task_visibility_timeout_s: int = 3600
    # where evidence files live: "" = the local folder `evidence_dir`; "s3://bucket/prefix" = a bucket
    evidence_url: str = ""
    s3_endpoint_url: str = ""  # an S3-compatible server (MinIO, Ceph …); "" = the provider's default
    # a photo staged for a worker (`staging/`) and never read (its page closed) is swept after this
    staging_max_age_h: float = 24.0

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def standards_dir(self) -> Path:
        return reference_dir("standards")

    @property
    def sources_dir(self) -> Path:
        return reference_dir("sources")

    @property
    def demo_dir(self) -> Path:
        return reference_dir("demo")


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _zone_name(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"PARKWATCH_TIMEZONE “{name}” 不是有效的时区名（例：Asia/Shanghai）/ not an IANA time zone name"
        ) from None
    return name


def default_data_dir() -> Path:
    """data/ of the checkout; installed (no checkout), data/ in the current folder, never the packages' folder."""
    return PROJECT_ROOT / "data" if in_checkout() else Path.cwd() / "data"


def load_settings() -> Settings:
    data_dir = Path(_env("PARKWATCH_DATA_DIR", str(default_data_dir())))
    return Settings(
        data_dir=data_dir,
        db_url=_env("PARKWATCH_DB_URL", f"sqlite:///{data_dir / 'parkwatch.db'}"),
        evidence_dir=Path(_env("PARKWATCH_EVIDENCE_DIR", str(data_dir / "evidence"))),
        tesseract_lang=_env("PARKWATCH_TESSERACT_LANG", "chi_sim"),
        tesseract_timeout_s=float(_env("PARKWATCH_TESSERACT_TIMEOUT", "30")),
        ocr_engine=_env("PARKWATCH_OCR_ENGINE", "auto"),
        max_upload_bytes=int(_env("PARKWATCH_MAX_UPLOAD_MB", "25")) * 1024 * 1024,
        max_image_pixels=int(_env("PARKWATCH_MAX_IMAGE_PIXELS", str(50_000_000))),
        evidence_retention_days=int(_env("PARKWATCH_EVIDENCE_RETENTION_DAYS", "1095")),
        public_base_url=_env("PARKWATCH_PUBLIC_URL", "http://localhost:8501"),
        user_agent=_env(
            "PARKWATCH_USER_AGENT",
            "parkwatch/0.1 (parking price monitoring; contact: parkwatch@example.org)",
        ),
        channels_file=Path(_env("PARKWATCH_CHANNELS_FILE", str(data_dir / "channels.yaml"))),
        secrets_file=Path(_env("PARKWATCH_SECRETS_FILE", str(data_dir / "secrets.env"))),
        bot_lock_ttl_s=int(_env("PARKWATCH_BOT_LOCK_TTL", "3600")),
        timezone=_zone_name(_env("PARKWATCH_TIMEZONE", "Asia/Shanghai")),
        broker_url=_env("PARKWATCH_BROKER_URL", ""),
        task_max_retries=int(_env("PARKWATCH_TASK_MAX_RETRIES", "3")),
        task_visibility_timeout_s=int(_env("PARKWATCH_TASK_VISIBILITY_TIMEOUT", "3600")),
        evidence_url=_env("PARKWATCH_EVIDENCE_URL", ""),
        s3_endpoint_url=_env("PARKWATCH_S3_ENDPOINT", ""),
        staging_max_age_h=float(_env("PARKWATCH_STAGING_MAX_AGE_HOURS", "24")),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings_cache() -> None:
    """Tests change the environment; this makes the next `get_settings()` read it again."""
    get_settings.cache_clear()
