"""`parkwatch tariff parse|fee`: read a Chinese tariff text, compute the fee for a stay."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import typer

from parkwatch.core.fee import NoPriceError, fee, segment_label
from parkwatch.core.tariff import VEHICLE_CLASSES, VEHICLE_NAMES_ZH, ClassTariff, Tariff
from parkwatch.core.tariff_reader import TariffReading, read_tariff

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS

EXIT_UNREADABLE = 2


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_UNREADABLE)


def _text_from(text: str | None, file: Path | None) -> str:
    if text and file:
        _fail("错误：请只给出收费标准文字或 --file 其中之一 (give TEXT or --file, not both)")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"错误：无法读取文件 {file}：{exc} (cannot read file)")
    if not text or not text.strip():
        _fail("错误：没有收费标准文字 (no tariff text given: TEXT or --file)")
    return text or ""


def _reading(text: str) -> TariffReading:
    reading = read_tariff(text)
    if reading.tariff is None:
        parts = "；".join(reading.unread) or text.strip()
        _fail(f"错误：未能识别收费标准 (no readable tariff)：{parts}")
    return reading


def _warn_unread(reading: TariffReading) -> None:
    if reading.unread:
        typer.echo("警告：以下内容未能识别 (unread parts)：" + "；".join(reading.unread), err=True)
    for warning in reading.warnings:
        typer.echo(f"提示：{warning}", err=True)
    for assumption in reading.assumptions:
        typer.echo(f"提示：按默认计算 (default used)：{assumption}", err=True)


def _span(minutes: int) -> str:
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


_DAYS_ZH = {"weekday": "工作日", "saturday": "星期六", "sunday": "星期日", "weekend": "双休日", "holiday": "节假日"}


# the amount terms of a class (caps, discount) as they read when set, in the order they are shown
_CAPS = (
    ("cap_24h", "24小时最高{}元"),
    ("cap_day", "每日最高{}元"),
    ("cap_period", "每个计费时段最高{}元"),
    ("discount", "优惠 ×{}"),
)
_LATER_CAPS = (
    ("cap_later_day", "次日起每24小时最高{}元"),
    ("cap_third_day", "第{n}个24小时起每24小时最高{}元"),
    ("cap_48h", "48小时最高{}元"),
)
_CN_ORDINAL = "零一二三四五六七八九十"


def _amount_terms(c: ClassTariff, terms: tuple[tuple[str, str], ...]) -> list[str]:
    # {n}: the 24 h window a later cap starts at (第三个…, or 第4个… when the text says so)
    n = c.cap_third_day_from or 3
    nth = _CN_ORDINAL[n] if n <= 10 else str(n)
    return [shown.format(getattr(c, name), n=nth) for name, shown in terms if getattr(c, name) is not None]


def _entry_band_stay(within: int | None) -> str:
    """Which crossing stays the entry band's rate covers: all of them, or those up to `within` minutes."""
    if within is None:
        return ""
    if (within + 1) % 60 == 0:  # "不足1小时" is read as at most 59 minutes
        return f"停放不足{_span(within + 1)}的"
    return f"停放不超过{_span(within)}的"


def _class_line_extras(c: ClassTariff) -> list[str]:
    """The version-2 terms of a class, in Chinese."""
    parts = []
    if c.bands_from:
        parts.append(f"{_span(c.bands_from)}后按时段计费")
    if c.cycle_minutes:
        parts.append(f"每{_span(c.cycle_minutes)}重新计费")
    if c.restart_at_midnight:
        parts.append("每日零时起重新计费")
    if c.entry_band_rate:
        parts.append(f"跨时段{_entry_band_stay(c.entry_band_within)}按进场时段费率计费")
    until = "（至当日24时止）" if c.cap_window_midnight else ""
    if c.cap_window is not None and c.cap_window_minutes:
        parts.append(f"每{_span(c.cap_window_minutes)}最高{c.cap_window}元{until}")
    parts += _amount_terms(c, _LATER_CAPS)
    for d in c.day_caps:
        days = "、".join(_DAYS_ZH[day] for day in d.days)
        if d.cap_window is not None and c.cap_window_minutes:
            parts.append(f"{days}每{_span(c.cap_window_minutes)}最高{d.cap_window}元{until}")
        if d.cap_24h is not None:
            parts.append(f"{days}24小时最高{d.cap_24h}元")
    if c.multiple_of is not None:
        base = VEHICLE_NAMES_ZH.get(c.multiple_of[0], c.multiple_of[0])
        parts.append(f"按{base}标准的{c.multiple_of[1]}倍")
    return parts


