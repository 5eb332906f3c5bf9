"""First run and meeting speed (issue 16 item 9): the empty map says what to do first,
the shortcuts, the picture export's offered folder and remembered format, and a school
list to circulation workbook and PDF map in 10 user actions or fewer."""

from __future__ import annotations

import csv
import os
import stat

from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from sqlalchemy import func, select

from app.models.entities import YoungPerson
from app.views.common.saved_notice import SavedNotice
from app.views.exchange.export_action import ExportDialog
from app.views.exchange.import_dialog import ImportDialog
from app.views.map.page import MapPage
from app.views.person.form import PersonForm
from app.views.shell.main_window import open_first_response

# A fictional school list, with the headers a school sends.
FORENAMES = "Ada Bea Cal Dee Eli Fay Gus Hal Ivy Jon Kit Lou Mae Ned Oli Pip Rae Sol Tam Viv"
SURNAMES = "Testwood Fernby Quillon Harrowgate Pembley Ashdown Corriver Brightsea Norcote"


def _school_list(folder) -> str:
    path = folder / "Year 9 list.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Forename", "Surname", "DOB", "School", "Year"])
        for n, name in enumerate(FORENAMES.split()):
            surname = SURNAMES.split()[n % 9]
            w.writerow([name, surname, f"{1 + n:02d}/0{1 + n % 9}/2011", "Northfield Academy", 9])
    return str(path)


def _map(window) -> MapPage:
    return next(p for p in window.pages if isinstance(p, MapPage))


def _key(window, qtbot, key, modifiers) -> None:
    """A shortcut typed on the map, where the user is."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    target = _map(window).view
    target.setFocus()
    qtbot.keyClick(target, key, modifiers)


def test_the_empty_map_says_what_to_do_first(window, qtbot, qt_sandbox, monkeypatch):
    open_first_response(window, None)
    window.show()
    qtbot.waitExposed(window)
    overlay = _map(window).first_run
    assert overlay.isVisible()
    assert [b.text() for b in (overlay.add_button, overlay.import_button, overlay.demo_button)] == [
        "Add a young person",
        "Import a list...",
        "Open the fictional demo",
    ]
    # The response made on first run is called "New response": its details are offered.
    assert overlay.details_button.isVisible()
    # Import a list... opens the same file dialog as File > Import (Ctrl+I).
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append(a[1]) or "", "")
    )
    qtbot.mouseClick(overlay.import_button, Qt.MouseButton.LeftButton)
    assert asked == ["Import a workbook or CSV file"]
    # Add a young person opens the person form; with someone in, the panel goes.
    qtbot.mouseClick(overlay.add_button, Qt.MouseButton.LeftButton)
    form = _map(window).form
    assert isinstance(form, PersonForm)
    form.given_name.setText("Wren")
    form.family_name.setText("Testmoor")
    form.accept()
    qtbot.waitUntil(lambda: not _map(window).first_run.isVisible(), timeout=5000)
    # The demo button opens the fictional demo (not empty: no panel).
    qtbot.mouseClick(_map(window).first_run.demo_button, Qt.MouseButton.LeftButton)
    assert window.store.db.path.name.startswith("Fictional demo")
    assert not _map(window).first_run.isVisible()
    window.tabs.setCurrentIndex(0)


def test_school_list_to_circulation_workbook_and_pdf_in_ten_actions(
    window, qtbot, qt_sandbox, monkeypatch
):
    open_first_response(window, None)  # the empty response a new user starts in
    window.show()
    qtbot.waitExposed(window)
    folder = window.store.db.path.parent
    school = _school_list(qt_sandbox)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (school, ""))
    offered: list[tuple[str, str]] = []

    def save_as_pdf(parent, caption, start, filters, selected=""):  # noqa: ANN001, ANN202
        offered.append((start, selected))
        # The user picks "PDF document" in the dialog's list and keeps the offered name.
        return start.rsplit(".", 1)[0], "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as_pdf))
    actions = 0

    # 1. Ctrl+I; 2. choose the school list in the file dialog (patched above).
    _key(window, qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    actions += 2
    dialog = window.findChild(ImportDialog)
    assert dialog is not None and dialog.isVisible()
    # 3. Import, in the preview.
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    actions += 1
    with window.store.read() as s:
        assert s.scalar(select(func.count()).select_from(YoungPerson)) == 20
    # 4. Ctrl+E: the export dialog starts on Circulation; 5. Export.
    _key(window, qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    actions += 1
    export = window.findChild(ExportDialog)
    assert export is not None and export.isVisible() and export.circulation.isChecked()
    workbook = export.choice()[0]
    qtbot.mouseClick(export.ok, Qt.MouseButton.LeftButton)
    actions += 1
    qtbot.waitUntil(lambda: window.statusBar().findChild(SavedNotice) is not None, timeout=60000)
    # 6. Ctrl+Shift+E (Export map picture); 7. choose PDF; 8. Save.
    _key(
        window,
        qtbot,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    actions += 3
    assert actions <= 10
    # The picture was offered in the response's folder.
    assert offered and offered[0][0].startswith(str(folder))
    pdf = folder / (os.path.basename(offered[0][0]).rsplit(".", 1)[0] + ".pdf")
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert workbook.exists() and workbook.parent == folder
    headers = [c.value for c in next(load_workbook(workbook)["Young people"].iter_rows(max_row=1))]
    assert "Given name" not in headers  # circulation: references only
    # The format is remembered: the next picture export starts on PDF.
    assert QSettings().value("map-export/format") == ".pdf"
    _map(window).export_dialog()
    assert offered[-1][1] == "PDF document (*.pdf)" and offered[-1][0].endswith(".pdf")
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
