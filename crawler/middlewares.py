"""Downloader middlewares: robots Crawl-delay and retry back-off (Scrapy does neither by itself)."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    """Honour a robots.txt `Crawl-delay` for the site's download slot.

    Scrapy's RobotsTxtMiddleware parses robots.txt (with Protego) but never applies Crawl-delay.
    This middleware asks that middleware for the site's parser, reads `crawl_delay(user agent)` and
    raises the slot's delay to it (no random jitter below it). AutoThrottle may lower a slot's delay
    after each response, so the floor is put back on `response_downloaded` too.
    """

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY") or not crawler.settings.getbool(
            "PARKWATCH_HONOR_CRAWL_DELAY", True
        ):
            raise NotConfigured
        self.crawler = crawler
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get("USER_AGENT")
        self.delays: dict[str, float] = {}  # download slot key -> crawl delay (seconds)
        crawler.signals.connect(self._restore_floor, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def _robots(self) -> RobotsTxtMiddleware | None:
        for mw in self.crawler.engine.downloader.middleware.middlewares:
            if isinstance(mw, RobotsTxtMiddleware):
                return mw
        return None

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or not request.url.startswith("http"):
            return None
        robots = self._robots()
        if robots is None:
            return None
        parser = await robots.robot_parser(request)
        delay = parser.crawl_delay(self.user_agent) if parser is not None else None
        if not delay:
            return None
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        if self.delays.get(key) != delay:
            logger.info("robots.txt Crawl-delay %.2fs for %s", delay, key)
            self.crawler.stats.set_value("parkwatch/crawl_delay", delay)
        self.delays[key] = float(delay)
        # a slot not created yet takes its delay from DOWNLOAD_SLOTS
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(float(slot_settings.get("delay", 0)), float(delay))
        slot_settings["jitter"] = 0
        self._apply(key)
        return None

    def _apply(self, key: str) -> None:
        slot = self.crawler.engine.downloader.slots.get(key)
        delay = self.delays.get(key)
        if slot is not None and delay:
            if slot.delay < delay:
                slot.delay = delay
            slot.jitter = 0

    def _restore_floor(self, response: Response, request: Request, **_: Any) -> None:
        key = request.meta.get("download_slot")
        if key:
            self._apply(key)


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before a retry: exponential back-off, or the server's Retry-After."""

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def backoff_seconds(self, retry_request: Request, response: Response | None = None) -> float:
        attempt = int(retry_request.meta.get("retry_times", 1))
        wait = self.base * 2.0 ** (attempt - 1)
        if response is not None:
            header = response.headers.get(b"Retry-After")
            if header:
                with suppress(ValueError):  # an HTTP date: keep the exponential back-off
                    wait = max(wait, float(header.decode("ascii").strip()))
        return min(wait, self.cap)

    async def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            wait = self.backoff_seconds(result, response)
            stats = self.crawler.stats  # a sum of seconds: set, as inc_value is typed for whole counts
            stats.set_value(
                "parkwatch/retry_backoff_seconds", stats.get_value("parkwatch/retry_backoff_seconds", 0) + wait
            )
            await self._sleep(wait)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._sleep(self.backoff_seconds(result))
        return result
