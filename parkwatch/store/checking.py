"""The shell around the rules: run every rule over stored observations and store the findings.

`check_lots(engine, on)` takes, per lot, the latest public observation of each source captured on or
before the city's day `on` (a correction supersedes what it corrects; a photo reading pending review is
not judged), builds one `RuleContext` per (lot, source) — with
the lot's other sources, its receipts and its price history — judges it against the standards in
force on the observation's date, and stores new findings into `findings` + `finding_evidence`.

A finding's fingerprint is sha256 over (rule, lot, the values that broke the rule), so running the
check again, or seeing the same defect on a second source, stores nothing twice. Lots are processed
in chunks with a handful of batch queries each (no query per lot); each chunk is one transaction.
"""

from __future__ import annotations

import hashlib
import json
import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import Engine, Row, func, insert, select, text
from sqlalchemy.orm import Session

from parkwatch.core.board import BoardRecord
from parkwatch.core.rules import Charge, LotInfo, Posting, RuleContext, RuleFinding, evaluate
from parkwatch.core.rules.base import PriceVersion as RulePriceVersion
from parkwatch.core.standards import StandardsInForce, load_standards
from parkwatch.core.tariff import Tariff
from parkwatch.store.clock import as_utc, city_day, city_wall, to_city, utc_now
from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import (
    PUBLIC_OBSERVATIONS,
    Finding,
    FindingEvidence,
    Lot,
    Observation,
    PriceVersion,
    Source,
    table_of,
)

CHUNK_LOTS = 2000  # lots per transaction; keeps IN (...) lists and memory bounded
IN_BATCH = 900  # bound parameters per IN list (SQLite's limit is 32766 nowadays; stay modest)
RECEIPT_KINDS = ("receipt",)
CHECKER = "parkwatch check"  # the actor named on the evidence the check adds

_T = TypeVar("_T")
_Row: TypeAlias = Row[*tuple[Any, ...]]


@dataclass
class CheckSummary:
    lots: int = 0  # lots looked at
    contexts: int = 0  # (lot, source) pairs judged
    findings: int = 0  # findings produced by the rules (before deduplication)
    new: int = 0  # stored now
    existing: int = 0  # already stored (same fingerprint)
    errors: int = 0  # new findings with severity error
    alerts: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (lot id, what went wrong)
    seconds: float = 0.0
    new_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        counts = asdict(self)
        del counts["new_ids"]  # for the caller's notifications, not for the report
        return {
            **counts,
            "failed": [{"lot_id": i, "error": e} for i, e in self.failed],
            "seconds": round(self.seconds, 2),
        }


