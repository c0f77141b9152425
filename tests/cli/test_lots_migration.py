"""Migration 0007 (lots carry city and zone): old lots become Yueyang's, `zone` comes and goes (SQLite and
PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa

from parkwatch.store.db.engine import make_engine
from parkwatch.store.db.migrate import downgrade, upgrade


def _columns(engine: sa.Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("lots")}


def test_0007_adds_the_zone_and_gives_every_old_lot_a_city(db_url: str) -> None:
    upgrade(db_url, "0006")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO lots (id, name, pricing_form, city, is_demo, created_at, updated_at) VALUES "
                    "(1, '旧停车场', 'unknown', '', :f, :t, :t), (2, '岳阳停车场', 'market', 'yueyang', :f, :t, :t)"
                ),
                {"f": False, "t": "2026-03-01 10:00:00"},
            )
        assert "zone" not in _columns(engine)
        upgrade(db_url, "0007")
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, city, zone FROM lots ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [(1, "yueyang", None), (2, "yueyang", None)]
        assert "ix_lots_city" in {i["name"] for i in sa.inspect(engine).get_indexes("lots")}
        downgrade(db_url, "0006")
        assert "zone" not in _columns(make_engine(db_url))
        upgrade(db_url, "head")
        assert "zone" in _columns(make_engine(db_url))
    finally:
        engine.dispose()
