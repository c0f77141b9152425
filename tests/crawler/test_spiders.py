"""The declarative spiders on saved pages of the demo portal (no network)."""

from __future__ import annotations

import pytest
from crawler_test_helpers import fixture_info, html_response, json_response
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.items import LotPriceItem
from crawler.spiders.base import clean_text, element_text
from crawler.spiders.declared import DemoPortalSpider
from crawler.spiders.demo_app_api import DemoAppApiSpider


def _spider(cls):
    crawler = get_crawler(cls)
    return cls.from_crawler(crawler)


def test_a_list_page_yields_every_lot_link_and_the_next_page() -> None:
    spider = _spider(DemoPortalSpider)
    out = list(spider.parse(html_response("list_page_1.html", "lots/page-1.html")))
    urls = [r.url for r in out if isinstance(r, Request)]
    assert len(urls) == 11
    assert urls[-1] == "http://portal.test/lots/page-2.html"
    assert all(u.startswith("http://portal.test/lot/yy-") for u in urls[:-1])


def test_the_last_list_page_has_no_next_page() -> None:
    spider = _spider(DemoPortalSpider)
    out = list(spider.parse(html_response("list_page_last.html", "lots/page-4.html")))
    assert not any(r.url.endswith(".html") and "/lots/" in r.url for r in out)


@pytest.mark.parametrize("layout", ["rows", "table", "pre", "lines"])
def test_a_lot_page_in_each_price_layout_gives_all_fields_and_the_board_lines(layout: str) -> None:
    info = fixture_info()[f"detail_{layout}.html"]
    spider = _spider(DemoPortalSpider)
    (item,) = spider.parse_detail(html_response(f"detail_{layout}.html", info["path"]))
    assert isinstance(item, LotPriceItem)
    assert item["source_ref"] == info["key"]
    assert item["name"] == info["name"] and item["address"] == info["address"]
    assert 28 < item["latitude"] < 30 and 112 < item["longitude"] < 114
    assert item["operator"]
    lines = item["price_text"].split("\n")
    # one board field per line, in "label：value" form, whichever way the page laid it out
    assert any(line.startswith("收费标准") and "元" in line for line in lines)
    assert any(line.startswith("停车场名称") and info["name"] in line for line in lines)
    assert item["snapshot"].startswith(b"<!DOCTYPE html>")
    assert item["snapshot_media_type"] == "text/html"


def test_a_page_in_a_changed_layout_gives_an_item_without_its_required_fields() -> None:
    spider = _spider(DemoPortalSpider)
    (item,) = spider.parse_detail(html_response("detail_changed_layout.html", "lot/x.html"))
    assert item["name"] is None and item["price_text"] is None
    assert item["url"] == "http://portal.test/lot/x.html"


def test_the_app_api_yields_one_item_per_record_and_follows_the_next_page() -> None:
    spider = _spider(DemoAppApiSpider)
    out = list(spider.parse(json_response("api_page_1.json", "api/lots/page-1.json")))
    items = [o for o in out if isinstance(o, LotPriceItem)]
    requests = [o for o in out if isinstance(o, Request)]
    assert len(items) == 6
    assert [r.url for r in requests] == ["http://portal.test/api/lots/page-2.json"]
    first = items[0]
    assert first["source_ref"].startswith("yy-") and first["price_text"] and first["name"].endswith("（演示）")
    # the subclass splits the app's "lat,lng" string
    assert 28 < first["latitude"] < 30 and 112 < first["longitude"] < 114
    last = list(spider.parse(json_response("api_page_2.json", "api/lots/page-2.json")))
    assert not any(isinstance(o, Request) for o in last)


def test_element_text_turns_rows_and_cells_into_lines() -> None:
    from parsel import Selector

    sel = Selector(
        text="<div><table><tr><th>收费标准：</th><td>每30分钟<b>1</b>元</td></tr>"
        "<tr><td>封顶</td><td>20元</td></tr></table><p>a<br>b</p><script>x=1</script></div>"
    )
    text = clean_text(element_text(sel.css("div")[0]))
    assert text.split("\n") == ["收费标准： 每30分钟1元", "封顶 20元", "a", "b"]


def test_a_sources_delay_becomes_its_download_delay_below_command_line_settings() -> None:
    from scrapy.settings import Settings

    settings = Settings({"DOWNLOAD_DELAY": 2.0})
    DemoPortalSpider.update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.2
    settings = Settings()
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    DemoPortalSpider.update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0
