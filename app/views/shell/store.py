"""The Store: the one place views send edits, and the one signal they refresh from.

Each user action is one `EditCommand` on the QUndoStack. The first apply happens in
`Store.run`, outside QUndoCommand.redo() (Qt swallows exceptions raised there), so an edit
that fails reaches the user as a message and never enters the stack.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.models import faults
from app.models.database import Database
from app.models.listen import Listener
from app.models.server_faults import ServerUnreachable, server_sentence
from app.services.editing.editor import AppliedEdit, Changes, Edit, Editor
from app.services.editing.validation import ValidationError

if TYPE_CHECKING:  # for type hints only: views never query (app/services/queries reads)
    from PySide6.QtWidgets import QWidget
    from sqlalchemy.orm import Session

    from app.services.coverage.figures import Coverage
    from app.views.shell.offline import Reconnector

T = TypeVar("T")


def user_message(exc: BaseException) -> str:
    """One plain sentence for an error raised while applying an edit."""
    said = server_sentence(exc, saving=True)  # a shared server lost, a right missing...
    if said is not None:
        return said
    if isinstance(exc, ValidationError | LookupError):
        return str(exc).strip("'\"")
    # SQLAlchemy wraps the driver's error with the SQL and its parameters (personal data):
    # only the driver's own words are ever shown (app/models/faults.py tells faults apart).
    kind = faults.fault_kind(exc)
    if kind == faults.FULL:
        return (
            "The disk is full; the change was not saved. Free some space and try again; "
            "everything entered before it is safe."
        )
    if kind == faults.IO:
        return (
            "The disk could not be written (an input/output error); the change was not "
            "saved. Check the drive or network connection and try again."
        )
    if kind == faults.DAMAGED:
        return (
            "The response file appears damaged; the change was not saved. Close and reopen "
            "it: Circles will check it and offer the latest good backup."
        )
    if kind == faults.READONLY:
        return "The response file is read-only; the change was not saved."
    if kind == faults.BUSY:
        return "The response file is busy in another program; the change was not saved."
    exc = faults.unwrap(exc)
    detail = " ".join(str(exc).split())[:200]
    return f"The change could not be saved ({detail})."


class EditCommand(QUndoCommand):
    """One applied edit on the undo stack; undo and redo each run in a transaction."""

    def __init__(self, store: Store, applied: AppliedEdit) -> None:
        super().__init__(applied.label)
        self.store = store
        self.applied = applied
        self._first = True
        # Set when an undo/redo failed (disk full, ...): the stack has moved but the file
        # has not, so the stack is moved back without touching the file again.
        self._skip = False

    def redo(self) -> None:
        if self._first:  # already applied by Store.run
            self._first = False
            return
        if self._skip:
            self._skip = False
            return
        if not self.store._replay(self.applied, undo=False):
            self._skip = True
            stack = self.store.undo_stack
            QTimer.singleShot(0, stack, stack.undo)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        if not self.store._replay(self.applied, undo=True):
            self._skip = True
            stack = self.store.undo_stack
            QTimer.singleShot(0, stack, stack.redo)


@dataclass(frozen=True)
class MapHighlight:
    """What another screen asks the map to show: people to highlight, a short mark per
    person (e.g. "not assessed since concern"), named shaded groups, and a caption."""

    people: frozenset[int] = frozenset()
    marks: Mapping[int, str] = field(default_factory=dict)
    areas: tuple[tuple[str, frozenset[int]], ...] = ()
    caption: str = ""


class Store(QObject):
    """Undo stack plus change fan-out over one open response file.

    Besides edits it carries the few view states that screens share without knowing each
    other: which young people are selected, what the map should highlight, and the
    "as at" day the map is filtered to (None = everything known now).
    """

    changed = Signal(object)  # Changes
    error = Signal(str)
    selection_changed = Signal(object)  # frozenset[int] of young person ids
    highlight_changed = Signal(object)  # MapHighlight | None
    as_at_changed = Signal(object)  # date | None
    show_map_requested = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.editor = Editor(db)
        self.undo_stack = QUndoStack(self)
        self.selected_people: frozenset[int] = frozenset()
        self.highlight: MapHighlight | None = None
        self.as_at: date | None = None
        # A shared response: other windows' edits arrive as the server's notices, polled
        # without blocking twice a second and fanned out as `changed`, like one's own.
        self.listener: Listener | None = None
        # ... and when the server is lost, the window keeps its picture and retries in the
        # background (app/views/shell/offline.py).
        self.connection: Reconnector | None = None
        if db.shared:
            from app.views.shell.offline import Reconnector

            self.listener = Listener(db)
            self.connection = Reconnector(self)
            self._poll_timer = QTimer(self)
            self._poll_timer.setInterval(500)
            self._poll_timer.timeout.connect(self.poll_others)
            self._poll_timer.start()

    def poll_others(self) -> None:
        """Show the changes other windows made since the last poll."""
        if self.listener is None:
            return
        try:
            notices = self.listener.poll()
        except Exception as exc:  # noqa: BLE001 - a dropped connection: offline, retrying
            if self.connection is not None and not self.connection.fault(exc):
                self.error.emit(user_message(exc))  # e.g. the response's rights taken away
            return
        guard = self.editor.guard
        for notice in notices:
            seq = int(notice.get("seq", 0))
            self.editor.seen(seq)
            if guard is not None and seq in guard.own:
                continue  # our own edit, already shown
            self.editor.shared.bump()  # results worked out before this change are stale
            if notice.get("all"):
                self.changed.emit(Changes.everything())
            else:
                ids = {t: frozenset(v) for t, v in notice.get("ids", {}).items()}
                self.changed.emit(Changes(ids))

    def close_listener(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.drop_listener()

    def drop_listener(self) -> None:
        """Stop listening (the response is closing, or its connection died)."""
        if self.listener is not None:
            self._poll_timer.stop()
            with contextlib.suppress(Exception):  # a dead connection closes quietly
                self.listener.close()
            self.listener = None

    def resume(self, listener: Listener) -> None:
        """The server is back: listen on `listener` (already LISTENing, so nothing from
        now on is missed), then refresh everything once, for the changes made while away."""
        self.listener = listener
        self._poll_timer.start()
        self.refresh_all()

    def read_failed(self, exc: BaseException) -> None:
        """A view's read failed on the server: offline (the status line says so) or, for
        another fault (a right missing), its one sentence."""
        if self.connection is not None and not self.connection.fault(exc):
            self.error.emit(server_sentence(exc) or user_message(exc))

    @property
    def offline(self) -> bool:
        return self.connection is not None and self.connection.offline

    def _failed(self, exc: BaseException) -> str:
        """The sentence for a failed edit, noting a lost server (offline, retrying)."""
        if self.connection is not None:
            self.connection.fault(exc)
        return user_message(exc)

    def _refuse_offline(self) -> str | None:
        """While offline an edit is refused at once (no wait on a server that does not
        answer) and a retry is started now: the sentence, or None when online."""
        if not self.offline:
            return None
        assert self.connection is not None
        self.connection.retry_now()
        return user_message(ServerUnreachable())

    def select_people(self, ids: Iterable[int], *, show_map: bool = False) -> None:
        """Select young people everywhere (map, tables, person panel)."""
        ids = frozenset(ids)
        if ids != self.selected_people:
            self.selected_people = ids
            self.selection_changed.emit(ids)
        if show_map:
            self.show_map_requested.emit()

    def set_highlight(self, highlight: MapHighlight | None) -> None:
        self.highlight = highlight
        self.highlight_changed.emit(highlight)

    def set_as_at(self, day: date | None) -> None:
        if day != self.as_at:
            self.as_at = day
            self.as_at_changed.emit(day)

    @property
    def response_id(self) -> int:
        return self.db.response_id

    @property
    def readonly(self) -> bool:
        return self.db.readonly

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. While a shared server is unreachable it fails at once
        (ServerUnreachable) rather than wait on it; a read that finds the server gone
        puts the window offline (retrying) before the error goes on to its caller."""
        if self.offline:
            assert self.connection is not None
            self.connection.retry_now()
            raise ServerUnreachable()
        try:
            with self.db.read() as s:
                yield s
        except Exception as exc:
            if self.connection is not None:
                self.connection.fault(exc)
            raise

    def run(self, build: Callable[[Session], Edit]) -> Changes | None:
        """Apply one user action. Returns its Changes, or None if it failed or did nothing."""
        changes, message = self.attempt(build)
        if message is not None:
            self.error.emit(message)
        return changes

    def attempt(self, build: Callable[[Session], Edit]) -> tuple[Changes | None, str | None]:
        """Apply one user action like `run`, but hand a failure back as its one sentence
        instead of signalling it: a form shows it inside itself and stays open."""
        refused = self._refuse_offline()
        if refused is not None:
            return None, refused
        try:
            applied = self.editor.execute(build)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            return None, self._failed(exc)
        if not applied.ops:
            return Changes(), None
        self.undo_stack.push(EditCommand(self, applied))
        changes = applied.changes
        self.changed.emit(changes)
        return changes, None

    def _replay(self, applied: AppliedEdit, *, undo: bool) -> bool:
        """Undo or redo in its own transaction; False (and a message) if it failed."""
        refused = self._refuse_offline()
        if refused is not None:
            self.error.emit(refused)
            return False
        try:
            changes = self.editor.revert(applied) if undo else self.editor.reapply(applied)
        except Exception as exc:  # noqa: BLE001
            self.error.emit(self._failed(exc))
            return False
        self.changed.emit(changes)
        return True

    def refresh_all(self) -> None:
        self.editor.shared.bump()  # changed outside the editor: nothing remembered holds
        self.changed.emit(Changes.everything())

    # ----- refreshing views and shared results ---------------------------------------------
    def when_seen(
        self,
        widget: QWidget,
        slot: Callable[[Changes], object],
        wants: Callable[[Changes], bool] | None = None,
    ) -> None:
        """Call `slot(changes)` for the changes `wants` (default: all) while `widget` is
        visible; while hidden, keep them and call it once when the widget is shown."""
        from app.views.shell.refresh import WhenSeen

        sub = WhenSeen(widget, slot, wants, self.read_failed if self.db.shared else None)
        self.changed.connect(sub.on_changed)

    @property
    def data_version(self) -> int:
        """Bumped on every applied edit, undo and redo."""
        return self.editor.data_version

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A result several screens need, computed once per data version (and "as at" day,
        when the key includes it)."""
        return self.editor.shared.get(key, compute)

    def coverage(self, session: Session, as_of: date | None = None) -> Coverage:
        """The coverage figures as of a day (default today), shared by every screen."""
        from app.services.coverage.figures import coverage_for

        day = as_of or date.today()
        rid = self.response_id
        rows = self.editor.shared.rows  # plain rows kept between edits, re-read by id
        memo = self.editor.shared.person_coverage  # unchanged people's figures reused
        return self.shared(
            ("coverage", rid, day), lambda: coverage_for(session, rid, day, rows, memo)
        )
