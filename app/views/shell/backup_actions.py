"""File > Restore from backup... and File > Back up now (registered in MENU_INSTALLERS).

The dialog lists the open response's backups, newest first, with when each was made, why,
and how many young people it holds. Restoring closes the response, keeps the current file
aside beside it ("NAME (before restore DATE).circles"), puts the backup in its place and
opens it: nothing is ever overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.lock import FileBusyError
from app.services.files import backups
from app.views.shell.folders import data_folder

if TYPE_CHECKING:
    from app.views.shell.store import Store
    from app.views.shell.window_api import ShellWindow

Index = QModelIndex | QPersistentModelIndex


class BackupListModel(QAbstractTableModel):
    """Backups of one response file: made at, why, young people, size."""

    HEADERS = ("Backed up", "Why", "Young people", "Size")

    def __init__(self, items: list[backups.Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = items
        self.summaries = [backups.summarise(b) for b in items]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        b, summary = self.items[index.row()], self.summaries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{b.made_at:%a %d/%m/%Y %H:%M}"
            if col == 1:
                return b.reason_text
            if col == 2:
                return "unreadable" if summary is None else str(summary.people)
            if col == 3:
                return "" if summary is None else f"{max(1, round(summary.size / 1024))} KB"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(b.path)
        return None


class RestoreDialog(QDialog):
    """Choose a backup of the open response to restore."""

    def __init__(self, db_path: Path, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setObjectName("restoreDialog")
        self.resize(620, 420)
        self.db_path = db_path
        lay = QVBoxLayout(self)
        items = backups.list_backups(db_path, data_folder)
        intro = QLabel(
            f"Backups of <b>{db_path.name}</b>, newest first. Circles backs up a response "
            "when it is opened and after an hour of editing, and keeps the last "
            f"{backups.KEEP_LATEST} plus one a day for {backups.KEEP_DAILY_DAYS} days."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.model = BackupListModel(items, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.table, 1)
        self.empty = QLabel("There are no backups of this response yet.")
        self.empty.setVisible(not items)
        lay.addWidget(self.empty)
        note = QLabel(
            "Restoring replaces the open response with the chosen backup. The current file "
            f"is kept beside it as '{db_path.stem} (before restore ...){db_path.suffix}', "
            f"so nothing is lost. Backups are in {backups.folder_for(db_path, data_folder)}."
        )
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        if items:
            self.table.selectRow(0)

    def _selection_changed(self) -> None:
        chosen = self.chosen()
        self.restore_button.setEnabled(chosen is not None)

    def chosen(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        if self.model.summaries[row] is None:
            return None
        return self.model.items[row]


def restore_into_window(window: ShellWindow, backup: backups.Backup) -> bool:
    """Close the response, restore the backup in its place (current kept aside), reopen."""
    store = window.store
    if store is None:
        return False
    path = store.db.path
    if backups.verify(backup.path) is not None:
        window.report("That backup is damaged; choose another.")
        return False
    window.close_file()  # closes the file and releases its lock
    try:
        kept = backups.restore(backup, path)
    except (backups.BackupError, FileBusyError) as exc:
        window.report(str(exc))
        window.open_path(path)
        return False
    if not window.open_path(path):
        return False
    where = f" The previous file is kept as {kept.name}." if kept else ""
    window.statusBar().showMessage(
        f"Restored the backup from {backup.made_at:%d/%m/%Y %H:%M}.{where}", 20000
    )
    return True


def open_restore_dialog(window: ShellWindow) -> RestoreDialog | None:
    store = window.store
    if store is None:
        return None
    dialog = RestoreDialog(store.db.path, data_folder(), window)

    def done(result: int) -> None:
        backup = dialog.chosen()
        if result == QDialog.DialogCode.Accepted and backup is not None:
            restore_into_window(window, backup)
        dialog.deleteLater()

    dialog.finished.connect(done)
    dialog.open()
    return dialog


def install_backup_actions(window: ShellWindow, store: Store) -> None:
    if store.db.shared:  # the server's backups are its administrator's (pg_dump)
        from app.views.shell.shared_open import BACKUP_NOTE

        note = QAction("Backups: on the server, by its administrator (pg_dump)", window)
        note.setObjectName("sharedBackupNote")
        note.setEnabled(False)
        note.setToolTip(BACKUP_NOTE)
        note.setStatusTip(BACKUP_NOTE)
        window.add_page_action("File", note)
        return
    restore = QAction("Restore from &backup...", window)
    restore.setObjectName("restoreFromBackupAction")
    restore.setEnabled(not store.readonly)
    restore.triggered.connect(lambda: open_restore_dialog(window))
    window.add_page_action("File", restore)
    now = QAction("Back &up now", window)
    now.setObjectName("backUpNowAction")
    now.setEnabled(not store.readonly)
    now.triggered.connect(lambda: window.backups.backup_now("manual"))
    window.add_page_action("File", now)
