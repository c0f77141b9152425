"""Crawled and OCR text is never rendered as HTML: the dashboard has no raw-HTML output at all.

Strict on purpose: not "no raw HTML with data" but no raw HTML anywhere in `dashboard/` (and in
`parkwatch/`, which the dashboard imports), so a later change cannot slip page or board text into
one. The browser test in tests/dashboard/ checks the rendered result; this check reads the code.
"""

from __future__ import annotations

import re
from pathlib import Path

from parkwatch.settings import PROJECT_ROOT

FORBIDDEN = {
    "unsafe_allow_html=True": re.compile(r"unsafe_allow_html\s*=\s*(?!False\b)"),
    "st.html(": re.compile(r"\bst\s*\.\s*html\s*\("),
    "components.html(": re.compile(r"\bcomponents(?:\.v1)?\s*\.\s*html\s*\("),
    "components.iframe(": re.compile(r"\bcomponents(?:\.v1)?\s*\.\s*iframe\s*\("),
    "an import of html from streamlit.components": re.compile(
        r"from\s+streamlit\.components\.v1\s+import\s+[^\n]*\bhtml\b"
    ),
}


def _code_lines(root: Path):
    for path in sorted(root.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]  # a comment may name the rule; code may not break it
            yield path, number, code


def _violations(*roots: Path) -> list[str]:
    found = []
    for root in roots:
        for path, number, code in _code_lines(root):
            for name, pattern in FORBIDDEN.items():
                if pattern.search(code):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {name}: {code.strip()}")
    return found


def test_the_dashboard_never_renders_raw_html() -> None:
    dashboard = Path(PROJECT_ROOT) / "dashboard"
    assert list(dashboard.rglob("*.py")), "the dashboard code is missing"
    assert _violations(dashboard, Path(PROJECT_ROOT) / "parkwatch") == []


def test_the_check_itself_catches_each_forbidden_form(tmp_path: Path) -> None:
    bad = tmp_path / "page.py"
    bad.write_text(
        "st.markdown(text, unsafe_allow_html=True)\n"
        "st.html(board)\n"
        "components.html(page)\n"
        "import streamlit.components.v1 as components\ncomponents.v1.html(x)\n"
        "st.write(x, unsafe_allow_html = flag)\n"
        "st.markdown(x, unsafe_allow_html=False)\n"
        "# st.html( in a comment is fine\n",
        encoding="utf-8",
    )
    global PROJECT_ROOT
    saved, PROJECT_ROOT = PROJECT_ROOT, tmp_path
    try:
        found = _violations(tmp_path)
    finally:
        PROJECT_ROOT = saved
    lines = sorted({int(v.split(":")[1]) for v in found})
    assert lines == [1, 2, 3, 5, 6], found
