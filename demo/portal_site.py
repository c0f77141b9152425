"""Generate the demo portal `data/demo/site/`: a fictional Yueyang parking-information portal.

Every page says 演示数据 / demo. The lots come from `demo.city.demo_lots()` (same name and
address, so crawled pages match lots of the demo city). The site has:

- `lots/page-N.html` list pages with pagination (10 links a page);
- `lot/<key>.html` detail pages; the price notice is written four ways (label rows, a table,
  preformatted text, lines in a paragraph) over the lots' varied tariff wordings (DOMAIN.md §3);
- two pages with no price ("暂未公示") and one page in a changed layout (what a portal redesign does);
- `admin/preview/<key>.html`, linked from a list page but disallowed by robots.txt;
- `api/lots/page-N.json`, a paginated JSON endpoint like an app's (one lot with a stale price);
- `robots.txt` (Disallow: /admin/, Crawl-delay) and `manifest.json` (what each page is, for tests).

Regenerate with `.venv/bin/python -m demo.portal_site` (the output is committed).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parkwatch.core.reference import reference_dir

SITE_DIR = reference_dir("demo") / "site"
TITLE = "岳阳停车信息平台（演示）"
BANNER = "演示数据 / demo data：本网站为虚构的演示站点，停车场与收费标准均为生成数据，不代表任何真实停车场。"
PER_PAGE = 10
CRAWL_DELAY = 0.2
PORTAL_LOTS = 30  # detail pages: 27 normal, 2 without price, 1 changed layout
NO_PRICE = (5, 17)  # indexes into the portal lots
CHANGED_LAYOUT = (23,)
API_LOTS = 12
API_STALE = 2  # index into the API lots whose app price lags behind the board
LAYOUTS = ("rows", "table", "pre", "lines")


def _pick(lots: Sequence[Any], portal_lots: int = PORTAL_LOTS) -> tuple[list[Any], list[Any], Any]:
    """Deterministic choice: every 9th lot for the portal, an overlapping set for the app.
    A larger portal (the benchmark's) takes consecutive lots instead."""
    # boards in the "label：value" form; bare prices ("8元" alone) are left to the photo side, since a
    # page whose tariff cannot be read counts as invalid and the demo portal's run should pass
    pool = [
        lot for lot in lots if "\n" in lot.board_text and "：" in lot.board_text and "bare_price" not in lot.defects
    ]
    portal = pool[1::9][:PORTAL_LOTS] if portal_lots <= PORTAL_LOTS else pool[1 : portal_lots + 1]
    rest = [lot for lot in pool if lot not in portal]
    api = portal[0:24:3] + rest[4::37][: API_LOTS - 8]
    hidden = rest[7]
    return portal, api[:API_LOTS], hidden


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} - {TITLE}</title>\n"
        '<meta name="robots" content="noarchive">\n</head>\n<body>\n'
        f'<div class="demo-banner">{BANNER}</div>\n'
        f'<header><a class="home" href="{up}index.html">{TITLE}</a> · '
        f'<a href="{up}lots/page-1.html">停车场列表</a></header>\n'
        f"{body}\n"
        f'<footer>演示数据 / demo · <a href="{up}admin/index.html">管理后台</a></footer>\n'
        "</body>\n</html>\n"
    )


def _split(line: str) -> tuple[str, str]:
    if "：" in line:
        label, value = line.split("：", 1)
        return label, value
    return "", line


def _notice(lot: Any, layout: str) -> str:
    lines = lot.board_text.split("\n")
    e = html.escape
    if layout == "rows":
        rows = "".join(
            f'<div class="row"><span class="k">{e(k)}：</span><span class="v">{e(v)}</span></div>\n'
            if k
            else f'<div class="row">{e(v)}</div>\n'
            for k, v in map(_split, lines)
        )
        return rows
    if layout == "table":
        rows = "".join(
            f"<tr><th>{e(k)}：</th><td>{e(v)}</td></tr>\n" if k else f'<tr><td colspan="2">{e(v)}</td></tr>\n'
            for k, v in map(_split, lines)
        )
        return f'<table class="fee-table">\n{rows}</table>'
    if layout == "pre":
        return f"<pre>{e(lot.board_text)}</pre>"
    return "<p>" + "<br>\n".join(e(line) for line in lines) + "</p>"


def _info(lot: Any) -> str:
    e = html.escape
    return (
        '<dl class="lot-info">'
        f'<dt>地址</dt><dd class="address">{e(lot.address)}</dd>'
        f'<dt>所属区域</dt><dd class="district">{e(lot.district)}</dd>'
        f'<dt>经营单位</dt><dd class="operator">{e(lot.operator or "")}</dd>'
        f'<dt>泊位</dt><dd class="berths">{lot.berths}</dd></dl>\n'
        f'<div class="lot-map" data-lat="{lot.latitude:.6f}" data-lng="{lot.longitude:.6f}">地图位置（演示）</div>\n'
    )


def detail_page(lot: Any, role: str, layout: str) -> str:
    """The HTML of one lot page. role: normal / no_price / changed_layout / hidden."""
    e = html.escape
    if role == "changed_layout":
        # a redesign: different classes and structure; the spider's selectors no longer match
        body = (
            f'<div class="parking-detail" id="p-{lot.key}">\n<div class="title">{e(lot.name)}</div>\n'
            f'<div class="meta">{e(lot.address)} · {e(lot.district)}</div>\n'
            f'<div class="fee-box">{_notice(lot, "lines")}</div>\n</div>'
        )
        return _page(lot.name, body, 1)
    if role == "no_price":
        notice = "<p>收费标准：暂未公示，请以现场公示牌为准。</p>"
    else:
        notice = _notice(lot, layout)
    body = (
        f'<article class="lot" data-lot-id="{lot.key}">\n<h1 class="lot-name">{e(lot.name)}</h1>\n'
        f"{_info(lot)}"
        f'<section class="price-notice">\n<h2>收费公示</h2>\n{notice}\n</section>\n</article>'
    )
    return _page(lot.name, body, 1 if role != "hidden" else 2)


