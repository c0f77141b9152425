"""`python -m tests.tasks.slow_worker worker …`: the real `parkwatch worker`, whose OCR first waits
PARKWATCH_TEST_OCR_DELAY seconds, so a test can kill it while it holds a photo; with
PARKWATCH_TEST_OCR_KILL=1 the OCR instead kills the process that runs it (SIGKILL), every time: a
poison message."""

from __future__ import annotations

import os
import signal
import time

import ocr.read
from parkwatch.cli import main

_real_read = ocr.read.read_photo


def _slow_read(*args: object, **kwargs: object) -> object:
    if os.environ.get("PARKWATCH_TEST_OCR_KILL") == "1":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(float(os.environ.get("PARKWATCH_TEST_OCR_DELAY", "0")))
    return _real_read(*args, **kwargs)  # type: ignore[arg-type]


if __name__ == "__main__":
    ocr.read.read_photo = _slow_read  # type: ignore[assignment]
    main()
