"""Source definitions: every file in data/sources loads, and bad definitions fail with clear errors."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from crawler.sources import SourceError, load_source_file, load_sources, parse_source
from parkwatch.settings import PROJECT_ROOT

SOURCE_FILES = sorted((PROJECT_ROOT / "data" / "sources").glob("*.yaml"))


def _valid() -> dict:
    return yaml.safe_load((PROJECT_ROOT / "data" / "sources" / "demo_portal.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SOURCE_FILES, ids=[p.stem for p in SOURCE_FILES])
def test_each_source_definition_loads_and_names_a_spider_scrapy_can_run(path: Path) -> None:
    source = load_source_file(path)
    assert source.key == path.stem
    assert source.licence and source.contact
    assert source.resolved_start_urls("http://h.test:1")[0].startswith("http://h.test:1/")
    if source.spider:
        module, _, name = source.spider.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert cls.name == source.key
    else:
        declared = importlib.import_module("crawler.spiders.declared")
        assert any(getattr(c, "name", None) == source.key for c in vars(declared).values() if isinstance(c, type))


def test_there_is_a_web_and_an_api_source_definition() -> None:
    kinds = {s.kind for s in load_sources().values()}
    assert kinds == {"web", "api"}


def test_a_definition_without_a_price_text_field_is_rejected() -> None:
    data = _valid()
    del data["fields"]["price_text"]
    with pytest.raises(SourceError, match="price_text"):
        parse_source(data, "x.yaml")


def test_a_field_with_two_selectors_is_rejected() -> None:
    data = _valid()
    data["fields"]["name"] = {"css": "h1::text", "xpath": "//h1/text()"}
    with pytest.raises(SourceError, match="exactly one"):
        parse_source(data, "x.yaml")


def test_a_web_source_cannot_use_json_paths_and_an_unknown_field_is_named() -> None:
    data = _valid()
    data["fields"]["name"] = {"path": "parkName"}
    with pytest.raises(SourceError, match="web fields must use css or xpath"):
        parse_source(data, "x.yaml")
    data = _valid()
    data["fields"]["colour"] = {"css": "p::text"}
    with pytest.raises(SourceError, match="colour"):
        parse_source(data, "x.yaml")


def test_a_bad_cron_schedule_and_a_missing_licence_are_rejected() -> None:
    data = _valid()
    data["schedule"] = {"cron": "every day"}
    with pytest.raises(SourceError, match="cron"):
        parse_source(data, "x.yaml")
    data = _valid()
    del data["licence"]
    with pytest.raises(SourceError, match="licence"):
        parse_source(data, "x.yaml")


def test_the_key_must_match_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(_valid(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(SourceError, match="must equal the file name"):
        load_source_file(tmp_path / "other.yaml")


def test_the_base_url_comes_from_the_environment_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    source = parse_source(_valid())
    monkeypatch.setenv("PARKWATCH_DEMO_PORTAL_URL", "http://127.0.0.1:5555/")
    assert source.resolved_start_urls() == ["http://127.0.0.1:5555/lots/page-1.html"]
    assert source.resolved_start_urls("http://other:1") == ["http://other:1/lots/page-1.html"]
