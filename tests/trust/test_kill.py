"""No lost writes and no half records under a real kill (SIGKILL: no cleanup code runs).

- `parkwatch complaints import` is killed while its one transaction is writing: nothing is stored,
  and a re-run imports every row.
- `parkwatch crawl` (the command and its Scrapy child, one process group) is killed after the first
  observations were committed: every stored observation has its evidence row and file, every price
  version points at a stored observation; the next crawl completes and closes the interrupted run.
- `parkwatch ocr --save` killed midway leaves no observation without its evidence.
"""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from parkwatch.settings import PROJECT_ROOT, get_settings
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import Complaint, Evidence, Lot, Observation, PriceVersion, Source, SourceRun
from tests.realparts import require_real_part

pytestmark = pytest.mark.slow
NOW = datetime(2026, 3, 1, 9, 0)
PY = sys.executable


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _env(engine) -> dict[str, str]:
    return {
        **os.environ,
        "PARKWATCH_DB_URL": _url(engine),
        "PARKWATCH_DATA_DIR": str(get_settings().data_dir),
        "PYTHONUNBUFFERED": "1",
    }


def _count(engine, model, *where) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _wait_until(condition, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"the process ended (rc {proc.returncode}) before {what}: {out[-2000:]}")
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail(f"timed out waiting for {what}")


def _kill_group(proc: subprocess.Popen) -> None:
    assert proc.poll() is None, "the process must still be running when it is killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def _start(engine, *args: str) -> subprocess.Popen:
    """`parkwatch <args>` in a process group of its own (a kill of the group takes its children too)."""
    return subprocess.Popen(
        [PY, "-m", "parkwatch", *args],
        cwd=PROJECT_ROOT,
        env=_env(engine),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _kill_when(condition, proc: subprocess.Popen, timeout: float, what: str) -> None:
    """SIGKILL the process group as soon as `condition` holds; it never outlives this call."""
    try:
        _wait_until(condition, proc, timeout, what)
        _kill_group(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


# --- complaints import ----------------------------------------------------------------------------

ROWS = 25_000


def _write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["编号", "受理时间", "渠道", "区县", "停车场", "内容"])
        for i in range(rows):
            w.writerow(
                [
                    f"12315-2026-{i:07d}",
                    "2026-03-05 10:20",
                    "12315" if i % 3 else "12345热线",
                    "岳阳楼区",
                    f"演示停车场{i % 300}",
                    "停车收费太贵，每小时10元，与公示不符（演示数据）",
                ]
            )


def _import_is_writing(engine):
    """A probe: is the import's transaction writing rows that are not committed yet?"""
    if engine.dialect.name == "sqlite":
        # the write transaction's pages spill from SQLite's page cache into the WAL long before the
        # commit; nothing else writes to this database meanwhile
        wal = Path(engine.url.database + "-wal")
        return lambda: wal.exists() and wal.stat().st_size > 256 * 1024
    probe = create_engine(_url(engine))

    def writing() -> bool:
        with probe.connect() as conn:
            return bool(
                conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                        "AND xact_start IS NOT NULL AND query ILIKE 'INSERT INTO complaints%'"
                    )
                ).scalar()
            )

    writing.dispose = probe.dispose  # type: ignore[attr-defined]  # the caller closes the probe's pool
    return writing


