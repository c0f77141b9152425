"""The demo city: 310 generated Yueyang parking lots (演示数据), and the demo step that stores them.

`demo_lots(seed)` is PURE and deterministic: the same seed gives the same lots, byte for byte. The
crawler's demo portal and the OCR's demo photos draw their lots from it, so that what they produce
matches lots in the demo city by name + address.

Everything here is generated. No current Yueyang lot approvals or board template were found in
public sources (DOMAIN.md §8), so names, operators, approvals and prices are fictional; every lot
name ends in "（演示）". Landmarks (岳阳站, 岳阳楼景区, 站前路 …) are used for realism only and are
never given a seeded defect. The one case taken from the seed document is the car park behind the
city service centre (市政务服务中心), where private persons charged 10元 per hour with no charging right
(CX003): it is the lot with key `SEED_CASE_KEY`.

Boards (`DemoLot.board_text`) have one field per line ("标签：值"). A minority carry deliberate
defects, listed in `DemoLot.defects` (see `DEFECTS`). `DemoLot.board_fields` holds the true values of
what the board shows, keyed by `parkwatch.core.board.FIELD_NAMES` (a field the board does not show is absent).

Guided (政府指导价) demo lots follow the demo ceilings in `DEMO_GUIDED_CEILINGS`; lots with the
`over_ceiling` defect post double those prices.

`build_demo_city(engine, now)` is the shell step of `parkwatch demo` (SQLAlchemy imported inside).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from hashlib import sha256
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the demo city itself is pure; only the demo step (build_demo_city) stores it
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from parkwatch.store.db.models import Inspection, Lot

DEMO_SEED = 20210701
DEMO_LABEL = "（演示）"
LOT_COUNT = 310
SEED_CASE_KEY = "yy-0001"

# The 13 districts, counties and zones (the seed's "13个县市区"), with a plausible centre, the
# administrative code used in generated credit codes, the approval prefix of its 发改 office, the
# name of its main town, and how many demo lots it gets (sums to 310).
DISTRICTS: tuple[tuple[str, float, float, str, str, str, int], ...] = (
    # name, lat, lon, admin code, approval prefix, town, lots
    ("岳阳楼区", 29.3700, 113.1300, "430602", "岳发改价", "", 70),
    ("云溪区", 29.4700, 113.2700, "430603", "岳云发改价", "云溪街道", 16),
    ("君山区", 29.4600, 113.0000, "430611", "岳君发改价", "柳林洲街道", 16),
    ("岳阳县", 29.1450, 113.1200, "430621", "岳县发改价", "荣家湾镇", 24),
    ("华容县", 29.5300, 112.5400, "430623", "华发改价", "章华镇", 22),
    ("湘阴县", 28.6900, 112.9100, "430624", "湘阴发改价", "文星镇", 22),
    ("平江县", 28.7000, 113.5800, "430626", "平发改价", "汉昌街道", 22),
    ("汨罗市", 28.8050, 113.0700, "430681", "汨发改价", "归义街道", 24),
    ("临湘市", 29.4800, 113.4500, "430682", "临发改价", "长安街道", 20),
    ("岳阳经济技术开发区", 29.3400, 113.1800, "430671", "岳发改价", "", 28),
    ("南湖新区", 29.3300, 113.1000, "430672", "岳发改价", "", 22),
    ("屈原管理区", 28.8300, 112.9300, "430673", "屈发改价", "营田镇", 14),
    ("城陵矶新港区", 29.5000, 113.2000, "430674", "岳发改价", "", 10),
)
DISTRICT_NAMES: tuple[str, ...] = tuple(d[0] for d in DISTRICTS)

CATEGORY_PRICING_FORM: dict[str, str] = {
    "mall": "market",
    "hotel": "market",
    "office": "market",
    "residential": "market",
    "private": "market",
    "enterprise": "market",
    "station": "guided",
    "hospital": "guided",
    "on_street": "guided",
    "scenic": "guided",
    "public": "guided",
    "transit_hub": "guided",
}
PRICING_FORM_ZH = {"market": "市场调节价", "guided": "政府指导价", "government": "政府定价"}

# Demo ceilings of the guided lots (small cars), for the RULES helper's demo standards:
# first period price, unit price, unit minutes, 24 h cap. Normal demo lots stay within them;
# `over_ceiling` lots post twice the amounts.
DEMO_GUIDED_CEILINGS: dict[str, dict[str, Any]] = {
    "station": {"first_hour": Decimal("5"), "per_30min": Decimal("1"), "cap_24h": Decimal("30")},
    "transit_hub": {"first_hour": Decimal("5"), "per_30min": Decimal("1"), "cap_24h": Decimal("30")},
    "hospital": {"first_2h": Decimal("3"), "per_30min": Decimal("1"), "cap_24h": Decimal("15")},
    "on_street": {"per_30min": Decimal("2.5"), "cap_per_period": Decimal("40")},
    "scenic": {"per_visit": Decimal("10")},
    "public": {
        "first_hour_day": Decimal("3"),
        "per_30min_day": Decimal("1"),
        "per_hour_night": Decimal("1"),
        "cap_24h": Decimal("20"),
    },
}

# Seeded board defects (the code a rule is expected to raise in brackets).
DEFECTS: dict[str, str] = {
    "missing_hotline": "no complaint hotline (PD006)",
    "hotline_12358": "the retired 12358 hotline instead of 12315 (PD006 alert / PD014)",
    "bare_price": "a price without unit or pricing method, e.g. '5元' (PD002)",
    "missing_pricing_form": "no 定价形式 line (PD004)",
    "expired_approval": "guided lot whose approval expired on 2021-06-30 (PD014)",
    "over_ceiling": "guided lot posting twice the demo ceiling (PR001/PR003)",
    "hour_rounding": "不足1小时按1小时计 (PR004 under the 2026 measures)",
    "chinese_numerals": "amounts written in Chinese numerals (PD013)",
    "short_free_period": "free period shorter than the guided minimum (PR002): the real 站前路 wording",
    "no_charging_right": "private persons charge with no charging right (CX003): the seed's case",
}

EXEMPT_VEHICLES = ("军车", "警车", "消防车", "救护车", "工程救险车", "殡葬车", "残疾人代步车")

# The real Yueyang on-street wording (DOMAIN.md §3).
YUEYANG_ON_STREET = "每车位首小时每20分钟1元，1小时以后每半小时1元，即停即走车辆15分钟内免费"


@dataclass(frozen=True)
class DemoLot:
    key: str
    name: str
    address: str
    district: str
    latitude: float
    longitude: float
    operator: str | None
    operator_credit_code: str | None
    category: str
    pricing_form: str  # market / guided / government
    charging_right: bool
    approval_ref: str | None
    berths: int
    tariff_text: str
    board_text: str
    board_fields: dict[str, Any] = field(hash=False, compare=True)
    defects: tuple[str, ...] = ()
    approval_valid_until: date | None = None
    is_landmark: bool = False  # a real place used for realism: never given a seeded defect


# --- names -------------------------------------------------------------------------------------

_CITY_PLACES = (
    "巴陵",
    "洞庭",
    "南湖",
    "金鹗",
    "东茅岭",
    "五里牌",
    "奇家岭",
    "求索",
    "花板桥",
    "枫桥湖",
    "王家河",
    "九华山",
    "学院路",
    "梅溪",
    "岳阳大道",
    "琵琶王",
    "郭镇",
    "许市",
    "汴河",
    "三眼桥",
    "龙山",
    "白石岭",
    "通海",
    "康王",
    "木里港",
    "龙舟",
    "滨湖",
    "北港",
    "月亮岛",
    "吉家湖",
)
_CITY_STREETS = (
    "巴陵中路",
    "东茅岭路",
    "站前路",
    "五里牌路",
    "金鹗中路",
    "岳阳大道",
    "建湘路",
    "洞庭南路",
    "青年中路",
    "求索西路",
    "花板桥路",
    "南湖大道",
    "学院路",
    "枫桥湖路",
    "王家河路",
    "白石岭路",
    "梅溪路",
    "龙山路",
    "通海路",
    "康王路",
    "滨湖路",
    "云梦路",
    "湖滨路",
    "北港路",
)
_COUNTY_PLACES = (
    "人民",
    "建设",
    "解放",
    "新华",
    "文化",
    "滨江",
    "东风",
    "长安",
    "城南",
    "城北",
    "迎宾",
    "兴业",
    "和平",
    "工业",
    "健康",
    "富民",
    "凤凰",
    "星光",
    "锦绣",
    "沿河",
)
_COUNTY_STREETS = (
    "人民路",
    "建设路",
    "解放路",
    "新华路",
    "文化路",
    "滨江路",
    "东风路",
    "长安路",
    "城南路",
    "城北路",
    "迎宾路",
    "兴业大道",
    "和平路",
    "工业大道",
    "健康路",
    "富民路",
)

_NAME_FORMS: dict[str, tuple[str, ...]] = {
    "mall": ("购物广场", "商业广场", "百货", "购物中心", "商业步行街", "国际广场"),
    "hotel": ("大酒店", "宾馆", "国际酒店", "假日酒店"),
    "office": ("商务大厦", "金融中心", "写字楼", "科技大厦"),
    "residential": ("小区", "花园", "家园", "雅苑", "新村", "名苑"),
    "private": ("社会停车场", "临时停车场", "停车坪"),
    "enterprise": ("物流园", "工业园", "产业园"),
    "public": ("公共停车场", "立体停车库", "广场地下停车场"),
    "hospital": ("医院", "中医医院", "妇幼保健院", "社区卫生服务中心"),
}
_OPERATOR_FORMS = (
    "物业管理有限公司",
    "商业管理有限公司",
    "停车服务有限公司",
    "实业有限公司",
    "置业有限公司",
    "酒店管理有限公司",
)

# Category mix: urban districts, and counties/zones.
_URBAN_MIX = (
    ("mall", 14),
    ("hotel", 8),
    ("office", 8),
    ("residential", 18),
    ("private", 8),
    ("enterprise", 4),
    ("public", 12),
    ("on_street", 14),
    ("hospital", 8),
    ("station", 1),
    ("transit_hub", 1),
    ("scenic", 2),
)
_COUNTY_MIX = (
    ("mall", 12),
    ("hotel", 8),
    ("office", 4),
    ("residential", 18),
    ("private", 10),
    ("enterprise", 6),
    ("public", 14),
    ("on_street", 12),
    ("hospital", 10),
    ("scenic", 4),
    ("transit_hub", 2),
)

_BERTHS = {
    "mall": (150, 900),
    "hotel": (40, 260),
    "office": (60, 400),
    "residential": (120, 1200),
    "private": (20, 120),
    "enterprise": (50, 300),
    "public": (60, 500),
    "on_street": (12, 80),
    "hospital": (80, 600),
    "station": (300, 1500),
    "transit_hub": (80, 400),
    "scenic": (100, 800),
}

# --- credit codes ------------------------------------------------------------------------------

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 28, 25, 13, 8, 24, 10, 30)


def _credit_code(rng: random.Random, admin_code: str) -> str:
    """A well-formed unified social credit code (GB 32100-2015 check character), fictional."""
    body = "91" + admin_code + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    return body + _USCC_CHARS[check]


# --- tariffs -----------------------------------------------------------------------------------


def _amt(value: Decimal | int | float | str) -> str:
    d = Decimal(str(value))
    return format(d.normalize(), "f") if d != d.to_integral() else str(int(d))


_CN_DIGITS = {
    "1": "一",
    "2": "两",
    "3": "三",
    "4": "四",
    "5": "五",
    "6": "六",
    "8": "八",
    "10": "十",
    "20": "二十",
    "30": "三十",
    "40": "四十",
    "15": "十五",
    "25": "二十五",
}


@dataclass
class _Tariff:
    parts: list[tuple[str, str]]  # (vehicle label or "", price text)
    free_text: str | None
    free_minutes: int | None
    rounding: str | None
    cap: str | None
    billing_unit: str
    charging_hours: str = "24小时"
    passes: list[str] = field(default_factory=list)
    service_items: list[str] = field(default_factory=lambda: ["临时停车"])
    defects: list[str] = field(default_factory=list)
    bare_price: str | None = None

    def text(self) -> str:
        prices = "；".join(f"{label}{price}" for label, price in self.parts)
        rest = [t for t in (self.free_text, self.rounding, self.cap) if t]
        out = prices + ("。" + "，".join(rest) if rest else "")
        if self.passes:
            out += "。" + "，".join(self.passes)
        return out


def _free(rng: random.Random, minutes: int) -> str:
    if minutes == 30:
        return rng.choice(("30分钟内免费", "30分钟以内（含30分钟）免费", "首30分钟免费", "半小时内免费"))
    if minutes == 60:
        return rng.choice(("1小时内免费", "首小时免费"))
    return f"{minutes}分钟内免费"


def _round30(rng: random.Random) -> str:
    return rng.choice(("不足30分钟按30分钟计费", "不足30分钟按30分钟计", "不足半小时按半小时计"))


def _market_tariff(rng: random.Random, category: str) -> _Tariff:
    if category == "residential":
        per = rng.choice((1, 1, 2))
        cap = rng.choice((10, 15, 20))
        month = rng.choice((120, 150, 200, 260, 300))
        return _Tariff(
            parts=[("", f"临时停车每30分钟{per}元")],
            free_text=_free(rng, 60),
            free_minutes=60,
            rounding=_round30(rng),
            cap=f"每日最高不超过{cap}元",
            billing_unit="每30分钟",
            passes=[f"月卡{month}元/月"],
            service_items=["临时停车", "包月"],
        )
    if category == "private" and rng.random() < 0.4:
        per = rng.choice((3, 5, 5, 8))
        return _Tariff(
            parts=[("", f"按次收费，每次{per}元，每次最长12小时")],
            free_text=_free(rng, 30),
            free_minutes=30,
            rounding=None,
            cap=None,
            billing_unit="每次",
            service_items=["临时停车", "计次"],
        )
    form = rng.randrange(5)
    first = rng.choice((4, 5, 5, 6, 8))
    per30 = rng.choice((1, 1, 2, 2, 3))
    cap = rng.choice((20, 25, 30, 40, 50))
    cap_text = rng.choice((f"24小时最高收费{cap}元", f"封顶{cap}元", f"每日最高不超过{cap}元"))
    if form == 0:
        t = _Tariff(
            [("", f"首小时{first}元，之后每30分钟{per30}元")], _free(rng, 30), 30, _round30(rng), cap_text, "每30分钟"
        )
    elif form == 1:
        t = _Tariff([("", f"每30分钟{per30}元")], _free(rng, 30), 30, _round30(rng), cap_text, "每30分钟")
    elif form == 2:
        t = _Tariff([("", f"{per30}元/半小时")], _free(rng, 30), 30, _round30(rng), cap_text, "每半小时")
    elif form == 3:
        t = _Tariff(
            [("", f"首2小时{first + 1}元，超过2小时每30分钟{per30}元")],
            _free(rng, 30),
            30,
            _round30(rng),
            cap_text,
            "每30分钟",
        )
    else:
        hourly = rng.choice((2, 3, 4))
        t = _Tariff(
            [("", f"首小时{first}元，之后每小时{hourly}元")],
            _free(rng, 30),
            30,
            "不足1小时按1小时计",
            cap_text,
            "每小时",
            defects=["hour_rounding"],
        )
    if category in ("mall", "office", "hotel") and rng.random() < 0.3:
        t.parts = [("小型车", t.parts[0][1]), ("大型车（8座以上）", f"每30分钟{per30 * 2}元")]
    if category == "mall" and rng.random() < 0.25:
        t.parts.append(("新能源汽车", "首2小时免费"))
    if category in ("office", "mall") and rng.random() < 0.3:
        t.passes.append(f"月卡{rng.choice((200, 300, 360))}元/月")
        t.service_items = ["临时停车", "包月"]
    return t


def _guided_tariff(rng: random.Random, category: str, k: int, street: str | None) -> _Tariff:
    """k = 1 within the demo ceiling, k = 2 for an over-ceiling lot."""
    if category == "on_street":
        if street in ("站前路", "东茅岭路") and k == 1:
            return _Tariff(
                [("", "每车位首小时每20分钟1元，1小时以后每半小时1元")],
                "即停即走车辆15分钟内免费",
                15,
                None,
                None,
                "每20分钟",
                charging_hours="08:00-20:00",
                defects=["short_free_period"],
            )
        unit = rng.choice((Decimal("1"), Decimal("2"), Decimal("2.5")))
        price = rng.choice((f"{_amt(unit * k)}元/30分钟", f"每30分钟{_amt(unit * k)}元"))
        return _Tariff(
            [("", price)],
            _free(rng, 30),
            30,
            _round30(rng),
            f"每个计费时段收费最高不超过{40 * k}元",
            "每30分钟",
            charging_hours="08:00-20:00",
        )
    if category in ("station", "transit_hub"):
        return _Tariff(
            [
                ("小型车", f"首小时{5 * k}元，之后每30分钟{1 * k}元"),
                (rng.choice(("大型车（20座以上）", "大型车（8座以上）")), f"首小时{10 * k}元，之后每30分钟{2 * k}元"),
            ],
            _free(rng, 30),
            30,
            _round30(rng),
            f"24小时最高收费{30 * k}元",
            "每30分钟",
        )
    if category == "hospital":
        first = rng.choice((2, 3))
        return _Tariff(
            [("", f"首2小时{first * k}元，超过2小时每30分钟{1 * k}元")],
            _free(rng, 30),
            30,
            _round30(rng),
            f"24小时最高收费{rng.choice((10, 15)) * k}元",
            "每30分钟",
        )
    if category == "scenic":
        per = rng.choice((5, 10))
        return _Tariff(
            [
                ("小型车", f"按次收费，每次{per * k}元，每次最长12小时"),
                ("大型车", f"按次收费，每次{per * 2 * k}元，每次最长12小时"),
            ],
            _free(rng, 30),
            30,
            None,
            None,
            "每次",
            charging_hours="08:00-18:00",
            service_items=["临时停车", "计次"],
        )
    # public: day/night bands
    return _Tariff(
        [
            (
                "",
                f"白天(08:00-20:00)首小时{3 * k}元，之后每30分钟{1 * k}元；夜间(20:00-次日08:00)每小时{1 * k}元，"
                f"夜间最高{5 * k}元",
            )
        ],
        _free(rng, 30),
        30,
        _round30(rng),
        f"24小时最高收费{20 * k}元",
        "每30分钟",
    )


def _to_chinese_numerals(text: str) -> tuple[str, list[str]]:
    """Rewrite the first '<n>元' amount in Chinese numerals (a PD013 defect)."""
    m = re.search(r"(\d+)元", text)
    if not m or m.group(1) not in _CN_DIGITS:
        return text, []
    cn = _CN_DIGITS[m.group(1)] + "元"
    return text[: m.start()] + cn + text[m.end() :], [cn]


# --- lots --------------------------------------------------------------------------------------


def _seed_case() -> DemoLot:
    tariff_text = "每小时10元"
    board_text = "临时停车收费\n小车10元/小时"
    name = "市政务服务中心后院停车坪" + DEMO_LABEL
    return DemoLot(
        key=SEED_CASE_KEY,
        name=name,
        address="岳阳市岳阳楼区五里牌市政务服务中心院内后侧",
        district="岳阳楼区",
        latitude=29.3712,
        longitude=113.1196,
        operator=None,
        operator_credit_code=None,
        category="private",
        pricing_form="market",
        charging_right=False,
        approval_ref=None,
        berths=40,
        tariff_text=tariff_text,
        board_text=board_text,
        board_fields={"service_items": ["临时停车"]},
        defects=("no_charging_right", "missing_hotline", "missing_pricing_form"),
    )


def _landmarks() -> list[tuple[str, str, str, str | None]]:
    """(district, category, name stem, street) of landmark lots, all defect-free."""
    return [
        ("岳阳楼区", "station", "岳阳站站前停车场", "站前路"),
        ("岳阳楼区", "scenic", "岳阳楼景区停车场", "洞庭北路"),
        ("岳阳楼区", "on_street", "站前路路内泊位", "站前路"),
        ("岳阳楼区", "on_street", "东茅岭路路内泊位", "东茅岭路"),
        ("岳阳经济技术开发区", "station", "岳阳东站（高铁站）停车场", "岳阳大道"),
        ("君山区", "scenic", "君山岛景区停车场", "君山岛"),
        ("汨罗市", "station", "汨罗东站（高铁站）停车场", "站前大道"),
        ("汨罗市", "scenic", "屈子祠景区停车场", "屈子祠路"),
        ("城陵矶新港区", "transit_hub", "城陵矶港客运码头停车场", "城陵矶路"),
        ("平江县", "scenic", "石牛寨景区停车场", "景区路"),
    ]


def _board(
    lot_name: str,
    operator: str | None,
    credit: str | None,
    pricing_form: str,
    approval: str | None,
    valid_until: date | None,
    t: _Tariff,
    berths: int,
    defects: set[str],
    show_credit: bool,
    hotline: str | None,
) -> tuple[str, dict[str, Any]]:
    lines: list[str] = []
    f: dict[str, Any] = {}
    lines.append(f"停车场名称：{lot_name}")
    f["lot_name"] = lot_name
    if operator:
        lines.append(f"收费单位：{operator}")
        f["operator"] = operator
    if credit and show_credit:
        lines.append(f"统一社会信用代码：{credit}")
        f["operator_credit_code"] = credit
    if "missing_pricing_form" not in defects:
        lines.append(f"定价形式：{PRICING_FORM_ZH[pricing_form]}")
        f["pricing_form"] = pricing_form
    if pricing_form == "guided" and approval:
        lines.append(f"收费依据：{approval}")
        f["fee_basis"] = approval
        f["approval_number"] = approval
        if valid_until:
            lines.append(f"有效期至：{valid_until.isoformat()}")
            f["approval_valid_until"] = valid_until.isoformat()
    elif pricing_form == "market":
        lines.append("收费依据：市场调节价")
        f["fee_basis"] = "市场调节价"
    lines.append(f"服务项目：{'、'.join(t.service_items)}")
    f["service_items"] = list(t.service_items)
    for label, price in t.parts:
        lines.append(f"收费标准：{label}{price}")
    if t.bare_price:
        f["bare_prices"] = [t.bare_price]
    for p in t.passes:
        lines.append(f"包月：{p}")
    if t.free_text:
        lines.append(f"免费时段：{t.free_text}")
        f["free_minutes"] = t.free_minutes
    f["billing_unit"] = t.billing_unit
    if t.rounding:
        lines.append(f"计费规则：{t.rounding}")
        f["rounding"] = t.rounding
    if t.cap:
        lines.append(f"最高收费：{t.cap}")
        f["cap"] = t.cap
    lines.append(f"收费时间：{t.charging_hours}")
    f["charging_hours"] = t.charging_hours
    lines.append(f"免费车辆：{'、'.join(EXEMPT_VEHICLES)}")
    f["exempt_vehicles"] = list(EXEMPT_VEHICLES)
    lines.append(f"泊位数：{berths}个")
    f["berths"] = berths
    if hotline:
        lines.append(f"举报电话：{hotline}")
        f["hotlines"] = [hotline]
    return "\n".join(lines), f


_DISTRICT_INFO = {d[0]: d for d in DISTRICTS}
_URBAN_DISTRICTS = ("岳阳楼区", "岳阳经济技术开发区", "南湖新区", "云溪区", "君山区", "城陵矶新港区")
_NAME_SUFFIXES = ("（东区）", "（西区）", "（北区）", "（南区）", "（二期）", "（三期）", "（B区）", "（C区）")


def demo_lots(seed: int = DEMO_SEED) -> list[DemoLot]:
    """The 310 demo lots of Yueyang, deterministic for a seed. Key "yy-0001" is the seed's CX003 case."""
    rng = random.Random(seed)
    lots: list[DemoLot] = [_seed_case()]
    used_names = {lots[0].name}
    landmark_stems = {lm[2] for lm in _landmarks()}
    approval_numbers: dict[str, int] = {}  # the last approval number given, per office and year
    for index, (district, category, stem, street) in enumerate(_plan(rng), start=2):
        lot = _demo_lot(rng, index, district, category, stem, street, landmark_stems, approval_numbers, used_names)
        used_names.add(lot.name)
        lots.append(lot)
    assert len(lots) == LOT_COUNT, len(lots)
    return lots


