"""The chained audit trail: each audit event stores the hash of the one before it.

`row_hash = sha256(canonical JSON of {at, actor, action, entity, entity_id, before, after, prev})`, and
`prev_hash` is the `row_hash` of the event before it (by id); the first event's is `GENESIS`. Editing,
removing or reordering an event after the fact — even by a database owner who drops the append-only
triggers first — breaks the chain at that event, and `verify_chain` (`parkwatch evidence verify`) names
the first broken link.

Every ORM insert of an `AuditEvent`, whoever writes it, is stamped here: a `before_insert` mapper event
computes the hash from the chain's tip, which is read once per flush (`before_flush` forgets it) inside
the write transaction. Appends are serialised so two writers cannot fork the chain: on SQLite the write
transaction is `BEGIN IMMEDIATE` (`parkwatch.store.db.engine`), on PostgreSQL a transaction-scoped
advisory lock is taken before the tip is read and held until commit.

A row inserted with raw SQL carries no hash; `verify_chain` reports it as unchained, and the chain
starts again from `GENESIS` after it. Registered by importing this module (`parkwatch.store.db.engine`).

What the chain cannot show: the newest events removed from the end leave a shorter, valid chain, and
someone who rewrites every event after an edit can recompute every hash. Keep the tip that
`verify_chain` reports (`parkwatch db backup` records it in its manifest) somewhere else to catch both.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Mapper, Session, object_session

from parkwatch.store.db.models import AuditEvent, table_of
from parkwatch.store.problems import ProblemReport

GENESIS = "0" * 64
CHAIN_VERSION = 1  # part of every hashed document: a later change of the canonical form says so
CHAINED_FIELDS = ("at", "actor", "action", "entity", "entity_id", "before", "after")
PG_LOCK_KEY = 0x706B_6175_6469_7431  # "pkaudit1": the advisory lock that serialises appends on PostgreSQL
_TIP = "parkwatch.store.audit_chain.tip"  # session.info: the row_hash of the last event of this flush


def canonical_at(at: datetime) -> str:
    """The stored instant as text: naive UTC (an aware time is converted first), to the microsecond."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(sep=" ", timespec="microseconds")


def _json_value(value: Any) -> Any:
    # what the JSON column gives back after a round trip (tuples become lists, keys become strings)
    return None if value is None else json.loads(json.dumps(value))


def event_hash(fields: Mapping[Any, Any], prev_hash: str) -> str:
    """sha256 (hex) over the canonical JSON of the event's fields and the previous event's hash."""
    at = fields["at"]
    entity_id = fields.get("entity_id")
    document = {
        "v": CHAIN_VERSION,
        "at": canonical_at(at) if isinstance(at, datetime) else str(at),
        "actor": fields.get("actor"),
        "action": fields.get("action"),
        "entity": fields.get("entity"),
        "entity_id": None if entity_id is None else str(entity_id),
        "before": _json_value(fields.get("before")),
        "after": _json_value(fields.get("after")),
        "prev": prev_hash,
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _audit() -> sa.Table:
    return table_of(AuditEvent)


def read_tip(connection: Connection) -> str:
    """The hash the next event chains to, read under the append lock of the current transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    audit = _audit()
    last = connection.execute(sa.select(audit.c.row_hash).order_by(audit.c.id.desc()).limit(1)).first()
    return last[0] if last is not None and last[0] else GENESIS


def _aware_column() -> bool:
    column_type = _audit().c.at.type
    return bool(getattr(getattr(column_type, "impl", column_type), "timezone", False))


@event.listens_for(Session, "before_flush")
def _forget_tip(session: Session, _flush_context: Any, _instances: Any) -> None:
    # each flush reads the tip again: an earlier flush may have been rolled back (a SAVEPOINT)
    session.info.pop(_TIP, None)


@event.listens_for(AuditEvent, "before_insert")
def _chain_event(_mapper: Mapper[Any], connection: Connection, target: AuditEvent) -> None:
    session = object_session(target)
    info = session.info if session is not None else connection.info
    tip = info.get(_TIP) or read_tip(connection)
    if target.at is not None and target.at.tzinfo is not None:
        # in UTC, aware or naive as the column keeps it: what is hashed is what is read back
        utc = target.at.astimezone(UTC)
        target.at = utc if _aware_column() else utc.replace(tzinfo=None)
    if target.entity_id is not None and not isinstance(target.entity_id, str):
        target.entity_id = str(target.entity_id)
    target.prev_hash = tip
    target.row_hash = event_hash({name: getattr(target, name) for name in CHAINED_FIELDS}, tip)
    info[_TIP] = target.row_hash


# ---------------------------------------------------------------------------------------------
# Verify
# ---------------------------------------------------------------------------------------------

PROBLEMS_ZH = {
    "changed": "内容与其哈希不符（记录被改动）",
    "link": "与前一条记录的链接断开（前面的记录被删除、插入或改动）",
    "unchained": "没有哈希（绕过应用写入）",
}


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str  # changed / link / unchained

    def message_zh(self) -> str:
        return f"审计记录 #{self.event_id}：{PROBLEMS_ZH[self.problem]}"


@dataclass
class ChainReport(ProblemReport):
    events: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    tip_id: int | None = None
    tip_hash: str | None = None

    @property
    def first_broken(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None

    def details(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "tip_id": self.tip_id,
            "tip_hash": self.tip_hash,
            "first_broken": None if self.first_broken is None else self.first_broken.event_id,
            "problems": [
                {"event_id": p.event_id, "problem": p.problem, "message": p.message_zh()} for p in self.problems
            ],
        }


def verify_chain(engine: Engine | None = None) -> ChainReport:
    """Walk the audit trail in id order; report each event whose hash or link does not hold."""
    from parkwatch.store.db.engine import read_session  # the engine module imports this one

    with read_session(engine) as session:
        return walk_chain(session.connection())


def walk_chain(connection: Connection) -> ChainReport:
    """`verify_chain` over an open connection (a backup's snapshot transaction, a restored copy)."""
    audit = _audit()
    columns = [audit.c.id, audit.c.prev_hash, audit.c.row_hash, *(audit.c[name] for name in CHAINED_FIELDS)]
    report = ChainReport()
    expected_prev = GENESIS
    rows = connection.execute(sa.select(*columns).order_by(audit.c.id).execution_options(yield_per=5000))
    for row in rows:
        report.events += 1
        report.tip_id, report.tip_hash = row.id, row.row_hash
        problem = _check_row(row._mapping, expected_prev)
        if problem:
            report.problems.append(ChainProblem(row.id, problem))
        expected_prev = row.row_hash or GENESIS  # after an unchained row the writers start again
    return report


def _check_row(row: Mapping[Any, Any], expected_prev: str) -> str | None:
    if not row["row_hash"]:
        return "unchained"
    if row["prev_hash"] != expected_prev:
        return "link"
    if event_hash(row, row["prev_hash"]) != row["row_hash"]:
        return "changed"
    return None
