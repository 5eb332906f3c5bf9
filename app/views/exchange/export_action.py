"""File > Export mapping workbook...: choose full or circulation and the as-of day, then
write the workbook off the GUI thread, with a progress dialog if it takes over a second."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.models.database import Database
from app.models.entities import Response
from app.services.editing.editor import Changes
from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.common.messages import show_error, show_info
from app.views.common.saved_notice import show_saved
from app.views.common.widgets import DateField
from app.views.common.worker import Progress, Worker
from app.views.exchange.file_actions import add_action, with_suffix
from app.views.shell.folders import response_place
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.services.workbook import ExportResult

SETTINGS_FOLDER = "export/folder"
FULL_TEXT = "Full: names and dates of birth, for the agencies at the meeting"
CIRCULATION_TEXT = "Circulation: references only, no names or dates of birth"


class ExportDialog(QDialog):
    """Asks what to export: full or circulation, figures as of which day, and where."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export mapping workbook")
        self.store = store
        with store.read() as s:
            response = s.get(Response, store.response_id)
            self.marking = response.protective_marking if response else "OFFICIAL-SENSITIVE"
        self._path_edited = False

        lay = QVBoxLayout(self)
        intro = QLabel(
            "The Excel workbook with the tables for the meeting: cover, coverage summary, "
            f"young people, connections, concerns, assessments, actions. It is marked "
            f"{self.marking}."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        form = QFormLayout()
        self.full = QRadioButton(FULL_TEXT)
        self.circulation = QRadioButton(CIRCULATION_TEXT)
        # Circulation (references only) is the safe start: names go out only by choice.
        self.circulation.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.full)
        group.addButton(self.circulation)
        modes = QVBoxLayout()
        modes.addWidget(self.full)
        modes.addWidget(self.circulation)
        form.addRow("Contents", modes)
        self.as_of = DateField(store.as_at or date.today())
        self.as_of.edit.setToolTip("Coverage figures are worked out as of this day")
        self.as_of.setMaximumWidth(180)
        form.addRow("Figures as of", self.as_of)

        self.path = QLineEdit()
        self.path.textEdited.connect(self._on_path_edited)
        self.path.textChanged.connect(self._check_path)
        choose = QPushButton("Choose...")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        form.addRow("Save to", row)
        self._add_password_rows(form)
        lay.addLayout(form)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("exportNote")
        lay.addWidget(self.note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

        self.readonly_note = (
            "This response is open read-only, so an export could not be recorded in its "
            "audit log; open it for editing to export."
            if store.readonly
            else ""
        )
        self.full.toggled.connect(self._suggest)
        self.as_of.edit.dateChanged.connect(self._suggest)
        self._suggest()
        self.resize(620, self.sizeHint().height())

    # -- the password ----------------------------------------------------------------
    def _add_password_rows(self, form: QFormLayout) -> None:
        """An optional password, typed twice, never shown and never kept: not in
        QSettings, and the fields are cleared once the export has started."""
        self.protect = QCheckBox("Protect with a password (Excel asks for it to open)")
        self.protect.setObjectName("exportProtect")
        self.password = QLineEdit()
        self.password.setObjectName("exportPassword")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("exportPasswordConfirm")
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(False)
            edit.textEdited.connect(lambda _t: self._check_path())
        self.protect.toggled.connect(self._protect_toggled)
        form.addRow("", self.protect)
        form.addRow("Password", self.password)
        form.addRow("Password again", self.confirm)

    def _protect_toggled(self, on: bool) -> None:
        for edit in (self.password, self.confirm):
            edit.setEnabled(on)
            if not on:
                edit.clear()
        if on:
            self.password.setFocus()
        self._check_path()

    def password_problem(self) -> str:
        if not self.protect.isChecked():
            return ""
        if not self.password.text():
            return "Type the password to protect the workbook with, twice."
        if self.password.text() != self.confirm.text():
            return "The two passwords are not the same; type the password twice."
        return ""

    def chosen_password(self) -> str | None:
        return self.password.text() if self.protect.isChecked() else None

    def accept(self) -> None:
        problem = self.password_problem()
        if problem:  # refused in the dialog: nothing typed is lost
            self.note.setText(problem)
            self.note.setStyleSheet("color: #9E1B32;")
            (self.confirm if self.password.text() else self.password).setFocus()
            return
        super().accept()

    def forget_password(self) -> None:
        self.password.clear()
        self.confirm.clear()

    # -- the file name ---------------------------------------------------------------
    def _folder(self) -> Path:
        saved = QSettings().value(SETTINGS_FOLDER, "", type=str)
        if saved and Path(saved).is_dir():
            return Path(saved)
        return response_place(self.store.db).parent

    def _suggest(self) -> None:
        if self._path_edited:
            self._check_path()
            return
        mode = "circulation" if self.circulation.isChecked() else "full"
        day = self.as_of.value() or date.today()
        name = f"Mapping workbook {day:%Y-%m-%d} ({mode}).xlsx"
        self.path.setText(str(self._folder() / name))

    def _on_path_edited(self, _text: str) -> None:
        self._path_edited = True

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export mapping workbook", self.path.text(), "Excel workbook (*.xlsx)"
        )
        if path:
            self._path_edited = True
            self.path.setText(str(self.target(path)))

    @staticmethod
    def target(text: str) -> Path:
        return with_suffix(Path(text.strip()).expanduser(), ".xlsx")

    def _check_path(self) -> None:
        text = self.path.text().strip()
        problem, warning = "", ""
        if not text:
            problem = "Choose where to save the workbook."
        else:
            path = self.target(text)
            if not path.name or path.is_dir():
                problem = f"{path} is a folder; give a file name."
            elif not path.parent.is_dir():
                problem = f"The folder {path.parent} does not exist."
            elif path.exists():
                warning = f"{path.name} already exists and will be replaced."
        mode = (
            "References only: no names or dates of birth."
            if self.circulation.isChecked()
            else "Holds names and dates of birth: share it only with the agencies at the meeting."
        )
        problem = problem or self.readonly_note
        if self.password.text() and self.confirm.text():
            warning = " ".join(x for x in (warning, self.password_problem()) if x)
        if self.protect.isChecked() and not self.password_problem():
            mode += " It will be protected with the password: send the password separately."
        self.note.setText(problem or " ".join(x for x in (warning, mode) if x))
        self.note.setStyleSheet("color: #9E1B32;" if problem or warning else "")
        self.ok.setEnabled(not problem)

    def choice(self) -> tuple[Path, bool, date]:
        return (
            self.target(self.path.text()),
            self.circulation.isChecked(),
            self.as_of.value() or date.today(),
        )


