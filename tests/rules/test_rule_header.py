"""`Rule` takes its code and titles from the first line of its docstring: "CODE — 中文标题 (English title)"."""

from __future__ import annotations

import pytest

from parkwatch.core.rules.base import Rule

BODY = "\n\nWhat:\n    A price is shown (as text).\n"


def _rule(doc: str, **fields: str) -> Rule:
    return Rule(severity="error", basis="—", check=lambda ctx: [], doc=doc, module=__name__, **fields)


def test_the_header_gives_code_and_both_titles():
    rule = _rule("XX001 — 标题 (a title (with a gloss))." + BODY)
    assert (rule.code, rule.title_zh, rule.title_en) == ("XX001", "标题", "a title (with a gloss)")
    assert rule.title == "标题（a title (with a gloss)）"


def test_a_value_given_with_the_header_s_wording_is_accepted():
    rule = _rule("XX001 — 标题 (a title)." + BODY, code="XX001", title_en="a title")
    assert rule.code == "XX001"


@pytest.mark.parametrize(
    "doc",
    [
        "",
        "A rule without its header." + BODY,
        "XX001 未标示 (no dash)." + BODY,
        "xx001 — 标题 (lower-case code)." + BODY,
    ],
)
def test_a_missing_header_is_refused(doc):
    with pytest.raises(ValueError, match="must open with"):
        _rule(doc)


def test_a_header_without_its_english_title_is_refused_even_when_a_later_line_has_parentheses():
    with pytest.raises(ValueError, match="must open with"):
        _rule("XX001 — 标题." + BODY)


def test_a_code_other_than_the_header_s_is_refused():
    with pytest.raises(ValueError, match="defines code 'XX002', its docstring names 'XX001'"):
        _rule("XX001 — 标题 (a title)." + BODY, code="XX002")


@pytest.mark.parametrize("name", ["title_zh", "title_en"])
def test_a_title_worded_otherwise_than_the_header_is_refused(name):
    with pytest.raises(ValueError, match=f"defines {name} 'other'"):
        _rule("XX001 — 标题 (a title)." + BODY, **{name: "other"})
