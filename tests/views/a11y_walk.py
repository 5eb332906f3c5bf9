"""Finding interactive controls that assistive technology cannot name (issue 20.2)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QSlider,
    QTextEdit,
    QPlainTextEdit,
)


def accessible_name(w: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(w)
    return (iface.text(QAccessible.Text.Name) if iface is not None else "") or ""


def _part_of_another(w: QWidget) -> bool:
    """A line edit inside a spin box or combo box, a header of a table: named by it."""
    p = w.parentWidget()
    return isinstance(w, QHeaderView) or (
        isinstance(w, QLineEdit) and isinstance(p, QAbstractSpinBox | QComboBox)
    )


def unnamed(root: QWidget) -> list[str]:
    """Visible interactive controls under `root` with no accessible name, described."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if not isinstance(w, INTERACTIVE) or not w.isVisible() or _part_of_another(w):
            continue
        if accessible_name(w).strip():
            continue
        parent = w.parentWidget()
        out.append(
            f"{type(w).__name__} {w.objectName()!r} in {type(parent).__name__}"
            f" {parent.objectName()!r}"
            if parent
            else type(w).__name__
        )
    return out
