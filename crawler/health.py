"""Source health: register a source, open a run, close it as ok or failed.

A run that yields no items, or fewer than `min_valid_ratio` (90 %) valid items, or ends for any
reason other than "finished", is a FAILED run: `source_runs.status = "failed"` and
`sources.last_status = "failed"`, which the dashboard shows as an alert.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from crawler.sources import SourceDefinition
from parkwatch.store.db.engine import write_session
from parkwatch.store.db.models import Source, SourceRun


def ensure_source(engine: Engine, definition: SourceDefinition) -> int:
    """The source's id, creating or refreshing its row from the definition."""
    with write_session(engine) as session:
        source = session.scalar(select(Source).where(Source.key == definition.key))
        if source is None:
            source = Source(key=definition.key, kind=definition.kind, name=definition.name)
            session.add(source)
        source.kind = definition.kind
        source.name = definition.name
        source.url = definition.base_url[:500]
        source.definition = definition.to_json()
        source.is_demo = definition.is_demo
        session.flush()
        return source.id


def start_run(engine: Engine, source_id: int, now: datetime) -> int:
    with write_session(engine) as session:
        # runs of this source still "running" were interrupted (the crawl and its parent were killed,
        # so nobody closed them): close them as failed, in the same transaction that opens this run.
        # (A truly concurrent run of the same source closes its own row at its end, overwriting this.)
        for stale in session.scalars(
            select(SourceRun).where(SourceRun.source_id == source_id, SourceRun.status == "running")
        ):
            stale.status = "failed"
            stale.finished_at = now
            stale.message = "抓取被中断 interrupted: the run never finished (process killed)"
        run = SourceRun(source_id=source_id, started_at=now, status="running")
        session.add(run)
        session.flush()
        return run.id


def judge_run(items: int, valid: int, min_valid_ratio: float, finish_reason: str = "finished") -> tuple[str, str]:
    """(status, message) of a run from its counts: the fail-loudly rule of STYLE.md principle 6."""
    if finish_reason != "finished":
        return "failed", f"抓取中断 run ended early: {finish_reason}"
    if items == 0:
        return "failed", "未抓取到任何条目 no items: the source's pages may have changed or be unreachable"
    ratio = valid / items
    if ratio < min_valid_ratio:
        return "failed", (
            f"有效条目比例过低 only {valid}/{items} items valid ({ratio:.0%} < {min_valid_ratio:.0%}): "
            "the page layout may have changed"
        )
    return "ok", f"{valid}/{items} items valid ({ratio:.0%})"


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    items: int,
    valid: int,
    errors: int,
    now: datetime,
    min_valid_ratio: float = 0.9,
    finish_reason: str = "finished",
    detail: str | None = None,
) -> str:
    """Close the run and update the source's health; returns the status ("ok" / "failed")."""
    status, message = judge_run(items, valid, min_valid_ratio, finish_reason)
    if detail:
        message = f"{message}; {detail}"
    with write_session(engine) as session:
        run = session.get(SourceRun, run_id)
        if run is None:
            raise ValueError(f"no source run {run_id}")
        run.finished_at = now
        run.status = status
        run.items = items
        run.valid_items = valid
        run.errors = errors
        run.message = message
        source = session.get(Source, run.source_id)
        assert source is not None
        source.last_run_at = now
        source.last_status = status
        source.last_items = items
        source.last_errors = errors
    return status


def fail_unfinished_runs(engine: Engine, source_key: str, now: datetime, reason: str) -> int:
    """Mark a source's runs still "running" as failed (the crawl process died); returns how many."""
    with write_session(engine) as session:
        source = session.scalar(select(Source).where(Source.key == source_key))
        if source is None:
            return 0
        runs = session.scalars(
            select(SourceRun).where(SourceRun.source_id == source.id, SourceRun.status == "running")
        ).all()
        for run in runs:
            run.status = "failed"
            run.finished_at = now
            run.message = f"抓取进程异常退出 crawl process died: {reason}"
        if runs:
            source.last_run_at = now
            source.last_status = "failed"
        return len(runs)
