"""Screens refresh when seen: a hidden page shown after an edit shows it, and undo and redo
refresh the page on screen (issue 14: views not on screen wait until they are shown)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.files.demo import build_demo
from app.services.people.concerns import add_concern


@pytest.fixture
def shown(window, qt_sandbox, qtbot):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _tab(window, title: str) -> int:
    return next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == title)


def _show(window, qtbot, title: str):  # noqa: ANN202
    window.tabs.setCurrentIndex(_tab(window, title))
    qtbot.wait(1)
    page = window.tabs.currentWidget().page
    assert page is not None and page.isVisible()
    return page


def _add_concern(window) -> None:
    store = window.store
    with store.read() as s:
        pid = s.scalars(select(YoungPerson.id).order_by(YoungPerson.id)).first()
    values = {
        "person_id": pid,
        "date": date.today(),
        "reporting_agency": "school",
        "category": "self_injury",
    }
    assert store.run(lambda s: add_concern(s, store.response_id, values)) is not None


def _count(page) -> int:  # noqa: ANN001
    return int(page.count.text().split()[0])


def test_a_page_never_shown_shows_an_edit_made_before_it_was_first_opened(shown, qtbot):
    assert shown.tabs.currentIndex() == 0  # the map
    _add_concern(shown)
    page = _show(shown, qtbot, "Concerns")
    with shown.store.read() as s:
        from app.models.entities import Concern

        total = len(s.scalars(select(Concern.id)).all())
    assert _count(page) == total == page.model.rowCount()


def test_a_hidden_page_shown_again_shows_edits_undo_and_redo_made_meanwhile(shown, qtbot):
    page = _show(shown, qtbot, "Concerns")
    before = _count(page)
    shown.tabs.setCurrentIndex(0)  # back to the map: the Concerns page is hidden
    _add_concern(shown)
    assert _show(shown, qtbot, "Concerns") is page
    assert _count(page) == before + 1
    shown.tabs.setCurrentIndex(0)
    shown.undo_action.trigger()
    assert _show(shown, qtbot, "Concerns") is page
    assert _count(page) == before
    shown.tabs.setCurrentIndex(_tab(shown, "Audit log"))
    shown.redo_action.trigger()
    assert _show(shown, qtbot, "Concerns") is page
    assert _count(page) == before + 1


def test_undo_and_redo_refresh_the_page_on_screen(shown, qtbot):
    page = _show(shown, qtbot, "Concerns")
    before = _count(page)
    _add_concern(shown)
    assert _count(page) == before + 1 == page.model.rowCount()
    shown.undo_action.trigger()
    assert _count(page) == before == page.model.rowCount()
    shown.redo_action.trigger()
    assert _count(page) == before + 1


def test_the_audit_log_shown_later_lists_the_edit_and_its_undo(shown, qtbot):
    _add_concern(shown)
    shown.undo_action.trigger()
    page = _show(shown, qtbot, "Audit log")
    step = page.model.COLUMNS.index("Step")  # the step as the user took it
    actions = [page.model.rows[r][step] for r in range(len(page.model.rows))]
    assert any(a.startswith("Undo Add concern") for a in actions)
    assert any(a.startswith("Add concern") for a in actions)
    shown.tabs.setCurrentIndex(0)


def test_the_map_added_person_appears_in_a_hidden_table_and_undo_removes_it(shown, qtbot):
    from app.services.people.young_people import add_person

    store = shown.store
    page = _show(shown, qtbot, "Assessments")
    shown.tabs.setCurrentIndex(0)
    values = {"given_name": "Quillon", "family_name": "Fictional"}
    store.run(lambda s: add_person(s, store.response_id, values))
    mapped = shown.slots[0].page
    with store.read() as s:
        new_id = s.scalars(select(YoungPerson.id).where(YoungPerson.given_name == "Quillon")).one()
    assert new_id in mapped.scene.people  # the map on screen shows it at once
    shown.undo_action.trigger()
    assert new_id not in mapped.scene.people
    assert _show(shown, qtbot, "Assessments") is page
