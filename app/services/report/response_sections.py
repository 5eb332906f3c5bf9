"""The report's first sections: the response from referral to today or closure (stages,
meetings, who attended by role, decisions) and its scale (young people, areas, settings and
online spaces) (no Qt)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import AuditEntry, Connection, Response, Setting, YoungPerson
from app.models.vocab import AttendanceStatus, MeetingType, Mode, SettingKind, Stage
from app.services.coverage.figures import Coverage
from app.services.meetings.lists import meetings as meetings_of
from app.services.meetings.meetings import attendance_of, decisions
from app.services.report.cleaning import DASH, Cleaner, day
from app.services.report.content import Section, Table

ONLINE_KINDS = ("group_chat", "platform_community", "gaming_server")
# How an attendance status reads in the matrix of roles by meeting.
SHORT_STATUS = {"attended": "Attended", "deputy": "Deputy", "apologies": "Apologies"}


def stage_dates(session: Session, response: Response, as_of: date) -> list[list[str]]:
    """Stage, the day the response reached it, how that is known.

    The referral date is the response's own; later stages are dated by the first meeting
    of their kind and by the audit log's record of the stage being set (every edit is
    audited), whichever is known."""
    set_on: dict[str, date] = {}
    for entry in session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "response", AuditEntry.field == "stage")
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        if entry.new and entry.at.date() <= as_of:
            set_on.setdefault(entry.new, entry.at.date())
    first: dict[str, date] = {}
    for m in meetings_of(session, response.id):
        if m.date <= as_of:
            first.setdefault(m.type, m.date)
    rows = [["Referral", day(response.referral_date), "Referral date"]]
    by_meeting = (
        ("scoping", "Scoping meeting", ("scoping",)),
        (
            "strategic_operational",
            "First strategic or operational meeting",
            ("strategic", "operational"),
        ),
    )
    for stage, what, kinds in by_meeting:
        held = [first[k] for k in kinds if k in first]
        if held:
            rows.append([Stage(stage).label, day(min(held)), what])
        elif stage in set_on:
            rows.append([Stage(stage).label, day(set_on[stage]), "Stage recorded"])
    if "final" in first:
        rows.append(["Final meeting", day(first["final"]), "Final meeting held"])
    if "debrief" in first:
        rows.append(["Debrief", day(first["debrief"]), "Debrief meeting held"])
    for stage in ("closing", "closed"):
        if stage in set_on:
            rows.append([Stage(stage).label, day(set_on[stage]), "Stage recorded"])
    current = Stage.label_for(response.stage) or response.stage
    rows.append([f"Now: {current}", day(as_of), "As of this report"])
    return rows


def response_section(
    session: Session, response: Response, as_of: date, clean: Cleaner
) -> list[Section]:
    until = "closure" if response.stage == "closed" else "today"
    timeline = Section(f"The response from referral to {until}", new_page=True)
    timeline.blocks.append(
        Table(
            ["Stage", "Date", "How it is dated"],
            stage_dates(session, response, as_of),
            [40, 20, 40],
            caption="Stages",
        )
    )
    held = [m for m in meetings_of(session, response.id) if m.date <= as_of]
    rows = []
    roles: dict[str, dict[int, str]] = {}
    for m in held:
        att = attendance_of(session, m.id)
        present = sum(1 for a in att if a.status in ("attended", "deputy"))
        apologies = sum(1 for a in att if a.status == "apologies")
        rows.append(
            [
                MeetingType.label_for(m.type) or m.type,
                day(m.date),
                str(present),
                str(apologies),
                str(len(decisions(session, m.id))),
                day(m.review_date_set) if m.review_date_set else DASH,
            ]
        )
        for a in att:
            role = a.role if not a.agency or a.agency in a.role else f"{a.role} ({a.agency})"
            roles.setdefault(clean(role), {})[m.id] = SHORT_STATUS.get(
                a.status, AttendanceStatus.label_for(a.status) or a.status
            )
    timeline.blocks.append(
        Table(
            ["Meeting", "Date", "Attended", "Apologies", "Decisions", "Review date agreed"],
            rows,
            [20, 14, 13, 14, 14, 25],
            caption=f"Meetings held ({len(held)})",
            empty="No meetings held yet.",
        )
    )
    # Who attended, by role: one column per meeting (the latest six, so the table fits).
    shown = held[-6:]
    if shown:
        headers = ["Role", *(f"{MeetingType.label_for(m.type)} {m.date:%d/%m}" for m in shown)]
        width = max(8, 60 // len(shown))
        timeline.blocks.append(
            Table(
                headers,
                [[role, *(by.get(m.id, DASH) for m in shown)] for role, by in roles.items()],
                [100 - width * len(shown), *([width] * len(shown))],
                caption="Who attended, by role"
                + (f" (the latest {len(shown)} meetings)" if len(held) > len(shown) else ""),
            )
        )
    decided = [
        [f"{MeetingType.label_for(m.type)} {day(m.date)}", clean(d.text), clean(d.rationale)]
        for m in held
        for d in decisions(session, m.id)
    ]
    timeline.blocks.append(
        Table(
            ["Meeting", "Decision", "Rationale"],
            decided,
            [20, 45, 35],
            caption="Decisions",
            empty="No decisions recorded.",
        )
    )
    return [timeline]


def scale_section(session: Session, response: Response, cov: Coverage, clean: Cleaner) -> Section:
    people = session.scalars(
        select(YoungPerson).where(YoungPerson.response_id == response.id)
    ).all()
    settings = session.scalars(select(Setting).where(Setting.response_id == response.id)).all()
    sec = Section("Scale")
    rows = [
        ["Young people identified for support (in scope)", str(cov.in_scope)],
        ["Under consideration (not counted)", str(cov.under_consideration)],
        ["Removed from scope (not counted)", str(cov.removed)],
    ]
    for area, b in cov.by_area.items():
        rows.append([f"{area} (in scope)", str(b.count)])
    in_scope = [p for p in people if p.inclusion == "in_scope"]
    rows.append(["Looked after (in scope)", str(sum(1 for p in in_scope if p.looked_after))])
    rows.append(
        [
            "Elective home education or missing education (in scope)",
            str(sum(1 for p in in_scope if p.ehe_cme)),
        ]
    )
    conns = session.scalars(
        select(Connection).where(
            Connection.response_id == response.id, Connection.status == "active"
        )
    ).all()
    modes = Counter(c.mode for c in conns)
    for mode in Mode:
        rows.append([f"Connections recorded: {mode.label.lower()}", str(modes.get(mode, 0))])
    sec.blocks.append(Table(["Figure", "Number"], rows, [80, 20], caption="Young people"))
    # Settings and online spaces involved: where young people in scope are, or where a
    # concern or a connection was recorded.
    count = Counter(p.setting_id for p in in_scope if p.setting_id)
    linked = Counter(c.setting_id for c in conns if c.setting_id)
    places, online = [], []
    for s in sorted(settings, key=lambda s: (s.kind in ONLINE_KINDS, s.name.casefold())):
        row = [
            clean(s.name),
            SettingKind.label_for(s.kind) or s.kind,
            clean(s.platform) if s.kind in ONLINE_KINDS else clean(s.area) or DASH,
            str(count.get(s.id, 0)),
            str(linked.get(s.id, 0)),
        ]
        (online if s.kind in ONLINE_KINDS else places).append(row)
    for (what, where, caption, empty), rows in (
        (("Setting", "Area", "Settings involved", Table.empty), places),
        (
            ("Online space", "Platform", "Online spaces involved", "No online spaces recorded."),
            online,
        ),
    ):
        sec.blocks.append(
            Table(
                [what, "Kind", where, "Young people", "Connections"],
                rows,
                [34, 16, 18, 16, 16],
                caption=f"{caption} ({len(rows)})",
                empty=empty,
            )
        )
    return sec
