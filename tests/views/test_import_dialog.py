"""File > Import... and File > Save import template..., driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog
from sqlalchemy import func, select

from app.models.entities import AuditEntry, YoungPerson
from app.services.files.demo import build_demo
from app.views.exchange.import_actions import import_file
from app.views.exchange.import_dialog import ImportDialog
from tests.services.import_files import dump, write_workbook


@pytest.fixture
def demo_window(window, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    window.resize(1366, 768)
    return window


def _action(window, name):
    return next(a for a in window.file_menu.actions() if a.objectName() == name)


def _school_list(tmp: Path) -> Path:
    return write_workbook(
        tmp / "school list.xlsx",
        {"Pupils": [["Forename", "Surname", "DOB", "School", "Sex", "Home area"],
                    ["Noa", "Newname (fictional)", "01/09/2011", "Riverside High (fictional)", "F", "Northfield"],
                    ["Bea", "Madeupson", None, "Northfield Academy (fictional)", "Female", "Eastham"]]},
    )  # fmt: skip


def _open(window, path) -> ImportDialog:
    dialog = import_file(window, window.store, path)
    assert isinstance(dialog, ImportDialog)
    return dialog


def test_menu_has_both_actions_and_saves_the_template(demo_window, qt_sandbox, monkeypatch):
    texts = [a.text() for a in demo_window.file_menu.actions()]
    assert "&Import..." in texts and "Save import &template..." in texts
    target = qt_sandbox / "for schools.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _action(demo_window, "importTemplateAction").trigger()
    wb = load_workbook(target)
    assert wb.sheetnames[:4] == ["Young people", "Connections", "Concerns", "Assessments"]
    assert wb["Young people"].oddHeader.center.text == "OFFICIAL-SENSITIVE"
    assert "Import template saved" in demo_window.statusBar().currentMessage()


def test_preview_with_problems_then_fixed_mapping_imports_in_one_undo_step(
    demo_window, qtbot, qtmodeltester, qt_sandbox
):
    store = demo_window.store
    before = dump(store.db)
    dialog = _open(demo_window, _school_list(qt_sandbox))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.rows_model)
    qtmodeltester.check(dialog.problems_model)
    # The problem names sheet, row and column, and Import stays disabled.
    assert dialog.tabs.currentWidget() is dialog.problems_view
    problems = dialog.problems_model.rows
    assert problems == [
        ("Pupils", "2", "Sex", "'F' is not one of: Female, Male, Non-binary, Other, Not known")
    ]
    assert not dialog.import_button.isEnabled()
    assert "1 problem" in dialog.summary.text()
    dialog.grab().save(str(qt_sandbox / "import_problems.png"))

    # The columns were matched by synonym; the user stops importing the Sex column.
    mapped = {dialog.columns.item(i, 0).text(): dialog.columns.cellWidget(i, 2).currentText()
              for i in range(dialog.columns.rowCount())}  # fmt: skip
    assert mapped == {"Forename": "Given name", "Surname": "Family name", "DOB": "Date of birth",
                      "School": "Setting", "Sex": "Gender", "Home area": "Home area"}  # fmt: skip
    sex_row = next(
        i for i in range(dialog.columns.rowCount()) if dialog.columns.item(i, 0).text() == "Sex"
    )
    combo: QComboBox = dialog.columns.cellWidget(sex_row, 2)
    combo.setCurrentText("(not imported)")
    assert dialog.problems_model.rows == []
    assert dialog.import_button.isEnabled()
    actions = [(r[2], r[3]) for r in dialog.rows_model.rows]
    assert ("Add", "YP-41 Noa Newname (fictional)") in actions
    # Bea Madeupson is like YP-02 (same name and setting): merged unless the user says skip.
    assert [d.reference for d in dialog.plan.duplicates] == ["YP-02"]
    dialog.tabs.setCurrentIndex(1)
    dialog.grab().save(str(qt_sandbox / "import_clean.png"))
    decision: QComboBox = dialog.duplicates.cellWidget(0, 3)
    decision.setCurrentIndex(decision.findData("skip"))
    assert dialog.plan.skipped == {"Young people": 1}
    assert dialog.plan.updated == {}

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported and not dialog.isVisible()
    assert store.undo_stack.count() == 1
    assert store.undo_stack.undoText() == "Import school list.xlsx"
    with store.read() as s:
        added = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-41"))
        assert added.family_name == "Newname (fictional)" and added.gender is None
        assert s.scalar(select(func.count()).where(AuditEntry.kind == "import")) == 1
    assert "Imported school list.xlsx" in demo_window.statusBar().currentMessage()
    store.undo_stack.undo()
    after = dump(store.db)
    after.pop("audit_entry"), before.pop("audit_entry")
    assert after == before


def test_sheet_kind_can_be_changed(demo_window, qtbot, qt_sandbox):
    path = qt_sandbox / "list.csv"
    path.write_text("Reference,Agency,Status,Booked date\nYP-01,School,Booked,01/01/2026\n")
    dialog = _open(demo_window, path)
    qtbot.addWidget(dialog)
    kind: QComboBox = dialog.sheets.cellWidget(0, 2)
    assert kind.currentText() == "Assessments"
    kind.setCurrentText("(not imported)")
    assert [str(p) for p in dialog.plan.problems] == ["list.csv holds no rows to import."]
    kind.setCurrentText("Assessments")
    assert dialog.plan.ok


def test_unreadable_file_is_one_sentence_and_no_dialog(demo_window, qt_sandbox):
    bad = qt_sandbox / "notes.xlsx"
    bad.write_text("hello")
    assert import_file(demo_window, demo_window.store, bad) is None
    assert demo_window.last_error == "notes.xlsx is not an Excel workbook (it may be damaged)."


def test_import_refused_when_the_response_changed_after_the_preview(demo_window, qtbot, qt_sandbox):
    from app.services.people.young_people import update_person

    store = demo_window.store
    path = write_workbook(
        qt_sandbox / "update.xlsx",
        {"Young people": [["Reference", "Home area"], ["YP-01", "Eastham"]]},
    )
    dialog = _open(demo_window, path)
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()
    with store.read() as s:
        pid = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == "YP-01"))
    # Someone records the same change by hand: the previewed update would now do nothing.
    store.run(lambda s: update_person(s, pid, {"home_area": "Eastham"}))
    before = dump(store.db)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "changed after the import was previewed" in demo_window.last_error
    assert dump(store.db) == before
    assert dialog.isVisible() and not dialog.imported
    assert store.undo_stack.count() == 1  # only the edit made by hand
    # The preview now shows the response as it is: nothing left to import.
    assert dialog.plan.skipped == {"Young people": 1} and not dialog.import_button.isEnabled()
