"""The Timeline's date axis: pyqtgraph's DateAxisItem, its ticks placed with cheaper sums.

pg.DateAxisItem places each tick at local midnight (or the local hour) by asking Qt, per
tick, for the local time's UTC offset through `QDateTime.timeZone()` (about 0.3 ms a call,
32 calls in the Timeline's first paint: a tenth of its first visit, issue 14). The answer
is the same one the C library gives for the same instant from the same system time zone
(`time.localtime(...).tm_gmtoff`), in microseconds. Where a clock change is within a day of
a tick, the tick is handed to pyqtgraph's own (Qt) sum unchanged, so the ticks and labels
are exactly pyqtgraph's, clock changes included; a fixed offset would be wrong across one.
"""

from __future__ import annotations

import time
from functools import lru_cache

import pyqtgraph as pg
from pyqtgraph.graphicsItems import DateAxisItem as pg_date

DAY = 86400


@lru_cache(maxsize=4096)  # the same ticks come back at every paint and every zoom
def offset_east(stamp: int) -> int:
    """Seconds local time is ahead of UTC at this instant (what Qt's offsetFromUtc gives)."""
    return time.localtime(stamp).tm_gmtoff


@lru_cache(maxsize=4096)
def to_local_tick(tick: float) -> int:
    """What pyqtgraph adds to a UTC-midnight tick to move it to local midnight.

    pyqtgraph's `applyOffsetToUtc` (no preferred offset): the instant whose local wall
    clock reads the tick's UTC wall clock, and minus that instant's UTC offset. With one
    offset `o` all around the tick that instant is `tick - o` and the answer `-o`; near a
    clock change (any other offset within a day), pyqtgraph's own Qt sum decides.
    """
    try:
        stamp = round(tick)
        here = offset_east(stamp)
        if offset_east(stamp - DAY) == here == offset_east(stamp + DAY):
            return -here
    except (OverflowError, OSError, ValueError):
        pass
    return pg_date.applyOffsetToUtc(tick)


class LocalZoomLevel(pg_date.ZoomLevel):
    """A pyqtgraph zoom level whose ticks move to local time through `to_local_tick`."""

    def extendTimeRangeForSpacing(self, spacing, minVal, maxVal):  # noqa: ANN001, ANN201, N802, N803 - pyqtgraph API
        if spacing < pg_date.HOUR_SPACING or self.utcOffset is not None:
            return super().extendTimeRangeForSpacing(spacing, minVal, maxVal)
        try:  # pyqtgraph's sum (the offset at each end), from the C library
            return minVal - abs(offset_east(round(minVal))), maxVal + abs(
                offset_east(round(maxVal))
            )
        except (OverflowError, OSError, ValueError):
            return super().extendTimeRangeForSpacing(spacing, minVal, maxVal)

    def moveTicksToLocalTimeCoords(self, ticks, spacing, skipFactor):  # noqa: ANN001, ANN201, N802, N803 - pyqtgraph API
        if len(ticks) and self.utcOffset is None and spacing > pg_date.HOUR_SPACING:
            # The branch pyqtgraph takes for days, months and years, with the cheaper sum.
            ticks += [to_local_tick(float(t)) for t in ticks]  # in place, as pyqtgraph does
            return ticks
        return super().moveTicksToLocalTimeCoords(ticks, spacing, skipFactor)


# pyqtgraph's own zoom levels (the same tick specs and formats), each made once.
_LOCAL: dict[int, LocalZoomLevel] = {}


def _local(level: pg_date.ZoomLevel) -> LocalZoomLevel:
    if id(level) not in _LOCAL:
        _LOCAL[id(level)] = LocalZoomLevel(level.tickSpecs, level.exampleText)
    return _LOCAL[id(level)]


class DateAxis(pg.DateAxisItem):
    """pg.DateAxisItem with the same ticks and labels, placed without a Qt time zone per tick."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.zoomLevels = type(self.zoomLevels)(
            (spacing, _local(level)) for spacing, level in self.zoomLevels.items()
        )
