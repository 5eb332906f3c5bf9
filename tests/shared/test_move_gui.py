"""File > Move to shared server... and File > Save a copy as... for a shared response, from
the menu, with the copy on a worker, against the throwaway PostgreSQL cluster."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.services.files.demo import build_demo
from tests.shared.test_move import TITLE, _rows

pytest.importorskip("pytestqt")


def _action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def _fill(dialog, pg) -> None:  # noqa: ANN001
    dialog.host.setText(pg.socket)
    dialog.user.setText("circles_app")
    dialog.database.setText("circles")


def _wait_for_move(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(
        lambda: (
            window.findChild(QMessageBox, "movedBox") is not None
            or bool(getattr(window, "last_error", None))
        ),
        timeout=20000,
    )


def test_move_to_shared_server_from_the_file_menu(pg, qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    before = _rows(str(path))
    assert window.open_path(path)
    action = _action(window, "moveToServerAction")
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(object, "moveToServerDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.title.text() == TITLE  # prefilled with the response's title
    assert not dialog.move_button.isEnabled()  # no server yet
    _fill(dialog, pg)
    assert "password" not in dialog.url() and "response=" in dialog.url()
    assert dialog.move_button.isEnabled()
    address = dialog.url()
    dialog.move_button.click()
    _wait_for_move(qtbot, window)
    assert getattr(window, "last_error", None) in (None, ""), window.last_error
    box = window.findChild(QMessageBox, "movedBox")
    assert box.text().startswith("Copied 40 young people, 85 connections,")
    assert box.text().endswith("the copy matches row for row.")
    assert _rows(address) == before
    # The file still opens, saying it was moved.
    assert "This response was moved to postgresql://" in window.banner.text()
    opener = next(b for b in box.buttons() if b.text() == "Open shared response")
    opener.click()  # the window now shows the shared response, not the file
    qtbot.waitUntil(lambda: window.store is not None and window.store.db.shared)
    assert "response=FICTIONAL+demo" in window.store.db.location
    window.close_file()  # opened again later, the file says where its response went
    assert window.open_path(path)
    assert f"This response was moved to {address} on " in window.banner.text()
    assert "changes made here will not reach the shared copy" in window.banner.text()


def test_move_refused_says_one_sentence(pg, qtbot, window, tmp_path):
    build_demo(pg.url()).close()  # the demo's title and ids are taken on the server
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    assert window.open_path(path)
    _action(window, "moveToServerAction").trigger()
    dialog = window.findChild(object, "moveToServerDialog")
    _fill(dialog, pg)
    dialog.move_button.click()
    qtbot.waitUntil(lambda: bool(getattr(window, "last_error", None)), timeout=20000)
    assert "already holds a response with this one's id or title" in window.last_error
    assert "This response was moved" not in (window.banner.text() or "")


def test_save_a_copy_of_a_shared_response(pg, qtbot, window, tmp_path, monkeypatch):
    build_demo(pg.url()).close()
    url = pg.url(response=TITLE)
    assert window.open_shared(url)
    target = tmp_path / "copy.circles"
    monkeypatch.setattr(
        "app.views.shell.shared_actions.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    save_copy = next(a for a in window.file_menu.actions() if a.text() == "Save a &copy as...")
    save_copy.trigger()  # File > Save a copy as...
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    qtbot.waitUntil(lambda: "Saved as" in window.statusBar().currentMessage(), timeout=20000)
    assert _rows(str(target)) == _rows(url)
    window.close_file()
