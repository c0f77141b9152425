"""The demo step: the seed's totals come out of the stored demo city (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select
from typer.testing import CliRunner

from demo.city import SEED_CASE_KEY, build_demo_city, demo_lot_by_key
from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import Complaint, Finding, Lot
from parkwatch.store.stats_db import stats_from_db

NOW = datetime(2026, 11, 28, 9, 0)


def test_the_demo_city_gives_the_seeds_campaign_totals_and_complaint_trend(engine) -> None:
    summary = build_demo_city(engine, NOW)
    assert "310" in summary
    s = stats_from_db(engine, campaign_id=1)
    assert s["campaign"]["is_demo"] is True
    assert (s["staff_person_times"], s["lots_inspected"], s["violations_rectified"]) == (850, 310, 9)
    assert (s["problems_found"], s["lots_reinspected"], s["inspection_coverage"]) == (9, 9, 1.0)
    assert s["rectification_orders"] == 3 and s["cases_opened"] == 1 and s["cases_closed"] == 1
    periods = {p["period"]: p for p in s["complaints"]["by_period"]}
    assert periods["2020-H1"]["count"] == 34 and periods["2021-H1"]["count"] == 14
    assert periods["2021-H1"]["change"] == -20
    with read_session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Lot).where(Lot.is_demo.is_(True))) == 310
        seed_lot = session.scalars(select(Lot).where(Lot.name == demo_lot_by_key(SEED_CASE_KEY).name)).one()
        assert seed_lot.charging_right is False
        cx003 = session.scalars(select(Finding).where(Finding.rule_code == "CX003")).one()
        assert cx003.lot_id == seed_lot.id and cx003.status == "rectified"
        assert session.scalar(select(func.count()).select_from(Complaint).where(Complaint.lot_id == seed_lot.id)) >= 2


def test_running_the_demo_step_twice_adds_nothing(sqlite_engine) -> None:
    build_demo_city(sqlite_engine, NOW)
    assert "已存在" in build_demo_city(sqlite_engine, NOW)
    assert stats_from_db(sqlite_engine)["staff_person_times"] == 850


def test_parkwatch_demo_then_stats_json_shows_the_totals(sqlite_engine, monkeypatch) -> None:
    """The integration the lead wires in demo/build.py, done here with a patched step list."""
    import demo.build as demo

    monkeypatch.setattr(demo, "demo_steps", lambda: [("演示城市 demo city", build_demo_city)])
    runner = CliRunner()
    result = runner.invoke(__import__("parkwatch.cli", fromlist=["app"]).app, ["demo", "--no-dashboard"])
    assert result.exit_code == 0, result.output
    from parkwatch.cli import app

    s = json.loads(runner.invoke(app, ["stats", "--json"]).output)
    assert (s["staff_person_times"], s["lots_inspected"], s["violations_rectified"]) == (850, 310, 9)
