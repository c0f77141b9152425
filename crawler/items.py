"""The item a spider yields: one lot's posted prices as one page or API record showed them."""

from __future__ import annotations

import scrapy


class LotPriceItem(scrapy.Item):
    # filled by the spider
    source_key = scrapy.Field()
    url = scrapy.Field()
    captured_at = scrapy.Field()  # naive UTC datetime of the response
    source_ref = scrapy.Field()  # the lot's id at the source
    name = scrapy.Field()
    address = scrapy.Field()
    district = scrapy.Field()
    latitude = scrapy.Field()
    longitude = scrapy.Field()
    operator = scrapy.Field()
    price_text = scrapy.Field()
    city = scrapy.Field()  # a jurisdiction id or name (the page's, else the source's `city`)
    zone = scrapy.Field()  # 一类/二类/三类区域 where the city zones its tariffs
    pricing_form = scrapy.Field()  # 定价形式 as the page states it
    approval_ref = scrapy.Field()  # 收费依据 / approval number as the page states it
    no_price = scrapy.Field()  # True: the page says it publishes no price yet (a source's no_price_markers)
    snapshot = scrapy.Field()  # the raw page / JSON record bytes (stored gzip-compressed as evidence)
    snapshot_media_type = scrapy.Field()
    # filled by the pipelines
    problems = scrapy.Field()  # list[str]: why the item is not valid (missing fields, unread tariff)
    alerts = scrapy.Field()  # list[str]: things an inspector should look at
    board = scrapy.Field()  # BoardRecord.to_json()
    tariff = scrapy.Field()  # Tariff.to_json() or None
    fee_grid_hash = scrapy.Field()
    lot_id = scrapy.Field()
    source_city = scrapy.Field()  # the source definition's `city` (the default of `city`)
    city_id = scrapy.Field()  # the jurisdiction id the lot is judged by (from `city`)
    observation_id = scrapy.Field()
    evidence_sha256 = scrapy.Field()
    price_changed = scrapy.Field()

    @property
    def is_valid(self) -> bool:
        return not self.get("problems")
