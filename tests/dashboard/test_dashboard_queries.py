"""Every dashboard query on SQLite and on PostgreSQL, over the seeded database: the same numbers on both,
times in the city's zone, nothing unpublished shown, the bill priced with the tariff in force at entry."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from dashboard_seed import NOW, TARIFF_JSON, seed

from dashboard import queries
from dashboard.queries import LotFilter
from parkwatch.core.stats import compute_stats, to_json
from parkwatch.core.tariff_reader import read_tariff
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Complaint, Observation
from parkwatch.store.stats_db import Scope, load_records

CITY_NOW = datetime(2024, 6, 3, 17, 0)  # the seed's 09:00 UTC on the city's wall clock


@pytest.fixture
def db(engine) -> tuple[str, dict[str, int]]:
    queries.clear_caches()
    ids = seed(engine)
    yield engine.url.render_as_string(hide_password=False), ids
    queries.clear_caches()


def test_the_city_totals_and_the_per_lot_table(db) -> None:
    url, ids = db
    totals = queries.city_totals(url)
    assert {k: totals[k] for k in ("lots", "lots_inspected", "lots_disclosing", "confirmed", "rectified")} == {
        "lots": 4,
        "lots_inspected": 1,
        "lots_disclosing": 0,
        "confirmed": 2,
        "rectified": 0,
    }
    assert (totals["demo_lots"], totals["disclosure_rate"]) == (4, 0.0)
    per_lot = queries.enforcement_per_lot(url)
    assert per_lot[["id", "inspections", "confirmed", "still_open", "by_rule"]].values.tolist() == [
        [ids["seed_case"], 1, 1, 1, "CX003×1"],
        [ids["lot"], 0, 1, 1, "PD002×1"],
    ]


def test_the_lot_list_filters_and_escapes_the_search(db) -> None:
    url, ids = db
    assert queries.count_lots(url, LotFilter(status="violation")) == 2
    assert queries.count_lots(url, LotFilter("南湖")) == 1 and queries.count_lots(url, LotFilter("%")) == 0
    page = queries.search_lots(url, LotFilter(district="云溪区"), page=1, page_size=1)
    assert page["id"].tolist() == [ids["seed_case"]] and page["status"].tolist() == ["violation"]
    assert queries.map_points(url, LotFilter(status="violation"))["id"].tolist() == [ids["lot"], ids["seed_case"]]
    assert queries.districts(url) == sorted(["岳阳楼区", "云溪区"])


def test_the_lot_page_shows_times_on_the_city_clock_and_only_public_findings(db) -> None:
    url, ids = db
    assert queries.posted_tariff(url, ids["lot"])["captured_at"] == CITY_NOW
    assert [v["valid_from"] for v in queries.price_history(url, ids["lot"])] == [CITY_NOW]
    public = queries.public_findings(url, ids["lot"])
    assert public["rule_code"].tolist() == ["PD002"] and public["found_at"].tolist() == [CITY_NOW]


def test_the_inspector_and_manager_lists(db) -> None:
    url, ids = db
    assert [f["rule_code"] for f in queries.lot_findings(url, ids["lot"])] == ["PD001", "PD003", "PD002"]  # open first
    assert queries.alert_queue(url)["rule_code"].tolist() == ["PD001"]
    assert queries.sources(url)["last_run_at"].tolist() == [CITY_NOW]
    assert queries.source_runs(url)["started_at"].tolist() == [CITY_NOW]
    total, events = queries.audit_events(url, entity="lot")
    assert total == 1 and events["at"].tolist() == [CITY_NOW]
    assert queries.notifications(url)["sent_at"].tolist() == [CITY_NOW]
    assert queries.inspection_records(url, Scope(ids["campaign"]))["staff_count"].tolist() == [4]


def test_the_open_data_gives_times_with_the_citys_offset(db) -> None:
    url, _ = db
    rows = list(csv.DictReader(io.StringIO(queries.open_findings_csv(url).decode("utf-8-sig"))))
    assert {r["found_at"] for r in rows} == {"2024-06-03T17:00:00+08:00"} and len(rows) == 2
    tariffs = list(csv.DictReader(io.StringIO(queries.open_tariffs_csv(url).decode("utf-8-sig"))))
    assert {r["valid_from"] for r in tariffs} == {"2024-06-03T17:00:00+08:00"}


def test_a_photo_reading_waiting_for_review_is_not_public(engine, db) -> None:
    url, ids = db
    other = read_tariff("首小时9元").tariff.to_json()
    with write_session(engine) as s:
        s.add(
            Observation(
                lot_id=ids["lot"],
                kind="photo",
                captured_at=datetime(2024, 6, 4, tzinfo=UTC),
                tariff=other,
                status="pending",
            )
        )
    queries.clear_caches()
    assert queries.posted_tariff(url, ids["lot"])["tariff"] == TARIFF_JSON


def test_the_bill_is_priced_with_the_tariff_in_force_when_the_car_entered(engine, db) -> None:
    url, ids = db
    older = read_tariff("首小时3元，之后每小时1元").tariff.to_json()
    with write_session(engine) as s:
        s.add(Observation(lot_id=ids["lot"], kind="web", captured_at=datetime(2024, 5, 1, tzinfo=UTC), tariff=older))
    queries.clear_caches()
    in_may = queries.tariff_in_force(url, ids["lot"], datetime(2024, 5, 10, 8, 0, tzinfo=UTC))
    assert (in_may["tariff"], in_may["before_first"]) == (older, False)
    in_june = queries.tariff_in_force(url, ids["lot"], NOW.replace(tzinfo=UTC))
    assert in_june["tariff"] == TARIFF_JSON  # posted at that very instant: in force
    before_any = queries.tariff_in_force(url, ids["lot"], datetime(2024, 1, 1, tzinfo=UTC))
    assert (before_any["tariff"], before_any["before_first"]) == (older, True)


def _reference(engine, campaign_id, district, start, end) -> dict:
    """The campaign page's totals as they were computed before: every record loaded, filtered in Python."""
    with read_session(engine) as s:
        records = load_records(s)
    lots = [lot for lot in records["lots"] if not district or lot.district == district]
    scope = {lot.id for lot in lots}
    inspections = [
        i
        for i in records["inspections"]
        if i.lot_id in scope and (start is None or i.inspected_on >= start) and (end is None or i.inspected_on <= end)
    ]
    complaints = [
        c
        for c in records["complaints"]
        if (not district or c.district == district)
        and (start is None or c.received_at.date() >= start)
        and (end is None or c.received_at.date() <= end)
    ]
    campaigns = [replace(c, districts=(district,)) for c in records["campaigns"]] if district else records["campaigns"]
    return compute_stats(lots, inspections, complaints, campaigns, campaign_id, records["district_order"])


