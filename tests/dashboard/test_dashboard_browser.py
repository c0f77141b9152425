"""Real-browser tests: Debian's Chromium (Playwright) against `streamlit run` over a small seeded
SQLite database. Screenshots go to test-artifacts/dashboard/."""

from __future__ import annotations

import re
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dashboard_helpers import ROOT, submit_sign_in
from dashboard_seed import HOSTILE_NAME, seed
from sqlalchemy import select

from dashboard.testing import CHROMIUM, chromium_page, streamlit_server, wait_idle
from tests.realparts import require_real_part

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "dashboard"


@pytest.fixture
def server(tmp_path: Path):
    require_real_part(CHROMIUM.exists(), "Chromium (Debian package chromium)")
    from parkwatch.store.db.engine import make_engine
    from parkwatch.store.db.migrate import upgrade

    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    url = f"sqlite:///{data_dir / 'parkwatch.db'}"
    upgrade(url)
    engine = make_engine(url)
    ids = seed(engine)
    engine.dispose()  # the server process opens its own connections
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(data_dir, log=ARTIFACTS / "streamlit.log") as base:
        yield base, ids, data_dir


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_resident_finds_a_lot_and_checks_a_bill(server):
    base, _ids, _ = server
    with chromium_page() as page:
        page.goto(f"{base}/")
        page.get_by_text("共找到 4 个停车场").wait_for()
        wait_idle(page)
        page.get_by_label("搜索停车场名称或地址").fill("岳阳楼景区")
        page.get_by_label("搜索停车场名称或地址").press("Enter")
        page.get_by_text("共找到 1 个停车场").wait_for()
        wait_idle(page)
        shot(page, "01-resident-search")
        page.get_by_role("link", name="岳阳楼景区停车场").click()
        page.get_by_text("公示收费标准").wait_for()
        wait_idle(page)
        assert "岳阳楼景区停车场" in page.inner_text("body")
        shot(page, "02-resident-lot")
        page.goto(f"{base}/bill")
        page.get_by_label("实付金额（元）").wait_for()
        wait_idle(page)
        page.get_by_label("实付金额（元）").fill("30")
        page.get_by_role("button", name="核对").click()
        page.get_by_text(re.compile("多付了 23.00 元")).wait_for()
        # the complaint guidance renders after the verdict in the same run: wait for the run to end
        page.get_by_text(re.compile("12315")).first.wait_for()
        wait_idle(page)
        body = page.inner_text("body")
        assert "应收 7.00 元" in body and "12315" in body
        shot(page, "03-resident-bill")


def test_an_inspector_signs_in_uploads_a_photo_corrects_a_field_and_confirms_a_finding(server, tmp_path):
    from PIL import Image, ImageDraw

    from parkwatch.store.db.engine import make_engine, read_session
    from parkwatch.store.db.models import Finding, Observation

    base, ids, data_dir = server
    photo = tmp_path / "board.jpg"
    image = Image.new("RGB", (900, 600), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 850, 550), outline="black", width=6)
    image.save(photo, "JPEG")
    with chromium_page() as page:
        page.goto(f"{base}/upload")
        page.get_by_text("无权访问此页面").wait_for()  # a direct URL before signing in
        page.goto(f"{base}/signin")
        submit_sign_in(page, "inspector", "inspector-demo")
        page.get_by_text(re.compile("已登录")).first.wait_for()
        shot(page, "10-inspector-signed-in")
        page.get_by_role("link", name=re.compile("上传价目牌照片")).click()
        page.locator("input[type=file]").set_input_files(str(photo))
        page.get_by_role("button", name="保存").wait_for(timeout=180_000)  # real OCR
        wait_idle(page, 180_000)
        shot(page, "11-inspector-reading")
        operator = page.get_by_label(re.compile("收费单位"))
        operator.fill("岳阳测试停车管理有限公司")
        page.get_by_role("button", name="保存").click()
        page.get_by_text(re.compile("已保存：观测记录")).wait_for(timeout=60_000)
        shot(page, "12-inspector-saved")
        page.get_by_role("link", name=re.compile("规则核查与处理")).click()
        fid = ids["finding_PD001"]
        page.get_by_text("PD001 测试发现（open）").wait_for()
        wait_idle(page)
        reason = page.get_by_label("理由（必填）").first
        reason.fill("现场核实：价目牌缺少举报电话")
        reason.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="确认违规").first.click()
        page.get_by_text(re.compile("已保存：已确认")).wait_for()
        shot(page, "13-inspector-confirmed")
    engine = make_engine(f"sqlite:///{data_dir / 'parkwatch.db'}")
    with read_session(engine) as session:
        assert session.get(Finding, fid).status == "confirmed"
        photos = session.scalars(select(Observation).where(Observation.kind == "photo")).all()
        corrections = [o for o in photos if o.corrects_id is not None]
        assert len(corrections) == 1
        assert corrections[0].board["fields"]["operator"]["value"] == "岳阳测试停车管理有限公司"
    engine.dispose()


