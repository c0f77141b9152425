"""ORM guard for the append-only tables: `finding_evidence` and `audit_events`.

The database refuses UPDATE and DELETE on these tables with triggers (migration 0003); this guard
refuses the same thing earlier, inside the application, with a clear message and before any SQL is
sent:

- `before_flush`: a changed (dirty) or deleted `FindingEvidence` / `AuditEvent` in a session;
- `do_orm_execute`: an ORM-enabled bulk `update(...)` / `delete(...)` aimed at either model or table.

Both listen on every `Session` (the class), so any session made anywhere in the process is covered.
Raw SQL (`text(...)`, a DBAPI cursor) is not seen here; the triggers catch it. Imported for its side
effect by `parkwatch/store/db/engine.py`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from parkwatch.store.db.models import AuditEvent, Base, FindingEvidence, table_of

APPEND_ONLY_MODELS: tuple[type[Base], ...] = (FindingEvidence, AuditEvent)
APPEND_ONLY_TABLES: frozenset[str] = frozenset(table_of(m).name for m in APPEND_ONLY_MODELS)


class AppendOnlyViolation(RuntimeError):
    """An attempt to change or remove a row of an append-only table (evidence list, audit trail)."""

    def __init__(self, table: str, operation: str, detail: str = "") -> None:
        self.table = table
        self.operation = operation
        what = "发现问题的证据列表" if table == "finding_evidence" else "审计记录"
        super().__init__(
            f"{what}只能追加，不能修改或删除 / {table} is append-only: {operation} refused"
            + (f" ({detail})" if detail else "")
        )


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_append_only_rows(session: Session, _flush_context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, APPEND_ONLY_MODELS):
            raise AppendOnlyViolation(table_of(type(obj)).name, "DELETE", f"id={getattr(obj, 'id', None)}")
    for obj in session.dirty:
        if isinstance(obj, APPEND_ONLY_MODELS) and session.is_modified(obj, include_collections=False):
            raise AppendOnlyViolation(table_of(type(obj)).name, "UPDATE", f"id={getattr(obj, 'id', None)}")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes_to_append_only_tables(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in APPEND_ONLY_TABLES:
        raise AppendOnlyViolation(name, "UPDATE" if state.is_update else "DELETE", "bulk statement")
