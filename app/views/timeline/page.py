"""The Timeline tab: concerns and completed assessments over time (pyqtgraph).

One row per setting or per young person; the review date and meeting dates as vertical
lines; hovering a mark shows its reference and category; clicking one selects the young
person on the map. The "as at" control filters every screen to what was known that day.
Colour shows the concern's category (never a risk), and each category also has its own
symbol so the chart reads in greyscale.
"""

from __future__ import annotations

import time
from datetime import date
from functools import lru_cache

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import ConcernCategory
from app.services.editing.editor import Changes
from app.services.queries.timeline import REVIEW_DATE, Spot, timeline
from app.views.common.risk import RiskPalette
from app.views.common.widgets import DateField
from app.views.shell.store import Store
from app.views.timeline.date_axis import DateAxis

# Okabe-Ito hues not used for recorded risk on the map, each with its own symbol.
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    ConcernCategory.SELF_INJURY.value: ("#0072B2", "o"),
    ConcernCategory.SELF_POISONING.value: ("#CC79A7", "t"),
    ConcernCategory.THOUGHTS_OR_PLANS.value: ("#56B4E9", "d"),
    ConcernCategory.ONLINE_CONTENT.value: ("#6a3d9a", "star"),
    ConcernCategory.SUSPECTED.value: ("#777777", "h"),
}
LEGEND_GLYPH = {"o": "●", "t": "▼", "d": "◆", "star": "★", "h": "⬢"}


@lru_cache(maxsize=4096)  # a few hundred distinct days among thousands of marks
def stamp(day: date) -> float:
    """Seconds since the epoch at local midnight: what pg.DateAxisItem shows as that day."""
    return time.mktime(day.timetuple())


