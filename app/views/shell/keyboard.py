"""Window-wide keys: moving between the main window's pages from anywhere.

Ctrl+Tab and Ctrl+PageDown go to the next page, Ctrl+Shift+Tab and Ctrl+PageUp to the
previous one, wherever the focus is (a table, the map, a dock), so no page is a dead end
for someone without a mouse. Empty tab bars Qt leaves behind hidden docks are taken out
of the Tab chain so focus never lands on something invisible.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QTabBar, QTabWidget, QWidget

from app.views.shell.panes import install_pane_keys

NEXT = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS = ("Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+Backtab", "Ctrl+PgUp")


def install_page_keys(window: QMainWindow, tabs: QTabWidget) -> None:
    def step(by: int) -> None:
        n = tabs.count()
        if n:
            tabs.setCurrentIndex((tabs.currentIndex() + by) % n)
            # Focus goes into the page shown, not left on the one just hidden.
            first = first_focusable(tabs.currentWidget())
            if first is not None:
                first.setFocus(Qt.FocusReason.TabFocusReason)

    for keys, by in ((NEXT, 1), (PREVIOUS, -1)):
        for k in keys:
            sc = QShortcut(QKeySequence(k), window)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda by=by: step(by))
    tabs.currentChanged.connect(lambda _i: hide_empty_tab_bars(window, tabs))
    install_pane_keys(window, tabs)  # F6 / Shift+F6 between the window's panes


def hide_empty_tab_bars(window: QMainWindow, tabs: QTabWidget) -> None:
    """Tab bars with no tabs, or none shown, take no focus (the main window keeps one for
    each dock area that once held tabbed docks)."""
    for bar in window.findChildren(QTabBar):
        if bar is tabs.tabBar() or isinstance(bar.parentWidget(), QTabWidget):
            # Only the dock areas' bars: a tab widget's own bar (the young person
            # panel's sections) keeps its focus even if it was hidden at the last check.
            continue
        empty = bar.count() == 0 or not bar.isVisible()
        bar.setFocusPolicy(Qt.FocusPolicy.NoFocus if empty else Qt.FocusPolicy.TabFocus)


def first_focusable(page: QWidget) -> QWidget | None:
    """The first control inside `page` that Tab would reach."""
    w = page.nextInFocusChain()
    for _ in range(2000):
        if w is page or w is None:
            return None
        if (
            page.isAncestorOf(w)
            and w.isVisibleTo(page)
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return w
        w = w.nextInFocusChain()
    return None
