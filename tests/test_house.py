"""The house limit on function length (issue 19), as `make lint` checks it with
scripts/check_function_length.py: the check itself must be able to fail."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "check_function_length", ROOT / "scripts" / "check_function_length.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _function(name: str, lines: int, indent: str = "") -> str:
    """A function `lines` long, `def` line included."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}def {name}():\n{body}{indent}    return 0\n"


def test_a_function_of_81_lines_is_named_and_one_of_80_is_not(tmp_path: Path) -> None:
    checker = _checker()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "long.py").write_text(
        _function("just_fits", 80) + "\n\nclass Holder:\n" + _function("method_too_long", 81, indent="    "),
        encoding="utf-8",
    )
    (tmp_path / "parkwatch" / "migrations").mkdir(parents=True)
    (tmp_path / "parkwatch" / "migrations" / "generated.py").write_text(_function("exempt", 200), encoding="utf-8")
    assert checker.long_functions(tmp_path) == ["tests/long.py:84: method_too_long is 81 lines"]


def test_the_tree_keeps_the_limit() -> None:
    assert _checker().long_functions(ROOT) == []
