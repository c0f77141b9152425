"""How often a task's message was delivered: the guard against a poison message.

A message is acknowledged after its task ends (`acks_late`), so a message whose task kills its worker
every time (a photo that makes the OCR run out of memory, a crash in a native library) comes back
forever: to the pool's next process at once (`reject_on_worker_lost`), or to another worker after the
broker's visibility timeout when the whole worker died. Retries count only the runs that raised, so they
never see it. Each delivery is therefore counted in Redis (the broker), keyed by the task id, when its
task starts; a task whose id was delivered more often than the retries allow (1 + PARKWATCH_TASK_MAX_RETRIES
runs, as for a task that raises) is not run again but recorded as a dead letter and acknowledged.

The count lives in the broker's Redis: every worker of every machine sees it, and it disappears with
the messages (the key expires a week after the last delivery). With no broker (the in-process path) a
task runs once where it is submitted and nothing is counted.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis

KEY_PREFIX = "parkwatch:deliveries:"
KEY_TTL_S = 7 * 24 * 3600  # longer than any retry back-off and visibility timeout


class DeliveredTooOften(Exception):
    """The task's message came back more often than its retries allow: its worker died every time."""

    def __init__(self, message: str, runs: int = 0) -> None:  # one argument rebuilds it from a result
        super().__init__(message)
        self.runs = runs


@lru_cache(maxsize=4)
def _client(url: str, pid: int) -> redis.Redis:
    # one connection pool per process: a forked pool process never uses its parent's sockets
    import redis

    return redis.Redis.from_url(url)


def counted(broker_url: str) -> bool:
    """Deliveries are counted where the broker is Redis (the only broker the settings document)."""
    return broker_url.startswith(("redis://", "rediss://", "unix://"))


def count_delivery(broker_url: str, task_id: str) -> int:
    """This delivery's number (1 for the first) for `task_id`, counted by every worker alike."""
    client, key = _client(broker_url, os.getpid()), KEY_PREFIX + task_id
    with client.pipeline() as pipe:  # MULTI/EXEC: the count and its expiry together
        pipe.incr(key)
        pipe.expire(key, KEY_TTL_S)
        number, _ = pipe.execute()
    return int(number)


def forget(broker_url: str, task_id: str) -> None:
    """The task ended (done, or a dead letter): its count is not needed any more."""
    _client(broker_url, os.getpid()).delete(KEY_PREFIX + task_id)
