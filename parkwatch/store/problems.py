"""What a check of the stored data reports (a backup, a restore, the evidence files, the audit chain):
the problems it found, and ok when there are none."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any


class ProblemReport(ABC):
    """A check's report: ok when it lists no problem. Its JSON leads with "ok", then `details()`."""

    problems: Sequence[Any]

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.details()}

    @abstractmethod
    def details(self) -> dict[str, Any]:
        """Everything else the report says, in the order it is printed."""