class TimelinePage(QWidget):
    title = "Timeline"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.spots: list[Spot] = []
        self.risk_levels: list[str] = []
        self.rows: list[str] = []
        self.lines: dict[str, float] = {}
        self._y: dict[str, int] = {}
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("One row per"))
        self.row_mode = QComboBox()
        self.row_mode.addItem("setting", "setting")
        self.row_mode.addItem("young person", "person")
        bar.addWidget(self.row_mode)
        bar.addSpacing(24)
        self.as_at_check = QCheckBox("Show the response as at")
        self.as_at_check.setToolTip(
            "Every screen shows only what was known that day: connections identified and "
            "concerns known by then."
        )
        self.as_at_date = DateField(date.today())
        self.as_at_date.setEnabled(False)
        bar.addWidget(self.as_at_check)
        bar.addWidget(self.as_at_date)
        bar.addStretch(1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)  # two lines on a narrow window, never wider
        bar.addWidget(self.summary)
        lay.addLayout(bar)

        # No context menu: made without one rather than made and then thrown away.
        self.plot = pg.PlotWidget(
            background="w", axisItems={"bottom": DateAxis()}, enableMenu=False
        )
        self.plot.setMenuEnabled(False)
        for axis in ("left", "bottom", "top", "right"):
            # The axes carry no label, so no "(x1e+09)" scaling is ever shown; left on,
            # each change of range rewrote the hidden label's HTML (a few ms each time).
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self.plot.getAxis("left").setTextPen("k")
        self.plot.getAxis("bottom").setTextPen("k")
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.setAccessibleName("Timeline chart")
        # The legend sits above the chart so it never hides a mark.
        self.legend = QLabel(
            "&nbsp;&nbsp;".join(
                f'<span style="color:{colour}; font-size:15px">{LEGEND_GLYPH[symbol]}</span> '
                f"{ConcernCategory(code).label}"
                for code, (colour, symbol) in CATEGORY_STYLE.items()
            )
            + '&nbsp;&nbsp;<span style="font-size:15px">□</span> Completed assessment'
        )
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setObjectName("timelineLegend")
        self.legend.setWordWrap(True)
        lay.addWidget(self.legend)
        lay.addWidget(self.plot, 1)
        hint = QLabel(
            "Hover a mark for the reference and category; click it to select the young "
            "person on the map. Dashed red line: review date. Grey lines: meetings."
        )
        hint.setStyleSheet("color: #444;")
        hint.setWordWrap(True)  # wraps on a narrow window rather than widening it
        lay.addWidget(hint)

        self.row_mode.currentIndexChanged.connect(self.refresh)
        self.as_at_check.toggled.connect(self._as_at_edited)
        self.as_at_date.edit.dateChanged.connect(self._as_at_edited)
        store.when_seen(self, self._on_changed)
        store.as_at_changed.connect(self._on_as_at)
        self._on_as_at(store.as_at)

    # ----- as at ---------------------------------------------------------------------
    def _as_at_edited(self) -> None:
        on = self.as_at_check.isChecked()
        self.as_at_date.setEnabled(on)
        self.store.set_as_at(self.as_at_date.value() if on else None)

    def _on_as_at(self, day: date | None) -> None:
        for w in (self.as_at_check, self.as_at_date.edit):
            w.blockSignals(True)
        self.as_at_check.setChecked(day is not None)
        self.as_at_date.setEnabled(day is not None)
        if day is not None:
            self.as_at_date.set_value(day)
            self.as_at_date.setEnabled(True)
        for w in (self.as_at_check, self.as_at_date.edit):
            w.blockSignals(False)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(
            "concern", "assessment", "meeting", "young_person", "setting", "response"
        ):
            self.refresh()

    # ----- data ----------------------------------------------------------------------
    def _read(self) -> None:
        by_setting = self.row_mode.currentData() == "setting"
        with self.store.read() as s:
            data = timeline(s, self.store.response_id, self.store.as_at, by_setting=by_setting)
        # Top row first: pyqtgraph's y grows upwards, so the first row gets the largest y.
        self.risk_levels = data.risk_levels
        self.rows = data.rows
        self.spots = data.spots
        self.lines = {label: stamp(day) for label, day in data.lines.items()}
        self._y = {row: len(self.rows) - 1 - i for i, row in enumerate(self.rows)}

    def y_of(self, row: str) -> int:
        return self._y[row]

    def refresh(self) -> None:
        self._read()
        self.plot.clear()
        ticks = [(self.y_of(r), r) for r in self.rows]
        self.plot.getAxis("left").setTicks([ticks])
        # Each mark sorted into its series in one pass (not one pass per series).
        by_category: dict[str, list[Spot]] = {}
        by_risk: dict[str, list[Spot]] = {}
        levels = set(self.risk_levels)
        for sp in self.spots:
            if sp.kind == "concern":
                by_category.setdefault(sp.detail, []).append(sp)
            else:
                by_risk.setdefault(sp.risk if sp.risk in levels else "", []).append(sp)
        for code, (colour, symbol) in CATEGORY_STYLE.items():
            label = ConcernCategory(code).label
            self._scatter(
                by_category.get(label, []),
                label,
                symbol,
                pg.mkBrush(colour),
                pg.mkPen("k", width=0.8),
                13,
            )
        # Completed assessments: squares filled with the recorded risk's colour on the map,
        # the word in the legend above and in each mark's tooltip.
        styles = RiskPalette(self.risk_levels).styles
        for level in [*self.risk_levels, ""]:
            style = styles.get(level)
            self._scatter(
                by_risk.get(level, []),
                f"Assessed: {level}" if level else "Completed assessment",
                "s",
                pg.mkBrush(style.colour) if style else pg.mkBrush(None),
                pg.mkPen("#222", width=1.6),
                11,
            )
        self.legend.setText(self._legend_text(styles))
        for label, x in self.lines.items():
            review = label == REVIEW_DATE
            pen = (
                pg.mkPen("#b00020", width=2, style=Qt.PenStyle.DashLine)
                if review
                else pg.mkPen("#888", width=1.2)
            )
            line = pg.InfiniteLine(
                pos=x,
                angle=90,
                pen=pen,
                label=label,
                # Labels at the foot of the line, to its left, clear of the legend.
                labelOpts={
                    "position": 0.03,
                    "color": "#b00020" if review else "#444",
                    "anchors": [(1, 1), (1, 1)],
                    "fill": pg.mkBrush(255, 255, 255, 220),
                },
            )
            self.plot.addItem(line)
        if self.store.as_at is not None:
            self.plot.addItem(
                pg.InfiniteLine(
                    pos=stamp(self.store.as_at),
                    angle=90,
                    pen=pg.mkPen("#009E73", width=2, style=Qt.PenStyle.DotLine),
                    label=f"As at {self.store.as_at:%d/%m/%Y}",
                    labelOpts={
                        "position": 0.1,
                        "color": "#00694d",
                        "anchors": [(1, 1), (1, 1)],
                    },
                )
            )
        # The first and last days, not a list of every mark's day.
        first = min((sp.day for sp in self.spots), default=None)
        last = max((sp.day for sp in self.spots), default=None)
        xs = list(self.lines.values()) + ([stamp(first), stamp(last)] if first and last else [])
        if xs:
            pad = 4 * 86400
            self.plot.setXRange(min(xs) - pad, max(xs) + pad, padding=0)
        self.plot.setYRange(-0.8, max(len(self.rows), 1) - 0.4, padding=0)
        concerns = sum(1 for sp in self.spots if sp.kind == "concern")
        self.summary.setText(
            f"{concerns} concerns, {len(self.spots) - concerns} completed assessments"
            + (f" known by {self.store.as_at:%d/%m/%Y}" if self.store.as_at else "")
        )
        # The chart in words for a screen reader: what is plotted, for whom, and when.
        span = f" from {first:%d/%m/%Y} to {last:%d/%m/%Y}" if first and last else ""
        self.plot.setAccessibleDescription(
            f"{concerns} concerns and {len(self.spots) - concerns} completed assessments"
            f" in {len(self.rows)} rows ({self.row_mode.currentText().lower()}){span}."
        )

    def _legend_text(self, styles: dict) -> str:
        concerns = "&nbsp;&nbsp;".join(
            f'<span style="color:{colour}; font-size:15px">{LEGEND_GLYPH[symbol]}</span> '
            f"{ConcernCategory(code).label}"
            for code, (colour, symbol) in CATEGORY_STYLE.items()
        )
        risks = " ".join(
            f'<span style="color:{styles[level].colour.name()}; font-size:15px">■</span> {level}'
            for level in self.risk_levels
            if level in styles
        )
        return (
            f"{concerns}<br>Completed assessment, by recorded risk: {risks} "
            '<span style="font-size:15px">□</span> none recorded'
        )

    def _scatter(self, pts: list[Spot], name: str, symbol: str, brush, pen, size: int) -> None:  # noqa: ANN001
        if not pts:
            return  # nothing to draw, hover or click: no item (each costs a paint)
        # Item-level symbol, brush and pen so that the legend shows the same mark.
        item = pg.ScatterPlotItem(
            hoverable=True,
            hoverSize=size + 4,
            tip=lambda x, y, data: data.tip,
            name=name,
            symbol=symbol,
            brush=brush,
            pen=pen,
            size=size,
        )
        # Concerns sit on the row's line, completed assessments just below it; several
        # marks on one row and day are stacked so none hides another.
        seen: dict[tuple[str, date], int] = {}
        xs, ys, data = [], [], []
        for sp in pts:
            n = seen.get((sp.row, sp.day), 0)
            seen[(sp.row, sp.day)] = n + 1
            y = self.y_of(sp.row)
            y = y + 0.14 * n if sp.kind == "concern" else y - 0.22 - 0.12 * n
            xs.append(stamp(sp.day))
            ys.append(y)
            data.append(sp)
        item.setData(x=xs, y=ys, data=data)
        item.sigClicked.connect(self._on_clicked)
        self.plot.addItem(item)

    def _on_clicked(self, _item, points, _event=None) -> None:  # noqa: ANN001
        if len(points):
            spot: Spot = points[0].data()
            self.select(spot.person_id)

    def select(self, person_id: int) -> None:
        self.store.select_people({person_id}, show_map=True)
