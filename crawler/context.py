"""What one crawl run shares between its pipelines: the database, the source, counts, caches, the batch.

Only run-wide state lives here; what a stage learns about an item travels on the item itself
(`LotPriceItem`'s pipeline fields: tariff, lot_id, observation_id, …). A Scrapy crawler gets one
`CrawlContext` (`context_for(crawler)`); tests build one directly and hand it to the pipelines, so no
pipeline needs a running Scrapy engine.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from twisted.python.threadpool import ThreadPool

from crawler.sources import SourceDefinition
from parkwatch.store.db.engine import get_engine, write_session

PROGRESS_PREFIX = "PARKWATCH-PROGRESS "
RESULT_PREFIX = "PARKWATCH-RESULT "

T = TypeVar("T")


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
    rereads: int = 0  # versions whose unchanged price text a newer reader read differently
    store_errors: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    # named, not only counted: the lots no known lot matched, the pages that say no price is posted
    unmatched_names: list[str] = field(default_factory=list)
    no_price: list[str] = field(default_factory=list)
    # lot matching cache: (normalised name, normalised address) -> lot id; name -> ids
    lot_index: dict[tuple[str, str], int] | None = None
    lot_names: dict[str, list[int]] | None = None
    # run caches, loaded once per run: the source's own ids -> lot, lot -> latest price version hash,
    # canonical tariff JSON -> fee grid hash (a recrawl of unchanged pages computes no fee grid)
    lots_by_ref: dict[str, int] | None = None
    latest_hash: dict[int, str] | None = None
    hash_by_tariff: dict[str, str] | None = None
    # writes are batched: one `write_session` (the store's transaction helper) is held open for up to
    # `batch_size` items or `batch_seconds`, each item's writes in SAVEPOINTs (a failing item rolls
    # back alone). batch_size 1 = a transaction per item.
    batch_size: int = 1
    batch_seconds: float = 2.0
    _batch: ExitStack | None = None
    _session: Session | None = None
    _pending: int = 0
    _batch_started: float = 0.0
    # one worker thread for the blocking stages (SQL, files), so the reactor keeps downloading
    # meanwhile; one thread keeps SQLite to a single writer and the batch session to one user
    worker: ThreadPool | None = None

    def start_worker(self) -> None:
        if self.worker is None:
            from twisted.internet import reactor
            from twisted.internet.base import ReactorBase

            self.worker = ThreadPool(minthreads=1, maxthreads=1, name="parkwatch-pipelines")
            self.worker.start()
            # its thread is not a daemon: stop it with the reactor, however the crawl ends
            # (the reactor is declared by zope interfaces, whose methods mypy misreads; its class is exact)
            cast(ReactorBase, reactor).addSystemEventTrigger("before", "shutdown", self.stop_worker)

    def stop_worker(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    async def run(self, fn: Callable[[T], T], item: T) -> T:
        """fn(item) on the worker thread when there is one, else here (tests, no reactor)."""
        if self.worker is None:
            return fn(item)
        # imported here: importing the reactor installs one, and Scrapy installs its own first
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.threads import deferToThreadPool

        result: T = await maybe_deferred_to_future(deferToThreadPool(reactor, self.worker, fn, item))
        return result

    def session(self) -> Session:
        """The write session of the current batch, opened on first use."""
        if self._session is None:
            batch = ExitStack()
            self._session = batch.enter_context(write_session(self.engine))
            self._batch = batch
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
        """End the batch: `write_session` commits it, or rolls it all back and re-raises."""
        if self._batch is not None:
            batch, self._batch, self._session = self._batch, None, None
            batch.close()

    def note_problem(self, problem: str) -> None:
        self.problems[problem] = self.problems.get(problem, 0) + 1

    def health_detail(self) -> str | None:
        """What source health says beyond the counts: problems, unmatched lots and pages without a price,
        each named (the first ten)."""
        parts = []
        if self.problems:
            parts.append("; ".join(f"{k} ×{v}" for k, v in sorted(self.problems.items())))
        if self.unmatched:
            parts.append(
                f"未匹配停车场 unmatched lots ×{self.unmatched}: {_first(self.unmatched_names)}"
                " (登记这些停车场或设 create_unknown_lots register them or set create_unknown_lots)"
            )
        if self.no_price:
            parts.append(f"暂未公示价格 no price posted ×{len(self.no_price)}: {_first(self.no_price)}")
        return "; ".join(parts) or None

    def summary(self) -> dict[str, Any]:
        return {
            "source": self.definition.key if self.definition else None,
            "items": self.items,
            "valid": self.valid,
            "stored": self.stored,
            "unmatched": self.unmatched,
            "unmatched_names": list(self.unmatched_names),
            "no_price": len(self.no_price),
            "no_price_names": list(self.no_price),
            "price_versions": self.price_versions,
            "price_changes": self.price_changes,
            "rereads": self.rereads,
            "store_errors": self.store_errors,
            "problems": dict(self.problems),
        }

    def emit(self, prefix: str, payload: dict[str, Any]) -> None:
        """One machine-readable line on stdout for `parkwatch crawl` (only when progress is on)."""
        if self.progress:
            sys.stdout.write(prefix + json.dumps(payload, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()


def _first(names: list[str], n: int = 10) -> str:
    more = f" …(+{len(names) - n})" if len(names) > n else ""
    return "、".join(names[:n]) + more


def context_for(crawler: Any) -> CrawlContext:
    """The crawler's one context, made on first use from its settings."""
    existing: CrawlContext | None = getattr(crawler, "parkwatch_context", None)
    if existing is not None:
        return existing
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
