"""Dead letters: a task that failed after all its retries (`parkwatch.tasks`), kept for a person.

One row per (task, natural key): the same work failing again updates that row (attempts added, the
last error, when), so a dead letter is recorded once however often its message comes back. A machine
write, not a person's: it is its own record (no audit event), as a source run is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parkwatch.store.clock import as_utc
from parkwatch.store.db.models import DeadLetter

KEY_LENGTH = 200
ERROR_LENGTH = 4000


def record_dead_letter(
    session: Session,
    *,
    task: str,
    key: str,
    arguments: dict[str, Any] | None,
    error: str,
    attempts: int,
    now: datetime,
) -> DeadLetter:
    """The dead letter of (task, key), new or updated, in the caller's transaction."""
    key, error = key[:KEY_LENGTH], error[:ERROR_LENGTH]
    query = select(DeadLetter).where(DeadLetter.task == task, DeadLetter.task_key == key)
    row = session.scalars(query).first()
    if row is None:
        row = DeadLetter(
            task=task, task_key=key, arguments=arguments, error=error, attempts=attempts, failed_at=as_utc(now)
        )
        try:
            with session.begin_nested():  # another worker may record the same letter at the same moment
                session.add(row)
        except IntegrityError:
            row = session.scalars(query).one()
        else:
            return row
    row.attempts += attempts
    row.error, row.failed_at, row.resolved_at = error, as_utc(now), None
    row.arguments = arguments
    return row
