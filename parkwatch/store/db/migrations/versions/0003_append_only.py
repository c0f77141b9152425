"""append-only finding_evidence and audit_events, enforced by the database

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:10:00

A finding's evidence list can only be added to, and the audit trail cannot be edited: triggers
refuse every UPDATE and DELETE on `finding_evidence` and `audit_events` (and TRUNCATE on
PostgreSQL), whoever sends it — the application, a script, or someone at the SQL prompt with the
application's credentials. The ORM guard in `parkwatch/store/db/guards.py` gives the same refusal earlier,
with a clearer message. DROP TABLE does not fire these triggers (downgrades keep working).

Note for later migrations: on SQLite, `op.batch_alter_table` on either table recreates it and the
triggers are lost with the old table; such a migration must recreate them (tests/trust/test_append_only.py
checks that they exist at head).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("finding_evidence", "audit_events")
PG_FUNCTION = "parkwatch_refuse_change_append_only"


def _dialect() -> str:
    return op.get_bind().dialect.name


def upgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        for table in TABLES:
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'append-only: {operation} on {table} is refused "
                    f"(rows can only be added)'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'append-only: % on % is refused (rows can only be added)',
                    TG_OP, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$
            """
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"
            )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise NotImplementedError(f"append-only triggers are not written for {dialect}")


def downgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        for table in TABLES:
            for operation in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")
    elif dialect == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
