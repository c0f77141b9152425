"""The battery through the dashboard: one AppTest per public page, and every download the pages offer.

A page is inert when nothing it hands Streamlit's Markdown renderer (titles, captions, Markdown, alert
boxes, widget and link labels, metric labels, `st.table` cells — which Streamlit renders as Markdown)
makes HTML, a link or an image out of data, or names the foreign host unbroken. Downloads: the open-data
CSVs (first character of every field) and the manager's Excel export (no formula cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.dashboard.dashboard_helpers import errors, open_page
from tests.exports.battery import BATTERY, autolinks, formula_like, invisible, live_markup
from tests.exports.test_battery_reports import assert_workbook_inert

TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success", "toast")
# links the pages' own words carry (i18n), not data
OWN_LINKS = ("https://www.12315.cn/",)
LABELLED_KINDS = (
    "button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "time_input",
    "expander",
    "tabs",
    "metric",
)


def markdown_sources(at: Any) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown."""
    sources = [str(e.value) for kind in TEXT_KINDS for e in getattr(at, kind, [])]
    for kind in LABELLED_KINDS:
        sources.extend(str(getattr(e, "label", "")) for e in getattr(at, kind, []))
    sources.extend(str(e.value) for e in at.metric)
    sources.extend(e.proto.label for e in at.get("page_link"))
    for table in at.table:
        frame = table.value
        sources.extend(str(v) for v in [*frame.columns, *frame.index, *frame.to_numpy().ravel()])
    return sources


def assert_page_inert(at: Any) -> None:
    assert not errors(at), errors(at)
    problems = []
    for source in markdown_sources(at):
        found = live_markup(source, OWN_LINKS) + autolinks(source)
        if found:
            problems.append((source[:120], found))
    assert problems == []
    for chart in at.get("arrow_vega_lite_chart"):
        assert '"href"' not in chart.proto.spec  # no mark of a chart is a link


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], Any]]]:
    """The callables the pages' download buttons hand Streamlit, by file name (what a click would run)."""
    captured: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def capture(self: MediaFileManager, data_callable: Callable[[], Any], *args: Any, **kwargs: Any) -> str:
        file_name = kwargs.get("file_name") or (args[2] if len(args) > 2 else None)
        captured[str(file_name)] = data_callable
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    yield captured


def test_the_front_page_lists_the_battery_lots_as_text(battery) -> None:
    at = open_page("public", "public_map")
    assert len(at.get("page_link")) == len(BATTERY)  # every hostile lot is listed
    assert_page_inert(at)


@pytest.mark.parametrize("key", list(BATTERY))
def test_the_lot_page_of_a_battery_lot_is_inert(battery, key: str) -> None:
    at = open_page("public", "public_map")
    at.session_state["lot_id"] = battery["lots"][key]
    at.switch_page("app_pages/public_lot.py").run()
    assert_page_inert(at)
    assert at.subheader, "the lot's name is shown"


def test_a_hostile_source_name_in_the_price_history_is_shown_as_text(battery, sqlite_engine) -> None:
    from sqlalchemy import select

    from parkwatch.store.db.engine import write_session
    from parkwatch.store.db.models import Observation, PriceVersion, Source
    from tests.exports.battery import DEARER, NOW

    lot_id = battery["lots"]["formula"]
    with write_session(sqlite_engine) as s:
        hostile = s.scalars(select(Source).where(Source.key == "battery")).one()
        obs = Observation(lot_id=lot_id, source_id=hostile.id, kind="web", captured_at=NOW, tariff=DEARER.to_json())
        s.add(obs)
        s.flush()
        s.add(
            PriceVersion(
                lot_id=lot_id,
                source_id=hostile.id,
                observation_id=obs.id,
                valid_from=NOW,
                fee_grid_hash="hx",
                tariff=DEARER.to_json(),
            )
        )
    at = open_page("public", "public_map")
    at.session_state["lot_id"] = lot_id
    at.switch_page("app_pages/public_lot.py").run()
    assert_page_inert(at)


def test_city_totals_are_inert(battery) -> None:
    assert_page_inert(open_page("public", "public_totals"))


def test_the_bill_check_for_a_battery_lot_is_inert(battery) -> None:
    at = open_page("public", "public_bill")
    at.selectbox(key="bill_lot").select(battery["lots"]["markdown_link"])
    at.time_input(key="bill_entry_time").set_value(time(8, 0))
    at.time_input(key="bill_exit_time").set_value(time(11, 0))
    at.text_input(key="bill_paid").input("30")
    at.button[0].click().run()
    assert_page_inert(at)
    assert at.code, "the complaint text is offered (as code: inert)"


def _fields(data: bytes) -> list[str]:
    return [field for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for field in row]


def test_the_open_data_csv_downloads_start_no_formula(battery, deferred) -> None:
    at = open_page("public", "public_data")
    assert_page_inert(at)
    csvs = {name: build for name, build in deferred.items() if name.endswith(".csv")}
    assert set(csvs) == {"parkwatch-lots.csv", "parkwatch-tariffs.csv", "parkwatch-findings.csv"}
    seen_hostile = 0
    for name, build in csvs.items():
        fields = _fields(build())
        assert [f for f in fields if formula_like(f)] == [], name
        assert [f for f in fields if invisible(f)] == [], name
        seen_hostile += sum(1 for f in fields if f.startswith("'="))
    assert seen_hostile >= 2 * 4  # lots and findings each carry the four "=" entries, neutralised
    lots = _fields(csvs["parkwatch-lots.csv"]())
    assert "'=1+1" in lots and "-2+3+cmd|' /C calc'!A0" not in lots and "'-2+3+cmd|' /C calc'!A0" in lots


def test_the_managers_excel_export_has_no_formula(battery, deferred, tmp_path: Path) -> None:
    at = open_page("manager", "manager_campaign")
    at.selectbox(key="mgr_campaign").select(battery["campaign"]).run()
    assert not errors(at), errors(at)
    workbook = tmp_path / "campaign.xlsx"
    workbook.write_bytes(deferred["parkwatch-campaign.xlsx"]())
    assert assert_workbook_inert(workbook) >= 9
    districts = [row[0].value for row in load_workbook(workbook)["分县市区"].iter_rows(min_row=2)]
    assert BATTERY["hyperlink"] in districts
