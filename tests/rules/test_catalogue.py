"""Meta-tests over the catalogue: one rule = one module = one code = one case pair = one doc page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_cases import CASES

from parkwatch.core.rules import CODES, RULES
from parkwatch.core.rules.docs import DOCS_DIR, SECTIONS, docstring_sections, stale_pages

RULES_DIR = Path(__file__).resolve().parents[2] / "parkwatch" / "core" / "rules"
# DOMAIN.md §6, in order
CATALOGUE = (
    [f"PD{i:03d}" for i in range(1, 15)] + [f"PR{i:03d}" for i in range(1, 7)] + [f"CX{i:03d}" for i in range(1, 5)]
)


def test_codes_are_unique_and_match_the_domain_catalogue():
    assert list(CODES) == CATALOGUE
    assert len(set(CODES)) == len(CODES)
    assert [r.code for r in RULES.values()] == CATALOGUE


def test_every_rule_module_is_registered_and_named_after_its_code():
    modules = sorted(p.stem for p in RULES_DIR.glob("*.py") if re.fullmatch(r"[a-z]{2}\d{3}", p.stem))
    assert modules == sorted(c.lower() for c in CODES)
    for code, rule in RULES.items():
        assert rule.module == f"parkwatch.core.rules.{code.lower()}"


@pytest.mark.parametrize("code", CATALOGUE)
def test_each_rule_has_its_docstring_sections_titles_basis_and_severity(code):
    rule = RULES[code]
    assert rule.doc.strip().startswith(code)
    sections = docstring_sections(rule.doc)
    for name in SECTIONS:
        assert sections.get(name), f"{code}: docstring section {name!r} missing or empty"
    assert rule.title_zh and rule.title_en and rule.basis
    assert re.search(r"[\u4e00-\u9fff]", rule.title_zh)
    assert rule.severity in ("error", "alert")


@pytest.mark.parametrize("code", CATALOGUE)
def test_each_rule_has_a_passing_and_a_failing_case(code):
    passing, failing, severity, text = CASES[code]
    assert failing and severity in ("error", "alert") and text
    assert passing is not None


@pytest.mark.parametrize("code", CATALOGUE)
def test_each_rule_has_its_doc_page(code):
    page = DOCS_DIR / f"{code}.md"
    assert page.exists(), f"run python -m parkwatch.core.rules.docs ({page} missing)"
    assert RULES[code].title_zh in page.read_text(encoding="utf-8")


def test_no_rule_doc_page_is_stale():
    stale = stale_pages()
    assert stale == [], f"stale pages {stale}: run `python -m parkwatch.core.rules.docs`"


def test_a_changed_rule_makes_its_page_stale(tmp_path):
    from parkwatch.core.rules.docs import write_pages

    write_pages(tmp_path)
    assert stale_pages(tmp_path) == []
    page = tmp_path / "PD006.md"
    page.write_text(page.read_text(encoding="utf-8").replace("12315", "12358"), encoding="utf-8")
    assert stale_pages(tmp_path) == ["PD006.md"]


def test_the_severities_match_the_domain_catalogue():
    alerts = {"PD011", "PD012", "PD013", "PD014", "PR005", "PR006", "CX004"}
    assert {c for c, r in RULES.items() if r.severity == "alert"} == alerts
