"""The real corpora (tests/tariff/real, tests/board/real): loading, and the one fixed split.

An entry belongs to the **test** split when the first byte of sha256(id) is below 64 (a quarter of the
ids), to the **development** split otherwise. The rule was fixed before any reader was tuned on the
corpus and never changes: the readers are tuned on the development split only, and the test split's
figures are what we report.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
TARIFF_CORPUS = TESTS / "tariff" / "real" / "entries"
BOARD_CORPUS = TESTS / "board" / "real" / "entries"


def split_of(entry_id: str) -> str:
    """The split of an entry id, "test" or "dev" (the fixed rule above)."""
    return "test" if hashlib.sha256(entry_id.encode("utf-8")).digest()[0] < 64 else "dev"


def split_enabled(split: str) -> bool:
    """Whether the corpus tests may read a split: PARKWATCH_CORPUS_SPLIT=dev keeps the test split unread
    while a reader is being worked on (it is read once, for the final measurement); unset, both are."""
    chosen = os.environ.get("PARKWATCH_CORPUS_SPLIT", "").strip()
    return not chosen or chosen == split


def load_entries(folder: Path, split: str | None = None) -> list[dict[str, Any]]:
    """Every entry of a corpus folder (sorted by id), or only those of one split. A split that
    PARKWATCH_CORPUS_SPLIT leaves out loads no entries (its files are not even opened)."""
    if split is not None and not split_enabled(split):
        return []
    entries = []
    for path in sorted(folder.glob("*.yaml")):
        if split is not None and split_of(path.stem) != split:
            continue
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        if entry.get("id") != path.stem:
            raise ValueError(f"{path.name}: id {entry.get('id')!r} is not the file name")
        if split is None or split_of(entry["id"]) == split:
            entries.append(entry)
    return entries
