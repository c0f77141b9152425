"""AppTests of the inspector's pages: findings, inspection, queue, sources."""

from __future__ import annotations

from datetime import date

from dashboard_helpers import all_text, errors, open_page
from sqlalchemy import select

from parkwatch.store.db.engine import read_session
from parkwatch.store.db.models import AuditEvent, Finding, Inspection, InspectionFinding


def _status(engine, finding_id: int) -> str:
    with read_session(engine) as session:
        return session.get(Finding, finding_id).status


def test_an_inspector_confirms_a_finding_with_a_reason_and_can_undo_it(seeded, sqlite_engine):
    at = open_page("inspector", "inspector_findings")
    at.selectbox(key="findings_lot").select(seeded["lot"]).run()
    fid = seeded["finding_PD001"]
    at.button(key=f"confirm_{fid}").click().run()
    assert "请填写理由" in all_text(at)  # no reason, no decision
    assert _status(sqlite_engine, fid) == "open"
    at.text_input(key=f"reason_{fid}").input("现场核实，价目牌缺少举报电话")
    at.button(key=f"confirm_{fid}").click().run()
    assert not errors(at)
    assert _status(sqlite_engine, fid) == "confirmed"
    at.text_input(key=f"reason_{fid}").input("误操作")
    at.button(key=f"undo_{fid}").click().run()
    assert _status(sqlite_engine, fid) == "open"
    with read_session(sqlite_engine) as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "finding", AuditEvent.entity_id == str(fid))
        ).all()
        actors = set(session.scalars(select(AuditEvent.actor).where(AuditEvent.entity == "finding")))
    assert actions == ["finding.confirm", "finding.undo"]
    assert actors == {"inspector"}


def test_an_inspector_dismisses_a_finding(seeded, sqlite_engine):
    at = open_page("inspector", "inspector_findings")
    at.selectbox(key="findings_lot").select(seeded["lot"]).run()
    fid = seeded["finding_PD001"]
    at.text_input(key=f"reason_{fid}").input("照片反光，非违规")
    at.button(key=f"dismiss_{fid}").click().run()
    assert _status(sqlite_engine, fid) == "dismissed"


def test_recording_an_inspection_stores_it_with_the_decided_findings(seeded, sqlite_engine):
    at = open_page("inspector", "inspector_inspection")
    at.selectbox(key="insp_lot").select(seeded["lot"])
    at.number_input(key="insp_staff").set_value(3)
    at.selectbox(key="insp_outcome").select("warning")
    at.text_input(key="insp_refunds").input("12.50")
    at.selectbox(key="insp_campaign").select(seeded["campaign"])
    at.date_input(key="insp_date").set_value(date(2024, 5, 10))  # inside the campaign
    at.button[0].click().run()
    assert not errors(at)
    assert "检查记录已保存" in all_text(at)
    with read_session(sqlite_engine) as session:
        inspection = session.scalars(select(Inspection).where(Inspection.lot_id == seeded["lot"])).one()
        linked = set(
            session.scalars(
                select(InspectionFinding.finding_id).where(InspectionFinding.inspection_id == inspection.id)
            )
        )
    assert inspection.staff_count == 3 and inspection.outcome == "warning"
    assert str(inspection.refunds_yuan) == "12.50" and inspection.inspectors == ["inspector"]
    assert linked == {seeded["finding_PD002"], seeded["finding_PD003"]}


def test_a_rectification_order_without_a_deadline_is_refused_and_nothing_is_stored(seeded, sqlite_engine):
    at = open_page("inspector", "inspector_inspection")
    at.selectbox(key="insp_outcome").select("rectification_order")
    at.button[0].click().run()
    assert at.error, "a clear message"
    with read_session(sqlite_engine) as session:
        assert session.scalars(select(Inspection).where(Inspection.created_by == "inspector")).first() is None


def test_the_inspection_action_records_the_signed_in_inspector_and_empty_amounts_as_zero(seeded, sqlite_engine):
    from datetime import datetime

    from dashboard import actions
    from parkwatch.store.services.inspections import InspectionInput

    form = InspectionInput(
        lot_id=seeded["lot"],
        inspected_on=date(2024, 6, 3),
        inspectors=("someone else",),
        staff_count=2,
        fines_yuan="",
        refunds_yuan="",
        notes="",
    )
    iid = actions.record_inspection(
        sqlite_engine, actor="inspector", role="inspector", data=form, now=datetime(2024, 6, 3, 10, 0)
    )
    with read_session(sqlite_engine) as session:
        stored = session.get(Inspection, iid)
    assert stored.inspectors == ["inspector"] and stored.notes is None
    assert stored.fines_yuan == 0 and stored.refunds_yuan == 0


def test_the_review_queue_lists_open_findings(seeded):
    at = open_page("inspector", "inspector_queue")
    assert not errors(at)
    assert "PD001" in all_text(at)


def test_source_health_shows_the_failed_source_and_its_runs(seeded):
    at = open_page("inspector", "inspector_sources")
    text = all_text(at)
    assert "演示停车信息平台" in text and "页面结构变化" in text and "运行失败" in text


def test_running_the_rules_from_the_page_reports_what_it_found(seeded):
    at = open_page("inspector", "inspector_findings")
    at.selectbox(key="findings_lot").select(seeded["lot"]).run()
    at.button(key="run_rules").click().run()
    assert not errors(at), errors(at)
    assert "规则核查完成" in all_text(at)


def test_a_decision_on_a_finding_someone_else_changed_meanwhile_is_refused(seeded, sqlite_engine):
    from datetime import datetime

    from dashboard import actions

    fid = seeded["finding_PD001"]
    with read_session(sqlite_engine) as session:
        version = session.get(Finding, fid).version
    now = datetime(2024, 6, 3, 10, 0)

    def decide(actor: str, decision: str, reason: str) -> None:
        actions.decide_finding(
            sqlite_engine,
            actor=actor,
            role="inspector",
            finding_id=fid,
            decision=decision,
            reason=reason,
            expected_version=version,
            now=now,
        )

    decide("a", "confirmed", "现场核实")
    try:
        decide("b", "dismissed", "非违规")
    except actions.ActionError as error:
        assert "他人" in str(error)
    else:
        raise AssertionError("the second, stale decision was accepted")
    assert _status(sqlite_engine, fid) == "confirmed"
    with read_session(sqlite_engine) as session:
        events = session.scalars(
            select(AuditEvent.actor).where(AuditEvent.entity == "finding", AuditEvent.entity_id == str(fid))
        ).all()
    assert events == ["a"]


def test_deciding_a_finding_needs_the_inspector_role_on_the_server_side(seeded, sqlite_engine):
    from datetime import datetime

    import pytest

    from dashboard import actions

    with pytest.raises(PermissionError):
        actions.decide_finding(
            sqlite_engine,
            actor="x",
            role="public",
            finding_id=seeded["finding_PD001"],
            decision="confirmed",
            reason="r",
            expected_version=1,
            now=datetime(2024, 6, 3),
        )
    assert _status(sqlite_engine, seeded["finding_PD001"]) == "open"
