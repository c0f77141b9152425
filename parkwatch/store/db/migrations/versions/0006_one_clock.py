"""one clock: every instant UTC and zone-aware; observations get a review status; ocr_engine one way

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00

Before this revision the database held two clocks, both naive: the crawler and `parkwatch ocr` wrote
UTC; the dashboard, the bot, `parkwatch check`, the enforcement commands and the demo wrote the host's
local time. This revision

1. converts the local rows to UTC, reading them in the configured city zone (`PARKWATCH_TIMEZONE`,
   default Asia/Shanghai). Which rows were local is known from who wrote them (ROWS_WRITTEN_LOCAL):
   whole tables written only by people, the bot and the check; demo rows (the demo pinned even its
   crawl to local time); photo, receipt and manual observations not written by `parkwatch ocr`, with
   their evidence; the audit trail except evidence purges. A stay's entry and exit (receipts) are
   wall-clock times of the city and are converted too. The crawler's rows stay as they are.
   Known limit: a failed crawl run that the bot itself recorded (not the crawl) stays 8 h off.
2. makes every instant column `timestamp with time zone` on PostgreSQL. SQLite keeps the UTC text
   (the application's column type reads it back aware).
3. adds `observations.status` (public / pending / confirmed / rejected; every old row is public).
4. writes `ocr_engine` one way: the engines run, joined by "+" ("rapidocr+tesseract"; was "a,b" from
   the dashboard).
5. re-chains the audit trail (parkwatch/store/audit_chain.py): the hash covers each event's instant,
   so the converted events get new hashes. The append-only triggers are lifted for the UPDATEs and put
   back before the migration commits (one transaction), and a `db.migrate` event records the chain's
   tip before and after, so a tip kept elsewhere (a backup's manifest) can still be followed.

Downgrade turns the columns back into naive timestamps holding UTC (the local rows are not made local
again), drops the status column and keeps the "+" form.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from parkwatch.settings import get_settings
from parkwatch.store.audit_chain import CHAINED_FIELDS, GENESIS, event_hash

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# every instant column, per table
INSTANTS = {
    "lots": ("created_at", "updated_at"),
    "sources": ("last_run_at",),
    "source_runs": ("started_at", "finished_at"),
    "evidence": ("captured_at", "purged_at"),
    "observations": ("captured_at", "stay_entry", "stay_exit"),
    "price_versions": ("valid_from",),
    "findings": ("found_at", "updated_at"),
    "finding_evidence": ("added_at",),
    "complaints": ("received_at",),
    "audit_events": ("at",),
    "users": ("created_at",),
    "notifications": ("created_at", "next_attempt_at", "sent_at"),
    "job_state": ("last_run_at", "next_run_at", "lock_expires_at"),
    "inspections": ("created_at",),
}
PEOPLE_OBSERVATION = (
    "(is_demo OR (kind <> 'web' AND COALESCE(created_by, '') <> 'parkwatch ocr'"
    " AND COALESCE(created_by, '') NOT LIKE 'crawler%'))"
)
# (table, columns, the rows written in local time: a WHERE condition, None for every row)
ROWS_WRITTEN_LOCAL: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("lots", ("created_at", "updated_at"), "is_demo"),
    ("sources", ("last_run_at",), "is_demo"),
    ("source_runs", ("started_at", "finished_at"), "source_id IN (SELECT id FROM sources WHERE is_demo)"),
    ("evidence", ("captured_at",), f"sha256 IN (SELECT evidence_sha256 FROM observations WHERE {PEOPLE_OBSERVATION})"),
    ("observations", ("captured_at",), PEOPLE_OBSERVATION),
    ("observations", ("stay_entry", "stay_exit"), None),
    ("price_versions", ("valid_from",), f"observation_id IN (SELECT id FROM observations WHERE {PEOPLE_OBSERVATION})"),
    ("findings", ("found_at", "updated_at"), None),
    ("finding_evidence", ("added_at",), None),
    ("complaints", ("received_at",), None),
    ("audit_events", ("at",), "action <> 'evidence.purge'"),
    ("users", ("created_at",), None),
    ("notifications", ("created_at", "next_attempt_at", "sent_at"), None),
    ("job_state", ("last_run_at", "next_run_at", "lock_expires_at"), None),
    ("inspections", ("created_at",), None),
)
KEYS = {"evidence": "sha256", "job_state": "name"}  # the other tables' key is `id`
APPEND_ONLY = ("finding_evidence", "audit_events")
SQLITE_TRIGGER = (
    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
    "BEGIN SELECT RAISE(ABORT, 'append-only: UPDATE on {table} is refused (rows can only be added)'); END"
)
AUDIT = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),  # timestamptz by the time it is written (PostgreSQL)
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("row_hash", sa.String),
)


def _zone() -> str:
    return get_settings().timezone


def _append_only(bind: sa.Connection, *, enforced: bool) -> None:
    """Lift the UPDATE refusal of the append-only tables for this migration's UPDATEs, or put it back."""
    for table in APPEND_ONLY:
        if bind.dialect.name == "sqlite":
            op.execute(SQLITE_TRIGGER.format(table=table) if enforced else f"DROP TRIGGER IF EXISTS {table}_no_update")
        else:
            op.execute(f"ALTER TABLE {table} {'ENABLE' if enforced else 'DISABLE'} TRIGGER {table}_append_only")


