"""Synthetic photos of Chinese parking price boards (停车收费公示牌), with ground truth.

Three steps, each deterministic for a seed:

1. a `BoardSpec` — what the board says (title, info lines, tariff lines or a vehicle-class price
   table, footer lines) plus how it looks (layout, font, colour scheme) and the true field values.
   `random_spec(rng)` invents one; `spec_from_demo_lot(lot)` takes a lot of `demo.city`.
2. `render_board(spec, rng)` draws the flat board (Pillow).
3. `photograph(board, difficulty, rng)` puts it into a scene and degrades it the way field photos are
   degraded (OpenCV + numpy): one of `DIFFICULTIES`.

`make_dataset(out_dir, per_class, seed)` writes `<id>.jpg` + `<id>.json` for every difficulty.

The ground truth text (`board_text(spec)`) lists the board's lines in reading order: title, then
(single-column layouts) info lines, tariff lines, footer lines; in the two-column layout the left
column (tariff) comes before the right column (info and footer). A table row is its cells joined by
one space ("小型车 首小时5元，之后每小时2元"). Text is kept as printed (full-width digits stay
full-width); numbers in `tariff_numbers` are half-width.

Colour schemes follow the old Hunan habit of colour-coding boards by pricing form — in this
generator: 政府定价 white on blue, 政府指导价 white on green, 市场调节价 dark on white/cream (a
convention of the generator, not an official mapping); a board that does not state its pricing form
gets any scheme, including a yellow one.

Random specs are not demo-city lots; with `demo=True` they carry a "演示数据" line.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from demo.fonts import FontFace, chinese_fonts

DIFFICULTIES: tuple[str, ...] = (
    "clean",
    "blur",
    "small",
    "jpeg",
    "low_contrast",
    "noise",
    "clutter",
    "perspective",
    "rotation",
    "phone",
)
LAYOUTS: tuple[str, ...] = ("table", "free_text", "two_column")
SCHEMES: tuple[str, ...] = ("blue", "green", "white", "cream", "yellow")
PRICING_FORM_ZH = {"market": "市场调节价", "guided": "政府指导价", "government": "政府定价"}
# Old Hunan-style colour coding by pricing form (generator convention, see module docstring).
SCHEMES_BY_FORM = {"government": ("blue",), "guided": ("green",), "market": ("white", "cream")}
PHONE_SIZE = (3000, 4000)  # width, height of a full phone photo (12 MP, portrait)
SMALL_LONG_SIDE = 640

# ---------------------------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardLine:
    """One printed line. `cells` is set for rows of the vehicle-class price table."""

    text: str
    section: str  # title / info / table_header / tariff / footer
    cells: tuple[str, ...] | None = None
    continues: bool = False  # a table row's second line (no ruled line above it)


@dataclass(frozen=True)
class BoardSpec:
    key: str
    lines: tuple[BoardLine, ...]
    layout: str = "free_text"  # one of LAYOUTS
    font: str = "Noto Sans CJK SC Regular"
    title_font: str = "Noto Sans CJK SC Bold"
    scheme: str = "white"  # one of SCHEMES
    pricing_form: str | None = None  # market / guided / government / None (not shown)
    fields: Mapping[str, Any] = field(default_factory=dict)  # true values, board.FIELD_NAMES keys
    vehicle_prices: Mapping[str, str] = field(default_factory=dict)  # 小型车 -> its price text
    demo: bool = False
    source: str = "random"  # random / demo_city

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown layout {self.layout!r}")
        if self.scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {self.scheme!r}")
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        object.__setattr__(self, "vehicle_prices", MappingProxyType(dict(self.vehicle_prices)))

    @property
    def text(self) -> str:
        """The full board text in reading order (= `board_text(spec)`)."""
        return board_text(self)

    @property
    def tariff(self) -> str:
        """The tariff lines (= `tariff_text(spec)`)."""
        return tariff_text(self)


def _section(spec: BoardSpec, *names: str) -> list[BoardLine]:
    return [line for line in spec.lines if line.section in names]


def reading_order(spec: BoardSpec) -> list[BoardLine]:
    """The board's lines in the order a reader (and the truth text) takes them."""
    if spec.layout == "two_column":
        return (
            _section(spec, "title")
            + _section(spec, "table_header", "tariff")
            + _section(spec, "info")
            + _section(spec, "footer")
        )
    return (
        _section(spec, "title")
        + _section(spec, "info")
        + _section(spec, "table_header", "tariff")
        + _section(spec, "footer")
    )


def board_text(spec: BoardSpec) -> str:
    return "\n".join(line.text for line in reading_order(spec))


def tariff_text(spec: BoardSpec) -> str:
    return "\n".join(line.text for line in spec.lines if line.section == "tariff")


_FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
_HALF_WIDTH = str.maketrans({chr(c + 0xFEE0): chr(c) for c in range(0x21, 0x7F)} | {"　": " "})


