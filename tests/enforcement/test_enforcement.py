"""Inspections, re-inspections and finding decisions, stored (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from parkwatch.store.db.engine import read_session, write_session
from parkwatch.store.db.models import AuditEvent, Campaign, Finding, Inspection, InspectionFinding, Observation
from parkwatch.store.enforcement import (
    Decision,
    EnforcementError,
    FindingConflict,
    InspectionInput,
    Visit,
    _set_status,
    confirm_finding,
    create_campaign,
    dismiss_finding,
    record_inspection,
    record_reinspection,
    undo_finding,
)
from parkwatch.store.stats_db import stats_from_db
from tests.rows import finding_row, lot_row

NOW = datetime(2021, 4, 6, 10, 0)


def seed(engine) -> dict[str, int]:
    with write_session(engine) as s:
        lot = lot_row("测试停车场", NOW, address="岳阳市岳阳楼区测试路1号", district="岳阳楼区", pricing_form="market")
        s.add(lot)
        s.flush()
        findings = []
        for n, rule in enumerate(("PD006", "PD002", "PD011")):
            f = finding_row(lot.id, rule, f"{rule} 测试", NOW, fingerprint=f"fp-{n}", status="open")
            s.add(f)
            findings.append(f)
        campaign = create_campaign(
            s,
            name="测试专项",
            start_date=date(2021, 4, 1),
            end_date=date(2021, 6, 30),
            districts=["岳阳楼区"],
            targets={"inspection_coverage": 1.0},
            actor="mgr",
            now=NOW,
        )
        s.flush()
        return {
            "lot": lot.id,
            "campaign": campaign.id,
            "f1": findings[0].id,
            "f2": findings[1].id,
            "f3": findings[2].id,
        }


def count(engine, model, *where) -> int:
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(engine, finding_id: int) -> list[str]:
    with read_session(engine) as s:
        return list(
            s.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.entity == "finding", AuditEvent.entity_id == str(finding_id))
                .order_by(AuditEvent.id)
            )
        )


def inspection(ids: dict[str, int], **kw) -> InspectionInput:
    base = dict(
        lot_id=ids["lot"],
        inspected_on=date(2021, 4, 6),
        inspectors=("张三", "李四"),
        staff_count=2,
        vehicle_count=1,
        campaign_id=ids["campaign"],
    )
    base.update(kw)
    return InspectionInput(**base)


def reinspect(engine, of: int, on: date, **kw) -> None:
    """A re-inspection of inspection `of` by one inspector who found it put right, unless `kw` says otherwise."""
    with write_session(engine) as s:
        visit = Visit(inspected_on=on, inspectors=("张三",), staff_count=1, **kw)
        record_reinspection(s, of, visit, rectified=True, actor="a", now=NOW)


def test_an_inspection_stores_its_decisions_changes_the_findings_and_is_audited(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        photo = Observation(lot_id=ids["lot"], kind="photo", captured_at=NOW, raw_text="现场照片")
        s.add(photo)
        s.flush()
        photo_id = photo.id
    with write_session(engine) as s:
        record_inspection(
            s,
            inspection(
                ids,
                outcome="rectification_order",
                rectification_deadline=date(2021, 4, 21),
                fines_yuan="200",
                refunds_yuan=Decimal("35.50"),
                disclosure_ok=False,
                observation_ids=(photo_id,),
                decisions=(Decision(ids["f1"], "confirmed"), Decision(ids["f3"], "dismissed", "识别有误")),
            ),
            actor="张三",
            now=NOW,
        )
    with read_session(engine) as s:
        i = s.scalars(select(Inspection)).one()
        assert (i.staff_count, i.vehicle_count, i.outcome) == (2, 1, "rectification_order")
        assert i.fines_yuan == Decimal("200.00") and i.refunds_yuan == Decimal("35.50")
        assert s.get(Finding, ids["f1"]).status == "confirmed"
        dismissed = s.get(Finding, ids["f3"])
        assert (dismissed.status, dismissed.status_reason) == ("dismissed", "识别有误")
        assert s.get(Finding, ids["f2"]).status == "open"
        assert {(r.finding_id, r.decision) for r in s.scalars(select(InspectionFinding))} == {
            (ids["f1"], "confirmed"),
            (ids["f3"], "dismissed"),
        }
        created = s.scalars(select(AuditEvent).where(AuditEvent.action == "inspection.create")).one()
        assert created.actor == "张三" and created.after["observation_ids"] == [photo_id]
        assert s.get(Observation, photo_id).inspection_id == i.id
    assert audit_actions(engine, ids["f1"]) == ["finding.confirm"]


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(outcome="rectification_order"), "整改期限"),
        (dict(outcome="rectification_order", rectification_deadline=date(2021, 4, 1)), "整改期限早于"),
        (dict(staff_count=0), "人次"),
        (dict(inspectors=()), "检查人员"),
        (dict(outcome="罚款"), "处理结果"),
        (dict(fines_yuan="-5"), "罚没款"),
        (dict(fines_yuan="1.005"), "两位小数"),
        (dict(inspected_on=date(2021, 7, 2)), "不在专项行动期间"),
        (dict(decisions=(Decision(1, "dismissed"),)), "理由"),
        (dict(decisions=(Decision(99999, "confirmed"),)), "不存在"),
    ],
)
def test_bad_inspection_input_is_refused_and_nothing_is_stored(engine, bad, message) -> None:
    ids = seed(engine)
    with pytest.raises(EnforcementError, match=message), write_session(engine) as s:
        record_inspection(s, inspection(ids, **bad), actor="x", now=NOW)
    assert count(engine, Inspection) == 0
    assert count(engine, AuditEvent, AuditEvent.entity != "campaign") == 0


def test_a_failure_after_some_decisions_leaves_no_half_inspection(engine) -> None:
    ids = seed(engine)
    with pytest.raises(FindingConflict), write_session(engine) as s:
        record_inspection(
            s,
            inspection(
                ids, decisions=(Decision(ids["f1"], "confirmed"), Decision(ids["f2"], "confirmed", expected_version=5))
            ),
            actor="x",
            now=NOW,
        )
    assert count(engine, Inspection) == 0
    assert count(engine, InspectionFinding) == 0
    with read_session(engine) as s:
        assert s.get(Finding, ids["f1"]).status == "open"


def test_a_reinspection_that_finds_it_put_right_marks_the_findings_rectified_and_counts(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        first = record_inspection(
            s,
            inspection(
                ids, outcome="warning", decisions=(Decision(ids["f1"], "confirmed"), Decision(ids["f2"], "confirmed"))
            ),
            actor="a",
            now=NOW,
        )
        first_id = first.id
    reinspect(engine, first_id, date(2021, 4, 20), disclosure_ok=True)
    with read_session(engine) as s:
        assert {s.get(Finding, ids[k]).status for k in ("f1", "f2")} == {"rectified"}
        re = s.scalars(select(Inspection).where(Inspection.reinspection_of_id == first_id)).one()
        assert re.campaign_id == ids["campaign"] and re.rectified is True
    stats = stats_from_db(engine, ids["campaign"])
    assert (stats["staff_person_times"], stats["lots_inspected"], stats["lots_reinspected"]) == (3, 1, 1)
    assert (stats["problems_found"], stats["violations_rectified"], stats["warnings"]) == (2, 2, 1)
    assert audit_actions(engine, ids["f1"]) == ["finding.confirm", "finding.rectify"]


def test_a_reinspection_before_the_inspection_is_refused(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        first_id = record_inspection(s, inspection(ids), actor="a", now=NOW).id
    with pytest.raises(EnforcementError, match="复查日期"):
        reinspect(engine, first_id, date(2021, 4, 1))
    assert count(engine, Inspection) == 1


def test_confirming_twice_changes_once_and_audits_both_decisions(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        assert confirm_finding(s, ids["f1"], actor="a", now=NOW) is True
    with write_session(engine) as s:
        assert confirm_finding(s, ids["f1"], actor="b", now=NOW) is False
    with read_session(engine) as s:
        assert s.get(Finding, ids["f1"]).version == 2
    assert audit_actions(engine, ids["f1"]) == ["finding.confirm", "finding.confirm.unchanged"]


def test_undo_returns_the_finding_to_its_earlier_status_with_before_and_after(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        dismiss_finding(s, ids["f1"], reason="误报", actor="a", now=NOW)
    with write_session(engine) as s:
        undo_finding(s, ids["f1"], actor="b", now=NOW)
    with read_session(engine) as s:
        f = s.get(Finding, ids["f1"])
        assert (f.status, f.status_reason) == ("open", None)
        undo = s.scalars(select(AuditEvent).where(AuditEvent.action == "finding.undo")).one()
        assert undo.actor == "b"
        assert undo.before["status"] == "dismissed" and undo.after["status"] == "open"
    with pytest.raises(EnforcementError, match="没有可撤销"), write_session(engine) as s:
        undo_finding(s, ids["f2"], actor="b", now=NOW)


def test_dismissing_needs_a_reason(engine) -> None:
    ids = seed(engine)
    with pytest.raises(EnforcementError, match="理由"), write_session(engine) as s:
        dismiss_finding(s, ids["f1"], reason="  ", actor="a", now=NOW)


def test_a_stale_screen_version_is_a_conflict_with_a_clear_message(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        confirm_finding(s, ids["f1"], actor="a", now=NOW, expected_version=1)
    with pytest.raises(FindingConflict, match="已被他人修改"), write_session(engine) as s:
        dismiss_finding(s, ids["f1"], reason="x", actor="b", now=NOW, expected_version=1)
    assert audit_actions(engine, ids["f1"]) == ["finding.confirm"]


def test_a_row_changed_under_the_session_raises_stale_data_as_a_conflict(engine) -> None:
    """The version_id_col path: the UPDATE … WHERE version = 1 matches no row."""
    ids = seed(engine)
    with pytest.raises(FindingConflict, match="同时修改"), write_session(engine) as s:
        finding = s.get(Finding, ids["f1"])
        # another inspector's committed change, as seen by this transaction's UPDATE
        s.execute(
            update(Finding.__table__).where(Finding.__table__.c.id == ids["f1"]).values(version=2, status="dismissed")
        )
        _set_status(s, finding, "confirmed", None, actor="b", now=NOW, action="finding.confirm", expected_version=None)
    assert audit_actions(engine, ids["f1"]) == []


def test_two_inspectors_confirming_at_once_leave_one_result_and_one_audit_event(engine) -> None:
    ids = seed(engine)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def work(name: str, action: str) -> None:
        barrier.wait()
        try:
            with write_session(engine) as s:
                if action == "confirm":
                    confirm_finding(s, ids["f1"], actor=name, now=NOW, expected_version=1)
                else:
                    dismiss_finding(s, ids["f1"], reason="不成立", actor=name, now=NOW, expected_version=1)
            results[name] = "ok"
        except FindingConflict as exc:
            results[name] = exc

    threads = [
        threading.Thread(target=work, args=("甲", "confirm")),
        threading.Thread(target=work, args=("乙", "dismiss")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    winners = [n for n, r in results.items() if r == "ok"]
    losers = [r for r in results.values() if isinstance(r, FindingConflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    with read_session(engine) as s:
        f = s.get(Finding, ids["f1"])
        assert f.version == 2
        assert f.status == ("confirmed" if winners == ["甲"] else "dismissed")
        events = s.scalars(select(AuditEvent).where(AuditEvent.entity == "finding")).all()
        assert [(e.actor, e.after["status"]) for e in events] == [(winners[0], f.status)]


def test_a_campaign_needs_a_name_a_valid_period_and_rate_targets(engine) -> None:
    for kwargs, message in (
        (dict(name=" "), "名称"),
        (dict(end_date=date(2021, 3, 1)), "结束日期"),
        (dict(targets={"inspection_coverage": 100}), "比率"),
    ):
        args = dict(name="x", start_date=date(2021, 4, 1), end_date=date(2021, 6, 30), actor="m", now=NOW)
        args.update(kwargs)
        with pytest.raises(EnforcementError, match=message), write_session(engine) as s:
            create_campaign(s, **args)
    assert count(engine, Campaign) == 0


def test_an_observation_of_another_lot_or_inspection_is_refused_and_nothing_is_stored(engine) -> None:
    ids = seed(engine)
    with write_session(engine) as s:
        other = lot_row("另一停车场", NOW)
        s.add(other)
        s.flush()
        foreign = Observation(lot_id=other.id, kind="photo", captured_at=NOW)
        s.add(foreign)
        s.flush()
        foreign_id = foreign.id
    with pytest.raises(EnforcementError, match="不属于该停车场"), write_session(engine) as s:
        record_inspection(s, inspection(ids, observation_ids=(foreign_id,)), actor="张三", now=NOW)
    with pytest.raises(EnforcementError, match="不存在"), write_session(engine) as s:
        record_inspection(s, inspection(ids, observation_ids=(999_999,)), actor="张三", now=NOW)
    assert count(engine, Inspection) == 0


def test_a_visit_takes_the_decided_findings_and_the_inspectors_photos_of_the_city_day(engine) -> None:
    """The dashboard's inspection (`record_visit`): 2021-04-06 in the city runs 04-05 16:00 – 04-06 16:00 UTC."""
    from parkwatch.store.services.inspections import record_visit

    ids = seed(engine)
    with write_session(engine) as s:
        confirm_finding(s, ids["f1"], actor="张三", now=NOW, reason="现场核实")
        photos = {}
        for name, at, by in (
            ("early", datetime(2021, 4, 5, 16, 30, tzinfo=UTC), "张三"),  # 00:30 on the 6th in the city
            ("late", datetime(2021, 4, 6, 15, 30, tzinfo=UTC), "张三"),  # 23:30 on the 6th
            ("next_day", datetime(2021, 4, 6, 16, 30, tzinfo=UTC), "张三"),  # 00:30 on the 7th
            ("someone_else", datetime(2021, 4, 6, 3, 0, tzinfo=UTC), "李四"),
        ):
            photo = Observation(lot_id=ids["lot"], kind="photo", captured_at=at, created_by=by)
            s.add(photo)
            s.flush()
            photos[name] = photo.id
    with write_session(engine) as s:
        visit = record_visit(s, inspection(ids, inspectors=("张三",), staff_count=1), actor="张三", now=NOW)
        visit_id = visit.id
    with read_session(engine) as s:
        linked = set(s.scalars(select(Observation.id).where(Observation.inspection_id == visit_id)))
        of_visit = InspectionFinding.inspection_id == visit_id
        reviewed = set(s.scalars(select(InspectionFinding.finding_id).where(of_visit)))
    assert linked == {photos["early"], photos["late"]}
    assert reviewed == {ids["f1"]}