def _shift_postgresql(bind: sa.Connection, table: str, columns: tuple[str, ...], where: str | None) -> int:
    zone = _zone()
    sets = ", ".join(f"{c} = ({c} AT TIME ZONE :zone) AT TIME ZONE 'UTC'" for c in columns)
    result = bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {where or '1=1'}"), {"zone": zone})
    return int(result.rowcount or 0)


def _to_utc_text(value: str | None, zone: ZoneInfo) -> str | None:
    if value is None:
        return None
    local = datetime.fromisoformat(str(value)).replace(tzinfo=zone)
    return local.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _shift_sqlite(bind: sa.Connection, table: str, columns: tuple[str, ...], where: str | None) -> int:
    """SQLite has no zone arithmetic: each row is read, converted in Python, written back."""
    zone, key = ZoneInfo(_zone()), KEYS.get(table, "id")
    rows = bind.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table} WHERE {where or '1=1'}")).all()
    if rows:
        sets = ", ".join(f"{c} = :{c}" for c in columns)
        bind.execute(
            sa.text(f"UPDATE {table} SET {sets} WHERE {key} = :key"),
            [{"key": row[0], **{c: _to_utc_text(row[i + 1], zone) for i, c in enumerate(columns)}} for row in rows],
        )
    return len(rows)


def _to_timestamptz(table: str, columns: tuple[str, ...]) -> None:
    for column in columns:
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE timestamp with time zone USING {column} AT TIME ZONE 'UTC'"
        )


def _rechain(bind: sa.Connection, shifted: int) -> None:
    """Hash the trail again in id order (as 0005 did), then record the change of tip as an event."""
    prev = GENESIS
    old_tip = bind.execute(sa.select(AUDIT.c.row_hash).order_by(AUDIT.c.id.desc()).limit(1)).scalar()
    rows = bind.execute(sa.select(AUDIT.c.id, *(AUDIT.c[n] for n in CHAINED_FIELDS)).order_by(AUDIT.c.id)).all()
    for row in rows:
        row_hash = event_hash(row._mapping, prev)
        bind.execute(sa.update(AUDIT).where(AUDIT.c.id == row.id).values(prev_hash=prev, row_hash=row_hash))
        prev = row_hash
    if not rows:
        return
    event = {
        "at": datetime.now(UTC),  # aware: PostgreSQL would read a naive value in its session zone
        "actor": "parkwatch db upgrade",
        "action": "db.migrate",
        "entity": "database",
        "entity_id": revision,
        "before": {"chain_tip": old_tip},
        "after": {"chain_tip": prev, "events_converted_to_utc": shifted, "zone": _zone()},
    }
    bind.execute(sa.insert(AUDIT).values(**event, prev_hash=prev, row_hash=event_hash(event, prev)))


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    _append_only(bind, enforced=False)
    shifted_audit = 0
    for table, columns, where in ROWS_WRITTEN_LOCAL:
        shifted = (_shift_postgresql if postgres else _shift_sqlite)(bind, table, columns, where)
        shifted_audit += shifted if table == "audit_events" else 0
    if postgres:
        for table, columns in INSTANTS.items():
            _to_timestamptz(table, columns)
    op.execute("UPDATE observations SET ocr_engine = REPLACE(ocr_engine, ',', '+') WHERE ocr_engine LIKE '%,%'")
    _rechain(bind, shifted_audit)
    _append_only(bind, enforced=True)
    # a plain ADD COLUMN on SQLite: a batch copy of `observations` would drop a referenced table
    op.add_column("observations", sa.Column("status", sa.String(length=20), nullable=False, server_default="public"))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, columns in INSTANTS.items():
            for column in columns:
                op.execute(
                    f"ALTER TABLE {table} ALTER COLUMN {column} TYPE timestamp without time zone "
                    f"USING {column} AT TIME ZONE 'UTC'"
                )
        op.drop_column("observations", "status")
    else:
        op.execute("ALTER TABLE observations DROP COLUMN status")
