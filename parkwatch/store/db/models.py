"""SQLAlchemy 2.x models: the stored record of lots, sources, observations, findings and enforcement.

The schema is owned by Alembic migrations in `parkwatch/store/db/migrations/versions/`; a change here
needs a new migration (`make migration m="..."`). Money columns are `Numeric(12, 2)` and come back
as `Decimal`. Every instant is a `UTCInstant` (aware UTC; `timestamptz` on PostgreSQL); legal dates
(an inspection day, a deadline) are `Date`. JSON columns hold the documented JSON forms of the core
models (board record, tariff).
Rows made by the demo generator carry `is_demo = True` so every view can label them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.sql import FromClause

from parkwatch.store.db.types import UTCInstant

Money = Numeric(12, 2, asdecimal=True)

OBSERVATION_STATUSES = ("public", "pending", "confirmed", "rejected")
PUBLIC_OBSERVATIONS = ("public", "confirmed")  # shown to the public and judged by the rules


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class Versioned:
    """Optimistic locking: `version` is bumped on every update, so of two writers saving the same row at once
    the second fails (StaleDataError) instead of silently overwriting the first. The column comes last."""

    __table__: ClassVar[FromClause]  # the model's table, as DeclarativeBase types it
    version: Mapped[int] = mapped_column(Integer, default=1, sort_order=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


def table_of(model: type[Base]) -> Table:
    """The model's table, for Core bulk inserts (SQLAlchemy types `__table__` as any FROM clause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Lot(Base):
    """A parking lot or an on-street berth section: the unit everything is judged per."""

    __tablename__ = "lots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    district: Mapped[str | None] = mapped_column(String(50), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    operator: Mapped[str | None] = mapped_column(String(200))
    operator_credit_code: Mapped[str | None] = mapped_column(String(18))
    # mall, hotel, office, residential, private, enterprise, public, on_street, hospital,
    # station, airport, scenic, transit_hub, government ... (see data/standards)
    category: Mapped[str | None] = mapped_column(String(40))
    # market 市场调节价 / guided 政府指导价 / government 政府定价 / unknown
    pricing_form: Mapped[str] = mapped_column(String(20), default="unknown")
    # True: registered / charging right known; False: known to have none (the seed's case); None: unknown
    charging_right: Mapped[bool | None] = mapped_column(Boolean)
    approval_ref: Mapped[str | None] = mapped_column(String(100))
    berths: Mapped[int | None] = mapped_column(Integer)
    # a jurisdiction id of data/standards/jurisdictions.yaml: the standards the lot is judged by
    city: Mapped[str] = mapped_column(String(40), default="yueyang", index=True)
    # 一类/二类/三类区域 where the city zones its tariffs; None where it does not or it is unknown
    zone: Mapped[str | None] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    updated_at: Mapped[datetime] = mapped_column(UTCInstant)

    observations: Mapped[list[Observation]] = relationship(back_populates="lot")