@pytest.mark.parametrize(
    "view",
    [
        (None, None, None, None),
        ("campaign", None, None, None),
        ("campaign", "云溪区", None, None),
        (None, "岳阳楼区", date(2024, 5, 1), date(2024, 5, 31)),
        (None, None, date(2024, 5, 7), None),
    ],
)
def test_the_campaign_page_selects_in_sql_and_gives_what_every_record_gave(engine, db, view) -> None:
    url, ids = db
    with write_session(engine) as s:  # complaints at both ends of a city day
        for n, at in enumerate((datetime(2024, 4, 30, 16, 30, tzinfo=UTC), datetime(2024, 5, 31, 15, 30, tzinfo=UTC))):
            s.add(
                Complaint(
                    number=f"C{n}", received_at=at, channel="12315", district="岳阳楼区", category="other", status="x"
                )
            )
    campaign, district, start, end = view
    campaign_id = ids["campaign"] if campaign else None
    got = queries.campaign_stats(url, Scope(campaign_id, district, start, end))
    assert to_json(got) == to_json(_reference(engine, campaign_id, district, start, end))
    if district == "岳阳楼区" and start:
        assert got["complaints"]["total"] == 2  # 00:30 on 1 May and 23:30 on 31 May, city time


@pytest.mark.postgres
def test_a_read_whose_pooled_connection_was_dropped_is_run_again(postgres_url: str) -> None:
    """The dashboard's engine does not ping before each use (dashboard.queries): a PostgreSQL that dropped
    its connections (restarted) costs the next read one retry, not an error page."""
    import sqlalchemy as sa

    from parkwatch.store.db.engine import get_engine
    from parkwatch.store.db.migrate import upgrade

    upgrade(postgres_url)
    assert get_engine(postgres_url, pre_ping=False).pool._pre_ping is False  # the reads' engine: this test's subject
    assert get_engine(postgres_url).pool._pre_ping is True  # writes and sign-in, in the same process, still ping
    queries.clear_caches()
    assert queries.count_lots(postgres_url) == 0  # a connection is now pooled
    killer = sa.create_engine(postgres_url, poolclass=sa.NullPool)
    with killer.connect() as conn:
        dropped = conn.scalar(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    killer.dispose()
    assert dropped >= 1
    queries.clear_caches()
    assert queries.count_lots(postgres_url) == 0
    assert queries.districts(postgres_url) == []
    queries.clear_caches()
