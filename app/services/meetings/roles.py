"""Who the procedure asks to attend each kind of meeting, and when a role is called for.

The role texts are the words of the procedure (../shared/seeds/self-harm-groups-procedure.txt,
sections 4, 4.1 and 4.2) so the attendance list reads like the guidance the chair holds.
Conditional roles appear only while the data calls for them (no Qt).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import YoungPerson
from app.services.editing.validation import age_on
from app.services.people.references import reference_key

# A change of school within this many days of the meeting counts as "recent" for the
# procedure's "include previous school if recent change". No guidance fixes the figure;
# a school year covers the primary to secondary move the procedure mentions.
RECENT_SCHOOL_CHANGE_DAYS = 365
ADULT_AGE = 18

# Conditions a role can depend on (None: always listed).
LOOKED_AFTER = "looked_after"
EHE_CME = "ehe_cme"
PREVIOUS_SCHOOL = "previous_school"
ADULT = "adult"

CHAIR_ROLE = "Children’s Services – Head of Children’s Safeguarding or delegate (Chair)"
NURSE_ROLE = "If Looked After, Children in Care Specialist Nurse"
EHE_ROLE = "Elective Home Education/Children Missing Education lead"
PREVIOUS_SCHOOL_ROLE = (
    "Education – previous school (recent change – consider both primary / secondary "
    "and links to sibling schools)"
)
ADULT_ROLE = "Mental Health Adults Services"


@dataclass(frozen=True)
class Role:
    """A role in the procedure's attendee list. `required` is False for "if relevant"."""

    text: str
    agency: str
    condition: str | None = None
    required: bool = True


_SOCIAL_CARE = Role("Children’s Social Care", "Children's Social Care")
_CAMHS = Role("CAMHS (Suicide Prevention lead and/or appropriate manager)", "CAMHS")
_POLICE = Role("Police representative", "Police")
_ICB = Role("Head of Safeguarding ICB", "ICB")
_PUBLIC_HEALTH = Role("Public health consultant", "Public Health")
_ACUTE = Role("Head of Safeguarding or Named Nurse from acute provider", "Acute hospital")
_NURSE = Role(NURSE_ROLE, "Children in Care health team", LOOKED_AFTER)
_LA_EDUCATION = Role(
    "Local authority education lead/ Educational Psychologist, Wellbeing lead officer",
    "Education (LA)",
)
_EHE = Role(EHE_ROLE, "Education (LA)", EHE_CME)
_EDUCATION = Role("Education", "School")
_PREVIOUS_SCHOOL = Role(PREVIOUS_SCHOOL_ROLE, "School", PREVIOUS_SCHOOL)
_COMMS = Role("Local authority communications lead", "Local authority")
_DISTRICT = Role(
    "District / Borough Council representative if relevant",
    "District / Borough Council",
    required=False,
)
_ADULT = Role(ADULT_ROLE, "Adult Mental Health", ADULT)

# Scoping (section 4) and Strategic (4.1) list the same attendees.
_GROUP_ROLES: tuple[Role, ...] = (
    Role(CHAIR_ROLE, "Children's Services"),
    _SOCIAL_CARE,
    _CAMHS,
    _POLICE,
    _ICB,
    _PUBLIC_HEALTH,
    _ACUTE,
    _NURSE,
    _LA_EDUCATION,
    _EHE,
    _EDUCATION,
    _PREVIOUS_SCHOOL,
    _COMMS,
    _DISTRICT,
    _ADULT,
)
# Operational (4.2): a Service Manager instead of the Head of Safeguarding; no ICB, public
# health or communications lead.
_OPERATIONAL_ROLES: tuple[Role, ...] = (
    Role("Children’s Services – Service Manager", "Children's Services"),
    *(r for r in _GROUP_ROLES[1:] if r not in (_ICB, _PUBLIC_HEALTH, _COMMS)),
)

