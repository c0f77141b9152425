"""Hostile input and Streamlit hardening, checked in the code and the config."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from dashboard.common import safe_md

ROOT = Path(__file__).resolve().parents[2]


def test_the_dashboard_never_renders_raw_html():
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"unsafe_allow_html\s*=\s*True", r"\bst\.html\s*\(", r"components\.v1", r"\"html\"\s*:"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []
    assert (ROOT / "dashboard" / "app.py").is_file(), "the scan looked at the dashboard"


def test_streamlit_is_hardened_in_its_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 25


def test_markdown_escaping_leaves_no_live_markup():
    escaped = safe_md('<img src=x onerror="alert(1)"> [link](javascript:alert(1)) **b**')
    assert re.search(r"(?<!\\)[<>]", escaped) is None and "\\<img" in escaped
    assert "\\[link\\]\\(javascript" in escaped and "\\*\\*b\\*\\*" in escaped


def test_no_page_relies_on_streamlit_magic():
    # A deployment turns magic off (runner.magicEnabled = false, docs/deploy/README.md): with it, every
    # page's source is rewritten and recompiled for each new session. Magic writes any expression on its
    # own line that is not a call (`df`, `x,`, a string that is not a docstring), so no page may hold one.
    import ast

    bare = []
    files = [ROOT / "dashboard" / "app.py", *sorted((ROOT / "dashboard" / "app_pages").glob("*.py"))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Expr) or isinstance(node.value, ast.Call | ast.Await | ast.Yield):
                continue
            if id(node) in docstrings and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                continue
            bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []
    assert len(files) > 10, "the scan looked at the pages"
