"""Generate the second demo city's portal `data/demo/zhuzhou_site/`: a fictional Zhuzhou parking-fee
disclosure portal (株洲市停车收费公示平台（演示）) laid out unlike the Yueyang demo portal.

Every page says 演示数据 / demo; the lots, operators and prices are generated. The site has:

- `gs/list-N.html`: list pages, a `<table>` with one row per lot (区县 | 区域 | 停车场), a city heading and a
  pager; the district and zone are in the row only, so the source carries them into the lot pages;
- `gs/detail/zz-NNNN.html`: lot pages, a `<dl>` of 经营单位 / 地址 / 收费依据 / 定价形式 / 监督电话 and a
  车型 | 时段 | 收费标准 table (the lot's id is in the URL only);
- two lot pages that say 收费标准暂未公示 (no price yet), one page in GBK (declared in its `<meta>`), lots
  without a 监督电话 or a 收费依据 line (PD005 / PD006 on a web disclosure);
- `internal/` pages linked from a list page but disallowed by `robots.txt`;
- `manifest.json`: what each page is (for tests).

Regenerate with `.venv/bin/python -m demo.portal_zhuzhou` (the output is committed). Served by
`demo.portal_server.DemoServer(ZHUZHOU_SITE_DIR)`; crawled by `data/sources/demo_zhuzhou.yaml`.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from demo.portal_site import write_manifest
from parkwatch.core.reference import reference_dir

ZHUZHOU_SITE_DIR = reference_dir("demo") / "zhuzhou_site"
TITLE = "株洲市停车收费公示平台（演示）"
BANNER = "演示数据 / demo data：虚构的演示站点，停车场、经营单位与收费标准均为生成数据，不代表任何真实停车场。"
PER_PAGE = 5
CRAWL_DELAY = 0.2
NO_PRICE = "收费标准暂未公示"


@dataclass(frozen=True)
class DemoLot:
    key: str
    name: str
    district: str
    zone: str | None
    address: str
    operator: str
    form: str  # 定价形式 as the page states it
    basis: str | None  # 收费依据 (None: the line is missing)
    hotline: str | None  # 监督电话 (None: the line is missing)
    rows: tuple[tuple[str, str, str], ...]  # (车型, 时段, 收费标准); () = no price published
    gbk: bool = False


_MARKET = "市场调节价"
_GUIDED = "政府指导价"
_DAY_NIGHT = (
    ("小型车", "08:00-20:00", "首小时3元，之后每小时2元"),
    ("小型车", "20:00-次日08:00", "每小时1元"),
    ("大型车", "不分时段", "每小时6元"),
)


_MALL = (("小型车", "不分时段", "30分钟内免费，首小时5元，之后每小时2元，24小时最高收费20元"),)
_HOTEL = (("小型车", "不分时段", "30分钟内免费，每小时3元，24小时最高收费25元"),)
_STREET = (("小型车", "不分时段", "30分钟内免费，每30分钟1元，不足30分钟按30分钟计"),)
# district, zone, name, street address, operator, pricing form, basis, tariff rows
_LOTS = [
    (
        "天元区",
        "一类区域",
        "神农城购物中心停车场",
        "长江北路101号",
        "株洲神农商业管理有限公司",
        _MARKET,
        _MARKET,
        _MALL,
    ),
    (
        "天元区",
        "一类区域",
        "株洲西站停车场",
        "栗雨街道西站路1号",
        "株洲西站停车服务有限公司",
        _GUIDED,
        "株发改价〔2025〕3号",
        _DAY_NIGHT,
    ),
    ("天元区", "二类区域", "湘江风光带停车场", "湘江南路66号", "株洲湘江停车管理有限公司", _MARKET, None, _HOTEL),
    ("芦淞区", "一类区域", "芦淞服饰城停车场", "建设南路200号", "株洲芦淞市场停车有限公司", _MARKET, _MARKET, _MALL),
    (
        "芦淞区",
        "一类区域",
        "建设南路路内泊位",
        "建设南路",
        "株洲城发停车运营有限公司",
        _GUIDED,
        "株发改价〔2025〕5号",
        _STREET,
    ),
    ("荷塘区", "二类区域", "荷塘月塘停车场", "新华东路18号", "株洲月塘物业服务有限公司", _MARKET, _MARKET, _HOTEL),
    (
        "荷塘区",
        "二类区域",
        "株洲市中心医院停车场",
        "长江南路116号",
        "株洲康城停车服务有限公司",
        _GUIDED,
        "株发改价〔2025〕8号",
        _DAY_NIGHT,
    ),
    (
        "石峰区",
        "三类区域",
        "石峰公园停车场",
        "红旗北路3号",
        "株洲石峰园林停车有限公司",
        _GUIDED,
        "株发改价〔2025〕9号",
        (),
    ),
    ("石峰区", "三类区域", "田心大道停车场", "田心大道58号", "株洲田心物业有限公司", _MARKET, _MARKET, _MALL),
    ("渌口区", None, "渌口古镇停车场", "渌湘大道1号", "株洲渌口文旅停车有限公司", _MARKET, _MARKET, ()),
    ("醴陵市", None, "醴陵瓷谷停车场", "瓷城大道8号", "醴陵瓷谷运营管理有限公司", _MARKET, _MARKET, _HOTEL),
    (
        "攸县",
        None,
        "攸县汽车站停车场",
        "联星路2号",
        "攸县交通停车服务有限公司",
        _GUIDED,
        "攸发改价〔2025〕2号",
        _DAY_NIGHT,
    ),
]


def demo_lots() -> tuple[DemoLot, ...]:
    """The portal's 12 fictional lots (fixed, so the manifest and the tests agree)."""
    out = []
    for i, (district, zone, name, street_address, operator, form, basis, rows) in enumerate(_LOTS, start=1):
        out.append(
            DemoLot(
                key=f"zz-{i:04d}",
                name=f"{name}（演示）",
                district=district,
                zone=zone,
                address=f"株洲市{district}{street_address}"
                if not district.endswith(("市", "县"))
                else f"{district}{street_address}",
                operator=operator,
                form=form,
                basis=basis,
                hotline=None if i in (4, 9) else ("12315" if i % 2 else "12345"),
                rows=rows,
                gbk=i == 6,
            )
        )
    return tuple(out)


