"""lots carry their city, district and zone: `lots.zone`, an index on `lots.city`

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:30:00

`city` (a jurisdiction id of data/standards/jurisdictions.yaml), `district` and `approval_ref` exist since
0001; every lot stored so far is a Yueyang lot, so an empty city becomes 'yueyang'. This adds `zone`
(一类/二类/三类区域 where a city zones its tariffs; NULL where it does not or it is not known) and an
index on `city` (the lot list and the dashboard filter by it).

Plain ADD/DROP COLUMN on SQLite: a batch copy of `lots` would recreate a table other tables reference.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("lots", sa.Column("zone", sa.String(length=40), nullable=True))
    op.execute("UPDATE lots SET city = 'yueyang' WHERE city IS NULL OR city = ''")
    op.create_index("ix_lots_city", "lots", ["city"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lots_city", table_name="lots")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE lots DROP COLUMN zone")
    else:
        op.drop_column("lots", "zone")
