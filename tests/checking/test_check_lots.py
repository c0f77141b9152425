"""check_lots over a real database (SQLite and PostgreSQL): findings stored once, with evidence."""

from __future__ import annotations

import sys
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "rules"))
from rules_kit import board, tariff
from rules_kit import lot as lot_info

from parkwatch.store.checking import check_lots
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Finding, FindingEvidence, Observation, PriceVersion, Source
from tests.rows import board_observation, lot_row, stored_id

NOW = datetime(2024, 5, 2, 9, 0)
ON = date(2024, 5, 2)


def _lot(session, name, **kw) -> int:
    """A `lots` row of the lot the rule tests check (rules_kit.lot), named `name`, with `kw` changed."""
    columns = asdict(lot_info(name=name, **kw))
    del columns["id"]  # the database numbers the rows
    return stored_id(session, lot_row(columns.pop("name"), NOW, **columns))


def _obs(session, lot_id, record, *, captured=datetime(2024, 5, 1, 10), **kw) -> int:
    return stored_id(session, board_observation(lot_id, record, captured, **kw))


@pytest.fixture
def city(engine):
    with write_session(engine) as s:
        web = Source(key="amap", kind="web", name="高德地图")
        s.add(web)
        s.flush()
        clean = _lot(s, "东门购物广场停车场")
        _obs(s, clean, board())
        bad = _lot(s, "西门停车场")
        _obs(s, bad, board(drop=("hotlines",), bare_prices=["5元"]), url="https://example.test/b")
        seed = _lot(s, "市政务服务中心后侧停车场", charging_right=False, operator=None)
        _obs(s, seed, board(drop=("operator",), pricing_form=None, fee_basis=None))
        mixed = _lot(s, "南湖停车场")
        _obs(s, mixed, board())
        _obs(s, mixed, board(tariff(per_unit="3")), source_id=web.id, kind="web", url="https://example.test/m")
        receipt = _lot(s, "北门停车场")
        _obs(s, receipt, board())
        s.add(
            Observation(
                lot_id=receipt,
                kind="receipt",
                captured_at=datetime(2024, 5, 1, 18),
                charged_yuan=Decimal("15.00"),
                stay_entry=datetime(2024, 5, 1, 9),
                stay_exit=datetime(2024, 5, 1, 12, 10),
            )
        )
        later = _lot(s, "后来停车场")
        _obs(s, later, board(drop=("operator",)), captured=datetime(2024, 6, 1, 10))
    return dict(clean=clean, bad=bad, seed=seed, mixed=mixed, receipt=receipt, later=later, web=web.id)


def _codes(engine, lot_id) -> dict[str, str]:
    with read_session(engine) as s:
        return {f.rule_code: f.severity for f in s.scalars(select(Finding).where(Finding.lot_id == lot_id))}


def test_check_lots_stores_the_findings_of_each_lot(engine, city):
    summary = check_lots(engine, ON, now=NOW)
    assert summary.failed == []
    assert summary.new > 0 and summary.new == summary.errors + summary.alerts
    assert _codes(engine, city["clean"]) == {}
    assert _codes(engine, city["bad"]) == {"PD002": "error", "PD006": "error"}
    assert _codes(engine, city["seed"])["CX003"] == "error"
    assert _codes(engine, city["mixed"]) == {"CX001": "error"}
    assert _codes(engine, city["receipt"]) == {"CX002": "error"}


def test_observations_after_the_day_are_not_judged(engine, city):
    check_lots(engine, ON, now=NOW)
    assert _codes(engine, city["later"]) == {}
    check_lots(engine, date(2024, 6, 2), now=NOW)
    assert "PD007" in _codes(engine, city["later"])


def test_running_the_check_again_stores_nothing_twice(engine, city):
    first = check_lots(engine, ON, now=NOW)
    second = check_lots(engine, ON, now=NOW)
    assert second.new == 0 and second.existing == first.new
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Finding)) == first.new


def test_each_stored_finding_points_at_its_evidence(engine, city):
    check_lots(engine, ON, now=NOW)
    with read_session(engine) as s:
        finding = s.scalars(select(Finding).where(Finding.lot_id == city["bad"], Finding.rule_code == "PD002")).one()
        refs = {
            (e.kind, e.ref) for e in s.scalars(select(FindingEvidence).where(FindingEvidence.finding_id == finding.id))
        }
        assert ("observation", str(finding.observation_id)) in refs
        assert ("page", "https://example.test/b") in refs
        assert finding.values == {"bare_prices": ["5元"]}
        assert "5元" in finding.message and finding.basis
        cx001 = s.scalars(select(Finding).where(Finding.rule_code == "CX001")).one()
        cx_refs = {e.ref for e in s.scalars(select(FindingEvidence).where(FindingEvidence.finding_id == cx001.id))}
        assert "https://example.test/m" in cx_refs  # the web page, beside the board photo


def test_only_the_lots_asked_for_are_checked(engine, city):
    summary = check_lots(engine, ON, lot_ids=[city["bad"]], now=NOW)
    assert summary.lots == 1
    with read_session(engine) as s:
        assert set(s.scalars(select(Finding.lot_id))) == {city["bad"]}


