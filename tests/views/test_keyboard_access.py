"""Keyboard only (issue 20.1): no table is a trap, pages change from anywhere, single
letters act only on the map, toolbar buttons take focus, notes fields pass Tab on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QToolBar,
    QToolButton,
)


def _demo(window, qtbot):
    window.open_demo()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window.pages[0]


def _focus():
    return QApplication.focusWidget()


def test_tab_leaves_every_table_and_ctrl_tab_walks_every_page(window, qtbot):
    _demo(window, qtbot)
    seen_pages = []
    for i in range(window.tabs.count()):
        page = window.tabs.currentWidget()
        seen_pages.append(window.tabs.tabText(window.tabs.currentIndex()))
        for view in page.findChildren(QAbstractItemView):
            if not view.isVisible():
                continue
            assert not view.tabKeyNavigation(), f"{seen_pages[-1]}: a table traps Tab"
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_Tab)
            assert _focus() is not view, f"{seen_pages[-1]}: Tab stayed in a table"
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            assert _focus() is not view, f"{seen_pages[-1]}: Shift+Tab stayed in a table"
        # Ctrl+Tab from wherever the focus is goes to the next page, focus inside it.
        qtbot.keyClick(_focus() or window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == (i + 1) % window.tabs.count()
    assert len(set(seen_pages)) == window.tabs.count()
    qtbot.keyClick(_focus() or window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == window.tabs.count() - 1
    qtbot.keyClick(_focus() or window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0


def test_tab_reaches_every_map_toolbar_button_and_never_an_empty_tab_bar(window, qtbot):
    page = _demo(window, qtbot)
    bar = page.findChild(QToolBar)
    buttons = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
    assert len(buttons) >= 9
    for b in buttons:
        assert b.focusPolicy() & Qt.FocusPolicy.TabFocus, b.text() or b.objectName()
    for tb in window.findChildren(QTabBar):
        if tb is not window.tabs.tabBar() and tb.count() == 0:
            assert not tb.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_single_letter_tools_only_while_the_map_has_focus(window, qtbot):
    page = _demo(window, qtbot)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "C")
    assert page.search.text() == "C"
    assert page.select_tool.isChecked()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C)
    assert page.connect_tool.isChecked()
    qtbot.keyClick(page.view, Qt.Key.Key_S)
    assert page.select_tool.isChecked()


def test_tab_in_notes_moves_on_and_types_no_tab(window, qtbot):
    page = _demo(window, qtbot)
    page.add_action.trigger()
    form = page.form
    notes = [
        w for w in form.findChildren(QPlainTextEdit) + form.findChildren(QTextEdit) if w.isVisible()
    ]
    assert notes
    for n in notes:
        n.setFocus()
        qtbot.keyClick(n, Qt.Key.Key_Tab)
        assert "\t" not in n.toPlainText()
        assert _focus() is not n
    form.reject()
