"""Local and national standards as data: loading, validation, and what was in force on a day.

The files live in `data/standards/` (the bureau edits them). Each file covers one jurisdiction
(`national`, `hunan`, `yueyang`, ... see `jurisdictions.yaml`) and one effective period of one
series (`parking-measures`, `hotlines`, `board-fields`, `approvals`), names its source document, and
gives every value a verification level: `verified` (checked against the original text), `reported`
(from secondary sources), `unverified` (press reports, or generated demo data). A finding that rests
on an `unverified` value is an alert, never an error.

A malformed file raises `StandardsError` listing every problem with its file, line and field; no
traceback from deep inside a rule. Pure: the only I/O is reading the YAML files given to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from parkwatch.core.board import FIELD_NAMES
from parkwatch.core.reference import reference_dir
from parkwatch.core.tariff import money

if TYPE_CHECKING:
    from parkwatch.core.tariff import Tariff

DEFAULT_DIR = reference_dir("standards")

VERIFICATION_LEVELS = ("verified", "reported", "unverified")
PRICING_FORMS = ("market", "guided", "government")
_TOP_KEYS = {
    "jurisdiction",
    "series",
    "title",
    "document",
    "source_url",
    "effective_from",
    "effective_until",
    "verification",
    "values",
    "approvals",
    "demo",
    "note",
}
_VALUE_ENTRY_KEYS = {"value", "verification", "quote", "summary", "note"}
_APPROVAL_KEYS = {
    "approval_number",
    "lot_key",
    "lot_name",
    "ceiling_tariff",
    "cap_yuan",
    "cap_period",
    "valid_from",
    "valid_until",
    "verification",
    "demo",
    "note",
}
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# ---------------------------------------------------------------------------------------------
# errors


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class StandardsError(ValueError):
    """One or more standards files are malformed; `problems` says where (file, line, field)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("标准文件有误 / malformed standards file:\n" + "\n".join(f"  {p}" for p in self.problems))


# ---------------------------------------------------------------------------------------------
# the model


@dataclass(frozen=True)
class Source:
    """Where a value comes from: one file = one document for one jurisdiction and period."""

    jurisdiction: str
    series: str
    title: str
    document: str
    effective_from: date
    effective_until: date | None
    file: str
    source_url: str | None = None
    demo: bool = False

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_until is None or on <= self.effective_until)


@dataclass(frozen=True)
class StandardValue:
    key: str
    value: Any
    verification: str
    source: Source
    line: int | None = None
    quote: str | None = None  # the legal sentence, verbatim
    summary: str | None = None  # a paraphrase when the verbatim text was not at hand
    note: str | None = None

    @property
    def is_unverified(self) -> bool:
        return self.verification == "unverified"

    def cite(self) -> str:
        """How a message cites it: document, and the sentence (or its summary)."""
        text = self.quote or self.summary
        level = {"verified": "", "reported": "（转述）", "unverified": "（未经核实）"}[self.verification]
        return f"{self.source.document}{level}" + (f"：{text}" if text else "")


@dataclass(frozen=True)
class Approval:
    """A lot-level approval (批复) of a government-guided price: ceiling tariff, cap, validity."""

    approval_number: str
    verification: str
    source: Source
    lot_key: str | None = None
    lot_name: str | None = None
    ceiling_tariff: str | None = None  # text, read by parkwatch.core.tariff_reader
    cap_yuan: Decimal | None = None
    cap_period: str = "24h"  # 24h (from entry) / day (calendar day)
    valid_from: date | None = None
    valid_until: date | None = None
    demo: bool = False
    line: int | None = None
    tariff: Tariff | None = field(default=None, compare=False)  # a ceiling already read (tests, callers holding one)

    @property
    def is_unverified(self) -> bool:
        return self.verification == "unverified"

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )

    def ceiling(self) -> Tariff | None:
        """The ceiling tariff, read once per text."""
        if self.tariff is not None:
            return self.tariff
        return _read_ceiling(self.ceiling_tariff) if self.ceiling_tariff else None

    def cite(self) -> str:
        tag = "（演示数据）" if self.demo else ("（未经核实）" if self.is_unverified else "")
        return f"{self.approval_number}{tag}"