def test_a_correction_supersedes_the_observation_it_corrects(engine, city):
    with write_session(engine) as s:
        original = s.scalars(select(Observation).where(Observation.lot_id == city["bad"])).one()
        s.add(
            Observation(
                lot_id=city["bad"],
                kind="photo",
                captured_at=original.captured_at,
                board=board().to_json(),
                tariff=tariff().to_json(),
                corrects_id=original.id,
            )
        )
    check_lots(engine, ON, now=NOW)
    assert _codes(engine, city["bad"]) == {}


def test_a_price_change_is_recorded_once(engine, city):
    with write_session(engine) as s:
        obs = s.scalars(select(Observation).where(Observation.lot_id == city["mixed"], Observation.kind == "web")).one()
        for when, h in ((datetime(2024, 1, 1), "a" * 64), (datetime(2024, 4, 1), "b" * 64)):
            s.add(
                PriceVersion(
                    lot_id=city["mixed"], source_id=city["web"], observation_id=obs.id, valid_from=when, fee_grid_hash=h
                )
            )
    check_lots(engine, ON, now=NOW)
    check_lots(engine, ON, now=NOW)
    with read_session(engine) as s:
        rows = list(s.scalars(select(Finding).where(Finding.rule_code == "CX004")))
    assert len(rows) == 1 and rows[0].severity == "alert"


def test_one_broken_stored_record_does_not_stop_the_check(engine, city):
    with write_session(engine) as s:
        broken = _lot(s, "坏数据停车场")
        s.add(Observation(lot_id=broken, kind="photo", captured_at=datetime(2024, 5, 1), tariff={"version": 99}))
    summary = check_lots(engine, ON, now=NOW)
    assert [lot_id for lot_id, _ in summary.failed] == [broken]
    assert _codes(engine, city["bad"])  # the others were still checked and stored


def test_the_check_command_prints_a_summary_and_json(sqlite_engine, monkeypatch):
    import json

    from typer.testing import CliRunner

    from parkwatch.cli import app

    with write_session(sqlite_engine) as s:
        lot_id = _lot(s, "西门停车场")
        _obs(s, lot_id, board(drop=("hotlines",)))
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--json", "--on", "2024-05-02"])
    assert result.exit_code == 1, result.output  # 1: new errors (违规) were found and stored
    data = json.loads(result.output)
    assert data["new"] == 1 and data["errors"] == 1
    again = runner.invoke(app, ["check", "--lot", str(lot_id), "--on", "2024-05-02"])
    assert again.exit_code == 0 and "新增0条" in again.output and "已存在1条" in again.output


def test_a_finding_seen_again_on_a_new_observation_gets_that_evidence_appended(engine, city):
    check_lots(engine, ON, now=NOW)
    with write_session(engine) as s:
        new_id = _obs(
            s,
            city["bad"],
            board(drop=("hotlines",), bare_prices=["5元"]),
            captured=datetime(2024, 5, 2, 8),
            url="https://example.test/b2",
        )
    summary = check_lots(engine, ON, now=NOW)
    assert summary.new == 0
    with read_session(engine) as s:
        finding = s.scalars(select(Finding).where(Finding.lot_id == city["bad"], Finding.rule_code == "PD002")).one()
        refs = [
            e.ref
            for e in s.scalars(
                select(FindingEvidence).where(FindingEvidence.finding_id == finding.id).order_by(FindingEvidence.id)
            )
        ]
    assert refs[-2:] == [str(new_id), "https://example.test/b2"]
    assert str(finding.observation_id) in refs[:2]  # the first evidence stays


def test_the_demo_step_checks_the_stored_observations_and_says_what_it_found(sqlite_engine):
    from parkwatch.store.checking import demo_check_step

    with write_session(sqlite_engine) as s:
        lot_id = _lot(s, "西门停车场")
        _obs(s, lot_id, board(drop=("hotlines",)))
    line = demo_check_step(sqlite_engine, NOW)
    assert "新增问题 new findings 1" in line and "违规 errors 1" in line
    assert "新增问题 new findings 0" in demo_check_step(sqlite_engine, NOW)


def test_a_photo_reading_pending_review_is_not_judged_until_an_inspector_confirms_it(engine, city):
    from parkwatch.store.services.observations import confirm_reading

    with write_session(engine) as s:
        lot = _lot(s, "待核实停车场")
        pending = _obs(s, lot, board(drop=("hotlines",), bare_prices=["5元"]), status="pending")
    check_lots(engine, ON, now=NOW)
    assert _codes(engine, lot) == {}
    with write_session(engine) as s:
        confirm_reading(s, pending, actor="inspector", now=NOW)
    check_lots(engine, ON, now=NOW)
    assert _codes(engine, lot) == _codes(engine, city["bad"]) != {}


def test_the_day_checked_is_the_city_day(engine):
    """2024-05-02 in Asia/Shanghai runs from 2024-05-01 16:00 to 2024-05-02 16:00 UTC."""
    with write_session(engine) as s:
        late = _lot(s, "深夜停车场")  # photographed at 23:30 in the city on the 2nd
        _obs(s, late, board(drop=("operator",)), captured=datetime(2024, 5, 2, 15, 30, tzinfo=UTC))
        next_day = _lot(s, "次日停车场")  # at 00:30 in the city on the 3rd
        _obs(s, next_day, board(drop=("operator",)), captured=datetime(2024, 5, 2, 16, 30, tzinfo=UTC))
    check_lots(engine, ON, now=NOW)
    assert _codes(engine, late) != {} and _codes(engine, next_day) == {}