def _plan(rng: random.Random) -> list[tuple[str, str, str | None, str | None]]:
    """(district, category, name stem, street) of every lot after the seed case: the landmarks first,
    then lots of categories drawn from the district's mix (stem and street chosen later)."""
    plan: list[tuple[str, str, str | None, str | None]] = []
    landmarks = _landmarks()
    for district, *_rest, count in DISTRICTS:
        own = [lm for lm in landmarks if lm[0] == district]
        n = count - len(own) - (1 if district == "岳阳楼区" else 0)  # the seed case is in 岳阳楼区
        plan.extend(own)
        mix = _URBAN_MIX if district in _URBAN_DISTRICTS else _COUNTY_MIX
        cats, weights = zip(*mix, strict=True)
        plan.extend((district, rng.choices(cats, weights)[0], None, None) for _ in range(n))
    return plan


def _demo_lot(
    rng: random.Random,
    index: int,
    district: str,
    category: str,
    stem: str | None,
    street: str | None,
    landmark_stems: set[str],
    approval_numbers: dict[str, int],
    used_names: set[str],
) -> DemoLot:
    """One generated lot; the draws from `rng` follow the order of the fields."""
    _, lat0, lon0, admin, prefix, town, _n = _DISTRICT_INFO[district]
    county = bool(town) and district not in ("云溪区", "君山区")
    places = _COUNTY_PLACES if county else _CITY_PLACES
    if street is None:
        street = rng.choice(_COUNTY_STREETS if county else _CITY_STREETS)
    if stem is None:
        stem = _stem(rng, category, district, street, county, places)
    name = stem + DEMO_LABEL
    suffixes = iter(_NAME_SUFFIXES)
    while name in used_names:
        name = stem + next(suffixes, f"（{index}）") + DEMO_LABEL
    address = _address(rng, category, district, town if county else "", street)
    spread = 0.018 if not county else 0.010
    latitude = round(lat0 + rng.gauss(0, spread), 6)
    longitude = round(lon0 + rng.gauss(0, spread), 6)
    pricing_form = CATEGORY_PRICING_FORM[category]
    berths = rng.randint(*_BERTHS[category])
    operator = _operator(rng, category, district, pricing_form, places)
    credit = _credit_code(rng, admin)
    landmark = stem in landmark_stems
    defects = _seeded_defects(rng, landmark, pricing_form)
    t, non_arabic = _lot_tariff(rng, category, street, pricing_form, landmark, defects)
    approval, valid_until = _approval(rng, pricing_form, prefix, defects, approval_numbers)
    tariff_text = t.text()
    if "bare_price" in defects:
        # the board shows "收费标准：5元" with no unit; the lot's tariff (web text) stays complete
        m = re.search(r"(\d+(?:\.\d+)?)元", t.parts[0][1])
        t.bare_price = f"{m.group(1)}元" if m else "5元"
        t.parts[0] = (t.parts[0][0], t.bare_price)
    hotline = _hotline(rng, defects)
    show_credit = rng.random() < 0.6
    board_text, fields = _board(
        name, operator, credit, pricing_form, approval, valid_until, t, berths, defects, show_credit, hotline
    )
    if non_arabic:
        fields["non_arabic_amounts"] = non_arabic
    return DemoLot(
        key=f"yy-{index:04d}",
        name=name,
        address=address,
        district=district,
        latitude=latitude,
        longitude=longitude,
        operator=operator,
        operator_credit_code=credit,
        category=category,
        pricing_form=pricing_form,
        charging_right=True,
        approval_ref=approval,
        berths=berths,
        tariff_text=tariff_text,
        board_text=board_text,
        board_fields=fields,
        defects=tuple(sorted(defects)),
        approval_valid_until=valid_until,
        is_landmark=landmark,
    )


