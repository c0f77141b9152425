"""400 price change: a new price_versions row only when the posted prices actually changed.

"Changed" means the fee grid hash (`parkwatch.core.fee.fee_grid_hash`: the fees of every vehicle class
over the grid of stays and start times) differs from the lot's latest version from this source;
rewording a page without changing what anyone pays makes no new version. A grid that differs while the
price text is the one the latest version was read from means the reader changed (a new release), not the
price: that version takes the new reading (`reread_same_posting`), and no change is counted.
"""

from __future__ import annotations

from sqlalchemy import select

from crawler.items import LotPriceItem
from crawler.pipelines.base import WorkerPipeline
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import Observation, PriceVersion
from parkwatch.store.services.observations import record_price_version, reread_same_posting


class PriceChangePipeline(WorkerPipeline):
    def _load_latest(self) -> dict[int, str]:
        """lot id -> fee grid hash of its latest version from this source (one query a run)."""
        latest: dict[int, str] = {}
        with read_session(self.ctx.engine) as session:
            rows = session.execute(
                select(PriceVersion.lot_id, PriceVersion.fee_grid_hash)
                .where(PriceVersion.source_id == self.ctx.source_id)
                .order_by(PriceVersion.valid_from, PriceVersion.id)
            )
            for lot_id, grid_hash in rows:
                latest[lot_id] = grid_hash
        self.ctx.latest_hash = latest
        return latest

    def process(self, item: LotPriceItem) -> LotPriceItem:
        # the last pipeline that writes: the item's writes are complete after it (batch commit point)
        try:
            return self._process(item)
        finally:
            self.ctx.item_done()

    def _process(self, item: LotPriceItem) -> LotPriceItem:
        item["price_changed"] = False
        lot_id, grid_hash, obs_id = item.get("lot_id"), item.get("fee_grid_hash"), item.get("observation_id")
        if not (lot_id and grid_hash and obs_id):
            return item
        latest = self.ctx.latest_hash if self.ctx.latest_hash is not None else self._load_latest()
        previous = latest.get(lot_id)
        if previous == grid_hash:
            return item
        session = self.ctx.session()
        with session.begin_nested():
            observation = session.get(Observation, obs_id)  # stored by 300 in this transaction: no query
            assert observation is not None
            tariff = item.get("tariff")
            if previous is not None and reread_same_posting(
                session, observation, fee_grid_hash=grid_hash, tariff=tariff
            ):
                latest[lot_id] = grid_hash
                self.ctx.rereads += 1
                return item
            record_price_version(session, observation, fee_grid_hash=grid_hash, tariff=tariff)
        latest[lot_id] = grid_hash
        self.ctx.price_versions += 1
        if previous is not None:
            self.ctx.price_changes += 1
            item["price_changed"] = True
        return item
