"""Safer defaults (issue 16 item 8): an empty optional date shows empty, and the button
that closes a response "anyway" is never the default button."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.services.people.young_people import add_person
from app.views.assessments.form import AssessmentForm
from app.views.meetings.closure_dialog import ClosureDialog
from app.views.shell.main_window import open_first_response


def test_an_empty_optional_date_shows_empty_not_today(store, qtbot):
    store.run(
        lambda s: add_person(s, store.response_id, {"given_name": "Ivo", "family_name": "Testlane"})
    )
    form = AssessmentForm(store)
    qtbot.addWidget(form)
    form.show()
    booked = form.booked
    assert not booked.check.isChecked()
    assert booked.edit.text().strip() == ""  # blank, not a greyed-out today
    assert booked.value() is None
    booked.check.setChecked(True)  # ticking it starts on today
    assert booked.value() == date.today() and booked.edit.text() == f"{date.today():%d/%m/%Y}"
    booked.check.setChecked(False)
    assert booked.value() is None and booked.edit.text().strip() == ""


def test_close_anyway_is_never_the_default_button(window, qtbot, qt_sandbox):
    open_first_response(window, None)
    action = next(a for a in window.response_menu.actions() if a.text() == "&Close response...")
    seen: list[tuple[str, bool, bool, bool]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClosureDialog)
        close = dialog.close_button
        done = next(b for b in dialog.findChildren(type(close)) if b.text() == "Done")
        seen.append((close.text(), close.isDefault(), close.autoDefault(), done.isDefault()))
        dialog.accept()

    QTimer.singleShot(0, look)
    action.trigger()
    assert seen == [("Close anyway, with this reason", False, False, True)]
