"""Storage on SQLite and on a real PostgreSQL: migrations, a round trip of every model, concurrency."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from parkwatch.store.db import models as m
from parkwatch.store.db.engine import make_engine, read_session, write_session
from parkwatch.store.db.migrate import downgrade, upgrade
from tests.rows import lot_row

NOW = datetime(2026, 11, 28, 10, 0, 0, tzinfo=UTC)  # every stored instant is aware UTC


def _one_of_each() -> list[m.Base]:
    """One row of every model, linked together, with values that exercise each column type (parents first)."""
    return [*_lot_and_source(), *_readings(), *_finding(), *_inspections(), *_the_rest()]


def _lot_and_source() -> list[m.Base]:
    """The lot, the source that crawled it, a run of that source and a photo kept as evidence."""
    lot = m.Lot(
        id=1,
        name="演示·站前路路内泊位",
        address="站前路",
        district="岳阳楼区",
        latitude=29.37,
        longitude=113.13,
        operator="岳阳市城市停车管理有限公司",
        operator_credit_code="91430600MA4L000000",
        category="on_street",
        pricing_form="guided",
        charging_right=True,
        approval_ref="岳发改价〔2019〕12号",
        berths=80,
        is_demo=True,
        created_at=NOW,
        updated_at=NOW,
    )
    source = m.Source(
        id=1,
        key="demo_portal",
        kind="web",
        name="演示停车信息网",
        url="http://127.0.0.1/",
        definition={"start_urls": ["/"]},
        is_demo=True,
    )
    run = m.SourceRun(id=1, source_id=1, started_at=NOW, finished_at=NOW, status="ok", items=3, valid_items=3)
    evidence = m.Evidence(
        sha256="a" * 64,
        kind="photo",
        media_type="image/jpeg",
        size_bytes=1234,
        path="originals/aa/" + "a" * 64,
        public_path="public/" + "a" * 64 + ".jpg",
        captured_at=NOW,
    )
    return [lot, source, run, evidence]


def _readings() -> list[m.Base]:
    """A photo reading of the lot, a correction of it, and the price version it posted."""
    observation = m.Observation(
        id=1,
        lot_id=1,
        source_id=1,
        kind="photo",
        captured_at=NOW,
        raw_text="首小时5元，之后每小时2元",
        board={"fields": {}},
        tariff={"classes": []},
        fee_grid_hash="b" * 64,
        charged_yuan=Decimal("12.50"),
        stay_entry=NOW,
        stay_exit=NOW,
        evidence_sha256="a" * 64,
        ocr_engine="tesseract",
        created_by="inspector1",
        is_demo=True,
    )
    correction = m.Observation(id=2, lot_id=1, source_id=1, kind="photo", captured_at=NOW, corrects_id=1)
    price = m.PriceVersion(
        id=1, lot_id=1, source_id=1, observation_id=1, valid_from=NOW, fee_grid_hash="b" * 64, tariff={"classes": []}
    )
    return [observation, correction, price]


def _finding() -> list[m.Base]:
    """A finding on the reading and its evidence."""
    finding = m.Finding(
        id=1,
        fingerprint="c" * 64,
        rule_code="PD006",
        severity="error",
        status="open",
        lot_id=1,
        observation_id=1,
        message="未公示举报电话",
        basis="《明码标价和禁止价格欺诈规定》",
        values={"hotlines": []},
        found_at=NOW,
        updated_at=NOW,
    )
    finding_evidence = m.FindingEvidence(
        id=1, finding_id=1, kind="photo", ref="a" * 64, added_at=NOW, added_by="inspector1"
    )
    return [finding, finding_evidence]


def _inspections() -> list[m.Base]:
    """A campaign, an inspection in it with its re-inspection, and the finding it confirmed."""
    campaign = m.Campaign(
        id=1,
        name="停车收费专项检查",
        start_date=date(2021, 4, 1),
        end_date=date(2021, 6, 30),
        districts=["岳阳楼区"],
        targets={"inspection_coverage": 1.0},
    )
    inspection = m.Inspection(
        id=1,
        lot_id=1,
        campaign_id=1,
        inspected_on=date(2021, 4, 2),
        inspectors=["inspector1"],
        staff_count=3,
        vehicle_count=1,
        outcome="rectification_order",
        rectification_deadline=date(2021, 4, 16),
        fines_yuan=Decimal("2000.00"),
        refunds_yuan=Decimal("35.50"),
        created_at=NOW,
    )
    reinspection = m.Inspection(
        id=2,
        lot_id=1,
        campaign_id=1,
        inspected_on=date(2021, 4, 20),
        staff_count=2,
        reinspection_of_id=1,
        rectified=True,
        created_at=NOW,
    )
    link = m.InspectionFinding(id=1, inspection_id=1, finding_id=1, decision="confirmed", reason="现场核实")
    return [campaign, inspection, reinspection, link]


def _the_rest() -> list[m.Base]:
    """A complaint, an audit event, a user, a notification, a job's state and a dead letter."""
    complaint = m.Complaint(
        id=1,
        number="12315-2021-0001",
        received_at=NOW,
        channel="12315",
        district="岳阳楼区",
        lot_id=1,
        lot_text="市政务服务中心后停车场",
        text="每小时收10元",
        category="private_charging",
        status="closed",
    )
    audit = m.AuditEvent(
        id=1,
        at=NOW,
        actor="inspector1",
        action="finding.confirm",
        entity="finding",
        entity_id="1",
        before={"status": "open"},
        after={"status": "confirmed"},
    )
    user = m.User(id=1, name="inspector1", password_hash="$2b$12$x", role="inspector", created_at=NOW)
    notification = m.Notification(
        id=1, channel="wecom", event_key="finding:1", kind="new_error", payload={"text": "新违规"}, created_at=NOW
    )
    job = m.JobState(
        name="crawl:demo_portal", last_run_at=NOW, next_run_at=NOW, lock_holder="bot@host", lock_expires_at=NOW
    )
    dead = m.DeadLetter(
        id=1,
        task="parkwatch.read_photo",
        task_key="ab12:1",
        arguments={"sha256": "ab12", "lot_id": 1},
        error="FileNotFoundError: staging/ab12",
        attempts=4,
        failed_at=NOW,
    )
    return [complaint, audit, user, notification, job, dead]


