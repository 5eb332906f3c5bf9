"""File > Import... on a password-protected workbook: the password is asked for, a wrong
one is said in one sentence and asked again, and Cancel stops with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit

from app.services.files.demo import build_demo
from app.services.files.encryption import encrypt_file
from app.views.exchange.import_dialog import ImportDialog
from tests.services.import_files import PEOPLE, dump, template_with_people

PASSWORD = "Fictional-pass 123"


@pytest.fixture
def demo_window(window, qt_sandbox):
    path = qt_sandbox / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    return window


def _protected(folder: Path) -> Path:
    plain = template_with_people(folder / "plain.xlsx")
    out = folder / "returned.xlsx"
    out.touch(mode=0o600)
    encrypt_file(plain, out, PASSWORD)
    plain.unlink()
    return out


def _choose(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _answers(monkeypatch, answers: list[tuple[str, bool]]) -> list[tuple[str, object]]:
    """Stand in for the password prompt: give `answers` in turn; record what was asked."""
    asked: list[tuple[str, object]] = []

    def get_text(_parent, _title, label, echo=QLineEdit.EchoMode.Normal, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202
        asked.append((label, echo))
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return asked


def _import_action(window):  # noqa: ANN001, ANN202
    return next(a for a in window.file_menu.actions() if a.objectName() == "importAction")


def test_prompted_password_opens_the_preview_and_imports(
    demo_window, qtbot, qt_sandbox, monkeypatch
):
    source = _protected(qt_sandbox)
    _choose(monkeypatch, source)
    asked = _answers(monkeypatch, [("wrong guess", True), (PASSWORD, True)])
    _import_action(demo_window).trigger()
    dialogs = demo_window.findChildren(ImportDialog)
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    # Asked twice, hidden as typed; the second time with the reason in one sentence.
    assert [echo for _, echo in asked] == [QLineEdit.EchoMode.Password] * 2
    assert "returned.xlsx is password-protected" in asked[0][0]
    assert asked[1][0].startswith("The password for returned.xlsx is not right; nothing was read.")
    # The preview shows the five young people.
    added = [r[3] for r in dialog.rows_model.rows if r[2] == "Add"]
    assert len(added) == 5
    for given, family, _dob in PEOPLE:
        assert any(f"{given} {family}" in label for label in added)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.imported
    assert sorted(tmp.name for tmp in qt_sandbox.glob("*.xlsx")) == ["returned.xlsx"]


def test_cancel_at_the_password_prompt_changes_nothing(demo_window, qt_sandbox, monkeypatch):
    source = _protected(qt_sandbox)
    before = dump(demo_window.store.db)
    _choose(monkeypatch, source)
    _answers(monkeypatch, [("", False)])
    _import_action(demo_window).trigger()
    assert demo_window.findChildren(ImportDialog) == []
    assert dump(demo_window.store.db) == before
