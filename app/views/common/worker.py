"""Run a plain function off the GUI thread and hand its result back on the GUI thread.

The rule that keeps Qt safe here: the worker thread runs a plain function over plain data
(a layout over id lists, an export over a file path), creates no Qt object and ends holding
no Qt object. Its only contact with Qt is emitting this object's signals, which PySide
queues to the GUI thread because the Worker lives there; results are plain Python objects
carried by `Signal(object)` (a `Signal(dict)` would arrive empty: PySide cannot copy a
dict with int keys into a C++ QVariantMap).

The Worker itself is released on the GUI thread only after its thread has ended (it joins
the thread when the last signal arrives, which takes microseconds by then), so no Qt
wrapper is ever freed on the worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

# What a worker's function may call to report progress: (done, total).
Progress = Callable[[int, int], None]

# Workers still running, kept alive by the GUI thread until their thread has ended.
RUNNING: set[Worker] = set()


def _describe(exc: Exception) -> str:
    return f"The work could not be finished ({exc})."


def _run(
    fn: Callable[[Progress], Any],
    describe: Callable[[Exception], str],
    progressed: Callable[[int, int], None],
    finished: Callable[[object], None],
    failed: Callable[[str], None],
) -> None:
    """The worker thread's whole life: plain function in, one signal out."""
    try:
        result = fn(progressed)
    except Exception as exc:  # noqa: BLE001 - any failure reaches the user as a sentence
        failed(describe(exc))
    else:
        finished(result)


class Worker(QObject):
    """One run of `fn(progress)` on its own thread; signals are delivered on the GUI thread.

    `describe` words an exception from `fn` as the sentence `failed` carries; it runs on
    the worker thread, so it too must be a plain function."""

    progressed = Signal(int, int)
    finished = Signal(object)  # whatever fn returned: plain Python objects only
    failed = Signal(str)

    def __init__(
        self,
        fn: Callable[[Progress], Any],
        name: str,
        describe: Callable[[Exception], str] = _describe,
    ) -> None:
        super().__init__()
        # The thread is given bound signals, never `self`: nothing on the worker side
        # can reach this object's Python state.
        self.thread = threading.Thread(
            target=_run,
            args=(fn, describe, self.progressed.emit, self.finished.emit, self.failed.emit),
            name=name,
            daemon=True,
        )
        self.finished.connect(self._ended)
        self.failed.connect(self._ended)

    def start(self) -> None:
        RUNNING.add(self)
        self.thread.start()

    def _ended(self, _payload: object) -> None:
        # On the GUI thread, after the worker's last emit: wait the moment it takes the
        # thread to end (its frame and arguments gone), then let this object go on the
        # next turn of the event loop, once every slot of this signal has run, so the
        # last reference is dropped here and never on the worker thread.
        self.thread.join()
        QTimer.singleShot(0, partial(RUNNING.discard, self))
