from __future__ import annotations

from collections.abc import Iterator

import pytest

from parkwatch.store.notify.receiver import Receiver, running_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as r:
        yield r
