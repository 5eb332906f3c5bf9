"""The Coverage tab on screen: same figures as `coverage --json`, fits a 1366x768 laptop,
and follows edits (completing an assessment, changing the review date, undo) at once."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.services.coverage.figures import NOT_ASSESSED, STATES
from app.services.people.assessments import add_assessment
from app.services.people.response_details import update_response
from app.services.people.young_people import add_person
from app.views.assessments.form import AssessmentForm
from app.views.coverage.page import CoveragePage
from tests.test_cli import circles

TODAY = date.today()


def page_of(window) -> CoveragePage:
    return next(p for p in window.pages if isinstance(p, CoveragePage))


def test_screen_equals_the_json_and_fits_a_laptop(window, qtbot, qt_sandbox, qtmodeltester):
    path = qt_sandbox / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    r = circles("coverage", str(path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)

    window.resize(1366, 768)
    window.show()
    assert window.open_path(path)
    page = page_of(window)
    window.tabs.setCurrentIndex(window.pages.index(page))
    # Nobody is selected: the person panel leaves the room to the list (issue 16).
    assert not window.person_panel.isVisible()
    qtbot.waitUntil(lambda: page.people_view.viewport().width() > 300)
    assert (window.width(), window.height()) == (1366, 768)  # nothing forces it wider

    assert page.figures["in_scope"].text() == str(data["in_scope"])
    for state in STATES:
        assert page.figures[state].text() == str(data[state]), state
    assert page.figures["percent_assessed"].text() == f"{data['percent_assessed']:.1f}%"
    assert page.days_left.text() == f"{data['days_left']} days left"
    assert f"under consideration {data['under_consideration']}" in page.not_counted.text()
    assert f"removed from scope {data['removed']}" in page.not_counted.text()

    # Breakdowns: every row of the table equals the JSON's count / assessed / outstanding.
    t = page.breakdowns
    cells = {
        t.item(r, 0).text(): tuple(int(t.item(r, c).text()) for c in (1, 2, 3))
        for r in range(t.rowCount())
        if t.item(r, 1) is not None
    }
    for key in ("by_setting", "by_agency", "by_area"):
        for name, b in data[key].items():
            assert cells[name] == (b["count"], b["assessed"], b["outstanding"]), name

    # The list: everyone not yet assessed, with the lead agency beside each.
    model = page.people_model
    qtmodeltester.check(model)
    listed = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert sorted(listed) == sorted(ref for s in NOT_ASSESSED for ref in data["people"][s])
    assert page.people_heading.text().startswith(f"All not yet assessed ({len(listed)})")
    lead_col = model.COLUMNS.index("Next step owner")
    assert all(model.index(r, lead_col).data() for r in range(model.rowCount()))

    # No scrolling at 1366x768 with the person panel open: the whole list, every column
    # and every breakdown row are in view.
    view = page.people_view
    qtbot.waitUntil(lambda: not view.verticalScrollBar().isVisible())  # once laid out
    width = sum(view.columnWidth(c) for c in range(model.columnCount()))
    assert width <= view.viewport().width() + 1
    assert page.breakdowns.height() >= page.breakdowns.sizeHint().height() - 40
    assert page.breakdowns.geometry().bottom() <= page.height()
    assert page.chart.height() >= 180
    window.grab().save(str(qt_sandbox / "coverage_1366x768.png"))

    # Clicking a person selects them (map, person panel) and keeps the chair on the list;
    # "Show on map" brings up the map.
    row = listed.index(data["people"]["at_risk"][0])
    pid = model.rows[row].person_id
    store = window.store
    requested = []
    store.show_map_requested.connect(lambda: requested.append(True))
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert store.selected_people == frozenset({pid})
    assert not requested and window.page_at(window.tabs.currentIndex()) is page
    qtbot.mouseClick(page.map_button, Qt.MouseButton.LeftButton)
    assert requested


def _small(store):
    rid = store.response_id
    ids = []
    for name in ("Ada", "Bo", "Cy"):
        store.run(lambda s, n=name: add_person(s, rid, {"given_name": n, "family_name": "Test"}))
    with store.read() as s:
        from app.models.entities import YoungPerson

        ids = [p.id for p in s.query(YoungPerson).order_by(YoungPerson.reference)]
    store.run(
        lambda s: add_assessment(
            s,
            rid,
            {
                "person_id": ids[0],
                "agency": "School",
                "status": "booked",
                "booked_date": TODAY + timedelta(days=2),
            },
        )
    )
    return ids


def test_completing_an_assessment_in_the_form_updates_the_view(qtbot, store):
    ids = _small(store)
    page = CoveragePage(store)
    qtbot.addWidget(page)
    assert page.figures["booked_on_time"].text() == "1"
    assert page.figures["assessed_on_time"].text() == "0"
    _xs, ys = page.chart.projection.getData()
    assert (
        list(ys)[-1] == 1 and "If bookings are kept: 1" in page.chart.projection_label.toPlainText()
    )
    with store.read() as s:
        from app.models.entities import Assessment

        aid = s.query(Assessment).one().id
    form = AssessmentForm(store, assessment_id=aid)
    qtbot.addWidget(form)
    form.show()
    form.status.setCurrentIndex(form.status.findData("completed"))
    form.booked.set_value(TODAY - timedelta(days=1))
    form.completed.set_value(TODAY)
    form.risk.setCurrentIndex(form.risk.findText("Raised"))
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.problem.text()
    assert page.figures["assessed_on_time"].text() == "1"
    assert page.figures["booked_on_time"].text() == "0"
    assert page.figures["percent_assessed"].text() == "33.3%"
    _xs, ys = page.chart.curve.getData()
    assert list(ys)[-1] == 1  # the cumulative line went up at once
    listed = [page.people_model.rows[r].person_id for r in range(page.people_model.rowCount())]
    assert ids[0] not in listed and set(ids[1:]) <= set(listed)
    assert store.undo_stack.undoText() == "Complete assessment for YP-01"
    store.undo_stack.undo()
    assert page.figures["booked_on_time"].text() == "1"


def test_review_date_changed_here_recomputes_at_once_and_undo_restores(qtbot, store):
    _small(store)
    page = CoveragePage(store)
    qtbot.addWidget(page)
    before = page.figures["booked_on_time"].text(), page.days_left.text()
    assert before == ("1", "14 days left")
    assert not page.set_review_button.isEnabled()
    page.review_field.set_value(TODAY + timedelta(days=1))  # before the booking
    assert page.set_review_button.isEnabled()
    qtbot.mouseClick(page.set_review_button, Qt.MouseButton.LeftButton)
    assert page.days_left.text() == "1 day left"
    assert page.figures["booked_on_time"].text() == "0"
    assert page.figures["at_risk"].text() == "3"
    assert store.undo_stack.undoText().startswith("Set review date")
    store.undo_stack.undo()
    assert (page.figures["booked_on_time"].text(), page.days_left.text()) == before
    assert page.review_field.value() == TODAY + timedelta(days=14)


def test_a_refused_review_date_changes_nothing(qtbot, store):
    page = CoveragePage(store)
    qtbot.addWidget(page)
    errors = []
    store.error.connect(errors.append)
    page.review_field.set_value(TODAY - timedelta(days=100))  # before the referral date
    qtbot.mouseClick(page.set_review_button, Qt.MouseButton.LeftButton)
    assert errors == ["The review date cannot be before the referral date."]
    assert page.review_field.value() == TODAY + timedelta(days=14)
    assert store.undo_stack.count() == 0


def test_as_of_shows_the_position_on_a_day_and_tells_the_map(qtbot, store):
    ids = _small(store)
    rid = store.response_id
    store.run(lambda s: update_response(s, rid, {"review_date": TODAY}))
    page = CoveragePage(store)
    qtbot.addWidget(page)
    assert page.figures["booked_on_time"].text() == "0"  # booked after the review date
    assert page.figures["at_risk"].text() == "3"
    page.as_of_field.set_value(TODAY + timedelta(days=1))
    assert store.as_at == TODAY + timedelta(days=1)
    assert page.figures["overdue"].text() == "3" and page.days_left.text() == "Passed 1 day ago"
    xs, _ys = page.chart.curve.getData()
    assert xs[-1] == (TODAY + timedelta(days=1)).toordinal()
    store.set_as_at(None)
    assert page.as_of_field.value() == TODAY
    assert page.figures["at_risk"].text() == "3"
    assert len(ids) == 3
