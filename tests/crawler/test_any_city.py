"""A second city's portal added with one YAML and no Python (issue #16), one test per new YAML capability,
against saved pages of a layout unlike the Yueyang demo portal's (fixtures/zhuzhou_site/, a copy of the
generated Zhuzhou demo portal): list rows, fields carried from the list, the lot's id from the URL, the
source's city, the page's pricing form and approval number, a "no price published" marker, a GBK page, a
malformed definition beside good ones, and a definition folder given on the command line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from scrapy.http import HtmlResponse, Request
from sqlalchemy import select
from typer.testing import CliRunner

from crawler.items import LotPriceItem
from crawler.pipelines.validate import pricing_form_code, validate_item
from crawler.sources import SourceError, load_folder, parse_source, resolve_city
from crawler.spiders.base import SourceSpider
from parkwatch.cli import app
from parkwatch.settings import PROJECT_ROOT

SITE = Path(__file__).parent / "fixtures" / "zhuzhou_site"
BASE = "http://zz.test"
DEFINITION = PROJECT_ROOT / "data" / "sources" / "demo_zhuzhou.yaml"
runner = CliRunner()


def _data(**changes: object) -> dict:
    data = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _spider(**changes: object) -> SourceSpider:
    return SourceSpider(name="demo_zhuzhou", definition=parse_source(_data(**changes)))


def _page(path: str) -> HtmlResponse:
    url = f"{BASE}/{path}"
    # no encoding given: the page's own <meta charset> decides (the GBK page says gbk)
    return HtmlResponse(url=url, body=(SITE / path).read_bytes(), request=Request(url))


def _detail(spider: SourceSpider, path: str, carried: dict[str, str] | None = None) -> LotPriceItem:
    (item,) = spider.parse_detail(_page(path), carried=carried)
    return item


# --- the definition ------------------------------------------------------------------------------


def test_a_one_city_portal_must_name_its_city_and_the_city_must_be_known() -> None:
    with pytest.raises(SourceError, match="city"):
        parse_source(_data(city=None))
    with pytest.raises(SourceError, match="unknown city 'gotham'"):
        parse_source(_data(city="gotham"))
    # a portal of several cities reads the city from its pages instead
    fields = {**_data()["fields"], "city": {"css": "h1.city"}}
    assert parse_source(_data(city=None, fields=fields)).city is None


def test_every_hunan_city_is_a_known_city_by_id_or_by_name() -> None:
    ids = ["changsha", "zhuzhou", "xiangtan", "hengyang", "shaoyang", "yueyang", "changde", "zhangjiajie"]
    ids += ["yiyang", "chenzhou", "yongzhou", "huaihua", "loudi", "xiangxi"]
    assert [resolve_city(i) for i in ids] == ids
    assert (resolve_city("株洲市"), resolve_city("株洲"), resolve_city("湘西土家族苗族自治州")) == (
        "zhuzhou",
        "zhuzhou",
        "xiangxi",
    )
    assert resolve_city("哥谭市") is None


def test_a_carried_field_must_be_a_lot_field_and_a_marker_may_be_one_word() -> None:
    bad_list = {**_data()["list"], "carry": {"colour": {"css": "td"}}}
    with pytest.raises(SourceError, match="colour"):
        parse_source(_data(list=bad_list))
    assert parse_source(_data(no_price_markers="暂未公示")).no_price_markers == ("暂未公示",)


# --- reading the pages ---------------------------------------------------------------------------


def test_list_rows_carry_their_district_and_zone_into_the_lot_pages_they_link_to() -> None:
    spider = _spider()
    links = list(spider.list_links(_page("gs/list-1.html")))
    assert len(links) == 5
    assert links[0] == ("detail/zz-0001.html", {"district": "天元区", "zone": "一类区域"})
    item = _detail(spider, "gs/detail/zz-0001.html", carried=links[0][1])
    assert (item["district"], item["zone"], item["city"]) == ("天元区", "一类区域", "zhuzhou")
    # a row without a zone carries none
    rows = dict(spider.list_links(_page("gs/list-2.html")))
    assert rows["detail/zz-0010.html"] == {"district": "渌口区"}


def test_the_lots_id_comes_from_the_url_of_its_page() -> None:
    item = _detail(_spider(), "gs/detail/zz-0007.html")
    assert item["source_ref"] == "zz-0007"


def test_the_pages_pricing_form_and_fee_basis_are_read_from_its_dl() -> None:
    item = validate_item(_detail(_spider(), "gs/detail/zz-0002.html"))
    assert (item["pricing_form"], item["approval_ref"]) == ("政府指导价", "株发改价〔2025〕3号")
    assert item["board"]["page"]["pricing_form"] == "guided"
    assert item["board"]["page"]["approval_ref"] == "株发改价〔2025〕3号"
    market = validate_item(_detail(_spider(), "gs/detail/zz-0001.html"))
    assert market["board"]["page"]["pricing_form"] == "market" and "approval_ref" not in market["board"]["page"]
    assert (pricing_form_code("政府定价"), pricing_form_code("见现场")) == ("government", None)


def test_a_page_in_gbk_is_decoded_by_its_meta_charset() -> None:
    item = _detail(_spider(), "gs/detail/zz-0006.html")
    assert item["name"] == "荷塘月塘停车场（演示）" and item["operator"] == "株洲月塘物业服务有限公司"
    assert validate_item(item).is_valid


def test_a_page_that_says_no_price_is_posted_is_valid_and_recorded_as_no_price() -> None:
    item = validate_item(_detail(_spider(), "gs/detail/zz-0008.html"))
    assert item["no_price"] and item.is_valid and item["tariff"] is None
    assert any("暂未公示" in a for a in item["alerts"])
    assert item["board"]["fields"]["operator"]["value"] == "株洲石峰园林停车有限公司"  # PD001 sees a charging lot
    # without the marker the same page is an unread tariff: invalid, as before
    plain = validate_item(_detail(_spider(no_price_markers=[]), "gs/detail/zz-0008.html"))
    assert not plain["no_price"] and not plain.is_valid


def test_an_all_day_cell_does_not_leave_a_fully_read_line_unread() -> None:
    """A 时段 cell "全天" is the whole day (it once left the line unread, and PR006 alerted falsely)."""
    from parkwatch.core.board_reader import read_board

    record = read_board("车型 时段 收费标准\n小型车 全天 首小时5元，之后每小时2元\n大型车 全天 每小时4元")
    assert record.tariff is not None and record.tariff.has_prices()
    assert record.unread == () and record.complete


# --- the folder of definitions ---------------------------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(parents=True)
    shutil.copy(DEFINITION, folder / "demo_zhuzhou.yaml")
    (folder / "broken.yaml").write_text("key: broken\nname: [unclosed\n", encoding="utf-8")
    return folder


def test_one_malformed_definition_is_named_and_the_others_still_load(tmp_path: Path) -> None:
    good, broken = load_folder(_folder(tmp_path))
    assert list(good) == ["demo_zhuzhou"]
    assert list(broken) == ["broken.yaml"] and "not valid YAML" in broken["broken.yaml"]


def test_crawl_list_reads_a_folder_of_ones_own_and_lists_a_broken_file_as_broken(tmp_path: Path) -> None:
    result = runner.invoke(app, ["crawl", "--sources", str(_folder(tmp_path)), "--list"])
    assert result.exit_code == 1, result.output
    assert "demo_zhuzhou" in result.output and "zhuzhou" in result.output
    assert "broken.yaml" in result.output and "broken" in result.output
    assert "demo_portal" not in result.output  # the default folder was not read
    named = runner.invoke(app, ["crawl", "--sources", str(_folder(tmp_path / "again")), "broken"])
    assert named.exit_code == 2 and "broken.yaml" in named.output


def test_crawl_refuses_a_sources_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = runner.invoke(app, ["crawl", "--sources", str(tmp_path / "nowhere"), "--list"])
    assert result.exit_code == 2 and "nowhere" in result.output


# --- a real crawl over HTTP ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_real_crawl_of_the_second_city_stores_its_lots_under_its_city(sqlite_engine, tmp_path: Path) -> None:
    from crawler.runner import run_crawl
    from demo.portal_server import DemoServer
    from parkwatch.store.db.engine import read_session
    from parkwatch.store.db.models import Lot, SourceRun

    url = sqlite_engine.url.render_as_string(hide_password=False)
    folder = _folder(tmp_path)
    kept = {**_data(), "create_unknown_lots": False}
    (folder / "demo_zhuzhou.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    with DemoServer(SITE) as server:
        # a fresh database and no create_unknown_lots: every page is unmatched, and the run says so by name
        (first,) = run_crawl(["demo_zhuzhou"], db_url=url, base_url=server.url, sources_dir=folder)
        assert first.status == "ok" and first.unmatched == 12, first.log_tail
        assert "荷塘月塘停车场（演示）" in first.detail["unmatched_names"]
        assert any("未匹配" in note and "12" in note for note in first.notes())
        shutil.copy(DEFINITION, folder / "demo_zhuzhou.yaml")
        (second,) = run_crawl(["demo_zhuzhou"], db_url=url, base_url=server.url, sources_dir=folder)
        paths = server.requested_paths()
    assert (second.status, second.items, second.valid, second.no_price) == ("ok", 12, 12, 2), second.log_tail
    assert sorted(second.detail["no_price_names"]) == ["渌口古镇停车场（演示）", "石峰公园停车场（演示）"]
    assert "/internal/draft.html" not in paths  # robots.txt disallows it
    with read_session(sqlite_engine) as s:
        lots = {lot.name: lot for lot in s.scalars(select(Lot))}
        runs = s.scalars(select(SourceRun).order_by(SourceRun.id)).all()
    assert len(lots) == 12 and {lot.city for lot in lots.values()} == {"zhuzhou"}
    west = lots["株洲西站停车场（演示）"]
    assert (west.district, west.zone, west.pricing_form) == ("天元区", "一类区域", "unknown")
    assert lots["荷塘月塘停车场（演示）"].district == "荷塘区"  # the GBK page
    assert "未匹配停车场 unmatched lots ×12" in (runs[0].message or "")
    assert "暂未公示价格 no price posted ×2" in (runs[1].message or "")
