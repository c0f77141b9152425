"""What every parkwatch pipeline shares: the run's context and running off the reactor."""

from __future__ import annotations

from typing import Any

from crawler.context import CrawlContext, context_for
from crawler.items import LotPriceItem


class ContextPipeline:
    """A pipeline whose work is `process(item)`, run on the context's worker thread under Scrapy."""

    def __init__(self, ctx: CrawlContext):
        self.ctx = ctx

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContextPipeline:
        return cls(context_for(crawler))

    async def process_item(self, item: LotPriceItem) -> LotPriceItem:
        return await self.ctx.run(self.process, item)

    def process(self, item: LotPriceItem) -> LotPriceItem:
        raise NotImplementedError
