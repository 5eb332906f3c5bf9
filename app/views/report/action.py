"""Response > Overview report... (installed via MENU_INSTALLERS): the PDF for the
safeguarding partnership, saved where the user chooses (the response's folder offered)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from app.services.files.exports import ExportError  # light: the workbook code loads when used
from app.views.shell.folders import response_place
from app.views.shell.store import Store


def install_report_action(window, store: Store) -> None:  # noqa: ANN001 - the MainWindow
    action = QAction("&Overview report...", window)
    action.setObjectName("overviewReportAction")
    action.setStatusTip(
        "Write the overview report for the safeguarding partnership as a PDF (references only)"
    )
    # Every export is recorded in the audit log, which a read-only response cannot take.
    action.setEnabled(not store.readonly)
    action.triggered.connect(lambda: save_overview_report(window, store))
    window.add_page_action("Response", action)


def save_overview_report(window, store: Store) -> Path | None:  # noqa: ANN001
    # Imported when used, not at the top: start-up and `--help` stay quick (issue 14).
    from app.services.report.export import export_report
    from app.views.report.pdf import render_pdf

    chosen, _kind = QFileDialog.getSaveFileName(
        window,
        "Save the overview report",
        str(response_place(store.db).parent / f"Overview report {date.today():%Y-%m-%d}.pdf"),
        "PDF document (*.pdf)",
    )
    if not chosen:
        return None
    out = Path(chosen)
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = export_report(store.db, out, render_pdf)
    except ExportError as exc:
        QGuiApplication.restoreOverrideCursor()
        window.report(str(exc))
        return None
    QGuiApplication.restoreOverrideCursor()
    removed = (
        f"; {result.removed} passage{'s' if result.removed != 1 else ''} of free text removed"
        if result.removed
        else ""
    )
    window.statusBar().showMessage(
        f"Wrote the overview report {result.path.name} ({result.pages} pages{removed})", 15000
    )
    return result.path
