"""a hash chain over the audit trail: prev_hash and row_hash on audit_events

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 09:00:00

Each audit event stores the hash of the one before it (parkwatch/store/audit_chain.py). This adds the
two columns and chains the events already stored, in id order, with the same hash function the
application uses. The rows are updated once, here: the append-only triggers of 0003 are lifted for
that and put back before the migration commits (the whole migration is one transaction).

Plain ADD/DROP COLUMN on SQLite (no batch copy): a batch copy would recreate the table and lose the
triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from parkwatch.store.audit_chain import CHAINED_FIELDS, GENESIS, event_hash

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# the table as this revision knows it (not the model, which later revisions change)
AUDIT = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("row_hash", sa.String),
)
SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'append-only: UPDATE on audit_events is refused (rows can only be added)'); END"
)


def _chain_existing_rows(bind: sa.Connection) -> None:
    prev = GENESIS
    rows = bind.execute(sa.select(AUDIT.c.id, *(AUDIT.c[n] for n in CHAINED_FIELDS)).order_by(AUDIT.c.id)).all()
    for row in rows:
        row_hash = event_hash(row._mapping, prev)
        bind.execute(
            sa.update(AUDIT).where(AUDIT.c.id == row.id).values(prev_hash=prev, row_hash=row_hash)
        )
        prev = row_hash


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    if dialect == "sqlite":
        op.execute("ALTER TABLE audit_events ADD COLUMN prev_hash VARCHAR(64)")
        op.execute("ALTER TABLE audit_events ADD COLUMN row_hash VARCHAR(64)")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        _chain_existing_rows(bind)
        op.execute(SQLITE_TRIGGER)
    else:
        op.add_column("audit_events", sa.Column("prev_hash", sa.String(length=64), nullable=True))
        op.add_column("audit_events", sa.Column("row_hash", sa.String(length=64), nullable=True))
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        _chain_existing_rows(bind)
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE audit_events DROP COLUMN row_hash")
        op.execute("ALTER TABLE audit_events DROP COLUMN prev_hash")
    else:
        op.drop_column("audit_events", "row_hash")
        op.drop_column("audit_events", "prev_hash")