def _stem(rng: random.Random, category: str, district: str, street: str, county: bool, places: Sequence[str]) -> str:
    """The lot's name without the demo label."""
    if category == "on_street":
        return f"{street}路内泊位"
    if category == "station":
        return f"{district[:2]}汽车站停车场"
    if category == "transit_hub":
        return rng.choice((f"{district[:2]}汽车客运站停车场", f"{district[:2]}公交枢纽停车场"))
    if category == "scenic":
        return rng.choice(
            (
                f"{rng.choice(places)}湿地公园停车场",
                f"{rng.choice(places)}风景区停车场",
                f"{rng.choice(places)}古镇景区停车场",
            )
        )
    if category == "hospital" and county and rng.random() < 0.5:
        return f"{district}{rng.choice(('人民医院', '中医医院', '妇幼保健院'))}停车场"
    form = rng.choice(_NAME_FORMS[category])
    return f"{rng.choice(places)}{form}" + ("" if form.endswith(("停车场", "停车坪", "停车库")) else "停车场")


def _address(rng: random.Random, category: str, district: str, town: str, street: str) -> str:
    road_no = rng.randint(1, 399)
    if category == "on_street":
        return f"岳阳市{district}{town}{street}（{rng.randint(1, 200)}号至{rng.randint(201, 500)}号段）"
    return f"岳阳市{district}{town}{street}{road_no}号"