def _columns(row: m.Base) -> dict[str, object]:
    return {c.key: getattr(row, c.key) for c in sa.inspect(type(row)).column_attrs}


def test_every_model_reads_back_exactly_what_was_written(engine: sa.Engine) -> None:
    written = _one_of_each()
    with write_session(engine) as session:
        for row in written:
            session.add(row)
            session.flush()
    # taken after the flush so that column defaults are part of what was written
    expected = [(type(row), _columns(row)) for row in written]
    assert {t.__tablename__ for t, _ in expected} == set(m.Base.metadata.tables)
    with read_session(engine) as session:
        for model, columns in expected:
            key = columns.get("id", columns.get("sha256", columns.get("name")))
            stored = session.get(model, key)
            assert stored is not None, model.__name__
            assert _columns(stored) == columns, model.__name__


def test_money_comes_back_as_decimal_with_two_places(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        lot, campaign, inspection = _lot_and_source()[0], *_inspections()[:2]
        for row in (lot, campaign, inspection):
            session.add(row)
            session.flush()
    with read_session(engine) as session:
        inspection = session.get(m.Inspection, 1)
        assert isinstance(inspection.fines_yuan, Decimal)
        assert inspection.refunds_yuan == Decimal("35.50")


def test_a_failed_unit_of_work_stores_nothing(engine: sa.Engine) -> None:
    with pytest.raises(RuntimeError), write_session(engine) as session:
        session.add(_one_of_each()[0])
        session.flush()
        raise RuntimeError("upload interrupted")
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.Lot)) == 0


def test_a_stale_finding_update_is_refused(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        for row in [*_lot_and_source(), *_readings(), _finding()[0]]:
            session.add(row)
            session.flush()
    with pytest.raises(StaleDataError), write_session(engine) as session:
        finding = session.get(m.Finding, 1)
        # another inspector's change lands between this one's read and write
        session.execute(
            sa.update(m.Finding)
            .where(m.Finding.id == 1)
            .values(status="dismissed", version=m.Finding.version + 1)
            .execution_options(synchronize_session=False)
        )
        finding.status = "confirmed"
        session.flush()
    with read_session(engine) as session:
        stored = session.get(m.Finding, 1)
        assert (stored.status, stored.version) == ("open", 1)  # the whole unit of work rolled back


def test_migrations_build_an_empty_database_and_take_it_down_again(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    tables = set(sa.inspect(engine).get_table_names())
    assert set(m.Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    engine.dispose()
    downgrade(db_url, "base")
    engine = make_engine(db_url)
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_the_migrated_schema_matches_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), m.Base.metadata)
    engine.dispose()
    assert diff == [], "models changed without a migration: make migration m='...'"


@pytest.mark.slow
def test_eight_threads_writing_observations_lose_nothing(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        session.add(lot_row("并发测试", NOW, id=1))
    errors: list[BaseException] = []
    written = [0] * 8
    deadline = time.monotonic() + 3.0

    def writer(index: int) -> None:
        try:
            while time.monotonic() < deadline:
                with write_session(engine) as session:
                    session.add(
                        m.Observation(
                            lot_id=1, kind="web", captured_at=NOW, raw_text=f"writer {index} #{written[index]}"
                        )
                    )
                    # read-then-write inside one transaction: the case a deferred BEGIN gets wrong
                    session.scalar(sa.select(sa.func.count()).select_from(m.Observation))
                written[index] += 1
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with read_session(engine) as session:
        stored = session.scalar(sa.select(sa.func.count()).select_from(m.Observation))
    assert sum(written) > 8
    assert stored == sum(written)
