"""The demo portal: generated from the demo city, committed, labelled demo, served by DemoServer."""

from __future__ import annotations

import filecmp
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from scrapy.http import Request, Response
from scrapy.settings import Settings

from crawler.middlewares import BackoffRetryMiddleware
from demo.city import demo_lots
from demo.portal_server import DemoServer
from demo.portal_site import SITE_DIR, build_site, load_manifest


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_the_committed_portal_is_what_the_generator_makes_from_the_demo_city(tmp_path: Path) -> None:
    build_site(tmp_path / "site", demo_lots())
    assert _files(tmp_path / "site") == _files(SITE_DIR)
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "site", SITE_DIR, _files(SITE_DIR), shallow=False)
    assert not mismatch and not errors, f"regenerate with python -m demo.portal_site: {mismatch[:5]}"


def test_every_page_is_labelled_demo_and_lots_match_the_demo_city() -> None:
    manifest = load_manifest()
    lots = {lot.key: lot for lot in demo_lots()}
    for path in SITE_DIR.rglob("*.html"):
        assert "演示数据" in path.read_text(encoding="utf-8"), path
    for info in manifest["pages"].values():
        lot = lots[info["key"]]
        assert (lot.name, lot.address) == (info["name"], info["address"])
    roles = [info["role"] for info in manifest["pages"].values()]
    assert roles.count("normal") == 27 and roles.count("no_price") == 2 and roles.count("changed_layout") == 1
    assert len({info["layout"] for info in manifest["pages"].values()}) == 6


def test_robots_txt_disallows_the_admin_path_and_sets_a_crawl_delay() -> None:
    text = (SITE_DIR / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /admin/" in text and "Crawl-delay: 0.2" in text
    # and a list page really links into the disallowed path, so obeying robots.txt is tested
    assert any("../admin/preview/" in p.read_text(encoding="utf-8") for p in (SITE_DIR / "lots").glob("*.html"))


def test_the_api_is_paginated_json_with_one_stale_price() -> None:
    first = json.loads((SITE_DIR / "api/lots/page-1.json").read_text(encoding="utf-8"))
    second = json.loads((SITE_DIR / "api/lots/page-2.json").read_text(encoding="utf-8"))
    assert first["data"]["next"] == "page-2.json" and second["data"]["next"] is None
    assert len(first["data"]["list"]) + len(second["data"]["list"]) == 12
    assert sum(v["stale"] for v in load_manifest()["api"].values()) == 1


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def test_the_server_serves_changes_and_fails_on_request_and_logs_every_request() -> None:
    with DemoServer() as server:
        status, body = _get(server.url + "/lot/yy-0003.html")
        assert status == 200 and "岳阳楼景区停车场" in body
        server.set_page("/lot/yy-0003.html", "<html>changed 演示</html>")
        assert _get(server.url + "/lot/yy-0003.html") == (200, "<html>changed 演示</html>")
        server.fail("/lots/page-1.html", 503, 429)
        assert _get(server.url + "/lots/page-1.html")[0] == 503
        assert _get(server.url + "/lots/page-1.html")[0] == 429
        assert _get(server.url + "/lots/page-1.html")[0] == 200
        assert _get(server.url + "/../../etc/passwd")[0] == 404
        assert server.requested_paths()[:2] == ["/lot/yy-0003.html", "/lot/yy-0003.html"]
        assert [r.status for r in server.request_log][2:5] == [503, 429, 200]


def test_retries_back_off_exponentially_and_honour_retry_after() -> None:
    mw = BackoffRetryMiddleware(
        Settings(
            {
                "RETRY_ENABLED": True,
                "RETRY_TIMES": 3,
                "RETRY_HTTP_CODES": [503, 429],
                "RETRY_BACKOFF_BASE": 0.5,
                "RETRY_BACKOFF_MAX": 8,
            }
        )
    )
    waits = [mw.backoff_seconds(Request("http://x", meta={"retry_times": n})) for n in (1, 2, 3, 6)]
    assert waits == [0.5, 1.0, 2.0, 8]
    resp = Response("http://x", status=429, headers={"Retry-After": "5"})
    assert mw.backoff_seconds(Request("http://x", meta={"retry_times": 1}), resp) == 5.0


@pytest.mark.parametrize("setting", ["ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "RETRY_ENABLED"])
def test_politeness_settings_are_on_and_the_user_agent_names_a_contact(setting: str) -> None:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert settings.getbool(setting)
    assert "contact" in settings.get("USER_AGENT") and not settings.getbool("HTTPCACHE_ENABLED")
    assert 429 in settings.getlist("RETRY_HTTP_CODES") and settings.getint("DOWNLOAD_MAXSIZE") > 0
