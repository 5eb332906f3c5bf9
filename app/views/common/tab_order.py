"""Tab order in reading order, set explicitly (issue 20.1).

Qt's default Tab chain follows the order widgets were created, which in a form built in
pieces (a help line added after the fields, a button row made before the table it acts
on) is not the order they are read in. `set_reading_order` walks a dialog's or page's
layouts as they are drawn - rows top to bottom, each row left to right, a form's label
before its field - and chains the controls that take Tab in that order with
`QWidget.setTabOrder`. Qt itself skips hidden and disabled widgets as Tab moves, so a
control that appears later (an "other" box, a problem line's button) keeps its place.

Every dialog gets this when it is shown (the app-wide filter in a11y.py), and every page
when it is built (views/shell/pages.py), so a new dialog needs nothing of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLayoutItem,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QWidget,
)


def takes_tab(w: QWidget) -> bool:
    """A control Tab stops at (a widget that hands its focus on to another does not)."""
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.focusProxy() is None


def cell_controls(view: QAbstractItemView) -> list[QWidget]:
    """The controls placed in a table's cells that Tab can stop at, row by row."""
    cells = [
        c
        for c in view.viewport().children()
        if isinstance(c, QWidget) and takes_tab(c) and not c.isHidden()
    ]
    return sorted(cells, key=lambda c: (c.y(), c.x()))


def _whole(w: QWidget) -> bool:
    """A control whose insides are its own business (a spin box's text, a table's
    viewport): Tab stops at it once, never inside it."""
    if isinstance(w, QAbstractSpinBox | QComboBox):
        return True
    return isinstance(w, QAbstractScrollArea) and not isinstance(w, QScrollArea)


def _items(lay: QLayout) -> list[QLayoutItem]:
    """The layout's items in reading order."""
    if isinstance(lay, QFormLayout):
        out = []
        for row in range(lay.rowCount()):
            for role in (
                QFormLayout.ItemRole.LabelRole,
                QFormLayout.ItemRole.FieldRole,
                QFormLayout.ItemRole.SpanningRole,
            ):
                item = lay.itemAt(row, role)
                if item is not None:
                    out.append(item)
        return out
    items = [lay.itemAt(i) for i in range(lay.count())]
    if isinstance(lay, QGridLayout):
        at = {id(lay.itemAt(i)): lay.getItemPosition(i)[:2] for i in range(lay.count())}
        return sorted(items, key=lambda it: at[id(it)])
    if isinstance(lay, QBoxLayout) and lay.direction() in (
        QBoxLayout.Direction.RightToLeft,
        QBoxLayout.Direction.BottomToTop,
    ):
        return items[::-1]
    return items


def _walk(w: QWidget, root: QWidget, out: list[QWidget], seen: set[int]) -> None:
    if id(w) in seen:
        return
    seen.add(id(w))
    if w is not root:
        if w.isWindow():
            return  # a window of its own has its own chain
        if takes_tab(w):
            out.append(w)
        if isinstance(w, QAbstractItemView):
            # Controls placed in a table's cells (a drop-down per row) come straight
            # after the table, row by row (Tab into them: `cell_controls`).
            for c in cell_controls(w):
                _walk(c, root, out, seen)
        if _whole(w):
            return
    if isinstance(w, QScrollArea) and w.widget() is not None:
        inside: list[QWidget] = []
        _walk(w.widget(), root, inside, seen)
        if inside and w in out:
            # Tab goes to the controls inside, which scrolls them into view; a stop on
            # the frame around them is one more press that shows nothing.
            out.remove(w)
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        out += inside
    if isinstance(w, QTabWidget):
        # The tabs, then the page they show. The tab widget itself only hands its focus
        # to its tab bar; left in the chain, Qt 6 jumps from the last control to that
        # bar instead of wrapping round to the first.
        w.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # passed on to the bar: given back
        if w.count():
            w.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        _walk(w.tabBar(), root, out, seen)
    if isinstance(w, QSplitter):
        # Panes in the order they are drawn (the order they were made may differ).
        for i in range(w.count()):
            _walk(w.widget(i), root, out, seen)
    lay = w.layout()
    if lay is not None:
        _walk_layout(lay, root, out, seen)
    # Children no layout places (a stacked widget's pages) in the order they were added.
    for child in w.children():
        if isinstance(child, QWidget):
            _walk(child, root, out, seen)


def _walk_layout(lay: QLayout, root: QWidget, out: list[QWidget], seen: set[int]) -> None:
    for item in _items(lay):
        if item.widget() is not None:
            _walk(item.widget(), root, out, seen)
        elif item.layout() is not None:
            _walk_layout(item.layout(), root, out, seen)


def reading_order(root: QWidget) -> list[QWidget]:
    """The controls under `root` that take Tab, in the order they are read."""
    out: list[QWidget] = []
    _walk(root, root, out, set())
    return out


def set_reading_order(root: QWidget) -> list[QWidget]:
    """Chain Tab through `root`'s controls in reading order; returns the order."""
    order = reading_order(root)
    for a, b in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(a, b)
    if len(order) > 2 and root.isWindow():
        # Round from the last control to the first: left to Qt, Tab from a dialog's last
        # button can land in the middle (on a control made after the dialog was built).
        QWidget.setTabOrder(order[-1], order[0])
    return order
