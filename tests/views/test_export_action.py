"""File > Export mapping workbook...: the dialog, the export off the GUI thread, the message."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from sqlalchemy import select

from app.models.entities import AuditEntry
from app.services.files.demo import build_demo
from app.views.common.saved_notice import SavedNotice
from app.views.exchange import export_action
from app.views.exchange.export_action import ExportDialog, start_export


def _export_action(window):
    actions = [a for a in window.file_menu.actions() if a.objectName() == "exportWorkbookAction"]
    assert len(actions) == 1
    return actions[0]


def _open_demo(window, qt_sandbox):
    build_demo(qt_sandbox / "demo.circles").close()
    assert window.open_path(qt_sandbox / "demo.circles")


def _messages(window) -> list[str]:
    """Message boxes shown, and the full text of the status bar's saved notice."""
    boxes = [m.text() for m in window.findChildren(QMessageBox) if m.isVisible()]
    notices = [n.label.toolTip() for n in window.findChildren(SavedNotice) if n.isVisible()]
    return boxes + notices


def test_export_from_the_file_menu_writes_a_circulation_workbook(
    window, qtbot, qt_sandbox, monkeypatch
):
    _open_demo(window, qt_sandbox)
    window.show()
    _export_action(window).trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    # The dialog starts on Circulation (references only): names go out only by choice.
    assert dialog.circulation.isChecked() and not dialog.full.isChecked()
    assert dialog.path.text().endswith("(circulation).xlsx")
    qtbot.mouseClick(dialog.full, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith("(full).xlsx")
    qtbot.mouseClick(dialog.circulation, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith("(circulation).xlsx")
    assert "no names or dates of birth" in dialog.note.text()
    dialog.as_of.set_value(date.today() + timedelta(days=3))
    dialog.resize(620, dialog.height())
    dialog.grab().save(str(qt_sandbox / "export_dialog.png"))
    out = qt_sandbox / "for circulation.xlsx"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(qt_sandbox / "for circulation"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: any("saved to" in m for m in _messages(window)), timeout=60000)
    message = next(m for m in _messages(window) if "saved to" in m)
    assert str(out) in message and "circulation" in message and "OFFICIAL-SENSITIVE" in message
    # Said in the status bar, with Open folder, not in a box to dismiss.
    assert not window.findChildren(QMessageBox)
    notice = window.statusBar().findChild(SavedNotice)
    assert "for circulation.xlsx" in notice.label.text()
    opened: list[str] = []
    monkeypatch.setattr(
        "app.views.common.saved_notice.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(qt_sandbox)]
    wb = load_workbook(out)
    headers = [c.value for c in next(wb["Young people"].iter_rows(max_row=1))]
    assert "Given name" not in headers and "Notes" not in headers
    # The message says what circulation mode removed, as the Cover does (the demo's free
    # text names no one, so nothing).
    cover = {r[0]: r[1] for r in wb["Cover"].iter_rows(values_only=True) if r[0]}
    removed = cover["Cells removed in circulation mode"]
    assert removed.startswith("No cell named a young person") and removed in message
    assert any(
        (r[0], r[1].date() if r[1] else None) == ("As of date", date.today() + timedelta(days=3))
        for r in wb["Summary"].iter_rows(min_row=2, max_row=3, values_only=True)
    )
    with window.store.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.kind == "export")).one()
    assert "circulation" in entry.action and entry.new.endswith("for circulation.xlsx")


def test_the_dialog_refuses_a_missing_folder_and_warns_before_replacing(store, qtbot, tmp_path):
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(tmp_path / "nowhere" / "map.xlsx"))
    assert not dialog.ok.isEnabled()
    assert "does not exist" in dialog.note.text()
    (tmp_path / "map.xlsx").write_bytes(b"old")
    dialog.path.setText(str(tmp_path / "map"))
    assert dialog.ok.isEnabled()
    assert "already exists and will be replaced" in dialog.note.text()
    assert dialog.choice()[0] == tmp_path / "map.xlsx"


