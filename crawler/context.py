"""The state one crawl run shares between its pipelines: the database, the source and the counts.

A Scrapy crawler gets one `CrawlContext` (`context_for(crawler)`); tests build one directly and hand
it to the pipelines, so no pipeline needs a running Scrapy engine.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from crawler.sources import SourceDefinition

PROGRESS_PREFIX = "PARKWATCH-PROGRESS "
RESULT_PREFIX = "PARKWATCH-RESULT "


@dataclass
class CrawlContext:
    engine: Engine
    definition: SourceDefinition | None = None
    source_id: int | None = None
    run_id: int | None = None
    min_valid_ratio: float = 0.9
    progress: bool = False
    items: int = 0
    valid: int = 0
    stored: int = 0
    unmatched: int = 0
    price_versions: int = 0  # new price_versions rows (first versions and changes)
    price_changes: int = 0  # of those, changes of an earlier version
    store_errors: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    # lot matching cache: (normalised name, normalised address) -> lot id; name -> ids
    lot_index: dict[tuple[str, str], int] | None = None
    lot_names: dict[str, list[int]] | None = None
    # run caches, loaded once per run: the source's own ids -> lot, lot -> latest price version hash,
    # canonical tariff JSON -> fee grid hash (a recrawl of unchanged pages computes no fee grid)
    lots_by_ref: dict[str, int] | None = None
    latest_hash: dict[int, str] | None = None
    hash_by_tariff: dict[str, str] | None = None
    # writes are batched: one transaction for up to `batch_size` items or `batch_seconds`, each item
    # in its own SAVEPOINT (a failing item rolls back alone). batch_size 1 = a transaction per item.
    batch_size: int = 1
    batch_seconds: float = 2.0
    _session: Any = None
    _pending: int = 0
    _batch_started: float = 0.0
    # one worker thread for the pipelines' work (reading, SQL, files), so the reactor keeps
    # downloading meanwhile; one thread keeps items in order and SQLite to a single writer
    pool: Any = None

    def start_worker(self) -> None:
        from twisted.internet import reactor
        from twisted.python.threadpool import ThreadPool

        if self.pool is None:
            self.pool = ThreadPool(minthreads=1, maxthreads=1, name="parkwatch-pipelines")
            self.pool.start()
            reactor.addSystemEventTrigger("before", "shutdown", self.stop_worker)

    def stop_worker(self) -> None:
        if self.pool is not None:
            self.pool.stop()
            self.pool = None

    async def run(self, fn: Any, item: Any) -> Any:
        """fn(item) on the worker thread when there is one, else here (tests, no reactor)."""
        if self.pool is None:
            return fn(item)
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThreadPool

        return await maybe_deferred_to_future(deferToThreadPool(reactor, self.pool, fn, item))

    def session(self) -> Any:
        """The open write session of the current batch (begun on first use)."""
        if self._session is None:
            from sqlalchemy.orm import Session

            self._session = Session(bind=self.engine, expire_on_commit=False)
            self._session.begin()
            self._pending = 0
            self._batch_started = time.monotonic()
        return self._session

    def item_done(self) -> None:
        """One item's writes are in the batch; commit when the batch is full or old enough."""
        if self._session is None:
            return
        self._pending += 1
        if self._pending >= self.batch_size or time.monotonic() - self._batch_started >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            try:
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    def note_problem(self, problem: str) -> None:
        self.problems[problem] = self.problems.get(problem, 0) + 1

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.definition.key if self.definition else None,
            "items": self.items,
            "valid": self.valid,
            "stored": self.stored,
            "unmatched": self.unmatched,
            "price_versions": self.price_versions,
            "price_changes": self.price_changes,
            "store_errors": self.store_errors,
            "problems": dict(self.problems),
        }

    def emit(self, prefix: str, payload: dict[str, Any]) -> None:
        """One machine-readable line on stdout for `parkwatch crawl` (only when progress is on)."""
        if self.progress:
            sys.stdout.write(prefix + json.dumps(payload, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()


def context_for(crawler: Any) -> CrawlContext:
    """The crawler's one context, made on first use from its settings."""
    existing = getattr(crawler, "parkwatch_context", None)
    if existing is not None:
        return existing
    from parkwatch.store.db.engine import get_engine

    settings = crawler.settings
    ctx = CrawlContext(
        engine=get_engine(settings.get("PARKWATCH_DB_URL") or None),
        min_valid_ratio=settings.getfloat("PARKWATCH_MIN_VALID_RATIO", 0.9),
        progress=settings.getbool("PARKWATCH_PROGRESS", False),
        batch_size=max(1, settings.getint("PARKWATCH_BATCH_SIZE", 50)),
        batch_seconds=settings.getfloat("PARKWATCH_BATCH_SECONDS", 2.0),
    )
    if settings.getbool("PARKWATCH_PIPELINE_THREAD", True):
        ctx.start_worker()
    crawler.parkwatch_context = ctx
    return ctx
