"""Every control is named for assistive technology (issue 20.2): each page of the main
window on the demo and the main dialogs are walked, and any visible button, text box,
list, date or number field without an accessible name (a label with a buddy, a set name,
or its own text) fails the test, naming it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.views.a11y_dialogs import dialogs
from tests.views.a11y_walk import accessible_name, unnamed


def test_every_control_on_every_page_is_named(demo):
    problems = []
    for i in range(demo.tabs.count()):
        demo.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        problems += [f"{demo.tabs.tabText(i)}: {p}" for p in unnamed(demo)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_control_in_every_dialog_is_named(demo, qtbot, tmp_path):
    problems = []
    for name, make in dialogs(demo, tmp_path):
        dialog = make()
        dialog.show()
        qtbot.waitExposed(dialog)
        problems += [f"{name}: {p}" for p in unnamed(dialog)]
        dialog.reject()
    assert not problems, "\n".join(problems)


def test_date_fields_and_filter_boxes_say_what_they_are(demo):
    coverage = demo.pages[2]
    demo.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    assert accessible_name(coverage.as_of_field.edit) == "As of"
    assert accessible_name(demo.pages[0].search) == "Find by reference or name"
