"""The cumulative chart of the Coverage page: young people assessed, day by day.

x is the day (date.toordinal()), shown dd/mm; y is how many in-scope young people had a
completed assessment by the end of that day. A dashed line marks how many need one, a
vertical line the review date and another the "as of" day.
"""

from __future__ import annotations

from datetime import date, timedelta

import pyqtgraph as pg
from PySide6.QtCore import Qt

from app.services.coverage.figures import STATE_LABELS, Coverage

REVIEW_COLOUR = "#D55E00"  # Okabe-Ito vermillion
ASSESSED_COLOUR = "#0072B2"  # Okabe-Ito blue
TARGET_COLOUR = "#555555"


class DayAxis(pg.AxisItem):
    """An axis of day ordinals labelled dd/mm."""

    def tickStrings(self, values, scale, spacing):  # noqa: ANN001, ANN201, N802 - pyqtgraph API
        out = []
        for v in values:
            try:
                out.append(date.fromordinal(int(round(v))).strftime("%d/%m"))
            except (ValueError, OverflowError):
                out.append("")
        return out

    def tickSpacing(self, minVal, maxVal, size):  # noqa: ANN001, ANN201, N802, N803
        # Whole days only: a week apart, or more when the span is long.
        span = max(1.0, maxVal - minVal)
        major = 7 if span <= 70 else 14 if span <= 140 else 28
        return [(major, 0), (1, 0)] if span <= 21 else [(major, 0)]


class CoverageChart(pg.PlotWidget):
    """Cumulative young people assessed against the review date."""

    def __init__(self) -> None:
        # No context menu: made without one rather than made and then thrown away.
        super().__init__(
            background="w",
            axisItems={"bottom": DayAxis(orientation="bottom")},
            enableMenu=False,
        )
        self.setObjectName("coverageChart")
        self.setAccessibleName("Coverage chart")
        self.setMinimumHeight(180)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setLabel("left", "Young people assessed (cumulative)")
        item.setMouseEnabled(x=False, y=False)
        for axis in ("left", "bottom", "top", "right"):
            # No "(x1e+09)"-style scaling is ever shown here; left on, each change of
            # range rewrote the axis label's HTML (a few ms each time).
            item.getAxis(axis).enableAutoSIPrefix(False)
        for axis in ("left", "bottom"):
            item.getAxis(axis).setPen(pg.mkPen("#333333"))
            item.getAxis(axis).setTextPen(pg.mkPen("#222222"))
        # Plain curves: `item.plot` wraps each in a PlotDataItem (with a scatter item for
        # symbols never drawn here), which drew the same line at more cost (issue 14).
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(ASSESSED_COLOUR, width=3))
        item.addItem(self.curve)
        # Where the count gets to if every booking on time is kept (a dotted projection).
        self.projection = pg.PlotCurveItem(
            pen=pg.mkPen(ASSESSED_COLOUR, width=2, style=Qt.PenStyle.DotLine)
        )
        item.addItem(self.projection)
        self.projection_label = pg.TextItem("", color=ASSESSED_COLOUR, anchor=(1, 1))
        item.addItem(self.projection_label)
        self.now_label = pg.TextItem("", color=ASSESSED_COLOUR, anchor=(1, 1))
        item.addItem(self.now_label)
        self.target = pg.InfiniteLine(
            angle=0,
            pen=pg.mkPen(TARGET_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.03, "color": TARGET_COLOUR, "anchors": [(0, 1), (0, 1)]},
        )
        self.review = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen(REVIEW_COLOUR, width=2.5),
            label="",
            # Left of the line: the review date is near the right edge of the chart.
            labelOpts={
                "position": 0.75,
                "color": REVIEW_COLOUR,
                "fill": (255, 255, 255, 220),
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        self.as_of = pg.InfiniteLine(
            angle=90,
            pen=pg.mkPen("#333333", width=1.5, style=Qt.PenStyle.DotLine),
            label="",
            labelOpts={
                "position": 0.08,
                "color": "#333333",
                "fill": (255, 255, 255, 220),
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        for line in (self.target, self.review, self.as_of):
            line.setMovable(False)
            item.addItem(line)

    def show_coverage(self, cov: Coverage, start: date) -> None:
        """Draw the steps from `start` (the referral date) to the as-of day."""
        steps = cov.cumulative()
        first = min([start, *(d for d, _ in steps)])
        xs, ys = [first.toordinal()], [0]
        for day, n in steps:
            # A step: flat until the day, then up to the new total.
            xs += [day.toordinal(), day.toordinal()]
            ys += [ys[-1], n]
        xs.append(cov.as_of.toordinal())
        ys.append(ys[-1])
        if cov.as_of < first:
            xs, ys = [cov.as_of.toordinal()], [0]
        self.curve.setData(xs, ys)
        # What the chart shows, in words with its figures, for a screen reader.
        self.setAccessibleDescription(describe(cov))
        self.now_label.setText(f"Assessed: {cov.assessed}")
        self.now_label.setPos(cov.as_of.toordinal(), ys[-1])
        steps = cov.projected()
        pxs: list[int] = []
        pys: list[int] = []
        for day, n in steps:
            if pxs:
                pxs.append(day.toordinal())
                pys.append(pys[-1])
            pxs.append(day.toordinal())
            pys.append(n)
        self.projection.setData(pxs, pys)
        if steps:
            self.projection_label.setText(f"If bookings are kept: {steps[-1][1]}")
            self.projection_label.setPos(steps[-1][0].toordinal(), steps[-1][1])
        else:
            self.projection_label.setText("")
        need = cov.needing_assessment
        self.target.setValue(need)
        self.target.label.setFormat(f"Needing assessment: {need}")
        self.review.setValue(cov.review_date.toordinal())
        self.review.label.setFormat(f"Review date {cov.review_date:%d/%m}")
        self.as_of.setValue(cov.as_of.toordinal())
        self.as_of.label.setFormat(f"As of {cov.as_of:%d/%m}")
        last = max(cov.review_date, cov.as_of) + timedelta(days=3)
        lo = min(first, cov.as_of) - timedelta(days=1)
        item = self.getPlotItem()
        item.setXRange(lo.toordinal(), last.toordinal(), padding=0)
        item.setYRange(0, max(need, 1) * 1.12, padding=0)


def describe(cov: Coverage) -> str:
    """The chart in one paragraph: the counts by state, the target and the dates."""
    counts = ", ".join(
        f"{n} {STATE_LABELS[state].split(' (')[0].lower()}"
        for state, n in cov.counts.items()
        if n and state in STATE_LABELS
    )
    projected = cov.projected()
    kept = f" If bookings are kept: {projected[-1][1]}." if projected else ""
    return (
        f"Coverage as of {cov.as_of:%d/%m/%Y}: {cov.assessed} of {cov.needing_assessment}"
        f" needing assessment are assessed. By state: {counts or 'nobody in scope'}."
        f" Review date {cov.review_date:%d/%m/%Y}.{kept}"
    )
