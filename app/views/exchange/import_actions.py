"""File > Import... and File > Save import template... (installed via MENU_INSTALLERS)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from app.models.entities import Response
from app.views.exchange.file_actions import add_action
from app.views.shell.folders import response_place
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.views.exchange.import_dialog import ImportDialog

FILE_FILTER = "Workbooks and CSV files (*.xlsx *.xlsm *.csv);;All files (*)"


def install_import_actions(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    add_action(
        window,
        "File",
        "&Import...",
        "importAction",
        lambda: import_file(window, store),
        tip="Add or update young people, connections, concerns and assessments from a workbook",
        enabled=not store.readonly,
        shortcut="Ctrl+I",
    )
    add_action(
        window,
        "File",
        "Save import &template...",
        "importTemplateAction",
        lambda: save_template(window, store),
    )


def _folder(store: Store) -> str:
    return str(response_place(store.db).parent)


def read_for_dialog(path: Path, password: str | None = None):  # noqa: ANN201
    """Read a file for the preview; a CSV whose headers do not say which sheet it is opens
    as Young people, and the user chooses otherwise in the dialog."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.importing import KINDS, ImportFileError, read_source

    try:
        return read_source(path, password=password)
    except ImportFileError as exc:
        if path.suffix.lower() == ".csv" and "cannot tell which sheet" in str(exc):
            return read_source(path, sheet=KINDS[0])
        raise


def read_protected(window, path: Path):  # noqa: ANN001, ANN201
    """Read `path`, asking for its password if it is protected; a wrong one asks again
    with the reason. None when the user cancels (nothing is read or changed)."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.importing import PasswordNeeded, WrongPassword

    try:
        return read_for_dialog(path)
    except PasswordNeeded:
        pass
    prompt = f"{path.name} is password-protected. Type its password to import it:"
    while True:
        password, ok = QInputDialog.getText(
            window, "Password-protected workbook", prompt, QLineEdit.EchoMode.Password
        )
        if not ok:
            return None
        try:
            return read_for_dialog(path, password)
        except WrongPassword as exc:
            # The sentence ("The password for X is not right; nothing was read.") and the
            # question again; the password typed is never kept or shown.
            prompt = f"{exc} Type the password again:"


def import_file(window, store: Store, path: Path | None = None) -> ImportDialog | None:  # noqa: ANN001
    """Choose a file (unless given), read it and open the preview (not blocking)."""
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.importing import ImportFileError, PasswordNeeded
    from app.services.importing.returns import is_agency_return
    from app.views.exchange.import_dialog import ImportDialog
    from app.views.exchange.returns_actions import preview_return

    if path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            window, "Import a workbook or CSV file", _folder(store), FILE_FILTER
        )
        if not chosen:
            return None
        path = Path(chosen)
    try:
        if is_agency_return(Path(path)):
            return preview_return(window, store, Path(path))  # type: ignore[return-value]
    except (PasswordNeeded, ImportFileError):
        pass  # a protected file: read below, asking for its password
    try:
        data = read_protected(window, Path(path))
    except ImportFileError as exc:
        window.report(str(exc))
        return None
    if data is None:
        return None
    dialog = ImportDialog(store, data, window)

    def done(result: int) -> None:
        if dialog.imported and dialog.plan is not None:
            summary = "; ".join(dialog.plan.summary_lines())
            window.statusBar().showMessage(f"Imported {data.path.name}: {summary}", 15000)

    dialog.finished.connect(done)
    dialog.open()
    return dialog


def save_template(window: QWidget, store: Store, path: Path | None = None) -> Path | None:
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.importing.template import TemplateError, write_template

    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(
            window,
            "Save the import template",
            str(Path(_folder(store)) / "Circles import template.xlsx"),
            "Excel workbook (*.xlsx)",
        )
        if not chosen:
            return None
        path = Path(chosen)
    with store.read() as s:
        response = s.get(Response, store.response_id)
        risks = response.risk_levels if response else None
        needs = response.need_level_list if response else None
        marking = response.protective_marking if response else None
    kwargs = {}
    if risks:
        kwargs["risk_levels"] = risks
    if needs:
        kwargs["need_levels"] = needs
    if marking:
        kwargs["marking"] = marking
    try:
        written = write_template(path, **kwargs)
    except TemplateError as exc:
        window.report(str(exc))  # type: ignore[attr-defined]
        return None
    window.statusBar().showMessage(f"Import template saved as {written}", 10000)  # type: ignore[attr-defined]
    return written
