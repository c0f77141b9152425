"""Source definitions: load and validate `data/sources/*.yaml`.

A source definition says where a portal's lot pages are and how to read each field, so that a
bureau can add a portal without writing Python (the format is documented in docs/sources.md).
Definitions are validated with pydantic; a bad file raises `SourceError` naming the file and field.
`load_folder` reads a folder as the crawl command does: the good definitions, and each bad file with
its reason (one malformed file must not stop the other sources).
"""

from __future__ import annotations

import builtins
import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from parkwatch.settings import get_settings

# The fields a spider fills; `price_text` is what the board reader reads. Name to operator are the lot's
# `PLACE_FIELDS` (parkwatch.store.services.lots), spelled out here so that reading a source definition does
# not load the storage layer (tests/crawler hold the two together).
ITEM_FIELDS: tuple[str, ...] = (
    "source_ref",
    "name",
    "address",
    "district",
    "latitude",
    "longitude",
    "operator",
    "price_text",
    # where the lot is and what the page says of its pricing: a jurisdiction id or name, the tariff zone
    # (一类/二类/三类区域), 定价形式 and 收费依据 / approval number
    "city",
    "zone",
    "pricing_form",
    "approval_ref",
)
REQUIRED_FIELDS: tuple[str, ...] = ("name", "price_text")

_PLACEHOLDER = re.compile(r"\{base_url\}")