def _describe(exc: Exception) -> str:
    if isinstance(exc, ExportError):
        return str(exc)
    return f"The workbook could not be written ({exc})."


class ExportJob(Worker):
    """One export: a worker thread waits on the `export` verb's own process (no Qt, no
    workbook object in this process), its progress and ExportResult handed back as
    signals."""

    def __init__(
        self,
        store: Store,
        path: Path,
        circulation: bool,
        as_of: date,
        password: str | None = None,
    ) -> None:
        # Looked up here, on the GUI thread: the function below holds no Qt object, and
        # the password lives only in it and is gone with the thread.
        work = partial(
            _export, store.db, path, circulation=circulation, as_of=as_of, password=password
        )
        super().__init__(work, "workbook-export", _describe)


def _export(
    db: Database,
    path: Path,
    progress: Progress,
    *,
    circulation: bool,
    as_of: date,
    password: str | None,
) -> ExportResult:
    return export_workbook(
        db, path, circulation=circulation, as_of=as_of, progress=progress, password=password
    )


def export_workbook(
    db: Database,
    out: Path,
    *,
    circulation: bool,
    as_of: date,
    progress: Progress,
    password: str | None = None,
) -> ExportResult:
    """The window's export: the `export` verb in a process of its own (export_process.py
    says why), over the open file."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.workbook.export_process import export_in_process

    return export_in_process(
        db.location, out, circulation=circulation, as_of=as_of, progress=progress, password=password
    )


def start_export(
    window: QWidget,
    store: Store,
    path: Path,
    circulation: bool,
    as_of: date,
    password: str | None = None,
) -> ExportJob:
    """Run the export, showing progress after a second, then say where it went."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.workbook.redaction import removed_sentence

    job = ExportJob(store, path, circulation, as_of, password)
    dialog = QProgressDialog("Writing the mapping workbook...", "", 0, 0, window)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle("Export mapping workbook")
    dialog.setCancelButton(None)  # the write is short and atomic; nothing to cancel midway
    dialog.setMinimumDuration(1000)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    # Setting the minimum starts the timer that shows the dialog after minimumDuration
    # (a busy indicator until the first sheet reports progress).
    dialog.setValue(0)

    def progressed(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def finished(result: ExportResult) -> None:
        dialog.close()
        QSettings().setValue(SETTINGS_FOLDER, str(result.path.parent))
        # The audit log gained an entry; pages that show it refresh.
        store.changed.emit(Changes({"audit_entry": frozenset()}))
        mode = (
            "circulation workbook (references only, no names or dates of birth)"
            if result.circulation
            else "full workbook (with names and dates of birth)"
        )
        short = f"Saved {result.path.name}."  # the whole story in its tooltip
        if result.password_protected:
            short += " Send the password separately."
        text = (
            f"The {mode} was saved to\n{result.path}\n\nIt is marked {result.marking}: "
            "store and share it accordingly."
        )
        if result.password_protected:
            text += (
                "\n\nIt is protected with the password you chose: send the password "
                "separately (by phone, not in the same e-mail)."
            )
        if result.circulation:
            text += "\n\n" + removed_sentence(result.redactions)
        # A line in the status bar with Open folder, not a box to dismiss; a window
        # without a status bar gets the box.
        if show_saved(window, short, result.path.parent, text) is None:
            show_info(window, text, "Mapping workbook saved")

    def failed(message: str) -> None:
        dialog.close()
        show_error(window, message, "Mapping workbook not saved")

    job.progressed.connect(progressed)
    job.finished.connect(finished)
    job.failed.connect(failed)
    job.start()
    return job


def open_export_dialog(window: QWidget, store: Store) -> ExportDialog:
    dialog = ExportDialog(store, window)

    def accepted() -> None:
        path, circulation, as_of = dialog.choice()
        start_export(window, store, path, circulation, as_of, dialog.chosen_password())
        dialog.forget_password()

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def install_export_action(window: QWidget, store: Store) -> None:
    add_action(
        window,
        "File",
        "&Export mapping workbook...",
        "exportWorkbookAction",
        lambda: open_export_dialog(window, store),
        tip="Write the Excel mapping workbook for the meeting",
        shortcut="Ctrl+E",
    )
