"""F6 and Shift+F6: the focus moves between the window's panes (issue 20: keyboard).

A common convention of multi-pane programs (browsers, mail, file managers): F6 goes to the
next pane, Shift+F6 to the previous, so a keyboard user need not Tab through a whole
toolbar or table to reach the panel beside it. The panes, in order: the page shown (on the
Map, the map itself), then the docks that are open: the People and Connections tables
(and the Legend, when asked for) below, the young person panel beside. A dock tabbed
behind another is raised as the focus arrives. Back in a pane, the focus returns to the
control it last left there.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QGraphicsView,
    QMainWindow,
    QTabWidget,
    QWidget,
)

NEXT_PANE = "F6"
PREVIOUS_PANE = "Shift+F6"


class PaneKeys(QObject):
    """A child of the window: its connection to the application's focus signal ends
    with the window."""

    def __init__(self, window: QMainWindow, tabs: QTabWidget) -> None:
        super().__init__(window)
        self.setObjectName("paneKeys")
        self.window_ = window
        self.tabs = tabs
        # The control last focused in each pane (weak: panes and controls come and go).
        self.last: weakref.WeakKeyDictionary[QWidget, weakref.ref[QWidget]] = (
            weakref.WeakKeyDictionary()
        )
        for keys, by in ((NEXT_PANE, 1), (PREVIOUS_PANE, -1)):
            sc = QShortcut(QKeySequence(keys), window)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda by=by: self.step(by))
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._remember)  # type: ignore[attr-defined]

    def panes(self) -> list[QWidget]:
        """The page shown, then its open docks in the page's order (the People and
        Connections tables, the Legend), then the window's own (the young person panel)."""
        out: list[QWidget] = []
        slot = self.tabs.currentWidget()
        if slot is None:
            return out
        out.append(slot)
        page = getattr(slot, "page", None)
        ours = list(getattr(page, "docks", []) or [])
        others = [
            d
            for d in self.window_.findChildren(QDockWidget)
            if d not in ours and d.parentWidget() is self.window_
        ]
        return out + [d for d in ours + others if _is_open(d)]

    def pane_of(self, widget: QWidget | None, panes: list[QWidget]) -> int:
        for i, pane in enumerate(panes):
            if widget is not None and (widget is pane or pane.isAncestorOf(widget)):
                return i
        return -1

    def _remember(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self.window_:
            return
        try:
            panes = self.panes()
        except RuntimeError:  # the window is being destroyed
            return
        i = self.pane_of(new, panes)
        if i >= 0:
            self.last[panes[i]] = weakref.ref(new)

    def step(self, by: int) -> None:
        panes = self.panes()
        if not panes:
            return
        here = self.pane_of(QApplication.focusWidget(), panes)
        start = here if here >= 0 else (-1 if by > 0 else 0)
        for k in range(1, len(panes) + 1):
            pane = panes[(start + by * k) % len(panes)]
            if isinstance(pane, QDockWidget):
                pane.raise_()  # a dock tabbed behind another comes to the front
            target = self.target(pane)
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def target(self, pane: QWidget) -> QWidget | None:
        """Where the focus goes in `pane`: where it last was, else the pane's map or
        table, else its first control."""
        ref = self.last.get(pane)
        last = ref() if ref is not None else None
        if last is not None and _can_focus(last) and pane.isAncestorOf(last):
            return last
        # The map or a table: the pane's content (its filter box is one Shift+Tab away),
        # unless the pane opens with a heading and buttons (the young person panel).
        if not getattr(pane, "focus_first_control", False):
            for kind in (QGraphicsView, QAbstractItemView):
                for w in pane.findChildren(kind):
                    if _can_focus(w):
                        return w
        return _first_control(pane)


def _is_open(dock: QDockWidget) -> bool:
    """Shown, or tabbed behind another dock (Qt hides those; its View menu entry stays
    checked until the user closes the dock)."""
    if dock.widget() is None:
        return False
    return dock.isVisible() or (
        dock.toggleViewAction().isChecked() and bool(dock.parentWidget().tabifiedDockWidgets(dock))
    )


def _can_focus(w: QWidget) -> bool:
    return (
        w.isVisible()
        and w.isEnabled()
        and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not w.visibleRegion().isEmpty()
    )


def _first_control(pane: QWidget) -> QWidget | None:
    w = pane.nextInFocusChain()
    for _ in range(3000):
        if w is pane or w is None:
            break
        if pane.isAncestorOf(w) and _can_focus(w):
            return w
        w = w.nextInFocusChain()
    for w in pane.findChildren(QWidget):  # a pane outside the window's focus chain
        if _can_focus(w):
            return w
    return None


def install_pane_keys(window: QMainWindow, tabs: QTabWidget) -> PaneKeys:
    return PaneKeys(window, tabs)  # owned by the window