def _stale(text: str) -> str:
    """The app's older price: the first amount one yuan higher."""
    return re.sub(r"(\d+)元", lambda m: f"{int(m.group(1)) + 1}元", text, count=1)


def _api_record(lot: Any, stale: bool) -> dict[str, Any]:
    return {
        "parkId": lot.key,
        "parkName": lot.name,
        "addr": lot.address,
        "region": lot.district,
        "location": f"{lot.latitude:.6f},{lot.longitude:.6f}",
        "company": lot.operator,
        "berths": lot.berths,
        "feeDesc": _stale(lot.tariff_text) if stale else lot.tariff_text,
        "demo": True,
    }


def build_site(out_dir: Path, lots: Sequence[Any], portal_lots: int = PORTAL_LOTS) -> dict[str, Any]:
    """Write the whole portal into out_dir (replaced); returns the manifest.
    `portal_lots` above 30 makes a bigger portal (for the benchmark); the demo uses the default."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "lots").mkdir(parents=True)
    (out_dir / "lot").mkdir()
    (out_dir / "admin" / "preview").mkdir(parents=True)
    (out_dir / "api" / "lots").mkdir(parents=True)
    portal, api, hidden = _pick(lots, portal_lots)
    manifest: dict[str, Any] = {"demo": True, "pages": {}, "api": {}, "disallowed": [], "crawl_delay": CRAWL_DELAY}

    links: list[tuple[str, str]] = []
    for i, lot in enumerate(portal):
        role = "no_price" if i in NO_PRICE else "changed_layout" if i in CHANGED_LAYOUT else "normal"
        layout = LAYOUTS[i % len(LAYOUTS)]
        path = f"lot/{lot.key}.html"
        (out_dir / path).write_text(detail_page(lot, role, layout), encoding="utf-8")
        manifest["pages"][path] = {
            "key": lot.key,
            "name": lot.name,
            "address": lot.address,
            "role": role,
            "layout": layout if role == "normal" else role,
        }
        links.append((f"../{path}", lot.name))
    hidden_path = f"admin/preview/{hidden.key}.html"
    (out_dir / hidden_path).write_text(detail_page(hidden, "hidden", "rows"), encoding="utf-8")
    (out_dir / "admin" / "index.html").write_text(
        _page("管理后台", "<h1>管理后台（演示）</h1><p>内部页面，禁止抓取。</p>", 1), encoding="utf-8"
    )
    manifest["disallowed"] = ["/admin/index.html", f"/{hidden_path}"]
    links.insert(12, (f"../{hidden_path}", f"{hidden.name}（内部预览）"))

    pages = [links[i : i + PER_PAGE] for i in range(0, len(links), PER_PAGE)]
    for n, chunk in enumerate(pages, start=1):
        items = "".join(f'<li><a class="lot-link" href="{href}">{html.escape(name)}</a></li>\n' for href, name in chunk)
        nav = f'<span class="page">第{n}/{len(pages)}页</span>'
        if n > 1:
            nav = f'<a class="prev-page" href="page-{n - 1}.html">上一页</a> ' + nav
        if n < len(pages):
            nav += f' <a class="next-page" href="page-{n + 1}.html">下一页</a>'
        body = f'<h1>停车场收费公示列表</h1>\n<ul class="lot-list">\n{items}</ul>\n<nav class="pager">{nav}</nav>'
        (out_dir / "lots" / f"page-{n}.html").write_text(_page(f"停车场列表 第{n}页", body, 1), encoding="utf-8")
    manifest["list_pages"] = len(pages)

    half = (len(api) + 1) // 2
    for n, chunk in enumerate((api[:half], api[half:]), start=1):
        records = [_api_record(lot, stale=(n - 1) * half + j == API_STALE) for j, lot in enumerate(chunk)]
        payload = {
            "code": 0,
            "msg": "ok（演示数据 demo）",
            "data": {"page": n, "list": records, "next": f"page-{n + 1}.json" if n == 1 else None},
        }
        (out_dir / "api" / "lots" / f"page-{n}.json").write_text(
            json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    manifest["api"] = {
        lot.key: {"name": lot.name, "address": lot.address, "stale": j == API_STALE} for j, lot in enumerate(api)
    }

    (out_dir / "index.html").write_text(
        _page(
            "首页",
            (
                f'<h1>{TITLE}</h1>\n<p>{BANNER}</p>\n<ul><li><a href="lots/page-1.html">停车场收费公示列表</a></li>'
                '<li><a href="api/lots/page-1.json">App 数据接口（JSON）</a></li></ul>'
            ),
            0,
        ),
        encoding="utf-8",
    )
    (out_dir / "robots.txt").write_text(
        f"# 岳阳停车信息平台（演示） demo portal\nUser-agent: *\nDisallow: /admin/\nCrawl-delay: {CRAWL_DELAY}\n",
        encoding="utf-8",
    )
    return write_manifest(out_dir, manifest)


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """A generated portal's manifest.json (what its pages hold, for the tests' checks); returns the manifest."""
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def load_manifest(site_dir: Path = SITE_DIR) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((Path(site_dir) / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def main() -> None:
    from demo.city import demo_lots

    manifest = build_site(SITE_DIR, demo_lots())
    print(
        f"demo portal written to {SITE_DIR}: {len(manifest['pages'])} lot pages, "
        f"{len(manifest['api'])} API records, {manifest['list_pages']} list pages"
    )


if __name__ == "__main__":
    main()
