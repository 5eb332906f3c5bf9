"""The Meetings tab's changes panel at a size where the changes run to hundreds: the first
page shown, the counts of everything, Show more / Show all; and the Actions tab's picker
offering every young person in reference order. Driven in the real window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from app.services.editing.editor import Editor
from app.services.meetings.changes import changes_since_last_meeting
from app.services.meetings.meetings import add_meeting
from app.services.people.references import reference_key
from app.services.people.young_people import add_person
from app.views.meetings.actions_page import ActionsPage
from app.views.meetings.changes_panel import PAGE
from app.views.meetings.page import MeetingsPage

TODAY = date.today()
PEOPLE = PAGE + 37  # more than one page of changes


@pytest.fixture
def many(new_db):
    """A fictional response: one person before the last meeting, PEOPLE after it."""
    editor = Editor(new_db, user="tester")
    rid = new_db.response_id

    def person(day: date) -> None:
        values = {"given_name": "Ada", "family_name": "Fictional", "date_added": day}
        editor.do(lambda s: add_person(s, rid, values))

    person(TODAY - timedelta(days=30))
    editor.do(
        lambda s: add_meeting(s, rid, {"type": "scoping", "date": TODAY - timedelta(days=20)})
    )
    for n in range(PEOPLE):
        person(TODAY - timedelta(days=n % 19))  # days out of reference order
    with new_db.read() as s:
        full = changes_since_last_meeting(s, rid, TODAY)
    path = new_db.path
    new_db.close()
    return path, full


def cells(model, key: str) -> list:
    c = [col.key for col in model.columns].index(key)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def show_page(window, qtbot, path, kind):  # noqa: ANN001, ANN201
    assert window.open_path(path)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    i = next(i for i in range(window.tabs.count()) if isinstance(window.page_at(i), kind))
    window.tabs.setCurrentIndex(i)
    return window.page_at(i)


def test_changes_panel_shows_a_page_then_more_then_all(window, qtbot, many):
    path, full = many
    page = show_page(window, qtbot, path, MeetingsPage)
    panel = page.editor.changes
    tabs = page.editor.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(panel)).center())
    assert tabs.currentWidget() is panel and panel.isVisible()
    assert panel.heading.text().startswith("Changes since the Scoping meeting")
    # The counts are of everything, the table the first page of the full (workbook) order.
    assert f"Young person added: {PEOPLE}" in panel.counts.text()
    shown = [(w, r, d) for w, r, _, d in full.rows()]

    def on_screen() -> list:
        return list(
            zip(
                cells(panel.model, "what"),
                cells(panel.model, "reference"),
                cells(panel.model, "date"),
                strict=True,
            )
        )

    dates = [d.strftime("%d/%m/%Y") for _, _, d in shown]
    expected = [(w, r, t) for (w, r, _), t in zip(shown, dates, strict=True)]
    assert on_screen() == expected[:PAGE]
    assert panel.shown.text() == f"Showing {PAGE} of {PEOPLE} changes"
    assert panel.more.isVisible() and panel.more.text() == f"Show {PEOPLE - PAGE} more"
    assert panel.all.text() == f"Show all {PEOPLE}"
    qtbot.mouseClick(panel.more, Qt.MouseButton.LeftButton)
    assert on_screen() == expected
    assert not panel.more.isVisible() and not panel.all.isVisible()
    assert panel.shown.text() == ""


def test_show_all_lists_every_change_and_stays_current(window, qtbot, many):
    path, full = many
    page = show_page(window, qtbot, path, MeetingsPage)
    panel = page.editor.changes
    page.editor.tabs.setCurrentWidget(panel)
    qtbot.mouseClick(panel.all, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == len(full.rows()) == PEOPLE
    # An edit while every row is shown keeps them all shown, the new one included.
    rid = window.store.response_id
    values = {"given_name": "Bo", "family_name": "Fictional", "date_added": TODAY}
    window.store.run(lambda s: add_person(s, rid, values))
    assert panel.model.rowCount() == PEOPLE + 1
    assert f"Young person added: {PEOPLE + 1}" in panel.counts.text()


def test_actions_picker_offers_every_young_person_in_reference_order(window, qtbot, many):
    path, _ = many
    page = show_page(window, qtbot, path, ActionsPage)
    c = [col.key for col in page.model.columns].index("person_id")
    choices = page.model.columns[c].choices
    assert choices[0] == (None, "(none)")
    refs = [ref for _, ref in choices[1:]]
    assert len(refs) == PEOPLE + 1
    assert refs == sorted(refs, key=reference_key)


def test_changes_made_before_the_panel_is_first_opened_are_on_it(window, qtbot, many):
    path, _ = many
    page = show_page(window, qtbot, path, MeetingsPage)
    panel = page.editor.changes
    assert not panel.isVisible()  # behind the meeting's Attendance tab
    rid = window.store.response_id
    values = {"given_name": "Bo", "family_name": "Fictional", "date_added": TODAY}
    window.store.run(lambda s: add_person(s, rid, values))
    page.editor.tabs.setCurrentWidget(panel)
    assert f"Young person added: {PEOPLE + 1}" in panel.counts.text()
    assert panel.shown.text() == f"Showing {PAGE} of {PEOPLE + 1} changes"
    # Hidden again, changed again, shown again: still current.
    page.editor.tabs.setCurrentWidget(page.editor.attendance)
    window.store.run(lambda s: add_person(s, rid, values))
    page.editor.tabs.setCurrentWidget(panel)
    assert f"Young person added: {PEOPLE + 2}" in panel.counts.text()
