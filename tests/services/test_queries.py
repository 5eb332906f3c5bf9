"""The read models screens show, without Qt (app/services/queries/), on the fictional demo."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from app.models.entities import (
    Action,
    Assessment,
    Concern,
    Connection,
    Meeting,
    Response,
    Setting,
    YoungPerson,
)
from app.services.editing.editor import Editor
from app.services.meetings.closure import close_response, closure_status
from app.services.people.concerns import add_concern
from app.services.people.young_people import update_person
from app.services.queries.meetings import meeting_values, response_chair
from app.services.queries.overview import COUNT_KEYS, overview
from app.services.queries.pickers import reference_choices
from app.services.queries.timeline import NO_SETTING, REVIEW_DATE, timeline


def _removed_first_concerned(db) -> tuple[int, str]:  # noqa: ANN001
    """Remove from scope a young person with a concern; their id and reference."""
    with db.read() as s:
        c = s.scalars(select(Concern).order_by(Concern.id)).first()
        p = s.get(YoungPerson, c.person_id)
        pid, ref = p.id, p.reference
    Editor(db).execute(
        lambda s: update_person(s, pid, {"inclusion": "removed", "removed_reason": "Fictional"})
    )
    return pid, ref


# ----- timeline ---------------------------------------------------------------------------


def test_timeline_rows_marks_and_lines(demo_db):
    rid = demo_db.response_id
    with demo_db.read() as s:
        data = timeline(s, rid)
        people = {p.id: p for p in s.scalars(select(YoungPerson))}
        settings = {x.id: x.name for x in s.scalars(select(Setting))}
        concerns = s.scalars(select(Concern)).all()
        completed = s.scalars(select(Assessment).where(Assessment.status == "completed")).all()
        meetings = s.scalars(select(Meeting)).all()
        review = s.get(Response, rid).review_date
    kept = [c for c in concerns if people[c.person_id].inclusion != "removed"]
    assert sum(1 for sp in data.spots if sp.kind == "concern") == len(kept)
    assert sum(1 for sp in data.spots if sp.kind == "assessment") == len(
        [a for a in completed if people[a.person_id].inclusion != "removed"]
    )
    # One row per setting, by name, "No setting recorded" last; every mark on a row.
    assert "Northfield Academy (fictional)" in data.rows
    assert data.rows == sorted(data.rows, key=lambda r: (r == NO_SETTING, r.casefold()))
    assert {sp.row for sp in data.spots} == set(data.rows)
    c = kept[0]
    spot = next(sp for sp in data.spots if sp.kind == "concern" and sp.day == c.date)
    assert spot.row == settings.get(c.setting_id or people[c.person_id].setting_id, NO_SETTING)
    assert spot.reference in spot.tip and spot.detail in spot.tip
    # The review date and every meeting held are dated lines.
    assert data.lines[REVIEW_DATE] == review
    assert sorted(d for k, d in data.lines.items() if k != REVIEW_DATE) == sorted(
        {m.date for m in meetings}
    )
    assert all(" meeting " in k for k in data.lines if k != REVIEW_DATE)


def test_timeline_rows_per_person_in_natural_order(demo_db):
    with demo_db.read() as s:
        data = timeline(s, demo_db.response_id, by_setting=False)
    assert data.rows and all(r.startswith("YP-") for r in data.rows)
    assert data.rows == sorted(data.rows, key=lambda r: int(r.split("-")[1]))
    assert all(sp.row == sp.reference for sp in data.spots)


def test_timeline_as_at_and_removed_people(demo_db):
    rid = demo_db.response_id
    with demo_db.read() as s:
        now = timeline(s, rid)
        earlier_day = date.today() - timedelta(days=45)
        earlier = timeline(s, rid, earlier_day)
    assert 0 < len(earlier.spots) < len(now.spots)
    assert all(sp.day <= earlier_day for sp in earlier.spots)
    assert all(d <= earlier_day for k, d in earlier.lines.items() if k != REVIEW_DATE)
    assert REVIEW_DATE in earlier.lines  # the review date is shown whatever the day

    pid, ref = _removed_first_concerned(demo_db)
    with demo_db.read() as s:
        after = timeline(s, rid, by_setting=False)
    assert ref not in after.rows and all(sp.person_id != pid for sp in after.spots)


def test_timeline_of_an_empty_response(new_db):
    with new_db.read() as s:
        data = timeline(s, new_db.response_id)
    assert data.rows == [] and data.spots == [] and list(data.lines) == [REVIEW_DATE]


# ----- overview ---------------------------------------------------------------------------


def test_overview_details_and_counts(demo_db):
    rid = demo_db.response_id
    with demo_db.read() as s:
        o = overview(s, rid)
        r = s.get(Response, rid)

        def count(model, *where) -> int:  # noqa: ANN001
            return s.scalar(select(func.count()).select_from(model).where(*where))

        expected = {
            "in_scope": count(YoungPerson, YoungPerson.inclusion == "in_scope"),
            "under_consideration": count(
                YoungPerson, YoungPerson.inclusion == "under_consideration"
            ),
            "removed": count(YoungPerson, YoungPerson.inclusion == "removed"),
            "connections": count(Connection, Connection.status == "active"),
            "disproved": count(Connection, Connection.status == "disproved"),
            "concerns": count(Concern),
            "assessments": count(Assessment),
            "meetings": count(Meeting),
            "open_actions": count(Action, Action.status == "open"),
        }
        assert (o.title, o.lead_area, o.review_date) == (r.title, r.lead_area, r.review_date)
    assert o.is_demo and o.counts == expected and list(o.counts) == list(COUNT_KEYS)
    assert o.counts["in_scope"] == 37  # what the Overview tab of the demo says

    with demo_db.read() as s:
        pid = s.scalars(select(YoungPerson.id).where(YoungPerson.inclusion == "in_scope")).first()
    Editor(demo_db).execute(
        lambda s: add_concern(
            s,
            rid,
            {
                "person_id": pid,
                "date": date.today(),
                "reporting_agency": "School",
                "category": "self_injury",
            },
        )
    )
    with demo_db.read() as s:
        assert overview(s, rid).counts["concerns"] == expected["concerns"] + 1


def test_overview_of_an_empty_response(new_db):
    with new_db.read() as s:
        o = overview(s, new_db.response_id)
    assert not o.is_demo and set(o.counts.values()) == {0}


# ----- pickers, meetings, closure ---------------------------------------------------------


def test_reference_choices_name_every_young_person(demo_db):
    with demo_db.read() as s:
        choices = reference_choices(s, demo_db.response_id)
        people = dict(s.execute(select(YoungPerson.id, YoungPerson.reference)).all())
    assert dict(choices) == people
    assert [ref for _, ref in choices] == sorted(people.values())


def test_meeting_values_and_chair(demo_db):
    rid = demo_db.response_id
    with demo_db.read() as s:
        m = s.scalars(select(Meeting)).first()
        values = meeting_values(s, m.id)
        assert values is not None
        assert (values["date"], values["type"], values["chair"]) == (m.date, m.type, m.chair)
        assert meeting_values(s, 10_000) is None
        assert response_chair(s, rid) == s.get(Response, rid).chair == "Chair (fictional)"


def test_closure_status_says_whether_closed(demo_db):
    rid = demo_db.response_id
    with demo_db.read() as s:
        before = closure_status(s, rid)
    assert not before.closed and before.override_reason is None and not before.ready
    Editor(demo_db).execute(lambda s: close_response(s, rid, "Fictional: agreed by the group"))
    with demo_db.read() as s:
        after = closure_status(s, rid)
    assert after.closed and after.override_reason == "Fictional: agreed by the group"
