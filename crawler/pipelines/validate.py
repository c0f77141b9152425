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
from crawler.sources import REQUIRED_FIELDS, resolve_city
from parkwatch.core import board_reader
from parkwatch.core.board import BoardRecord, Reading
from parkwatch.core.fee import fee_grid_hash
from parkwatch.core.tariff import Tariff
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import PriceVersion

FIELD_LABELS = {"name": "停车场名称", "price_text": "收费标准文字"}
TARIFF_UNREAD = "收费标准无法读取 tariff could not be read"
NO_PRICE_ALERT = "alert: 页面注明暂未公示价格 the page says no price is posted yet"
# the page's words for a pricing form (the board reader's own reading of a price text wins)
_FORM_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("政府指导价", "指导价"), "guided"),
    (("政府定价",), "government"),
    (("市场调节价", "市场调节"), "market"),
)


@lru_cache(maxsize=2048)
def _grid_hash(tariff: Tariff) -> str:
    """fee_grid_hash, remembered per tariff: many lots of a portal post the same tariff."""
    return fee_grid_hash(tariff)


def canonical_tariff(tariff_json: dict[str, Any]) -> str:
    return json.dumps(tariff_json, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def pricing_form_code(text: str | None) -> str | None:
    """market / guided / government from a page's 定价形式 (or 收费依据) text; None when it says none."""
    if not text:
        return None
    for words, code in _FORM_WORDS:
        if any(w in text for w in words):
            return code
    return None


def page_facts(item: LotPriceItem) -> dict[str, Any]:
    """What the page (or its list row) says about the lot itself, kept with the observation."""
    facts = {
        "city": item.get("city_id"),
        "district": item.get("district"),
        "zone": item.get("zone"),
        "pricing_form": pricing_form_code(item.get("pricing_form")) or pricing_form_code(item.get("approval_ref")),
        "approval_ref": _approval_number(item.get("approval_ref")),
    }
    return {k: v for k, v in facts.items() if v}


def _approval_number(text: str | None) -> str | None:
    """An approval number (岳发改价〔2019〕12号) from a 收费依据 text; "市场调节价" is a form, not a number."""
    if not text or pricing_form_code(text) == "market":
        return None
    return text.strip()[:100] or None


def _resolve_city(item: LotPriceItem, alerts: list[str]) -> None:
    """The jurisdiction id the lot is judged by: the page's city if it names a known one, else the source's."""
    city = resolve_city(item.get("city"))
    if city is None and item.get("city"):
        alerts.append(f"alert: 页面所示城市未知 unknown city on the page: {item.get('city')}")
    item["city_id"] = city or resolve_city(item.get("source_city"))


def _add_page_fields(record: BoardRecord, facts: dict[str, Any]) -> BoardRecord:
    """The page's 定价形式 / approval number as board fields where the price text itself did not say them."""
    added = dict(record.fields)
    if facts.get("pricing_form") and "pricing_form" not in added:
        added["pricing_form"] = Reading(facts["pricing_form"])
    if facts.get("approval_ref") and "approval_number" not in added:
        added["approval_number"] = Reading(facts["approval_ref"])
    return replace(record, fields=added) if added != dict(record.fields) else record


def _no_price_record(item: LotPriceItem, text: str) -> BoardRecord:
    """The board record of a page that says it publishes no price: what it names, and no tariff."""
    record = board_reader.read_board(text) if text else BoardRecord(text="")
    fields = dict(record.fields)
    if item.get("operator") and "operator" not in fields:
        fields["operator"] = Reading(item["operator"])
    return replace(record, fields=fields, tariff=None, unread=(), warnings=(*record.warnings, NO_PRICE_ALERT))


def validate_item(item: LotPriceItem, known_hashes: dict[str, str] | None = None) -> LotPriceItem:
    """Fill problems, alerts, board, tariff and fee_grid_hash of an item (pure apart from the item)."""
    problems: list[str] = list(item.get("problems") or [])
    alerts: list[str] = list(item.get("alerts") or [])
    no_price = bool(item.get("no_price"))
    for name in REQUIRED_FIELDS:
        if not item.get(name) and not (no_price and name == "price_text"):
            problems.append(f"缺少字段 missing field: {name} ({FIELD_LABELS.get(name, name)})")
    _resolve_city(item, alerts)
    facts = page_facts(item)
    item["tariff"] = None
    item["fee_grid_hash"] = None
    item["board"] = None
    text = item.get("price_text") or ""
    if no_price:
        # a page that says 暂未公示: no price posted (PD001 judges it), not a page the selectors missed
        alerts.append(NO_PRICE_ALERT)
        item["board"] = {**_add_page_fields(_no_price_record(item, text), facts).to_json(), "page": facts}
    elif text:
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
        item["board"] = {**_add_page_fields(record, facts).to_json(), "page": facts}
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
        if self.ctx.definition is not None:
            item["source_city"] = self.ctx.definition.city
        validate_item(item, self._known_hashes())
        self.ctx.items += 1
        if item.is_valid:
            self.ctx.valid += 1
        if item.get("no_price"):
            self.ctx.no_price.append(str(item.get("name") or item.get("url")))
        for problem in item["problems"]:
            self.ctx.note_problem(problem.split(":")[0] if "missing field" in problem else problem)
        return item

    def process_item(self, item: LotPriceItem) -> LotPriceItem:
        return self.process(item)
