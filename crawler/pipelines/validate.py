"""100 validate: required fields present; the price text read by the board reader into a tariff.

An item whose tariff cannot be read is NOT dropped: it keeps its text (stored as the observation's
raw text and the board record's `unread`) and gets a problem (it counts as invalid for the run's
health) and an alert in the board record's warnings.

The board reader and the fee function are imported with this module, when Scrapy loads the pipelines,
so their patterns compile while the crawler starts, not while the first page waits.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from crawler.items import LotPriceItem
from crawler.pipelines.base import ContextPipeline
from crawler.sources import REQUIRED_FIELDS
from parkwatch.core import board_reader
from parkwatch.core.fee import fee_grid_hash
from parkwatch.core.tariff import Tariff
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import PriceVersion

FIELD_LABELS = {"name": "停车场名称", "price_text": "收费标准文字"}
TARIFF_UNREAD = "收费标准无法读取 tariff could not be read"


@lru_cache(maxsize=2048)
def _grid_hash(tariff: Tariff) -> str:
    """fee_grid_hash, remembered per tariff: many lots of a portal post the same tariff."""
    return fee_grid_hash(tariff)


def canonical_tariff(tariff_json: dict[str, Any]) -> str:
    return json.dumps(tariff_json, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def validate_item(item: LotPriceItem, known_hashes: dict[str, str] | None = None) -> LotPriceItem:
    """Fill problems, alerts, board, tariff and fee_grid_hash of an item (pure apart from the item)."""
    problems: list[str] = list(item.get("problems") or [])
    alerts: list[str] = list(item.get("alerts") or [])
    for name in REQUIRED_FIELDS:
        if not item.get(name):
            problems.append(f"缺少字段 missing field: {name} ({FIELD_LABELS.get(name, name)})")
    item["tariff"] = None
    item["fee_grid_hash"] = None
    item["board"] = None
    text = item.get("price_text") or ""
    if text:
        record = board_reader.read_board(text)  # looked up at each call: tests put a fake in its place
        tariff = record.tariff
        if tariff is None or not tariff.has_prices():
            problems.append(TARIFF_UNREAD)
            alerts.append(f"alert: {TARIFF_UNREAD}; 请人工核对 needs review")
            if not record.unread:
                record = replace(record, unread=(text,))
        else:
            item["tariff"] = tariff.to_json()
            key = canonical_tariff(item["tariff"])
            known = known_hashes.get(key) if known_hashes is not None else None
            item["fee_grid_hash"] = known or _grid_hash(tariff)
            if known_hashes is not None:
                known_hashes[key] = item["fee_grid_hash"]
            if record.unread:
                alerts.append(
                    "alert: 部分收费文字未能读取 part of the price text was not read: "
                    + " | ".join(record.unread)[:300]
                )
        if alerts:
            record = replace(record, warnings=tuple(record.warnings) + tuple(alerts))
        item["board"] = record.to_json()
    item["problems"] = problems
    item["alerts"] = alerts
    return item


class ValidatePipeline(ContextPipeline):
    """Pure work on the item (the board reader and fee grid are CPU, not I/O): it runs where Scrapy
    calls it; only the run's first item reads the known fee grid hashes from the database."""

    def _known_hashes(self) -> dict[str, str]:
        """Tariffs this source already has versions of -> their stored fee grid hash (one query a run)."""
        if self.ctx.hash_by_tariff is None:
            known: dict[str, str] = {}
            if self.ctx.source_id is not None:
                with read_session(self.ctx.engine) as session:
                    for tariff, grid_hash in session.execute(
                        select(PriceVersion.tariff, PriceVersion.fee_grid_hash).where(
                            PriceVersion.source_id == self.ctx.source_id, PriceVersion.tariff.is_not(None)
                        )
                    ):
                        known[canonical_tariff(tariff)] = grid_hash
            self.ctx.hash_by_tariff = known
        return self.ctx.hash_by_tariff

    def process(self, item: LotPriceItem) -> LotPriceItem:
        validate_item(item, self._known_hashes())
        self.ctx.items += 1
        if item.is_valid:
            self.ctx.valid += 1
        for problem in item["problems"]:
            self.ctx.note_problem(problem.split(":")[0] if "missing field" in problem else problem)
        return item

    def process_item(self, item: LotPriceItem) -> LotPriceItem:
        return self.process(item)
