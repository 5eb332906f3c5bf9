"""Keep Python's cycle collector off worker threads while Qt objects exist.

A collection can start in whichever thread happens to allocate, and if it then frees a Qt
wrapper (a closed dialog, an old page) off the GUI thread, Qt crashes the process. So
before a worker starts, the GUI thread collects what is already garbage and pauses the
collector until the worker has finished; the pause is counted, so a map being built while
an export runs does not switch it back on early. Memory is not lost: the collector runs
again as soon as the last pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0
_was_enabled = True


def hold() -> None:
    """Pause the collector (GUI thread only); pair with `release`."""
    global _depth, _was_enabled
    if _depth == 0:
        _was_enabled = gc.isenabled()
        gc.disable()
    _depth += 1


def release() -> None:
    global _depth
    if _depth == 0:
        return
    _depth -= 1
    if _depth == 0 and _was_enabled:
        gc.enable()


def before_worker() -> None:
    """Collect now, on the GUI thread, then hold the collector for a worker thread."""
    gc.collect()
    hold()


@contextmanager
def paused() -> Iterator[None]:
    hold()
    try:
        yield
    finally:
        release()
