"""The audit trail is hash-chained: an edit made around the application is caught and named.

Runs on SQLite and on a real PostgreSQL (`engine` fixture). The tampering is done the way a database
owner could: drop (or disable) the append-only trigger, then change rows with raw SQL.
"""

from __future__ import annotations

import itertools
import json
import threading
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import select, text
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.store.audit_chain import GENESIS, event_hash, verify_chain
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.migrate import downgrade, upgrade
from parkwatch.store.db.models import AuditEvent
from parkwatch.store.enforcement import audit

NOW = datetime(2026, 11, 29, 9, 0)


def _add_events(engine, count: int, actor: str = "甲", per_session: int = 1) -> None:
    for first in range(0, count, per_session):
        with write_session(engine) as s:
            for n in range(first, min(first + per_session, count)):
                audit(
                    s,
                    actor=actor,
                    action="finding.confirm",
                    entity="finding",
                    entity_id=n,
                    before={"status": "open", "n": n},
                    after={"status": "confirmed", "reasons": ("现场核实", n)},
                    now=NOW + timedelta(seconds=n),
                )


def _rows(engine) -> list[AuditEvent]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _as_owner(engine, statement: str, params: dict | None = None) -> None:
    """Change audit_events around the application: lift the trigger as a table owner could, then SQL."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        conn.execute(text(statement), params or {})


def _json(engine, name: str) -> str:
    """A JSON bind parameter in raw SQL (PostgreSQL will not take text for a json column)."""
    return f"CAST(:{name} AS json)" if engine.dialect.name == "postgresql" else f":{name}"


def test_each_event_stores_the_hash_of_the_one_before_it(engine) -> None:
    _add_events(engine, 3)
    _add_events(engine, 4, per_session=4)  # several events in one flush
    rows = _rows(engine)
    assert len(rows) == 7
    assert rows[0].prev_hash == GENESIS
    for before, row in itertools.pairwise(rows):
        assert row.prev_hash == before.row_hash
    fields = ("at", "actor", "action", "entity", "entity_id", "before", "after")
    assert rows[3].row_hash == event_hash({f: getattr(rows[3], f) for f in fields}, rows[2].row_hash)
    report = verify_chain(engine)
    assert report.ok and report.events == 7
    assert (report.tip_id, report.tip_hash) == (rows[-1].id, rows[-1].row_hash)


def test_an_edited_row_is_caught_and_named(engine) -> None:
    _add_events(engine, 5)
    target = _rows(engine)[2].id
    _as_owner(engine, "UPDATE audit_events SET actor = '乙' WHERE id = :id", {"id": target})
    report = verify_chain(engine)
    assert not report.ok
    assert report.first_broken is not None
    assert (report.first_broken.event_id, report.first_broken.problem) == (target, "changed")
    assert f"#{target}" in report.first_broken.message_zh()


def test_an_edit_with_its_hash_recomputed_breaks_the_next_link(engine) -> None:
    _add_events(engine, 5)
    rows = _rows(engine)
    edited = rows[1]
    fields = {f: getattr(edited, f) for f in ("at", "actor", "action", "entity", "entity_id", "before", "after")}
    fields["after"] = {"status": "dismissed"}
    forged = event_hash(fields, edited.prev_hash)
    _as_owner(
        engine,
        f"UPDATE audit_events SET after = {_json(engine, 'after')}, row_hash = :hash WHERE id = :id",
        {"after": json.dumps({"status": "dismissed"}), "hash": forged, "id": edited.id},
    )
    report = verify_chain(engine)
    assert [(p.event_id, p.problem) for p in report.problems] == [(rows[2].id, "link")]


def test_a_deleted_row_breaks_the_link_of_the_next_one(engine) -> None:
    _add_events(engine, 4)
    rows = _rows(engine)
    _as_owner(engine, "DELETE FROM audit_events WHERE id = :id", {"id": rows[1].id})
    report = verify_chain(engine)
    assert report.events == 3
    assert [(p.event_id, p.problem) for p in report.problems] == [(rows[2].id, "link")]


def test_a_raw_sql_insert_is_reported_as_unchained_and_the_chain_goes_on(engine) -> None:
    _add_events(engine, 2)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO audit_events (at, actor, action, entity) VALUES (:at, 'x', 'raw', 'test')"), {"at": NOW}
        )
    _add_events(engine, 2, actor="丙")
    report = verify_chain(engine)
    raw = _rows(engine)[2]
    assert [(p.event_id, p.problem) for p in report.problems] == [(raw.id, "unchained")]
    assert _rows(engine)[3].prev_hash == GENESIS


def test_a_rolled_back_savepoint_leaves_no_gap_in_the_chain(engine) -> None:
    with write_session(engine) as s:
        audit(s, actor="甲", action="a", entity="e", entity_id=1, before=None, after=None, now=NOW)
        s.flush()
        nested = s.begin_nested()
        audit(s, actor="甲", action="rolled.back", entity="e", entity_id=2, before=None, after=None, now=NOW)
        s.flush()
        nested.rollback()
        audit(s, actor="甲", action="b", entity="e", entity_id=3, before=None, after=None, now=NOW)
    assert [r.action for r in _rows(engine)] == ["a", "b"]
    assert verify_chain(engine).ok


def test_an_aware_time_is_stored_in_utc_and_still_verifies(engine) -> None:
    with write_session(engine) as s:
        s.add(
            AuditEvent(
                at=datetime(2026, 11, 29, 17, 0, tzinfo=timezone(timedelta(hours=8))),
                actor="甲",
                action="user.add",
                entity="user",
                entity_id="x",
            )
        )
    stored = _rows(engine)[0].at
    assert stored.tzinfo is None or stored.utcoffset() == timedelta(0)
    assert stored.replace(tzinfo=None) == datetime(2026, 11, 29, 9, 0)
    assert verify_chain(engine).ok


def test_concurrent_writers_do_not_fork_the_chain(engine) -> None:
    threads = [
        threading.Thread(target=_add_events, args=(engine, 15), kwargs={"actor": f"writer{n}"}) for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = _rows(engine)
    assert len(rows) == 60
    assert len({r.prev_hash for r in rows}) == 60  # no two events chain to the same predecessor
    assert verify_chain(engine).ok


def test_evidence_verify_names_the_first_broken_link_and_exits_1(engine) -> None:
    _add_events(engine, 3)
    runner = CliRunner()
    ok = runner.invoke(app, ["evidence", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "哈希链完好" in ok.output and "全部完好" in ok.output
    target = _rows(engine)[1].id
    _as_owner(engine, "UPDATE audit_events SET action = 'finding.dismiss' WHERE id = :id", {"id": target})
    bad = runner.invoke(app, ["evidence", "verify"])
    assert bad.exit_code == 1
    assert f"first broken link: #{target}" in bad.output
    data = json.loads(runner.invoke(app, ["evidence", "verify", "--json"]).output)
    assert data["ok"] is False and data["files_ok"] is True
    assert data["audit_chain"]["first_broken"] == target


def test_migration_0005_chains_the_events_already_stored(db_url: str) -> None:
    upgrade(db_url, "0004")
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as conn:
            for n in range(3):
                conn.execute(
                    text(
                        "INSERT INTO audit_events (at, actor, action, entity, entity_id, after) "
                        f"VALUES (:at, '甲', 'finding.confirm', 'finding', :id, {_json(engine, 'after')})"
                    ),
                    {"at": NOW + timedelta(minutes=n), "id": str(n), "after": json.dumps({"status": "confirmed"})},
                )
        upgrade(db_url, "0005")
        report = verify_chain(engine)
        assert report.ok and report.events == 3
        # the triggers are back: the rows cannot be changed after the migration
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET actor = '乙'"))
        downgrade(db_url, "0004")
        assert "row_hash" not in {c["name"] for c in sa.inspect(engine).get_columns("audit_events")}
        upgrade(db_url)  # the later revisions keep the chain intact
        assert verify_chain(engine).ok
    finally:
        engine.dispose()
