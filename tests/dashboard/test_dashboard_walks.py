"""The three walks of issue 18 in a real browser (Debian's Chromium through Playwright), on a desktop
and on a 390 px phone: a resident, an inspector, a campaign manager. On every page: no request leaves
the machine, no broken link, no English or raw code in the Chinese interface, no emoji (a box without
an emoji font), nothing wider than the phone outside tables (`browser_checks`). Screenshots go to
test-artifacts/dashboard/walks/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser_checks import outside_requests, page_problems
from dashboard_helpers import ROOT, submit_sign_in
from dashboard_seed import seed, seed_many_lots
from sqlalchemy import text

from dashboard.testing import CHROMIUM, chromium_page, streamlit_server, wait_idle
from tests.realparts import require_real_part

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts" / "dashboard" / "walks"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
SAMPLE_PHOTO = ROOT / "data" / "samples" / "jpeg-000.jpg"  # a board of 王家河临时停车场


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """One server for the module over a seeded database with more lots than a picker lists (60 more)."""
    require_real_part(CHROMIUM.exists(), "Chromium (Debian package chromium)")
    from parkwatch.store.db.engine import make_engine
    from parkwatch.store.db.migrate import upgrade

    data_dir = tmp_path_factory.mktemp("walks") / "server-data"
    data_dir.mkdir()
    url = f"sqlite:///{data_dir / 'parkwatch.db'}"
    upgrade(url)
    engine = make_engine(url)
    ids = seed(engine)
    ids["far"] = seed_many_lots(engine, 60)[-1]
    with engine.begin() as conn:  # the walks read Chinese text: the hostile lot has its own test
        conn.execute(text("UPDATE lots SET name = '南湖测试停车场' WHERE id = :id"), {"id": ids["hostile"]})
        conn.execute(text("UPDATE findings SET message = rule_code || ' 测试发现'"))
    engine.dispose()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(data_dir, log=ARTIFACTS / "streamlit.log") as base:
        yield base, ids, data_dir


class Walk:
    """A browser page that records every request and checks every page it settles on."""

    def __init__(self, page, base: str, name: str, phone: bool) -> None:
        self.page, self.base, self.name, self.phone = page, base, name, phone
        self.requests: list[str] = []
        self.problems: dict[str, dict] = {}
        page.on("request", lambda request: self.requests.append(request.url))

    def settle(self, ready: str | re.Pattern[str], label: str, echo: str | tuple[str, ...] = "") -> str:
        """Wait for `ready` and the end of the script run; check the page (`echo`: what the visitor
        typed and the page quotes back); screenshot; its text."""
        # visible only: a table's accessible copy (hidden <th>) or a folded sidebar holds the same words
        self.page.get_by_text(ready).filter(visible=True).first.wait_for()
        wait_idle(self.page)
        self.page.wait_for_timeout(600)  # links and icons are drawn just after the run ends
        found = page_problems(self.page, self.base, self.phone, echo)
        if found:
            self.problems[label] = found
        self.shoot(label)
        return self.page.inner_text("[data-testid='stMain']")

    def shoot(self, label: str) -> None:
        """The whole page: Streamlit scrolls inside its main block, so the window is made as tall as it."""
        size = self.page.viewport_size
        tall = self.page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
        self.page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(tall, 5000))})
        self.page.wait_for_timeout(300)
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{label}.png"))
        self.page.set_viewport_size(size)

    def open(self, path: str, ready: str | re.Pattern[str], label: str, echo: str = "") -> str:
        self.page.goto(self.base + path)
        return self.settle(ready, label, echo)

    def finish(self) -> None:
        assert self.problems == {}, self.problems
        assert outside_requests(self.requests) == []


@contextmanager
def walking(base: str, who: str, device: str) -> Iterator[Walk]:
    """A walk by `who` in Chromium at `device`'s viewport."""
    width, height = VIEWPORTS[device]
    with chromium_page(width=width, height=height) as page:
        yield Walk(page, base, f"{who}-{device}", phone=device == "phone")