def test_a_complaints_import_killed_while_writing_stores_nothing_and_a_rerun_imports_all(engine, tmp_path) -> None:
    path = tmp_path / "工单.csv"
    _write_csv(path, ROWS)
    if engine.dialect.name == "sqlite":
        engine.dispose()  # close our connections: SQLite checkpoints and removes the WAL
        assert not Path(engine.url.database + "-wal").exists()
    writing = _import_is_writing(engine)
    proc = _start(engine, "complaints", "import", str(path))
    try:
        _kill_when(writing, proc, 240, "the import started writing")
    finally:
        getattr(writing, "dispose", lambda: None)()
    assert _count(engine, Complaint) == 0  # the one transaction died whole

    rerun = subprocess.run(
        [PY, "-m", "parkwatch", "complaints", "import", str(path)],
        cwd=PROJECT_ROOT,
        env=_env(engine),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"导入 {ROWS} 条" in rerun.stdout
    assert _count(engine, Complaint) == ROWS
    with read_session(engine) as s:
        assert s.scalar(select(func.count(func.distinct(Complaint.number)))) == ROWS


# --- crawl ----------------------------------------------------------------------------------------


def _seed_demo_lots(engine) -> None:
    from demo.city import demo_lots, lot_row
    from demo.portal_site import load_manifest

    manifest = load_manifest()
    wanted = {info["key"] for info in manifest["pages"].values()} | set(manifest["api"])
    with write_session(engine) as s:
        s.add_all(Lot(**lot_row(lot, NOW)) for lot in demo_lots() if lot.key in wanted)


def _assert_no_half_records(engine) -> int:
    """Every observation has its evidence row and an intact file; no orphan rows. Returns #observations."""
    from crawler.snapshot import snapshot_path

    with read_session(engine) as s:
        observations = s.scalars(select(Observation)).all()
        for obs in observations:
            assert obs.evidence_sha256, f"observation {obs.id} has no evidence"
            ev = s.get(Evidence, obs.evidence_sha256)
            assert ev is not None, f"observation {obs.id}: evidence row missing"
            file = snapshot_path(ev)
            assert file.is_file(), f"observation {obs.id}: evidence file missing"
            assert hashlib.sha256(file.read_bytes()).hexdigest() == ev.sha256
        obs_ids = {o.id for o in observations}
        for pv in s.scalars(select(PriceVersion)):
            assert pv.observation_id in obs_ids, f"price version {pv.id} points at a missing observation"
        used = {o.evidence_sha256 for o in observations}
        orphans = [e.sha256 for e in s.scalars(select(Evidence)) if e.sha256 not in used]
        assert not orphans, f"evidence rows without an observation: {orphans}"
    return len(observations)


def test_a_crawl_killed_midway_leaves_no_half_record_and_the_next_crawl_closes_the_interrupted_run(engine) -> None:
    from crawler.runner import run_crawl
    from demo.portal_server import DemoServer
    from parkwatch.store.evidence import verify_evidence

    _seed_demo_lots(engine)
    with DemoServer() as server:
        server.delay_seconds = 0.3  # a slow portal: the crawl takes long enough to be killed midway
        proc = _start(engine, "crawl", "demo_portal", "--base-url", server.url)
        # the scrapy child is in the command's process group: both die, nobody closes the run
        _kill_when(lambda: _count(engine, Observation) >= 1, proc, 240, "the first observations were stored")
        stored = _assert_no_half_records(engine)
        assert 1 <= stored < 30, f"killed midway: {stored} of 30 pages stored"
        assert _count(engine, SourceRun, SourceRun.status == "running") == 1  # the interrupted run
        report = verify_evidence(engine)
        assert not [p for p in report.problems if p.problem in ("missing", "changed")], report.to_json()

        server.delay_seconds = 0.0
        (result,) = run_crawl(
            ["demo_portal"],
            db_url=_url(engine),
            base_url=server.url,
            settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False},
        )
    assert result.status == "ok" and result.stored == 30, result.log_tail
    assert _assert_no_half_records(engine) == stored + 30
    with read_session(engine) as s:
        runs = s.scalars(select(SourceRun).order_by(SourceRun.id)).all()
        source = s.scalar(select(Source).where(Source.key == "demo_portal"))
    assert [r.status for r in runs] == ["failed", "ok"]
    assert "interrupted" in runs[0].message and runs[0].finished_at is not None
    assert source.last_status == "ok"


# --- OCR --save -----------------------------------------------------------------------------------


@pytest.mark.tesseract
def test_an_ocr_save_killed_midway_leaves_no_observation_without_its_evidence(sqlite_engine, tmp_path) -> None:
    """Photos are read first, then saved one transaction each (evidence + observation); kill during saving."""
    from demo.photo_generator import make_dataset
    from ocr.engines import get_engine as get_ocr_engine
    from parkwatch.store.evidence import verify_evidence

    require_real_part(get_ocr_engine("tesseract").available(), "tesseract with chi_sim")
    engine = sqlite_engine
    with write_session(engine) as s:
        lot = Lot(name="演示·照片停车场", created_at=NOW, updated_at=NOW, is_demo=True)
        s.add(lot)
        s.flush()
        lot_id = lot.id
    photos = make_dataset(tmp_path / "photos", per_class=8, seed=7, difficulties=("clean",))
    args = ("ocr", *map(str, photos), "--save", "--lot", str(lot_id), "--engine", "tesseract", "--workers", "1")
    proc = _start(engine, *args)
    _kill_when(lambda: _count(engine, Observation) >= 1, proc, 600, "the first photo was saved")
    stored = _count(engine, Observation)
    assert 1 <= stored < len(photos), f"killed midway: {stored} of {len(photos)} photos saved"
    root = Path(get_settings().evidence_dir)
    with read_session(engine) as s:
        for obs in s.scalars(select(Observation)):
            ev = s.get(Evidence, obs.evidence_sha256)
            assert ev is not None and ev.kind == "photo"
            assert hashlib.sha256((root / ev.path).read_bytes()).hexdigest() == ev.sha256
            assert ev.public_path and (root / ev.public_path).is_file()
        used = {o.evidence_sha256 for o in s.scalars(select(Observation))}
        assert {e.sha256 for e in s.scalars(select(Evidence))} == used  # no evidence row without its observation
    report = verify_evidence(engine)
    assert not [p for p in report.problems if p.problem in ("missing", "changed")], report.to_json()
