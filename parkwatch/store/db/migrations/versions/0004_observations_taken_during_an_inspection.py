"""observations taken during an inspection

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 11:08:28.210308
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        # a plain ADD COLUMN: a batch copy of `observations` would have to drop a table that other
        # tables reference, which fails on a populated database with foreign keys on
        op.execute("ALTER TABLE observations ADD COLUMN inspection_id INTEGER REFERENCES inspections (id)")
    else:
        op.add_column("observations", sa.Column("inspection_id", sa.Integer(), nullable=True))
        op.create_foreign_key("fk_observations_inspection_id", "observations", "inspections",
                              ["inspection_id"], ["id"])
    op.create_index("ix_observations_inspection_id", "observations", ["inspection_id"], unique=False)


def downgrade() -> None:
    # dropping the column drops its foreign key too (PostgreSQL; SQLite's batch copy leaves it out)
    op.drop_index("ix_observations_inspection_id", table_name="observations")
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_column("inspection_id")
