"""The rule catalogue (DOMAIN.md §6): one module per code, a registry keyed by code, `evaluate`.

    from parkwatch.core.rules import RULES, evaluate, RuleContext
    findings = evaluate(RuleContext(record=board, standards=in_force("yueyang", on), on=on))

Each module `parkwatch/core/rules/<code>.py` defines `RULE` (code, titles, severity, legal basis,
effective dates, a pure `check`). `evaluate` runs the rules in force on the day and returns errors and
alerts (kept apart by `severity`); see `parkwatch.core.rules.base` for how low-confidence readings and
unverified standards turn errors into alerts.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import date

from parkwatch.core.rules.base import (
    ALL_KINDS,
    BOARD_KINDS,
    CHANNELS,
    Charge,
    LotInfo,
    Posting,
    PriceVersion,
    Rule,
    RuleContext,
    RuleFinding,
)

CODES: tuple[str, ...] = (
    *(f"PD{i:03d}" for i in range(1, 15)),
    *(f"PR{i:03d}" for i in range(1, 7)),
    *(f"CX{i:03d}" for i in range(1, 5)),
)


def _load() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for code in CODES:
        rule = importlib.import_module(f"parkwatch.core.rules.{code.lower()}").RULE
        if rule.code != code:
            raise RuntimeError(f"parkwatch.core.rules.{code.lower()} defines {rule.code}")
        rules[code] = rule
    return rules


RULES: dict[str, Rule] = _load()


def evaluate(context: RuleContext, on: date | None = None, codes: Iterable[str] | None = None) -> list[RuleFinding]:
    """All findings of the rules in force on `on` (default: the context's day), errors first."""
    day = on or context.on
    if on is not None and on != context.on:
        from dataclasses import replace

        context = replace(context, on=on)
    selected = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    findings: list[RuleFinding] = []
    for rule in selected:
        if rule.in_force(day) and rule.applies(context):
            findings.extend(rule.check(context))
    findings.sort(key=lambda f: (f.severity != "error", CODES.index(f.rule)))
    return findings


def errors(findings: Iterable[RuleFinding]) -> list[RuleFinding]:
    return [f for f in findings if f.severity == "error"]


def alerts(findings: Iterable[RuleFinding]) -> list[RuleFinding]:
    return [f for f in findings if f.severity == "alert"]


__all__ = [
    "ALL_KINDS",
    "BOARD_KINDS",
    "CHANNELS",
    "CODES",
    "RULES",
    "Charge",
    "LotInfo",
    "Posting",
    "PriceVersion",
    "Rule",
    "RuleContext",
    "RuleFinding",
    "alerts",
    "errors",
    "evaluate",
]
