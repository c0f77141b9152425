"""Migration 0006 on a database written with two clocks: the local rows (dashboard, bot, check, demo)
become UTC, the crawler's UTC rows stay, the audit trail is chained again and says so (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from parkwatch.store.audit_chain import GENESIS, event_hash, verify_chain
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import make_engine, read_session
from parkwatch.store.db.migrate import downgrade, upgrade

LOCAL = "2026-03-01 18:05:00"  # written by the dashboard on a host in Asia/Shanghai
UTC_TEXT = "2026-03-01 10:05:00"  # written by the crawler
AS_UTC = datetime(2026, 3, 1, 10, 5, tzinfo=UTC)  # what both mean


def _old_rows(connection: sa.Connection) -> None:
    run = connection.execute
    run(
        sa.text(
            "INSERT INTO lots (id, name, pricing_form, city, is_demo, created_at, updated_at) VALUES "
            "(1, '演示停车场', 'market', 'yueyang', :t, :local, :local), "
            "(2, '抓取新建停车场', 'unknown', 'yueyang', :f, :utc, :utc)"
        ),
        {"t": True, "f": False, "local": LOCAL, "utc": UTC_TEXT},
    )
    run(
        sa.text("INSERT INTO sources (id, key, kind, name, is_demo) VALUES (1, 'portal', 'web', '门户', :f)"),
        {"f": False},
    )
    run(
        sa.text(
            "INSERT INTO evidence (sha256, kind, size_bytes, captured_at) VALUES "
            "(:a, 'photo', 1, :local), (:b, 'page', 1, :utc)"
        ),
        {"a": "a" * 64, "b": "b" * 64, "local": LOCAL, "utc": UTC_TEXT},
    )
    run(
        sa.text(
            "INSERT INTO observations (id, lot_id, source_id, kind, captured_at, evidence_sha256, ocr_engine, "
            "created_by, is_demo, stay_entry) VALUES "
            "(1, 2, 1, 'web', :utc, :b, NULL, 'crawler:portal', :f, NULL), "
            "(2, 2, NULL, 'photo', :local, :a, 'rapidocr,tesseract', 'inspector', :f, NULL), "
            "(3, 2, NULL, 'photo', :utc, :a, 'rapidocr+tesseract', 'parkwatch ocr', :f, NULL), "
            "(4, 2, NULL, 'receipt', :local, NULL, NULL, 'inspector', :f, :local)"
        ),
        {"a": "a" * 64, "b": "b" * 64, "local": LOCAL, "utc": UTC_TEXT, "f": False},
    )
    run(
        sa.text(
            "INSERT INTO findings (id, fingerprint, rule_code, severity, status, lot_id, message, found_at, "
            "updated_at, is_demo, version) VALUES (1, 'fp', 'PD001', 'error', 'open', 2, 'x', :local, :local, :f, 1)"
        ),
        {"local": LOCAL, "f": False},
    )
    run(
        sa.text(
            "INSERT INTO finding_evidence (finding_id, kind, ref, added_at) VALUES (1, 'observation', '1', :local)"
        ),
        {"local": LOCAL},
    )
    prev = GENESIS
    for n, (action, at) in enumerate((("finding.confirm", LOCAL), ("evidence.purge", UTC_TEXT)), start=1):
        fields = {"at": datetime.fromisoformat(at), "actor": "甲", "action": action, "entity": "x", "entity_id": str(n)}
        row_hash = event_hash({**fields, "before": None, "after": None}, prev)
        run(
            sa.text(
                "INSERT INTO audit_events (at, actor, action, entity, entity_id, prev_hash, row_hash) "
                "VALUES (:at, :actor, :action, :entity, :entity_id, :prev, :hash)"
            ),
            {**fields, "at": at, "prev": prev, "hash": row_hash},
        )
        prev = row_hash


def test_0006_converts_the_local_rows_keeps_the_utc_rows_and_rechains_the_trail(db_url: str) -> None:
    upgrade(db_url, "0005")
    engine = make_engine(db_url)
    with engine.begin() as connection:
        _old_rows(connection)
    before = verify_chain(engine)
    assert before.ok and before.events == 2
    engine.dispose()

    upgrade(db_url)
    engine = make_engine(db_url)
    with read_session(engine) as s:
        lots = {lot.id: lot for lot in s.scalars(sa.select(m.Lot))}
        observations = {o.id: o for o in s.scalars(sa.select(m.Observation).order_by(m.Observation.id))}
        evidence = {e.kind: e for e in s.scalars(sa.select(m.Evidence))}
        finding = s.get(m.Finding, 1)
        added = s.scalar(sa.select(m.FindingEvidence.added_at))
        events = s.scalars(sa.select(m.AuditEvent).order_by(m.AuditEvent.id)).all()
    assert lots[1].created_at == AS_UTC and lots[2].created_at == AS_UTC  # the demo's local row, the crawler's
    assert [observations[i].captured_at for i in (1, 2, 3, 4)] == [AS_UTC] * 4
    assert observations[4].stay_entry == AS_UTC  # a stay's entry was the city's wall clock
    assert evidence["photo"].captured_at == evidence["page"].captured_at == AS_UTC
    assert finding.found_at == finding.updated_at == added == AS_UTC
    assert [o.ocr_engine for o in observations.values()] == [None, "rapidocr+tesseract", "rapidocr+tesseract", None]
    assert {o.status for o in observations.values()} == {"public"}
    assert [e.at for e in events[:2]] == [AS_UTC, AS_UTC]  # a purge was written in UTC already
    migrate = events[-1]
    assert (migrate.action, migrate.entity_id) == ("db.migrate", "0006")
    assert migrate.before == {"chain_tip": before.tip_hash}
    after = verify_chain(engine)
    assert after.ok and after.events == 3 and migrate.after["chain_tip"] == events[1].row_hash
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            types = dict(
                connection.execute(
                    sa.text(
                        "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                        "WHERE column_name IN ('captured_at', 'at', 'found_at', 'received_at')"
                    )
                ).all()
            )
        assert set(types.values()) == {"timestamp with time zone"}, types
    engine.dispose()

    downgrade(db_url, "0005")  # back to naive columns, holding UTC
    engine = make_engine(db_url)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT created_at FROM lots WHERE id = 1")).scalar()
    assert str(stored).startswith("2026-03-01 10:05:00")
    engine.dispose()