def _operator(rng: random.Random, category: str, district: str, pricing_form: str, places: Sequence[str]) -> str:
    if category == "on_street":
        return rng.choice(("岳阳市城市停车管理有限公司", f"{district}城市管理服务有限公司"))
    if category == "transit_hub":
        return f"{district[:2]}交通建设投资有限公司"
    if category == "station":
        return "岳阳交通客运服务有限公司"
    if pricing_form == "guided":
        return f"岳阳{rng.choice(places)}停车服务有限公司"
    return f"岳阳{rng.choice(places)}{rng.choice(_OPERATOR_FORMS)}"


def _seeded_defects(rng: random.Random, landmark: bool, pricing_form: str) -> set[str]:
    """About one lot in five gets one seeded defect; a landmark never does."""
    defects: set[str] = set()
    if not landmark and rng.random() < 0.2:
        pool = ["missing_hotline", "hotline_12358", "bare_price", "missing_pricing_form", "chinese_numerals"]
        if pricing_form == "guided":
            pool += ["expired_approval", "expired_approval", "over_ceiling", "over_ceiling"]
        defects.add(rng.choice(pool))
    return defects


def _lot_tariff(
    rng: random.Random, category: str, street: str, pricing_form: str, landmark: bool, defects: set[str]
) -> tuple[_Tariff, list[str]]:
    """The lot's tariff with its defects added to `defects`, and the amounts written in Chinese numerals."""
    k = 2 if "over_ceiling" in defects else 1
    if pricing_form == "guided":
        t = _guided_tariff(rng, category, k, street)
    else:
        t = _market_tariff(rng, category)
    if landmark:
        t.defects = [d for d in t.defects if d == "short_free_period"]
    defects.update(t.defects)
    non_arabic: list[str] = []
    if "chinese_numerals" in defects:
        label, price = t.parts[0]
        price, non_arabic = _to_chinese_numerals(price)
        if not non_arabic:
            defects.discard("chinese_numerals")
        t.parts[0] = (label, price)
    return t, non_arabic


