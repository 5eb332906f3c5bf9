"""Response > Close response...: the procedure's closure checklist, what is missing, and
closing (or closing anyway with a recorded reason)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import ChecklistState
from app.services.editing.editor import Changes
from app.services.meetings.closure import (
    close_response,
    closure_status,
    reopen_response,
    set_closure_item,
)
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.shell.store import Store

STATE_CHOICES = tuple((s.value, s.label) for s in ChecklistState)
MISSING_FG, MISSING_BG = "#7a1f00", "#fde0d6"
PROBLEM_STYLE = "color: #a3290f; font-weight: bold;"


class ClosureDialog(QDialog):
    """Shows the closure checklist live (it updates as items are recorded) and closes the
    response through the Store, so closing is one undoable, audited step."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.keys: list[str] = []
        self.setWindowTitle("Close response")
        self.resize(960, 640)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Closure needs a clearly defined exit strategy, a safety plan with a supporting "
            "agency for every young person, staff debriefed, each agency's review, a final "
            "meeting and an overview report to the safeguarding partnership (procedure, "
            "section 7). Set the items only people can confirm below; the others follow "
            "the record."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.model = RowTableModel(
            [
                Column("text", "Closure checklist"),
                Column("met", "Met?", width=80),
                Column(
                    "state",
                    "Recorded as",
                    editable=True,
                    kind="choice",
                    choices=STATE_CHOICES,
                    width=120,
                ),
                Column("note", "Detail or note", editable=True, width=300),
            ],
            commit=self._commit,
        )
        self.view = make_table(self.model, stretch="text")
        self.view.setObjectName("closureTable")
        lay.addWidget(self.view, 1)
        self.missing = QLabel()
        self.missing.setObjectName("closureMissing")
        self.missing.setWordWrap(True)
        lay.addWidget(self.missing)
        self.reason_label = QLabel(
            "To close with items missing, record the reason (kept with the response and in "
            "the audit log):"
        )
        self.reason_label.setWordWrap(True)
        lay.addWidget(self.reason_label)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setPlaceholderText("Reason for closing with items missing")
        self.reason.setMaximumHeight(70)
        lay.addWidget(self.reason)
        self.problem = QLabel()
        self.problem.setObjectName("closureProblem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        lay.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close the response")
        self.close_button.setObjectName("closeResponseButton")
        self.close_button.clicked.connect(self.close_response)
        self.reopen_button = QPushButton("Reopen the response")
        self.reopen_button.clicked.connect(self._reopen)
        done = QPushButton("Done")
        done.clicked.connect(self.accept)
        for b in (self.close_button, self.reopen_button, done):
            buttons.addWidget(b)
            # Enter never closes the response, least of all "anyway": only Done is the
            # default, and the others act only when clicked.
            b.setAutoDefault(False)
        done.setDefault(True)
        lay.addLayout(buttons)
        store.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        rid = self.store.response_id
        with self.store.read() as s:
            status = closure_status(s, rid, date.today())
        closed, override = status.closed, status.override_reason
        rows: list[dict[str, Any]] = []
        self.keys = []
        for n, item in enumerate(status.items):
            self.keys.append(item.key)
            row: dict[str, Any] = {
                "id": n,
                "text": item.text,
                "met": "Yes" if item.met else "Missing",
                "state": item.state if item.manual else None,
                "note": item.note if item.manual else item.detail,
            }
            if not item.manual:
                row["_locked"] = ("state", "note")
                row["_tips"] = {"state": "Follows the record; nothing to set here."}
            if not item.met:
                row.update(_fg=MISSING_FG, _bg=MISSING_BG, _bold=("met",))
            rows.append(row)
        self.model.set_rows(rows)
        fit_rows(self.view)
        if closed:
            text = "This response is closed."
            if override:
                text += f" It was closed with items missing, for this reason: {override}"
            self.missing.setText(text)
            self.missing.setStyleSheet("font-weight: bold;")
        elif status.ready:
            self.missing.setText("Everything on the closure checklist is met.")
            self.missing.setStyleSheet("font-weight: bold; color: #00603f;")
        else:
            n = len(status.missing)
            self.missing.setText(
                f"{n} item{'s are' if n != 1 else ' is'} missing (marked Missing above). "
                "The response cannot be closed until they are met, unless you record why."
            )
            self.missing.setToolTip("\n".join(status.missing))
            self.missing.setStyleSheet(PROBLEM_STYLE)
        self.ready = status.ready
        for w in (self.reason_label, self.reason):
            w.setVisible(not closed and not status.ready)
        editable = not self.store.readonly
        self.close_button.setVisible(not closed)
        self.close_button.setEnabled(editable)
        self.close_button.setText(
            "Close the response" if status.ready else "Close anyway, with this reason"
        )
        self.reopen_button.setVisible(closed and editable)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        rid, item_key = self.store.response_id, self.keys[row_id]
        kwargs = {"state": value} if key == "state" else {"note": value or ""}
        return self.store.run(lambda s: set_closure_item(s, rid, item_key, **kwargs)) is not None

    def close_response(self) -> bool:
        rid = self.store.response_id
        reason = self.reason.toPlainText().strip() or None
        if not self.ready and reason is None:
            self.problem.setText(
                "The response cannot be closed while items are missing, unless you record "
                "the reason above."
            )
            return False
        self.problem.setText("")
        return self.store.run(lambda s: close_response(s, rid, reason)) is not None

    def _reopen(self) -> None:
        rid = self.store.response_id
        self.store.run(lambda s: reopen_response(s, rid))


def install_closure_action(window: Any, store: Store) -> None:
    """Response > Close response..."""
    action = QAction("&Close response...", window)
    action.setObjectName("closeResponseAction")

    def open_dialog() -> None:
        dialog = ClosureDialog(store, window)
        dialog.exec()
        dialog.deleteLater()

    action.triggered.connect(open_dialog)
    window.add_page_action("Response", action)
