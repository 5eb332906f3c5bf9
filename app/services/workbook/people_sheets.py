"""Young people, Connections, Concerns, Assessments and Settings sheets.

Coverage state, assessed risk and the next step's owner come from the export's one
Coverage object (`ctx.coverage`), so they always agree with the Summary sheet and with
`coverage --json` for the same day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from app.models import vocab
from app.models.entities import (
    Assessment,
    Concern,
    Connection,
    ParentalContact,
    Plan,
    YoungPerson,
)
from app.services.coverage.figures import (
    OUT_OF_AREA,
    STATE_LABELS,
    PersonCoverage,
    area_of,
)
from app.services.coverage.owner import next_step_owner
from app.services.editing.validation import age_on
from app.services.people.assessments import latest_completed
from app.services.workbook.context import ExportContext, group_by
from app.services.workbook.registry import (
    DATE,
    NUMBER,
    RISK,
    Column,
    TableSheet,
    register,
)


def label(enum: type[vocab.Labelled], code: str | None) -> str | None:
    """The on-screen label of a stored code (the code itself if it is not known)."""
    return enum.label_for(code)


def yes_no(flag: bool | None) -> str:
    return "Y" if flag else "N"


def _for_response(ctx: ExportContext, entity: type) -> list[Any]:
    return ctx.all(entity)


def coverage_label(p: YoungPerson, pc: PersonCoverage | None) -> str:
    if pc is not None:
        return STATE_LABELS[pc.state]
    return f"Not counted: {label(vocab.Inclusion, p.inclusion)}"


def _latest(items: list[Assessment]) -> Assessment | None:
    if not items:
        return None
    return max(items, key=lambda a: (a.completed_date or a.booked_date or date.min, a.id))


# -- Young people -------------------------------------------------------------------------

YOUNG_PEOPLE_COLUMNS = (
    Column("Reference", max_width=14),
    Column("Given name", full_only=True),
    Column("Family name", full_only=True),
    Column("Date of birth", DATE, full_only=True),
    Column("Age", NUMBER),
    Column("Gender", choices="Gender"),
    Column("Setting", max_width=40),  # setting names are often long
    Column("Year group"),
    Column("Previous setting"),
    Column("Home area"),
    Column("Out of area (Y/N)", choices="Y/N"),
    Column("Looked after", choices="Y/N"),
    Column("EHE/CME", choices="Y/N"),
    Column("SEND"),
    Column("Known to"),
    Column("Identification route", choices="Identification route"),
    Column("Inclusion status", choices="Inclusion status"),
    Column("Date added", DATE),
    Column("Concerns (count)", NUMBER),
    Column("Latest concern date", DATE),
    Column("Connections (count)", NUMBER),
    Column("Coverage state", max_width=32),
    Column("Latest assessment status", choices="Assessment status"),
    Column("Assessing agency"),
    Column("Completed date", DATE),
    Column("Assessed risk", RISK, choices="Assessed risk"),
    Column("Level of need", choices="Level of need"),
    Column("Plan"),
    Column("Supporting agency"),
    Column("Parent/carer informed date", DATE),
    Column("Lead professional"),
    Column("Lead agency"),
    Column("Next step owner", max_width=40),
    Column("Notes", max_width=40, full_only=True),  # practitioners' notes never circulate
)


def young_people_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    cov = {pc.person_id: pc for pc in ctx.coverage.people}
    assessments = group_by(_for_response(ctx, Assessment), lambda a: a.person_id)
    concerns = group_by(_for_response(ctx, Concern), lambda c: c.person_id)
    plans = group_by(
        [p for p in _for_response(ctx, Plan) if p.status == "active"], lambda p: p.person_id
    )
    informed = group_by(
        [c for c in _for_response(ctx, ParentalContact) if c.informed_date],
        lambda c: c.person_id,
    )
    links: dict[int, int] = {}
    for c in _for_response(ctx, Connection):
        if c.status != "active":
            continue
        for pid in {c.person_a_id, c.person_b_id} - {None}:
            links[pid] = links.get(pid, 0) + 1
    lead_area = ctx.response.lead_area
    for p in ctx.people.values():
        pc = cov.get(p.id)
        items = assessments.get(p.id, [])
        latest = _latest(items)
        done = latest_completed(items, ctx.as_of)
        # In scope: the risk is the one coverage read; otherwise the latest recorded.
        risk = pc.risk if pc is not None else (done.risk if done else None)
        their_concerns = concerns.get(p.id, [])
        their_plans = plans.get(p.id, [])
        age = age_on(p.date_of_birth, ctx.as_of) if p.date_of_birth else p.age_if_unknown
        area = area_of(p.home_area, lead_area)
        yield [
            p.reference,
            p.given_name,
            p.family_name,
            p.date_of_birth,
            age,
            label(vocab.Gender, p.gender),
            ctx.setting_name(p.setting_id),
            p.year_group,
            ctx.setting_name(p.previous_setting_id),
            p.home_area,
            None if not p.home_area else yes_no(area == OUT_OF_AREA),
            yes_no(p.looked_after),
            yes_no(p.ehe_cme),
            p.send,
            p.known_to,
            label(vocab.IdentificationRoute, p.identification_route),
            label(vocab.Inclusion, p.inclusion),
            p.date_added,
            len(their_concerns),
            max((c.date for c in their_concerns), default=None),
            links.get(p.id, 0),
            coverage_label(p, pc),
            label(vocab.AssessmentStatus, latest.status) if latest else None,
            latest.agency if latest else None,
            done.completed_date if done else None,
            risk or vocab.NOT_YET_ASSESSED,
            done.need_level if done else None,
            "; ".join(label(vocab.PlanType, pl.type) for pl in their_plans) or None,
            "; ".join(pl.supporting_agency for pl in their_plans) or None,
            max((c.informed_date for c in informed.get(p.id, [])), default=None),
            p.lead_professional,
            p.lead_agency,
            next_step_owner(p),
            p.notes,
        ]


# -- Connections ----------------------------------------------------------------------------

CONNECTION_COLUMNS = (
    Column("Connection ID", NUMBER),
    Column("Person A", max_width=14),
    Column("Person B", max_width=14),
    Column("Mode", choices="Mode"),
    Column("Kind", choices="Connection kind"),
    Column("Setting or platform", max_width=40),
    Column("Source agency"),
    Column("Confidence", choices="Confidence"),
    Column("Date identified", DATE),
    Column("Identified at meeting"),
    Column("Notes", max_width=40, full_only=True),  # practitioners' notes never circulate
)


def meeting_label(ctx: ExportContext, meeting_id: int | None) -> str | None:
    for m in ctx.meetings:
        if m.id == meeting_id:
            return f"{label(vocab.MeetingType, m.type)} {m.date:%d/%m/%Y} (ID {m.id})"
    return None


def connection_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    for c in _for_response(ctx, Connection):
        if c.status != "active":
            continue  # disproved links stay in the record but are not circulated
        setting = ctx.setting_name(c.setting_id)
        yield [
            c.id,
            ctx.reference(c.person_a_id),
            ctx.reference(c.person_b_id),
            label(vocab.Mode, c.mode),
            label(vocab.ConnectionKind, c.kind),
            setting,
            c.source_agency,
            label(vocab.Confidence, c.confidence),
            c.date_identified,
            meeting_label(ctx, c.meeting_id),
            c.notes,
        ]


# -- Concerns -------------------------------------------------------------------------------

CONCERN_COLUMNS = (
    Column("Concern ID", NUMBER),
    Column("Reference", max_width=14),
    Column("Date", DATE),
    Column("Date precision", choices="Date precision"),
    Column("Date known", DATE),
    Column("Reporting agency"),
    Column("Source", choices="Concern source"),
    Column("Setting", max_width=40),
    Column("Category", choices="Concern category"),
    Column("Medical attention", choices="Medical attention"),
    Column("Contagion indicators", max_width=50),
)


def contagion(c: Concern) -> str | None:
    parts = [
        text
        for flag, text in (
            (c.others_present, "Others present"),
            (c.content_shared, "Content shared"),
            (c.group_reference, "Reference to a group or challenge"),
        )
        if flag
    ]
    return "; ".join(parts) or None


def concern_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    rows = sorted(_for_response(ctx, Concern), key=lambda c: (c.date, c.id))
    for c in rows:
        yield [
            c.id,
            ctx.reference(c.person_id),
            c.date,
            label(vocab.DatePrecision, c.date_precision),
            c.date_known,
            c.reporting_agency,
            label(vocab.ConcernSource, c.source),
            ctx.setting_name(c.setting_id),
            label(vocab.ConcernCategory, c.category),
            label(vocab.MedicalAttention, c.medical_attention),
            contagion(c),
        ]


# -- Assessments ----------------------------------------------------------------------------

ASSESSMENT_COLUMNS = (
    Column("Assessment ID", NUMBER),
    Column("Reference", max_width=14),
    Column("Agency"),
    Column("Assessor"),
    Column("Status", choices="Assessment status"),
    Column("Booked date", DATE),
    Column("Completed date", DATE),
    Column("Assessed risk", RISK, choices="Assessed risk"),
    Column("Level of need", choices="Level of need"),
    Column("Next review", DATE),
)


def assessment_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    order = {pid: i for i, pid in enumerate(ctx.people)}
    rows = sorted(_for_response(ctx, Assessment), key=lambda a: (order.get(a.person_id, 0), a.id))
    for a in rows:
        yield [
            a.id,
            ctx.reference(a.person_id),
            a.agency,
            a.assessor,
            label(vocab.AssessmentStatus, a.status),
            a.booked_date,
            a.completed_date,
            a.risk,
            a.need_level,
            a.next_review_date,
        ]


# -- Settings -------------------------------------------------------------------------------

SETTING_COLUMNS = (
    Column("Setting ID", NUMBER),
    Column("Kind", choices="Setting kind"),
    Column("Name"),
    Column("Area"),
    Column("Platform"),
    Column("Young people (count)", NUMBER),
    Column("Concerns (count)", NUMBER),
    Column("First concern date", DATE),
    Column("Last concern date", DATE),
)


def setting_rows(ctx: ExportContext) -> Iterator[list[Any]]:
    people = group_by(ctx.people.values(), lambda p: p.setting_id)
    concerns = group_by(_for_response(ctx, Concern), lambda c: c.setting_id)
    for s in ctx.settings.values():
        dates = [c.date for c in concerns.get(s.id, [])]
        yield [
            s.id,
            label(vocab.SettingKind, s.kind),
            s.name,
            s.area,
            s.platform,
            len(people.get(s.id, [])),
            len(dates),
            min(dates, default=None),
            max(dates, default=None),
        ]


register(TableSheet("Young people", 30, YOUNG_PEOPLE_COLUMNS, young_people_rows))
register(TableSheet("Connections", 40, CONNECTION_COLUMNS, connection_rows))
register(TableSheet("Concerns", 50, CONCERN_COLUMNS, concern_rows))
register(TableSheet("Assessments", 60, ASSESSMENT_COLUMNS, assessment_rows))
register(TableSheet("Settings", 70, SETTING_COLUMNS, setting_rows))
