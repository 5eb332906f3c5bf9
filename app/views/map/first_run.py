"""What to do first, over an empty map: "Add a young person", "Import a list..." and
"Open the fictional demo" (and, for the response made on first run, its title and
review date). Shown while the response has nobody in it, gone with the first person."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout

FIRST_RUN_TITLE = "New response"  # the title of the response made on first run


class FirstRunOverlay(QFrame):
    """A panel in the middle of the map's viewport; `page` is the MapPage."""

    def __init__(self, page: Any) -> None:  # noqa: ANN401 - MapPage (no import cycle)
        viewport = page.view.viewport()
        super().__init__(viewport)
        self.setObjectName("firstRunOverlay")
        self.page = page
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#firstRunOverlay { background: #ffffff; border: 1px solid #9aa7b8;"
            " border-radius: 6px; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 18, 24, 18)
        lay.setSpacing(8)
        heading = QLabel("<b>This response has no young people yet.</b>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(heading)
        hint = QLabel(
            "Add the first young person, or bring in a school or agency list "
            "(Excel or CSV) with Import."
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(hint)
        self.add_button = self._button("Add a young person", "firstRunAdd", self._add)
        self.import_button = self._button("Import a list...", "firstRunImport", self._import)
        self.demo_button = self._button("Open the fictional demo", "firstRunDemo", self._demo)
        self.details_button = self._button(
            "Set the title and review date...", "firstRunDetails", self._details
        )
        for button in (self.add_button, self.import_button, self.demo_button):
            lay.addWidget(button)
        lay.addWidget(self.details_button)
        self.setFixedWidth(380)
        viewport.installEventFilter(self)
        page.people_model.modelReset.connect(self.update_shown)
        # A bound method (not a lambda), so Qt drops the connection when this goes.
        page.store.changed.connect(self._on_changed)
        self.update_shown()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:  # noqa: ANN401
        button = QPushButton(text)
        button.setObjectName(name)
        button.setMinimumHeight(30)
        button.clicked.connect(slot)
        return button

    # ----- what the buttons do ----------------------------------------------------------
    def _window(self) -> Any:  # noqa: ANN401 - the MainWindow
        return self.page.window_

    def _add(self) -> None:
        self.page.add_person(None)

    def _import(self) -> None:
        # The File menu's own action, so the import is the same however it is started.
        action = self._window().findChild(QAction, "importAction") if self._window() else None
        if action is not None:
            action.trigger()

    def _demo(self) -> None:
        if self._window() is not None:
            self._window().open_demo()

    def _details(self) -> None:
        if self._window() is not None:
            self._window().edit_response_details()

    # ----- when and where it shows -------------------------------------------------------
    def _on_changed(self, _changes: object) -> None:
        self.update_shown()

    def update_shown(self) -> None:
        store = self.page.store
        empty = self.page.people_model.rowCount() == 0 and not store.readonly
        title = getattr(getattr(self.page, "data", None), "title", "")
        self.details_button.setVisible(empty and title == FIRST_RUN_TITLE)
        self.setVisible(empty)
        if empty:
            self.adjustSize()
            self._centre()
            self.raise_()

    def _centre(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.move(
                max(0, (parent.width() - self.width()) // 2),
                max(0, (parent.height() - self.height()) // 2),
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._centre()
        return False
