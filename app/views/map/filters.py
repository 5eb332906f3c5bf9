"""The map's Filters menu: which connections, risk levels, settings, coverage states and
people out of scope the map shows (the scene applies them; nothing is stored)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.models.vocab import NOT_YET_ASSESSED, Confidence
from app.services.coverage.figures import STATE_LABELS
from app.services.queries.map_data import MapData
from app.views.map.scene import MapScene


class FilterMenu(QMenu):
    def __init__(self, scene: MapScene, parent: QWidget | None = None) -> None:
        super().__init__("Filters", parent)
        self.scene = scene
        self.button = QToolButton()
        self.button.setText("Filters")
        self.button.setMenu(self)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def rebuild(self, data: MapData) -> None:
        """The menu's entries for this map's risk levels and settings, ticked as filtered."""
        m = self
        m.clear()
        f = self.scene.filters

        def check(menu: QMenu, text: str, on: bool, slot) -> QAction:  # noqa: ANN001
            a = menu.addAction(text)
            a.setCheckable(True)
            a.setChecked(on)
            a.toggled.connect(slot)
            return a

        m.addSection("Connections: mode")
        for code, text in (("real_life", "Real life"), ("online", "Online")):
            check(m, text, code in f.modes, lambda on, c=code: self._toggle(f.modes, c, on))
        m.addSection("Connections: confidence")
        for c in Confidence:
            check(
                m,
                c.label,
                c.value in f.confidences,
                lambda on, c=c.value: self._toggle(f.confidences, c, on),
            )
        m.addSection("Assessed risk")
        for level in [*data.risk_levels, NOT_YET_ASSESSED]:
            on = f.risks is None or level in f.risks
            check(m, level, on, lambda on, lv=level: self._toggle_risk(lv, on, data))
        setting_menu = m.addMenu("Setting")
        group = QActionGroup(setting_menu)
        for sid, name in [(None, "All settings")] + sorted(
            ((h.id, h.name) for h in data.hubs.values()), key=lambda t: t[1]
        ):
            a = setting_menu.addAction(name)
            a.setCheckable(True)
            a.setChecked(f.setting_id == sid)
            group.addAction(a)
            a.triggered.connect(lambda _=False, sid=sid: self._set_filter("setting_id", sid))
        cov_menu = m.addMenu("Coverage")
        group2 = QActionGroup(cov_menu)
        for code, name in [(None, "Everyone"), ("not_assessed", "Not yet assessed")] + list(
            STATE_LABELS.items()
        ):
            a = cov_menu.addAction(name)
            a.setCheckable(True)
            a.setChecked(f.coverage == code)
            group2.addAction(a)
            a.triggered.connect(lambda _=False, c=code: self._set_filter("coverage", c))
        m.addSeparator()
        check(
            m,
            "Show people removed from scope",
            f.show_removed,
            lambda on: self._set_filter("show_removed", on),
        )

    def _toggle(self, target: set[str], code: str, on: bool) -> None:
        (target.add if on else target.discard)(code)
        self._filters_changed()

    def _toggle_risk(self, level: str, on: bool, data: MapData) -> None:
        f = self.scene.filters
        current = set(f.risks) if f.risks is not None else {*data.risk_levels, NOT_YET_ASSESSED}
        (current.add if on else current.discard)(level)
        f.risks = None if current >= {*data.risk_levels, NOT_YET_ASSESSED} else current
        self._filters_changed()

    def _set_filter(self, name: str, value: object) -> None:
        setattr(self.scene.filters, name, value)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.scene.apply_filters()
        active = self.scene.filters != type(self.scene.filters)()
        self.button.setText("Filters (on)" if active else "Filters")
