"""The `parkwatch` command: a thin Typer shell over the library.

Each command group lives in its own module in `parkwatch/cli/` and exposes
`register(app)`; this module only assembles them.
"""

from __future__ import annotations

import typer

from parkwatch.cli import (
    audit,
    bot,
    crawl,
    dashboard,
    db,
    demo,
    evidence,
    ocr,
    report,
    tariff,
    users,
)

app = typer.Typer(
    name="parkwatch",
    help="停车收费价格监测 — parking-fee price monitoring.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (db, demo, dashboard, tariff, audit, ocr, crawl, report, users, evidence, bot):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
