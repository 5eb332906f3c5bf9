"""Coverage states at each boundary, built as small responses through the service functions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.coverage.figures import NO_AGENCY, STATES, coverage_for
from app.services.people.assessments import add_assessment, delete_assessments, update_assessment
from app.services.people.response_details import update_response
from app.services.people.young_people import add_person, update_person

TODAY = date.today()
R = TODAY - timedelta(days=7)  # a review date in the past, so completions can fall either side
DAY = timedelta(days=1)


@pytest.fixture
def rid(editor, new_db) -> int:
    rid = new_db.response_id
    editor.do(lambda s: update_response(s, rid, {"review_date": R}))
    return rid


def person(editor, rid: int, **values) -> int:
    values = {"given_name": "Ada", "family_name": "Fictional", **values}
    return editor.do(lambda s: add_person(s, rid, values)).ops[0].id


def assess(editor, rid: int, pid: int, **values) -> int:
    values = {"person_id": pid, "agency": "School", **values}
    return editor.do(lambda s: add_assessment(s, rid, values)).ops[0].id


def cov(db, as_of: date):
    with db.read() as s:
        return coverage_for(s, db.response_id, as_of)


def state(db, pid: int, as_of: date) -> str:
    return next(p.state for p in cov(db, as_of).people if p.person_id == pid)


def test_completed_exactly_on_the_review_date_is_on_time(editor, new_db, rid):
    pid = person(editor, rid)
    assess(editor, rid, pid, status="completed", completed_date=R, risk="Low")
    c = cov(new_db, TODAY)
    assert state(new_db, pid, TODAY) == "assessed_on_time"
    assert c.counts["assessed_on_time"] == 1 and c.percent_assessed == 100.0
    assert state(new_db, pid, R) == "assessed_on_time"  # known on the day itself


def test_completed_the_day_after_is_late(editor, new_db, rid):
    pid = person(editor, rid)
    assess(
        editor,
        rid,
        pid,
        status="completed",
        booked_date=R - DAY,
        completed_date=R + DAY,
        risk="High",
    )
    assert state(new_db, pid, TODAY) == "assessed_late"
    assert cov(new_db, TODAY).percent_assessed == 100.0  # late still counts as assessed
    # On the review date the completion was not yet known: it was a booking on time.
    assert state(new_db, pid, R) == "booked_on_time"


def test_booked_on_the_review_date_is_booked_on_time(editor, new_db, rid):
    pid = person(editor, rid, lead_agency="CAMHS")
    assess(editor, rid, pid, status="booked", booked_date=R, agency="School")
    assert state(new_db, pid, R - 3 * DAY) == "booked_on_time"
    assert state(new_db, pid, R) == "booked_on_time"
    p = cov(new_db, R).people[0]
    assert (p.agency, p.deciding_date) == ("School", R)
    # The chart's dotted projection: one more assessed on the review date if it is kept.
    assert cov(new_db, R - 3 * DAY).projected() == [(R - 3 * DAY, 0), (R, 1)]
    # Once the review date has passed without completion, the booking is overdue.
    assert state(new_db, pid, R + DAY) == "overdue"


def test_booked_after_the_review_date_is_at_risk(editor, new_db, rid):
    pid = person(editor, rid)
    assess(editor, rid, pid, status="booked", booked_date=R + DAY)
    assert state(new_db, pid, R - DAY) == "at_risk"
    assert state(new_db, pid, R) == "at_risk"
    assert state(new_db, pid, R + 2 * DAY) == "overdue"
    assert cov(new_db, R).projected() == []  # a booking after the review date is no help


def test_no_assessment_is_at_risk_then_overdue_and_owned_by_the_lead_agency(editor, new_db, rid):
    pid = person(editor, rid, lead_agency="Early Help", lead_professional="Lead (fictional)")
    other = person(editor, rid, given_name="Bo")
    assert state(new_db, pid, R) == "at_risk"
    c = cov(new_db, TODAY)
    assert c.counts["overdue"] == 2 and c.references("overdue") == ["YP-01", "YP-02"]
    mine = next(p for p in c.people if p.person_id == pid)
    assert (mine.agency, mine.lead_professional) == ("Early Help", "Lead (fictional)")
    assert next(p for p in c.people if p.person_id == other).agency == NO_AGENCY
    assert c.by_agency["Early Help"].outstanding == 1
    assert c.percent_assessed == 0.0


@pytest.mark.parametrize("status", ["declined", "unable_to_contact"])
def test_declined_or_unable_at_any_date(editor, new_db, rid, status):
    pid = person(editor, rid)
    assess(editor, rid, pid, status=status, agency="CAMHS")
    for day in (R - 5 * DAY, R, TODAY):
        assert state(new_db, pid, day) == "declined_or_unable"
    c = cov(new_db, TODAY)
    assert c.by_agency["CAMHS"].outstanding == 1 and c.percent_assessed == 0.0


def test_not_required_is_left_out_of_the_percentage(editor, new_db, rid):
    a = person(editor, rid)
    b = person(editor, rid, given_name="Bo")
    assess(editor, rid, a, status="not_required", not_required_reason="Fictional: open to CAMHS")
    assess(editor, rid, b, status="completed", completed_date=R - DAY, risk="Low")
    c = cov(new_db, TODAY)
    assert c.counts["not_required"] == 1 and c.in_scope == 2
    assert c.needing_assessment == 1 and c.percent_assessed == 100.0
    assert c.by_setting["No setting recorded"].outstanding == 0


def test_removed_and_under_consideration_are_counted_apart(editor, new_db, rid):
    a = person(editor, rid)
    b = person(editor, rid, given_name="Bo")
    person(editor, rid, given_name="Cy", inclusion="under_consideration")
    assess(editor, rid, a, status="completed", completed_date=R, risk="Low")
    assert cov(new_db, TODAY).percent_assessed == 50.0
    editor.do(
        lambda s: update_person(s, b, {"inclusion": "removed", "removed_reason": "Fictional"})
    )
    c = cov(new_db, TODAY)
    assert (c.in_scope, c.removed, c.under_consideration) == (1, 1, 1)
    assert c.percent_assessed == 100.0 and sum(c.counts.values()) == 1
    assert all(b != p.person_id for p in c.people)
    js = c.to_json()
    assert (js["removed"], js["under_consideration"]) == (1, 1)


def test_review_date_in_the_past(editor, new_db, rid):
    done = person(editor, rid)
    booked = person(editor, rid, given_name="Bo")
    assess(editor, rid, done, status="completed", completed_date=R - DAY, risk="Raised")
    assess(editor, rid, booked, status="booked", booked_date=R - DAY)
    c = cov(new_db, TODAY)
    assert c.days_left == -7
    assert c.counts["assessed_on_time"] == 1 and c.counts["overdue"] == 1
    assert c.counts["booked_on_time"] == 0


def test_as_of_before_any_assessment(editor, new_db, rid):
    a = person(editor, rid)
    b = person(editor, rid, given_name="Bo")
    assess(
        editor,
        rid,
        a,
        status="completed",
        booked_date=R - 3 * DAY,
        completed_date=R - DAY,
        risk="Low",
    )
    assess(editor, rid, b, status="completed", completed_date=R + DAY, risk="High")
    early = cov(new_db, R - 5 * DAY)
    assert early.assessed == 0 and early.percent_assessed == 0.0
    assert early.counts["booked_on_time"] == 1 and early.counts["at_risk"] == 1
    assert early.cumulative() == []
    assert all(p.risk is None for p in early.people)  # no risk known before any assessment
    assert cov(new_db, TODAY).cumulative() == [(R - DAY, 1), (R + DAY, 2)]


def test_several_assessments_the_latest_completed_counts(editor, new_db, rid):
    pid = person(editor, rid)
    assess(editor, rid, pid, status="declined", agency="CAMHS")
    assess(editor, rid, pid, status="completed", completed_date=R - 2 * DAY, risk="High")
    last = assess(
        editor, rid, pid, status="completed", completed_date=R + DAY, risk="Low", agency="CAMHS"
    )
    p = cov(new_db, TODAY).people[0]
    # Assessed by the review date stays "on time"; the risk is the latest completed one's.
    assert (p.state, p.risk, p.agency, p.deciding_date) == (
        "assessed_on_time",
        "Low",
        "School",
        R - 2 * DAY,
    )
    assert p.first_assessed == R - 2 * DAY  # the chart counts the day they were first assessed
    # Before the later one was completed, the earlier one decided the state and the risk.
    p = cov(new_db, R).people[0]
    assert (p.state, p.risk, p.agency) == ("assessed_on_time", "High", "School")
    editor.do(lambda s: delete_assessments(s, [last]))
    assert cov(new_db, TODAY).people[0].state == "assessed_on_time"


def test_changing_the_review_date_recomputes_and_undo_restores(editor, new_db, rid):
    pid = person(editor, rid)
    assess(editor, rid, pid, status="completed", completed_date=R + DAY, risk="Low")
    assert state(new_db, pid, TODAY) == "assessed_late"
    editor.do(lambda s: update_response(s, rid, {"review_date": R + 2 * DAY}))
    assert state(new_db, pid, TODAY) == "assessed_on_time"
    assert cov(new_db, TODAY).days_left == -5
    editor.undo()
    assert state(new_db, pid, TODAY) == "assessed_late"


def test_completing_a_booking_moves_the_person(editor, new_db, rid):
    pid = person(editor, rid)
    aid = assess(editor, rid, pid, status="booked", booked_date=R - DAY)
    assert state(new_db, pid, R - 2 * DAY) == "booked_on_time"
    applied = editor.do(
        lambda s: update_assessment(
            s, aid, {"status": "completed", "completed_date": R - DAY, "risk": "Raised"}
        )
    )
    assert applied.label == "Complete assessment for YP-01"
    assert state(new_db, pid, TODAY) == "assessed_on_time"


def test_breakdowns_add_up_and_people_are_in_natural_order(demo_db):
    with demo_db.read() as s:
        c = coverage_for(s, demo_db.response_id)
    refs = [p.reference for p in c.people]
    assert refs[:3] == ["YP-01", "YP-02", "YP-03"]
    assert sum(c.counts[s] for s in STATES) == c.in_scope == 37
    for table in (c.by_setting, c.by_agency, c.by_area):
        assert sum(b.count for b in table.values()) == c.in_scope
        assert sum(b.assessed for b in table.values()) == c.assessed
        outstanding = c.in_scope - c.assessed - c.counts["not_required"]
        assert sum(b.outstanding for b in table.values()) == outstanding
    assert set(c.by_area) <= {"In area", "Out of area", "Home area not recorded"}
    assert c.cumulative()[-1][1] == c.assessed


def test_references_sort_naturally():
    from app.services.coverage.figures import reference_key

    refs = ["YP-10", "YP-2", "YP-100", "YP-01", "Other"]
    assert sorted(refs, key=reference_key) == ["Other", "YP-01", "YP-2", "YP-10", "YP-100"]


def test_figures_reused_for_unchanged_people_equal_figures_worked_out_afresh(tmp_path):
    """The Store keeps each person's figures between edits (issue 14); after edits to one
    person, an assessment and the review date they equal a fresh computation."""
    from datetime import date, timedelta

    from app.services.coverage.figures import coverage_for
    from app.services.editing.editor import Editor
    from app.services.people.assessments import add_assessment
    from app.services.people.response_details import update_response
    from app.services.people.young_people import update_person
    from tests.views.big_response import build_big

    path = tmp_path / "big.circles"
    build_big(path, people=80)
    from app.models.database import open_database

    db = open_database(path)
    editor = Editor(db)
    rid = db.response_id
    memo: dict = {}
    today = date.today()
    edits = [
        lambda s: update_person(s, 3, {"inclusion": "removed"}),
        lambda s: add_assessment(
            s,
            rid,
            {
                "person_id": 5,
                "agency": "School",
                "status": "completed",
                "completed_date": today,
                "risk": "High",
            },
        ),  # fmt: skip
        lambda s: update_response(s, rid, {"review_date": today - timedelta(days=2)}),
    ]
    for build in [None, *edits]:
        if build is not None:
            editor.execute(build)
        with db.read() as s:
            reused = coverage_for(s, rid, today, editor.shared.rows, memo)
        with db.read() as s:
            fresh = coverage_for(s, rid, today)
        assert reused.people == fresh.people
        assert reused.counts == fresh.counts
        assert reused.by_setting == fresh.by_setting
    db.close()
