"""The one natural order of young people's references: YP-2 < YP-10 < YP-100.

Plain string order puts YP-100 between YP-10 and YP-11, so every sort of references (the
services' lists, the workbook's rows, the prompts, the screens' tables) uses this key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TypeVar

_NUMBER = re.compile(r"(\d+)")
_WIDTH = 20  # digits a number is padded to in the text form (references are far shorter)

T = TypeVar("T")


@lru_cache(maxsize=65536)  # a 2,000-row table is re-sorted after every edit
def reference_key(reference: str | None) -> tuple[tuple[int, int, str], ...]:
    """Sort key: runs of digits by value, the rest ignoring case; numbers before words."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _NUMBER.split(reference or "")
        if part
    )


def reference_sort_text(reference: str | None) -> str:
    """The same order as reference_key, as one string, for a Qt sort role (which compares
    strings, not tuples): each part fixed-width or tagged, parts ended by a character that
    sorts before any other, so a shorter reference sorts first as it does with tuples."""
    return "".join(
        (f"0{n:0{_WIDTH}d}" if not word else f"1{word}") + "\x00"
        for _, n, word in reference_key(reference)
    )


def by_reference(items: Iterable[T], reference: Any = lambda x: x.reference) -> list[T]:
    """The items sorted by their reference (by default, their .reference attribute)."""
    return sorted(items, key=lambda x: reference_key(reference(x)))
