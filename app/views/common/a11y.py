"""Keyboard and screen-reader defaults every widget in Circles gets, in one place.

Qt's own defaults make every table a keyboard trap (Tab walks the cells and never leaves),
type a tab character into notes, leave toolbar buttons out of the Tab chain and give a
filter box no name but its placeholder. Rather than remember this at each of the ~30
places a table, text box or toolbar is built, the application filters the one event every
widget receives once, before it is first shown (Polish), and fixes it there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

_FILTER_NAME = "circlesA11yFilter"


def fix_widget(w: QWidget) -> None:
    """Apply the keyboard and naming defaults to one widget (idempotent)."""
    if isinstance(w, QAbstractItemView):
        # Tab and Shift+Tab leave the table; arrow keys move within it.
        w.setTabKeyNavigation(False)
    elif isinstance(w, QPlainTextEdit | QTextEdit):
        # Tab moves on to the next field; a tab character is never typed into a record.
        w.setTabChangesFocus(True)
    elif isinstance(w, QToolButton) and isinstance(w.parentWidget(), QToolBar):
        # QToolBar makes its buttons NoFocus; Tab (not a click, which would take focus
        # from the map) reaches them, the overflow button included.
        if w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            w.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if isinstance(w, QLineEdit) and not w.accessibleName() and w.placeholderText():
        # A placeholder disappears as soon as something is typed; the name stays.
        w.setAccessibleName(w.placeholderText())


class _PolishFilter(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Polish and isinstance(obj, QWidget):
            fix_widget(obj)
        return False


def install(app: QApplication | None = None) -> None:
    """Install the defaults on the application once (later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or app.findChild(QObject, _FILTER_NAME) is not None:
        return
    f = _PolishFilter(app)
    f.setObjectName(_FILTER_NAME)
    app.installEventFilter(f)


def fix_tree(root: QWidget) -> None:
    """Apply the defaults to `root` and everything already inside it (for widgets
    polished before `install`)."""
    fix_widget(root)
    for w in root.findChildren(QWidget):
        fix_widget(w)
