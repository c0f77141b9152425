"""`python -m parkwatch.standards [DIR]`: check the standards and jurisdictions files.

The one command for the data of `data/standards/` (or DIR): it prints `ok: …` with what was read, or every
problem with its file, line and field, and exits 1. The loading and checking live in the pure core
(`parkwatch.core.standards`); this module is only the entry point that reads the files and prints.
"""

from __future__ import annotations

import sys

from parkwatch.core.standards import StandardsError, load_standards


def main(argv: list[str]) -> int:
    """Exit status 0 when every file is valid, 1 with the list of problems otherwise."""
    try:
        lib = load_standards(argv[0] if argv else None)
    except StandardsError as exc:
        print(exc)
        return 1
    cities = [j for j, entry in lib.jurisdictions.items() if entry.get("districts")]
    print(
        f"ok: {len(lib.jurisdictions)} jurisdictions ({len(cities)} with districts), {len(lib.sources)} files, "
        f"{len(lib.values)} values, {len(lib.approvals)} approvals"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