def _approval(
    rng: random.Random, pricing_form: str, prefix: str, defects: set[str], approval_numbers: dict[str, int]
) -> tuple[str | None, date | None]:
    """A guided lot's approval (its office's next number for the year) and its end of validity."""
    if pricing_form != "guided":
        return None, None
    if "expired_approval" in defects:
        year, valid_until = 2019, date(2021, 6, 30)
    else:
        year, valid_until = 2025, date(2030, 12, 31)
    seq_key = f"{prefix}{year}"
    first = rng.randint(3, 20)  # drawn for every approval, so that the sequence of draws stays the same
    approval_numbers[seq_key] = approval_numbers.get(seq_key, first) + rng.randint(1, 3)
    return f"{prefix}〔{year}〕{approval_numbers[seq_key]}号", valid_until


def _hotline(rng: random.Random, defects: set[str]) -> str | None:
    if "missing_hotline" in defects:
        return None
    if "hotline_12358" in defects:
        return "12358"
    return "12345" if rng.random() < 0.1 else "12315"


def demo_lot_by_key(key: str, seed: int = DEMO_SEED) -> DemoLot:
    for lot in demo_lots(seed):
        if lot.key == key:
            return lot
    raise KeyError(key)


# --- the demo step (shell) ---------------------------------------------------------------------

