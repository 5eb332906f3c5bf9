"""File > Restore from backup: the list of backups, and a restore that keeps the current
file aside."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.models.entities import YoungPerson
from app.services.files import backups
from app.services.people.young_people import add_person
from app.views.shell.backup_actions import BackupListModel, RestoreDialog, open_restore_dialog
from app.views.shell.main_window import data_folder


def add(window, name: str) -> None:
    rid = window.store.response_id
    window.store.run(lambda s: add_person(s, rid, {"given_name": name, "family_name": "Test"}))


def people(window) -> list[str]:
    with window.store.read() as s:
        return sorted(p.given_name for p in s.query(YoungPerson))


def test_backups_are_listed_with_date_and_number_of_people(
    window, qtbot, qt_sandbox, qtmodeltester
):
    window.open_demo()  # the demo itself is not backed up on opening (it is rebuilt each time)
    path = window.store.db.path
    assert backups.list_backups(path, data_folder()) == []
    before = len(people(window))
    base = datetime(2026, 11, 20, 9, 30)
    backups.make_backup(path, data_folder(), reason="hourly", now=base)
    add(window, "Ada")
    backups.make_backup(path, data_folder(), reason="manual", now=base + timedelta(days=1))
    dialog = RestoreDialog(path, data_folder(), window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    cells = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert cells == [
        ["Sat 21/11/2026 09:30", "made by hand", str(before + 1)],
        ["Fri 20/11/2026 09:30", "after an hour of editing", str(before)],
    ]
    assert dialog.chosen() is not None and dialog.restore_button.isEnabled()
    dialog.resize(620, 420)
    dialog.show()
    dialog.grab().save(str(qt_sandbox / "restore_dialog.png"))


def test_restoring_from_the_menu_keeps_the_current_file_aside(window, qtbot, qt_sandbox):
    path = qt_sandbox / "r.circles"
    window.create_response(
        path,
        {
            "title": "Spring response (fictional)",
            "lead_area": "Testshire",
            "referral_date": datetime(2026, 3, 1).date(),
            "review_date": datetime(2026, 3, 30).date(),
        },
    )
    add(window, "Ada")
    window.backups.backup_now("manual")
    add(window, "Bo")
    action = window.findChild(object, "restoreFromBackupAction")
    assert action is not None and action.isEnabled()
    assert action in window.file_menu.actions()
    action.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RestoreDialog)
    dialog.table.selectRow(0)  # the newest: after Ada, before Bo
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert ok is not None
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert people(window) == ["Ada"]
    kept = [p for p in qt_sandbox.iterdir() if p.name.startswith("r (before restore ")]
    assert len(kept) == 1  # with Bo in it: nothing entered is thrown away
    assert "Restored the backup" in window.statusBar().currentMessage()
    add(window, "Cy")  # the restored response is editable as usual
    assert people(window) == ["Ada", "Cy"]


def test_cancelling_the_dialog_changes_nothing(window, qtbot, qt_sandbox):
    window.open_demo()
    backups.make_backup(window.store.db.path, data_folder(), reason="manual")
    add(window, "Ada")
    dialog = open_restore_dialog(window)
    assert dialog is not None
    dialog.reject()
    assert "Ada" in people(window)


def test_an_empty_list_says_so(qtbot, qt_sandbox, tmp_path):
    dialog = RestoreDialog(tmp_path / "none.circles", tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible()
    assert not dialog.restore_button.isEnabled()
    assert BackupListModel([]).rowCount() == 0