class Source(Base):
    """Where observations come from: a crawl source (data/sources/*.yaml) or an upload channel."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    # web / api / photo / receipt / manual / complaint
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    definition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # source health, updated at the end of every run
    last_run_at: Mapped[datetime | None] = mapped_column(UTCInstant)
    last_status: Mapped[str | None] = mapped_column(String(20))  # ok / failed
    last_items: Mapped[int | None] = mapped_column(Integer)
    last_errors: Mapped[int | None] = mapped_column(Integer)


class SourceRun(Base):
    """One crawl (or import) run of a source: the history behind source health."""

    __tablename__ = "source_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCInstant)
    finished_at: Mapped[datetime | None] = mapped_column(UTCInstant)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running / ok / failed
    items: Mapped[int] = mapped_column(Integer, default=0)
    valid_items: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)


class Evidence(Base):
    """A captured file (photo, page snapshot, receipt), stored content-addressed by sha256."""

    __tablename__ = "evidence"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo / page / receipt
    media_type: Mapped[str | None] = mapped_column(String(80))
    size_bytes: Mapped[int] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(String(500))  # restricted original; None once purged
    public_path: Mapped[str | None] = mapped_column(String(500))  # stripped / blurred copy
    captured_at: Mapped[datetime] = mapped_column(UTCInstant)
    purged_at: Mapped[datetime | None] = mapped_column(UTCInstant)

    # not a column: `store_evidence` sets it on the row it returns (True when the bytes were already stored)
    duplicate = False


class Observation(Base):
    """One captured price disclosure: what a board, a page or a receipt said at one moment."""

    __tablename__ = "observations"
    __table_args__ = (Index("ix_observations_lot_captured", "lot_id", "captured_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # web / photo / receipt / manual
    captured_at: Mapped[datetime] = mapped_column(UTCInstant)
    url: Mapped[str | None] = mapped_column(String(500))
    source_ref: Mapped[str | None] = mapped_column(String(200))  # id of the lot at the source
    raw_text: Mapped[str | None] = mapped_column(Text)
    board: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    tariff: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fee_grid_hash: Mapped[str | None] = mapped_column(String(64))
    # a charged amount (receipt, complaint): CX002 compares it with the posted fee
    charged_yuan: Mapped[Decimal | None] = mapped_column(Money)
    stay_entry: Mapped[datetime | None] = mapped_column(UTCInstant)
    stay_exit: Mapped[datetime | None] = mapped_column(UTCInstant)
    evidence_sha256: Mapped[str | None] = mapped_column(ForeignKey("evidence.sha256"))
    ocr_engine: Mapped[str | None] = mapped_column(String(40))
    # the inspection during which it was taken (photos in the field), if any
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"), index=True)
    # a correction is a new observation pointing at the one it corrects; the original stays
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id"))
    created_by: Mapped[str | None] = mapped_column(String(80))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    # public: as stored (a crawl, a sure reading); pending: a photo reading waiting for an inspector,
    # not public and not judged by the rules; confirmed / rejected: an inspector reviewed it
    status: Mapped[str] = mapped_column(String(20), default="public", server_default="public")

    lot: Mapped[Lot | None] = relationship(back_populates="observations")


class PriceVersion(Base):
    """The posted price history of a lot per source: a new row only when the fee grid changed."""

    __tablename__ = "price_versions"
    __table_args__ = (Index("ix_price_versions_lot_source", "lot_id", "source_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"))
    valid_from: Mapped[datetime] = mapped_column(UTCInstant)
    fee_grid_hash: Mapped[str] = mapped_column(String(64))
    tariff: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Finding(Versioned, Base):
    """A rule's verdict on a lot, with the values that broke the rule.

    `fingerprint` (rule, lot, and what was found) keeps `parkwatch check` from storing a finding twice.
    `version` is bumped on every status change so that two inspectors saving at once cannot both win.
    """

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_lot_status", "lot_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    rule_code: Mapped[str] = mapped_column(String(10), index=True)
    severity: Mapped[str] = mapped_column(String(10))  # error / alert
    status: Mapped[str] = mapped_column(String(20), default="open")  # open/confirmed/dismissed/rectified
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    observation_id: Mapped[int | None] = mapped_column(ForeignKey("observations.id"))
    message: Mapped[str] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status_reason: Mapped[str | None] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(UTCInstant)
    updated_at: Mapped[datetime] = mapped_column(UTCInstant)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class FindingEvidence(Base):
    """Evidence attached to a finding. Append-only: rows are added, never changed or removed."""

    __tablename__ = "finding_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # photo / page / receipt / observation / note
    ref: Mapped[str] = mapped_column(String(500))  # evidence sha256, URL, observation id, ...
    note: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCInstant)
    added_by: Mapped[str | None] = mapped_column(String(80))


class Campaign(Base):
    """A special enforcement campaign (专项行动) with its period, districts and targets."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    districts: Mapped[list[Any] | None] = mapped_column(JSON)
    targets: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Inspection(Versioned, Base):
    """An inspection (检查) of a lot, or a re-inspection (复查) of an earlier one."""

    __tablename__ = "inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date)
    inspectors: Mapped[list[Any] | None] = mapped_column(JSON)
    staff_count: Mapped[int] = mapped_column(Integer, default=0)  # 人次
    vehicle_count: Mapped[int] = mapped_column(Integer, default=0)  # 台次
    # none / warning 提醒告诫 / interview 约谈 / rectification_order 责令改正 / case_opened 立案 / case_closed 结案
    outcome: Mapped[str] = mapped_column(String(30), default="none")
    rectification_deadline: Mapped[date | None] = mapped_column(Date)
    fines_yuan: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    refunds_yuan: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    reinspection_of_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    rectified: Mapped[bool | None] = mapped_column(Boolean)  # on a re-inspection: was it put right
    disclosure_ok: Mapped[bool | None] = mapped_column(Boolean)  # prices disclosed as required (公示)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionFinding(Base):
    """A finding reviewed during an inspection: confirmed or dismissed, with the reason."""

    __tablename__ = "inspection_findings"
    __table_args__ = (UniqueConstraint("inspection_id", "finding_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"))
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"))
    decision: Mapped[str] = mapped_column(String(20))  # confirmed / dismissed
    reason: Mapped[str | None] = mapped_column(Text)


class Complaint(Base):
    """A complaint work order (投诉举报) from the 12315 or 12345 hotline."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCInstant, index=True)
    channel: Mapped[str] = mapped_column(String(10))  # 12315 / 12345
    district: Mapped[str | None] = mapped_column(String(50))
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    lot_text: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)
    # high_price / no_disclosure / private_charging / overcharge / other
    category: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEvent(Base):
    """Append-only trail: who changed what, when, with the state before and after."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCInstant, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # the hash chain (parkwatch/store/audit_chain.py): the previous event's row_hash, and this event's
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))


class User(Base):
    """A local account on the embedded default (OIDC deployments do not need these)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # inspector / manager / admin
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Notification(Base):
    """An outgoing message of the bot; (channel, event_key) is unique so nothing is sent twice."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("channel", "event_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(60))
    event_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))  # new_error / price_change / source_failed
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending / sent / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCInstant)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCInstant)
    sent_at: Mapped[datetime | None] = mapped_column(UTCInstant)


class JobState(Base):
    """The bot's schedule state per job, and its lock (holder + expiry) against double runs."""

    __tablename__ = "job_state"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCInstant)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCInstant)
    lock_holder: Mapped[str | None] = mapped_column(String(100))
    lock_expires_at: Mapped[datetime | None] = mapped_column(UTCInstant)


class DeadLetter(Base):
    """A task that failed after all its retries (`parkwatch.tasks`): kept for a person to look at and
    run again. (task, task_key) is unique: the same work failing again updates its row."""

    __tablename__ = "dead_letters"
    __table_args__ = (UniqueConstraint("task", "task_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(100))  # parkwatch.read_photo / crawl_source / check_chunk / …
    task_key: Mapped[str] = mapped_column(String(200))  # the natural key: evidence sha256, chunk range + run …
    arguments: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    failed_at: Mapped[datetime] = mapped_column(UTCInstant)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCInstant)
