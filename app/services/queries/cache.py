"""Results several screens need after the same change, worked out once per data version.

After one edit the coverage figures, the map's snapshot and the prompts were each computed
by every screen that shows them (the coverage figures three times for one click). The
Editor bumps `version` after every commit, undo and redo; until then a result asked for
twice (same key) is computed once. Qt-free: the key says everything the result depends
on besides the data (the response, the "as at" day), and nothing here is thread-shared.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class SharedResults:
    """A memo cleared whenever the data changes."""

    def __init__(self) -> None:
        self.version = 0
        self._memo: dict[Hashable, object] = {}

    def bump(self) -> None:
        """The data changed: every remembered result is out of date."""
        self.version += 1
        self._memo.clear()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for `key` at this data version, computing it the first time."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            value = compute()
            self._memo[key] = value
            return value

    def __len__(self) -> int:
        return len(self._memo)