def _page(title: str, body: str, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{charset}">\n'
        f"<title>{html.escape(title)} - {TITLE}</title>\n</head>\n<body>\n"
        f'<div class="top"><span class="site">{TITLE}</span><p class="demo">{BANNER}</p></div>\n'
        f"{body}\n</body>\n</html>\n"
    )


def detail_page(lot: DemoLot) -> str:
    """A lot page: a `<dl>` of the lot's facts and a 车型 | 时段 | 收费标准 table (or 暂未公示)."""
    facts = [("经营单位", lot.operator), ("地址", lot.address)]
    facts += [("收费依据", lot.basis)] if lot.basis else []
    facts += [("定价形式", lot.form)]
    facts += [("监督电话", lot.hotline)] if lot.hotline else []
    dl = "".join(f"<dt>{k}</dt><dd>{html.escape(v)}</dd>" for k, v in facts)
    if lot.rows:
        cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{html.escape(c)}</td></tr>" for a, b, c in lot.rows)
        fees = f'<table class="fee"><tr><th>车型</th><th>时段</th><th>收费标准</th></tr>{cells}</table>'
    else:
        fees = f'<p class="fee-none">{NO_PRICE}，请以现场公示为准。</p>'
    name = f'<h2 class="gs-name">{html.escape(lot.name)}</h2>'
    body = f'<div class="gs-detail">{name}<dl class="gs-info">{dl}</dl>{fees}</div>'
    return _page(lot.name, body, "gbk" if lot.gbk else "utf-8")


def list_page(lots: tuple[DemoLot, ...], number: int, last: int, hidden: bool) -> str:
    rows = "".join(
        f'<tr class="gs-row"><td class="qu">{lot.district}</td><td class="zone">{lot.zone or ""}</td>'
        f'<td><a class="gs-link" href="detail/{lot.key}.html">{html.escape(lot.name)}</a></td></tr>'
        for lot in lots
    )
    if hidden:  # linked, but robots.txt disallows it: a polite crawler never fetches it
        link = '<a class="gs-link" href="../internal/draft.html">待审核</a>'
        rows += f'<tr class="gs-row"><td class="qu">内部</td><td></td><td>{link}</td></tr>'
    pager = f'<a class="next" href="list-{number + 1}.html">下一页</a>' if number < last else ""
    body = (
        '<h1 class="city">株洲市</h1>'
        f'<table class="gs-list"><tr><th>区县</th><th>区域</th><th>停车场</th></tr>{rows}</table>'
        f'<div class="pager">第{number}页 {pager}</div>'
    )
    return _page(f"停车场列表 第{number}页", body)


def build_site(out_dir: Path = ZHUZHOU_SITE_DIR) -> dict[str, Any]:
    """Write the portal into out_dir (replaced); returns the manifest."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "gs" / "detail").mkdir(parents=True)
    (out_dir / "internal").mkdir()
    lots = demo_lots()
    chunks = [lots[i : i + PER_PAGE] for i in range(0, len(lots), PER_PAGE)]
    for n, chunk in enumerate(chunks, start=1):
        (out_dir / "gs" / f"list-{n}.html").write_text(list_page(chunk, n, len(chunks), n == 2), encoding="utf-8")
    pages = {}
    for lot in lots:
        path = f"gs/detail/{lot.key}.html"
        (out_dir / path).write_bytes(detail_page(lot).encode("gbk" if lot.gbk else "utf-8"))
        pages[path] = {
            "key": lot.key,
            "name": lot.name,
            "district": lot.district,
            "zone": lot.zone,
            "form": lot.form,
            "basis": lot.basis,
            "hotline": lot.hotline,
            "priced": bool(lot.rows),
            "gbk": lot.gbk,
        }
    (out_dir / "internal" / "draft.html").write_text(_page("内部", "<p>内部页面（演示）</p>"), encoding="utf-8")
    (out_dir / "robots.txt").write_text(
        f"User-agent: *\nDisallow: /internal/\nCrawl-delay: {CRAWL_DELAY}\n", encoding="utf-8"
    )
    manifest = {
        "demo": True,
        "city": "zhuzhou",
        "pages": pages,
        "list_pages": len(chunks),
        "disallowed": ["/internal/draft.html"],
        "crawl_delay": CRAWL_DELAY,
    }
    return write_manifest(out_dir, manifest)


def main() -> None:
    manifest = build_site()
    print(
        f"zhuzhou demo portal written to {ZHUZHOU_SITE_DIR}: {len(manifest['pages'])} lot pages, "
        f"{manifest['list_pages']} list pages"
    )


if __name__ == "__main__":
    main()
