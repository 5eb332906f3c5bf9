"""`Circles --self-test [FILE]`: open the window as a user would, then close it again.

For the IT department checking a deployment (and the portable folder's own test): the app
starts, opens FILE (or the default response in the data folder) in the main window, shows
it, and closes it the way the window's close button does, releasing the file's lock. One
line on stdout and exit 0 when that worked; one sentence on stderr and exit 2 when not.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import __version__

if TYPE_CHECKING:  # the data layer loads with the response, after the window's first paint
    from app.models.database import Database


def _is_open(db: Database, path: str) -> bool:
    from app.models.server import is_server_url

    if is_server_url(path):  # a shared response: open from the server, not a file
        return db.shared
    return not db.shared and db.path.resolve() == Path(path).resolve()


def _name(db: Database) -> str:
    return f"the shared response {db.server.label}" if db.server is not None else db.path.name


def run_self_test(app: QApplication, window: object, path: str | None) -> int:
    from app.views.shell.main_window import MainWindow

    assert isinstance(window, MainWindow)
    result: list[int] = []

    def finish() -> None:
        if getattr(window, "opening", False):  # the response opens after the first paint
            QTimer.singleShot(20, finish)
            return
        store = window.store
        if store is None or (path is not None and not _is_open(store.db, path)):
            sentence = window.last_error or "no response could be opened"
            print(f"circles --self-test: {' '.join(sentence.split())}", file=sys.stderr)
            result.append(2)
        else:
            from app.services.queries.pickers import people

            with store.read() as session:
                count = len(people(session, store.response_id))
            print(
                f"Circles {__version__} opened {_name(store.db)} "
                f"({count} young people) in its window and closed it."
            )
            result.append(0)
        window.close()  # as the close button does: the response and its lock are released
        app.quit()

    # Once the event loop runs the window has been shown and laid out.
    QTimer.singleShot(0, finish)
    app.exec()
    return result[0] if result else 2
