"""What the parkwatch pipelines share: the run's context, and where a stage's work runs.

Every stage is its own pipeline in `ITEM_PIPELINES` and does its own step, `process(item)`; what a
stage learns about an item it writes on the item (tariff, lot_id, observation_id, …) for the stages
after it. Run-wide state (the source, counts, caches, the open batch) is the run's `CrawlContext`.

A stage that blocks (SQL, files) is a `WorkerPipeline`: under Scrapy its `process` runs on the run's
one worker thread, so the reactor goes on downloading meanwhile, and one thread keeps the database
to a single writer. Without a worker (tests), `process` runs in place.
"""

from __future__ import annotations

from typing import Any, Self

from crawler.context import CrawlContext, context_for
from crawler.items import LotPriceItem


class ContextPipeline:
    """A stage that works on the item and the run's context."""

    def __init__(self, ctx: CrawlContext):
        self.ctx = ctx

    @classmethod
    def from_crawler(cls, crawler: Any) -> Self:
        return cls(context_for(crawler))

    def process(self, item: LotPriceItem) -> LotPriceItem:
        raise NotImplementedError


class WorkerPipeline(ContextPipeline):
    """A stage whose work blocks: it runs on the run's worker thread."""

    async def process_item(self, item: LotPriceItem) -> LotPriceItem:
        return await self.ctx.run(self.process, item)