@lru_cache(maxsize=4096)
def _read_ceiling(text: str) -> Tariff | None:
    # imported here: most users of the standards never read a ceiling, and the reader's patterns are
    # compiled on import
    from parkwatch.core.tariff_reader import read_tariff

    return read_tariff(text).tariff


@dataclass(frozen=True)
class StandardsInForce:
    """The values in force for one city on one day (city over province over national)."""

    city: str
    on: date
    values: Mapping[str, StandardValue]
    approvals: Mapping[str, Approval] = field(default_factory=dict)
    chain: tuple[str, ...] = ()

    def get(self, key: str) -> StandardValue | None:
        return self.values.get(key)

    def value(self, key: str, default: Any = None) -> Any:
        found = self.values.get(key)
        return default if found is None else found.value

    def approval(self, number: str | None) -> Approval | None:
        if not number:
            return None
        return self.approvals.get(_norm_number(number))


@dataclass(frozen=True)
class StandardsLibrary:
    jurisdictions: Mapping[str, Mapping[str, Any]]
    values: tuple[StandardValue, ...]
    approvals: tuple[Approval, ...]
    sources: tuple[Source, ...]

    def chain(self, city: str) -> tuple[str, ...]:
        """The city, its province, ..., national (most specific first)."""
        if city not in self.jurisdictions:
            raise KeyError(f"unknown jurisdiction {city!r}; known: {sorted(self.jurisdictions)}")
        out: list[str] = []
        current: str | None = city
        while current and current not in out:
            out.append(current)
            current = self.jurisdictions[current].get("parent")
        return tuple(out)

    def district_order(self) -> tuple[str, ...]:
        """Every jurisdiction's districts in their official order (the order of per-district tables)."""
        return tuple(d for entry in self.jurisdictions.values() for d in entry.get("districts") or ())

    def in_force(self, city: str, on: date) -> StandardsInForce:
        chain = self.chain(city)
        rank = {name: i for i, name in enumerate(chain)}
        chosen: dict[str, StandardValue] = {}
        for value in self.values:
            j = value.source.jurisdiction
            if j not in rank or not value.source.in_force(on):
                continue
            current = chosen.get(value.key)
            if current is None or rank[j] < rank[current.source.jurisdiction]:
                chosen[value.key] = value
        approvals = {
            _norm_number(a.approval_number): a
            for a in self.approvals
            if a.source.jurisdiction in rank and a.source.in_force(on)
        }
        return StandardsInForce(city=city, on=on, values=chosen, approvals=approvals, chain=chain)


_BRACKETS = str.maketrans("[]【】()（）［］", "〔〕〔〕〔〕〔〕〔〕")


def _norm_number(number: str) -> str:
    """Approval numbers compare without spaces and with one bracket style: 〔〕 [] 【】 () → 〔〕."""
    return re.sub(r"\s+", "", number).translate(_BRACKETS)


