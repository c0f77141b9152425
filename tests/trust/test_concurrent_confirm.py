"""Two inspectors confirming the same finding at once, from two separate processes (SQLite and PostgreSQL).

tests/enforcement/test_enforcement.py already races a confirm against a dismiss in two threads with
the screen's version; this races two CONFIRMS in two real processes, with and without the screen's
version: one change, one audit event for it, and the other inspector is told (conflict) or finds it
already confirmed (no change, no event). Never two changes, never an event for a change that lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from parkwatch.settings import PROJECT_ROOT, get_settings
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import AuditEvent, Finding
from tests.trust.trust_seed import lot_with_finding

NOW = datetime(2026, 4, 6, 10, 0)

WORKER = r"""
import json, sys, time
from datetime import datetime
from parkwatch.store.db.engine import get_engine, write_session
from parkwatch.store.enforcement import FindingConflict, confirm_finding

finding_id, actor, start_at, version = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
engine = get_engine()
with engine.connect():  # connect before the start line, so both start writing at the same moment
    pass
while time.time() < start_at:
    time.sleep(0.001)
try:
    with write_session(engine) as s:
        changed = confirm_finding(s, finding_id, actor=actor, now=datetime(2026, 4, 6, 10, 5),
                                  expected_version=None if version == "none" else int(version))
    print(json.dumps({"actor": actor, "result": "changed" if changed else "unchanged"}))
except FindingConflict as exc:
    print(json.dumps({"actor": actor, "result": "conflict", "message": str(exc)}))
"""


@pytest.mark.parametrize("screen_version", ["1", "none"], ids=["with-screen-version", "without-version"])
def test_two_inspectors_confirming_the_same_finding_at_once_make_one_change_and_both_are_audited(
    engine, screen_version
) -> None:
    with write_session(engine) as s:
        finding_id = lot_with_finding(s, "演示·并发测试停车场", "race", NOW).id
    env = {
        **os.environ,
        "PARKWATCH_DB_URL": engine.url.render_as_string(hide_password=False),
        "PARKWATCH_DATA_DIR": str(get_settings().data_dir),
    }
    start_at = time.time() + 4.0  # both processes are up by then (imports take ~1-2 s)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(finding_id), actor, str(start_at), screen_version],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for actor in ("甲", "乙")
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    assert time.time() > start_at

    results = sorted(o["result"] for o in outcomes)
    assert results.count("changed") == 1, outcomes
    loser = next(o for o in outcomes if o["result"] != "changed")
    if loser["result"] == "conflict":
        assert "已被他人" in loser["message"]
    winner = next(o["actor"] for o in outcomes if o["result"] == "changed")
    with read_session(engine) as s:
        f = s.get(Finding, finding_id)
        assert (f.status, f.version) == ("confirmed", 2)
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "finding", AuditEvent.entity_id == str(finding_id))
        ).all()
    expected = [(winner, "finding.confirm", "open", "confirmed")]
    if loser["result"] == "unchanged":  # it confirmed what was already confirmed: recorded, nothing changed
        expected.append((loser["actor"], "finding.confirm.unchanged", "confirmed", "confirmed"))
    assert [(e.actor, e.action, e.before["status"], e.after["status"]) for e in events] == expected
