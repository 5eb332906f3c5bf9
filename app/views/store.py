"""The Store: the one place views send edits, and the one signal they refresh from.

Each user action is one `EditCommand` on the QUndoStack. The first apply happens in
`Store.run`, outside QUndoCommand.redo() (Qt swallows exceptions raised there), so an edit
that fails reaches the user as a message and never enters the stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from app.models.database import Database
from app.services.editing import AppliedEdit, Changes, Edit, Editor
from app.services.validation import ValidationError


def user_message(exc: BaseException) -> str:
    """One plain sentence for an error raised while applying an edit."""
    if isinstance(exc, ValidationError | LookupError):
        return str(exc).strip("'\"")
    text = str(exc).lower()
    if "disk" in text and ("full" in text or "i/o" in text):
        return (
            "The disk is full or failing; the change was not saved. Free some space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return "The response file is read-only; the change was not saved."
    if "locked" in text or "busy" in text:
        return "The response file is busy in another program; the change was not saved."
    return f"The change could not be saved ({exc})."


class EditCommand(QUndoCommand):
    """One applied edit on the undo stack; undo and redo each run in a transaction."""

    def __init__(self, store: Store, applied: AppliedEdit) -> None:
        super().__init__(applied.label)
        self.store = store
        self.applied = applied
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied by Store.run
            self._first = False
            return
        self.store._replay(self.applied, undo=False)

    def undo(self) -> None:
        self.store._replay(self.applied, undo=True)


class Store(QObject):
    """Undo stack plus change fan-out over one open response file."""

    changed = Signal(object)  # Changes
    error = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.editor = Editor(db)
        self.undo_stack = QUndoStack(self)

    @property
    def response_id(self) -> int:
        return self.db.response_id

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    def read(self):  # noqa: ANN201 - a context manager yielding a Session
        return self.db.read()

    def run(self, build: Callable[[Session], Edit]) -> Changes | None:
        """Apply one user action. Returns its Changes, or None if it failed or did nothing."""
        try:
            applied = self.editor.execute(build)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            self.error.emit(user_message(exc))
            return None
        if not applied.ops:
            return Changes()
        self.undo_stack.push(EditCommand(self, applied))
        changes = applied.changes
        self.changed.emit(changes)
        return changes

    def _replay(self, applied: AppliedEdit, *, undo: bool) -> None:
        try:
            changes = self.editor.revert(applied) if undo else self.editor.reapply(applied)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(user_message(exc))
            return
        self.changed.emit(changes)

    def refresh_all(self) -> None:
        self.changed.emit(Changes.everything())
