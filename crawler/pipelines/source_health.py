"""500 source health: open a run when the spider opens, report progress, close it ok or failed.

Errors of a run = stored-item failures + Scrapy ERROR log lines (failed downloads after retries,
spider exceptions) + HTTP error responses that were given up on.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from scrapy import signals

from crawler.context import PROGRESS_PREFIX, RESULT_PREFIX, CrawlContext, context_for
from crawler.health import ensure_source, finish_run, start_run
from crawler.items import LotPriceItem
from crawler.sources import SourceDefinition
from parkwatch.store.clock import pinned_or_now

logger = logging.getLogger(__name__)


def _utcnow(crawler: Any = None) -> datetime:
    """Now as an aware UTC instant, or the pinned PARKWATCH_NOW (reproducible demo runs)."""
    return pinned_or_now(crawler.settings.get("PARKWATCH_NOW") if crawler is not None else None)


def errors_from_stats(stats: dict[str, Any]) -> int:
    return int(stats.get("log_count/ERROR", 0)) + int(stats.get("httperror/response_ignored_count", 0))


class SourceHealthPipeline:
    def __init__(self, ctx: CrawlContext, crawler: Any = None):
        self.ctx = ctx
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourceHealthPipeline:
        pipeline = cls(context_for(crawler), crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    # usable without Scrapy (tests) -------------------------------------------------------------------
    def open_run(self, definition: SourceDefinition, now: datetime) -> None:
        self.ctx.definition = definition
        self.ctx.source_id = ensure_source(self.ctx.engine, definition)
        self.ctx.run_id = start_run(self.ctx.engine, self.ctx.source_id, now)

    def close_run(self, now: datetime, errors: int = 0, finish_reason: str = "finished") -> str:
        assert self.ctx.run_id is not None, "open_run first"
        self.ctx.commit()  # the last batch of observations before the run is judged
        errors += self.ctx.store_errors
        detail = self.ctx.health_detail()
        status = finish_run(
            self.ctx.engine,
            self.ctx.run_id,
            items=self.ctx.items,
            valid=self.ctx.valid,
            errors=errors,
            now=now,
            min_valid_ratio=self.ctx.min_valid_ratio,
            finish_reason=finish_reason,
            detail=detail,
        )
        self.ctx.emit(RESULT_PREFIX, {**self.ctx.summary(), "errors": errors, "status": status})
        logger.info(
            "source %s run %s: %s %s",
            self.ctx.definition.key if self.ctx.definition else "?",
            self.ctx.run_id,
            status,
            self.ctx.summary(),
        )
        return status

    # Scrapy hooks --------------------------------------------------------------------------------
    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.open_run(spider.definition, _utcnow(self.crawler))

    def process_item(self, item: LotPriceItem) -> LotPriceItem:
        stats = self.crawler.stats.get_stats() if self.crawler is not None else {}
        self.ctx.emit(
            PROGRESS_PREFIX,
            {
                "source": self.ctx.definition.key if self.ctx.definition else None,
                "items": self.ctx.items,
                "stored": self.ctx.stored,
                "valid": self.ctx.valid,
                "errors": errors_from_stats(stats) + self.ctx.store_errors,
                "url": item.get("url"),
            },
        )
        # the page body is in the evidence store now; keep it out of feeds and logs
        item["snapshot"] = b""
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.ctx.run_id is None:
            return
        self.close_run(
            _utcnow(self.crawler), errors=errors_from_stats(self.crawler.stats.get_stats()), finish_reason=reason
        )
