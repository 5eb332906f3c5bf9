"""Audit log: who changed what and when, newest first, in words (read-only).

The rows come from the Qt-free read model (app/services/queries/audit.py); the filters
(who, what, from, to, young person) keep rows of that list. "Export audit log..." writes
them, as filtered, to a marked workbook for a subject access or information governance
request (app/services/workbook/audit_log.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.editing.editor import Changes
from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.services.queries.apart import audit_entry_count, read_apart
from app.services.queries.audit import AuditFilter, AuditRow, audit_choices, audit_rows
from app.views.common.messages import show_error
from app.views.common.saved_notice import show_saved
from app.views.common.table_base import ColumnsModel
from app.views.common.widgets import DateField
from app.views.common.worker import Worker
from app.views.shell.folders import response_place
from app.views.shell.store import Store
from app.views.shell.warm import collect_when_idle

COLUMNS = ["When", "Who", "What", "Step", "Field", "Before", "After"]
ANYONE, ANYTHING = "Anyone", "Anything"
SETTINGS_FOLDER = "audit/export-folder"
# From this many entries the log is read and put in words on a worker thread (0.6 s at the
# 6,500 entries of an import of 2,000 young people, 0.4 s at the 1,900 of 500 young
# people: about 0.1 ms an entry, so 500 is about 50 ms): the tab shows at once, saying so.
BACKGROUND_FROM = 500
READING = "Reading the audit log..."
Index = QModelIndex | QPersistentModelIndex


class AuditModel(ColumnsModel):
    COLUMNS = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text if len(text) <= 90 else text[:87] + "..."
        if role == Qt.ItemDataRole.ToolTipRole:
            return text
        return None


def shown(row: AuditRow) -> tuple[str, ...]:
    return (row.when, row.who, row.what, row.step, row.field, row.old, row.new)


class AuditPage(QWidget):
    title = "Audit log"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.setObjectName("auditPage")
        self.store = store
        self.window_ = window
        self.all_rows: list[AuditRow] = []
        self.rows: list[AuditRow] = []
        self.worker: Worker | None = None  # reading a long log
        self._again = False  # the data changed while it read: read again
        self._started = 0  # the data version it reads

        self.who = QComboBox()
        self.who.setObjectName("auditWho")
        self.what = QComboBox()
        self.what.setObjectName("auditWhat")
        self.start = DateField(None, optional=True)
        self.start.setObjectName("auditFrom")
        self.end = DateField(None, optional=True)
        self.end.setObjectName("auditTo")
        for field in (self.start, self.end):
            field.setMaximumWidth(160)
        self.person = QLineEdit()
        self.person.setObjectName("auditPerson")
        self.person.setPlaceholderText("Reference, e.g. YP-07")
        self.person.setClearButtonEnabled(True)
        self.person.setMaximumWidth(170)
        self.count = QLabel()
        self.count.setObjectName("auditCount")
        self.export_button = QPushButton("Export audit log...")
        self.export_button.setObjectName("auditExport")
        self.export_button.setToolTip(
            "Write the entries shown to a marked Excel workbook, for a subject access or "
            "information governance request"
        )
        self.export_button.clicked.connect(self.export_dialog)

        bar = QHBoxLayout()
        for text, widget in (
            ("Who", self.who),
            ("What", self.what),
            ("From", self.start),
            ("To", self.end),
            ("Young person", self.person),
        ):
            bar.addWidget(QLabel(text))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)

        self.model = AuditModel()
        self.view = QTableView()
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)

        self.who.currentIndexChanged.connect(self.apply_filters)
        self.what.currentIndexChanged.connect(self.apply_filters)
        for field in (self.start, self.end):
            field.edit.dateChanged.connect(self.apply_filters)
            assert field.check is not None
            field.check.toggled.connect(self.apply_filters)
        self.person.textChanged.connect(self.apply_filters)
        store.when_seen(self, self._on_changed)
        self.refresh()

    # ----- reading ---------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        # Store.when_seen calls this while the tab is on screen, or once when it is next
        # shown: an edit on the map need not wait for this tab.
        self.refresh()

    @property
    def working(self) -> bool:
        """A long log is being read on the worker thread."""
        return self.worker is not None

    def refresh(self) -> None:
        with self.store.read() as s:
            if audit_entry_count(s) >= BACKGROUND_FROM:
                self._read_apart()
                return
            self.all_rows = audit_rows(s)
        self._show_rows()

    def _read_apart(self) -> None:
        self.count.setText(READING)
        self.export_button.setEnabled(False)  # the entries shown are not the latest yet
        if self.worker is not None:  # one at a time: the next starts when it ends
            self._again = True
            return
        self._again = False
        self._started = self.store.data_version
        location = self.store.db.location
        self.worker = Worker(lambda _progress: read_apart(location, audit_rows), "audit-log")
        self.worker.finished.connect(self._read)  # bound: dropped if the page goes first
        self.worker.failed.connect(self._failed)
        self.worker.start()

    def _read(self, rows: list[AuditRow]) -> None:
        self.worker = None
        if self._again or self._started != self.store.data_version:
            self.refresh()  # read from data that has changed since: read it again
            return
        self.all_rows = rows
        self.export_button.setEnabled(True)
        self._show_rows()
        # Kept as long as the file is open, like a page built: out of the collector's way
        # (at the next quiet moment, not inside the user's next click).
        collect_when_idle(self)

    def _failed(self, message: str) -> None:
        self.worker = None
        self.count.setText("The audit log could not be read.")
        show_error(self, message)

    def _show_rows(self) -> None:
        users, kinds = audit_choices(self.all_rows)
        for box, first, items in ((self.who, ANYONE, users), (self.what, ANYTHING, kinds)):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for item in items:
                box.addItem(item, item)
            index = box.findData(keep) if keep else 0
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
        self.apply_filters()
        self.view.resizeColumnsToContents()
        for column, most in ((2, 260), (3, 260), (5, 300), (6, 300)):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), most))

    def filters(self) -> AuditFilter:
        return AuditFilter(
            who=self.who.currentData(),
            kind=self.what.currentData(),
            start=self.start.value(),
            end=self.end.value(),
            person=self.person.text(),
        )

    def apply_filters(self, *_args: object) -> None:
        wanted = self.filters()
        self.rows = [r for r in self.all_rows if wanted.keeps(r)]
        self.model.set_rows([shown(r) for r in self.rows])
        total = len(self.all_rows)
        self.count.setText(
            f"{len(self.rows)} of {total} entries"
            if len(self.rows) != total
            else f"{total} {'entry' if total == 1 else 'entries'}"
        )

    # ----- export ----------------------------------------------------------------------
    def _folder(self) -> Path:
        saved = QSettings().value(SETTINGS_FOLDER, "", type=str)
        if saved and Path(saved).is_dir():
            return Path(saved)
        return response_place(self.store.db).parent

    def export_dialog(self) -> None:
        suggested = self._folder() / f"Audit log {date.today():%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, "Export the audit log", str(suggested), "Excel workbook (*.xlsx)"
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> bool:
        # Imported when exporting: the workbook code loads openpyxl and networkx, which the
        # first paint of the window does not need (issue 14: start-up).
        from app.services.workbook.audit_log import export_audit_log

        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            result = export_audit_log(self.store.db, path, self.filters())
        except ExportError as exc:
            show_error(self, str(exc), "Audit log not saved")
            return False
        QSettings().setValue(SETTINGS_FOLDER, str(path.parent))
        # The export is itself in the log: pages that show it read it again.
        self.store.changed.emit(Changes({"audit_entry": frozenset()}))
        text = (
            f"Saved the audit log ({result.rows} entries) to {path.name}, marked {result.marking}."
        )
        detail = (
            f"The audit log ({result.rows} entries) was saved to\n{path}\n\nIt is marked "
            f"{result.marking} and holds names as recorded: share it only under the request "
            "it answers."
        )
        if self.window_ is None or show_saved(self.window_, text, path.parent, detail) is None:
            show_saved(self.window(), text, path.parent, detail)
        return True
