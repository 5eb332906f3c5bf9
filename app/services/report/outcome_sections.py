"""The report's later sections: prompts and what became of them, actions, plans and
supporting agencies, cross-boundary agreements, and closure with its lessons and agency
reviews (no Qt)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models.entities import CrossBoundaryAgreement, Response, YoungPerson
from app.models.vocab import ChecklistState, MeetingType
from app.services.meetings.actions import action_rows
from app.services.meetings.closure import AGENCY_REVIEW_PREFIX, closure_status
from app.services.meetings.lists import meetings as meetings_of
from app.services.meetings.meetings import decisions, meeting_checklist
from app.services.meetings.plans import plan_rows, without_safety_plan
from app.services.people.references import by_reference, reference_key
from app.services.prompts.engine import prompts_for
from app.services.prompts.rules import RULES
from app.services.report.cleaning import DASH, Cleaner, day, refs_in_words
from app.services.report.content import BarChart, Section, Table

# Debrief checklist items whose notes are the lessons learnt.
LESSON_KEYS = ("lessons_learnt", "lessons_actions", "staff_wellbeing")


def prompts_section(session: Session, response: Response, as_of: date, clean: Cleaner) -> Section:
    sec = Section("Prompts raised and what became of them", new_page=True)
    sec.note(
        'Prompts are decision support worded "Consider ..."; the meeting decides. A prompt '
        "raised on an earlier meeting day that is no longer raised was acted on, or the "
        "information behind it changed."
    )
    now = prompts_for(session, response.id, as_of)
    now_keys = {p.key for p in now}
    earlier: dict[str, str] = {}  # key -> rule, prompts seen on earlier meeting days
    for m in meetings_of(session, response.id):
        if m.date < as_of:
            for p in prompts_for(session, response.id, m.date):
                earlier.setdefault(p.key, p.rule)
    gone = Counter(rule for key, rule in earlier.items() if key not in now_keys)
    rows = []
    for rule_id, rule in RULES.items():
        open_ = sum(1 for p in now if p.rule == rule_id and not p.dismissed)
        dismissed = sum(1 for p in now if p.rule == rule_id and p.dismissed)
        if open_ or dismissed or gone.get(rule_id):
            rows.append([rule.label, str(open_), str(dismissed), str(gone.get(rule_id, 0))])
    sec.blocks.append(
        Table(
            ["Prompt", "Open now", "Dismissed", "No longer raised"],
            rows,
            [46, 18, 18, 18],
            caption="Prompts by kind",
            empty="No prompts were raised.",
        )
    )
    sec.blocks.append(
        Table(
            ["Prompt", "Young people", "Dismissed on", "Reason"],
            [
                [
                    p.rule_label,
                    refs_in_words(p.people, 8),
                    day(p.dismissed_at.date() if p.dismissed_at else None),
                    clean(p.dismissed_reason),
                ]
                for p in now
                if p.dismissed
            ],
            [20, 30, 15, 35],
            caption="Prompts dismissed, and why",
            empty="No prompt was dismissed.",
        )
    )
    sec.blocks.append(
        Table(
            ["Prompt", "Young people", "From"],
            [
                [p.rule_label, refs_in_words(p.people), day(p.first_date)]
                for p in now
                if not p.dismissed
            ],
            [24, 58, 18],
            caption="Prompts open as of this report",
            empty="No prompt is open.",
        )
    )
    return sec


def actions_section(session: Session, response: Response, as_of: date, clean: Cleaner) -> Section:
    sec = Section("Actions")
    rows = action_rows(session, response.id, as_of)
    done = sum(1 for r in rows if r.status == "done")
    cancelled = sum(1 for r in rows if r.status == "cancelled")
    open_rows = [r for r in rows if r.status == "open"]
    overdue = [r for r in open_rows if r.overdue]
    sec.note(
        f"{len(rows)} actions: {done} done, {len(open_rows)} open ({len(overdue)} overdue), "
        f"{cancelled} cancelled."
    )
    agencies = sorted({r.owner_agency for r in rows}, key=str.casefold)
    by: dict[str, Counter] = {a: Counter() for a in agencies}
    for r in rows:
        by[r.owner_agency]["overdue" if r.overdue else r.status] += 1
    if agencies:
        sec.blocks.append(
            BarChart(
                "Actions by owner agency",
                [clean(a) for a in agencies],
                [
                    ("Done", [by[a]["done"] for a in agencies]),
                    ("Open", [by[a]["open"] for a in agencies]),
                    ("Overdue", [by[a]["overdue"] for a in agencies]),
                ],
            )
        )
    sec.blocks.append(
        Table(
            ["Owner agency", "Done", "Open (not overdue)", "Overdue", "Cancelled"],
            [
                [
                    clean(a),
                    str(by[a]["done"]),
                    str(by[a]["open"]),
                    str(by[a]["overdue"]),
                    str(by[a]["cancelled"]),
                ]
                for a in agencies
            ],
            [40, 15, 15, 15, 15],
            caption="Actions by owner agency",
            empty="No actions recorded.",
        )
    )
    sec.blocks.append(
        Table(
            ["Action", "Young person", "Owner agency", "Due", "Status"],
            [
                [
                    clean(r.description),
                    r.reference or DASH,
                    clean(r.owner_agency),
                    day(r.due),
                    f"Overdue {r.days_overdue} days" if r.overdue else r.status_label,
                ]
                for r in open_rows
            ],
            [40, 14, 18, 12, 16],
            caption="Open actions",
            empty="No action is open.",
        )
    )
    return sec


def plans_section(session: Session, response: Response, clean: Cleaner) -> Section:
    closed = response.stage == "closed"
    sec = Section("Plans and supporting agencies" + (" at closure" if closed else ""))
    plans = plan_rows(session, response.id)
    without, in_scope = without_safety_plan(session, response.id)
    sec.note(
        f"{in_scope - len(without)} of {in_scope} young people in scope have an "
        "active safety plan with a supporting agency"
        + (f"; not yet: {refs_in_words(without, 20)}." if without else ".")
    )
    kinds = Counter((r.type_label, r.status_label) for r in plans)
    sec.blocks.append(
        Table(
            ["Plan", "Status", "Number"],
            [[k, s, str(n)] for (k, s), n in sorted(kinds.items())],
            [50, 25, 25],
            caption="Plans",
            empty="No plans recorded.",
        )
    )
    agencies: dict[str, set[str]] = {}
    active: Counter = Counter()
    for r in plans:
        if r.status == "active":
            agencies.setdefault(r.supporting_agency, set()).add(r.reference)
            active[r.supporting_agency] += 1
    sec.blocks.append(
        Table(
            ["Supporting agency", "Active plans", "Young people"],
            [
                [clean(a), str(active[a]), refs_in_words(by_reference(refs, lambda x: x), 10)]
                for a, refs in sorted(agencies.items(), key=lambda kv: kv[0].casefold())
            ],
            [30, 15, 55],
            caption="Supporting agencies",
            empty="No active plans.",
        )
    )
    return sec


def agreements_section(session: Session, response: Response, clean: Cleaner) -> Section:
    sec = Section("Cross-boundary agreements")
    rows = []
    for a, ref in sorted(
        session.execute(
            select(CrossBoundaryAgreement, YoungPerson.reference)
            .join(YoungPerson, YoungPerson.id == CrossBoundaryAgreement.person_id)
            .where(CrossBoundaryAgreement.response_id == response.id)
        ),
        key=lambda row: reference_key(row[1]),
    ):
        agreed = [
            w
            for w, ok in (("Children's Services", a.agreed_by_csc), ("Police", a.agreed_by_police))
            if ok
        ]
        rows.append(
            [
                ref,
                clean(a.other_area),
                clean(a.who_assesses) or "Not yet agreed",
                clean(a.who_supports) or "Not yet agreed",
                " and ".join(agreed) or "Not yet agreed",
                day(a.agreed_date),
            ]
        )
    sec.blocks.append(
        Table(
            ["Young person", "Other area", "Assesses", "Supports", "Agreed by", "Agreed on"],
            rows,
            [13, 15, 18, 18, 22, 14],
            caption="Agreements",
            empty="No cross-boundary agreements recorded.",
        )
    )
    return sec


def closure_section(session: Session, response: Response, as_of: date, clean: Cleaner) -> Section:
    sec = Section("Closure, lessons and agency reviews", new_page=True)
    status = closure_status(session, response.id, as_of)
    if status.closed:
        sec.note("The response is closed.")
        if status.override_reason:
            sec.note(
                "It was closed with items of the checklist missing; the reason recorded: "
                + clean(status.override_reason)
            )
    else:
        sec.note("The response is not closed yet; the closure checklist as it stands:")
    reviews = [i for i in status.items if i.key.startswith(AGENCY_REVIEW_PREFIX)]
    sec.blocks.append(
        Table(
            ["Closure item", "State", "Note"],
            [
                [
                    i.text,
                    ChecklistState.label_for(i.state) or i.state,
                    clean(i.note) or clean(i.detail),
                ]
                for i in status.items
                if i not in reviews
            ],
            [45, 17, 38],
            caption="Closure checklist",
        )
    )
    sec.blocks.append(
        Table(
            ["Agency", "State", "Review: changes to policy or practice"],
            [
                [
                    clean(i.key[len(AGENCY_REVIEW_PREFIX) :]) or "Each agency",
                    ChecklistState.label_for(i.state) or i.state,
                    clean(i.note) or DASH,
                ]
                for i in reviews
            ],
            [25, 17, 58],
            caption="Agency reviews",
            empty="No agency reviews recorded.",
        )
    )
    lessons = []
    for m in meetings_of(session, response.id):
        if m.date > as_of or m.type not in ("final", "debrief"):
            continue
        where = f"{MeetingType.label_for(m.type)} {day(m.date)}"
        for c in meeting_checklist(session, m.id):
            if c.key in LESSON_KEYS and c.note:
                lessons.append([where, c.text, clean(c.note)])
        for d in decisions(session, m.id):
            lessons.append([where, "Decision", clean(d.text)])
    sec.blocks.append(
        Table(
            ["Meeting", "Item", "Lesson or decision"],
            lessons,
            [20, 30, 50],
            caption="Lessons learnt (final and debrief meetings)",
            empty="No lessons recorded yet.",
        )
    )
    return sec
