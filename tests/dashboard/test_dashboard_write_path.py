"""The dashboard writes only through the store's services: no SQL that writes, no session writes, no model
rows built in `dashboard/`; `dashboard/actions.py` opens the transaction and calls a service."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = re.compile(
    r"\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b|session\.(add|add_all|delete|merge|commit|flush)\("
    r"|(?<![.\w])(insert|update|delete)\(|from parkwatch\.store\.db\.models import",  # SQLAlchemy's, not dict.update
    re.IGNORECASE,
)


def writes_in(source: str) -> list[str]:
    return [m.group(0) for m in WRITES.finditer(source)]


def test_the_scan_finds_each_kind_of_write() -> None:
    found = writes_in(
        "text('INSERT INTO lots VALUES (1)')\ntext('update lots set name = 1')\nsession.add(row)\n"
        "session.execute(update(Lot))\nfrom parkwatch.store.db.models import Lot\n"
    )
    assert len(found) == 5


def test_no_module_of_the_dashboard_writes_but_through_the_services() -> None:
    offenders = {
        str(path.relative_to(ROOT)): writes_in(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "dashboard").rglob("*.py"))
    }
    assert {path: found for path, found in offenders.items() if found} == {}
    actions = (ROOT / "dashboard" / "actions.py").read_text(encoding="utf-8")
    assert "from parkwatch.store.services import" in actions
