"""Shared helpers of the crawler tests (fixtures are saved pages of the demo portal)."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.http import HtmlResponse, Request, TextResponse

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "http://portal.test"


def fixture_info() -> dict:
    return json.loads((FIXTURES / "fixtures.json").read_text(encoding="utf-8"))


def html_response(name: str, path: str) -> HtmlResponse:
    url = f"{BASE}/{path}"
    return HtmlResponse(url=url, body=(FIXTURES / name).read_bytes(), encoding="utf-8", request=Request(url))


def json_response(name: str, path: str) -> TextResponse:
    url = f"{BASE}/{path}"
    return TextResponse(
        url=url,
        body=(FIXTURES / name).read_bytes(),
        encoding="utf-8",
        headers={"Content-Type": "application/json"},
        request=Request(url),
    )
