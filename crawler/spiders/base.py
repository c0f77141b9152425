"""The declarative base spider: a source definition plus small `_parse_<field>` helpers.

`SourceSpider` reads list pages (HTML) or API pages (JSON) as its definition says and yields one
`LotPriceItem` per lot page / API record. A source that needs code is a small subclass that sets
`name` and overrides a `_parse_<field>(value, response)` helper or two (see `demo_app_api.py`).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import jmespath
import scrapy
from parsel import Selector, SelectorList
from scrapy.http import Response, TextResponse

from crawler.items import LotPriceItem
from crawler.sources import ITEM_FIELDS, FieldSpec, SourceDefinition, load_source
from parkwatch.store.clock import pinned_or_now

_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "tr",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dd",
        "dt",
        "dl",
        "section",
        "article",
        "table",
        "tbody",
        "thead",
        "ul",
        "ol",
        "pre",
        "header",
        "footer",
    ]
)
_CELL_TAGS = frozenset(("td", "th"))
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


def element_text(node: Selector) -> str:
    """Visible text of a node: block elements become lines, table cells are separated by a space."""
    root = node.root
    if isinstance(root, str):
        return root
    parts: list[str] = []

    def walk(el: Any, with_tail: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in ("script", "style") and isinstance(el.tag, str):
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            elif tag in _CELL_TAGS:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child, True)
            if tag in _BLOCK_TAGS:
                parts.append("\n")
        if with_tail and el.tail:
            parts.append(el.tail)

    walk(root, False)
    return "".join(parts)


def clean_text(text: str) -> str:
    """One space between words, no blank lines, lines stripped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def select_html(response: Response | Selector, spec: FieldSpec, url: str | None = None) -> list[str]:
    """The texts a spec selects in a page (or in one row of it); `url` is the page's address."""
    fixed = _fixed(spec, url if url is not None else getattr(response, "url", None))
    if fixed is not None:
        return fixed
    nodes: SelectorList[Selector] = response.css(spec.css) if spec.css else response.xpath(spec.xpath or "")
    return [element_text(node) for node in nodes]


def _fixed(spec: FieldSpec, url: str | None) -> list[str] | None:
    """A value that is not selected from the content: the page's own URL, or a fixed text."""
    if spec.url:
        return [url] if url else []
    if spec.value is not None:
        return [spec.value]
    return None


def select_json(record: Any, spec: FieldSpec, url: str | None = None) -> list[str]:
    fixed = _fixed(spec, url)
    if fixed is not None:
        return fixed
    found = jmespath.search(spec.path or "", record)
    if found is None:
        return []
    values = found if isinstance(found, list) else [found]
    return [v if isinstance(v, str) else str(v) for v in values if v is not None]


def apply_spec(values: list[str], spec: FieldSpec) -> str | None:
    """Reduce the selected values to one text as the spec says (first or all joined, regex)."""
    values = [clean_text(v) for v in values]
    values = [v for v in values if v]
    if not values:
        return None
    text = spec.join.join(values) if spec.all else values[0]
    if spec.re:
        match = re.search(spec.re, text)
        if not match:
            return None
        text = match.group(1) if match.groups() else match.group(0)
    return text.strip() or None


