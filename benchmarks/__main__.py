"""`make bench`: run every benchmark, one process each, and print where the results went.

Each benchmark writes benchmarks/results/<name>.json; the write-ups are in docs/benchmarks.md.
`python -m benchmarks tariff board` runs only the named ones.
"""

from __future__ import annotations

import subprocess
import sys
import time

ALL = ("tariff", "board", "check", "crawl", "ocr", "dashboard", "cli_start", "backup", "workers", "load")


def main(names: list[str]) -> int:
    failed = []
    for name in names or ALL:
        print(f"== benchmarks.{name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}"])
        print(f"== benchmarks.{name}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