# ---------------------------------------------------------------------------------------------
# loading and validation


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps an impossible date (2021-13-01) as text, so the checker can say where it is."""


def _timestamp_or_text(loader: _Loader, node: yaml.ScalarNode) -> date | str:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class _Doc:
    """A parsed YAML document with the node tree kept for line numbers."""

    def __init__(self, file: str, text: str) -> None:
        loader = _Loader(text)
        try:
            self.node = loader.get_single_node()
            self.data = loader.construct_document(self.node) if self.node is not None else None
        finally:
            loader.dispose()
        self.file = file

    def line(self, path: tuple[Any, ...]) -> int | None:
        node = self.node
        best = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        best = key_node.start_mark.line + 1
                        node = value_node
                        break
                else:
                    return best
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                best = node.start_mark.line + 1
            else:
                return best
        return best


class _Checker:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(self, path: tuple[Any, ...], message: str) -> None:
        name = ""
        for step in path:
            name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
        self.problems.append(Problem(self.doc.file, self.doc.line(path), name or "(file)", message))

    def given(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...], required: bool, missing: str) -> Any:
        """The value of `key` (None when absent: then, if `required`, the problem `missing`)."""
        value = data.get(key)
        if value is None and required:
            self.fail((*path, key), missing)
        return value

    def date(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...], required: bool) -> date | None:
        value = self.given(data, key, path, required, "缺少日期 / missing date (YYYY-MM-DD)")
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail((*path, key), f"日期格式应为 YYYY-MM-DD / not a date: {value!r}")
            return None

    def text(self, data: Mapping[str, Any], key: str, path: tuple[Any, ...], required: bool) -> str | None:
        value = self.given(data, key, path, required, "缺少 / missing")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail((*path, key), f"应为文字 / must be text, got {value!r}")
            return None
        return value.strip()

    def verification(self, data: Mapping[str, Any], path: tuple[Any, ...], default: str) -> str:
        level = data.get("verification", default)
        if not isinstance(level, str) or level not in VERIFICATION_LEVELS:
            self.fail((*path, "verification"), f"应为 {'/'.join(VERIFICATION_LEVELS)} / got {level!r}")
            return "unverified"
        return level

    def section(self, data: Mapping[str, Any], key: str, kind: type) -> Any:
        """The section `key` of a file, a mapping (`kind` dict) or a list: absent, an empty one; of the other
        kind, a problem and an empty one."""
        raw = data.get(key)
        if raw is None:
            return kind()
        if not isinstance(raw, kind):
            self.fail((key,), "应为键值映射 / must be a mapping" if kind is dict else "应为列表 / must be a list")
            return kind()
        return raw

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], path: tuple[Any, ...]) -> None:
        for key in data:
            if key not in allowed:
                self.fail((*path, key), f"未知字段 / unknown field (allowed: {', '.join(sorted(allowed))})")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _check_value(key: str, value: Any) -> str | None:
    """The schema of each standard value; returns what is wrong, or None."""
    if key == "min_free_minutes":
        if not isinstance(value, dict):
            return "应为 {定价形式: 分钟} / must map pricing form to minutes"
        for form, minutes in value.items():
            if form not in PRICING_FORMS:
                return f"未知定价形式 {form!r} (market/guided/government)"
            if not _is_int(minutes):
                return f"{form}: 分钟数应为非负整数 / minutes must be a whole number ≥ 0, got {minutes!r}"
        return None
    if key in ("residential_free_minutes", "max_rounding_minutes"):
        return None if _is_int(value) else f"应为非负整数（分钟）/ must be whole minutes ≥ 0, got {value!r}"
    if key == "exempt_vehicles":
        ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
        return None if ok else "应为车辆类别列表 / must be a list of vehicle classes"
    if key in ("accepted_hotlines", "retired_hotlines"):
        ok = isinstance(value, list) and all(isinstance(v, str) and v.isdigit() for v in value)
        return None if ok else "应为电话号码列表（加引号的数字）/ must be a list of quoted digit strings"
    if key == "required_board_fields":
        if not isinstance(value, list):
            return "应为字段名列表 / must be a list of board field names"
        bad = [v for v in value if v not in FIELD_NAMES]
        return f"未知公示字段 / unknown board fields {bad}" if bad else None
    if key in ("price_unit_required", "price_condition_required", "arabic_numerals_required"):
        return None if isinstance(value, bool) else f"应为 true/false, got {value!r}"
    if key == "on_street_free_hours":
        ok = (
            isinstance(value, dict)
            and set(value) == {"from", "to"}
            and all(isinstance(v, str) and _HHMM.match(v) for v in value.values())
        )
        return None if ok else '应为 {from: "HH:MM", to: "HH:MM"}'
    if key == "pricing_form_by_category":
        if not isinstance(value, dict):
            return "应为 {类别: 定价形式} / must map lot category to pricing form"
        unknown = {k: v for k, v in value.items() if v not in PRICING_FORMS}
        return f"未知定价形式 / unknown pricing forms {unknown}" if unknown else None
    return f"未知标准项 / unknown standard key (known: {', '.join(sorted(VALUE_KEYS))})"


VALUE_KEYS = (
    "min_free_minutes",
    "residential_free_minutes",
    "max_rounding_minutes",
    "exempt_vehicles",
    "accepted_hotlines",
    "retired_hotlines",
    "required_board_fields",
    "price_unit_required",
    "price_condition_required",
    "arabic_numerals_required",
    "on_street_free_hours",
    "pricing_form_by_category",
)


def parse_file(
    file: str, text: str, jurisdictions: Mapping[str, Any] | None = None
) -> tuple[list[StandardValue], list[Approval], Source]:
    """One standards file → (values, approvals, source); raises StandardsError with every problem."""
    doc = _parse_yaml(file, text)
    data = doc.data
    if not isinstance(data, dict):
        raise StandardsError([Problem(file, 1, "(file)", "文件应为键值映射 / the file must be a mapping")])
    check = _Checker(doc)
    check.unknown_keys(data, _TOP_KEYS, ())
    source = _source(check, data, jurisdictions)
    level = check.verification(data, (), "unverified")
    values = _values(check, check.section(data, "values", dict), source, level)
    approvals = _approvals(check, check.section(data, "approvals", list), source, level)
    if data.get("values") is None and data.get("approvals") is None:
        check.fail((), "缺少 values 或 approvals / needs `values:` or `approvals:`")
    if check.problems:
        raise StandardsError(check.problems)
    return values, approvals, source


def _parse_yaml(file: str, text: str) -> _Doc:
    try:
        return _Doc(file, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise StandardsError([Problem(file, line, "(yaml)", f"YAML 语法错误 / syntax: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise StandardsError([Problem(file, None, "(yaml)", f"YAML 语法错误 / syntax: {exc}")]) from None


def _source(check: _Checker, data: Mapping[str, Any], jurisdictions: Mapping[str, Any] | None) -> Source:
    """The document a file names and the period it covers (the file's header)."""
    jurisdiction = check.text(data, "jurisdiction", (), True)
    if jurisdiction and jurisdictions is not None and jurisdiction not in jurisdictions:
        check.fail(("jurisdiction",), f"未知辖区 / unknown jurisdiction {jurisdiction!r} (jurisdictions.yaml)")
    series = check.text(data, "series", (), True)
    title = check.text(data, "title", (), True)
    document = check.text(data, "document", (), True)
    source_url = check.text(data, "source_url", (), False)
    start = check.date(data, "effective_from", (), True)
    until = check.date(data, "effective_until", (), False)
    if start and until and until < start:
        check.fail(("effective_until",), f"早于生效日期 / before effective_from {start}")
    return Source(
        jurisdiction=jurisdiction or "?",
        series=series or "?",
        title=title or "?",
        document=document or "?",
        effective_from=start or date.min,
        effective_until=until,
        file=check.doc.file,
        source_url=source_url,
        demo=bool(data.get("demo", False)),
    )


def _values(check: _Checker, raw: Mapping[str, Any], source: Source, level: str) -> list[StandardValue]:
    """The `values:` mapping of a file."""
    values: list[StandardValue] = []
    for key, entry in raw.items():
        path = ("values", key)
        if not isinstance(entry, dict) or "value" not in entry:
            check.fail(path, "每项应含 value 与 verification / each entry needs `value:`")
            continue
        check.unknown_keys(entry, _VALUE_ENTRY_KEYS, path)
        problem = _check_value(key, entry["value"])
        if problem:
            check.fail((*path, "value"), problem)
            continue
        values.append(
            StandardValue(
                key=key,
                value=_freeze(entry["value"]),
                verification=check.verification(entry, path, level),
                source=source,
                line=check.doc.line(path),
                quote=entry.get("quote"),
                summary=entry.get("summary"),
                note=entry.get("note"),
            )
        )
    return values


def _approvals(check: _Checker, raw: list[Any], source: Source, level: str) -> list[Approval]:
    """The `approvals:` list of a file; approval numbers are unique within it."""
    approvals: list[Approval] = []
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        path = ("approvals", i)
        if not isinstance(entry, dict):
            check.fail(path, "应为键值映射 / must be a mapping")
            continue
        check.unknown_keys(entry, _APPROVAL_KEYS, path)
        number = check.text(entry, "approval_number", path, True)
        if number and _norm_number(number) in seen:
            check.fail((*path, "approval_number"), f"批复文号重复 / duplicate approval number {number}")
        if number:
            seen.add(_norm_number(number))
        approval = _approval(check, entry, path, number, source, level)
        if approval is not None:
            approvals.append(approval)
    return approvals


def _approval(
    check: _Checker, entry: Mapping[str, Any], path: tuple[Any, ...], number: str | None, source: Source, level: str
) -> Approval | None:
    """One approval entry (None when it has no number; its other problems are noted on `check`)."""
    cap = _cap_yuan(check, entry, path)
    period = entry.get("cap_period", "24h")
    if period not in ("24h", "day"):
        check.fail((*path, "cap_period"), f"应为 24h 或 day / got {period!r}")
    valid_from = check.date(entry, "valid_from", path, False)
    valid_until = check.date(entry, "valid_until", path, False)
    if valid_from and valid_until and valid_until < valid_from:
        check.fail((*path, "valid_until"), f"早于 valid_from {valid_from}")
    ceiling = check.text(entry, "ceiling_tariff", path, False)
    if not number:
        return None
    return Approval(
        approval_number=number,
        verification=check.verification(entry, path, level),
        source=source,
        lot_key=entry.get("lot_key"),
        lot_name=entry.get("lot_name"),
        ceiling_tariff=ceiling,
        cap_yuan=cap,
        cap_period=period,
        valid_from=valid_from,
        valid_until=valid_until,
        demo=bool(entry.get("demo", source.demo)),
        line=check.doc.line(path),
    )


def _cap_yuan(check: _Checker, entry: Mapping[str, Any], path: tuple[Any, ...]) -> Decimal | None:
    raw = entry.get("cap_yuan")
    if raw is None:
        return None
    try:
        cap = money(str(raw))
        if cap < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        check.fail((*path, "cap_yuan"), f"应为金额（元）/ must be an amount in yuan, got {raw!r}")
        return None
    return cap


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


def load_standards(directory: Path | str | None = None) -> StandardsLibrary:
    """Read and validate every `*.yaml` under `directory`; StandardsError lists all problems."""
    root = Path(directory) if directory is not None else DEFAULT_DIR
    return _load_cached(str(root.resolve()), _stamp(root))


def load_jurisdictions(directory: Path | str | None = None) -> Mapping[str, Mapping[str, Any]]:
    """Only `jurisdictions.yaml` (ids, names, parents, districts), for callers that need no standard values
    (a source definition naming its city): far cheaper than `load_standards`. Not validated here:
    `load_standards` / `python -m parkwatch.standards` do that."""
    path = (Path(directory) if directory is not None else DEFAULT_DIR) / "jurisdictions.yaml"
    return _jurisdictions_cached(str(path.resolve()), path.stat().st_mtime if path.exists() else 0.0)


@lru_cache(maxsize=8)
def _jurisdictions_cached(path: str, _mtime: float) -> Mapping[str, Mapping[str, Any]]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if _mtime else None
    except yaml.YAMLError:
        data = None
    raw = data.get("jurisdictions") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        return {}
    return {str(k): dict(v or {}) for k, v in raw.items() if isinstance(v, dict | None)}


def _stamp(root: Path) -> tuple[tuple[str, float], ...]:
    # the cache key includes modification times so an edited file is read again
    return tuple(sorted((str(p), p.stat().st_mtime) for p in root.rglob("*.yaml")))


@lru_cache(maxsize=8)
def _load_cached(root_str: str, _stamp_key: tuple[tuple[str, float], ...]) -> StandardsLibrary:
    root = Path(root_str)
    problems: list[Problem] = []
    jpath = root / "jurisdictions.yaml"
    jurisdictions: dict[str, Any] = {}
    if not jpath.exists():
        problems.append(Problem(str(jpath), None, "(file)", "缺少辖区文件 / jurisdictions.yaml is missing"))
    else:
        try:
            jdoc = _Doc(_rel(jpath, root), jpath.read_text(encoding="utf-8"))
            raw = (jdoc.data or {}).get("jurisdictions") if isinstance(jdoc.data, dict) else None
            if not isinstance(raw, dict):
                problems.append(Problem(jdoc.file, 1, "jurisdictions", "应为键值映射 / must be a mapping"))
            else:
                jurisdictions = {name: dict(entry or {}) for name, entry in raw.items()}
                problems.extend(_check_jurisdictions(jdoc, jurisdictions))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            problems.append(Problem(str(jpath), mark.line + 1 if mark else None, "(yaml)", str(exc.problem)))
    values: list[StandardValue] = []
    approvals: list[Approval] = []
    sources: list[Source] = []
    for path in sorted(root.rglob("*.yaml")):
        if path == jpath:
            continue
        try:
            v, a, s = parse_file(_rel(path, root), path.read_text(encoding="utf-8"), jurisdictions)
        except StandardsError as exc:
            problems.extend(exc.problems)
            continue
        except UnicodeDecodeError:
            problems.append(Problem(_rel(path, root), None, "(file)", "文件应为 UTF-8 编码 / must be UTF-8"))
            continue
        values.extend(v)
        approvals.extend(a)
        sources.append(s)
    problems.extend(_overlaps(sources))
    if problems:
        raise StandardsError(problems)
    return StandardsLibrary(jurisdictions, tuple(values), tuple(approvals), tuple(sources))


_JURISDICTION_KEYS = {"name", "parent", "districts", "note"}
_JURISDICTION_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def _check_jurisdictions(doc: _Doc, entries: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """Every jurisdiction: a lower-case pinyin id, a name, a known parent whose chain ends at the root
    (no loop), districts as a list of distinct names, no unknown key."""
    out: list[Problem] = []

    def fail(name: str, key: str, message: str) -> None:
        line = doc.line(("jurisdictions", name, key)) or doc.line(("jurisdictions", name))
        out.append(Problem(doc.file, line, f"jurisdictions.{name}.{key}", message))

    for name, entry in entries.items():
        if not _JURISDICTION_ID.match(str(name)):
            fail(str(name), "(id)", "辖区编号应为小写拼音 / the id must be lower-case pinyin (a-z, 0-9, _)")
        for key in sorted(set(entry) - _JURISDICTION_KEYS):
            fail(name, key, f"未知字段 / unknown key (allowed: {', '.join(sorted(_JURISDICTION_KEYS))})")
        if not isinstance(entry.get("name"), str) or not entry.get("name"):
            fail(name, "name", "缺少名称 / a jurisdiction needs its name (e.g. 株洲市)")
        parent, seen = entry.get("parent"), {name}
        if parent is not None and parent not in entries:
            fail(name, "parent", f"未知上级辖区 / unknown parent {parent!r}")
        while isinstance(parent, str) and parent in entries and parent not in seen:
            seen.add(parent)
            parent = entries[parent].get("parent")
        if parent in seen:
            fail(name, "parent", "上级辖区成环 / the chain of parents loops")
        districts = entry.get("districts")
        if districts is None:
            continue
        if not isinstance(districts, list) or not all(isinstance(d, str) and d for d in districts):
            fail(name, "districts", "应为区县名称列表 / must be a list of district names")
        elif len(set(districts)) != len(districts):
            twice = sorted({d for d in districts if districts.count(d) > 1})
            fail(name, "districts", f"区县重复 / listed twice: {', '.join(twice)}")
    return out


def _overlaps(sources: list[Source]) -> list[Problem]:
    """Two files of one jurisdiction and series may not be in force on the same day."""
    out: list[Problem] = []
    groups: dict[tuple[str, str], list[Source]] = {}
    for s in sources:
        groups.setdefault((s.jurisdiction, s.series), []).append(s)
    for group in groups.values():
        group.sort(key=lambda s: s.effective_from)
        for a, b in pairwise(group):
            if a.effective_until is None or a.effective_until >= b.effective_from:
                out.append(
                    Problem(
                        b.file,
                        None,
                        "effective_from",
                        f"与 {a.file} 的有效期重叠 / overlaps {a.file} ({a.effective_from}–{a.effective_until or '…'})",
                    )
                )
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path("data/standards") / path.relative_to(root)) if root == DEFAULT_DIR else str(path)
    except ValueError:
        return str(path)


def in_force(city: str, on: date, directory: Path | str | None = None) -> StandardsInForce:
    """The standard values (and lot approvals) in force for `city` on `on`."""
    return load_standards(directory).in_force(city, on)