class SourceError(ValueError):
    """A source definition that cannot be used (bad YAML, unknown field, missing selector)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    """How to read one field: exactly one of css / xpath (HTML), path (JMESPath, JSON), url (the page's
    own URL, usually with `re`: a lot id in the address) or value (a fixed text)."""

    css: str | None = None
    xpath: str | None = None
    path: str | None = None
    url: bool = False
    value: str | None = None
    # all matches joined with `join` (e.g. every line of a rate table) instead of the first one
    all: bool = False
    join: str = "\n"
    # a regular expression applied to the text; group 1 (or the whole match) is kept
    re: str | None = None

    @model_validator(mode="after")
    def _one_selector(self) -> FieldSpec:
        given = [k for k in ("css", "xpath", "path", "url", "value") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(f"give exactly one of css, xpath, path, url, value (got {given or 'none'})")
        if self.re:
            re.compile(self.re)
        return self


class ListSpec(_Strict):
    """List pages (HTML): links to lot pages and to the next list page.

    `rows` (optional) selects one element per lot in the list (a table row): `item_links` and `carry`
    are then read inside each row. `carry` reads lot fields on the list page (the district column of a
    table, the page's city heading) and hands them to the lot page it links to, where a value the lot
    page gives itself wins."""

    item_links: FieldSpec
    next_page: FieldSpec | None = None
    rows: FieldSpec | None = None
    carry: dict[str, FieldSpec] = Field(default_factory=dict)


class ApiSpec(_Strict):
    """JSON API: where the list of lots is in a response and where the next page URL is."""

    items_path: str
    next_page_path: str | None = None


class Schedule(_Strict):
    """When the bot runs this source: a cron expression or an interval."""

    cron: str | None = None
    interval_minutes: int | None = Field(default=None, ge=5)

    @model_validator(mode="after")
    def _one_kind(self) -> Schedule:
        if bool(self.cron) == bool(self.interval_minutes):
            raise ValueError("give exactly one of cron, interval_minutes")
        if self.cron:
            from croniter import croniter

            if not croniter.is_valid(self.cron):
                raise ValueError(f"invalid cron expression: {self.cron!r}")
        return self


class SourceDefinition(_Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]{1,60}$")
    name: str
    kind: Literal["web", "api"] = "web"
    # base URL; start URLs may use {base_url}. `base_url_env` overrides it at run time
    base_url: str
    base_url_env: str | None = None
    start_urls: tuple[str, ...] = Field(min_length=1)
    list: ListSpec | None = None
    api: ApiSpec | None = None
    fields: dict[str, FieldSpec]
    licence: str = Field(min_length=1)
    contact: str = Field(min_length=1)
    delay_seconds: float = Field(default=2.0, ge=0)
    schedule: Schedule
    is_demo: bool = False
    # a Python spider class for a source that needs code ("module:Class"); None = the base spider
    spider: str | None = None
    # store a new lot for a page that matches no known lot (off: such pages are kept unmatched)
    create_unknown_lots: bool = False
    # the jurisdiction (data/standards/jurisdictions.yaml) of every lot of a one-city portal; a lot's own
    # `city` field wins. Required unless the definition reads `city` from the pages.
    city: str | None = None
    # words a page uses to say it publishes no price yet ("暂未公示"): such a page is a lot with no price
    # posted (PD001), not a page the selectors failed on
    no_price_markers: tuple[str, ...] = ()

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, value: dict[str, FieldSpec]) -> dict[str, FieldSpec]:
        unknown = set(value) - set(ITEM_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}; known: {', '.join(ITEM_FIELDS)}")
        missing = [f for f in REQUIRED_FIELDS if f not in value]
        if missing:
            raise ValueError(f"required fields missing: {missing}")
        return value

    @field_validator("no_price_markers", mode="before")
    @classmethod
    def _one_marker_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _city_known(self) -> SourceDefinition:
        carried = self.list.carry if self.list is not None else {}
        if self.city is None and "city" not in self.fields and "city" not in carried:
            raise ValueError(
                "`city` missing: give the jurisdiction id of the portal's city (data/standards/jurisdictions.yaml), "
                "or read a `city` field from the pages"
            )
        if self.city is not None and self.city not in known_cities():
            raise ValueError(f"unknown city {self.city!r}; known: {', '.join(sorted(known_cities()))}")
        if self.list is not None:
            unknown = set(self.list.carry) - set(ITEM_FIELDS)
            if unknown:
                raise ValueError(f"list.carry: unknown fields {sorted(unknown)}; known: {', '.join(ITEM_FIELDS)}")
        return self

    @model_validator(mode="after")
    def _kind_parts(self) -> SourceDefinition:
        if self.kind == "api":
            if self.api is None:
                raise ValueError("kind api needs an `api` section (items_path)")
            bad = [n for n, f in self.fields.items() if f.css or f.xpath]
            if bad:
                raise ValueError(f"api fields must use `path` (JMESPath): {bad}")
        else:
            if self.api is not None:
                raise ValueError("kind web takes no `api` section")
            bad = [n for n, f in self.fields.items() if f.path is not None]
            if bad:
                raise ValueError(f"web fields must use css or xpath: {bad}")
        return self

    def resolved_base_url(self, override: str | None = None) -> str:
        """The base URL in force: an explicit override, then the env variable, then the file.
        (The variable is named by the source definition itself, so it is read here, not in settings.)"""
        value = override or (os.environ.get(self.base_url_env) if self.base_url_env else None)
        return (value or self.base_url).rstrip("/")

    def resolved_start_urls(self, base_url: str | None = None) -> builtins.list[str]:  # (`list` is a field here)
        base = self.resolved_base_url(base_url)
        return [_PLACEHOLDER.sub(base, url) for url in self.start_urls]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def parse_source(data: Any, origin: str = "<definition>") -> SourceDefinition:
    if not isinstance(data, dict):
        raise SourceError(f"{origin}: a source definition is a mapping, got {type(data).__name__}")
    try:
        return SourceDefinition.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors())
        raise SourceError(f"{origin}: {problems}") from None


def load_source_file(path: Path) -> SourceDefinition:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SourceError(f"{path.name}: not valid YAML: {exc}") from None
    source = parse_source(data, path.name)
    if source.key != path.stem:
        raise SourceError(f"{path.name}: key {source.key!r} must equal the file name {path.stem!r}")
    return source


SOURCES_DIR_ENV = "PARKWATCH_SOURCES_DIR"


def sources_dir() -> Path:
    """The folder of source definitions: `parkwatch crawl --sources DIR` hands DIR to the crawl process
    in PARKWATCH_SOURCES_DIR (read here, where the folder is used, like a definition's base_url_env)."""
    return Path(os.environ.get(SOURCES_DIR_ENV) or get_settings().sources_dir)


_CITY_SUFFIXES = ("土家族苗族自治州", "自治州", "市", "州", "省")


@functools.lru_cache(maxsize=1)
def _city_names() -> dict[str, str]:
    """Every way a page may name a jurisdiction -> its id: the id, the name, the name without 市/州."""
    from parkwatch.core.standards import load_jurisdictions

    names: dict[str, str] = {}
    for jid, entry in load_jurisdictions(get_settings().standards_dir).items():
        names[jid] = jid
        name = str(entry.get("name") or "")
        if name:
            names[name] = jid
            short = next((name[: -len(x)] for x in _CITY_SUFFIXES if name.endswith(x) and len(name) > len(x)), "")
            if short:
                names.setdefault(short, jid)
    return names


def known_cities() -> frozenset[str]:
    """The jurisdiction ids of data/standards/jurisdictions.yaml (a source's `city` must be one)."""
    return frozenset(_city_names().values())


def resolve_city(text: str | None) -> str | None:
    """The jurisdiction id a page's city text names ("株洲市", "株洲", "zhuzhou"), or None."""
    if not text:
        return None
    value = text.strip()
    return _city_names().get(value) or _city_names().get(value.lower())


def load_folder(directory: Path | None = None) -> tuple[dict[str, SourceDefinition], dict[str, str]]:
    """(good definitions by key, bad file name -> why): one malformed file is reported, not fatal."""
    folder = directory or sources_dir()
    good: dict[str, SourceDefinition] = {}
    broken: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            source = load_source_file(path)
        except SourceError as exc:
            broken[path.name] = str(exc)
            continue
        good[source.key] = source
    return good, broken


def load_sources(directory: Path | None = None) -> dict[str, SourceDefinition]:
    """All definitions in a folder, by key (sorted); raises SourceError on the first bad file."""
    folder = directory or sources_dir()
    return {s.key: s for s in (load_source_file(p) for p in sorted(folder.glob("*.yaml")))}


def load_source(key: str, directory: Path | None = None) -> SourceDefinition:
    folder = directory or sources_dir()
    path = folder / f"{key}.yaml"
    if not path.exists():
        known = ", ".join(load_sources(folder)) or "none"
        raise SourceError(f"unknown source {key!r} (known: {known})")
    return load_source_file(path)


def schedules(directory: Path | None = None) -> Iterable[tuple[str, Schedule]]:
    """(key, schedule) per good source, for the bot."""
    for key, source in load_folder(directory)[0].items():
        yield key, source.schedule
