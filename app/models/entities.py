"""The response map's entities (SPEC.md "Domain model"). One SQLite file holds one Response.

Enumerated columns hold the stable codes of `app.models.vocab`; risk and level of need hold
the label of the response's configurable scale. There is deliberately no column for a
self-harm method anywhere.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from app.models.vocab import (
    DEFAULT_MARKING,
    DEFAULT_NEED_LEVELS,
    DEFAULT_PROMPT_WINDOW_DAYS,
    DEFAULT_RISK_SCALE,
)


class Base(DeclarativeBase):
    pass


class Versioned:
    """A row version (schema 5), so that two writers on a shared response never overwrite
    each other unseen. SQLAlchemy's `version_id_col`, with the value set by the Editor
    from the response's change counter (app/services/editing/editor.py) rather than counted
    per row: a window knows which changes it has shown by one number (see `Response.change_seq`)."""

    row_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805
        return {"version_id_col": cls.__table__.c.row_version, "version_id_generator": False}


class Response(Versioned, Base):
    """One multi-agency response to a possible self-harm group: the whole map."""

    __tablename__ = "response"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    lead_area: Mapped[str] = mapped_column(String(200))
    referral_date: Mapped[date] = mapped_column(Date)
    referral_reference: Mapped[str | None] = mapped_column(String(100))
    stage: Mapped[str] = mapped_column(String(40), default="referral")
    review_date: Mapped[date] = mapped_column(Date)
    protective_marking: Mapped[str] = mapped_column(String(60), default=DEFAULT_MARKING)
    prompt_window_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_PROMPT_WINDOW_DAYS)
    # Comma-separated, highest first; configurable per response.
    risk_scale: Mapped[str] = mapped_column(String(200), default=",".join(DEFAULT_RISK_SCALE))
    need_levels: Mapped[str] = mapped_column(Text, default="|".join(DEFAULT_NEED_LEVELS))
    chair: Mapped[str | None] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_override_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Agencies that may receive names and dates of birth in agency returns, one per line.
    # None (never set): the agencies at the meetings (app/services/returns/recipients.py).
    return_names_agencies: Mapped[str | None] = mapped_column(Text)
    # Counts the committed edits of this response (schema 5); every edit takes the next
    # value under this row's lock, so edits are numbered in commit order on every engine.
    change_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    @property
    def risk_levels(self) -> list[str]:
        return [r.strip() for r in self.risk_scale.split(",") if r.strip()]

    @property
    def need_level_list(self) -> list[str]:
        return [n.strip() for n in self.need_levels.split("|") if n.strip()]


class Setting(Versioned, Base):
    """A school, club, home, neighbourhood or an online space (group chat, server, ...)."""

    __tablename__ = "setting"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str | None] = mapped_column(String(200))
    platform: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)


class YoungPerson(Versioned, Base):
    """A young person identified for support. `reference` is what circulates."""

    __tablename__ = "young_person"
    __table_args__ = (UniqueConstraint("response_id", "reference"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(40))
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age_if_unknown: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(40))
    setting_id: Mapped[int | None] = mapped_column(ForeignKey("setting.id", ondelete="SET NULL"))
    year_group: Mapped[str | None] = mapped_column(String(40))
    previous_setting_id: Mapped[int | None] = mapped_column(
        ForeignKey("setting.id", ondelete="SET NULL")
    )
    moved_setting_date: Mapped[date | None] = mapped_column(Date)
    home_area: Mapped[str | None] = mapped_column(String(200))
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    ehe_cme: Mapped[bool] = mapped_column(Boolean, default=False)
    send: Mapped[str | None] = mapped_column(String(200))
    known_to: Mapped[str | None] = mapped_column(String(300))
    lead_professional: Mapped[str | None] = mapped_column(String(200))
    lead_agency: Mapped[str | None] = mapped_column(String(200))
    identification_route: Mapped[str | None] = mapped_column(String(40))
    inclusion: Mapped[str] = mapped_column(String(40), default="in_scope")
    removed_reason: Mapped[str | None] = mapped_column(Text)
    date_added: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    map_x: Mapped[float | None] = mapped_column(Float)
    map_y: Mapped[float | None] = mapped_column(Float)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)

    setting: Mapped[Setting | None] = relationship(foreign_keys=[setting_id])
    previous_setting: Mapped[Setting | None] = relationship(foreign_keys=[previous_setting_id])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Concern(Versioned, Base):
    """A self-harm event or other concern about one young person. Never a method."""

    __tablename__ = "concern"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(20), default="day")
    date_known: Mapped[date] = mapped_column(Date)
    reporting_agency: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(40))
    setting_id: Mapped[int | None] = mapped_column(ForeignKey("setting.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(40))
    medical_attention: Mapped[str | None] = mapped_column(String(40))
    others_present: Mapped[bool] = mapped_column(Boolean, default=False)
    content_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    group_reference: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_location: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)


class Connection(Versioned, Base):
    """A reported link between two young people, or a young person and a setting.

    Disproved links stay in the record (status) and are hidden from the map.
    """

    __tablename__ = "connection"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_a_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    person_b_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_person.id", ondelete="CASCADE")
    )
    mode: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    setting_id: Mapped[int | None] = mapped_column(ForeignKey("setting.id", ondelete="SET NULL"))
    source_agency: Mapped[str] = mapped_column(String(200))
    confidence: Mapped[str] = mapped_column(String(20))
    date_identified: Mapped[date] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    notes: Mapped[str | None] = mapped_column(Text)


class Assessment(Versioned, Base):
    """An agency's assessment of one young person; `risk` is the professional's judgement."""

    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    agency: Mapped[str] = mapped_column(String(200))
    assessor: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(40), default="not_started")
    not_required_reason: Mapped[str | None] = mapped_column(Text)
    booked_date: Mapped[date | None] = mapped_column(Date)
    completed_date: Mapped[date | None] = mapped_column(Date)
    risk: Mapped[str | None] = mapped_column(String(60))
    need_level: Mapped[str | None] = mapped_column(String(100))
    next_review_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Meeting(Versioned, Base):
    __tablename__ = "meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(20))
    date: Mapped[date] = mapped_column(Date)
    chair: Mapped[str | None] = mapped_column(String(200))
    review_date_set: Mapped[date | None] = mapped_column(Date)
    next_meeting_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Attendance(Versioned, Base):
    __tablename__ = "attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="invited")
    required: Mapped[bool] = mapped_column(Boolean, default=True)


class Decision(Versioned, Base):
    __tablename__ = "decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    references: Mapped[str | None] = mapped_column(String(500))


class ChecklistItem(Versioned, Base):
    """One item of a meeting's checklist, or of the response's closure checklist."""

    __tablename__ = "checklist_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="outstanding")
    note: Mapped[str | None] = mapped_column(Text)


class Action(Versioned, Base):
    """An action owed by an agency. Overdue is derived from the due date, never stored."""

    __tablename__ = "action"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(Text)
    owner_agency: Mapped[str] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    created_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    completed_date: Mapped[date | None] = mapped_column(Date)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("young_person.id", ondelete="SET NULL")
    )
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))


class Plan(Versioned, Base):
    __tablename__ = "plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(40))
    supporting_agency: Mapped[str] = mapped_column(String(200))
    lead: Mapped[str | None] = mapped_column(String(200))
    review_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")


class ParentalContact(Versioned, Base):
    """Parents/carers informed (when, by whom), or a recorded decision not to inform."""

    __tablename__ = "parental_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    informed_date: Mapped[date | None] = mapped_column(Date)
    informed_by: Mapped[str | None] = mapped_column(String(200))
    decided_not_to_inform: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    school_meeting_date: Mapped[date | None] = mapped_column(Date)


class InformationSharing(Versioned, Base):
    __tablename__ = "information_sharing"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    what: Mapped[str] = mapped_column(Text)
    shared_with: Mapped[str] = mapped_column(String(200))
    why: Mapped[str | None] = mapped_column(Text)
    lawful_basis: Mapped[str | None] = mapped_column(String(200))


class CrossBoundaryAgreement(Versioned, Base):
    __tablename__ = "cross_boundary_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    other_area: Mapped[str] = mapped_column(String(200))
    who_assesses: Mapped[str | None] = mapped_column(String(200))
    who_supports: Mapped[str | None] = mapped_column(String(200))
    agreed_by_csc: Mapped[bool] = mapped_column(Boolean, default=False)
    agreed_by_police: Mapped[bool] = mapped_column(Boolean, default=False)
    agreed_date: Mapped[date | None] = mapped_column(Date)


class PromptDismissal(Versioned, Base):
    """A prompt dismissed with a reason; it returns when the people behind it change."""

    __tablename__ = "prompt_dismissal"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(60))
    people_key: Mapped[str] = mapped_column(String(2000))
    reason: Mapped[str] = mapped_column(Text)
    dismissed_by: Mapped[str] = mapped_column(String(200))
    dismissed_at: Mapped[datetime] = mapped_column(DateTime)


class GroupName(Versioned, Base):
    """A name a meeting gave to a group of connected young people with concerns.

    Groups are computed, not stored; the name follows the group while most of its people
    stay the same (app/services/network/groups.py matches it by `people_key`).
    """

    __tablename__ = "group_name"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    people_key: Mapped[str] = mapped_column(String(2000))
    name: Mapped[str] = mapped_column(String(200))


class AgencyReturn(Versioned, Base):
    """One young person sent to an agency in an agency return workbook (schema 4).

    `return_id` is shared by the rows of one workbook and is written into it, so that a
    workbook coming back is matched to this response and to the people sent. `sent_values`
    holds the locked cells as sent (JSON), so any change to them is refused on import.
    """

    __tablename__ = "agency_return"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    return_id: Mapped[str] = mapped_column(String(40))
    agency: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int] = mapped_column(ForeignKey("young_person.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_values: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Who changed what and when, including every export. Never edited or undone."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="edit")
    entity: Mapped[str | None] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    # The database login (schema 5) beside the operating-system user: on a shared server
    # the login is what the server itself vouches for. None in a `.circles` file.
    db_user: Mapped[str | None] = mapped_column(String(200))
