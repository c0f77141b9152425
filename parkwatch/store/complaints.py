"""Import 12315 / 12345 complaint work orders (投诉举报工单) from CSV or Excel.

Columns (the header row; Chinese or English names, any order, extra columns ignored):

| column | also accepted | required | value |
|---|---|---|---|
| 编号 | number, 工单编号, 工单号 | yes | unique work-order number |
| 受理时间 | received_at, 登记时间, 来电时间 | yes | 2021-03-05 10:20, 2021/3/5, 2021年3月5日, an Excel date |
| 渠道 | channel, 来源 | yes | 12315 or 12345 (also "12315热线", "12345热线") |
| 区县 | district, 所属区县 | no | e.g. 岳阳楼区 |
| 停车场 | lot, 停车场名称, 地址, address | no | a lot name or address: matched to a stored lot |
| 内容 | text, 诉求内容, 投诉内容 | no | the complaint text |
| 类别 | category, 问题类别 | no | a category below (code or Chinese name); empty: guessed from the text |
| 状态 | status, 办理状态 | no | e.g. 已办结; empty: 已受理 |

Categories: high_price/收费过高, no_disclosure/未明码标价, private_charging/私人收费, overcharge/多收费,
other/其他.

Encoding: UTF-8, UTF-8 with BOM, or GBK/GB18030 (detected). Excel: `.xlsx`, the first sheet.

What happens with bad input (the chosen behaviour):
- A missing required column, an unreadable file or encoding: `ComplaintImportError`, nothing imported.
- A bad row (no number, bad date, unknown channel or category, a number twice in the file): the row
  is listed with its spreadsheet row number (header = row 1) and skipped; every good row loads.
  A row is either stored whole or not at all.
- A number already stored is skipped and counted (`already_present`): importing a file twice is safe.
- All good rows are written in ONE transaction: a database failure stores nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from parkwatch.store.clock import from_city
from parkwatch.store.db.engine import write_session
from parkwatch.store.db.models import Complaint, Lot

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "number", "工单编号", "工单号", "no"),
    "received_at": ("受理时间", "received_at", "登记时间", "来电时间", "received"),
    "channel": ("渠道", "channel", "来源"),
    "district": ("区县", "district", "所属区县", "县市区"),
    "lot_text": ("停车场", "lot", "停车场名称", "地址", "address", "lot_text", "停车场/地址"),
    "text": ("内容", "text", "诉求内容", "投诉内容"),
    "category": ("类别", "category", "问题类别"),
    "status": ("状态", "status", "办理状态"),
}
REQUIRED = ("number", "received_at", "channel")
COLUMN_ZH = {k: v[0] for k, v in COLUMNS.items()}

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "high_price": ("high_price", "收费过高", "收费标准较高", "价格过高", "收费高", "高价"),
    "no_disclosure": ("no_disclosure", "未明码标价", "不明码标价", "未公示", "无公示", "明码标价"),
    "private_charging": ("private_charging", "私人收费", "私自收费", "无权收费", "私人违规收费", "乱收费"),
    "overcharge": ("overcharge", "多收费", "超标收费", "标价外加价", "多收"),
    "other": ("other", "其他", "其它"),
}
# guessing a category from the complaint text when the column is empty (first match wins)
TEXT_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("private_charging", ("私人", "私自", "个人收费", "没有收费", "无权")),
    ("overcharge", ("多收", "超过标价", "与公示不符", "实际收取")),
    ("no_disclosure", ("明码标价", "没有公示", "未公示", "没有价格", "收费牌")),
    ("high_price", ("太贵", "过高", "较高", "贵", "涨价")),
)
DEFAULT_STATUS = "已受理"


class ComplaintImportError(ValueError):
    """The file as a whole cannot be imported; nothing was stored."""


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, the header being row 1
    message: str


@dataclass
class ImportReport:
    imported: int = 0
    already_present: int = 0
    matched_to_lot: int = 0
    errors: list[RowError] = field(default_factory=list)
    encoding: str | None = None

    def summary_zh(self) -> str:
        return (
            f"导入 {self.imported} 条（匹配到停车场 {self.matched_to_lot} 条），已存在跳过 {self.already_present} 条，"
            f"错误 {len(self.errors)} 行"
        )


# --- reading files -----------------------------------------------------------------------------


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        raise ComplaintImportError("无法识别文件编码（支持 UTF-8、GBK）/ unknown file encoding") from exc


def read_table(path: Path) -> tuple[list[list[Any]], str]:
    """The rows of a CSV or .xlsx file (first row = header) and the encoding or "xlsx"."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise ComplaintImportError(f"无法读取 Excel 文件 / cannot read the workbook: {exc}") from exc
        try:
            ws = wb.worksheets[0]
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
        return rows, "xlsx"
    if suffix == ".xls":
        raise ComplaintImportError("不支持旧版 .xls，请另存为 .xlsx 或 CSV / save .xls as .xlsx or CSV")
    text, encoding = decode_csv_bytes(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect)), encoding


def _norm_header(h: Any) -> str:
    return re.sub(r"[\s（）()/*:：]", "", str(h or "")).lower()


def map_header(header: Sequence[Any]) -> dict[str, int]:
    """Column name → index; raises when a required column is missing."""
    aliases = {_norm_header(a): key for key, names in COLUMNS.items() for a in names}
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = aliases.get(_norm_header(name))
        if key and key not in found:
            found[key] = index
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise ComplaintImportError(
            "缺少必需的列："
            + "、".join(f"{COLUMN_ZH[k]}/{k}" for k in missing)
            + "；未导入任何记录 / missing required columns; nothing imported"
        )
    return found


