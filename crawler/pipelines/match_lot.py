"""200 match lot: find the known lot a page is about — by the source's id for it, then name + address.

1. an earlier observation from the same source with the same `source_ref` that was matched to a lot;
2. the same name and address (compared after normalising spaces, punctuation width and the "（演示）"
   label position), or the same name alone when the page gives no address and the name is unique;
3. otherwise, if the source says `create_unknown_lots: true`, a new lot in the page's city (its district
   and zone as the page says; its pricing form stays "unknown": what the page says of it is kept on the
   observation, see `parkwatch.store.services.lots.stated_facts`); else the item stays unmatched (stored
   without a lot, with an alert, and named in the run's summary and source health).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import select

from crawler.items import LotPriceItem
from crawler.pipelines.base import WorkerPipeline
from parkwatch.store.clock import utc_now
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import Lot, Observation
from parkwatch.store.services.lots import PLACE_FIELDS, LotInput, create_lot

_DROP = re.compile(r"[\s·•,，.。、()（）\-—_]+")


def normalise(text: str | None) -> str:
    if not text:
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


class MatchLotPipeline(WorkerPipeline):
    def _load_index(self) -> None:
        index: dict[tuple[str, str], int] = {}
        names: dict[str, list[int]] = {}
        with read_session(self.ctx.engine) as session:
            for lot_id, name, address in session.execute(select(Lot.id, Lot.name, Lot.address)):
                index.setdefault((normalise(name), normalise(address)), lot_id)
                names.setdefault(normalise(name), []).append(lot_id)
        self.ctx.lot_index, self.ctx.lot_names = index, names

    def _load_refs(self) -> dict[str, int]:
        """source_ref -> lot id of this source's latest matched observation per ref (one query a run)."""
        refs: dict[str, int] = {}
        if self.ctx.source_id is not None:
            with read_session(self.ctx.engine) as session:
                rows = session.execute(
                    select(Observation.source_ref, Observation.lot_id)
                    .where(
                        Observation.source_id == self.ctx.source_id,
                        Observation.source_ref.is_not(None),
                        Observation.lot_id.is_not(None),
                    )
                    .order_by(Observation.captured_at, Observation.id)
                )
                for ref, lot_id in rows:
                    if ref is not None and lot_id is not None:  # never None (the query filters them out)
                        refs[ref] = lot_id  # later rows win: the latest match
        self.ctx.lots_by_ref = refs
        return refs

    def by_source_ref(self, ref: str) -> int | None:
        refs = self.ctx.lots_by_ref if self.ctx.lots_by_ref is not None else self._load_refs()
        return refs.get(ref)

    def by_name_address(self, name: str | None, address: str | None) -> int | None:
        if not name:
            return None
        if self.ctx.lot_index is None:
            self._load_index()
        assert self.ctx.lot_index is not None and self.ctx.lot_names is not None
        key = (normalise(name), normalise(address))
        if address:
            return self.ctx.lot_index.get(key)
        ids = self.ctx.lot_names.get(key[0], [])
        return ids[0] if len(ids) == 1 else None

    def create_lot(self, item: LotPriceItem) -> int:
        """A new lot through the store's lot service (audited), in the run's batch transaction."""
        definition = self.ctx.definition
        place: dict[str, Any] = {name: item.get(name) for name in PLACE_FIELDS}
        session = self.ctx.session()
        with session.begin_nested():
            lot = create_lot(
                session,
                LotInput(
                    **place,
                    city=item.get("city_id") or "yueyang",
                    zone=item.get("zone"),
                    is_demo=bool(definition and definition.is_demo),
                ),
                actor=f"crawler:{definition.key}" if definition else "crawler",
                now=item.get("captured_at") or utc_now(),
            )
            lot_id = lot.id
        if self.ctx.lot_index is not None and self.ctx.lot_names is not None:
            self.ctx.lot_index[(normalise(item["name"]), normalise(item.get("address")))] = lot_id
            self.ctx.lot_names.setdefault(normalise(item["name"]), []).append(lot_id)
        return lot_id

    def process(self, item: LotPriceItem) -> LotPriceItem:
        lot_id = None
        if item.get("source_ref"):
            lot_id = self.by_source_ref(str(item["source_ref"]))
        if lot_id is None:
            lot_id = self.by_name_address(item.get("name"), item.get("address"))
        if lot_id is None and item.get("name") and self.ctx.definition and self.ctx.definition.create_unknown_lots:
            lot_id = self.create_lot(item)
        if lot_id is None:
            self.ctx.unmatched += 1
            self.ctx.unmatched_names.append(str(item.get("name") or item.get("source_ref") or item.get("url")))
            item.setdefault("alerts", []).append("alert: 未匹配到已知停车场 no known lot matches this page")
        elif item.get("source_ref"):
            refs = self.ctx.lots_by_ref if self.ctx.lots_by_ref is not None else self._load_refs()
            refs[str(item["source_ref"])[:200]] = lot_id
        item["lot_id"] = lot_id
        return item