def fingerprint(finding: RuleFinding, lot_id: int | None) -> str:
    """Rule, lot, and what was found: the same defect seen again is the same finding."""
    payload = json.dumps(
        {"rule": finding.rule, "lot": lot_id, "values": finding.to_json()["values"]},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def evidence_refs(obs_id: int, url: str | None, sha: str | None, kind: str) -> tuple[str, ...]:
    refs = [f"observation:{obs_id}"]
    if sha:
        refs.append(f"{'receipt' if kind == 'receipt' else 'photo' if kind == 'photo' else 'page'}:{sha}")
    if url:
        refs.append(f"page:{url}")
    return tuple(refs)


def _split_ref(ref: str) -> tuple[str, str]:
    kind, _, value = ref.partition(":")
    if kind in ("observation", "photo", "page", "receipt", "note") and value:
        return kind, value[:500]
    return "note", ref[:500]


_TARIFFS: dict[str, Tariff] = {}


def _tariff(data: dict[str, Any] | None) -> Tariff | None:
    """Tariff.from_json, memoised on the JSON's repr: lots share tariffs, and parsing is not free."""
    if not data:
        return None
    key = repr(data)
    found = _TARIFFS.get(key)
    if found is None:
        if len(_TARIFFS) > 100_000:
            _TARIFFS.clear()
        found = _TARIFFS[key] = Tariff.from_json(data)
    return found


def record_of(board: dict[str, Any] | None, tariff: dict[str, Any] | None, raw_text: str | None) -> BoardRecord:
    """The stored board record (with the stored tariff when the record has none)."""
    if board:
        record = BoardRecord.from_json(board, tariff=_tariff(board.get("tariff")) or _tariff(tariff))
        return record if record.text else replace(record, text=raw_text or "")
    return BoardRecord(text=raw_text or "", tariff=_tariff(tariff))


def _chunks(seq: Sequence[_T], size: int) -> Iterator[Sequence[_T]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


StandardsFor = Callable[[str, date], StandardsInForce]


def check_lots(
    engine: Engine,
    on: date,
    lot_ids: Iterable[int] | None = None,
    *,
    standards_dir: str | None = None,
    now: datetime | None = None,
) -> CheckSummary:
    """Run all rules over the latest stored observations per lot and source; store new findings."""
    started = clock.perf_counter()
    now = as_utc(now) if now is not None else utc_now()  # shell: the time of the run
    library = load_standards(standards_dir)
    in_force_cache: dict[tuple[str, date], StandardsInForce] = {}

    def standards_for(city: str, day: date) -> StandardsInForce:
        key = (city, day)
        if key not in in_force_cache:
            in_force_cache[key] = library.in_force(city, day)
        return in_force_cache[key]

    summary = CheckSummary()
    _, until = city_day(on)  # the end of the city's day `on`
    with read_session(engine) as session:
        source_keys = dict(session.execute(select(Source.id, Source.key)).all())
        lot_query = select(Lot.id).order_by(Lot.id)
        if lot_ids is not None:
            wanted = sorted(set(lot_ids))
            ids = [
                i for batch in _chunks(wanted, IN_BATCH) for (i,) in session.execute(lot_query.where(Lot.id.in_(batch)))
            ]
        else:
            ids = list(session.scalars(lot_query))
    for chunk in _chunks(ids, CHUNK_LOTS):
        with read_session(engine) as session:
            stored = _load_chunk(session, chunk, until, source_keys)
        produced: dict[str, _Produced] = {}
        for lot_id in chunk:
            _judge_lot(lot_id, stored, source_keys, standards_for, summary, produced)
        _store(engine, produced, now, summary)
    summary.seconds = clock.perf_counter() - started
    return summary


@dataclass
class _Chunk:
    """What one chunk of lots needs from the database, read with a few batch queries."""

    lots: dict[int, _Row] = field(default_factory=dict)
    latest: dict[int, list[_Row]] = field(default_factory=lambda: defaultdict(list))  # per lot
    receipts: dict[int, list[_Row]] = field(default_factory=lambda: defaultdict(list))  # per lot
    tariffs: dict[int, Any] = field(default_factory=dict)  # stored tariff JSON per observation id
    history: dict[int, list[RulePriceVersion]] = field(default_factory=lambda: defaultdict(list))  # per lot


# (the finding, its lot, the observation it was found on, whether the lot is a demo lot), by fingerprint
_Produced = tuple[RuleFinding, int, int | None, bool]

_LOT_COLUMNS = (
    Lot.id,
    Lot.name,
    Lot.district,
    Lot.city,
    Lot.category,
    Lot.pricing_form,
    Lot.charging_right,
    Lot.approval_ref,
    Lot.operator,
    Lot.is_demo,
)
_OBSERVATION_COLUMNS = (
    Observation.id,
    Observation.lot_id,
    Observation.source_id,
    Observation.kind,
    Observation.captured_at,
    Observation.url,
    Observation.raw_text,
    Observation.board,
    Observation.evidence_sha256,
    Observation.charged_yuan,
    Observation.stay_entry,
    Observation.stay_exit,
)


def _load_chunk(session: Session, lot_ids: Sequence[int], until: datetime, source_keys: dict[int, str]) -> _Chunk:
    stored = _Chunk()
    for batch in _chunks(lot_ids, IN_BATCH):
        for row in session.execute(select(*_LOT_COLUMNS).where(Lot.id.in_(batch))):
            stored.lots[row.id] = row
        _load_observations(session, batch, until, stored)
        _load_history(session, batch, until, source_keys, stored)
    # the stored tariff column, only where the board record has no tariff of its own
    need = [
        row.id
        for rows in stored.latest.values()
        for row in rows
        if not (isinstance(row.board, dict) and row.board.get("tariff"))
    ]
    for batch in _chunks(need, IN_BATCH):
        query = select(Observation.id, Observation.tariff).where(Observation.id.in_(batch))
        stored.tariffs.update(session.execute(query).all())
    return stored


def _load_observations(session: Session, lot_ids: Sequence[int], until: datetime, stored: _Chunk) -> None:
    """The latest observation per (lot, source, kind) (a corrected one is superseded), and every receipt."""
    # a correction supersedes what it corrects once it is public itself; pending and rejected readings
    # are never judged. A correction carries its original's lot (`record_correction`; a lot is never
    # moved), so only these lots' corrections are looked at: through the (lot, captured) index, where
    # every correction of the table meant a scan of all observations per batch (the check's PostgreSQL
    # time grew with the square of the lots: 36 of 41 ms a batch at 50,000 lots)
    corrected = select(Observation.corrects_id).where(
        Observation.lot_id.in_(lot_ids),
        Observation.corrects_id.is_not(None),
        Observation.status.in_(PUBLIC_OBSERVATIONS),
    )
    rank = (
        func.row_number()
        .over(
            partition_by=(Observation.lot_id, Observation.source_id, Observation.kind),
            order_by=(Observation.captured_at.desc(), Observation.id.desc()),
        )
        .label("rank")
    )
    inner = (
        select(*_OBSERVATION_COLUMNS, rank)
        .where(
            Observation.lot_id.in_(lot_ids),
            Observation.captured_at < until,
            Observation.kind.not_in(RECEIPT_KINDS),
            Observation.status.in_(PUBLIC_OBSERVATIONS),
            Observation.id.not_in(corrected),
        )
        .subquery()
    )
    for row in session.execute(select(inner).where(inner.c.rank == 1)):
        stored.latest[row.lot_id].append(row)
    receipts = select(*_OBSERVATION_COLUMNS).where(
        Observation.lot_id.in_(lot_ids),
        Observation.captured_at < until,
        Observation.kind.in_(RECEIPT_KINDS),
        Observation.status.in_(PUBLIC_OBSERVATIONS),
        Observation.charged_yuan.is_not(None),
    )
    for row in session.execute(receipts):
        stored.receipts[row.lot_id].append(row)


def _load_history(
    session: Session, lot_ids: Sequence[int], until: datetime, source_keys: dict[int, str], stored: _Chunk
) -> None:
    versions = select(
        PriceVersion.lot_id, PriceVersion.source_id, PriceVersion.valid_from, PriceVersion.fee_grid_hash
    ).where(PriceVersion.lot_id.in_(lot_ids), PriceVersion.valid_from < until)
    for row in session.execute(versions):
        stored.history[row.lot_id].append(
            RulePriceVersion(
                source=source_keys.get(row.source_id, f"source-{row.source_id}"),
                valid_from=city_wall(row.valid_from),  # the core reads the city's wall clock
                grid_hash=row.fee_grid_hash,
            )
        )


def _judge_lot(
    lot_id: int,
    stored: _Chunk,
    source_keys: dict[int, str],
    standards_for: StandardsFor,
    summary: CheckSummary,
    produced: dict[str, _Produced],
) -> None:
    """Every rule over each of the lot's latest observations; new findings go into `produced`."""
    lot_row = stored.lots.get(lot_id)
    observations = stored.latest.get(lot_id, [])
    if lot_row is None or not observations:
        return
    summary.lots += 1
    try:
        lot = _lot_info(lot_row)
        postings = [(obs, _posting(obs, stored, source_keys)) for obs in observations]
        receipts = stored.receipts.get(lot_id, ())
        charges = tuple(_charge(r) for r in receipts if r.stay_entry is not None and r.stay_exit is not None)
        for obs, posting in postings:
            day = to_city(obs.captured_at).date()
            ctx = RuleContext(
                record=posting.record,
                standards=standards_for(lot.city, day),
                on=day,
                lot=lot,
                source=posting.source,
                kind=posting.kind,
                evidence=posting.evidence,
                others=tuple(p for o, p in postings if o.id != obs.id),
                charges=charges,
                history=tuple(stored.history.get(lot_id, ())),
            )
            summary.contexts += 1
            for finding in evaluate(ctx):
                summary.findings += 1
                produced.setdefault(fingerprint(finding, lot_id), (finding, lot_id, obs.id, bool(lot_row.is_demo)))
    except Exception as exc:  # one bad stored record must not stop the city's check
        summary.failed.append((lot_id, f"{type(exc).__name__}: {exc}"))


def _lot_info(row: _Row) -> LotInfo:
    return LotInfo(
        id=row.id,
        name=row.name,
        district=row.district,
        city=row.city or "yueyang",
        category=row.category,
        pricing_form=row.pricing_form or "unknown",
        charging_right=row.charging_right,
        approval_ref=row.approval_ref,
        operator=row.operator,
    )


def _posting(obs: _Row, stored: _Chunk, source_keys: dict[int, str]) -> Posting:
    return Posting(
        source=source_keys.get(obs.source_id, obs.kind) if obs.source_id else obs.kind,
        kind=obs.kind,
        record=record_of(obs.board, stored.tariffs.get(obs.id), obs.raw_text),
        evidence=evidence_refs(obs.id, obs.url, obs.evidence_sha256, obs.kind),
    )


def _charge(receipt: _Row) -> Charge:
    board = receipt.board
    return Charge(
        amount=Decimal(receipt.charged_yuan),
        entry=city_wall(receipt.stay_entry),  # a fee is computed in the city's wall-clock time
        exit=city_wall(receipt.stay_exit),
        vehicle=board.get("vehicle", "small") if isinstance(board, dict) else "small",
        evidence=evidence_refs(receipt.id, receipt.url, receipt.evidence_sha256, "receipt"),
    )


def _store(engine: Engine, produced: dict[str, _Produced], now: datetime, summary: CheckSummary) -> None:
    if not produced:
        return
    with write_session(engine) as session:
        if engine.dialect.name == "postgresql":
            # a chunk's findings can be recomputed: a crash may lose the last chunks committed (the next
            # check finds them again), never half a chunk; any later durable commit (a notification
            # about them) flushes the WAL up to itself, these included. Saves a WAL flush per chunk.
            session.execute(text("SET LOCAL synchronous_commit = off"))
        existing: dict[str, int] = {}
        for batch in _chunks(list(produced), IN_BATCH):
            query = select(Finding.id, Finding.fingerprint).where(Finding.fingerprint.in_(batch))
            existing.update({fp: i for i, fp in session.execute(query)})
        summary.existing += len(existing)
        _add_new_evidence(session, existing, produced, now)
        rows = [_finding_row(fp, *found, now) for fp, found in produced.items() if fp not in existing]
        if not rows:
            return
        findings = table_of(Finding)
        ids: dict[str, int] = {}
        for some in _chunks(rows, 500):
            result = session.execute(insert(findings).returning(findings.c.id, findings.c.fingerprint), some)
            ids.update({fp: i for i, fp in result})
        evidence_rows = [
            _evidence_row(ids[row["fingerprint"]], ref, None, now)
            for row in rows
            for ref in dict.fromkeys(produced[row["fingerprint"]][0].evidence)
        ]
        _insert_evidence(session, evidence_rows)
        summary.new += len(rows)
        summary.errors += sum(1 for r in rows if r["severity"] == "error")
        summary.alerts += sum(1 for r in rows if r["severity"] == "alert")
        summary.new_ids.extend(ids.values())


def _finding_row(
    fp: str, finding: RuleFinding, lot_id: int, obs_id: int | None, is_demo: bool, now: datetime
) -> dict[str, Any]:
    data = finding.to_json()
    return {
        "fingerprint": fp,
        "rule_code": finding.rule,
        "severity": finding.severity,
        "status": "open",
        "lot_id": lot_id,
        "observation_id": obs_id,
        "message": finding.message,
        "basis": finding.basis,
        "values": {**data["values"], "review_reasons": data["review_reasons"]}
        if data["review_reasons"]
        else data["values"],
        "found_at": now,
        "updated_at": now,
        "is_demo": is_demo,
        "version": 1,
    }


def _evidence_row(finding_id: int, ref: str, note: str | None, now: datetime) -> dict[str, Any]:
    kind, value = _split_ref(ref)
    return {"finding_id": finding_id, "kind": kind, "ref": value, "note": note, "added_at": now, "added_by": CHECKER}


def _insert_evidence(session: Session, rows: list[dict[str, Any]]) -> None:
    # one multi-row INSERT per 1,000 rows (6,000 parameters): an executemany without RETURNING is one
    # statement per row on psycopg 3, which PostgreSQL parses and executes 14,527 times at 50,000 lots
    for batch in _chunks(rows, 1000):
        session.execute(insert(table_of(FindingEvidence)).values(list(batch)))


def _add_new_evidence(
    session: Session, existing: dict[str, int], produced: dict[str, _Produced], now: datetime
) -> None:
    """A stored finding seen again on new evidence gets that evidence appended (append-only)."""
    if not existing:
        return
    have: set[tuple[int, str, str]] = set()
    for batch in _chunks(list(existing.values()), IN_BATCH):
        query = select(FindingEvidence.finding_id, FindingEvidence.kind, FindingEvidence.ref).where(
            FindingEvidence.finding_id.in_(batch)
        )
        have.update((i, k, r) for i, k, r in session.execute(query))
    rows = []
    for fp, finding_id in existing.items():
        for ref in dict.fromkeys(produced[fp][0].evidence):
            row = _evidence_row(finding_id, ref, "seen again", now)
            if (finding_id, row["kind"], row["ref"]) not in have:
                have.add((finding_id, row["kind"], row["ref"]))
                rows.append(row)
    _insert_evidence(session, rows)


def demo_check_step(engine: Engine, now: datetime) -> str:
    """The demo step (runs after the crawl and photo steps): every rule over the stored demo observations."""
    summary = check_lots(engine, to_city(now).date(), now=now)
    return (
        f"规则检查 rules: {summary.lots} 个停车场 lots, {summary.contexts} 个来源 sources, "
        f"新增问题 new findings {summary.new}（违规 errors {summary.errors}，提醒 alerts {summary.alerts}）"
        + (f"，{len(summary.failed)} 个停车场检查失败 failed" if summary.failed else "")
    )