# --- parsing values ----------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
)


def parse_received_at(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value or "").strip()
    if not text:
        raise ValueError("受理时间为空 / received_at is empty")
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:：时](\d{1,2})分?)?", text)
    if m:
        y, mo, d, h, mi = m.groups()
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0))
    text = text.replace("T", " ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(f"受理时间“{text}”无法识别（例：2021-03-05 10:20）/ bad date")


def parse_channel(value: Any) -> str:
    text = str(value or "").strip()
    for channel in ("12315", "12345"):
        if text.startswith(channel):
            return channel
    raise ValueError(f"渠道“{text}”无效，应为 12315 或 12345 / channel must be 12315 or 12345")


def parse_category(value: Any, text: str | None) -> str:
    raw = str(value or "").strip()
    if raw:
        low = raw.lower()
        for category, words in CATEGORY_WORDS.items():
            if low in words or raw in words:
                return category
        allowed = "、".join(f"{w[0]}/{w[1]}" for w in CATEGORY_WORDS.values())
        raise ValueError(f"类别“{raw}”无法识别，可选：{allowed} / unknown category")
    for category, hints in TEXT_HINTS:
        if text and any(h in text for h in hints):
            return category
    return "other"


# --- matching lots -----------------------------------------------------------------------------


def _strip_label(name: str) -> str:
    return re.sub(r"（演示）|\(演示\)|\s", "", name)


@dataclass(frozen=True)
class _LotRef:
    id: int
    name: str
    address: str
    district: str | None


class LotMatcher:
    """Match a complaint's lot text to one stored lot: exact name, exact address, then containment.

    Only a unique match counts; a text that fits several lots stays unmatched (a person resolves it).
    """

    def __init__(self, lots: Iterable[tuple[int, str, str | None, str | None]]) -> None:
        self.lots = [_LotRef(i, _strip_label(n), _strip_label(a or ""), d) for i, n, a, d in lots]

    def match(self, text: str | None, district: str | None = None) -> int | None:
        if not text or not text.strip():
            return None
        t = _strip_label(text)
        candidates = self.lots if not district else [x for x in self.lots if x.district in (district, None)]
        for test in (
            lambda x: x.name == t,
            lambda x: bool(x.address) and x.address == t,
            lambda x: len(t) >= 4 and (t in x.name or (len(x.name) >= 4 and x.name in t)),
            lambda x: len(t) >= 6 and bool(x.address) and (t in x.address or x.address in t),
        ):
            hits = {x.id for x in candidates if test(x)}
            if len(hits) == 1:
                return hits.pop()
            if len(hits) > 1:
                return None
        return None


# --- importing ---------------------------------------------------------------------------------


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def import_rows(
    session: Session,
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    *,
    is_demo: bool = False,
    first_row_number: int = 2,
) -> ImportReport:
    """Validate every row, then add the good ones to `session` (the caller's one transaction)."""
    columns = map_header(header)
    report = ImportReport()
    matcher = LotMatcher(session.execute(select(Lot.id, Lot.name, Lot.address, Lot.district)).all())
    existing = set(session.scalars(select(Complaint.number)))
    in_file: set[str] = set()
    for offset, row in enumerate(rows):
        row_number = first_row_number + offset
        if not any(v not in (None, "") and str(v).strip() for v in row):
            continue  # blank lines are not errors
        try:
            number = _text(_cell(row, columns["number"]))
            if not number:
                raise ValueError("编号为空 / number is empty")
            if len(number) > 60:
                raise ValueError("编号过长（最多60字符）/ number too long")
            received_at = parse_received_at(_cell(row, columns["received_at"]))
            channel = parse_channel(_cell(row, columns["channel"]))
            text = _text(_cell(row, columns.get("text")))
            category = parse_category(_cell(row, columns.get("category")), text)
            district = _text(_cell(row, columns.get("district")))
            lot_text = _text(_cell(row, columns.get("lot_text")))
            status = _text(_cell(row, columns.get("status"))) or DEFAULT_STATUS
            if (district and len(district) > 50) or (lot_text and len(lot_text) > 300) or len(status) > 20:
                raise ValueError("区县、停车场或状态过长 / district, lot or status too long")
            if number in in_file:
                raise ValueError(f"编号 {number} 在文件中重复 / number appears twice in the file")
        except ValueError as exc:
            report.errors.append(RowError(row_number, str(exc)))
            continue
        in_file.add(number)
        if number in existing:
            report.already_present += 1
            continue
        lot_id = matcher.match(lot_text, district)
        session.add(
            Complaint(
                number=number,
                received_at=from_city(received_at),  # a 受理时间 is the city's wall clock
                channel=channel,
                district=district,
                lot_id=lot_id,
                lot_text=lot_text,
                text=text,
                category=category,
                status=status,
                is_demo=is_demo,
            )
        )
        report.imported += 1
        report.matched_to_lot += lot_id is not None
    session.flush()
    return report


def import_complaints(path: str | Path, engine: Engine | None = None, *, is_demo: bool = False) -> ImportReport:
    """Import a CSV or .xlsx work-order file; see the module docstring for what happens to bad input."""
    path = Path(path)
    if not path.is_file():
        raise ComplaintImportError(f"文件不存在 / file not found: {path}")
    table, encoding = read_table(path)
    if not table:
        raise ComplaintImportError("文件为空 / the file is empty")
    with write_session(engine) as session:
        report = import_rows(session, table[0], table[1:], is_demo=is_demo)
    report.encoding = encoding
    return report
