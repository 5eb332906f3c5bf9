"""What the screens show while Circles is in presentation mode (for a projector).

One switch, consulted where a screen would show a young person's name or another
sensitive field: `person_line` for a tooltip's first line, `shown_name` for a name cell
or label, `hides(key)` for a table column or field. The mode itself (full screen, larger
type, editing off, the banner) is app/views/shell/presentation.py; this module only says
whether it is on, so the map, tables and person panel need one call each.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog

# Fields never shown in presentation mode, by their column or field key.
SENSITIVE = frozenset(
    {
        "name",
        "full_name",
        "given_name",
        "family_name",
        "date_of_birth",
        "notes",
        "removed_reason",
        "details",
        "description",
    }
)
HIDDEN = "(hidden: presentation)"


class PresentationSwitch(QObject):
    """Whether presentation mode is on; `changed(bool)` when it is switched."""

    changed = Signal(bool)
    refused = Signal()  # a form was asked for while presenting

    def __init__(self) -> None:
        super().__init__()
        self.on = False

    def set_on(self, on: bool) -> None:
        if on != self.on:
            self.on = on
            self.changed.emit(on)


# One per application: there is one screen, and the projector shows all of it.
SWITCH = PresentationSwitch()


def presenting() -> bool:
    return SWITCH.on


def hides(key: str) -> bool:
    """Whether the column or field `key` is hidden now."""
    return SWITCH.on and key in SENSITIVE


def shown_name(name: str) -> str:
    """A young person's name, or a placeholder in presentation mode."""
    return HIDDEN if SWITCH.on else name


def person_line(reference: str, name: str) -> str:
    """'YP-07  Given Family', or only the reference in presentation mode."""
    return reference if SWITCH.on else f"{reference}  {name}"


def refuse_in_presentation(dialog: QDialog) -> bool:
    """True (and the dialog closed at once, its `finished` sent as a Cancel) when a form
    is about to open in presentation mode; `SWITCH.refused` tells the mode to say why."""
    if not SWITCH.on:
        return False
    QTimer.singleShot(0, dialog, dialog.reject)
    SWITCH.refused.emit()
    return True
