"""What assistive technology says about one young person on the map (issue 20.2):
reference, risk recorded and coverage state in words, the same sentence for the focused
person on the map and for their row in the People table, so a screen-reader user hears
everything the symbol's colour, shape and ring show."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

from app.models.vocab import NOT_YET_ASSESSED
from app.services.coverage.figures import STATE_LABELS
from app.services.queries.map_data import PersonInfo


def person_text(p: PersonInfo) -> str:
    """ "YP-07: risk recorded High; coverage: Assessed on time" (no name: the reference is
    what the meeting reads out, and presentation mode hides names)."""
    risk = "not yet assessed" if p.risk == NOT_YET_ASSESSED else f"risk recorded {p.risk}"
    coverage = STATE_LABELS.get(p.coverage or "", "not in scope").split(" (")[0]
    extra = "; looked after" if p.looked_after else ""
    return f"{p.reference}: {risk}; coverage: {coverage}{extra}"


def announce(widget: QWidget, text: str) -> None:
    """Put `text` in the widget's description and tell assistive technology: a screen
    reader reads the focused object again when its name or description changes."""
    if widget.accessibleDescription() == text:
        return
    widget.setAccessibleDescription(text)  # sends DescriptionChanged
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.NameChanged))
