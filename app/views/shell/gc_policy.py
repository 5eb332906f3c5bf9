"""Python's cycle collector, kept out of the way of clicks.

Every click makes thousands of short-lived objects (rows, items, SQLAlchemy results); with
the default thresholds the collector ran two or three full collections inside one edit at
2,000 young people (0.4-0.5 s), traversing every long-lived object of the open response
each time. Two things stop that:

- the thresholds suit an interactive program: young collections less often (each is cheap:
  it looks at new objects only), full ones rarely;
- everything alive once a response is open (its pages, scene items, models) is frozen out of
  the collector (`gc.freeze()`), so a full collection only looks at what was made since.
  Closing the file unfreezes them so that its objects can go.

The collector is never turned off (worker threads included): it only runs less often and
over less.
"""

from __future__ import annotations

import gc

# Young collections every 20,000 new container objects instead of 700; full collections
# after 50 middle-aged ones instead of 10.
THRESHOLDS = (20_000, 20, 50)


def configure() -> None:
    """Thresholds for an interactive program (once, when the app starts)."""
    gc.set_threshold(*THRESHOLDS)


def after_open() -> None:
    """A response is open and shown: move what it made out of the collector's way."""
    gc.collect(1)  # the short-lived garbage of opening goes, not frozen with the rest
    gc.freeze()


def after_page_built() -> None:
    """A tab was built on its first visit (pages are built lazily, after `after_open`):
    its models and widgets live as long as the file, so they are frozen too; otherwise
    every later full collection walked a 2,000-row table model again."""
    if gc.get_freeze_count():  # only while a response's objects are frozen
        gc.collect(1)
        gc.freeze()


def before_close() -> None:
    """Let the collector see the closing response's objects again, so they can go."""
    gc.unfreeze()
