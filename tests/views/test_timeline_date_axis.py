"""The Timeline's date axis (issue 14 made its ticks cheaper to place): the days it labels
are the days the marks fall on, at local midnight, the same ticks and labels pyqtgraph's own
date axis gives, and still so across a clock change."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from app.views.timeline.page import TimelinePage, stamp
from tests.views.test_charts_on_screen import plotted, show_tab

ROOT = Path(__file__).resolve().parents[2]


def axis_ticks(axis) -> list[tuple[float, str]]:  # noqa: ANN001
    """The bottom axis' ticks and labels for its current range, as it draws them."""
    lo, hi = axis.range
    out = []
    for spacing, values in axis.tickValues(lo, hi, axis.width()):
        out += zip(values, axis.tickStrings(values, 1, spacing), strict=True)
    return out


def pyqtgraph_ticks(axis) -> list[tuple[float, str]]:  # noqa: ANN001
    """What pyqtgraph's own DateAxisItem shows for the same range and width."""
    plain = pg.DateAxisItem()
    plain.fontMetrics = axis.fontMetrics
    lo, hi = axis.range
    out = []
    for spacing, values in plain.tickValues(lo, hi, axis.width()):
        out += zip(values, plain.tickStrings(values, 1, spacing), strict=True)
    return out


def test_timeline_axis_labels_the_days_of_the_marks(demo, qtbot):
    page = show_tab(demo, qtbot, TimelinePage)
    axis = page.plot.getAxis("bottom")
    qtbot.waitUntil(lambda: hasattr(axis, "fontMetrics"))  # drawn once
    ticks = axis_ticks(axis)
    assert len(ticks) > 5
    assert ticks == pyqtgraph_ticks(axis)
    for value, label in ticks:
        day = datetime.fromtimestamp(value)
        assert (day.hour, day.minute) == (0, 0)  # local midnight
        assert label in {f"{day:%d}", f"{day:%b}", f"{day:%Y}"}
    # Every mark's day is within the labelled span.
    lo, hi = axis.range
    assert all(lo <= stamp(p.data().day) <= hi for p in plotted(page))

    # As at the day of the middle mark: the green line's day among the axis' days.
    days = sorted(p.data().day for p in plotted(page))
    earlier = days[len(days) // 2]
    page.as_at_check.setChecked(True)
    page.as_at_date.set_value(earlier)
    QApplication.processEvents()
    assert axis_ticks(axis) == pyqtgraph_ticks(axis)
    lo, hi = axis.range
    assert lo <= stamp(earlier) <= hi


CLOCK_CHANGE = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    import pyqtgraph as pg
    from app.views.timeline.date_axis import DateAxis
    ours, plain = DateAxis(), pg.DateAxisItem()
    ours.fontMetrics = plain.fontMetrics = QFontMetrics(QFont())
    checked = 0
    for month in (3, 10):  # the spring and autumn clock changes of 2026
        start = datetime(2026, month, 15).timestamp()
        for days in (5, 12, 20, 40):
            for width in (300, 700, 1300):
                hi = start + days * 86400 * 2
                a = ours.tickValues(start, hi, width)
                b = plain.tickValues(start, hi, width)
                assert a == b, (month, days, width, a, b)
                for spacing, values in a:
                    assert ours.tickStrings(values, 1, spacing) == plain.tickStrings(
                        values, 1, spacing
                    )
                    if spacing >= 86400:
                        for v in values:
                            assert datetime.fromtimestamp(v).hour == 0, v
                checked += 1
    print("checked", checked)
    """
)


def test_axis_ticks_stay_at_local_midnight_across_clock_changes():
    for zone in ("Europe/London", "America/Santiago"):  # the latter changes at midnight
        env = {**os.environ, "TZ": zone, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run(
            [sys.executable, "-c", CLOCK_CHANGE],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, f"{zone}: {out.stderr[-2000:]}"
        assert "checked 24" in out.stdout
