"""The campaign report: the bureau's sentence, Markdown and xlsx, and the commands."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parkwatch.cli import app
from parkwatch.core.standards import load_standards
from parkwatch.core.stats import (
    CampaignRecord,
    ComplaintRecord,
    FindingDecision,
    InspectionRecord,
    LotRecord,
    compute_stats,
)
from parkwatch.store.report import complaint_sentence, render_markdown, summary_sentence, write_xlsx
from tests.rows import lot_row, stored_id
from tests.stats.stats_records import reinspection


def small_stats() -> dict:
    lots = [LotRecord(1, "岳阳楼区"), LotRecord(2, "君山区")]
    ordered = InspectionRecord(
        1,
        1,
        date(2021, 4, 6),
        1,
        staff_count=3,
        vehicle_count=1,
        outcome="rectification_order",
        fines_yuan=Decimal("2500.50"),
        disclosure_ok=False,
        decisions=(FindingDecision(5, "PD006", "confirmed", "rectified"),),
    )
    inspections = [
        ordered,
        reinspection(ordered, 2, date(2021, 4, 20), staff_count=2, rectified=True, disclosure_ok=True),
        InspectionRecord(3, 2, date(2021, 4, 8), 1, staff_count=2, disclosure_ok=True),
    ]
    complaints = [ComplaintRecord(f"a{i}", datetime(2020, 3, 1), "12345", "high_price") for i in range(5)]
    complaints += [ComplaintRecord(f"b{i}", datetime(2021, 3, 1), "12345", "high_price") for i in range(2)]
    campaigns = [CampaignRecord(1, "测试专项", date(2021, 4, 1), date(2021, 6, 30), None, {"inspection_coverage": 1.0})]
    return compute_stats(
        lots, inspections, complaints, campaigns, campaign_id=1, district_order=load_standards().district_order()
    )


def test_the_sentence_has_the_bureaus_shape_and_only_non_zero_extras() -> None:
    s = small_stats()
    assert summary_sentence(s) == (
        "共出动执法人员7人次，检查各类停车场2个，规范轻微价格违规行为1起，下达责令改正通知书1份，罚没款2500.50元。"
    )
    plain = dict(s, rectification_orders=0, fines_yuan=Decimal("0"), refunds_yuan=Decimal("12"))
    assert (
        summary_sentence(plain) == "共出动执法人员7人次，检查各类停车场2个，规范轻微价格违规行为1起，退还消费者12元。"
    )


def test_the_complaint_sentence_compares_the_campaigns_half_year_with_a_year_earlier() -> None:
    assert complaint_sentence(small_stats()) == "2021年上半年受理停车收费投诉2件，比2020年同期的5件减少3件（-60.0%）。"


def test_markdown_has_the_sentence_and_tables_per_district_and_rule() -> None:
    md = render_markdown(small_stats(), demo=True)
    assert md.startswith("# 测试专项工作情况（2021-04-01至2021-06-30）")
    assert "演示数据" in md
    assert "共出动执法人员7人次" in md
    assert "| 岳阳楼区 | 5 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 2500.50 | 0 | 1 | 100.0% | 100.0% | 100.0% |" in md
    assert "| PD006 | 1 | 1 |" in md
    assert "| 2021-H1 | 2 | 5 | -3 | -60.0% |" in md


def test_xlsx_has_the_sheets_the_sentence_and_exact_figures(tmp_path) -> None:
    path = write_xlsx(small_stats(), tmp_path / "r.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["概况", "分县市区", "按规则", "按周", "投诉"]
    texts = [c.value for c in wb["概况"]["A"] if c.value]
    assert any(str(t).startswith("共出动执法人员7人次") for t in texts)
    district = wb["分县市区"]
    header = [c.value for c in district[1]]
    row = {h: c.value for h, c in zip(header, district[2], strict=True)}
    assert row["县市区"] == "岳阳楼区" and row["出动人次"] == 5 and row["罚没款(元)"] == 2500.5
    assert row["整改率"] == 1.0


@pytest.fixture
def demo_city(sqlite_engine):
    from demo.city import build_demo_city

    build_demo_city(sqlite_engine, datetime(2026, 11, 28, 9, 0))
    return sqlite_engine


def test_stats_json_of_the_demo_city_shows_the_seeds_totals(demo_city) -> None:
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.output)
    assert (s["staff_person_times"], s["lots_inspected"], s["violations_rectified"]) == (850, 310, 9)
    periods = {p["period"]: p for p in s["complaints"]["by_period"]}
    assert (periods["2020-H1"]["count"], periods["2021-H1"]["count"]) == (34, 14)
    assert s["fines_yuan"] == "3000.00"


def test_report_command_writes_markdown_and_xlsx_with_the_seeds_sentence(demo_city, tmp_path) -> None:
    for fmt in ("md", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        result = CliRunner().invoke(app, ["report", "--campaign", "1", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("共出动执法人员850人次，检查各类停车场310个，规范轻微价格违规行为9起")
        assert out.stat().st_size > 0
    assert "2021年上半年受理停车收费投诉14件，比2020年同期的34件减少20件" in (tmp_path / "r.md").read_text("utf-8")


def test_report_command_refuses_an_unknown_format_or_campaign(demo_city, tmp_path) -> None:
    r = CliRunner().invoke(app, ["report", "--campaign", "1", "--format", "pdf", "-o", str(tmp_path / "x")])
    assert r.exit_code == 1 and "格式" in r.output
    r = CliRunner().invoke(app, ["report", "--campaign", "42", "--format", "md", "-o", str(tmp_path / "x")])
    assert r.exit_code == 1 and "不存在" in r.output


def test_campaign_and_inspection_commands_record_what_stats_then_count(sqlite_engine) -> None:
    from parkwatch.store.db.engine import write_session

    with write_session(sqlite_engine) as s:
        lot_id = stored_id(s, lot_row("测试", datetime(2021, 1, 1), district="岳阳楼区"))
    runner = CliRunner()
    r = runner.invoke(
        app,
        [
            "campaign",
            "add",
            "--name",
            "春季专项",
            "--start",
            "2021-04-01",
            "--end",
            "2021-06-30",
            "--target",
            "inspection_coverage=1",
        ],
    )
    assert r.exit_code == 0, r.output
    inspection = ["inspection", "add", "--lot", str(lot_id), "--date", "2021-04-02", "--campaign", "1"]
    by_two = ["--inspector", "甲", "--inspector", "乙", "--staff", "2", "--vehicles", "1", "--by", "甲"]
    r = runner.invoke(app, [*inspection, *by_two, "--outcome", "warning"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, [*inspection, "--inspector", "甲", "--staff", "1", "--outcome", "rectification_order"])
    assert r.exit_code == 1 and "整改期限" in r.output
    s = json.loads(runner.invoke(app, ["stats", "--campaign", "1", "--json"]).output)
    assert (s["staff_person_times"], s["warnings"], s["inspection_coverage"]) == (2, 1, 1.0)
    assert s["targets"]["inspection_coverage"]["met"] is True


def test_the_reinspect_command_records_a_reinspection_in_the_inspection_s_campaign(sqlite_engine) -> None:
    from parkwatch.store.db.engine import read_session, write_session
    from parkwatch.store.db.models import Campaign, Inspection

    with write_session(sqlite_engine) as s:
        lot_id = stored_id(s, lot_row("测试", datetime(2021, 1, 1), district="岳阳楼区"))
        spring = Campaign(name="春季专项", start_date=date(2021, 4, 1), end_date=date(2021, 4, 30), targets={})
        campaign_id = stored_id(s, spring)
    runner = CliRunner()
    inspection = ["inspection", "add", "--lot", str(lot_id), "--date", "2021-04-02", "--campaign", str(campaign_id)]
    r = runner.invoke(app, [*inspection, "--inspector", "甲", "--staff", "1", "--by", "甲"])
    assert r.exit_code == 0, r.output
    again = ["inspection", "reinspect", "--of", "1", "--inspector", "甲", "--staff", "2", "--vehicles", "1"]
    again += ["--rectified", "--fines", "50", "--by", "乙"]
    r = runner.invoke(app, [*again, "--date", "2021-04-01"])
    assert r.exit_code == 1 and "早于" in r.output
    r = runner.invoke(app, [*again, "--date", "2021-05-20"])  # after the campaign's end: it still counts for it
    assert r.exit_code == 0 and "re-inspection recorded: #2" in r.output, r.output
    with read_session(sqlite_engine) as s:
        visit = s.get(Inspection, 2)
        assert (visit.lot_id, visit.campaign_id, visit.reinspection_of_id, visit.rectified) == (
            lot_id,
            campaign_id,
            1,
            True,
        )
        assert (visit.inspectors, visit.staff_count, visit.vehicle_count, visit.fines_yuan, visit.created_by) == (
            ["甲"],
            2,
            1,
            Decimal("50.00"),
            "乙",
        )


def test_finding_commands_confirm_refuse_a_stale_version_and_undo(sqlite_engine) -> None:
    from sqlalchemy import select

    from parkwatch.store.db.engine import read_session, write_session
    from parkwatch.store.db.models import AuditEvent, Finding

    now = datetime(2021, 4, 1)
    with write_session(sqlite_engine) as s:
        f = Finding(fingerprint="x", rule_code="PD006", severity="error", message="m", found_at=now, updated_at=now)
        fid = stored_id(s, f)
    runner = CliRunner()
    r = runner.invoke(app, ["inspection", "confirm", str(fid), "--version", "1", "--by", "甲"])
    assert r.exit_code == 0 and "已更新" in r.output, r.output
    r = runner.invoke(app, ["inspection", "dismiss", str(fid), "--reason", "误报", "--version", "1", "--by", "乙"])
    assert r.exit_code == 1 and "已被他人修改" in r.output
    r = runner.invoke(app, ["inspection", "undo", str(fid), "--by", "甲"])
    assert r.exit_code == 0, r.output
    with read_session(sqlite_engine) as s:
        assert s.get(Finding, fid).status == "open"
        assert [e.action for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [
            "finding.confirm",
            "finding.undo",
        ]