class SourceSpider(scrapy.Spider):
    """Crawls one source as its definition (data/sources/<name>.yaml) declares."""

    name: str = ""  # subclasses and generated classes set the source key (empty: not listed)
    source_key: str | None = None

    def __init__(
        self, *args: Any, definition: SourceDefinition | None = None, base_url: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition or load_source(self.source_key or self.name)
        self.base_url_override = base_url

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        key = cls.source_key or cls.name
        try:
            delay = load_source(key).delay_seconds
        except Exception:
            return
        settings.set("DOWNLOAD_DELAY", delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", delay, priority="spider")

    # --- requests ---------------------------------------------------------------------------------

    def base_url(self) -> str:
        override = self.base_url_override
        if override is None and getattr(self, "crawler", None) is not None:
            override = self.crawler.settings.get("PARKWATCH_BASE_URL")
        return self.definition.resolved_base_url(override)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.definition.resolved_start_urls(self.base_url()):
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if self.definition.kind == "api":
            yield from self.parse_api(response)
        elif self.definition.list is not None:
            yield from self.parse_list(response)
        else:
            yield from self.parse_detail(response)

    def parse_list(self, response: Response) -> Iterator[Any]:
        spec = self.definition.list
        assert spec is not None
        links = list(self.list_links(response))
        if not links:
            self.logger.warning("list page without lot links (layout changed?): %s", response.url)
            self.crawler.stats.inc_value("parkwatch/empty_list_pages")
        for link, carried in links:
            yield response.follow(link, callback=self.parse_detail, cb_kwargs={"carried": carried})
        if spec.next_page is not None:
            nxt = apply_spec(select_html(response, spec.next_page), spec.next_page)
            if nxt:
                yield response.follow(nxt, callback=self.parse_list)

    def list_links(self, response: Response) -> Iterator[tuple[str, dict[str, str]]]:
        """(lot page link, fields carried from the list) per lot of a list page: per row when the
        definition names rows, else every link with the fields read once on the page."""
        spec = self.definition.list
        assert spec is not None
        scopes: list[Response | Selector] = [response]
        if spec.rows is not None:
            scopes = list(response.css(spec.rows.css) if spec.rows.css else response.xpath(spec.rows.xpath or ""))
        for scope in scopes:
            carried = {}
            for name, field_spec in spec.carry.items():
                value = apply_spec(select_html(scope, field_spec, response.url), field_spec)
                if value:
                    carried[name] = value
            for link in select_html(scope, spec.item_links, response.url):
                if link.strip():
                    yield link.strip(), carried

    def parse_detail(self, response: Response, carried: dict[str, str] | None = None) -> Iterator[LotPriceItem]:
        values = {name: apply_spec(select_html(response, spec), spec) for name, spec in self.definition.fields.items()}
        for name, value in (carried or {}).items():
            if not values.get(name):  # the lot page's own value wins over the list's
                values[name] = value
        yield self.make_item(values, response, response.body, _media_type(response, "text/html"))

    def parse_api(self, response: Response) -> Iterator[Any]:
        api = self.definition.api
        assert api is not None
        try:
            if not isinstance(response, TextResponse):  # a binary body: not JSON either
                raise ValueError(response.url)
            data = response.json()
        except ValueError:
            self.logger.error("API response is not JSON: %s", response.url)
            self.crawler.stats.inc_value("parkwatch/bad_json")
            return
        records = jmespath.search(api.items_path, data) or []
        if not isinstance(records, list):
            self.logger.error("API items_path %r is not a list at %s", api.items_path, response.url)
            records = []
        for record in records:
            values = {
                name: apply_spec(select_json(record, spec, response.url), spec)
                for name, spec in self.definition.fields.items()
            }
            yield self.make_item(values, response, response.body, _media_type(response, "application/json"))
        if api.next_page_path:
            nxt = jmespath.search(api.next_page_path, data)
            if isinstance(nxt, str) and nxt:
                yield response.follow(nxt, callback=self.parse_api)

    def now(self) -> datetime:
        """Capture time, an aware UTC instant; the PARKWATCH_NOW setting pins it (reproducible demo runs)."""
        pinned = self.crawler.settings.get("PARKWATCH_NOW") if getattr(self, "crawler", None) else None
        return pinned_or_now(pinned)

    # --- fields -----------------------------------------------------------------------------------

    def make_item(
        self, values: dict[str, str | None], response: Response, snapshot: bytes, media_type: str
    ) -> LotPriceItem:
        item = LotPriceItem(
            source_key=self.definition.key,
            url=response.url,
            captured_at=self.now(),
            snapshot=snapshot,
            snapshot_media_type=media_type,
            problems=[],
            alerts=[],
        )
        for name in ITEM_FIELDS:
            parser = getattr(self, f"_parse_{name}", None)
            value = values.get(name)
            item[name] = parser(value, response) if parser is not None else value
        item["city"] = item.get("city") or self.definition.city
        item["no_price"] = self.says_no_price(item.get("price_text"), response)
        return item

    def says_no_price(self, price_text: str | None, response: Response) -> bool:
        """The page says it publishes no price yet (one of the definition's `no_price_markers`): in the
        price text, or anywhere on the page when the price text is missing."""
        markers = self.definition.no_price_markers
        if not markers:
            return False
        if price_text:
            return any(marker in price_text for marker in markers)
        body = response.text if isinstance(response, TextResponse) else ""
        return any(marker in body for marker in markers)

    def _parse_latitude(self, value: str | None, response: Response) -> float | None:
        return _to_float(value, -90, 90)

    def _parse_longitude(self, value: str | None, response: Response) -> float | None:
        return _to_float(value, -180, 180)

    def _parse_name(self, value: str | None, response: Response) -> str | None:
        return clean_text(value).replace("\n", " ") if value else None

    def _parse_address(self, value: str | None, response: Response) -> str | None:
        return clean_text(value).replace("\n", " ") if value else None


def _to_float(value: str | None, low: float, high: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


def _media_type(response: Response, default: str) -> str:
    header = response.headers.get(b"Content-Type")
    if not header:
        return default
    return header.decode("latin-1").split(";")[0].strip() or default
