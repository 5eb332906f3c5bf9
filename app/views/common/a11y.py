"""Keyboard and screen-reader defaults every widget in Circles gets, in one place.

Qt's own defaults make every table a keyboard trap (Tab walks the cells and never leaves),
type a tab character into notes, leave toolbar buttons out of the Tab chain and give a
filter box no name but its placeholder. Rather than remember this at each of the ~30
places a table, text box or toolbar is built, the application filters the one event every
widget receives once, before it is first shown (Polish), and fixes it there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.views.common import app_events
from app.views.common.tab_order import cell_controls, set_reading_order
from app.views.common.widgets import DateField

ORDER_ROOT = "circlesReadingOrder"  # a property: Tab order kept in reading order here


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
    if isinstance(w, DateField):
        _name_date_field(w)
    elif isinstance(w, NAMED) and not isinstance(w.parentWidget(), DateField | QAbstractSpinBox):
        _name_from_context(w)


# Controls assistive technology must be able to name.
NAMED = (QAbstractItemView, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def _clean(text: str) -> str:
    return text.replace("&", "").strip().rstrip(":").strip()


def _buddy_label(w: QWidget) -> QLabel | None:
    p = w.parentWidget()
    if p is None:
        return None
    for label in p.findChildren(QLabel):
        if label.buddy() is w:
            return label
    return None


def _label_before(w: QWidget) -> QLabel | None:
    """The label just before `w` in the layout that holds it ("As of" [date])."""
    p = w.parentWidget()
    if p is None:
        return None
    for lay in [p.layout(), *p.findChildren(QLayout)]:
        if lay is None:
            continue
        i = lay.indexOf(w)
        if i > 0:
            before = lay.itemAt(i - 1).widget()
            return before if isinstance(before, QLabel) and before.text() else None
    return None


def _holds(lay: QLayout, w: QWidget) -> bool:
    for i in range(lay.count()):
        item = lay.itemAt(i)
        if item.widget() is not None and (item.widget() is w or item.widget().isAncestorOf(w)):
            return True
        if item.layout() is not None and _holds(item.layout(), w):
            return True
    return False


def _form_label(w: QWidget) -> QLabel | None:
    """The label of the form row whose field holds `w` (a box beside a button, a field
    built from a few controls)."""
    p = w.parentWidget()
    for _ in range(3):
        if p is None:
            return None
        for form in p.findChildren(QFormLayout):
            for row in range(form.rowCount()):
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if field is None or label is None or not isinstance(label.widget(), QLabel):
                    continue
                if (field.widget() is not None and field.widget().isAncestorOf(w)) or (
                    field.layout() is not None and _holds(field.layout(), w)
                ):
                    return label.widget()
        p = p.parentWidget()
    return None


def _context_name(w: QWidget) -> str:
    """What a sighted user reads beside `w`: its name, its label, its tooltip."""
    if w.accessibleName():
        return w.accessibleName()
    label = _buddy_label(w) or _label_before(w) or _form_label(w)
    if label is not None:
        return _clean(label.text())
    if isinstance(w, QComboBox) and w.lineEdit() is not None and w.lineEdit().placeholderText():
        return w.lineEdit().placeholderText()
    tip = w.toolTip().split(". ")[0].strip()
    return tip


def _own_name(w: QWidget) -> str:
    """The name set on `w` (Qt 6 answers a widget's tooltip when none is)."""
    name = w.accessibleName()
    return "" if name == w.toolTip() and isinstance(w, QAbstractItemView) else name


def _name_from_context(w: QWidget) -> None:
    if _own_name(w) or _buddy_label(w) is not None:
        return  # named, or named by its label (Qt reads a buddy's text)
    label = _label_before(w)
    if label is not None and not isinstance(w, QAbstractItemView):
        label.setBuddy(w)  # names it, and the label's mnemonic moves focus to it
        return
    if isinstance(w, QAbstractItemView):
        # A table's tooltip is a how-to: its description; its name is where it is.
        if not w.accessibleDescription() and w.toolTip():
            w.setAccessibleDescription(w.toolTip())
        label = _label_before(w)
        text = _clean(label.text()) if label is not None else ""
        if len(text) > 40:  # a note about the table, not its heading
            w.setAccessibleDescription(text)
            text = ""
        name = text or _page_title(w) + " table"
    else:
        name = _context_name(w)
    if name:
        w.setAccessibleName(name)


def _page_title(w: QWidget) -> str:
    p = w.parentWidget()
    while p is not None:
        title = getattr(p, "title", None)
        if isinstance(title, str) and title:
            return title
        if (p.isWindow() or isinstance(p, QDockWidget)) and p.windowTitle():
            return p.windowTitle()
        p = p.parentWidget()
    return "Data"


def _name_date_field(w: DateField) -> None:
    name = _context_name(w) or "Date"
    if not w.edit.accessibleName():
        w.edit.setAccessibleName(name)
    if w.check is not None and not w.check.accessibleName():
        w.check.setAccessibleName(f"{name}: record a date")


def _order_root(w: QWidget) -> QWidget | None:
    """The dialog, or the page of the main window (marked `ORDER_ROOT` when built),
    whose Tab order `w` is part of."""
    p: QWidget | None = w
    while p is not None:
        if isinstance(p, QDialog) or p.property(ORDER_ROOT):
            return p
        if p.isWindow():
            return None
        p = p.parentWidget()
    return None


def _tab_through_cells(w: QWidget, event: QKeyEvent) -> bool:
    """Tab from a table into the controls in its cells (the import preview's "Imported
    as" drop-downs), and from the last of them on past the table. Qt's own Tab skips a
    focused widget's children, and from the last cell goes back to the window's start."""
    if event.key() != Qt.Key.Key_Tab or event.modifiers() != Qt.KeyboardModifier.NoModifier:
        return False
    if isinstance(w, QAbstractItemView):
        cells = [c for c in cell_controls(w) if c.isVisible() and c.isEnabled()]
        if cells:
            cells[0].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False
    view = w.parentWidget().parentWidget() if w.parentWidget() is not None else None
    if not isinstance(view, QAbstractItemView) or w.parentWidget() is not view.viewport():
        return False
    cells = [c for c in cell_controls(view) if c.isVisible() and c.isEnabled()]
    if not cells or cells[-1] is not w:
        return False
    after = view.nextInFocusChain()
    while after is not view and after is not None:
        if (
            not view.isAncestorOf(after)
            and after.focusPolicy() & Qt.FocusPolicy.TabFocus
            and after.isVisible()
            and after.isEnabled()
            and after.focusProxy() is None
        ):
            after.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        after = after.nextInFocusChain()
    return False


def _scroll_to(w: QWidget) -> None:
    """Keep the focused control in view. A scroll area does this itself only when the
    focus moves within it; Tab from the OK button round to the first field, or Shift+Tab
    back into a long form, would leave the focus out of sight."""
    p = w.parentWidget()
    while p is not None and not p.isWindow():
        if isinstance(p, QScrollArea) and p.widget() is not None and p.widget().isAncestorOf(w):
            p.ensureWidgetVisible(w)
            return
        p = p.parentWidget()


def _on_polish(obj: QObject, event: QEvent) -> bool:
    if isinstance(obj, QWidget):
        fix_widget(obj)
    return False


def _on_dialog_shown(obj: QObject, event: QEvent) -> bool:
    if isinstance(obj, QDialog):
        # Tab in reading order in every dialog, set each time it opens (a dialog may have
        # gained controls since it was last shown).
        set_reading_order(obj)
    return False


def _on_focus_in(obj: QObject, event: QEvent) -> bool:
    if isinstance(obj, QWidget):
        _scroll_to(obj)
    return False


def _on_key_press(obj: QObject, event: QEvent) -> bool:
    if not isinstance(obj, QWidget):
        return False
    if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):  # type: ignore[attr-defined]
        root = _order_root(obj)
        if root is not None:
            # Controls made since the dialog opened or the page was built (a preview's
            # drop-downs, rebuilt for another sheet) take their place.
            set_reading_order(root)
    return _tab_through_cells(obj, event)  # type: ignore[arg-type]


def install(app: QApplication | None = None) -> None:
    """Install the defaults on the application once (later calls do nothing). They share
    the application's one event filter (app_events.py) with the other watchers."""
    app_events.listen([QEvent.Type.Polish], _on_polish, app)
    app_events.listen([QEvent.Type.Show, QEvent.Type.WindowActivate], _on_dialog_shown, app)
    app_events.listen([QEvent.Type.FocusIn], _on_focus_in, app)
    app_events.listen([QEvent.Type.KeyPress], _on_key_press, app)


def fix_tree(root: QWidget) -> None:
    """Apply the defaults to `root` and everything already inside it (for widgets
    polished before `install`)."""
    fix_widget(root)
    for w in root.findChildren(QWidget):
        fix_widget(w)
