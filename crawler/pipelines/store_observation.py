"""300 store observation: the observation and its page snapshot (evidence), together or not at all.

Writes go into the run's batch transaction (`CrawlContext.session()`), each item in a SAVEPOINT.
The snapshot files of a batch are fsynced together just before the batch commits
(`parkwatch.store.evidence.fsync_at_commit`), not one fsync per file: still no observation is committed
whose evidence file is not on disk.
"""

from __future__ import annotations

import logging

from crawler.items import LotPriceItem
from crawler.pipelines.base import WorkerPipeline
from crawler.snapshot import store_page_snapshot
from parkwatch.store.evidence import fsync_at_commit
from parkwatch.store.services.observations import ObservationInput, record_observation

logger = logging.getLogger(__name__)


class StoreObservationPipeline(WorkerPipeline):
    def process(self, item: LotPriceItem) -> LotPriceItem:
        definition = self.ctx.definition
        captured_at = item["captured_at"]
        session = self.ctx.session()
        fsync_at_commit(session)
        try:
            with session.begin_nested():  # a SAVEPOINT: this item alone rolls back on failure
                sha = store_page_snapshot(
                    session, item.get("snapshot") or b"", item.get("snapshot_media_type") or "text/html", captured_at
                )
                observation = record_observation(  # the store's write path for every channel
                    session,
                    ObservationInput(
                        kind="web",
                        captured_at=captured_at,
                        lot_id=item.get("lot_id"),
                        source_id=self.ctx.source_id,
                        url=item.get("url"),
                        source_ref=item.get("source_ref"),
                        raw_text=item.get("price_text"),
                        board=item.get("board"),
                        tariff=item.get("tariff"),
                        fee_grid_hash=item.get("fee_grid_hash"),
                        evidence_sha256=sha,
                        created_by=f"crawler:{definition.key}" if definition else "crawler",
                        is_demo=bool(definition and definition.is_demo),
                    ),
                )
                item["observation_id"] = observation.id
                item["evidence_sha256"] = sha
        except Exception:
            # nothing half-stored (the transaction rolled back); counted as an error of the run
            logger.exception("could not store the observation of %s", item.get("url"))
            self.ctx.store_errors += 1
            item["observation_id"] = None
            return item
        self.ctx.stored += 1
        return item
