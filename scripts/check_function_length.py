"""Fail when a function is longer than the house limit (80 lines, `def` to the end of its body).

Every package and the tests; migrations are generated and exempt. Run by `make lint`.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LIMIT = 80
PACKAGES = ("parkwatch", "crawler", "ocr", "dashboard", "demo", "benchmarks", "scripts", "tests")


def long_functions(root: Path) -> list[str]:
    """`path:line: name is N lines` for each function over LIMIT in the packages below `root`."""
    out = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > LIMIT:
                        out.append(f"{path.relative_to(root).as_posix()}:{node.lineno}: {node.name} is {length} lines")
    return out


def main() -> int:
    problems = long_functions(Path(__file__).resolve().parents[1])
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} functions over {LIMIT} lines")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
