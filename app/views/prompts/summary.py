"""The Prompts tab's summary: a tree of rules (label and count), one line per prompt.

Groups come newest first (app.services.prompts.summary), dismissed prompts in a group of
their own at the end when asked for. So that every group is on screen at once, the
biggest groups start folded when they would not all fit; a group the user opens or folds
stays as they left it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from app.services.prompts.engine import Prompt
from app.services.prompts.summary import dates_line, group_prompts, summary_line

DISMISSED = "__dismissed__"
KEY = Qt.ItemDataRole.UserRole  # a prompt's key, or a group's rule id


class PromptSummary(QTreeWidget):
    """Group rows "Rule (N)"; under each, a line per prompt: references, where, dates."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("promptSummary")
        self.setColumnCount(2)
        self.setHeaderLabels(["Prompt (grouped by rule, newest first)", "Dates"])
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.by_key: dict[str, Prompt] = {}
        self.prompts: list[Prompt] = []  # shown, in the order listed
        self.chosen_folds: dict[str, bool] = {}  # rule -> expanded, as the user left it
        self._filling = False
        self.itemExpanded.connect(lambda item: self._remember(item, True))
        self.itemCollapsed.connect(lambda item: self._remember(item, False))
        bold = QFont(self.font())
        bold.setBold(True)
        self._bold = bold

    def _remember(self, item: QTreeWidgetItem, expanded: bool) -> None:
        if not self._filling:
            self.chosen_folds[item.data(0, KEY)] = expanded

    # ----- filling ---------------------------------------------------------------------
    def set_prompts(self, prompts: list[Prompt], show_dismissed: bool) -> None:
        self._filling = True
        self.clear()
        self.by_key = {p.key: p for p in prompts}
        self.prompts = []
        groups = [
            (g.rule, g.label, g.description, g.prompts)
            for g in group_prompts([p for p in prompts if not p.dismissed])
        ]
        dismissed = [p for p in prompts if p.dismissed]
        if show_dismissed and dismissed:
            ordered = [p for g in group_prompts(dismissed) for p in g.prompts]
            groups.append(
                (DISMISSED, "Dismissed", "Dismissed with a reason; select one to see it", ordered)
            )
        for rule, label, description, items in groups:
            top = QTreeWidgetItem([f"{label} ({len(items)})", ""])
            top.setData(0, KEY, rule)
            top.setFont(0, self._bold)
            top.setToolTip(0, description)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            for p in items:
                line = (
                    summary_line(p) if rule != DISMISSED else f"{p.rule_label}: {summary_line(p)}"
                )
                child = QTreeWidgetItem([line, dates_line(p)])
                child.setData(0, KEY, p.key)
                child.setToolTip(0, p.text)
                if p.dismissed:
                    for col in (0, 1):
                        child.setForeground(col, QColor("#555555"))
                top.addChild(child)
                self.prompts.append(p)
            self.addTopLevelItem(top)
        self._fold_to_fit()
        self._filling = False

    def _fold_to_fit(self) -> None:
        """Open every group whose rows fit on screen; fold the biggest first otherwise."""
        tops = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        rows_fit = max(len(tops), self.viewport().height() // max(1, self._row_height()))
        open_ = {t.data(0, KEY): t.data(0, KEY) != DISMISSED for t in tops}
        open_.update({k: v for k, v in self.chosen_folds.items() if k in open_})
        free = [t for t in tops if t.data(0, KEY) not in self.chosen_folds]

        def rows() -> int:
            return len(tops) + sum(t.childCount() for t in tops if open_[t.data(0, KEY)])

        for t in sorted(free, key=lambda t: -t.childCount()):
            if rows() <= rows_fit:
                break
            open_[t.data(0, KEY)] = False
        for t in tops:
            t.setExpanded(open_[t.data(0, KEY)])

    def _row_height(self) -> int:
        if self.topLevelItemCount():
            h = self.rowHeight(self.indexFromItem(self.topLevelItem(0)))
            if h > 0:
                return h
        return self.fontMetrics().height() + 6

    def refit(self) -> None:
        """Fold again for the current size (the window was resized)."""
        self._filling = True
        self._fold_to_fit()
        self._filling = False

    # ----- selection -------------------------------------------------------------------
    def selected(self) -> Prompt | None:
        items = self.selectedItems()
        return self.by_key.get(items[0].data(0, KEY)) if items else None

    def select_key(self, key: str) -> bool:
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            for j in range(top.childCount()):
                child = top.child(j)
                if child.data(0, KEY) == key:
                    top.setExpanded(True)
                    self.setCurrentItem(child)
                    child.setSelected(True)
                    self.scrollToItem(child)
                    return True
        return False

    def groups(self) -> list[tuple[str, str, int]]:
        """(rule id, the group row's text, number of prompts) per group row, in order."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append((top.data(0, KEY), top.text(0), top.childCount()))
        return out
