"""After an edit the map patches the items that changed instead of rebuilding (issue 14):
the items of unchanged young people are the very same objects, the edited one shows the
edit, and the coverage rings after a review-date change agree with `coverage_for`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.services.coverage.figures import coverage_for
from app.services.people.response_details import update_response
from app.services.people.young_people import update_person
from tests.views.big_response import SEED, build_big


@pytest.fixture
def big_map(window, qt_sandbox, qtbot):
    print(f"seed {SEED}")
    path = qt_sandbox / "big.circles"
    build_big(path, people=300)
    assert window.open_path(path)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.pages[0]
    assert page.isVisible()
    return window, page


def test_an_edit_patches_the_changed_person_and_keeps_the_other_items(big_map):
    window, page = big_map
    before = dict(page.scene.people)
    assert len(before) == 300
    pid = sorted(before)[7]
    store = window.store
    assert store.run(lambda s: update_person(s, pid, {"given_name": "Renamed"})) is not None
    after = page.scene.people
    assert set(after) == set(before)
    assert all(after[k] is before[k] for k in before)  # a patch, not a rebuild
    assert after[pid].info.name.startswith("Renamed")
    row = next(i for i, p in enumerate(page.people_model.rows) if p.id == pid)
    name_col = next(i for i, (k, _) in enumerate(page.people_model.COLUMNS) if k == "name")
    assert page.people_model.index(row, name_col).data().startswith("Renamed")
    window.undo_action.trigger()
    assert all(page.scene.people[k] is before[k] for k in before)
    assert not page.scene.people[pid].info.name.startswith("Renamed")


def test_a_new_review_date_restyles_every_ring_as_the_coverage_says(big_map):
    window, page = big_map
    store = window.store
    rid = store.response_id
    before = dict(page.scene.people)
    day = date.today() - timedelta(days=1)  # the review date has passed: not assessed is overdue
    assert store.run(lambda s: update_response(s, rid, {"review_date": day})) is not None
    with store.read() as s:
        fresh = {p.person_id: p.state for p in coverage_for(s, rid).people}
    shown = {pid: item.info.coverage for pid, item in page.scene.people.items()}
    assert {pid: state for pid, state in shown.items() if state is not None} == fresh
    assert "overdue" in fresh.values()
    assert all(page.scene.people[k] is before[k] for k in before)
