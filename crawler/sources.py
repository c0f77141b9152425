"""Source definitions: load and validate `data/sources/*.yaml`.

A source definition says where a portal's lot pages are and how to read each field, so that a
bureau can add a portal without writing Python (the format is documented in docs/sources.md).
Definitions are validated with pydantic; a bad file raises `SourceError` naming the file and field.
"""

from __future__ import annotations

import builtins
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from parkwatch.settings import get_settings

# The fields a spider fills; `price_text` is what the board reader reads.
ITEM_FIELDS: tuple[str, ...] = (
    "source_ref",
    "name",
    "address",
    "district",
    "latitude",
    "longitude",
    "operator",
    "price_text",
)
REQUIRED_FIELDS: tuple[str, ...] = ("name", "price_text")

_PLACEHOLDER = re.compile(r"\{base_url\}")


class SourceError(ValueError):
    """A source definition that cannot be used (bad YAML, unknown field, missing selector)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Strict):
    """How to read one field: exactly one of css / xpath (HTML) or path (JMESPath, JSON)."""

    css: str | None = None
    xpath: str | None = None
    path: str | None = None
    # all matches joined with `join` (e.g. every line of a rate table) instead of the first one
    all: bool = False
    join: str = "\n"
    # a regular expression applied to the text; group 1 (or the whole match) is kept
    re: str | None = None

    @model_validator(mode="after")
    def _one_selector(self) -> FieldSpec:
        given = [k for k in ("css", "xpath", "path") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(f"give exactly one of css, xpath, path (got {given or 'none'})")
        if self.re:
            re.compile(self.re)
        return self


class ListSpec(_Strict):
    """List pages (HTML): links to lot pages and to the next list page."""

    item_links: FieldSpec
    next_page: FieldSpec | None = None


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

    @model_validator(mode="after")
    def _kind_parts(self) -> SourceDefinition:
        if self.kind == "api":
            if self.api is None:
                raise ValueError("kind api needs an `api` section (items_path)")
            bad = [n for n, f in self.fields.items() if f.path is None]
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


def sources_dir() -> Path:
    return Path(get_settings().sources_dir)


def load_sources(directory: Path | None = None) -> dict[str, SourceDefinition]:
    """All definitions in a folder, by key (sorted)."""
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
    """(key, schedule) per source, for the bot."""
    for key, source in load_sources(directory).items():
        yield key, source.schedule
