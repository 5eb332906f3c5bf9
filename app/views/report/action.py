"""Response > Overview report... (installed via MENU_INSTALLERS): the PDF for the
safeguarding partnership, saved where the user chooses (the response's folder offered)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.exchange.file_actions import add_action, ask_save_path
from app.views.shell.folders import response_place
from app.views.shell.store import Store


def install_report_action(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    add_action(
        window,
        "Response",
        "&Overview report...",
        "overviewReportAction",
        lambda: save_overview_report(window, store),
        tip="Write the overview report for the safeguarding partnership as a PDF (references only)",
        # Every export is recorded in the audit log, which a read-only response cannot take.
        enabled=not store.readonly,
    )


def save_overview_report(window, store: Store) -> Path | None:  # noqa: ANN001
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.report.export import export_report
    from app.views.report.pdf import render_pdf

    out, _kind = ask_save_path(
        window,
        "Save the overview report",
        response_place(store.db).parent / f"Overview report {date.today():%Y-%m-%d}.pdf",
        "PDF document (*.pdf)",
        ".pdf",
    )
    if out is None:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = export_report(store.db, out, render_pdf)
    except ExportError as exc:
        QGuiApplication.restoreOverrideCursor()
        window.report(str(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    window.statusBar().showMessage(
        f"Wrote the overview report {result.path.name} ({result.pages} pages"
        f"{result.removed_words})",
        15000,
    )
    return result.path
