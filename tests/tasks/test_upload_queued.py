"""With a broker, the inspector's upload page hands each photo to a worker (a real `parkwatch worker`
over a real redis-server) and never reads it in the session; the reading comes back into the same form."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from parkwatch.store.db import models as m
from parkwatch.store.db.engine import read_session
from tests.tasks.conftest import PHOTO, ROOT

sys.path.insert(0, str(ROOT / "tests" / "dashboard"))
from dashboard_helpers import all_text, errors, open_page

pytestmark = [pytest.mark.slow, pytest.mark.tesseract]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_with_a_broker_the_upload_page_queues_the_photo_and_shows_the_workers_reading(
    broker: Any, start_worker: Callable[..., Any], engine: sa.Engine, lot: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ocr.read
    import parkwatch.tasks.app as tasks_app

    monkeypatch.setenv("PARKWATCH_OCR_ENGINE", "tesseract")
    start_worker(queues="ocr")
    monkeypatch.setattr(tasks_app, "app", broker)  # this process's app, made before the broker was set

    def read_here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page read the photo itself")

    monkeypatch.setattr(ocr.read, "read_photo", read_here)
    at = open_page("inspector", "inspector_upload")
    at.file_uploader(key="photos").set_value([(PHOTO.name, PHOTO.read_bytes(), "image/jpeg")]).run()
    deadline = time.monotonic() + 120
    while at.get("progress") or "识别" in "".join(c.value for c in at.caption):
        assert time.monotonic() < deadline, "the reading never came back"
        time.sleep(0.5)
        at.run()
    assert not errors(at), errors(at)
    labels = [w.label for w in at.text_input]
    assert any(label.startswith("收费单位") for label in labels), all_text(at)[:2000]
    next(b for b in at.button if b.label == "保存").click().run()
    assert not errors(at), errors(at)
    with read_session(engine) as session:
        stored = session.scalars(sa.select(m.Observation)).all()
    assert [(o.kind, o.status) for o in stored] == [("photo", "pending")]
    assert stored[0].board and stored[0].board.get("tariff")  # the worker's reading, stored on saving
