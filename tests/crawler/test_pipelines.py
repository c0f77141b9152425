"""The pipelines on a migrated SQLite database, one item at a time (no Scrapy engine, no network).

The board reader is replaced by a small fake here so these tests pin the pipelines' own behaviour;
the real reader runs in the real crawl test (test_real_crawl.py).
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import datetime

import pytest
from sqlalchemy import func, select

import parkwatch.core.board_reader
from crawler.context import CrawlContext
from crawler.health import judge_run
from crawler.items import LotPriceItem
from crawler.pipelines.match_lot import MatchLotPipeline, normalise
from crawler.pipelines.price_change import PriceChangePipeline
from crawler.pipelines.source_health import SourceHealthPipeline
from crawler.pipelines.store_observation import StoreObservationPipeline
from crawler.pipelines.validate import TARIFF_UNREAD, ValidatePipeline
from crawler.snapshot import snapshot_path
from crawler.sources import load_source
from parkwatch.core.board import BoardRecord
from parkwatch.core.tariff import ClassTariff, Segment, Tariff
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Evidence, Lot, Observation, PriceVersion, Source, SourceRun
from tests.rows import lot_row, stored_id

NOW = datetime(2026, 3, 1, 9, 0)


def fake_read_board(text: str, line_confidences=None) -> BoardRecord:
    """每小时N元 → a tariff of N yuan per hour; anything else → nothing read."""
    import re

    m = re.search(r"每小时(\d+)元", text)
    if not m:
        return BoardRecord(text=text)
    tariff = Tariff(classes=(ClassTariff(vehicle="all", segments=(Segment(0, None, 60, m.group(1)),)),))
    return BoardRecord(text=text, tariff=tariff)


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parkwatch.core.board_reader, "read_board", fake_read_board)


@pytest.fixture
def ctx(sqlite_engine, fake_reader) -> CrawlContext:
    context = CrawlContext(engine=sqlite_engine)
    SourceHealthPipeline(context).open_run(load_source("demo_portal"), NOW)
    return context


def _lot(engine, name: str, address: str) -> int:
    with write_session(engine) as s:
        return stored_id(s, lot_row(name, NOW, address=address, is_demo=True))


def _item(
    price: str | None = "收费标准：每小时3元",
    name: str | None = "南湖停车场（演示）",
    address: str = "岳阳市南湖大道1号",
    ref: str = "yy-9001",
    body: bytes = b"<html>page</html>",
) -> LotPriceItem:
    return LotPriceItem(
        source_key="demo_portal",
        url=f"http://portal.test/lot/{ref}.html",
        captured_at=NOW,
        source_ref=ref,
        name=name,
        address=address,
        district="南湖新区",
        latitude=29.3,
        longitude=113.1,
        operator="演示公司",
        price_text=price,
        snapshot=body,
        snapshot_media_type="text/html",
        problems=[],
        alerts=[],
    )


def _run_all(ctx: CrawlContext, item: LotPriceItem) -> LotPriceItem:
    for cls in (ValidatePipeline, MatchLotPipeline, StoreObservationPipeline, PriceChangePipeline):
        item = cls(ctx).process(item)
    return item


def test_a_readable_page_is_valid_and_gets_a_fee_grid_hash(ctx: CrawlContext) -> None:
    item = ValidatePipeline(ctx).process(_item())
    assert item.is_valid and item["fee_grid_hash"] and len(item["fee_grid_hash"]) == 64
    assert item["tariff"]["classes"][0]["vehicle"] == "all"
    assert ctx.items == 1 and ctx.valid == 1


def test_an_unreadable_tariff_is_kept_with_its_text_and_an_alert_not_dropped(ctx: CrawlContext) -> None:
    item = _run_all(ctx, _item(price="收费标准：请咨询管理处"))
    assert not item.is_valid and TARIFF_UNREAD in item["problems"]
    assert item["board"]["unread"] == ["收费标准：请咨询管理处"]
    assert any(w.startswith("alert:") for w in item["board"]["warnings"])
    with read_session(ctx.engine) as s:
        obs = s.get(Observation, item["observation_id"])
        assert obs.raw_text == "收费标准：请咨询管理处" and obs.tariff is None and obs.fee_grid_hash is None
    assert ctx.valid == 0 and ctx.stored == 1


def test_a_page_without_its_required_fields_is_stored_as_an_invalid_observation(ctx: CrawlContext) -> None:
    item = _run_all(ctx, _item(price=None, name=None))
    assert len(item["problems"]) == 2 and item["lot_id"] is None
    with read_session(ctx.engine) as s:
        assert s.get(Observation, item["observation_id"]).lot_id is None


def test_lots_match_by_name_and_address_ignoring_width_and_spaces(ctx: CrawlContext) -> None:
    lot_id = _lot(ctx.engine, "南湖停车场（演示）", "岳阳市南湖大道1号")
    assert normalise("南湖停车场(演示) ") == normalise("南湖停车场（演示）")
    item = _run_all(ctx, _item(name="南湖停车场(演示)", address="岳阳市 南湖大道1号"))
    assert item["lot_id"] == lot_id


def test_a_lot_matched_once_is_found_again_by_the_sources_own_id(ctx: CrawlContext) -> None:
    lot_id = _lot(ctx.engine, "南湖停车场（演示）", "岳阳市南湖大道1号")
    _run_all(ctx, _item())
    # the page renamed the lot: the source's id for it still finds the same lot
    item = _run_all(ctx, _item(name="南湖智慧停车场（演示）", address="南湖大道一号"))
    assert item["lot_id"] == lot_id


def test_an_unknown_lot_stays_unmatched_with_an_alert_unless_the_source_creates_lots(ctx: CrawlContext) -> None:
    item = _run_all(ctx, _item(name="无名停车场", address="无名路"))
    assert item["lot_id"] is None and any("未匹配" in a for a in item["alerts"])
    ctx.definition = ctx.definition.model_copy(update={"create_unknown_lots": True})
    item = _run_all(ctx, _item(name="无名停车场", address="无名路", ref="yy-9002"))
    with read_session(ctx.engine) as s:
        lot = s.get(Lot, item["lot_id"])
        assert lot.name == "无名停车场" and lot.is_demo and lot.pricing_form == "unknown"


def test_the_page_snapshot_is_stored_gzip_compressed_under_its_sha256(ctx: CrawlContext) -> None:
    body = "<html>收费标准：每小时3元 演示数据</html>".encode()
    item = _run_all(ctx, _item(body=body))
    with read_session(ctx.engine) as s:
        ev = s.get(Evidence, item["evidence_sha256"])
        data = snapshot_path(ev).read_bytes()
    assert hashlib.sha256(data).hexdigest() == ev.sha256 and ev.kind == "page"
    assert gzip.decompress(data) == body and ev.media_type == "text/html+gzip"
    # the same page again: the same evidence, not a second copy
    again = _run_all(ctx, _item(body=body))
    assert again["evidence_sha256"] == item["evidence_sha256"]
    with read_session(ctx.engine) as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 1
        assert s.scalar(select(func.count()).select_from(Observation)) == 2


def test_a_price_version_is_added_only_when_the_fee_grid_changes(ctx: CrawlContext) -> None:
    _lot(ctx.engine, "南湖停车场（演示）", "岳阳市南湖大道1号")
    first = _run_all(ctx, _item(price="收费标准：每小时3元"))
    same = _run_all(ctx, _item(price="收费标准：  每小时3元（标准未变）"))
    changed = _run_all(ctx, _item(price="收费标准：每小时4元"))
    assert (first["price_changed"], same["price_changed"], changed["price_changed"]) == (False, False, True)
    with read_session(ctx.engine) as s:
        versions = s.scalars(select(PriceVersion).order_by(PriceVersion.id)).all()
    assert [v.observation_id for v in versions] == [first["observation_id"], changed["observation_id"]]
    assert ctx.price_versions == 2 and ctx.price_changes == 1


def test_a_newer_reader_re_reads_the_same_price_text_without_a_price_change(ctx: CrawlContext) -> None:
    # a release that reads a wording better gives the same posted text another fee grid: that is no price
    # change (no CX004), the latest version takes the new reading; a changed text is still a change
    _lot(ctx.engine, "南湖停车场（演示）", "岳阳市南湖大道1号")
    first = _run_all(ctx, _item(price="收费标准：每小时3元"))
    with write_session(ctx.engine) as s:  # as an older reader stored it
        version = s.scalars(select(PriceVersion)).one()
        new_hash, version.fee_grid_hash, version.tariff = version.fee_grid_hash, "0" * 64, {"old": True}
    ctx.latest_hash = None  # the next run reads the latest versions from the database
    again = _run_all(ctx, _item(price="收费标准：每小时3元"))
    changed = _run_all(ctx, _item(price="收费标准：每小时4元"))
    assert (again["price_changed"], changed["price_changed"]) == (False, True)
    with read_session(ctx.engine) as s:
        versions = s.scalars(select(PriceVersion).order_by(PriceVersion.id)).all()
    assert [v.observation_id for v in versions] == [first["observation_id"], changed["observation_id"]]
    assert versions[0].fee_grid_hash == new_hash and versions[0].tariff == first["tariff"]
    assert (ctx.rereads, ctx.price_changes) == (1, 1)


@pytest.mark.parametrize(
    ("items", "valid", "status"), [(0, 0, "failed"), (30, 26, "failed"), (30, 27, "ok"), (10, 10, "ok")]
)
def test_a_run_with_no_items_or_under_90_percent_valid_fails(items: int, valid: int, status: str) -> None:
    assert judge_run(items, valid, 0.9)[0] == status


def test_a_run_that_ended_early_fails_even_with_valid_items() -> None:
    assert judge_run(10, 10, 0.9, "shutdown")[0] == "failed"


def test_closing_a_run_records_source_health(ctx: CrawlContext) -> None:
    for price in ("收费标准：每小时3元", "收费标准：暂未公示"):
        _run_all(ctx, _item(price=price))
    status = SourceHealthPipeline(ctx).close_run(NOW, errors=3)
    assert status == "failed"  # 1 of 2 valid
    with read_session(ctx.engine) as s:
        source = s.scalar(select(Source).where(Source.key == "demo_portal"))
        run = s.get(SourceRun, ctx.run_id)
    assert (source.last_status, source.last_items, source.last_errors, source.is_demo) == ("failed", 2, 3, True)
    assert (run.status, run.items, run.valid_items) == ("failed", 2, 1)
    assert "50%" in run.message and TARIFF_UNREAD in run.message


def test_writes_are_batched_and_a_failing_item_rolls_back_alone(ctx: CrawlContext, monkeypatch) -> None:
    ctx.batch_size, ctx.batch_seconds = 3, 3600
    _lot(ctx.engine, "南湖停车场（演示）", "岳阳市南湖大道1号")
    _run_all(ctx, _item(ref="a"))
    with read_session(ctx.engine) as s:  # another connection sees nothing until the batch commits
        assert s.scalar(select(func.count()).select_from(Observation)) == 0
    import crawler.pipelines.store_observation as store_module

    real = store_module.store_page_snapshot
    monkeypatch.setattr(store_module, "store_page_snapshot", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    broken = _run_all(ctx, _item(ref="b"))
    monkeypatch.setattr(store_module, "store_page_snapshot", real)
    _run_all(ctx, _item(ref="c", price="收费标准：每小时5元"))
    assert broken["observation_id"] is None and ctx.store_errors == 1
    with read_session(ctx.engine) as s:
        refs = sorted(s.scalars(select(Observation.source_ref)).all())
        assert refs == ["a", "c"]
        assert s.scalar(select(func.count()).select_from(PriceVersion)) == 2


def test_a_page_snapshot_is_stored_once_in_the_evidence_store_layout(sqlite_engine) -> None:
    from crawler.snapshot import compress_page, store_page_snapshot

    data = compress_page(b"<html>demo</html>")
    with write_session(sqlite_engine) as s:
        sha = store_page_snapshot(s, b"<html>demo</html>", "text/html", NOW)
        again = store_page_snapshot(s, b"<html>demo</html>", "text/html", NOW)
        row = s.get(Evidence, sha)
        assert again == sha and row.path == f"originals/{row.sha256[:2]}/{row.sha256}"
        assert snapshot_path(row).read_bytes() == data
