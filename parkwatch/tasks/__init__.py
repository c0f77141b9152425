"""Work as tasks, for several machines: read one photo, crawl one source, check one chunk of lots, send
one notification.

- `parkwatch.tasks.work`: the work itself, plain functions a worker and the in-process path both call;
  each is idempotent, keyed by a natural key (a photo's sha256 and lot; a chunk's lot range and run;
  a notification's outbox row), so a message delivered twice does the work once.
- `parkwatch.tasks.app`: the Celery app, configured from the settings. With `PARKWATCH_BROKER_URL`
  set (Redis), tasks go to the queues `ocr`, `crawl`, `check`, `notify` and `parkwatch worker` runs
  them; with none, a task submitted runs at once in the caller's process (Celery's eager mode), and
  the bot and the dashboard do not submit at all: they work in-process exactly as on one machine.

Delivery is at least once: a message is acknowledged after its task ends (`acks_late`), so a worker
killed mid-task (SIGKILL, a lost machine) leaves it to another worker once the broker's visibility
timeout has passed; a task that raises is retried with back-off, and after its last retry it is
recorded in the `dead_letters` table (`parkwatch.store.services.dead_letters`).

Importing this package imports nothing else: Celery loads only with `parkwatch.tasks.app`.
"""
