"""The small seeded database of the dashboard tests (AppTests, the browser test, the benchmark smoke)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from parkwatch.core.tariff_reader import read_tariff
from tests.rows import demo_inspection, finding_row, posted_tariff, public_demo_lot, stored_id, web_observation

if TYPE_CHECKING:
    from parkwatch.store.db.models import Lot

HOSTILE_NAME = '恶意停车场<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
HOSTILE_BOARD = '收费标准<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
NOW = datetime(2024, 6, 3, 9, 0)

TARIFF_JSON = read_tariff("小型车：首小时5元，之后每小时2元，24小时最高收费20元，15分钟内免费").tariff.to_json()


def seed(engine: Engine) -> dict[str, int]:
    """Lots (one with a hostile name and board text), a posted tariff, findings in every status, an
    inspection, a campaign, a source with runs, a notification, demo accounts."""
    from parkwatch.core.tariff import Tariff
    from parkwatch.store.auth import create_demo_users
    from parkwatch.store.db.engine import write_session
    from parkwatch.store.db.models import AuditEvent, Notification

    tariff = Tariff.from_json(TARIFF_JSON).to_json()
    with write_session(engine) as s:
        lots = _lots(s)
        ids = {"lot": lots[0].id, "seed_case": lots[1].id, "hostile": lots[3].id}
        source_id = _failed_source(s)
        for lot in lots:
            board_text = HOSTILE_BOARD if lot.id == ids["hostile"] else "收费标准：首小时5元，之后每小时2元"
            observation_id = posted_tariff(s, lot.id, source_id, board_text, tariff, NOW, "h1")
            if lot.id == ids["lot"]:
                ids["observation"] = observation_id
        ids["campaign"] = _campaign(s)
        ids.update(_findings(s, ids["lot"], ids["seed_case"]))
        _inspection(s, ids["seed_case"], ids["campaign"])
        s.add(
            Notification(
                channel="email:test",
                event_key="k1",
                kind="source_failed",
                payload={"source": "demo-portal"},
                status="sent",
                attempts=1,
                created_at=NOW,
                sent_at=NOW,
            )
        )
        s.add(AuditEvent(at=NOW, actor="seed", action="seed", entity="lot", entity_id=str(ids["lot"])))
    create_demo_users(engine, NOW)
    return ids


def _lots(s: Session) -> list[Lot]:
    """Four lots in two districts; the last one's name is hostile markup."""
    names = ["岳阳楼景区停车场", "市政务服务中心后停车场", "南湖广场地下停车场", HOSTILE_NAME]
    lots = [
        public_demo_lot(
            name,
            NOW,
            29.37 + i * 0.01,
            113.09 + i * 0.01,
            address=f"岳阳楼区测试路{i + 1}号",
            district="岳阳楼区" if i % 2 == 0 else "云溪区",
            operator="岳阳测试停车管理有限公司",
            pricing_form="market",
            charging_right=True,
            berths=100 + i,
        )
        for i, name in enumerate(names)
    ]
    s.add_all(lots)
    s.flush()
    return lots


def _failed_source(s: Session) -> int:
    """The demo portal, whose last run failed (the sources page shows it); returns its id."""
    from parkwatch.store.db.models import Source, SourceRun

    source_id = stored_id(
        s,
        Source(
            key="demo-portal",
            kind="web",
            name="演示停车信息平台",
            url="http://portal.example/",
            is_demo=True,
            last_run_at=NOW,
            last_status="failed",
            last_items=0,
            last_errors=3,
        ),
    )
    s.add(
        SourceRun(
            source_id=source_id,
            started_at=NOW,
            finished_at=NOW,
            status="failed",
            items=0,
            errors=3,
            message="页面结构变化",
        )
    )
    return source_id


def _campaign(s: Session) -> int:
    from parkwatch.store.db.models import Campaign

    return stored_id(
        s,
        Campaign(
            name="2024停车收费专项检查（演示）",
            start_date=date(2024, 4, 1),
            end_date=date(2024, 6, 30),
            districts=None,
            targets={},
            is_demo=True,
        ),
    )


def _findings(s: Session, lot_id: int, seed_case_id: int) -> dict[str, int]:
    """An open, a confirmed and a dismissed finding on the first lot, a confirmed one on the seed case;
    returns their ids as `finding_<code>`."""
    ids = {}
    for code, status, on_lot in (
        ("PD001", "open", lot_id),
        ("PD002", "confirmed", lot_id),
        ("PD003", "dismissed", lot_id),
        ("CX003", "confirmed", seed_case_id),
    ):
        finding = finding_row(
            on_lot,
            code,
            f"{code} 测试发现（{status}）",
            NOW,
            fingerprint=f"{code}-{on_lot}",
            status=status,
            basis="《明码标价和禁止价格欺诈规定》第五条",
            values={},
            status_reason="隐藏理由-不应公开" if status == "dismissed" else None,
            is_demo=True,
        )
        s.add(finding)
        s.flush()
        ids[f"finding_{code}"] = finding.id
    return ids


def _inspection(s: Session, lot_id: int, campaign_id: int) -> None:
    """An inspection of the seed case with an order to rectify (its inspector's name is private)."""
    s.add(
        demo_inspection(
            lot_id,
            campaign_id,
            date(2024, 5, 6),
            "秘密检查员张三",
            NOW,
            refunds_yuan="30.00",
            created_by="秘密检查员张三",
            staff_count=4,
            vehicle_count=1,
            outcome="rectification_order",
            rectification_deadline=date(2024, 5, 20),
            disclosure_ok=False,
        )
    )


def seed_many_lots(engine: Engine, count: int) -> list[int]:
    """`count` more plain lots (named 测试停车场N, in 岳阳楼区), each with the seed's tariff: a database with
    more lots than a picker lists at once. Returns their ids."""
    from parkwatch.store.db.engine import write_session

    ids = []
    with write_session(engine) as s:
        for n in range(count):
            lot = public_demo_lot(
                f"测试停车场{n + 1}号",
                NOW,
                29.30 + n * 0.001,
                113.05 + n * 0.001,
                address=f"岳阳楼区远方路{n + 1}号",
                district="岳阳楼区",
                pricing_form="guided",
            )
            s.add(lot)
            s.flush()
            web_observation(s, lot.id, "收费标准：首小时5元，之后每小时2元", TARIFF_JSON, NOW, "h1")
            ids.append(lot.id)
    return ids