def test_progress_dialog_waits_a_second_and_the_gui_stays_responsive(
    window, qtbot, qt_sandbox, monkeypatch
):
    _open_demo(window, qt_sandbox)
    release = threading.Event()
    real = export_action.export_workbook

    def slow_export(db, out, *, circulation, as_of, progress, password=None):  # noqa: ANN001
        progress(1, 3)
        release.wait(30)
        return real(
            db, out, circulation=circulation, as_of=as_of, progress=progress, password=password
        )

    monkeypatch.setattr(export_action, "export_workbook", slow_export)
    out = qt_sandbox / "slow.xlsx"
    job = start_export(window, window.store, out, False, date.today())
    dialog = window.findChild(QProgressDialog, "exportProgress")
    assert dialog is not None and dialog.minimumDuration() == 1000
    qtbot.waitUntil(lambda: dialog.value() == 1, timeout=10000)
    # Still writing after a second: the progress dialog shows itself.
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    # The export is still running on its thread while the GUI thread handles events.
    assert job.thread.is_alive() and not out.exists()
    with qtbot.waitSignal(job.finished, timeout=60000):
        release.set()
    assert out.exists() and not dialog.isVisible()


def test_a_failed_export_says_so_in_one_sentence(window, qtbot, qt_sandbox, monkeypatch):
    _open_demo(window, qt_sandbox)
    window.show()

    def full_disk(*args, **kwargs):  # noqa: ANN002, ANN003
        raise export_action.ExportError("The disk is full, so map.xlsx was not saved.")

    monkeypatch.setattr(export_action, "export_workbook", full_disk)
    job = start_export(window, window.store, qt_sandbox / "map.xlsx", False, date.today())
    qtbot.waitUntil(lambda: any("disk is full" in m for m in _messages(window)), timeout=10000)
    job.thread.join(10)
    assert not (qt_sandbox / "map.xlsx").exists()


def test_the_app_exports_through_the_export_verb_in_a_process_of_its_own(
    window, qtbot, qt_sandbox, monkeypatch
):
    """The window builds no workbook itself (its cycle collector would free openpyxl's and
    lxml's objects on the GUI thread): the `export` verb runs as a child process, and the
    workbook it writes is the one the command line writes."""
    from app.services.workbook import export_process

    started: list[list[str]] = []
    real_popen = export_process.subprocess.Popen

    def popen(args, **kwargs):  # noqa: ANN001, ANN003, ANN202
        started.append(list(args))
        return real_popen(args, **kwargs)

    monkeypatch.setattr(export_process.subprocess, "Popen", popen)
    _open_demo(window, qt_sandbox)
    window.show()
    _export_action(window).trigger()
    dialog = window.findChild(ExportDialog)
    out = qt_sandbox / "helped.xlsx"
    dialog.path.setText(str(out))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("saved to" in m for m in _messages(window)), timeout=60000)
    assert len(started) == 1 and "export" in started[0] and "--json" in started[0]
    prompts = [r for r in load_workbook(out)["Prompts"].iter_rows(min_row=2, values_only=True)]
    assert len(prompts) >= 3 and all(str(r[5]).startswith("Consider") for r in prompts)


def test_the_message_says_how_many_cells_circulation_mode_removed(window, qtbot, qt_sandbox):
    from app.models.entities import Action, YoungPerson

    db = build_demo(qt_sandbox / "demo.circles")
    with db.session.begin() as s:
        first = s.scalars(select(YoungPerson).order_by(YoungPerson.id)).first()
        s.add(
            Action(
                response_id=db.response_id,
                description=f"call {first.given_name.lower()}'s mum",
                owner_agency="School",
                due_date=date.today() + timedelta(days=7),
            )
        )
    db.close()
    assert window.open_path(qt_sandbox / "demo.circles")
    window.show()
    out = qt_sandbox / "named.xlsx"
    start_export(window, window.store, out, True, date.today())
    qtbot.waitUntil(lambda: any("saved to" in m for m in _messages(window)), timeout=60000)
    message = next(m for m in _messages(window) if "saved to" in m)
    assert (
        "1 cell that could name a young person or give a date of birth was removed (Actions 1)."
        in message
    )
    descriptions = [r[2] for r in load_workbook(out)["Actions"].iter_rows(values_only=True)]
    assert "[name removed]" in descriptions
    assert not [d for d in descriptions if d and first.given_name.lower() in d.lower()]