DEMO_CAMPAIGN_NAME = "2021年停车收费专项整治行动（演示）"
DEMO_CAMPAIGN_START = date(2021, 4, 1)
DEMO_CAMPAIGN_END = date(2021, 6, 30)
DEMO_STAFF_PERSON_TIMES = 850
DEMO_VIOLATIONS = 9
DEMO_COMPLAINTS_H1 = {2020: 34, 2021: 14}
DEMO_ACTOR = "demo"
_INSPECTORS = ("张建国", "李红", "王磊", "刘芳", "陈志强", "杨帆", "赵敏", "黄伟", "周婷", "吴刚", "徐静", "孙涛")

# The nine problems put right: (defect on the lot, rule, outcome, fines, refunds). The seed's case first.
_PROBLEMS: tuple[tuple[str, str, str, str, str], ...] = (
    ("no_charging_right", "CX003", "rectification_order", "0", "0"),
    ("over_ceiling", "PR001", "case_opened", "3000", "480"),
    ("over_ceiling", "PR001", "rectification_order", "0", "0"),
    ("expired_approval", "PD014", "rectification_order", "0", "0"),
    ("bare_price", "PD002", "interview", "0", "0"),
    ("missing_hotline", "PD006", "warning", "0", "0"),
    ("hotline_12358", "PD006", "warning", "0", "0"),
    ("missing_pricing_form", "PD004", "warning", "0", "0"),
    ("chinese_numerals", "PD013", "warning", "0", "0"),
)
_PROBLEM_MESSAGES = {
    "CX003": "无收费权主体收取停车费：个人在市政务服务中心院内后侧停车坪收取10元/小时（演示）",
    "PR001": "收费超过政府指导价上限（演示）",
    "PD014": "收费依据批复已过有效期（演示）",
    "PD002": "价格未标明计价单位（演示）",
    "PD006": "未公示或公示已停用的举报电话（演示）",
    "PD004": "未标明定价形式（演示）",
    "PD013": "金额未使用阿拉伯数字（演示）",
}

