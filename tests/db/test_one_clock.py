"""One clock: instants are stored as aware UTC on SQLite and PostgreSQL, whatever the zone of the
database session or of the host; the city's zone applies only when a person reads them; no code reads
the clock naively (a scan of the source)."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from parkwatch.settings import reset_settings_cache
from parkwatch.store import clock
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session, write_session

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("parkwatch", "crawler", "ocr", "dashboard")
SHANGHAI = ZoneInfo("Asia/Shanghai")

# calls that read the clock without a zone (or build a naive "now" from a timestamp)
NAIVE_CLOCK = {
    ("datetime", "utcnow"): "datetime.utcnow()",
    ("datetime", "utcfromtimestamp"): "datetime.utcfromtimestamp()",
    ("datetime", "today"): "datetime.today()",
    ("date", "today"): "date.today() (the host's date, not the city's)",
}


def naive_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) for every naive clock read in `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
        method = node.func.attr
        zone_given = (
            bool(node.keywords) or (method == "now" and node.args) or (method == "fromtimestamp" and len(node.args) > 1)
        )
        if (name, method) in NAIVE_CLOCK:
            found.append((node.lineno, NAIVE_CLOCK[(name, method)]))
        elif name == "datetime" and method in ("now", "fromtimestamp") and not zone_given:
            found.append((node.lineno, f"datetime.{method}() without a zone"))
    return found


def test_the_scan_catches_each_form_of_a_naive_clock_read() -> None:
    caught = naive_clock_reads(
        "import datetime as dt\nfrom datetime import date, datetime\n"
        "datetime.now()\ndatetime.utcnow()\ndt.datetime.now()\ndate.today()\ndatetime.today()\n"
        "datetime.fromtimestamp(0)\ndatetime.utcfromtimestamp(0)\n"
        "datetime.now(UTC)\ndatetime.now(tz=UTC)\ndatetime.fromtimestamp(0, UTC)\ndate(2024, 1, 1)\n"
    )
    assert [line for line, _ in caught] == [3, 4, 5, 6, 7, 8, 9]


def test_no_naive_clock_read_is_left_in_the_application() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for package in SCANNED
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, what in naive_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read the clock with parkwatch.store.clock.utc_now() / city_today():\n" + "\n".join(
        offenders
    )


def test_instants_come_back_aware_in_utc_whatever_the_session_zone(engine: sa.Engine) -> None:
    in_shanghai = datetime(2026, 3, 1, 18, 5, tzinfo=SHANGHAI)
    with write_session(engine) as session:
        if engine.dialect.name == "postgresql":  # the database answers in a zone of its own
            session.execute(sa.text("SET LOCAL TIME ZONE 'America/New_York'"))
        session.add(m.Lot(id=1, name="时区测试", created_at=in_shanghai, updated_at=datetime(2026, 3, 1, 10, 5)))
    with read_session(engine) as session:
        if engine.dialect.name == "postgresql":
            session.execute(sa.text("SET TIME ZONE 'Asia/Tokyo'"))
        lot = session.get(m.Lot, 1)
        at_or_after = m.Lot.created_at >= datetime(2026, 3, 1, 10, 5, tzinfo=UTC)
        later = session.scalar(sa.select(sa.func.count(m.Lot.id)).where(at_or_after))
    assert lot.created_at == datetime(2026, 3, 1, 10, 5, tzinfo=UTC) and lot.created_at.tzinfo is UTC
    assert lot.updated_at == lot.created_at  # a naive instant is taken as UTC, never as the host's time
    assert later == 1


def test_the_city_zone_is_a_setting_and_applies_only_for_people(monkeypatch: pytest.MonkeyPatch) -> None:
    instant = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    assert clock.show(instant) == "2026-03-02 00:30"  # Asia/Shanghai by default
    assert clock.city_today(instant) == date(2026, 3, 2)
    assert clock.from_city(datetime(2026, 3, 2, 0, 30)) == instant
    assert clock.city_day(date(2026, 3, 2)) == (
        datetime(2026, 3, 1, 16, 0, tzinfo=UTC),
        datetime(2026, 3, 2, 16, 0, tzinfo=UTC),
    )
    monkeypatch.setenv("PARKWATCH_TIMEZONE", "Europe/Berlin")
    reset_settings_cache()
    assert clock.show(instant) == "2026-03-01 17:30"
    assert clock.city_day(date(2026, 3, 29))[1] - clock.city_day(date(2026, 3, 29))[0] == timedelta(hours=23)
    monkeypatch.setenv("PARKWATCH_TIMEZONE", "Mars/Olympus")
    reset_settings_cache()
    with pytest.raises(ValueError, match="PARKWATCH_TIMEZONE"):
        clock.city_zone()


def test_the_host_zone_does_not_change_what_is_stored_or_shown(tmp_path: Path) -> None:
    """The same program under TZ=Asia/Shanghai and TZ=UTC stores the same instant and shows the same text."""
    url = f"sqlite:///{tmp_path / 'tz.db'}"
    program = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from parkwatch.store.clock import show, utc_now\n"
        "from parkwatch.store.db import models as m\n"
        "from parkwatch.store.db.engine import make_engine, read_session, write_session\n"
        "from parkwatch.store.db.migrate import upgrade\n"
        "url, n = sys.argv[1], int(sys.argv[2])\n"
        "upgrade(url) if n == 1 else None\n"
        "engine = make_engine(url)\n"
        "before = utc_now()\n"
        "with write_session(engine) as s:\n"
        "    s.add(m.Lot(id=n, name='x', created_at=utc_now(), updated_at=datetime(2026, 1, 1, 12, tzinfo=UTC)))\n"
        "with read_session(engine) as s:\n"
        "    lot = s.get(m.Lot, n)\n"
        "assert 0 <= (lot.created_at - before).total_seconds() < 60, (lot.created_at, before)\n"
        "print(show(lot.updated_at))\n"
    )
    shown = []
    for n, zone in enumerate(("Asia/Shanghai", "UTC"), start=1):
        done = subprocess.run(
            [sys.executable, "-c", program, url, str(n)],
            cwd=ROOT,
            env={**_environment(), "TZ": zone, "PARKWATCH_DATA_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        shown.append(done.stdout.strip())
    assert shown == ["2026-01-01 20:00", "2026-01-01 20:00"]


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PARKWATCH_")}
