"""The demo app API: declarative, except that the app gives coordinates as one "lat,lng" string."""

from __future__ import annotations

from scrapy.http import Response

from crawler.spiders.base import SourceSpider, _to_float


class DemoAppApiSpider(SourceSpider):
    name = "demo_app_api"
    source_key = "demo_app_api"

    def _parse_latitude(self, value: str | None, response: Response) -> float | None:
        return _to_float(value.split(",")[0], -90, 90) if value and "," in value else None

    def _parse_longitude(self, value: str | None, response: Response) -> float | None:
        return _to_float(value.split(",")[1], -180, 180) if value and "," in value else None
