"""`parkwatch lots list [--city ID] [--district NAME] [--json]`: the lots as known, with their city,
district, zone, pricing form, approval number, id at their source and newest tariff.

A lot's own values (the register's, an inspector's) win; where it has none, what its newest public observation
states fills in (`parkwatch.store.services.lots.lot_listing`).
"""

from __future__ import annotations

import json

import typer

from parkwatch.cli._output import console as make_console

app = typer.Typer(no_args_is_help=True)  # its help is the line in parkwatch.cli.COMMANDS

FORMS = {"market": "市场调节价", "guided": "政府指导价", "government": "政府定价", "unknown": "未知"}


@app.command("list")
def list_command(
    city: str | None = typer.Option(
        None, "--city", help="辖区编号 jurisdiction id (data/standards/jurisdictions.yaml)"
    ),
    district: str | None = typer.Option(None, "--district", help="区县名称 district name, e.g. 天元区"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（每个停车场一个对象）print JSON, one object a lot"),
) -> None:
    """列出停车场：城市、区县、区域、定价形式、批复文号、最新收费标准 — list the lots.

    退出状态 exit status: 0 已列出 listed (also when none match); 2 未知城市 unknown city.
    """
    from parkwatch.core.standards import load_standards
    from parkwatch.store.db.engine import get_engine, read_session
    from parkwatch.store.services.lots import lot_listing

    known = load_standards().jurisdictions
    if city is not None and city not in known:
        typer.echo(f"未知城市 unknown city {city!r}; 可选 known: {', '.join(sorted(known))}", err=True)
        raise typer.Exit(2)
    with read_session(get_engine()) as session:
        rows = lot_listing(session, city=city, district=district)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    _table(rows)


def _table(rows: list[dict[str, object]]) -> None:
    from rich.table import Table

    table = Table(
        "id",
        "名称 name",
        "城市 city",
        "区县 district",
        "区域 zone",
        "定价形式 form",
        "批复 approval",
        "收费标准 tariff",
    )
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["name"]),
            str(r["city"]),
            str(r["district"] or ""),
            str(r["zone"] or ""),
            FORMS.get(str(r["pricing_form"]), str(r["pricing_form"])),
            str(r["approval_ref"] or ""),
            "有 yes" if r["tariff"] else "无 none",
        )
    console = make_console()
    console.print(table)
    console.print(f"共 {len(rows)} 个停车场 lots")