def sign_in(walk: Walk, name: str, password: str) -> None:
    walk.open("/signin", "用户名", "signin")
    submit_sign_in(walk.page, name, password)
    walk.page.get_by_text(re.compile("已登录")).first.wait_for()
    wait_idle(walk.page)


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_a_resident_finds_a_lot_checks_a_bill_and_meets_no_dead_end(server, device):
    base, ids, _ = server
    with walking(base, "resident", device) as walk:
        page = walk.page
        walk.open("/", "共找到 64 个停车场", "front")
        page.get_by_label("搜索停车场名称或地址").fill("岳阳楼景区")
        page.get_by_label("搜索停车场名称或地址").press("Enter")
        walk.settle("共找到 1 个停车场", "search")
        page.get_by_role("link", name="岳阳楼景区停车场").click()
        body = walk.settle("公示收费标准", "lot")
        assert "岳阳楼景区停车场" in body and "停放1小时" in body
        assert "明码标价和禁止价格欺诈规定" in body  # the legal basis of the confirmed finding
        assert "需复核" not in body and "来源：网上公示" in body
        # a lot beyond the picker's first 50: the bill check keeps it (it used to fall back to lot #1)
        body = walk.open(f"/lot?lot={ids['far']}", "公示收费标准", "far-lot")
        assert "测试停车场60号" in body
        page.get_by_role("link", name="核对在这里停车的费用").click()
        walk.settle("实付金额（元）", "bill")
        assert "测试停车场60号" in page.locator("[data-testid='stSelectbox'] input").first.input_value()
        page.get_by_label("实付金额（元）").fill("30")
        page.get_by_role("button", name="核对").click()
        walk.settle(re.compile("多付了 23.00 元"), "bill-checked")
        assert page.get_by_role("link", name="www.12315.cn").get_attribute("href") == "https://www.12315.cn/"
        # no dead ends: the old front-page address, unknown lots, unknown pages all answer in Chinese
        walk.open("/lots", "共找到 64 个停车场", "lots-address")
        for bad in ("99999", "abc"):
            body = walk.open(f"/lot?lot={bad}", f"未找到编号为“{bad}”的停车场", f"lot-{bad}", echo=bad)
            assert "市政务服务中心后停车场" not in body and "岳阳楼景区停车场" not in body  # no lot #1 instead
        walk.open("/no-such-page", "未找到页面", "unknown-page", echo="/no-such-page")
        walk.open("/totals", "监测停车场", "totals")
        walk.open("/open-data", "下载停车场 CSV", "open-data")
        walk.finish()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_an_inspector_stays_signed_in_reads_a_board_and_sees_the_name_differ(server, device):
    require_real_part(SAMPLE_PHOTO.exists(), "the sample board photos in data/samples")
    base, _ids, _ = server
    with walking(base, "inspector", device) as walk:
        page = walk.page
        sign_in(walk, "inspector", "inspector-demo")
        page.reload()
        walk.settle(re.compile("已登录"), "reloaded")  # a reload keeps the sign-in
        link = page.url
        assert "session=" in link
        # a copied link (or a bookmark) opened in a fresh browser signs in too
        other = page.context.browser.new_context(viewport=page.viewport_size, locale="zh-CN")
        pasted = other.new_page()
        pasted.goto(link.replace("/signin", "/upload"))
        pasted.get_by_text("上传价目牌照片").first.wait_for()
        assert "无权访问" not in pasted.inner_text("body")
        other.close()
        walk.open("/upload?" + link.split("?", 1)[1], "上传价目牌照片", "upload")
        page.locator("input[type=file]").set_input_files(str(SAMPLE_PHOTO))
        page.get_by_text("识别出的收费标准").wait_for(timeout=180_000)  # the real OCR
        wait_idle(page, 180_000)
        page.get_by_label("所属停车场").click()
        # the option list is virtual (only the rows in view exist): narrow it by typing
        page.keyboard.type("岳阳楼景区停车场")
        page.get_by_role("option", name=re.compile("岳阳楼景区停车场")).click()
        # the file name and the credit code read are the inspector's own data, quoted back
        read = re.compile("与所选停车场“岳阳楼景区停车场”不一致")
        body = walk.settle(read, "reading", echo=(SAMPLE_PHOTO.name, "91430600N0C2Q4YXD7"))
        assert "王家河临时停车场" in body  # the warning quotes the name read
        assert re.search(r"\d\.\d\d (可信|需核对|置信度低)", body), "confidence in words beside the colour"
        assert "guided" not in body and "market" not in body
        # saved, the reading waits for review; on the review page the names differ again, then it is confirmed
        mine = (SAMPLE_PHOTO.name, "91430600N0C2Q4YXD7", "inspector")
        page.get_by_role("button", name="保存").click()
        walk.settle(re.compile("已保存：观测记录"), "saved", echo=mine)
        query = link.split("?", 1)[1]
        walk.open("/review?" + query, re.compile("与所选停车场“岳阳楼景区停车场”不一致"), "review", echo=mine)
        page.get_by_role("button", name="确认并公开").first.click()
        walk.settle(re.compile("已处理"), "reviewed", echo=mine)
        for path, ready in (
            ("/review", "核实照片识别"),
            ("/findings", "发现的问题"),
            ("/inspection", "整改期限"),
            ("/queue", "待复核的提示"),
            ("/sources", "最近运行"),
        ):
            walk.open(path + "?" + link.split("?", 1)[1], ready, path.strip("/"))
        walk.open("/signin?" + link.split("?", 1)[1], "退出登录", "before-sign-out")
        page.get_by_role("button", name=re.compile("退出登录")).click()
        page.get_by_label("用户名").wait_for()
        walk.finish()
        # signing out ends the token everywhere: the old link signs nobody in
        page.goto(link.replace("/signin", "/upload"))
        page.get_by_text("无权访问此页面").wait_for()
        wait_idle(page)
        assert "登录已过期或已退出" in page.inner_text("body") or "未登录" in page.inner_text("body")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_a_campaign_manager_sees_their_pages_in_the_navigation_and_reads_them_in_chinese(server, device):
    base, _ids, _ = server
    with walking(base, "manager", device) as walk:
        page = walk.page
        sign_in(walk, "manager", "manager-demo")
        if device == "desktop":  # on a phone the sidebar is folded away
            nav = page.inner_text("[data-testid='stSidebarNav']")
            assert "专项行动统计" in nav and "审计记录与通知" in nav and "View" not in nav
        query = page.url.split("?", 1)[1]
        body = walk.open("/campaign?" + query, "导出 Excel", "campaign")
        assert "出动人次" in body and "整改率" in body
        assert page.locator("[data-testid='stVegaLiteChart']").count() >= 2
        # account names, the seed's actor and a channel name are data, quoted as they are
        walk.open(
            "/audit?" + query, "审计记录", "audit", echo=("inspector", "manager", "admin", "email:test", "demo", "seed")
        )
        walk.finish()


