"""Source definitions: every file in data/sources loads, and bad definitions fail with clear errors."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from crawler.sources import ITEM_FIELDS, SourceError, load_source_file, load_sources, parse_source
from parkwatch.settings import PROJECT_ROOT
from parkwatch.store.services.lots import PLACE_FIELDS

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


def test_a_spider_can_fill_every_field_a_new_lot_takes_from_its_page() -> None:
    # the lot pipeline creates an unknown lot from these item fields; one a spider cannot fill stays empty
    assert set(PLACE_FIELDS) <= set(ITEM_FIELDS)


def test_there_is_a_web_and_an_api_source_definition() -> None:
    kinds = {s.kind for s in load_sources().values()}
    assert kinds == {"web", "api"}


DROP = object()  # the case removes the key


@pytest.mark.parametrize(
    "path, value, error",
    [
        pytest.param(("fields", "price_text"), DROP, "price_text", id="without a price text field"),
        pytest.param(
            ("fields", "name"), {"css": "h1::text", "xpath": "//h1/text()"}, "exactly one", id="two selectors"
        ),
        pytest.param(
            ("fields", "name"), {"path": "parkName"}, "web fields must use css or xpath", id="a json path on the web"
        ),
        pytest.param(("fields", "colour"), {"css": "p::text"}, "colour", id="an unknown field is named"),
        pytest.param(("schedule",), {"cron": "every day"}, "cron", id="a bad cron schedule"),
        pytest.param(("licence",), DROP, "licence", id="without a licence"),
    ],
)
def test_a_bad_definition_is_rejected_saying_what_is_wrong(path: tuple[str, ...], value: object, error: str) -> None:
    data = _valid()
    *parents, key = path
    where = data
    for name in parents:
        where = where[name]
    if value is DROP:
        del where[key]
    else:
        where[key] = value
    with pytest.raises(SourceError, match=error):
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
