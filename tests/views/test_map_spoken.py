"""The map's people for assistive technology (issue 20.2): every person shown on the map
can be reached with the arrow keys, and the map then says who has the focus - reference,
risk recorded and coverage state in words; the People table carries the same sentence on
each row, kept in step after an edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.coverage.figures import STATE_LABELS
from app.views.map.keyboard_focus import DIRECTIONS, next_person
from tests.views.conftest import focus_map


def _said(widget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Description) or ""


def _words(info) -> tuple[str, str]:
    risk = info.risk if info.risk != "Not yet assessed" else "not yet assessed"
    coverage = STATE_LABELS.get(info.coverage or "", "not in scope").split(" (")[0]
    return risk, coverage


def test_every_person_on_the_map_is_reached_by_arrow_keys_and_announced(window, qtbot):
    page = focus_map(window, qtbot)
    view = page.view
    shown = {pid for pid, it in view.map_scene.people.items() if it.isVisible()}
    assert len(shown) > 10
    # Arrow keys from where the focus starts, as a user would press them.
    qtbot.keyClick(view, Qt.Key.Key_Right)
    start = view.focused_person
    reached, todo = {start}, [start]
    while todo:  # every person one arrow press from a person already reached
        here = todo.pop()
        for key in DIRECTIONS:
            view.focused_person = here
            there = next_person(view, key)
            if there is not None and there not in reached:
                reached.add(there)
                todo.append(there)
    assert reached == shown, f"not reachable by arrow keys: {shown - reached}"
    for pid in sorted(reached)[:12]:  # announced with the keys themselves
        view.focused_person = pid
        target = next(
            (k for k in DIRECTIONS if next_person(view, k) not in (None, pid)), Qt.Key.Key_Right
        )
        qtbot.keyClick(view, target)
        info = view.map_scene.people[view.focused_person].info
        said = _said(view)
        risk, coverage = _words(info)
        assert said.startswith(f"Focused: {info.reference}:"), said
        assert risk in said and coverage in said, said


def test_people_table_rows_say_reference_risk_and_coverage_and_follow_edits(window, qtbot):
    page = focus_map(window, qtbot)
    model = page.people_model
    for row in range(model.rowCount()):
        info = model.rows[row]
        text = model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
        risk, coverage = _words(info)
        assert text.startswith(info.reference + ":") and risk in text and coverage in text
    # After an assessment is recorded the row says the new risk.
    with window.store.read() as s:
        pid, ref = s.execute(select(YoungPerson.id, YoungPerson.reference)).first()
    form = window.pages[3].open_form(None)
    form.person.setCurrentIndex(form.person.findData(pid))
    form.agency.setCurrentText("CAMHS")
    form.status.setCurrentIndex(form.status.findData("completed"))
    form.completed.check.setChecked(True)
    levels = [form.risk.itemText(i) for i in range(form.risk.count())]
    form.risk.setCurrentIndex(next(i for i, t in enumerate(levels) if t.startswith("High")))
    form.accept()
    assert not form.problem.text(), form.problem.text()
    row = next(r for r in range(model.rowCount()) if model.rows[r].id == pid)
    text = model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.startswith(f"{ref}: risk recorded High"), text


def test_charts_say_what_they_show_with_the_figures_and_follow_edits(window, qtbot):
    from app.views.coverage.page import CoveragePage
    from app.views.timeline.page import TimelinePage

    focus_map(window, qtbot)
    coverage = next(p for p in window.pages if isinstance(p, CoveragePage))
    timeline = next(p for p in window.pages if isinstance(p, TimelinePage))
    chart = coverage.chart
    assert QAccessible.queryAccessibleInterface(chart).text(QAccessible.Text.Name) == (
        "Coverage chart"
    )
    said = _said(chart)
    shown = coverage.figures["assessed_on_time"].text()
    assert said.startswith("Coverage as of ") and "assessed on time" in said, said
    assert shown.split()[0] in said, (shown, said)
    before = int(said.split(": ")[1].split()[0])
    # Record a completed assessment for someone not yet assessed: the words change.
    who = [*coverage.coverage.references("at_risk"), *coverage.coverage.references("overdue")]
    with window.store.read() as s:
        pid = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == who[0]))
    form = window.pages[3].open_form(None)
    form.person.setCurrentIndex(form.person.findData(pid))
    form.agency.setCurrentText("CAMHS")
    form.status.setCurrentIndex(form.status.findData("completed"))
    form.completed.check.setChecked(True)
    form.risk.setCurrentIndex(form.risk.count() - 1)
    form.accept()
    assert not form.problem.text(), form.problem.text()
    window.tabs.setCurrentIndex(window.pages.index(coverage))
    qtbot.waitUntil(lambda: _said(chart) != said)
    assert int(_said(chart).split(": ")[1].split()[0]) == before + 1, _said(chart)
    assert "concerns and" in _said(timeline.plot) and "completed assessments" in _said(
        timeline.plot
    )
