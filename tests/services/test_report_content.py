"""The overview report's content (no Qt): the coverage figures of `coverage --json`, and
references only: no name or date of birth, typed ones removed and counted."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.coverage.figures import coverage_for
from app.services.meetings.actions import add_action
from app.services.meetings.closure import close_response, closure_status, set_closure_item
from app.services.meetings.meetings import (
    add_attendance,
    add_decision,
    add_meeting,
    set_checklist_item,
)
from app.services.meetings.plans import add_plan, record_agreement
from app.services.people.young_people import add_person
from app.services.report.build import build_report
from app.services.report.content import BarChart, CoverageChart, Note, Report, Table
from app.services.workbook.redaction import NAME_REMOVED

TODAY = date.today()


def texts(report: Report) -> list[str]:
    """Every text the report holds, as a renderer would print it."""
    out = [report.title, report.header, *(t for pair in report.facts for t in pair)]
    for section in report.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, Note):
                out.append(block.text)
            elif isinstance(block, Table):
                out += [block.caption, block.empty, *block.headers]
                out += [cell for row in block.rows for cell in row]
            elif isinstance(block, BarChart):
                out += [block.title, *block.categories, *(name for name, _ in block.series)]
            elif isinstance(block, CoverageChart):
                out.append(block.title)
    return out


def words(report: Report) -> set[str]:
    return {w.strip(".,;:()'\"").casefold() for t in texts(report) for w in t.split()}


def test_demo_report_has_coverage_figures_and_no_name(demo_db):
    as_of = TODAY
    with demo_db.read() as s:
        report = build_report(s, demo_db.response_id, as_of)
        expected = coverage_for(s, demo_db.response_id, as_of)
        people = s.scalars(select(YoungPerson)).all()
    assert report.figures == expected.to_json()
    assert report.is_demo and report.header == "OFFICIAL-SENSITIVE — FICTIONAL"
    figures = next(
        b
        for sec in report.sections
        for b in sec.blocks
        if isinstance(b, Table) and b.caption == "Coverage figures"
    )
    rows = dict(figures.rows)
    assert rows["Young people in scope"] == str(expected.in_scope)
    assert rows["Assessed on time"] == str(expected.counts["assessed_on_time"])
    assert rows["Percent assessed"] == f"{expected.percent_assessed:.1f}%"
    chart = next(b for sec in report.sections for b in sec.blocks if isinstance(b, CoverageChart))
    assert chart.assessed == expected.cumulative() and chart.needing == expected.needing_assessment
    assert chart.review_date == expected.review_date
    seen = words(report)
    joined = "\n".join(texts(report))
    for p in people:
        assert p.given_name.casefold() not in seen, p.given_name
        assert p.family_name.casefold() not in seen, p.family_name
        if p.date_of_birth:
            assert f"{p.date_of_birth:%d/%m/%Y}" not in joined
            assert p.date_of_birth.isoformat() not in joined
    assert "YP-01" in joined  # references are how young people appear
    titles = [s.title for s in report.sections]
    assert "Prompts raised and what became of them" in titles
    assert "Closure, lessons and agency reviews" in titles


def test_typed_names_are_removed_and_counted_at_closure(editor, new_db):
    rid = new_db.response_id
    values = {
        "given_name": "Quilla",
        "family_name": "Zanzibarr",
        "date_of_birth": date(2011, 8, 17),
        "home_area": "Westmoor",
    }
    pid = editor.do(lambda s: add_person(s, rid, values)).ops[0].id
    ref = None
    with new_db.read() as s:
        ref = s.get(YoungPerson, pid).reference
    editor.do(
        lambda s: add_plan(
            s, rid, {"person_id": pid, "type": "safety", "supporting_agency": "CAMHS"}
        )
    )
    editor.do(
        lambda s: record_agreement(
            s,
            pid,
            {
                "other_area": "Westmoor",
                "who_assesses": "Westmoor CAMHS",
                "who_supports": "Westmoor school",
                "agreed_by_csc": True,
                "agreed_by_police": True,
                "agreed_date": TODAY,
            },
        )
    )
    editor.do(
        lambda s: add_action(
            s,
            rid,
            {
                "description": "Call Quilla's mother",
                "owner_agency": "School",
                "created_date": TODAY - timedelta(days=10),
                "due_date": TODAY - timedelta(days=3),
            },
        )
    )
    final = (
        editor.do(
            lambda s: add_meeting(s, rid, {"type": "final", "date": TODAY - timedelta(days=1)})
        )
        .ops[0]
        .id
    )
    editor.do(
        lambda s: add_attendance(
            s, final, {"role": "Police representative", "agency": "Police", "status": "attended"}
        )
    )
    editor.do(lambda s: add_decision(s, final, {"text": "Close: safety plans in place for all"}))
    debrief = editor.do(lambda s: add_meeting(s, rid, {"type": "debrief", "date": TODAY})).ops[0].id
    editor.do(
        lambda s: set_checklist_item(
            s, debrief, "lessons_learnt", state="done", note="Share online-safety advice sooner"
        )
    )
    editor.do(
        lambda s: set_checklist_item(
            s, debrief, "lessons_actions", state="done", note="zanzibarr born 17/08/2011"
        )
    )
    with new_db.read() as s:
        keys = [i.key for i in closure_status(s, rid).items if i.manual]
    for key in keys:
        note = "Fictional: triage concerns jointly" if key.startswith("agency_review") else "Done"
        editor.do(
            lambda s, key=key, note=note: set_closure_item(s, rid, key, state="done", note=note)
        )
    editor.do(lambda s: close_response(s, rid))
    with new_db.read() as s:
        report = build_report(s, rid, TODAY)
    joined = "\n".join(texts(report))
    assert "zanzibarr" not in joined.casefold() and "quilla" not in joined.casefold()
    assert "17/08/2011" not in joined
    assert report.removed == 2 and joined.count(NAME_REMOVED) == 2
    assert "2 passages of free text were removed" in joined
    titles = [s.title for s in report.sections]
    assert "The response from referral to closure" in titles
    assert "Plans and supporting agencies at closure" in titles
    tables = {b.caption: b for sec in report.sections for b in sec.blocks if isinstance(b, Table)}
    assert tables["Agreements"].rows == [
        [
            ref,
            "Westmoor",
            "Westmoor CAMHS",
            "Westmoor school",
            "Children's Services and Police",
            f"{TODAY:%d/%m/%Y}",
        ]
    ]
    assert ["Police", "Done", "Fictional: triage concerns jointly"] in tables["Agency reviews"].rows
    lessons = [row[2] for row in tables["Lessons learnt (final and debrief meetings)"].rows]
    assert "Share online-safety advice sooner" in lessons
    assert "Close: safety plans in place for all" in lessons
    assert any(r[0] == "Overdue" or "Overdue" in r[4] for r in tables["Open actions"].rows)
    assert tables["Supporting agencies"].rows == [["CAMHS", "1", ref]]
