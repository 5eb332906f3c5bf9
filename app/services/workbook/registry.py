"""The registry of sheet writers: the workbook is whatever is registered here, in order.

Most sheets are tables (`TableSheet`: columns and a row function) written by one common
writer, so a new table sheet is a few lines: describe its columns, write a function
returning its rows, and `register(...)` it. Sheets with their own layout (Cover, Summary,
the hidden Lists) register a `CustomSheet` with a writer function instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook

    from app.services.workbook.context import ExportContext

# Kinds of column, which decide how the common writer formats a cell.
TEXT = "text"  # free or fixed text; user text is always written as a text cell
DATE = "date"  # a real Excel date shown dd/mm/yyyy
NUMBER = "number"  # an integer count or age
RISK = "risk"  # an assessed risk: filled with the risk colour and carrying the word
YES_NO = "yes_no"  # Y / N
PERCENT = "percent"  # a percentage figure (already 0-100)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet. `header` is a stable interface (the importer reads it)."""

    header: str
    kind: str = TEXT
    # Left out entirely in circulation mode: given name, family name, date of birth, and
    # every practitioners' notes column (free text that may say anything about anyone,
    # so it never circulates rather than being checked and hoped clean).
    full_only: bool = False
    # The Lists column offering this column's drop-down, if it is an enumeration.
    choices: str | None = None
    # Widest the column may grow to (characters); long text wraps beyond it.
    max_width: int = 30


RowsFunction = Callable[["ExportContext"], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class TableSheet:
    """A sheet with one header row and one row per record.

    `rows` returns every column's value, full-only ones included: the writer drops those
    in circulation mode, so no row function can leak a name by forgetting the mode.
    """

    title: str
    order: float
    columns: tuple[Column, ...]
    rows: RowsFunction


@dataclass(frozen=True)
class CustomSheet:
    """A sheet with its own layout; `write` returns the number of data rows written."""

    title: str
    order: float
    write: Callable[[ExportContext, Workbook], int]
    hidden: bool = False


Sheet = TableSheet | CustomSheet

SHEETS: list[Sheet] = []


def register(sheet: Sheet) -> Sheet:
    """Add a sheet to the workbook at its `order` (Cover 10, Summary 20, Young people 30,
    ... Prompts 130, Lists 1000; e.g. a "Changes since last meeting" sheet takes 25).

    Registering a title again replaces the earlier sheet, so re-importing a module (tests)
    never duplicates a sheet.
    """
    SHEETS[:] = [s for s in SHEETS if s.title != sheet.title]
    SHEETS.append(sheet)
    SHEETS.sort(key=lambda s: s.order)
    return sheet


def sheet_titles() -> list[str]:
    return [s.title for s in SHEETS]


def headers_of(sheet: TableSheet, *, circulation: bool) -> list[str]:
    return [c.header for c in sheet.columns if not (circulation and c.full_only)]