_COMPLAINT_TEXTS = {
    "high_price": (
        "停车收费标准较高，希望降低收费",
        "商场停车场收费太贵，一小时要8元",
        "医院停车收费过高，看病停车负担重",
    ),
    "no_disclosure": ("停车场没有公示收费标准", "收费牌看不清，未明码标价", "路边停车收费没有价格公示"),
    "private_charging": ("有私人在院内收取停车费，没有收费依据", "小区门口有人私自收停车费"),
    "overcharge": ("实际收取的停车费比公示价格多", "停了40分钟收了10元，与公示不符"),
    "other": ("咨询停车收费政策", "反映停车场秩序混乱"),
}


def _complaint_rows(lots: list[DemoLot], rng: random.Random) -> list[list[str]]:
    """Work orders as an import file's rows: exactly 34 in H1 2020 and 14 in H1 2021, plus H2s."""
    per_half = {
        (2020, 1): DEMO_COMPLAINTS_H1[2020],
        (2020, 2): 21,
        (2021, 1): DEMO_COMPLAINTS_H1[2021],
        (2021, 2): 9,
        (2019, 2): 27,
    }
    categories = ("high_price", "high_price", "high_price", "no_disclosure", "overcharge", "private_charging", "other")
    rows: list[list[str]] = []
    seed_case = lots[0]
    for (year, half), count in sorted(per_half.items()):
        for n in range(count):
            month = rng.randint(1, 6) + (6 if half == 2 else 0)
            day = rng.randint(1, 28)
            channel = rng.choice(("12345", "12345", "12315"))
            category = rng.choice(categories)
            lot = rng.choice(lots)
            lot_text = rng.choice((lot.name.removesuffix(DEMO_LABEL), lot.address, ""))
            if (year, half) == (2021, 1) and n < 2:
                category, lot = "private_charging", seed_case
                lot_text = seed_case.name.removesuffix(DEMO_LABEL)
                channel = "12345"
            text = rng.choice(_COMPLAINT_TEXTS[category])
            if lot is seed_case:
                text = "市政务服务中心院子后面的停车坪有私人收取停车费，一台车1小时内10元"
            rows.append(
                [
                    f"{channel}-{year}{month:02d}-{len(rows) + 1:05d}",
                    f"{year}-{month:02d}-{day:02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}",
                    channel,
                    lot.district,
                    lot_text,
                    text + "（演示数据）",
                    category,
                    "已办结" if year < 2021 or half == 1 else rng.choice(("已办结", "办理中")),
                ]
            )
    return rows


_Problem = tuple[str, str, str, str, str]  # (defect on the lot, rule, outcome, fines, refunds)