def describe_tariff(tariff: Tariff) -> list[str]:
    """One line per vehicle class, pass and exemption, in Chinese (used by `tariff parse` and `ocr`)."""
    lines = []
    for c in tariff.classes:
        name = c.label or VEHICLE_NAMES_ZH.get(c.vehicle, c.vehicle)
        if c.zone:
            name = f"{c.zone} {name}"
        parts = []
        if c.always_free:
            parts.append("免费")
        if c.free_minutes:
            parts.append(f"{_span(c.free_minutes)}内免费" + ("（扣除免费时段）" if c.free_deducted else ""))
        running = Decimal(0)
        # with bands and no `bands_from`, the fee reads the bands alone (a seasonal reading keeps both)
        for s in c.segments if not c.bands or c.bands_from else ():
            if s.kind == "flat" and s.start > 0 and running:
                running += s.price
                parts.append(f"{segment_label(s)} 累计{running}元")  # ranges are totals
            else:
                running = running + s.price if s.kind == "flat" else Decimal(0)
                parts.append(f"{segment_label(s)} {s.price}元")
        for b in c.bands:
            band = "、".join(f"{segment_label(s)} {s.price}元" for s in b.segments) or "免费"
            cap = f"，最高{b.cap}元" if b.cap is not None else ""
            days = "、".join(_DAYS_ZH[d] for d in b.days)
            season = f"{b.season[0]}—{b.season[1]} " if b.season else ""  # the dates a seasonal band holds on
            parts.append(f"{b.name}({season}{days + ' ' if days else ''}{b.start:%H:%M}-{b.end:%H:%M}) {band}{cap}")
        if c.visit_price is not None:
            limit = f"（每次最长{_span(c.visit_max_minutes)}）" if c.visit_max_minutes else ""
            parts.append(f"按次 {c.visit_price}元{limit}")
        if c.rounding_minutes:
            parts.append(f"不足{_span(c.rounding_minutes)}按{_span(c.rounding_minutes)}计")
        parts += _amount_terms(c, _CAPS)
        parts += _class_line_extras(c)
        lines.append(f"{name}：" + "；".join(parts or ["（没有价格）"]))
    for p in tariff.passes:
        lines.append(f"{p.kind}：{p.price if p.price is not None else '?'}元" + (f"/{p.period}" if p.period else ""))
    if tariff.exemptions:
        lines.append("免费车辆：" + "；".join(tariff.exemptions))
    return lines


@app.command("parse")
def parse_command(
    text: str | None = typer.Argument(None, help="收费标准文字 (tariff text)"),
    file: Path | None = typer.Option(None, "--file", "-f", help="从文件读取 (read the text from a file)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (print the JSON form)"),
) -> None:
    """读取收费标准文字并显示结构 — read a tariff text and show its structure."""
    reading = _reading(_text_from(text, file))
    if as_json:
        typer.echo(json.dumps(reading.to_json(), ensure_ascii=False, indent=2))
    else:
        assert reading.tariff is not None
        for line in describe_tariff(reading.tariff):
            typer.echo(line)
    _warn_unread(reading)


def _tariff_from(text: str | None, file: Path | None, tariff_json: Path | None) -> tuple[Tariff, TariffReading | None]:
    """The tariff to price with: from its JSON form, or read from the text (with the reading, to warn)."""
    if tariff_json is None:
        reading = _reading(_text_from(text, file))
        assert reading.tariff is not None
        return reading.tariff, reading
    if text or file:
        _fail("错误：--tariff-json 不能与文字或 --file 同时使用")
    try:
        return Tariff.from_json(json.loads(tariff_json.read_text(encoding="utf-8"))), None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _fail(f"错误：无法读取 JSON 收费标准 {tariff_json}：{exc} (cannot read tariff JSON)")


def _entry(start: str | None) -> datetime:
    if start is None:
        from parkwatch.settings import get_settings

        # shell: today at 10:00 on the city's wall clock (a fee is computed in wall-clock time)
        return datetime.now(get_settings().zone).replace(tzinfo=None, hour=10, minute=0, second=0, microsecond=0)
    try:
        return datetime.fromisoformat(start)
    except ValueError:
        _fail(f"错误：入场时间格式不对 (bad --start, use ISO e.g. 2026-01-05T10:00)：{start}")


@app.command("fee")
def fee_command(
    text: str | None = typer.Argument(None, help="收费标准文字 (tariff text)"),
    file: Path | None = typer.Option(None, "--file", "-f", help="从文件读取收费标准文字 (read the text from a file)"),
    tariff_json: Path | None = typer.Option(None, "--tariff-json", help="JSON 形式的收费标准 (docs/tariff.md)"),
    minutes: int = typer.Option(..., "--minutes", "-m", min=0, help="停车时长（分钟）(length of stay, minutes)"),
    start: str | None = typer.Option(None, "--start", help="入场时间 ISO, 默认今天 10:00 (entry time)"),
    vehicle: str = typer.Option("small", "--vehicle", "-v", help="small|large|motorcycle|nev"),
    zone: str | None = typer.Option(None, "--zone", help="区域 (zone, when the tariff prices several: 一类区域)"),
    holiday: bool = typer.Option(False, "--holiday", help="入场当天是节假日 (the entry day is a public holiday)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (print the JSON form)"),
) -> None:
    """计算一次停车的费用 — compute the fee for one stay, with its breakdown."""
    if vehicle not in VEHICLE_CLASSES:
        _fail(f"错误：车型只能是 {'|'.join(VEHICLE_CLASSES)} (unknown vehicle {vehicle!r})")
    tariff, reading = _tariff_from(text, file, tariff_json)
    entry = _entry(start)
    holidays = (entry.date(),) if holiday else ()
    try:
        result = fee(tariff, entry, entry + timedelta(minutes=minutes), vehicle, zone=zone, holidays=holidays)
    except NoPriceError as exc:
        if reading is not None and reading.unread:
            _fail(f"错误：{exc}；未能识别：{'；'.join(reading.unread)}")
        _fail(f"错误：{exc}")
    if as_json:
        # complete / assumptions: how far the fee can be trusted (a tariff given as JSON has nothing unread)
        honesty = {
            "complete": True if reading is None else reading.complete,
            "assumptions": [] if reading is None else list(reading.assumptions),
        }
        typer.echo(json.dumps(result.to_json() | honesty, ensure_ascii=False))
    else:
        name = VEHICLE_NAMES_ZH.get(vehicle, vehicle)
        typer.echo(f"费用 {result.amount} 元（{name}，{result.minutes}分钟，入场 {entry:%Y-%m-%d %H:%M}）")
        if result.breakdown:
            typer.echo("明细：" + result.describe())
    if reading is not None:
        _warn_unread(reading)
