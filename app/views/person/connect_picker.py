"""'Connected to' on the person form: who a new young person is connected to, and how.

A line where references or names are typed, separated by commas, completed from the
people already in the response ("YP-07 — Name"), with a line underneath saying whom
it will connect to; then a compact row with the connection's mode, kind, the agency
that reported it and the confidence, starting from the connection form's defaults and
the agency that reported the response's last connection. Everything is reachable with
the keyboard, and Enter on a line that already names everyone presses OK.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import AGENCIES, Confidence, ConnectionKind, Mode
from app.services.editing.validation import ValidationError
from app.services.people.quick_add import LINK_DEFAULTS
from app.views.common.widgets import combo, select_data

SEPARATORS = (",", ";")


def _tokens(text: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [t.strip() for t in text.split(SEPARATORS[0]) if t.strip()]


class ListCompleter(QCompleter):
    """Completes the last of several comma-separated entries, not the whole line."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        return [path.replace(";", ",").split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        widget = self.widget()
        text = widget.text() if isinstance(widget, QLineEdit) else ""
        done = _tokens(text.replace(";", ",").rsplit(",", 1)[0]) if "," in text else []
        return ", ".join([*done, str(index.data())])


class ConnectPicker(QWidget):
    """The 'Connected to' line, what it resolves to, and the new connections' fields."""

    submitted = Signal()  # Enter on a line that names everyone: the form's OK

    def __init__(self, people: Sequence[tuple[int, str, str]], reported_by: str | None) -> None:
        super().__init__()
        # (id, reference, full name) of everyone already in the response.
        self.people = list(people)
        self.entries = {f"{ref} — {name}": pid for pid, ref, name in self.people}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setObjectName("connectedTo")
        self.line.setPlaceholderText("References or names, e.g. YP-07, YP-12")
        self.line.setToolTip(
            "Young people already on the map that this young person is connected to: type a "
            "reference or a name (several separated by commas)."
        )
        self.completer = ListCompleter(QStringListModel(list(self.entries)), self.line)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setWidget(self.line)
        self.completer.activated.connect(self._completed)
        self.line.textEdited.connect(self._edited)
        self.completer.popup().installEventFilter(self)
        outer.addWidget(self.line)
        self.summary = QLabel()
        self.summary.setObjectName("connectedSummary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.mode = combo([(m.label, m.value) for m in Mode])
        self.kind = combo([(k.label, k.value) for k in ConnectionKind])
        self.confidence = combo([(c.label, c.value) for c in Confidence])
        self.agency = combo([("", None), *((a, a) for a in AGENCIES)], editable=True)
        self.agency.lineEdit().setPlaceholderText("Reported by (agency)")
        self.agency.setToolTip("The agency that reported the connection")
        self.agency.setAccessibleName("Reported by (agency)")
        self.mode.setToolTip("Mode of the connection")
        self.kind.setToolTip("Kind of connection")
        self.confidence.setToolTip("How sure the reporting agency is")
        for key, box in (("mode", self.mode), ("kind", self.kind)):
            select_data(box, LINK_DEFAULTS[key])
        select_data(self.confidence, LINK_DEFAULTS["confidence"])
        self.agency.setCurrentText(reported_by or "")
        for w in (self.mode, self.kind, self.agency, self.confidence):
            row.addWidget(w, 1)
        outer.addLayout(row)
        self._show_summary()

    # ----- what it names ---------------------------------------------------------------
    def _match(self, token: str) -> int | None:
        if token in self.entries:
            return self.entries[token]
        word = token.split()[0].casefold()
        for pid, ref, _name in self.people:
            if ref.casefold() == word:
                return pid
        named = [pid for pid, _ref, name in self.people if name.casefold() == token.casefold()]
        return named[0] if len(named) == 1 else None

    def chosen(self) -> list[int]:
        """The ids named on the line, in order; ValidationError for a name that matches
        nobody (or several people)."""
        ids: list[int] = []
        for token in _tokens(self.line.text()):
            pid = self._match(token)
            if pid is None:
                raise ValidationError(
                    f"'Connected to': no single young person matches '{token}'. "
                    "Type a reference such as YP-07, or pick from the list."
                )
            if pid not in ids:
                ids.append(pid)
        return ids

    def link(self) -> dict[str, Any]:
        """The new connections' fields."""
        return {
            "mode": self.mode.currentData(),
            "kind": self.kind.currentData(),
            "confidence": self.confidence.currentData(),
            "source_agency": self.agency.currentText().strip() or None,
        }

    def _resolves(self) -> bool:
        try:
            return bool(self.chosen())
        except ValidationError:
            return False

    def _show_summary(self) -> None:
        try:
            ids = self.chosen()
        except ValidationError as exc:
            self.summary.setText(str(exc))
            return
        refs = {pid: f"{ref} ({name})" for pid, ref, name in self.people}
        self.summary.setText(
            "Will be connected to " + ", ".join(refs[i] for i in ids) + "."
            if ids
            else "Not connected to anyone yet (optional)."
        )

    def _edited(self, _text: str) -> None:
        self._show_summary()

    def _completed(self, _text: str) -> None:
        self._show_summary()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter while the list of matches is open, with nothing picked in it, and a line
        # that already names everyone (a typed "YP-07"): press OK rather than only closing
        # the list, so typing a reference and Enter is one step.
        if (
            watched is self.completer.popup()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.completer.popup().currentIndex().isValid()
            and self._resolves()
        ):
            self.completer.popup().hide()
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)
