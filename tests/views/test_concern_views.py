"""Concerns tab, concern form and the person panel's Concerns section, driven as a user."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select

from app.models.entities import Concern, YoungPerson
from app.views.concerns.form import ConcernDialog
from app.views.concerns.page import COLUMNS, ConcernsPage
from app.views.person.concerns_section import ConcernsSection
from app.views.shell.store import Store


@pytest.fixture
def demo_store(qt_sandbox, demo_db):
    s = Store(demo_db)
    yield s
    s.undo_stack.clear()


def _count(store: Store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Concern))


def test_concerns_table_edits_through_the_store_and_undoes(qtbot, qtmodeltester, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == _count(demo_store) > 0
    row = page.model.rows[0]
    col = COLUMNS.index("Category")
    index = page.model.index(0, col)
    assert page.model.setData(index, "Thoughts or plans disclosed")
    with demo_store.read() as s:
        assert s.get(Concern, row.id).category == "thoughts_or_plans"
    assert page.model.index(0, col).data() == "Thoughts or plans disclosed"
    # A date known before the date is refused with one sentence and changes nothing.
    errors: list[str] = []
    demo_store.error.connect(errors.append)
    known = page.model.index(0, COLUMNS.index("Date known"))
    bad = row.date - timedelta(days=1)
    from app.views.common.widgets import to_qdate

    assert not page.model.setData(known, to_qdate(bad))
    assert errors == ["The date known cannot be before the date of the concern."]
    demo_store.undo_stack.undo()
    with demo_store.read() as s:
        assert s.get(Concern, row.id).category == row.category


def test_filter_by_category_and_text(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    total = page.proxy.rowCount()
    page.category.setCurrentIndex(page.category.findData("self_injury"))
    shown = page.proxy.rowCount()
    assert 0 < shown < total
    col = COLUMNS.index("Category")
    assert {page.proxy.index(r, col).data() for r in range(shown)} == {"Self-injury"}
    page.category.setCurrentIndex(0)
    qtbot.keyClicks(page.search, "YP-01")
    assert page.proxy.rowCount() == 1
    assert "1 of" in page.count.text()


def test_delete_selected_concern_and_undo_restores_its_id(qtbot, demo_store):
    page = ConcernsPage(demo_store)
    qtbot.addWidget(page)
    page.show()
    before = _count(demo_store)
    page.view.selectionModel().select(
        page.proxy.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    chosen = page.selected_rows()[0]
    assert demo_store.selected_people == {chosen.person_id}
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert _count(demo_store) == before - 1
    assert page.model.rowCount() == before - 1
    demo_store.undo_stack.undo()
    with demo_store.read() as s:
        assert s.get(Concern, chosen.id) is not None


def test_concern_form_reminds_and_refuses_bad_dates(qtbot, demo_store):
    with demo_store.read() as s:
        person = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-10"))
        pid = person.id
    dialog = ConcernDialog(demo_store, person_id=pid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reminder.isVisible()
    assert "Do not describe methods." in dialog.reminder.text()
    assert dialog.notes.placeholderText() == "Do not describe methods."
    labels = [dialog.category.itemText(i) for i in range(dialog.category.count())]
    # A new concern's category starts empty and must be chosen (issue 16 item 8).
    assert dialog.category.currentData() is None
    assert labels == [
        "(choose a category)",
        "Self-injury",
        "Self-poisoning",
        "Thoughts or plans disclosed",
        "Online self-harm content",
        "Suspected",
    ]
    dialog.agency.setCurrentText("CAMHS")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Category" in dialog.problem.text()
    dialog.category.setCurrentIndex(dialog.category.findData("self_injury"))
    dialog.date.set_value(date.today() - timedelta(days=3))
    dialog.date_known.set_value(date.today() - timedelta(days=5))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.text() == "The date known cannot be before the date of the concern."
    before = _count(demo_store)
    dialog.date_known.set_value(date.today() - timedelta(days=2))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _count(demo_store) == before + 1
    with demo_store.read() as s:
        added = s.scalar(select(Concern).order_by(Concern.id.desc()))
        assert (added.person_id, added.reporting_agency) == (pid, "CAMHS")


def test_person_panel_concerns_section(qtbot, demo_store):
    from app.views.person.panel import SECTIONS

    assert ConcernsSection in SECTIONS
    section = ConcernsSection(demo_store)
    qtbot.addWidget(section)
    with demo_store.read() as s:
        person = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-01"))
        pid, owner = person.id, person.lead_professional
        n = s.scalar(select(func.count()).select_from(Concern).where(Concern.person_id == pid))
    section.set_person(pid)
    assert section.table.rowCount() == n >= 1
    assert owner in section.owner.text() and section.owner.text().startswith("Next step:")
    section.table.selectRow(0)
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert section.table.rowCount() == n - 1
    demo_store.undo_stack.undo()
    assert section.table.rowCount() == n