# The final meeting and the debrief are meetings of the Multi-Agency Response Group
# (section 7, and "plan a de-brief meeting with the response management group"); the
# procedure lists no separate attendees, so they take the Strategic group's list.
ROLES_BY_TYPE: dict[str, tuple[Role, ...]] = {
    "scoping": _GROUP_ROLES,
    "strategic": _GROUP_ROLES,
    "operational": _OPERATIONAL_ROLES,
    "final": _GROUP_ROLES,
    "debrief": _GROUP_ROLES,
}


@dataclass(frozen=True)
class RoleNeed:
    """A role called for at a meeting, with why a conditional one is there."""

    text: str
    agency: str
    required: bool
    condition: str | None
    reason: str  # "" for roles always listed; e.g. "YP-04, YP-28 looked after"


def _refs(people: Iterable[YoungPerson]) -> str:
    refs = sorted((p.reference for p in people), key=reference_key)
    return ", ".join(refs[:6]) + (f" and {len(refs) - 6} more" if len(refs) > 6 else "")


def age_of(person: YoungPerson, on: date, referral: date | None = None) -> int | None:
    if person.date_of_birth is not None:
        return age_on(person.date_of_birth, on)
    if person.age_if_unknown is not None:
        # An age given without a date of birth was the age at the referral.
        extra = (on - referral).days // 365 if referral is not None and on > referral else 0
        return person.age_if_unknown + extra
    return None


def recently_moved(person: YoungPerson, on: date) -> bool:
    """Changed school recently: a previous setting, moved within RECENT_SCHOOL_CHANGE_DAYS
    of `on` (or on an unknown date, which cannot rule a recent move out)."""
    if person.previous_setting_id is None:
        return False
    if person.moved_setting_date is None:
        return True
    return on - timedelta(days=RECENT_SCHOOL_CHANGE_DAYS) <= person.moved_setting_date <= on


def conditions_met(
    session: Session, response_id: int, on: date, referral: date | None = None
) -> dict[str, str]:
    """Which conditional roles the data calls for on a day, each with the reason in words.

    Everyone not removed from scope counts: people under consideration are discussed at
    the meeting too.
    """
    people = session.scalars(
        select(YoungPerson).where(
            YoungPerson.response_id == response_id, YoungPerson.inclusion != "removed"
        )
    ).all()
    found: dict[str, str] = {}
    looked_after = [p for p in people if p.looked_after]
    if looked_after:
        found[LOOKED_AFTER] = f"Looked after: {_refs(looked_after)}"
    ehe = [p for p in people if p.ehe_cme]
    if ehe:
        found[EHE_CME] = f"Elective home education / missing education: {_refs(ehe)}"
    moved = [p for p in people if recently_moved(p, on)]
    if moved:
        found[PREVIOUS_SCHOOL] = f"Changed school recently: {_refs(moved)}"
    adults = [p for p in people if (age_of(p, on, referral) or 0) >= ADULT_AGE]
    if adults:
        found[ADULT] = f"18 or over: {_refs(adults)}"
    return found


def roles_for(
    session: Session, response_id: int, meeting_type: str, on: date, referral: date | None = None
) -> list[RoleNeed]:
    """The roles the procedure calls for at a meeting of this type on this day."""
    met = conditions_met(session, response_id, on, referral)
    needs: list[RoleNeed] = []
    for role in ROLES_BY_TYPE.get(meeting_type, _GROUP_ROLES):
        if role.condition is not None and role.condition not in met:
            continue
        needs.append(
            RoleNeed(
                text=role.text,
                agency=role.agency,
                required=role.required,
                condition=role.condition,
                reason=met.get(role.condition, "") if role.condition else "",
            )
        )
    return needs


def conditional_role_texts() -> dict[str, str]:
    """Condition code -> role text, for views that explain why a role is listed."""
    return {r.condition: r.text for roles in ROLES_BY_TYPE.values() for r in roles if r.condition}