def build_demo_city(engine: Engine, now: datetime) -> str:
    """The demo step: lots, the 2021 Q2 campaign with its inspections and re-inspections, complaints."""
    from parkwatch.store.complaints import COLUMNS, import_rows
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.services.campaigns import create_campaign

    rng = random.Random(DEMO_SEED + 7)
    lots = demo_lots()
    with write_session(engine) as session:
        rows = _store_lots(session, lots, now)
        if not rows:
            return "演示城市已存在，未重复生成 / demo city already present"
        session.flush()
        campaign = create_campaign(
            session,
            name=DEMO_CAMPAIGN_NAME,
            start_date=DEMO_CAMPAIGN_START,
            end_date=DEMO_CAMPAIGN_END,
            districts=list(DISTRICT_NAMES),
            targets={"inspection_coverage": 1.0, "rectification_rate": 1.0, "disclosure_rate": 1.0},
            actor=DEMO_ACTOR,
            now=now,
            is_demo=True,
        )
        problem_lot = _problem_lots(lots, rng)
        # staff: 2 per re-inspection, 2 or 3 per inspection, exactly DEMO_STAFF_PERSON_TIMES in all
        threes = DEMO_STAFF_PERSON_TIMES - 2 * len(lots) - 2 * DEMO_VIOLATIONS
        order = list(lots)
        rng.shuffle(order)
        days = (DEMO_CAMPAIGN_END - DEMO_CAMPAIGN_START).days + 1
        originals: dict[str, Inspection] = {}
        for i, lot in enumerate(order):
            on = DEMO_CAMPAIGN_START + timedelta(days=min(days - 25, i * (days - 25) // len(order)))
            while on.weekday() >= 5:
                on += timedelta(days=1)
            visit = _Visit(rows[lot.key].id, on, 3 if i < threes else 2, campaign.id)
            originals[lot.key] = _inspect(session, lot, visit, problem_lot.get(lot.key), rng, now)
        for key, problem in problem_lot.items():
            _reinspect(session, originals[key], problem, rng, now)
        header = [names[0] for names in COLUMNS.values()]
        report = import_rows(session, header, _complaint_rows(lots, rng), is_demo=True)
        if report.errors:
            raise RuntimeError(f"demo complaints invalid: {report.errors[:3]}")
    return (
        f"演示城市：{len(rows)} 个停车场，专项行动“{DEMO_CAMPAIGN_NAME}”（{DEMO_CAMPAIGN_START}至"
        f"{DEMO_CAMPAIGN_END}），检查 {len(originals)} 次、复查 {len(problem_lot)} 次，"
        f"投诉工单 {report.imported} 件（演示数据）"
    )


def _store_lots(session: Session, lots: list[DemoLot], now: datetime) -> dict[str, Lot]:
    """The rows of the lots not stored yet (by name and address), by key (through the lot service)."""
    from sqlalchemy import select

    from parkwatch.store.db.models import Lot
    from parkwatch.store.services.lots import LotInput, create_lot

    known = {(n, a) for n, a in session.execute(select(Lot.name, Lot.address))}
    rows: dict[str, Lot] = {}
    for lot in lots:
        if (lot.name, lot.address) in known:
            continue
        fields = {k: v for k, v in lot_row(lot, now).items() if k not in ("created_at", "updated_at")}
        rows[lot.key] = create_lot(session, LotInput(**fields), actor=DEMO_ACTOR, now=now)
    return rows


def lot_row(lot: DemoLot, now: datetime) -> dict[str, Any]:
    """The stored columns of a demo lot (a `lots` row, marked as demo data)."""
    return {
        "name": lot.name,
        "address": lot.address,
        "district": lot.district,
        "latitude": lot.latitude,
        "longitude": lot.longitude,
        "operator": lot.operator,
        "operator_credit_code": lot.operator_credit_code,
        "category": lot.category,
        "pricing_form": lot.pricing_form,
        "charging_right": lot.charging_right,
        "approval_ref": lot.approval_ref,
        "berths": lot.berths,
        "city": "yueyang",
        "is_demo": True,
        "created_at": now,
        "updated_at": now,
    }


def _problem_lots(lots: list[DemoLot], rng: random.Random) -> dict[str, _Problem]:
    """The nine problem lots: the seed's case, then one lot per listed defect, districts apart where possible."""
    problem_lot: dict[str, _Problem] = {}
    used_districts: set[str] = set()
    for problem in _PROBLEMS:
        candidates = [x for x in lots if problem[0] in x.defects and x.key not in problem_lot]
        fresh = [x for x in candidates if x.district not in used_districts]
        lot = (fresh or candidates)[0] if problem[0] == "no_charging_right" else rng.choice(fresh or candidates)
        used_districts.add(lot.district)
        problem_lot[lot.key] = problem
    return problem_lot


@dataclass(frozen=True)
class _Visit:
    lot_id: int
    on: date
    staff: int
    campaign_id: int


def _inspect(
    session: Session, lot: DemoLot, visit: _Visit, problem: _Problem | None, rng: random.Random, now: datetime
) -> Inspection:
    """The campaign's inspection of a lot: a problem lot's finding confirmed; now and then an alert dismissed."""
    from parkwatch.store.services.inspections import Decision, InspectionInput, record_inspection

    team = rng.sample(_INSPECTORS, 2)
    decisions: list[Decision] = []
    outcome, deadline = "none", None
    if problem is not None:
        _defect, rule, outcome, _f, _r = problem
        finding_id = _demo_finding(session, lot.key, visit, rule, "error", _PROBLEM_MESSAGES[rule], now)
        decisions.append(Decision(finding_id, "confirmed", "现场核实（演示）"))
        if outcome == "rectification_order":
            deadline = visit.on + timedelta(days=15)
    elif lot.defects and rng.random() < 0.05:
        # an alert an inspector looked at and dismissed (board was already corrected on site)
        finding_id = _demo_finding(session, lot.key, visit, "PD011", "alert", "收费时段公示待核实（演示）", now)
        decisions.append(Decision(finding_id, "dismissed", "现场核实公示完整，识别有误（演示）"))
    return record_inspection(
        session,
        InspectionInput(
            lot_id=visit.lot_id,
            inspected_on=visit.on,
            inspectors=tuple(team),
            staff_count=visit.staff,
            vehicle_count=1,
            outcome=outcome,
            rectification_deadline=deadline,
            campaign_id=visit.campaign_id,
            disclosure_ok=problem is None,
            decisions=tuple(decisions),
            notes="演示数据",
            is_demo=True,
        ),
        actor=DEMO_ACTOR,
        now=now,
    )


def _demo_finding(
    session: Session, key: str, visit: _Visit, rule: str, severity: str, message: str, now: datetime
) -> int:
    """An open finding of the campaign on the lot, found on the day of the visit; its id."""
    from parkwatch.store.clock import from_city
    from parkwatch.store.db.models import Finding

    finding = Finding(
        fingerprint=sha256(f"demo-campaign-2021|{key}|{rule}".encode()).hexdigest(),
        rule_code=rule,
        severity=severity,
        status="open",
        lot_id=visit.lot_id,
        message=message,
        basis=None,
        values={"demo": True},
        found_at=from_city(datetime.combine(visit.on, datetime.min.time())),  # midnight in the city
        updated_at=now,
        is_demo=True,
    )
    session.add(finding)
    session.flush()
    return finding.id


def _reinspect(session: Session, original: Inspection, problem: _Problem, rng: random.Random, now: datetime) -> None:
    """The re-inspection of a problem lot: put right (a case opened is closed), with its fines and refunds."""
    from parkwatch.store.services.inspections import Visit, record_reinspection

    _defect, _rule, outcome, fines, refunds = problem
    visit = Visit(
        inspected_on=original.inspected_on + timedelta(days=16 + rng.randint(0, 6)),
        inspectors=tuple(original.inspectors or ()),
        staff_count=2,
        vehicle_count=1,
        outcome="case_closed" if outcome == "case_opened" else "none",
        fines_yuan=fines,
        refunds_yuan=refunds,
        disclosure_ok=True,
        notes="复查：已整改（演示）",
        is_demo=True,
    )
    record_reinspection(session, original.id, visit, rectified=True, actor=DEMO_ACTOR, now=now)
