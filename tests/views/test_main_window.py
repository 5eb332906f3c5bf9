"""The main window, driven as a user would: menus, the New response dialog, undo, errors."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from app.models.entities import YoungPerson
from app.services.people.young_people import add_person
from app.views.shell.main_window import open_first_response
from app.views.shell.response_dialog import ResponseDialog


def _fill_new_response_dialog(qtbot, title: str) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ResponseDialog)
    qtbot.keyClicks(dialog.title, title)
    qtbot.keyClicks(dialog.area, "Testshire")
    dialog.review_date.set_value(date.today() + timedelta(days=21))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_first_run_opens_a_usable_default_response(window, qt_sandbox):
    open_first_response(window, None)
    assert window.store is not None
    assert window.store.db.path.name == "My response.circles"
    assert str(qt_sandbox) in str(window.store.db.path)
    assert "New response" in window.status_title.text()
    assert not window.status_fictional.isVisible()


def test_new_response_through_the_dialog(window, qtbot, qt_sandbox, monkeypatch):
    target = qt_sandbox / "spring.circles"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.show()
    QTimer.singleShot(0, lambda: _fill_new_response_dialog(qtbot, "Spring term response"))
    window.new_action.trigger()
    assert target.exists()
    assert window.status_title.text() == "Spring term response"
    assert "Spring term response" in window.windowTitle()
    assert "Review date" in window.status_review.text()
    assert "21 days left" in window.status_review.text()
    window.grab().save(str(qt_sandbox / "main_window_new.png"))


def test_dialog_refuses_missing_title(qtbot):
    dialog = ResponseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Title is required."


def test_undo_menu_names_the_action(window, qtbot, qt_sandbox):
    open_first_response(window, None)
    store = window.store
    rid = store.response_id
    store.run(lambda s: add_person(s, rid, {"given_name": "Ada", "family_name": "Fictional"}))
    assert window.undo_action.text() == "Undo Add young person YP-01"
    assert _overview(window).counts["in_scope"].text() == "1"
    window.undo_action.trigger()
    assert _overview(window).counts["in_scope"].text() == "0"
    assert window.redo_action.text() == "Redo Add young person YP-01"
    window.redo_action.trigger()
    with store.read() as s:
        assert s.query(YoungPerson).count() == 1


def test_a_failing_edit_reaches_the_user_and_is_not_on_the_stack(window, qtbot, qt_sandbox):
    open_first_response(window, None)
    store = window.store
    rid = store.response_id
    result = store.run(lambda s: add_person(s, rid, {"given_name": "", "family_name": "X"}))
    assert result is None
    assert window.last_error == "Given name is required."
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("Given name is required." in b.text() for b in boxes)
    assert store.undo_stack.count() == 0
    for b in boxes:
        b.close()


def test_opening_a_bad_file_keeps_the_current_response(window, qt_sandbox):
    open_first_response(window, None)
    current = window.store.db.path
    bad = qt_sandbox / "notes.circles"
    bad.write_text("meeting notes")
    assert window.open_path(bad) is False
    assert window.last_error == "notes.circles is not a Circles response file."
    assert window.store.db.path == current


def test_demo_is_marked_fictional_and_remembered(window, qt_sandbox):
    window.show()
    window.open_demo()
    assert window.status_fictional.isVisible()
    assert window.windowTitle().startswith("FICTIONAL")
    assert _overview(window).counts["in_scope"].text() == "37"
    assert str(window.store.db.path) in window.recent_files()
    window.grab().save(str(qt_sandbox / "main_window_demo.png"))


def test_save_a_copy_is_a_consistent_openable_file(window, qt_sandbox):
    window.open_demo()
    target = qt_sandbox / "copy.circles"
    assert window.save_copy_to(target)
    from app.services.files.integrity import check_file

    assert check_file(target) == []
    assert window.open_path(target)
    assert _overview(window).counts["in_scope"].text() == "37"


def test_read_only_file_shows_banner(window, qt_sandbox, monkeypatch):
    import os

    window.open_demo()
    path = window.store.db.path
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode == os.W_OK and str(p) == str(path) else real_access(p, mode, **kw)
        ),
    )
    window.show()
    assert window.open_path(path)
    assert window.banner.isVisible()
    assert "read-only" in window.banner.text()
    assert not window.details_action.isEnabled()


def _overview(window):
    return next(p for p in window.pages if getattr(p, "title", "") == "Overview")


def test_a_failed_reopen_leaves_no_page_actions_or_docks_and_the_window_works(
    window, qtbot, qt_sandbox, monkeypatch
):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QDockWidget

    from app.models.database import DatabaseFileError
    from app.services.files.demo import build_demo
    from app.views.shell import opening as main_window_module  # where files are opened

    def menu_actions() -> dict[str, list[str]]:
        menus = (window.file_menu, window.edit_menu, window.response_menu, window.view_menu)
        return {m.title(): [a.text() for a in m.actions() if a.text()] for m in menus}

    def flush_deletes() -> None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    bare = menu_actions()  # the window's own actions, before any file is open
    build_demo(qt_sandbox / "demo.circles").close()
    assert window.open_path(qt_sandbox / "demo.circles")
    window.show()
    opened = menu_actions()
    assert (
        opened != bare and len(window.findChildren(QDockWidget)) == 4
    )  # people, connections, legend, person

    # Re-opening the same file from File > Open recent fails this time.
    real_open = main_window_module.open_database

    def refuse(*args, **kwargs):  # noqa: ANN002, ANN003
        raise DatabaseFileError("demo.circles could not be opened: the disk was removed.")

    monkeypatch.setattr(main_window_module, "open_database", refuse)
    window.recent_menu.aboutToShow.emit()
    recent = [a for a in window.recent_menu.actions() if a.text().endswith("demo.circles")]
    recent[0].trigger()

    shown = [m.text() for m in window.findChildren(QMessageBox) if m.isVisible()]
    assert "demo.circles could not be opened: the disk was removed." in shown
    assert window.store is None and window.pages == [] and window.tabs.count() == 0
    flush_deletes()
    assert menu_actions() == bare  # no page action is left bound to the closed file
    assert window.findChildren(QDockWidget) == []
    assert "demo.circles" not in window.status_file.text()

    # The window still works: another file opens with one set of pages, actions, docks.
    monkeypatch.setattr(main_window_module, "open_database", real_open)
    build_demo(qt_sandbox / "other.circles").close()
    assert window.open_path(qt_sandbox / "other.circles")
    flush_deletes()
    assert window.store is not None and window.tabs.count() == len(window.pages) > 0
    assert menu_actions() == opened
    assert len(window.findChildren(QDockWidget)) == 4
