"""The prompt rules of SPEC.md "Prompts", one function each, over what was known (no Qt).

Each rule yields Findings: the people behind it, the settings, first and last date, and a
sentence beginning "Consider ...". Findings never say that a group exists, never rate a
risk, and name suspected connections as suspected (disproved ones never reach here:
app/services/network/graph.py leaves them out). app/services/prompts/engine.py adds the dismissals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import Attendance, Meeting, ParentalContact
from app.models.vocab import MeetingType, SettingKind
from app.services.editing.validation import age_on
from app.services.network.exposure import exposure
from app.services.network.graph import edge_suspected, suspected_pairs
from app.services.network.groups import bridges, join_words
from app.services.network.snapshot import Known
from app.services.people.young_people import age_at_referral

MAX_NAMED = 10  # references written out in a sentence; the prompt's people list has all


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    description: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "same_setting",
            "Same setting",
            "2+ young people with concerns in the same setting, each within N days of "
            "another, connected or not.",
        ),
        Rule(
            "linked_concerns",
            "Connected concerns",
            "3+ young people with concerns, joined by active connections between people "
            "whose concerns are within N days of each other.",
        ),
        Rule(
            "cross_boundary",
            "Across settings or areas",
            "Connected young people with concerns in different settings or home areas.",
        ),
        Rule(
            "online_space",
            "Shared online space",
            "An online space (group chat, platform community, gaming server) shared by 2+ "
            "young people with concerns.",
        ),
        Rule(
            "exposure",
            "Exposure",
            "Young people within 2 links of someone with a concern in the last N days "
            "whose latest assessment is older than that concern, or who have none.",
        ),
        Rule(
            "bridge",
            "Bridge",
            "A young person whose connections join otherwise separate parts of the "
            "network (articulation point or high betweenness), described in words.",
        ),
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
            "A young person with a previous school, and that school not invited to the next "
            "meeting.",
        ),
        Rule(
            "invite_adult_services",
            "Invite: adult services",
            "A young person aged 18 or over, and no adult mental health services invited "
            "to the next meeting.",
        ),
        Rule(
            "parents_not_informed",
            "Parents not informed",
            "A school meeting with a young person planned, with no parent or carer "
            "informed beforehand and no recorded decision not to inform.",
        ),
    )
}


@dataclass(frozen=True)
class Finding:
    rule: str
    person_ids: frozenset[int]
    settings: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    text: str
    related_ids: frozenset[int] = field(default_factory=frozenset)  # context, not identity
    marks: dict[int, str] = field(default_factory=dict)  # a short word per person for the map


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _span(first: date | None, last: date | None) -> str:
    if first is None:
        return ""
    return f"on {_d(first)}" if first == last else f"between {_d(first)} and {_d(last)}"


def _names(known: Known, ids) -> str:  # noqa: ANN001
    refs = known.refs(ids)
    if len(refs) > MAX_NAMED:
        more = len(refs) - MAX_NAMED
        return ", ".join(refs[:MAX_NAMED]) + f" and {more} other{'s' if more > 1 else ''}"
    return join_words(refs)


def _suspected_note(known: Known, ids) -> str:  # noqa: ANN001
    pairs = suspected_pairs(known.graph, ids)
    if not pairs:
        return ""
    words = [f"{known.ref(a)}–{known.ref(b)}" for a, b in pairs]
    return (
        f" The connection {words[0]} is only suspected."
        if len(words) == 1
        else f" The connections {join_words(words)} are only suspected."
    )


def _chains(events: list[tuple[date, int]], window: int) -> Iterator[list[tuple[date, int]]]:
    """Runs of concern dates in which each is within `window` days of the one before."""
    run: list[tuple[date, int]] = []
    for ev in sorted(events):
        if run and (ev[0] - run[-1][0]).days > window:
            yield run
            run = []
        run.append(ev)
    if run:
        yield run


def same_setting(known: Known, session: Session) -> list[Finding]:
    events: dict[int, list[tuple[date, int]]] = {}
    for pid, concerns in known.concerns.items():
        own = known.people[pid].setting_id
        for c in concerns:
            for sid in {c.setting_id, own} - {None}:
                events.setdefault(sid, []).append((c.date, pid))  # type: ignore[arg-type]
    merged: dict[frozenset[int], list] = {}
    for sid in sorted(events, key=known.setting_name):
        for run in _chains(events[sid], known.window):
            people = frozenset(p for _, p in run)
            if len(people) < 2:
                continue
            entry = merged.setdefault(people, [[], run[0][0], run[-1][0]])
            entry[0].append(known.setting_name(sid))
            entry[1], entry[2] = min(entry[1], run[0][0]), max(entry[2], run[-1][0])
    out = []
    for people, (settings, first, last) in merged.items():
        linked = known.graph.subgraph(people).number_of_edges() > 0
        extra = (
            ""
            if linked
            else " No connection between them is recorded; concerns in one setting are "
            "taken seriously even when apparently unconnected."
        )
        out.append(
            Finding(
                "same_setting",
                people,
                tuple(settings),
                first,
                last,
                f"Consider whether the concerns about {_names(known, people)} at "
                f"{join_words(settings)} {_span(first, last)} (each within {known.window} days "
                f"of another) are linked, and whether the multi-agency response group "
                f"should consider them together.{extra}",
            )
        )
    return out


def _close(a: list[date], b: list[date], window: int) -> bool:
    return any(abs((x - y).days) <= window for x in a for y in b)


def _settings_of(known: Known, people) -> tuple[str, ...]:  # noqa: ANN001
    ids: list[int] = []
    for pid in known.sorted_ids(people):
        own = known.people[pid].setting_id
        for sid in [own, *(c.setting_id for c in known.concerns.get(pid, []))]:
            if sid is not None and sid not in ids:
                ids.append(sid)
    return tuple(known.setting_name(s) for s in ids)


def _dates_of(known: Known, people) -> tuple[date | None, date | None]:  # noqa: ANN001
    dates = [d for p in people for d in known.concern_dates(p)]
    return (min(dates), max(dates)) if dates else (None, None)


def linked_concerns(known: Known, session: Session) -> list[Finding]:
    h = nx.Graph()
    with_concerns = [p for p in known.with_concerns if p in known.graph]
    h.add_nodes_from(with_concerns)
    for a, b in known.graph.subgraph(with_concerns).edges:
        if _close(known.concern_dates(a), known.concern_dates(b), known.window):
            h.add_edge(a, b)
    out = []
    for comp in nx.connected_components(h):
        if len(comp) < 3:
            continue
        people = frozenset(comp)
        first, last = _dates_of(known, people)
        out.append(
            Finding(
                "linked_concerns",
                people,
                _settings_of(known, people),
                first,
                last,
                f"Consider a coordinated multi-agency response for {_names(known, people)}: "
                f"each is connected to another of them, and their concerns {_span(first, last)} "
                f"fall within {known.window} days of each other.{_suspected_note(known, people)}",
            )
        )
    return out


def cross_boundary(known: Known, session: Session) -> list[Finding]:
    groups: dict[frozenset[str], dict] = {}
    with_concerns = [p for p in known.with_concerns if p in known.graph]
    for a, b in known.graph.subgraph(with_concerns).edges:
        pa, pb = known.people[a], known.people[b]
        area_a, area_b = known.area_of(a), known.area_of(b)
        areas_differ = bool(area_a and area_b and area_a.casefold() != area_b.casefold())
        settings_differ = bool(pa.setting_id and pb.setting_id and pa.setting_id != pb.setting_id)
        if not (areas_differ or settings_differ):
            continue
        places = (
            frozenset({area_a, area_b})
            if areas_differ
            else frozenset({known.setting_name(pa.setting_id), known.setting_name(pb.setting_id)})
        )
        entry = groups.setdefault(places, {"areas": areas_differ, "pairs": []})
        entry["pairs"].append((a, b))
    out = []
    for places, entry in groups.items():
        people = frozenset(p for pair in entry["pairs"] for p in pair)
        first, last = _dates_of(known, people)
        pairs = [
            f"{known.ref(a)}–{known.ref(b)}"
            + (" (suspected)" if edge_suspected(known.graph, a, b) else "")
            for a, b in sorted(entry["pairs"], key=lambda p: (known.ref(p[0]), known.ref(p[1])))
        ]
        where = join_words(sorted(places))
        if entry["areas"]:
            text = (
                f"Consider a cross-boundary agreement between {where} (who assesses and who "
                f"supports, agreed by Children's Services and Police): connected young "
                f"people with concerns live or go to school in different areas "
                f"({', '.join(pairs)})."
            )
        else:
            text = (
                f"Consider sharing information between {where}: connected young people "
                f"with concerns are in different settings ({', '.join(pairs)})."
            )
        out.append(
            Finding("cross_boundary", people, _settings_of(known, people), first, last, text)
        )
    return out


def online_space(known: Known, session: Session) -> list[Finding]:
    out = []
    for sid, setting in sorted(known.settings.items(), key=lambda kv: kv[1].name):
        try:
            online = SettingKind(setting.kind).online
        except ValueError:
            online = False
        if not online:
            continue
        members: dict[int, bool] = {}  # person -> only suspected evidence
        for pid in known.with_concerns:
            node = known.graph.nodes[pid] if pid in known.graph else {}
            if any(c.setting_id == sid for c in known.concerns[pid]):
                members[pid] = False
            elif sid in node.get("settings", {}):
                members[pid] = node["settings"][sid]
        if len(members) < 2:
            continue
        people = frozenset(members)
        first, last = _dates_of(known, people)
        doubtful = [p for p, s in members.items() if s]
        note = (
            f" The link of {join_words(known.refs(doubtful))} to it is only suspected."
            if len(doubtful) == 1
            else f" The links of {join_words(known.refs(doubtful))} to it are only suspected."
            if doubtful
            else ""
        )
        platform = f" ({setting.platform})" if setting.platform else ""
        out.append(
            Finding(
                "online_space",
                people,
                (setting.name,),
                first,
                last,
                f"Consider what is known about {setting.name}{platform}, an online space "
                f"shared by {_names(known, people)}, who "
                f"{'both' if len(people) == 2 else 'all'} have concerns, and whether "
                f"online safety support or a report to the platform is needed.{note}",
            )
        )
    return out


def exposure_rule(known: Known, session: Session) -> list[Finding]:
    exp = exposure(known, distance=2, mode="any")
    out = []
    for s in known.sorted_ids(exp.sources):
        reached = exp.reached_from.get(s, {})
        marked = {p: d for p, d in reached.items() if p in exp.marks and p not in exp.sources}
        if not marked:
            continue
        by_distance = []
        for d in (1, 2):
            ids = [p for p, dist in marked.items() if dist == d]
            if ids:
                label = "1 link" if d == 1 else "2 links"
                by_distance.append(f"{_names(known, ids)} ({label})")
        doubtful = [p for p in marked if p in exp.via_suspected]
        note = (
            f" {join_words(known.refs(doubtful))} "
            f"{'is' if len(doubtful) == 1 else 'are'} reached only through a suspected "
            "connection."
            if doubtful
            else ""
        )
        people = frozenset(marked) | {s}
        out.append(
            Finding(
                "exposure",
                frozenset(people),
                _settings_of(known, [s]),
                exp.sources[s],
                exp.sources[s],
                f"Consider whether young people connected to {known.ref(s)}, who had a "
                f"concern on {_d(exp.sources[s])}, need to be seen: not assessed since then: "
                f"{'; '.join(by_distance)}.{note}",
                related_ids=frozenset(reached),
                marks={p: exp.marks[p] for p in marked},
            )
        )
    return out


def bridge_rule(known: Known, session: Session) -> list[Finding]:
    out = []
    for b in bridges(known):
        note = " Some of these connections are only suspected." if b.suspected else ""
        out.append(
            Finding(
                "bridge",
                frozenset({b.person_id}),
                tuple(dict.fromkeys(j for j in b.joins)),
                b.first_date,
                b.last_date,
                f"Consider {b.reference}'s connections when planning support and "
                f"communication: {b.text}.{note}",
                related_ids=frozenset().union(*b.parts),
            )
        )
    return out


# ----- meetings: read the Meeting / Attendance / ParentalContact rows directly ---------

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
        f"the {kind} meeting on {_d(when)}"
        if meeting.date == when
        else (f"the next meeting on {_d(when)}")
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

    if not _invited(rows, ROLE_WORDS["invite_looked_after"]):
        ids = [p.id for p in people if p.looked_after]
        add(
            "invite_looked_after",
            ids,
            ROLE_NAMES["invite_looked_after"],
            f"{_names(known, ids)} {'is' if len(ids) == 1 else 'are'} looked after",
        )
    if not _invited(rows, ROLE_WORDS["invite_ehe_cme"]):
        ids = [p.id for p in people if p.ehe_cme]
        add(
            "invite_ehe_cme",
            ids,
            ROLE_NAMES["invite_ehe_cme"],
            f"{_names(known, ids)} {'is' if len(ids) == 1 else 'are'} in elective home "
            "education or missing education",
        )
    if not _invited(rows, ROLE_WORDS["invite_adult_services"]):
        ids = [p.id for p in people if _adult(known, p)]
        add(
            "invite_adult_services",
            ids,
            ROLE_NAMES["invite_adult_services"],
            f"{_names(known, ids)} {'is' if len(ids) == 1 else 'are'} 18 or over",
        )
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
            f"it is the previous school of {_names(known, ids)}",
            (name,),
        )
    return out


def _adult(known: Known, p) -> bool:  # noqa: ANN001
    if p.date_of_birth is not None:
        return age_on(p.date_of_birth, known.as_of) >= 18
    age = age_at_referral(None, p.age_if_unknown, known.response.referral_date)
    return age is not None and age >= 18


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
                f"school meeting on {_d(when)}, or recording a decision not to inform them "
                "and why.",
            )
        )
    return out


RULE_FUNCTIONS: list[Callable[[Known, Session], list[Finding]]] = [
    same_setting,
    linked_concerns,
    cross_boundary,
    online_space,
    exposure_rule,
    bridge_rule,
    meeting_roles,
    parents_not_informed,
]
