"""The campaign report: the bureau's summary sentence, tables per district and per rule; Markdown and xlsx.

Works on the dict from `parkwatch.core.stats.compute_stats` (Decimal money). The sentence follows the
shape of the bureau's own reports (DOMAIN.md §1, §7):
"共出动执法人员850人次，检查各类停车场310个，规范轻微价格违规行为9起" — then, only when not zero,
下达责令改正通知书N份, 立案查处N件, 罚没款N元, 退还消费者N元.

Names from data (campaign, district, rule, complaint category) are escaped in the Markdown and written
as string cells in the workbook (`parkwatch.store.exports`): a district crawled as `=1+1` stays text.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from parkwatch.core.stats import COMPLAINT_CATEGORY_ZH
from parkwatch.core.tariff import money
from parkwatch.store.exports import markdown_text, xlsx_append

DEMO_NOTE = "注：本报告数据为演示数据（生成数据，非真实执法记录）。"

DISTRICT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("district", "县市区"),
    ("staff_person_times", "出动人次"),
    ("vehicle_times", "车辆台次"),
    ("lots_in_scope", "辖区停车场"),
    ("lots_inspected", "检查停车场"),
    ("lots_reinspected", "复查"),
    ("problems_found", "发现问题"),
    ("warnings", "提醒告诫"),
    ("interviews", "约谈"),
    ("rectification_orders", "责令改正通知书"),
    ("cases_opened", "立案"),
    ("cases_closed", "结案"),
    ("fines_yuan", "罚没款(元)"),
    ("refunds_yuan", "退还(元)"),
    ("violations_rectified", "已整改"),
    ("rectification_rate", "整改率"),
    ("disclosure_rate", "收费公示率"),
    ("inspection_coverage", "检查覆盖率"),
)
RULE_COLUMNS = (("rule", "规则"), ("found", "发现问题"), ("rectified", "已整改"))
# columns whose text comes from data (the others are numbers or computed labels)
DATA_KEYS = frozenset({"district", "rule"})
WEEK_COLUMNS = (
    ("week", "周次"),
    *(c for c in DISTRICT_COLUMNS[1:] if c[0] not in ("lots_in_scope", "inspection_coverage")),
)


def _yuan(value: Decimal) -> str:
    d = money(value)
    return str(d.to_integral()) if d == d.to_integral() else str(d)


def summary_sentence(stats: dict[str, Any]) -> str:
    """ "共出动执法人员850人次，检查各类停车场310个，规范轻微价格违规行为9起…。" """
    parts = [
        f"共出动执法人员{stats['staff_person_times']}人次",
        f"检查各类停车场{stats['lots_inspected']}个",
        f"规范轻微价格违规行为{stats['violations_rectified']}起",
    ]
    if stats.get("rectification_orders"):
        parts.append(f"下达责令改正通知书{stats['rectification_orders']}份")
    if stats.get("cases_opened"):
        parts.append(f"立案查处{stats['cases_opened']}件")
    if Decimal(stats.get("fines_yuan") or 0):
        parts.append(f"罚没款{_yuan(stats['fines_yuan'])}元")
    if Decimal(stats.get("refunds_yuan") or 0):
        parts.append(f"退还消费者{_yuan(stats['refunds_yuan'])}元")
    return "，".join(parts) + "。"


def complaint_sentence(stats: dict[str, Any]) -> str | None:
    """ "2021年上半年受理停车收费投诉14件，比2020年同期的34件减少20件（-58.8%）。"

    For a campaign: the half-year the campaign ends in; otherwise the latest half-year with a
    year-earlier figure. None when there is no such figure."""
    periods = [p for p in stats.get("complaints", {}).get("by_period", []) if p.get("year_earlier") is not None]
    campaign = stats.get("campaign")
    if campaign:  # the half-year the campaign ends in (the seed compares H1 2021 with H1 2020)
        end = campaign["end_date"]
        own = f"{end[:4]}-H{1 if int(end[5:7]) <= 6 else 2}"
        periods = [p for p in periods if p["period"] == own]
    if not periods:
        return None
    p = periods[-1]
    year, half = p["period"].split("-")
    half_zh = "上半年" if half == "H1" else "下半年"
    change = p["change"]
    word = "减少" if change < 0 else "增加" if change > 0 else "持平"
    rate = f"（{p['change_rate'] * 100:+.1f}%）" if p.get("change_rate") is not None else ""
    tail = f"{word}{abs(change)}件{rate}" if change else "持平"
    return f"{year}年{half_zh}受理停车收费投诉{p['count']}件，比{int(year) - 1}年同期的{p['year_earlier']}件{tail}。"


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return "—"
    if key.endswith("_rate") or key == "inspection_coverage":
        return f"{value * 100:.1f}%"
    if isinstance(value, Decimal):
        return _yuan(value)
    return value


def _title(stats: dict[str, Any], name: Callable[[object], str] = str) -> str:
    c = stats.get("campaign")
    if c:
        return f"{name(c['name'])}工作情况（{c['start_date']}至{c['end_date']}）"
    return "停车收费价格监管工作情况"


def _md_table(columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> list[str]:
    out = ["| " + " | ".join(zh for _k, zh in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        out.append("| " + " | ".join(_md_cell(k, row.get(k)) for k, _zh in columns) + " |")
    return out


def _md_cell(key: str, value: Any) -> str:
    if key in DATA_KEYS and isinstance(value, str):
        return markdown_text(value)
    return str(_cell(key, value))


def render_markdown(stats: dict[str, Any], *, demo: bool = False) -> str:
    lines = [f"# {_title(stats, markdown_text)}", ""]
    if demo:
        lines += [f"> {DEMO_NOTE}", ""]
    lines += [summary_sentence(stats), ""]
    complaint = complaint_sentence(stats)
    if complaint:
        lines += [complaint, ""]
    if stats.get("targets"):
        lines += ["## 目标完成情况", "", "| 指标 | 目标 | 实际 | 是否达成 |", "|---|---|---|---|"]
        names = dict(DISTRICT_COLUMNS)
        for key, t in stats["targets"].items():
            met = "—" if t["met"] is None else ("是" if t["met"] else "否")
            label = names.get(key) or markdown_text(key)
            lines.append(f"| {label} | {_cell(key, t['target'])} | {_cell(key, t['actual'])} | {met} |")
        lines.append("")
    lines += ["## 分县市区统计", "", *_md_table(DISTRICT_COLUMNS, stats.get("by_district", [])), ""]
    lines += ["## 按规则统计", "", *_md_table(RULE_COLUMNS, stats.get("violations_by_rule", [])), ""]
    lines += ["## 按周统计", "", *_md_table(WEEK_COLUMNS, stats.get("by_week", [])), ""]
    comp = stats.get("complaints") or {}
    if comp.get("by_period"):
        lines += [
            "## 投诉举报（按半年，与上年同期比较）",
            "",
            "| 期间 | 件数 | 上年同期 | 增减 | 增减率 |",
            "|---|---|---|---|---|",
        ]
        for p in comp["by_period"]:
            rate = "—" if p.get("change_rate") is None else f"{p['change_rate'] * 100:+.1f}%"
            lines.append(
                f"| {p['period']} | {p['count']} | {_cell('', p.get('year_earlier'))} | "
                f"{_cell('', p.get('change'))} | {rate} |"
            )
        lines += ["", "| 类别 | 件数 |", "|---|---|"]
        for cat, n in comp.get("by_category", {}).items():
            lines.append(f"| {COMPLAINT_CATEGORY_ZH.get(cat) or markdown_text(cat)} | {n} |")
        lines.append("")
    return "\n".join(lines)


def write_xlsx(stats: dict[str, Any], path: str | Path, *, demo: bool = False) -> Path:
    """One workbook: 概况 (the sentence and totals), 分县市区, 按规则, 按周, 投诉."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    xlsx_append(ws, [_title(stats)])
    ws["A1"].font = Font(bold=True, size=14)
    if demo:
        xlsx_append(ws, [DEMO_NOTE])
    xlsx_append(ws, [summary_sentence(stats)])
    complaint = complaint_sentence(stats)
    if complaint:
        xlsx_append(ws, [complaint])
    xlsx_append(ws, [])
    xlsx_append(ws, ["指标", "数值", "key"])
    for key, zh in DISTRICT_COLUMNS[1:]:
        value = stats.get(key)
        xlsx_append(ws, [zh, float(value) if isinstance(value, Decimal) else value, key])
    ws.column_dimensions["A"].width = 24

    def sheet(title: str, columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> None:
        s = wb.create_sheet(title)
        xlsx_append(s, [zh for _k, zh in columns])
        for c in s[1]:
            c.font = Font(bold=True)
        for row in rows:
            xlsx_append(s, [float(row[k]) if isinstance(row.get(k), Decimal) else row.get(k) for k, _zh in columns])
        for index, (key, _zh) in enumerate(columns, start=1):
            if key.endswith("_rate") or key == "inspection_coverage":
                for cell in s.iter_cols(min_col=index, max_col=index, min_row=2):
                    for c in cell:
                        c.number_format = "0.0%"
            if key.endswith("_yuan"):
                for cell in s.iter_cols(min_col=index, max_col=index, min_row=2):
                    for c in cell:
                        c.number_format = "0.00"

    sheet("分县市区", DISTRICT_COLUMNS, stats.get("by_district", []))
    sheet("按规则", RULE_COLUMNS, stats.get("violations_by_rule", []))
    sheet("按周", WEEK_COLUMNS, stats.get("by_week", []))
    comp = stats.get("complaints") or {}
    sheet(
        "投诉",
        (
            ("period", "期间"),
            ("count", "件数"),
            ("year_earlier", "上年同期"),
            ("change", "增减"),
            ("change_rate", "增减率"),
        ),
        comp.get("by_period", []),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
