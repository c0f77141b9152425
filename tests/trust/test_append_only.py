"""Append-only evidence lists and audit trail, enforced twice: ORM guard and database triggers.

Runs on SQLite and on a real PostgreSQL (`engine` fixture). Raw SQL goes around the ORM guard and
must still be refused by the database (migration 0003).
"""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.guards import AppendOnlyViolation
from parkwatch.store.db.models import AuditEvent, Finding, FindingEvidence
from tests.trust.trust_seed import lot_with_finding

NOW = datetime(2026, 11, 28, 10, 0)


def _seed(engine) -> tuple[int, int]:
    """A finding with one evidence row, and one audit event; returns (evidence id, audit id)."""
    with write_session(engine) as s:
        finding = lot_with_finding(s, "演示·站前路停车场", "f" * 64, NOW)
        ev = FindingEvidence(finding_id=finding.id, kind="page", ref="a" * 64, added_at=NOW, added_by="crawler")
        audit = AuditEvent(
            at=NOW,
            actor="甲",
            action="finding.confirm",
            entity="finding",
            entity_id=str(finding.id),
            before={"status": "open"},
            after={"status": "confirmed"},
        )
        s.add_all([ev, audit])
        s.flush()
        return ev.id, audit.id


def _state(engine) -> list[tuple]:
    with read_session(engine) as s:
        evs = [(e.id, e.kind, e.ref, e.note, e.added_by) for e in s.scalars(select(FindingEvidence))]
        audits = [(a.id, a.actor, a.action, a.before, a.after) for a in s.scalars(select(AuditEvent))]
    return evs + audits


def test_inserts_into_the_append_only_tables_still_work(engine) -> None:
    ev_id, _audit_id = _seed(engine)
    with write_session(engine) as s:
        finding_id = s.get(FindingEvidence, ev_id).finding_id
        s.add(FindingEvidence(finding_id=finding_id, kind="note", ref="现场复核", added_at=NOW, added_by="乙"))
        s.add(AuditEvent(at=NOW, actor="乙", action="finding.note", entity="finding", entity_id=str(finding_id)))
    with engine.begin() as conn:  # raw SQL inserts too
        conn.execute(
            text("INSERT INTO audit_events (at, actor, action, entity) VALUES (:at, 'x', 'raw', 'test')"), {"at": NOW}
        )
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(FindingEvidence)) == 2
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 3


@pytest.mark.parametrize("model", [FindingEvidence, AuditEvent], ids=["finding_evidence", "audit_events"])
def test_the_orm_refuses_to_change_or_delete_a_row_and_nothing_changes(engine, model) -> None:
    ids = dict(zip((FindingEvidence, AuditEvent), _seed(engine), strict=True))
    before = _state(engine)

    with pytest.raises(AppendOnlyViolation, match="只能追加") as caught, write_session(engine) as s:
        row = s.get(model, ids[model])
        if model is FindingEvidence:
            row.ref = "b" * 64
        else:
            row.after = {"status": "dismissed"}
    assert caught.value.operation == "UPDATE" and caught.value.table == model.__tablename__

    with pytest.raises(AppendOnlyViolation, match="append-only") as caught, write_session(engine) as s:
        s.delete(s.get(model, ids[model]))
    assert caught.value.operation == "DELETE"

    # ORM bulk statements are refused before any SQL is sent
    with pytest.raises(AppendOnlyViolation), write_session(engine) as s:
        s.execute(update(model).where(model.id == ids[model]).values(id=ids[model]))
    with pytest.raises(AppendOnlyViolation), write_session(engine) as s:
        s.execute(delete(model))
    assert _state(engine) == before


@pytest.mark.parametrize("table", ["finding_evidence", "audit_events"])
def test_the_database_refuses_raw_sql_updates_and_deletes(engine, table) -> None:
    _seed(engine)
    before = _state(engine)
    column = "ref" if table == "finding_evidence" else "actor"
    for statement in (f"UPDATE {table} SET {column} = 'tampered'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    # also through a Session (around the ORM guard, which does not see text())
    with pytest.raises(DBAPIError, match="append-only"), write_session(engine) as s:
        s.execute(text(f"DELETE FROM {table} WHERE id = (SELECT MIN(id) FROM {table})"))
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {table}"))
    assert _state(engine) == before


def test_other_tables_are_not_affected_by_the_guard(engine) -> None:
    _seed(engine)
    with write_session(engine) as s:
        finding = s.scalars(select(Finding)).one()
        finding.status = "confirmed"
    with read_session(engine) as s:
        assert s.scalars(select(Finding)).one().status == "confirmed"


def _triggers(engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        else:
            rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
        return {r[0] for r in rows}


def test_parkwatch_db_upgrade_and_downgrade_to_0002_add_and_drop_the_triggers(db_url, monkeypatch) -> None:
    from parkwatch.cli import app
    from parkwatch.settings import reset_settings_cache
    from parkwatch.store.db.engine import get_engine

    def _head() -> str:
        from alembic.script import ScriptDirectory

        from parkwatch.store.db.migrate import alembic_config

        return ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()

    monkeypatch.setenv("PARKWATCH_DB_URL", db_url)
    reset_settings_cache()
    get_engine.cache_clear()
    runner = CliRunner()
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
        expected = (
            {
                "finding_evidence_no_update",
                "finding_evidence_no_delete",
                "audit_events_no_update",
                "audit_events_no_delete",
            }
            if engine.dialect.name == "sqlite"
            else {
                "finding_evidence_append_only",
                "finding_evidence_no_truncate",
                "audit_events_append_only",
                "audit_events_no_truncate",
            }
        )
        assert _triggers(engine) >= expected

        result = runner.invoke(app, ["db", "downgrade", "0002"])
        assert result.exit_code == 0, result.output
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        assert not (_triggers(engine) & expected)
        # at 0002 the database no longer refuses (the triggers really were what refused)
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO audit_events (at, actor, action, entity) VALUES (:at, 'x', 'a', 'e')"), {"at": NOW}
            )
            assert conn.execute(text("UPDATE audit_events SET actor = 'y'")).rowcount == 1
            assert conn.execute(text("DELETE FROM audit_events")).rowcount == 1

        result = runner.invoke(app, ["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert _triggers(engine) >= expected
    finally:
        engine.dispose()
