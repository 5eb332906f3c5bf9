"""The prompt rules read from meetings (no Qt): who to invite to the next meeting, and
parents or carers to inform before a school meeting (SPEC.md "Prompts").

These read the Meeting, Attendance and ParentalContact rows directly; the network rules
are in rules_network.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Attendance, Meeting, ParentalContact
from app.models.vocab import MeetingType
from app.services.editing.validation import age_on
from app.services.network.snapshot import Known
from app.services.people.young_people import age_at_referral
from app.services.prompts.registry import Finding, Rule, rules
from app.services.prompts.wording import day_text, names

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "invite_looked_after": (r"children in care", r"looked[ -]after", r"\bcic\b", r"\blac\b"),
    "invite_ehe_cme": (r"home education", r"missing education", r"\behe\b", r"\bcme\b"),
    "invite_adult_services": (r"\badults?\b",),
    "invite_previous_school": (r"previous school",),
}
ROLE_NAMES: dict[str, str] = {
    "invite_looked_after": "the Children in Care Specialist Nurse",
    "invite_ehe_cme": "the Elective Home Education / Children Missing Education lead",
    "invite_adult_services": "Mental Health Adults Services",
}


def _next_meeting(session: Session, known: Known) -> tuple[Meeting, date, list[Attendance]] | None:
    """The next meeting on or after the day, with its invitations; else the latest
    meeting's invitation list for the next meeting date it set."""
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(Meeting.response_id == known.response.id)
            .order_by(Meeting.date, Meeting.id)
        )
    )
    upcoming = [m for m in meetings if m.date >= known.as_of]
    if upcoming:
        m, when = upcoming[0], upcoming[0].date
    else:
        past = [m for m in meetings if m.next_meeting_date and m.next_meeting_date >= known.as_of]
        if not past:
            return None
        m = past[-1]
        when = m.next_meeting_date  # type: ignore[assignment]
    rows = list(session.scalars(select(Attendance).where(Attendance.meeting_id == m.id)))
    return m, when, rows


def _invited(rows: list[Attendance], patterns: tuple[str, ...], extra: str = "") -> bool:
    for r in rows:
        text = " ".join(x for x in (r.role, r.agency, r.name) if x).casefold()
        if any(re.search(p, text) for p in patterns):
            return True
        if extra and extra.casefold() in text:
            return True
    return False


def _plain(name: str) -> str:
    return re.sub(r"\s*\(fictional\)\s*", " ", name, flags=re.IGNORECASE).strip()


@rules(
    Rule(
        "invite_looked_after",
        "Invite: looked-after",
        "A looked-after young person, and no Children in Care Specialist Nurse invited "
        "to the next meeting.",
    ),
    Rule(
        "invite_ehe_cme",
        "Invite: EHE / CME",
        "A young person in elective home education or missing education, and no EHE/CME "
        "lead invited to the next meeting.",
    ),
    Rule(
        "invite_previous_school",
        "Invite: previous school",
        "A young person with a previous school, and that school not invited to the next meeting.",
    ),
    Rule(
        "invite_adult_services",
        "Invite: adult services",
        "A young person aged 18 or over, and no adult mental health services invited "
        "to the next meeting.",
    ),
)
def meeting_roles(known: Known, session: Session) -> list[Finding]:
    nxt = _next_meeting(session, known)
    if nxt is None:
        return []
    meeting, when, rows = nxt
    try:
        kind = MeetingType(meeting.type).label.lower()
    except ValueError:
        kind = meeting.type
    which = (
        f"the {kind} meeting on {day_text(when)}"
        if meeting.date == when
        else (f"the next meeting on {day_text(when)}")
    )
    people = list(known.people.values())
    out: list[Finding] = []

    def add(rule: str, ids: list[int], role: str, why: str, settings=()) -> None:  # noqa: ANN001
        if ids:
            out.append(
                Finding(
                    rule,
                    frozenset(ids),
                    tuple(settings),
                    when,
                    when,
                    f"Consider inviting {role} to {which}: {why}.",
                )
            )

    # (rule, who it is about, what they are): one sentence shape for the three roles.
    about: tuple[tuple[str, Callable[[Any], bool], str], ...] = (
        ("invite_looked_after", lambda p: p.looked_after, "looked after"),
        (
            "invite_ehe_cme",
            lambda p: p.ehe_cme,
            "in elective home education or missing education",
        ),
        ("invite_adult_services", lambda p: _adult(known, p), "18 or over"),
    )
    for rule, applies, what in about:
        if not _invited(rows, ROLE_WORDS[rule]):
            ids = [p.id for p in people if applies(p)]
            are = "is" if len(ids) == 1 else "are"
            add(rule, ids, ROLE_NAMES[rule], f"{names(known, ids)} {are} {what}")
    previous: dict[int, list[int]] = {}
    for p in people:
        if p.previous_setting_id is not None:
            previous.setdefault(p.previous_setting_id, []).append(p.id)
    for sid, ids in sorted(previous.items(), key=lambda kv: known.setting_name(kv[0])):
        name = known.setting_name(sid)
        if _invited(rows, ROLE_WORDS["invite_previous_school"], _plain(name)):
            continue
        add(
            "invite_previous_school",
            ids,
            name,
            f"it is the previous school of {names(known, ids)}",
            (name,),
        )
    return out


def _adult(known: Known, p) -> bool:  # noqa: ANN001
    if p.date_of_birth is not None:
        return age_on(p.date_of_birth, known.as_of) >= 18
    age = age_at_referral(None, p.age_if_unknown, known.response.referral_date)
    return age is not None and age >= 18


@rules(
    Rule(
        "parents_not_informed",
        "Parents not informed",
        "A school meeting with a young person planned, with no parent or carer "
        "informed beforehand and no recorded decision not to inform.",
    ),
)
def parents_not_informed(known: Known, session: Session) -> list[Finding]:
    contacts: dict[int, list[ParentalContact]] = {}
    for c in session.scalars(
        select(ParentalContact).where(ParentalContact.response_id == known.response.id)
    ):
        if c.person_id in known.people:
            contacts.setdefault(c.person_id, []).append(c)
    out = []
    for pid in known.sorted_ids(contacts):
        rows = contacts[pid]
        if any(c.decided_not_to_inform for c in rows):
            continue
        planned = sorted(
            c.school_meeting_date
            for c in rows
            if c.school_meeting_date is not None and c.school_meeting_date >= known.as_of
        )
        if not planned:
            continue
        when = planned[0]
        informed = [c.informed_date for c in rows if c.informed_date and c.informed_date <= when]
        if informed:
            continue
        setting = known.setting_name(known.people[pid].setting_id)
        out.append(
            Finding(
                "parents_not_informed",
                frozenset({pid}),
                (setting,) if setting else (),
                when,
                when,
                f"Consider informing the parents or carers of {known.ref(pid)} before the "
                f"school meeting on {day_text(when)}, or recording a decision not to inform them "
                "and why.",
            )
        )
    return out
