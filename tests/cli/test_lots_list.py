"""`parkwatch lots list --json` through the CLI: every lot with its city, district, zone, pricing form,
approval number, id at its source and newest tariff; what a page states never overwrites the lot's own."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.services.lots import LotInput, create_lot, lot_listing
from parkwatch.store.services.observations import ObservationInput, record_observation

runner = CliRunner()
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
KEYS = {"id", "name", "city", "district", "zone", "address", "pricing_form", "approval_ref", "source_ref", "tariff"}


def _tariff(text: str) -> dict:
    tariff = read_tariff(text).tariff
    assert tariff is not None
    return tariff.to_json()


def _page(session, lot_id: int, at: datetime, ref: str, price: str | None, page: dict, **kw) -> None:
    """A page of the lot; `price=None`: a page whose tariff was not read (or that posts none)."""
    board = {"text": price or "暂未公示", "fields": {}, "page": page}
    record_observation(
        session,
        ObservationInput(
            kind="web",
            captured_at=at,
            lot_id=lot_id,
            source_ref=ref,
            raw_text=price,
            board=board,
            tariff=_tariff(price) if price else None,
            **kw,
        ),
    )


def _seed(engine) -> dict[str, int]:
    with write_session(engine) as s:
        inspected = create_lot(
            s,
            LotInput(
                name="株洲西站停车场",
                city="zhuzhou",
                district="天元区",
                zone="一类区域",
                pricing_form="guided",
                approval_ref="株发改价〔2024〕1号",
            ),
            actor="inspector",
            now=NOW,
        )
        crawled = create_lot(
            s, LotInput(name="神农城停车场", city="zhuzhou", district="天元区"), actor="crawler", now=NOW
        )
        yueyang = create_lot(s, LotInput(name="南湖停车场", district="岳阳楼区"), actor="demo", now=NOW)
        # the page says market pricing and another approval: the inspector's values stay
        _page(
            s,
            inspected.id,
            NOW,
            "zz-0002",
            "每小时3元",
            {"pricing_form": "market", "approval_ref": "株发改价〔2025〕3号"},
        )
        # an older and a newer page of the crawled lot: the newer one's tariff and statements win
        _page(s, crawled.id, NOW - timedelta(days=1), "zz-0001", "每小时2元", {"pricing_form": "guided"})
        _page(s, crawled.id, NOW, "zz-0001", "每小时5元", {"pricing_form": "market", "zone": "二类区域"})
        return {"inspected": inspected.id, "crawled": crawled.id, "yueyang": yueyang.id}


def _listed(*args: str) -> list[dict]:
    result = runner.invoke(app, ["lots", "list", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_lots_list_json_gives_every_lot_with_its_city_zone_pricing_and_newest_tariff(sqlite_engine) -> None:
    ids = _seed(sqlite_engine)
    rows = {row["id"]: row for row in _listed()}
    assert set(rows) == set(ids.values()) and all(set(row) >= KEYS for row in rows.values())
    inspected, crawled, yueyang = rows[ids["inspected"]], rows[ids["crawled"]], rows[ids["yueyang"]]
    assert (inspected["pricing_form"], inspected["approval_ref"]) == ("guided", "株发改价〔2024〕1号")
    assert (inspected["zone"], inspected["source_ref"]) == ("一类区域", "zz-0002")
    assert (crawled["pricing_form"], crawled["zone"], crawled["approval_ref"]) == ("market", "二类区域", None)
    assert crawled["tariff"]["classes"][0]["segments"][0]["price"] == "5.00"  # the newest page's
    assert (yueyang["city"], yueyang["tariff"], yueyang["pricing_form"]) == ("yueyang", None, "unknown")


def test_lots_list_filters_by_city_and_district_and_refuses_an_unknown_city(sqlite_engine) -> None:
    ids = _seed(sqlite_engine)
    assert {r["id"] for r in _listed("--city", "zhuzhou")} == {ids["inspected"], ids["crawled"]}
    assert [r["id"] for r in _listed("--district", "岳阳楼区")] == [ids["yueyang"]]
    assert _listed("--city", "changsha") == []
    unknown = runner.invoke(app, ["lots", "list", "--city", "gotham", "--json"])
    assert unknown.exit_code == 2 and "gotham" in unknown.output


def test_lots_list_without_json_prints_a_table(sqlite_engine) -> None:
    _seed(sqlite_engine)
    result = runner.invoke(app, ["lots", "list", "--city", "zhuzhou"])
    assert result.exit_code == 0 and "株洲西站停车场" in result.output and "政府指导价" in result.output
    assert "南湖停车场" not in result.output


def _price(row: dict) -> str | None:
    return row["tariff"]["classes"][0]["segments"][0]["price"] if row["tariff"] else None


def test_lots_list_takes_the_newest_observation_of_each_lot_in_one_query(engine) -> None:
    day = timedelta(days=1)
    with write_session(engine) as s:
        ids = [
            create_lot(s, LotInput(name=f"停车场{n}", city="zhuzhou"), actor="crawler", now=NOW).id for n in range(4)
        ]
        a, b, c, d = ids
        # a: three pages; the newest posts no price, so its statements win and the newest tariff read is shown
        _page(s, a, NOW - 2 * day, "zz-a1", "每小时2元", {"pricing_form": "guided", "zone": "一类区域"})
        _page(s, a, NOW - day, "zz-a2", "每小时4元", {"pricing_form": "guided"})
        _page(s, a, NOW, "zz-a3", None, {"pricing_form": "market"})
        # b: two pages captured at the same instant: the later stored wins; c: a newer reading still pending
        # review is not public and does not count
        _page(s, b, NOW, "zz-b1", "每小时6元", {"zone": "二类区域"})
        _page(s, b, NOW, "zz-b2", "每小时7元", {"zone": "三类区域"})
        _page(s, c, NOW - day, "zz-c1", "每小时3元", {})
        _page(s, c, NOW, "zz-c2", "每小时9元", {}, pending=True)
        # d: one page, never priced
        _page(s, d, NOW, "zz-d1", None, {"pricing_form": "market"})
    rows = {row["id"]: row for row in _listed("--city", "zhuzhou")}
    assert (rows[a]["source_ref"], rows[a]["pricing_form"], rows[a]["zone"], _price(rows[a])) == (
        "zz-a3",
        "market",
        None,  # only the newest page's statements: the oldest one's zone does not fill in
        "4.00",
    )
    assert (rows[b]["source_ref"], rows[b]["zone"], _price(rows[b])) == ("zz-b2", "三类区域", "7.00")
    assert (rows[c]["source_ref"], _price(rows[c])) == ("zz-c1", "3.00")
    assert (rows[d]["source_ref"], rows[d]["pricing_form"], rows[d]["tariff"]) == ("zz-d1", "market", None)

    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        with read_session(engine) as s:
            assert len(lot_listing(s)) == 4
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) == 1, statements