def test_hostile_text_in_a_lot_name_and_board_runs_nothing_in_the_browser(server):
    base, ids, _ = server
    with chromium_page() as page:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/lot?lot={ids['hostile']}")
        page.get_by_text("公示收费标准").wait_for()
        wait_idle(page)
        page.get_by_text("公示原文").click()  # open the expander with the board text
        page.get_by_text("收费标准<script>", exact=False).first.wait_for()
        wait_idle(page)
        lot_body = page.inner_text("body")
        flag_on_lot_page = page.evaluate("() => window.__pwned")
        shot(page, "20-hostile-lot")
        page.goto(f"{base}/")
        page.get_by_text("共找到 4 个停车场").wait_for()
        wait_idle(page)
        page.mouse.move(640, 300)
        shot(page, "21-hostile-list")
        flag = page.evaluate("() => window.__pwned")
    assert flag is None and flag_on_lot_page is None and dialogs == []
    # the name and the board text were shown, as text
    assert HOSTILE_NAME in lot_body
    assert '收费标准<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">' in lot_body


def test_a_public_visitor_gets_a_refusal_on_a_manager_url(server):
    base, _, _ = server
    with chromium_page(width=390, height=844) as page:  # phone width
        page.goto(f"{base}/audit")
        page.get_by_text("无权访问此页面").wait_for()
        assert "审计记录" not in page.inner_text("[data-testid='stMain']")
        shot(page, "30-refusal-phone")


# ---------------------------------------------------------------------------------------------------------
# The demo on PostgreSQL: every page for every role, the same numbers as on SQLite

DEMO_NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # pinned: both demos store the same instants
DEMO_ACCOUNTS = {"public": None, **{r: (r, f"{r}-demo") for r in ("inspector", "manager", "admin")}}
SAME_NUMBERS = ("lots", "totals", "open-data", "campaign", "lot?lot=1")  # pages whose text must match


@pytest.fixture(scope="module")
def demo_servers(tmp_path_factory: pytest.TempPathFactory, postgres_server_url: str):
    """`parkwatch demo` built into SQLite and into a fresh PostgreSQL database, each served by Streamlit."""
    require_real_part(CHROMIUM.exists(), "Chromium (Debian package chromium)")
    from benchmarks.postgres import create_database
    from demo.build import build_demo
    from parkwatch.store.db.engine import make_engine

    root = tmp_path_factory.mktemp("demo-servers")
    urls = {"sqlite": f"sqlite:///{root / 'parkwatch.db'}", "postgresql": create_database(postgres_server_url)}
    with ExitStack() as stack:
        bases = {}
        for name, url in urls.items():
            engine = make_engine(url)
            build_demo(engine, now=DEMO_NOW, echo=lambda _line: None)
            engine.dispose()
            bases[name] = stack.enter_context(
                streamlit_server(root, ARTIFACTS / f"streamlit-{name}.log", timeout=120, db_url=url)
            )
        yield bases


def _settled_text(page, main) -> str:
    """The main area's text once every chart has drawn and the text holds still for 0.7 s: charts and
    metric columns paint after the script run ends, so a page compared across two servers is read only
    when both have finished drawing. Material icons are left out: their ligature names ("science") appear
    in the text only once Streamlit's lazily loaded icon code has run, which races the read."""
    page.add_style_tag(content="[data-testid='stIconMaterial'] { display: none !important; }")
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stVegaLiteChart']\")]"
        ".every(chart => chart.querySelector('svg, canvas'))",
        timeout=60_000,
    )
    last = main.inner_text()
    for _ in range(30):
        page.wait_for_timeout(700)
        text = main.inner_text()
        if text == last:
            return text
        last = text
    return last


def _walk(base: str, role: str) -> dict[str, str]:
    """Every page's URL as `role` (signed in through the form): each renders, without an exception, the
    page or — outside the role — the refusal. The text of each page's main area, by URL."""
    from benchmarks.dashboard import sign_in
    from dashboard.navigation import PAGES
    from parkwatch.store.auth import role_allows

    texts: dict[str, str] = {}
    with chromium_page() as page:
        session = sign_in(page, base, *DEMO_ACCOUNTS[role]) if DEMO_ACCOUNTS[role] else ""
        for path, needed in [*((spec.url_path, spec.role) for spec in PAGES), ("lot?lot=1", "public")]:
            page.goto(f"{base}/{path}{'&' if '?' in path else '?'}{session}")
            main = page.locator("[data-testid='stMain']")
            main.locator("h1, [data-testid='stAlert']").first.wait_for()
            wait_idle(page)
            text = _settled_text(page, main)
            assert page.locator("[data-testid='stException']").count() == 0, (role, path, text[:300])
            assert ("无权访问此页面" in text) != role_allows(role, needed), (role, path, text[:300])
            texts[path] = text
    return texts


@pytest.mark.postgres
def test_every_page_renders_for_every_role_on_a_postgresql_demo_with_the_numbers_of_sqlite(demo_servers):
    shown = {name: {role: _walk(base, role) for role in DEMO_ACCOUNTS} for name, base in demo_servers.items()}
    for path in SAME_NUMBERS:
        assert shown["postgresql"]["manager"][path] == shown["sqlite"]["manager"][path], path
    assert "共找到 322 个停车场" in shown["postgresql"]["public"]["lots"]  # Yueyang 310 + Zhuzhou 12
    assert "850" in shown["postgresql"]["manager"]["campaign"]  # 共出动执法人员850人次
