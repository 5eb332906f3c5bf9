"""Agency returns from the window: File > Export agency returns..., a filled return back
through File > Import... (preview, one undo step), and the Coverage tab's returns table."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QPlainTextEdit

from app.services.files.demo import build_demo
from app.views.exchange import returns_actions
from app.views.exchange.returns_actions import ReturnPreview
from tests.returns_helpers import fill_return


@pytest.fixture
def demo_window(window, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    return window


def _action(menu, name):  # noqa: ANN001, ANN202
    return next(a for a in menu.actions() if a.objectName() == name)


def _coverage_page(window):  # noqa: ANN001, ANN202
    from app.views.coverage.page import CoveragePage

    # Pages are built when first shown; window.pages builds them all.
    return next(p for p in window.pages if isinstance(p, CoveragePage))


def _table_rows(table) -> dict[str, list[str]]:  # noqa: ANN001
    return {
        table.item(r, 0).text(): [
            table.item(r, c).text() if table.item(r, c) else "" for c in range(1, 4)
        ]
        for r in range(table.rowCount())
    }


def test_export_fill_import_moves_the_coverage_tab(demo_window, qtbot, qt_sandbox, monkeypatch):
    window = demo_window
    page = _coverage_page(window)
    assert "No agency returns sent yet" in page.returns_table.item(0, 0).text()
    out = qt_sandbox / "camhs.xlsx"
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        returns_actions.ReturnsDialog,
        "exec",
        lambda self: (self.agency.setCurrentText("CAMHS"), QDialog.DialogCode.Accepted)[1],
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    _action(window.file_menu, "exportReturnsAction").trigger()
    assert out.exists()
    rows = _table_rows(page.returns_table)
    sent = int(rows["CAMHS"][0].split()[0])
    assert rows["CAMHS"][1] == "none yet" and rows["CAMHS"][2] == str(sent)

    at_risk = page.coverage.references("at_risk")
    refs = [r[0] for r in load_workbook(out)["Return"].iter_rows(min_row=2, values_only=True)]
    who = next(r for r in refs if r in at_risk)
    before = page.figures["assessed_on_time"].text()
    back = qt_sandbox / "camhs back.xlsx"
    fill_return(
        out,
        back,
        {
            who: {
                "Status": "Completed",
                "Completed date": date.today() - timedelta(days=1),
                "Assessed risk": "Low",
            }
        },
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(back), ""))
    _action(window.file_menu, "importAction").trigger()
    preview = window.findChild(ReturnPreview)
    assert preview is not None
    shown = preview.findChild(QPlainTextEdit, "returnPreview").toPlainText()
    assert f"{who}: Not booked in time -> Assessed on time, risk Low" in shown, shown
    preview.import_button.click()
    assert int(page.figures["assessed_on_time"].text()) == int(before) + 1
    rows = _table_rows(page.returns_table)
    assert rows["CAMHS"][2] == "0" and rows["CAMHS"][1].startswith(str(sent))
    # One undo step puts the figures and the returns back.
    window.store.undo_stack.undo()
    assert page.figures["assessed_on_time"].text() == before
    assert _table_rows(page.returns_table)["CAMHS"][1] == "none yet"


def test_agencies_that_may_receive_names(demo_window, qt_sandbox, monkeypatch):
    window = demo_window
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("Early Help\n", True))
    _action(window.response_menu, "returnNamesAction").trigger()
    out = qt_sandbox / "eh.xlsx"
    monkeypatch.setattr(
        returns_actions.ReturnsDialog,
        "exec",
        lambda self: (self.agency.setCurrentText("Early Help"), QDialog.DialogCode.Accepted)[1],
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    _action(window.file_menu, "exportReturnsAction").trigger()
    headers = [c.value for c in load_workbook(out)["Return"][1]]
    assert "Given name" in headers and "Date of birth" in headers
    out2 = qt_sandbox / "camhs.xlsx"
    monkeypatch.setattr(
        returns_actions.ReturnsDialog,
        "exec",
        lambda self: (self.agency.setCurrentText("CAMHS"), QDialog.DialogCode.Accepted)[1],
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out2), ""))
    _action(window.file_menu, "exportReturnsAction").trigger()
    headers = [c.value for c in load_workbook(out2)["Return"][1]]
    assert "Given name" not in headers and "Reference" in headers
    assert Path(out2).stat().st_mode & 0o077 == 0