def test_the_lockout_is_kept_on_the_server_and_survives_a_reload(server):
    base, _ids, _ = server
    with chromium_page() as page:
        for attempt in range(6):
            if attempt == 0 or attempt == 5:
                page.goto(f"{base}/signin")  # a reload in the middle changes nothing
            submit_sign_in(page, "admin", f"wrong-{attempt}")
            page.get_by_text(re.compile("用户名或密码错误|尝试次数过多")).first.wait_for()
            wait_idle(page)
        assert "尝试次数过多" in page.inner_text("body")
        page.get_by_label("密码").fill("admin-demo")  # even the right password waits
        page.get_by_role("button", name=re.compile("登录")).click()
        time.sleep(1)
        wait_idle(page)
        assert "尝试次数过多" in page.inner_text("body") and "已登录" not in page.inner_text("body")
        page.screenshot(path=str(ARTIFACTS / "lockout.png"))


def test_the_map_is_drawn_from_the_page_alone(server):
    """The map's outlines and dots come with the page: no tile, style or font request leaves the machine."""
    base, _ids, _ = server
    with chromium_page() as page:
        walk = Walk(page, base, "map", phone=False)
        walk.open("/", "共找到 64 个停车场", "front")
        page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for()
        assert "有确认违规" in page.inner_text("[data-testid='stMain']")  # the legend, in words
        walk.finish()
        assert Path(ARTIFACTS / "map-front.png").exists()
