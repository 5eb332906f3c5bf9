"""File > Export agency returns..., the preview of a returned agency workbook (reached from
File > Import...), and Response > Agencies that may receive names... (MENU_INSTALLERS)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.editing.editor import Changes
from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.exchange.file_actions import add_action
from app.views.shell.folders import response_place
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.services.importing.returns import ReturnPlan

ALL = "All agencies with young people to assess"


def install_returns_actions(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    add_action(
        window,
        "File",
        "Export agency &returns...",
        "exportReturnsAction",
        lambda: export_returns(window, store),
        tip="Write a workbook per agency listing the young people it is to assess",
        enabled=not store.readonly,
    )
    add_action(
        window,
        "Response",
        "Agencies that may receive &names...",
        "returnNamesAction",
        lambda: edit_name_agencies(window, store),
        tip="Which agencies' returns include names and dates of birth",
        enabled=not store.readonly,
    )


class ReturnsDialog(QDialog):
    """Which agency (or all), and whether to list young people already assessed."""

    def __init__(self, agencies: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export agency returns")
        form = QFormLayout(self)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItems([ALL, *agencies])
        self.agency.setObjectName("returnsAgency")
        form.addRow("Agency", self.agency)
        self.include_assessed = QCheckBox("Also list young people already assessed")
        form.addRow("", self.include_assessed)
        note = QLabel(
            "Each workbook lists the agency's young people not yet assessed, with the "
            "assessment columns to fill in, and is recorded as sent."
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def export_returns(window, store: Store, dialog: ReturnsDialog | None = None) -> list[Path]:  # noqa: ANN001
    """Ask which agency, then where; write and record the returns. The paths written."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.returns.export import export_return, file_name_for
    from app.services.returns.selection import agencies_to_ask

    with store.read() as s:
        agencies = agencies_to_ask(s, store.response_id)
    dialog = dialog or ReturnsDialog(agencies, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    choice = dialog.agency.currentText().strip()
    folder = str(response_place(store.db).parent)
    if choice == ALL:
        chosen = QFileDialog.getExistingDirectory(window, "Folder for the returns", folder)
        if not chosen:
            return []
        targets = [(a, Path(chosen) / file_name_for(a)) for a in agencies]
    else:
        chosen, _ = QFileDialog.getSaveFileName(
            window,
            "Save the agency return",
            str(Path(folder) / file_name_for(choice)),
            "Excel workbook (*.xlsx)",
        )
        if not chosen:
            return []
        targets = [(choice, Path(chosen))]
    written: list[Path] = []
    try:
        for agency, out in targets:
            result = export_return(
                store.db, agency, out, include_assessed=dialog.include_assessed.isChecked()
            )
            written.append(result.path)
    except ExportError as exc:
        window.report(str(exc))
    finally:
        if written:
            # Sending is recorded outside the undo history (the workbook is out of
            # Circles' hands), so the screens are told directly.
            store.changed.emit(Changes({"agency_return": frozenset()}))
    if written:
        window.statusBar().showMessage(
            f"Wrote {len(written)} agency return{'s' if len(written) != 1 else ''}: "
            + ", ".join(p.name for p in written),
            15000,
        )
    return written


class ReturnPreview(QDialog):
    """What a returned agency workbook changes; Import applies it as one undo step."""

    def __init__(self, store: Store, plan: ReturnPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.plan, self.imported = store, plan, False
        self.setWindowTitle(f"Import the return from {plan.agency or 'an agency'}")
        self.resize(720, 380)
        lay = QVBoxLayout(self)
        text = QPlainTextEdit()
        text.setObjectName("returnPreview")
        text.setAccessibleName("What the return changes")
        text.setReadOnly(True)
        lines = plan.problems or plan.summary_lines()
        if plan.problems:
            lines = ["Nothing can be imported:", *plan.problems]
        text.setPlainText("\n".join(lines))
        lay.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not plan.problems and not plan.nothing_to_do)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def apply(self) -> None:
        from app.services.importing.returns import return_edit  # loaded when used

        if self.store.run(lambda s: return_edit(s, self.plan)) is not None:
            self.imported = True
            self.accept()


def preview_return(
    window, store: Store, path: Path, password: str | None = None
) -> ReturnPreview | None:  # noqa: ANN001
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.importing import ImportFileError
    from app.services.importing.returns import plan_return, read_return

    try:
        data = read_return(path, password)
    except ImportFileError as exc:
        window.report(str(exc))
        return None
    with store.read() as s:
        plan = plan_return(s, store.response_id, data)
    dialog = ReturnPreview(store, plan, window)

    def done(_result: int) -> None:
        if dialog.imported:
            window.statusBar().showMessage(plan.summary_lines()[0], 15000)

    dialog.finished.connect(done)
    dialog.open()
    return dialog


def edit_name_agencies(window, store: Store) -> bool:  # noqa: ANN001
    """One agency per line; the list starts as the current one (the default: the agencies
    at the meetings). Returns whether anything changed."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.returns.recipients import name_agencies, set_name_agencies

    with store.read() as s:
        current = name_agencies(s, store.response_id)
    text, ok = QInputDialog.getMultiLineText(
        window,
        "Agencies that may receive names",
        "Agencies whose returns include given and family names and dates of birth, one per "
        "line (others get references, setting and year group only).\nUntil changed, these "
        "are the agencies that attended a meeting or sent a deputy.",
        "\n".join(current),
    )
    if not ok:
        return False
    agencies = [line.strip() for line in text.splitlines() if line.strip()]
    if agencies == current:
        return False
    return store.run(lambda s: set_name_agencies(s, store.response_id, agencies)) is not None