def to_full_width(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def to_half_width(text: str) -> str:
    return text.translate(_HALF_WIDTH)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_in(text: str) -> list[str]:
    """Every Arabic number in `text` (full-width digits included), half-width, in order."""
    return _NUMBER.findall(to_half_width(text))


def truth(spec: BoardSpec) -> dict[str, Any]:
    """The ground truth of a board (without photo-specific parts)."""
    fields = dict(spec.fields)
    tariff = tariff_text(spec)
    return {
        "key": spec.key,
        "source": spec.source,
        "demo": spec.demo,
        "layout": spec.layout,
        "font": spec.font,
        "scheme": spec.scheme,
        "text": board_text(spec),
        "lines": [line.text for line in reading_order(spec)],
        "tariff_text": tariff,
        "tariff_numbers": numbers_in(tariff),
        "vehicle_prices": dict(spec.vehicle_prices),
        "fields": fields,
        "key_fields": {
            "pricing_form": spec.pricing_form,
            "hotlines": list(fields.get("hotlines") or []),
            "free_minutes": fields.get("free_minutes"),
            "fee_basis": fields.get("fee_basis"),
            "charging_hours": fields.get("charging_hours"),
            "tariff_numbers": numbers_in(tariff),
        },
    }


# ---------------------------------------------------------------------------------------------
# Random specs
# ---------------------------------------------------------------------------------------------

_PLACES = (
    "南湖广场",
    "巴陵广场",
    "岳阳楼景区",
    "东茅岭",
    "站前路",
    "金鹗公园",
    "市政务服务中心",
    "五里牌",
    "汴河街",
    "洞庭南路",
    "火车站南广场",
    "市中心医院",
    "王家河",
    "白石岭",
    "奇家岭",
    "云梦路",
    "城陵矶码头",
    "梅溪桥",
    "步步高广场",
    "万达广场",
    "湖滨大道",
    "求索路",
    "青年路",
    "康王",
)
_LOT_KINDS = (
    "停车场",
    "地下停车场",
    "公共停车场",
    "路内停车泊位",
    "立体停车库",
    "地面停车场",
    "临时停车场",
)
_OPERATOR_KINDS = (
    "停车管理有限公司",
    "物业服务有限公司",
    "城市发展集团有限公司",
    "商业管理有限公司",
    "交通投资有限公司",
)
_OPERATOR_PREFIX = ("岳阳市", "岳阳", "湖南", "岳阳楼区", "岳阳经开区")
_OPERATOR_NAMES = ("巴陵", "洞庭", "南湖", "君山", "金鹗", "湘北", "楼城", "云梦", "长江", "东风")
_TITLES = ("停车收费公示牌", "机动车停放服务收费标准", "停车场收费标准公示", "明码标价公示牌", "收费公示")
_APPROVAL_PREFIX = ("岳发改价", "岳发改价调", "岳市发改价", "湘发改价费", "岳价")
_EXEMPT = ("军车", "警车", "消防车", "救护车", "工程救险车", "执行任务的殡葬车", "残疾人代步车")
_HOURS = ("08:00-20:00", "07:00-22:00", "08:00-22:00", "24小时", "07:30-19:30", "全天24小时")
_HOTLINE_LABELS = ("价格举报电话", "投诉举报电话", "举报电话", "监督电话", "价格监督举报电话")
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _pick(rng: np.random.Generator, seq: Sequence[Any]) -> Any:
    return seq[int(rng.integers(len(seq)))]


def _yuan_text(value: float) -> str:
    """A generated amount as boards print it: one decimal at most ("2.5", "3")."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _price_pattern(rng: np.random.Generator, scale: float) -> list[str]:
    """One vehicle class's billed segments, as one or two printed pieces (DOMAIN.md §3 shapes)."""
    a = _yuan_text(float(_pick(rng, (2, 3, 4, 5, 6, 8, 10))) * scale)
    b = _yuan_text(float(_pick(rng, (1, 1.5, 2, 2.5, 3, 4))) * scale)
    kind = int(rng.integers(8))
    if kind == 0:
        return [f"首小时{a}元，之后每小时{b}元"]
    if kind == 1:
        h = int(_pick(rng, (2, 3)))
        return [f"首{h}小时{a}元，超过{h}小时每小时{b}元"]
    if kind == 2:
        return [f"每30分钟{b}元"]
    if kind == 3:
        return [f"{b}元/半小时"]
    if kind == 4:
        return [f"{a}元/小时"]
    if kind == 5:
        return [f"按次收费，每次{a}元"]
    if kind == 6:
        night = _yuan_text(float(_pick(rng, (0.5, 1, 1.5))) * scale)
        return [f"白天(08:00-20:00)每小时{b}元", f"夜间(20:00-次日08:00)每小时{night}元"]
    return [f"首小时{a}元，1小时以后每半小时{b}元"]


def random_spec(
    rng: np.random.Generator,
    *,
    key: str = "board",
    layout: str | None = None,
    pricing_form: str | None = "random",
    demo: bool = False,
) -> BoardSpec:
    """A varied, plausible board (about one in five has a seeded defect: no hotline, 12358, ...)."""
    layout = layout or _pick(rng, LAYOUTS)
    if pricing_form == "random":
        pricing_form = _pick(rng, ("market", "market", "guided", "guided", "government", None))
    place = _pick(rng, _PLACES)
    lot_name = f"{place}{_pick(rng, _LOT_KINDS)}"
    operator = f"{_pick(rng, _OPERATOR_PREFIX)}{_pick(rng, _OPERATOR_NAMES)}{_pick(rng, _OPERATOR_KINDS)}"
    credit = "91430600" + "".join(_pick(rng, _CREDIT_CHARS) for _ in range(10))
    full_width = rng.random() < 0.2  # print digits of some lines in full-width forms

    def fw(text: str) -> str:
        return to_full_width(text) if full_width and rng.random() < 0.5 else text

    fields: dict[str, Any] = {"lot_name": lot_name, "operator": operator}
    title = _pick(rng, _TITLES)
    if lot_name.endswith(("停车场", "停车库")) and title.startswith("停车场"):
        title = title[3:]
    lines: list[BoardLine] = [BoardLine(f"{lot_name}{title}", "title")]
    info = _random_info(rng, fw, fields, operator, credit, pricing_form)
    lines += [BoardLine(text, "info") for text in info]
    tariff, vehicle_prices = _random_tariff(rng, fw, fields, layout)
    lines += tariff
    footer = _random_footer(rng, fw, fields, demo)
    lines += [BoardLine(text, "footer") for text in footer]
    body, bold = _faces(rng)
    scheme = _pick(rng, SCHEMES_BY_FORM.get(pricing_form or "", SCHEMES))
    return BoardSpec(
        key=key,
        lines=tuple(lines),
        layout=layout,
        font=body.name,
        title_font=bold.name,
        scheme=scheme,
        pricing_form=pricing_form,
        fields=fields,
        vehicle_prices=vehicle_prices,
        demo=demo,
    )


# The random specs' helpers each draw from `rng` in a fixed order, and record the true values they print
# in `fields`; `fw` prints a line's digits full-width on some boards.
_Printer = Callable[[str], str]


def _random_info(
    rng: np.random.Generator,
    fw: _Printer,
    fields: dict[str, Any],
    operator: str,
    credit: str,
    pricing_form: str | None,
) -> list[str]:
    """Operator, credit code, pricing form, fee basis (an approval for guided and government prices), berths."""
    info: list[str] = [f"收费单位：{operator}"]
    if rng.random() < 0.4:
        info.append(f"统一社会信用代码：{credit}")
        fields["operator_credit_code"] = credit
    if pricing_form is not None:
        info.append(f"{_pick(rng, ('定价形式', '收费性质', '价格类型'))}：{PRICING_FORM_ZH[pricing_form]}")
        fields["pricing_form"] = pricing_form
    if pricing_form in ("guided", "government"):
        year = int(rng.integers(2016, 2026))
        approval = f"{_pick(rng, _APPROVAL_PREFIX)}〔{year}〕{int(rng.integers(1, 300))}号"
        info.append(fw(f"收费依据：{approval}"))
        fields["fee_basis"] = approval
        fields["approval_number"] = approval
        if rng.random() < 0.6:
            until_year = year + 2
            month = int(rng.integers(1, 13))
            day = 28 if month == 2 else 30
            info.append(fw(f"有效期至：{until_year}年{month}月{day}日"))
            fields["approval_valid_until"] = f"{until_year:04d}-{month:02d}-{day:02d}"
    elif pricing_form == "market" or rng.random() < 0.5:
        info.append("收费依据：市场调节价")
        fields["fee_basis"] = "市场调节价"
    if rng.random() < 0.5:
        berths = int(rng.integers(20, 800))
        info.append(fw(f"泊位数：{berths}个"))
        fields["berths"] = berths
    return info


def _random_tariff(
    rng: np.random.Generator, fw: _Printer, fields: dict[str, Any], layout: str
) -> tuple[list[BoardLine], dict[str, str]]:
    """The tariff lines: a price per vehicle class (as a table or as lines), then free period, rounding
    and cap; and each class's price text."""
    classes = [("小型车", 1.0)]
    if rng.random() < 0.7:
        classes.append((_pick(rng, ("大型车", "大型车(8座以上)", "大中型车")), 2.0))
    if rng.random() < 0.25:
        classes.append(("摩托车", 0.5))
    if rng.random() < 0.25:
        classes.append(("新能源汽车", 1.0))
    bare_price = rng.random() < 0.06  # defect: a price with no unit or condition
    table = layout in ("table", "two_column") and rng.random() < (0.9 if layout == "table" else 0.6)
    vehicle_prices: dict[str, str] = {}
    tariff: list[BoardLine] = []
    if table:
        tariff.append(BoardLine("车型 收费标准", "table_header", ("车型", "收费标准")))
    for vehicle, scale in classes:
        if vehicle == "新能源汽车":
            pieces = [f"首2小时免费，之后每小时{_yuan_text(float(_pick(rng, (1, 2, 3))))}元"]
        else:
            pieces = _price_pattern(rng, scale)
        if bare_price and vehicle == "小型车":
            pieces = [f"{_yuan_text(float(_pick(rng, (5, 10))))}元"]
            fields["bare_prices"] = [pieces[0]]
        pieces = [fw(p) for p in pieces]
        vehicle_prices[vehicle] = "；".join(pieces)
        for i, piece in enumerate(pieces):
            if table:
                cells = (vehicle if i == 0 else "", piece)
                text = " ".join(c for c in cells if c)
                tariff.append(BoardLine(text, "tariff", cells, continues=i > 0))
            else:
                tariff.append(BoardLine(f"{vehicle}：{piece}" if i == 0 else piece, "tariff"))
    tariff += [BoardLine(text, "tariff") for text in _random_terms(rng, fw, fields)]
    return tariff, vehicle_prices


def _random_terms(rng: np.random.Generator, fw: _Printer, fields: dict[str, Any]) -> list[str]:
    """The free period, the rounding and the cap, each printed on most boards."""
    terms: list[str] = []
    free = int(_pick(rng, (15, 15, 30, 30, 60)))
    free_wording = int(rng.integers(4))
    if rng.random() < 0.9:
        if free_wording == 0:
            text = f"免费时段：{free}分钟内免费"
        elif free_wording == 1:
            text = f"{free}分钟以内（含{free}分钟）免费"
        elif free_wording == 2:
            free = 15
            text = "即停即走车辆15分钟内免费"
        else:
            text = f"免费停放时间：{free}分钟"
        terms.append(fw(text))
        fields["free_minutes"] = free
    if rng.random() < 0.6:
        rounding = _pick(rng, ("不足1小时按1小时计", "不足30分钟按30分钟计费", "不足半小时按半小时计"))
        terms.append(fw(rounding))
        fields["rounding"] = rounding
    if rng.random() < 0.6:
        cap = int(_pick(rng, (10, 15, 20, 30, 40, 50)))
        cap_text = _pick(rng, (f"24小时最高收费{cap}元", f"每日最高不超过{cap}元", f"封顶{cap}元"))
        terms.append(fw(cap_text))
        fields["cap"] = cap_text
    return terms


def _random_footer(rng: np.random.Generator, fw: _Printer, fields: dict[str, Any], demo: bool) -> list[str]:
    """Charging hours, exempt vehicles, the hotline (missing or retired on a few boards), the issuer."""
    footer: list[str] = []
    hours = _pick(rng, _HOURS)
    footer.append(fw(f"收费时间：{hours}"))
    fields["charging_hours"] = hours
    if rng.random() < 0.5:
        exempt = list(_EXEMPT[: int(rng.integers(4, len(_EXEMPT) + 1))])
        footer.append("免收车辆：" + "、".join(exempt))
        fields["exempt_vehicles"] = exempt
    hotline_roll = rng.random()
    if hotline_roll >= 0.06:  # below: the defect of no hotline at all
        if hotline_roll < 0.12:
            numbers = ["12358"]  # defect: the retired price hotline
        elif hotline_roll < 0.35:
            numbers = ["12345"]
        else:
            numbers = ["12315"]
        if rng.random() < 0.3:
            numbers.append(f"0730-{int(rng.integers(2000000, 8999999))}")
        footer.append(fw(f"{_pick(rng, _HOTLINE_LABELS)}：{'  '.join(numbers)}"))
        fields["hotlines"] = numbers
    if rng.random() < 0.3:
        issuer = _pick(rng, ("岳阳市物价局", "岳阳市市场监督管理局", "岳阳市发展和改革委员会"))
        footer.append(f"监制单位：{issuer}")
        fields["issuer"] = issuer
    if demo:
        footer.append("（演示数据）")
    return footer


def _faces(rng: np.random.Generator) -> tuple[FontFace, FontFace]:
    """A body face, and the bold face of its family (the body face when the family has none)."""
    faces = chinese_fonts()
    body = _pick(rng, [f for f in faces if not f.bold] or faces)
    bold = [f for f in faces if f.bold and f.family == body.family] or [body]
    return body, bold[0]


_INFO_LABELS = (
    "收费单位",
    "经营单位",
    "管理单位",
    "统一社会信用代码",
    "定价形式",
    "收费性质",
    "价格类型",
    "收费依据",
    "有效期",
    "停车场名称",
    "地址",
)
_FOOTER_LABELS = ("收费时间", "举报", "投诉", "监督", "免收", "免费车辆", "监制", "演示", "泊位")


def spec_from_demo_lot(lot: Any, rng: np.random.Generator | None = None) -> BoardSpec:
    """A spec for a `demo.city.DemoLot`: its `board_text` printed as is, `board_fields` as truth.

    A board whose first line is a "标签：值" field gets the title 停车收费公示牌 above it; a board that
    does not say 演示 gets a "（演示数据）" footer line (demo data is labelled wherever it is shown).
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    raw = [ln.strip() for ln in str(lot.board_text).splitlines() if ln.strip()]
    if not raw or "：" in raw[0] or ":" in raw[0]:
        raw.insert(0, "停车收费公示牌")
    lines: list[BoardLine] = [BoardLine(raw[0], "title")]
    for text in raw[1:]:
        label = re.split("[：:]", text, maxsplit=1)[0]
        if any(label.startswith(lb) for lb in _INFO_LABELS):
            section = "info"
        elif any(lb in label for lb in _FOOTER_LABELS):
            section = "footer"
        else:
            section = "tariff"
        lines.append(BoardLine(text, section))
    if not any("演示" in ln.text for ln in lines):
        lines.append(BoardLine("（演示数据）", "footer"))
    fields = dict(getattr(lot, "board_fields", {}) or {})
    pricing_form = fields.get("pricing_form")
    if pricing_form not in PRICING_FORM_ZH:
        pricing_form = None
    body, bold = _faces(rng)
    # Two columns only where lines are short enough that the board stays a sensible shape.
    longest = max(len(ln.text) for ln in lines)
    layout = _pick(rng, ("free_text", "free_text", "two_column")) if longest <= 24 else "free_text"
    return BoardSpec(
        key=str(lot.key),
        lines=tuple(lines),
        layout=layout,
        font=body.name,
        title_font=bold.name,
        scheme=_pick(rng, SCHEMES_BY_FORM.get(pricing_form or "", SCHEMES)),
        pricing_form=pricing_form,
        fields=fields,
        demo=True,
        source="demo_city",
    )


# ---------------------------------------------------------------------------------------------
# Rendering the flat board
# ---------------------------------------------------------------------------------------------

# scheme -> (background, text, accent band, text on the accent band)
_COLOURS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "blue": ((22, 78, 160), (250, 250, 250), (12, 50, 115), (255, 255, 255)),
    "green": ((24, 118, 72), (250, 250, 250), (12, 82, 48), (255, 255, 255)),
    "white": ((246, 246, 242), (25, 25, 30), (190, 30, 35), (255, 255, 255)),
    "cream": ((244, 236, 214), (30, 30, 60), (20, 70, 150), (255, 255, 255)),
    "yellow": ((245, 205, 40), (20, 20, 20), (20, 20, 20), (245, 205, 40)),
}


def _face(name: str) -> FontFace:
    faces = chinese_fonts()
    for face in faces:
        if face.name == name:
            return face
    return faces[0]


def _jitter(colour: tuple[int, int, int], rng: np.random.Generator, amount: int = 10) -> tuple[int, ...]:
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in colour)


def _width(font: Any, text: str) -> int:
    return math.ceil(font.getlength(text)) if text else 0


@dataclass
class _Painter:
    """Draws the board's blocks: plain lines, and the tariff as a ruled two-column table or as lines."""

    draw: ImageDraw.ImageDraw
    body: Any  # the body font
    size: int  # its text height
    pitch: int  # line pitch
    pad: int  # cell padding
    fg: tuple[int, ...]
    accent: tuple[int, ...]
    accent_fg: tuple[int, ...]
    tariff: list[BoardLine]
    col0: int = 0  # the table's column widths (0: the tariff is not a table)
    col1: int = 0

    def text_lines(self, lines: list[BoardLine], x: int, y0: int) -> int:
        for line in lines:
            self.draw.text((x, y0 + self.pitch // 2), line.text, font=self.body, fill=self.fg, anchor="lm")
            y0 += self.pitch
        return y0

    def tariff_block(self, x: int, y0: int) -> int:
        if not self.col0:
            return self.text_lines(self.tariff, x, y0)
        draw, pitch, pad, col0, col1 = self.draw, self.pitch, self.pad, self.col0, self.col1
        rule = max(2, self.size // 16)
        y0 += pitch // 6
        top = y0
        row_tops: list[int] = []
        for line in self.tariff:
            if not line.cells:
                continue
            if not line.continues:
                row_tops.append(y0)
            if line.section == "table_header":
                draw.rectangle([x, y0, x + col0 + col1, y0 + pitch], fill=self.accent)
                colour = self.accent_fg
            else:
                colour = self.fg
            draw.text((x + pad, y0 + pitch // 2), line.cells[0], font=self.body, fill=colour, anchor="lm")
            draw.text((x + col0 + pad, y0 + pitch // 2), line.cells[-1], font=self.body, fill=colour, anchor="lm")
            y0 += pitch
        bottom = y0
        for row_top in row_tops:
            draw.line([x, row_top, x + col0 + col1, row_top], fill=self.fg, width=rule)
        for line_x in (x, x + col0, x + col0 + col1):
            draw.line([line_x, top, line_x, bottom], fill=self.fg, width=rule)
        draw.line([x, bottom, x + col0 + col1, bottom], fill=self.fg, width=rule)
        y0 += pitch // 6
        return self.text_lines([ln for ln in self.tariff if not ln.cells], x, y0)


def render_board(spec: BoardSpec, rng: np.random.Generator) -> Image.Image:
    """The flat board as an RGB image; text height about 34–46 px."""
    size = int(rng.integers(34, 47))
    body = _face(spec.font).load(size)
    title_font = _face(spec.title_font).load(int(size * float(rng.uniform(1.25, 1.5))))
    bg, fg, accent, accent_fg = (_jitter(c, rng) for c in _COLOURS[spec.scheme])
    margin = int(size * 1.1)
    pitch = int(size * float(rng.uniform(1.55, 1.8)))  # line pitch
    pad = int(size * 0.5)  # cell padding

    title = _section(spec, "title")
    info = _section(spec, "info")
    footer = _section(spec, "footer")
    tariff = _section(spec, "table_header", "tariff")
    is_table = any(line.cells for line in tariff)

    if is_table:
        col0 = max(_width(body, ln.cells[0]) for ln in tariff if ln.cells) + 2 * pad
        col1 = max(_width(body, ln.cells[-1]) for ln in tariff if ln.cells) + 2 * pad
        plain = [ln for ln in tariff if not ln.cells]
        tariff_w = max([col0 + col1] + [_width(body, ln.text) for ln in plain])
    else:
        col0 = col1 = 0
        tariff_w = max((_width(body, ln.text) for ln in tariff), default=0)
    tariff_h = len(tariff) * pitch + (pitch // 3 if is_table else 0)
    side = info + footer
    side_w = max((_width(body, ln.text) for ln in side), default=0)
    side_h = len(side) * pitch
    title_w = max((_width(title_font, ln.text) for ln in title), default=0)
    title_h = int(title_font.size * 2.0) * len(title)
    gap = int(size * 1.5)

    if spec.layout == "two_column":
        content_w = tariff_w + gap + side_w
        content_h = max(tariff_h, side_h)
    else:
        content_w = max(tariff_w, side_w)
        content_h = len(info) * pitch + tariff_h + len(footer) * pitch + pitch // 2
    width = max(content_w, title_w + 2 * pad) + 2 * margin
    height = title_h + content_h + 2 * margin

    image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    border = max(3, size // 7)
    draw.rectangle([border, border, width - 1 - border, height - 1 - border], outline=fg, width=border)

    # Title band.
    y = margin // 2 + border
    draw.rectangle([margin // 2, y, width - margin // 2, y + title_h], fill=accent)
    for i, line in enumerate(title):
        cy = y + int(title_font.size * 2.0) * i + int(title_font.size * 1.0)
        draw.text((width // 2, cy), line.text, font=title_font, fill=accent_fg, anchor="mm")
    y = y + title_h + margin // 2

    painter = _Painter(draw, body, size, pitch, pad, fg, accent, accent_fg, tariff, col0, col1)
    x = margin
    if spec.layout == "two_column":
        painter.tariff_block(x, y)
        sep_x = x + tariff_w + gap // 2
        draw.line([sep_x, y, sep_x, y + content_h], fill=fg, width=max(2, size // 16))
        painter.text_lines(side, x + tariff_w + gap, y)
    else:
        y = painter.text_lines(info, x, y)
        y = painter.tariff_block(x, y + pitch // 4)
        painter.text_lines(footer, x, y + pitch // 4)
    return image


# ---------------------------------------------------------------------------------------------
# Photographing it
# ---------------------------------------------------------------------------------------------


_COARSE = 8  # smooth fields (light, shadow, glare) are computed at 1/8 resolution, then resized


def _smooth_field(height: int, width: int, fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """fn(yy, xx) evaluated on a coarse grid in full-resolution coordinates, resized to (h, w)."""
    ch, cw = max(2, height // _COARSE), max(2, width // _COARSE)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    values = fn(yy * (height / ch), xx * (width / cw)).astype(np.float32)
    return cv2.resize(values, (width, height), interpolation=cv2.INTER_LINEAR)


def _to_u8(values: np.ndarray) -> np.ndarray:
    """Saturate a float array to uint8 (in place; faster than np.clip on large float arrays)."""
    np.maximum(values, 0, out=values)
    np.minimum(values, 255, out=values)
    return values.astype(np.uint8)


def _times(image: np.ndarray, gain: np.ndarray) -> np.ndarray:
    """image × gain (one gain per pixel), saturated to uint8 (OpenCV: fast on 12 MP)."""
    gain3 = cv2.cvtColor(gain.astype(np.float32), cv2.COLOR_GRAY2BGR)
    return cv2.multiply(image, gain3, dtype=cv2.CV_8U)


def _add_noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    """Gaussian noise; OpenCV's generator, seeded from `rng` so the result stays deterministic."""
    cv2.setRNGSeed(int(rng.integers(1, 2**31 - 1)))
    noise = np.empty(image.shape, np.int16)
    # a single-channel view: every channel noisy (opencv's stubs want arrays for mean and stddev; it takes scalars)
    cv2.randn(noise.reshape(image.shape[0], -1), 0, sigma)  # type: ignore[call-overload]
    return cv2.add(image, noise, dtype=cv2.CV_8U)


def _background(width: int, height: int, rng: np.random.Generator, busy: bool) -> np.ndarray:
    """A wall (plain, brick or tiled) or a busy, out-of-focus scene; large ones are drawn small and
    enlarged (the background is never in focus, and a 12 MP scene drawn at full size is slow)."""
    if width * height > 4_000_000:
        small = _draw_background(width // 3, height // 3, rng, busy)
        return _add_noise(cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR), rng, 2.0)
    return _add_noise(_draw_background(width, height, rng, busy), rng, 4.0)


def _draw_background(width: int, height: int, rng: np.random.Generator, busy: bool) -> np.ndarray:
    base = np.array([rng.integers(120, 225) for _ in range(3)], dtype=np.float32)
    angle = float(rng.uniform(0, 2 * math.pi))
    norm = max(width, height)
    ramp = _smooth_field(
        height, width, lambda yy, xx: 0.85 + 0.25 * (xx * math.cos(angle) + yy * math.sin(angle)) / norm
    )
    scene: np.ndarray = np.empty((height, width, 3), np.uint8)
    scene[:] = base.astype(np.uint8)
    scene = _times(scene, ramp)
    if rng.random() < 0.4:  # brick or tile wall
        step_y = int(rng.integers(40, 90))
        step_x = step_y * 2
        mortar = float(rng.uniform(0.7, 0.85))
        dark = (scene.astype(np.float32) * mortar).astype(np.uint8)
        for row, top in enumerate(range(0, height, step_y)):
            scene[top : top + 4] = dark[top : top + 4]
            offset = (row % 2) * (step_x // 2)
            for left in range(-offset, width, step_x):
                x0 = max(0, left)
                scene[top : top + step_y, x0 : x0 + 4] = dark[top : top + step_y, x0 : x0 + 4]
    if busy:
        canvas = scene.copy()
        for _ in range(int(rng.integers(40, 90))):
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            kind = int(rng.integers(4))
            x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
            if kind == 0:
                x1, y1 = x0 + int(rng.integers(30, width // 3)), y0 + int(rng.integers(30, height // 3))
                cv2.rectangle(canvas, (x0, y0), (x1, y1), colour, -1)
            elif kind == 1:
                cv2.circle(canvas, (x0, y0), int(rng.integers(15, max(16, width // 8))), colour, -1)
            elif kind == 2:
                x1, y1 = int(rng.integers(0, width)), int(rng.integers(0, height))
                cv2.line(canvas, (x0, y0), (x1, y1), colour, int(rng.integers(2, 14)))
            else:
                pts = rng.integers(0, [width, height], size=(5, 2)).astype(np.int32)
                cv2.fillPoly(canvas, [pts], colour)
        # Out-of-focus background: blur most of it.
        scene = cv2.GaussianBlur(canvas, (0, 0), float(rng.uniform(1.0, 3.0)))
    return scene


def _frame(board: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A metal frame around the board, sometimes."""
    if rng.random() < 0.5:
        return board
    thickness = int(rng.integers(8, 22))
    grey = int(rng.integers(90, 200))
    return cv2.copyMakeBorder(
        board, thickness, thickness, thickness, thickness, cv2.BORDER_CONSTANT, value=(grey, grey, grey)
    )


def _composite(scene: np.ndarray, board: np.ndarray, quad: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = board.shape[:2]
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, quad.astype(np.float32))
    size = (scene.shape[1], scene.shape[0])
    warped = cv2.warpPerspective(board, matrix, size, flags=cv2.INTER_AREA if _shrinks(quad, w) else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size, flags=cv2.INTER_LINEAR)
    # Drop shadow on the wall.
    shift = int(max(4, w * 0.01))
    small = cv2.resize(
        np.roll(np.roll(mask, shift, 0), shift, 1), (size[0] // 4, size[1] // 4), interpolation=cv2.INTER_AREA
    )
    shadow = cv2.resize(cv2.GaussianBlur(small, (0, 0), max(1.0, shift / 4)), size, interpolation=cv2.INTER_LINEAR)
    shaded = _times(scene, 1 - (0.35 / 255.0) * shadow.astype(np.float32))
    weight = mask.astype(np.float32) / 255.0
    return cv2.blendLinear(warped, shaded, weight, 1.0 - weight)


def _shrinks(quad: np.ndarray, width: int) -> bool:
    return float(np.linalg.norm(quad[1] - quad[0])) < width * 0.9


def _quad(
    center: tuple[float, float],
    size: tuple[float, float],
    angle_deg: float = 0.0,
    jitter: float = 0.0,
    tilt: float = 0.0,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Corners of the placed board: rotated, one side foreshortened by `tilt`, corners jittered."""
    w, h = size
    corners = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], dtype=np.float64)
    if tilt and rng is not None:
        side = int(rng.integers(4))
        if side == 0:  # left edge further away
            corners[[0, 3], 1] *= 1 - tilt
        elif side == 1:
            corners[[1, 2], 1] *= 1 - tilt
        elif side == 2:  # top edge further away
            corners[[0, 1], 0] *= 1 - tilt
        else:
            corners[[2, 3], 0] *= 1 - tilt
    if jitter and rng is not None:
        corners += rng.uniform(-jitter, jitter, corners.shape) * np.array([w, h])
    theta = math.radians(angle_deg)
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    placed: np.ndarray = corners @ rot.T + np.array(center)
    return placed


def _lighting(image: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    h, w = image.shape[:2]
    angle = float(rng.uniform(0, 2 * math.pi))
    gain = _smooth_field(
        h,
        w,
        lambda yy, xx: 1.0 + strength * ((xx - w / 2) * math.cos(angle) + (yy - h / 2) * math.sin(angle)) / max(w, h),
    )
    return _times(image, gain)


def _shadow(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A soft cast shadow over part of the picture (a half-plane, darkened)."""
    h, w = image.shape[:2]
    angle = float(rng.uniform(0, 2 * math.pi))
    offset = float(rng.uniform(-0.15, 0.25)) * max(w, h)
    soft = max(w, h) * 0.03
    depth = float(rng.uniform(0.3, 0.45))

    def gain(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        dist = (xx - w / 2) * math.cos(angle) + (yy - h / 2) * math.sin(angle) - offset
        darkened: np.ndarray = 1.0 - depth / (1.0 + np.exp(-dist / soft))
        return darkened

    return _times(image, _smooth_field(h, w, gain))


def _glare(image: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    h, w = image.shape[:2]
    cx, cy = float(rng.uniform(0.2, 0.8)) * w, float(rng.uniform(0.2, 0.8)) * h
    radius = float(rng.uniform(0.08, 0.18)) * max(w, h)
    blob = _smooth_field(h, w, lambda yy, xx: np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2)))
    out = image.astype(np.float32)
    out += (strength * 255) * blob[..., None]
    return _to_u8(out)


def _jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    decoded = cv2.imdecode(data, cv2.IMREAD_COLOR)
    assert decoded is not None
    return decoded


def _scene_for(board: np.ndarray, rng: np.random.Generator, fill: float, busy: bool, extra: float = 0.0) -> np.ndarray:
    """A scene a little larger than the board (the board covers about `fill` of its width)."""
    bh, bw = board.shape[:2]
    width = int(bw / fill)
    height = int(max(bh / fill, width * float(rng.uniform(0.62, 0.8))))
    width, height = int(width * (1 + extra)), int(height * (1 + extra))
    return _background(width, height, rng, busy)


def photograph(board: Image.Image, difficulty: str, rng: np.random.Generator) -> Image.Image:
    """A photo of `board` at one of `DIFFICULTIES` (RGB)."""
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {difficulty!r}; one of {', '.join(DIFFICULTIES)}")
    flat = cv2.cvtColor(np.asarray(board.convert("RGB")), cv2.COLOR_RGB2BGR)
    flat = _frame(flat, rng)
    if difficulty == "phone":
        out = _phone_photo(flat, rng)
    elif difficulty == "clutter":
        out = _clutter_photo(flat, rng)
    else:
        out = _degrade(_wall_photo(flat, difficulty, rng), difficulty, rng)
    return Image.fromarray(cv2.cvtColor(out, cv2.COLOR_BGR2RGB))


def _phone_photo(flat: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A full 12 MP phone photo: the board a little skewed in a scene, uneven light, blur, sensor grain."""
    bh, bw = flat.shape[:2]
    pw, ph = PHONE_SIZE
    scale = min(pw * float(rng.uniform(0.72, 0.9)) / bw, ph * 0.85 / bh)
    scene = _background(pw, ph, rng, busy=rng.random() < 0.5)
    center = (pw / 2 + float(rng.uniform(-0.04, 0.04)) * pw, ph / 2 + float(rng.uniform(-0.08, 0.08)) * ph)
    quad = _quad(
        center,
        (bw * scale, bh * scale),
        float(rng.uniform(-2.5, 2.5)),
        jitter=float(rng.uniform(0.01, 0.03)),
        tilt=float(rng.uniform(0.02, 0.07)),
        rng=rng,
    )
    out = _composite(scene, flat, quad, rng)
    # Light falling across the picture and vignetting, as one gain field.
    angle = float(rng.uniform(0, 2 * math.pi))

    def gain(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
        ramp = ((xx - pw / 2) * math.cos(angle) + (yy - ph / 2) * math.sin(angle)) / max(pw, ph)
        corner = ((xx - pw / 2) / (pw / 2)) ** 2 + ((yy - ph / 2) / (ph / 2)) ** 2
        return (1.0 + 0.25 * ramp) * (1 - 0.09 * corner)

    out = _times(out, _smooth_field(ph, pw, gain))
    if rng.random() < 0.5:
        out = _glare(out, rng, float(rng.uniform(0.15, 0.35)))
    out = cv2.GaussianBlur(out, (0, 0), float(rng.uniform(1.2, 2.6)))
    # Sensor noise, in 2×2 grains (phone noise is not per-pixel white noise after demosaicing).
    cv2.setRNGSeed(int(rng.integers(1, 2**31 - 1)))
    grain = np.empty((ph // 2, pw // 2, 3), np.int16)
    cv2.randn(grain.reshape(ph // 2, -1), 0, float(rng.uniform(3, 7)))  # type: ignore[call-overload]  # as above
    return cv2.add(out, cv2.resize(grain, (pw, ph), interpolation=cv2.INTER_LINEAR), dtype=cv2.CV_8U)


def _clutter_photo(flat: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The board somewhere in a busy, out-of-focus scene."""
    bh, bw = flat.shape[:2]
    scale = float(rng.uniform(0.8, 1.0))
    flat_s = cv2.resize(flat, (int(bw * scale), int(bh * scale)), interpolation=cv2.INTER_AREA)
    scene = _scene_for(flat_s, rng, fill=float(rng.uniform(0.45, 0.6)), busy=True)
    sh, sw = scene.shape[:2]
    fh, fw = flat_s.shape[:2]
    cx = float(rng.uniform(fw / 2 + 10, sw - fw / 2 - 10)) if sw > fw + 20 else sw / 2
    cy = float(rng.uniform(fh / 2 + 10, sh - fh / 2 - 10)) if sh > fh + 20 else sh / 2
    quad = _quad((cx, cy), (fw, fh), float(rng.uniform(-2, 2)), jitter=0.01, rng=rng)
    out = _composite(scene, flat_s, quad, rng)
    out = _lighting(out, rng, 0.2)
    if rng.random() < 0.3:
        out = _glare(out, rng, float(rng.uniform(0.1, 0.25)))
    return out


def _wall_photo(flat: np.ndarray, difficulty: str, rng: np.random.Generator) -> np.ndarray:
    """The board filling most of a plain wall: nearly straight, rotated or in perspective."""
    bh, bw = flat.shape[:2]
    angle, jitter, tilt, extra = float(rng.uniform(-1.0, 1.0)), 0.004, 0.0, 0.0
    if difficulty == "rotation":
        angle = float(rng.uniform(5, 10)) * (1 if rng.random() < 0.5 else -1)
        extra = 0.2
    elif difficulty == "perspective":
        tilt, jitter, extra = float(rng.uniform(0.1, 0.2)), float(rng.uniform(0.01, 0.03)), 0.1
    scene = _scene_for(flat, rng, fill=float(rng.uniform(0.8, 0.9)), busy=False, extra=extra)
    sh, sw = scene.shape[:2]
    quad = _quad((sw / 2, sh / 2), (bw, bh), angle, jitter=jitter, tilt=tilt, rng=rng)
    out = _composite(scene, flat, quad, rng)
    return _lighting(out, rng, 0.12)


def _degrade(out: np.ndarray, difficulty: str, rng: np.random.Generator) -> np.ndarray:
    """What makes the photo hard to read: blur, a small picture, heavy JPEG, low contrast or noise."""
    if difficulty == "blur":
        if rng.random() < 0.3:  # motion blur
            length = int(rng.integers(5, 10))
            kernel = np.zeros((length, length), np.float32)
            kernel[length // 2, :] = 1.0 / length
            rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
            turned = cv2.warpAffine(kernel, rot, (length, length))
            return cv2.filter2D(out, -1, turned / max(turned.sum(), 1e-6))
        return cv2.GaussianBlur(out, (0, 0), float(rng.uniform(1.3, 2.2)))
    if difficulty == "small":
        factor = SMALL_LONG_SIDE / max(out.shape[:2])
        size = (round(out.shape[1] * factor), round(out.shape[0] * factor))
        return cv2.resize(out, size, interpolation=cv2.INTER_AREA)
    if difficulty == "jpeg":
        return _jpeg(out, int(rng.integers(8, 15)))
    if difficulty == "low_contrast":
        out = _shadow(out, rng)
        contrast = float(rng.uniform(0.3, 0.45))
        mean = float(out.mean())
        shift = float(rng.uniform(-25, 25))
        return _to_u8((out.astype(np.float32) - mean) * contrast + mean + shift)
    if difficulty == "noise":
        return _add_noise(out, rng, float(rng.uniform(15, 28)))
    return out


# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------


def _child_rng(seed: int, *path: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, *path]))


def photo_truth(spec: BoardSpec, photo_id: str, difficulty: str, image: Image.Image) -> dict[str, Any]:
    data = truth(spec)
    data.update({"id": photo_id, "difficulty": difficulty, "width": image.width, "height": image.height})
    return data


def write_photo(out_dir: Path, photo_id: str, image: Image.Image, data: Mapping[str, Any]) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{photo_id}.jpg"
    image.save(path, format="JPEG", quality=92)
    (out_dir / f"{photo_id}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def make_photo(spec: BoardSpec, difficulty: str, seed: int, *path: int) -> tuple[Image.Image, Image.Image]:
    """(board, photo) for a spec, deterministic for (seed, path)."""
    board = render_board(spec, _child_rng(seed, *path, 1))
    return board, photograph(board, difficulty, _child_rng(seed, *path, 2))


def make_dataset(
    out_dir: str | Path,
    per_class: int,
    seed: int = 0,
    difficulties: Sequence[str] = DIFFICULTIES,
) -> list[Path]:
    """`per_class` photos of different random boards per difficulty; returns the JPEG paths.

    Photo i of a class is the same whatever `per_class` is (each has its own seed path).
    """
    out = Path(out_dir)
    paths: list[Path] = []
    for d, difficulty in enumerate(DIFFICULTIES):
        if difficulty not in difficulties:
            continue
        for i in range(per_class):
            photo_id = f"{difficulty}-{i:03d}"
            spec = random_spec(_child_rng(seed, d, i, 0), key=photo_id)
            _, image = make_photo(spec, difficulty, seed, d, i)
            paths.append(write_photo(out, photo_id, image, photo_truth(spec, photo_id, difficulty, image)))
    return paths


def with_layout(spec: BoardSpec, layout: str) -> BoardSpec:
    """The same board in another layout (table rows become "车型：价格" lines outside tables)."""
    if layout == "free_text":
        lines = []
        for line in spec.lines:
            if line.section == "table_header":
                continue
            if line.cells:
                text = f"{line.cells[0]}：{line.cells[1]}" if line.cells[0] else line.cells[1]
                line = BoardLine(text, line.section)
            lines.append(line)
        return replace(spec, layout=layout, lines=tuple(lines))
    return replace(spec, layout=layout)


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write generated board photos with ground truth.")
    parser.add_argument("out_dir")
    parser.add_argument("--per-class", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = make_dataset(args.out_dir, args.per_class, args.seed)
    print(f"{len(paths)} photos in {args.out_dir}")


if __name__ == "__main__":
    main()
