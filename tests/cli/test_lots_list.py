"""`parkwatch lots list --json` through the CLI: every lot with its city, district, zone, pricing form,
approval number, id at its source and newest tariff; what a page states never overwrites the lot's own."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.db.engine import write_session
from parkwatch.store.services.lots import LotInput, create_lot
from parkwatch.store.services.observations import ObservationInput, record_observation

runner = CliRunner()
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
KEYS = {"id", "name", "city", "district", "zone", "address", "pricing_form", "approval_ref", "source_ref", "tariff"}


def _tariff(text: str) -> dict:
    tariff = read_tariff(text).tariff
    assert tariff is not None
    return tariff.to_json()


def _page(session, lot_id: int, at: datetime, ref: str, price: str, page: dict) -> None:
    record_observation(
        session,
        ObservationInput(
            kind="web",
            captured_at=at,
            lot_id=lot_id,
            source_ref=ref,
            raw_text=price,
            board={"text": price, "fields": {}, "page": page},
            tariff=_tariff(price),
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
