"""Response > Overview report...: the PDF saved where the user chose, private and named in
the status line; refused from a read-only response."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from app.services.files.demo import build_demo


def _action(window):  # noqa: ANN001, ANN202
    return next(
        a for a in window.response_menu.actions() if a.objectName() == "overviewReportAction"
    )


def test_menu_writes_the_overview_report(window, qt_sandbox, monkeypatch):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    offered = []

    def save(_parent, _title, suggested, _filter):  # noqa: ANN001, ANN202
        offered.append(suggested)
        return str(qt_sandbox / "for the partnership"), "PDF document (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    action = _action(window)
    assert action.isEnabled() and action.text() == "&Overview report..."
    action.trigger()
    out = qt_sandbox / "for the partnership.pdf"
    assert offered and offered[0].startswith(str(qt_sandbox))  # the response's folder
    assert out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o077 == 0
    assert "for the partnership.pdf" in window.statusBar().currentMessage()


def test_menu_report_is_disabled_read_only(window, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    path.chmod(0o444)
    try:
        assert window.open_path(path)
        assert window.store.readonly and not _action(window).isEnabled()
    finally:
        path.chmod(0o600)
