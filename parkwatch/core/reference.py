"""Where the reference data the command reads is: the standards, the source definitions, the demo sites
and the map outlines.

In a checkout they are the folders `data/<name>` (where the bureau edits them); a plain `pip install .`
ships a copy of the same folders in the package as `parkwatch/reference/<name>` (pyproject.toml). Every
module that reads one of them asks `reference_dir`, so the command runs the same from either.
"""

from __future__ import annotations

from pathlib import Path

NAMES = ("standards", "sources", "demo", "geo")  # the folders of data/ the wheel ships (pyproject.toml)

_PACKAGE = Path(__file__).resolve().parents[1]  # parkwatch/
CHECKOUT = _PACKAGE.parent  # the repository root, when the package is run from a checkout


def in_checkout() -> bool:
    """Whether the package runs from its source tree (an editable install or the work tree itself)."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "data").is_dir()


def reference_dir(name: str) -> Path:
    """The folder of reference data `name` (one of NAMES): data/<name> of a checkout, else the installed copy."""
    if name not in NAMES:
        raise ValueError(f"no reference data named {name!r}; one of {', '.join(NAMES)}")
    return CHECKOUT / "data" / name if in_checkout() else _PACKAGE / "reference" / name
