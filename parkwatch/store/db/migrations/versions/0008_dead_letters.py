"""dead letters: tasks that failed after all their retries

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:40:00

`dead_letters` holds one row per (task, natural key) that a worker gave up on (`parkwatch.tasks`): the
arguments to run it again, the last error, how many attempts, when. Instants are timestamptz on
PostgreSQL (UTCInstant), as every instant since 0006.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=100), nullable=False),
        sa.Column("task_key", sa.String(length=200), nullable=False),
        sa.Column("arguments", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task", "task_key"),
    )


def downgrade() -> None:
    op.drop_table("dead_letters")
