"""What every parkwatch pipeline shares: the run's context and running off the reactor.

Under Scrapy, the context pipelines of a crawl (validate, match lot, store observation, price
change — in ITEM_PIPELINES order) run one item through all of them in ONE hop to the worker thread:
the first of them processes the item through the whole chain, the others pass it on. Four hops per
item cost CPU (thread hand-offs and GIL contention with the reactor). An exception in any of them
ends the item there, as before. Without a worker thread (tests), each runs on its own.
"""

from __future__ import annotations

from typing import Any

from crawler.context import CrawlContext, context_for
from crawler.items import LotPriceItem

_CHAIN = "_parkwatch_pipeline_chain"  # CrawlContext attribute: the crawl's context pipelines, in order
_CHAINED = "_parkwatch_chained_items"  # CrawlContext attribute: ids of items already run through the chain


class ContextPipeline:
    """A pipeline whose work is `process(item)`, run on the context's worker thread under Scrapy."""

    def __init__(self, ctx: CrawlContext):
        self.ctx = ctx

    @classmethod
    def from_crawler(cls, crawler: Any) -> ContextPipeline:
        return cls(context_for(crawler)).chained()

    def chained(self) -> ContextPipeline:
        """Join this crawl's chain. Scrapy builds the pipelines in ITEM_PIPELINES order, so the order of
        joining is the order of processing (a pipeline switched off in the settings never joins)."""
        self.ctx.__dict__.setdefault(_CHAIN, []).append(self)
        return self

    async def process_item(self, item: LotPriceItem) -> LotPriceItem:
        chain: list[ContextPipeline] = self.ctx.__dict__.get(_CHAIN) or []
        if self.ctx.pool is None or self not in chain:
            return await self.ctx.run(self.process, item)
        chained: set[int] = self.ctx.__dict__.setdefault(_CHAINED, set())
        if self is chain[0]:

            def through_chain(it: LotPriceItem) -> LotPriceItem:
                for pipeline in chain:
                    it = pipeline.process(it)
                return it

            item = await self.ctx.run(through_chain, item)
            if len(chain) > 1:
                chained.add(id(item))
            return item
        if id(item) in chained:
            if self is chain[-1]:
                chained.discard(id(item))
            return item
        return await self.ctx.run(self.process, item)

    def process(self, item: LotPriceItem) -> LotPriceItem:
        raise NotImplementedError
