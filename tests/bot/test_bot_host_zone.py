"""The bot notifies by event identity, not by a clock mark: cycles run alternately on a host set to
Asia/Shanghai and on one set to UTC (separate processes, `TZ`), against one database, send every new
event exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from parkwatch.store.db import models as m
from parkwatch.store.db.engine import write_session

ROOT = Path(__file__).resolve().parents[2]

# One bot cycle: a job stores a new error as `parkwatch check` does; a crawl that ran for an hour fails
# (its run started before the errors already notified: a clock mark would skip it); another job fails
# at once. What the channel is sent is appended to a file.
CYCLE = """
import json, sys
from datetime import timedelta
from parkwatch.store.bot import Bot, Job, Schedule
from parkwatch.store.clock import utc_now
from parkwatch.store.db import models as m
from parkwatch.store.db.engine import make_engine, write_session
from parkwatch.store.notify.config import Channel, NotifyConfig

url, sent, step, new = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "new"
engine = make_engine(url)

def new_error(now):
    with write_session(engine) as s:
        s.add(m.Finding(fingerprint="fp-" + step, rule_code="CX003", severity="error", lot_id=1,
                        message="无收费权的主体收取停车费", found_at=utc_now(), updated_at=utc_now()))
    return "stored"

def long_crawl(now):
    with write_session(engine) as s:
        source = s.query(m.Source).filter_by(key="slow").first() or m.Source(key="slow", kind="web", name="慢")
        s.add(source)
        s.flush()
        s.add(m.SourceRun(source_id=source.id, started_at=utc_now() - timedelta(hours=1), finished_at=utc_now(),
                          status="failed", message="timeout"))
    return "recorded"

def broken(now):
    raise RuntimeError("portal answered 503")

def record(channel, title, text, payload):
    with open(sent, "a", encoding="utf-8") as out:
        out.write(json.dumps(payload["key"]) + "\\n")

jobs = [Job("check:" + step, Schedule(interval_minutes=60), new_error),
        Job("crawl:slow-" + step, Schedule(interval_minutes=60), long_crawl),
        Job("crawl:portal-" + step, Schedule(interval_minutes=60), broken)] if new else []
config = NotifyConfig(channels=(Channel(name="hook", type="webhook", url="http://127.0.0.1:9"),))
Bot(engine, jobs, config, check=lambda engine, now: None, sender=record).tick(utc_now())
"""


def _cycle(url: str, sent: Path, step: int, zone: str, new: bool) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARKWATCH_")}
    done = subprocess.run(
        [sys.executable, "-c", CYCLE, url, str(sent), str(step), "new" if new else "none"],
        cwd=ROOT,
        env={**env, "TZ": zone, "PARKWATCH_DATA_DIR": str(sent.parent)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_cycles_on_hosts_in_shanghai_and_utc_send_every_event_once(sqlite_engine, sqlite_url, tmp_path) -> None:
    now = datetime.now(UTC)
    with write_session(sqlite_engine) as s:
        s.add(m.Lot(id=1, name="演示·市政务服务中心后停车场", created_at=now, updated_at=now))
    sent = tmp_path / "sent.jsonl"
    zones = ("Asia/Shanghai", "UTC", "Asia/Shanghai", "UTC", "Asia/Shanghai")
    for step, zone in enumerate(zones, start=1):
        _cycle(sqlite_url, sent, step, zone, new=step <= 3)  # the last two cycles find nothing new
    keys = Counter(json.loads(line) for line in sent.read_text(encoding="utf-8").splitlines())
    expected = {f"finding:{n}" for n in (1, 2, 3)} | {f"source_run:{n}" for n in range(1, 7)}
    assert set(keys) == expected  # none missed
    assert set(keys.values()) == {1}  # none sent twice
