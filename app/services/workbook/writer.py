"""Cells, styles and page set-up shared by every sheet (openpyxl write-only mode).

Write-only mode streams rows to disk, several times faster than the normal mode for
thousands of rows. Its rules: column widths, freeze panes, print settings, validations and
header/footer are set before the first row; a styled cell is a `WriteOnlyCell`. The Cover,
Summary and Lists sheets are written cell by cell here; a table sheet's data rows are
written by rows_xml.py (see write_table) with the same choices of style.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from app.models.vocab import NOT_YET_ASSESSED
from app.services.workbook.registry import (
    DATE,
    PERCENT,
    RISK,
    TEXT,
    Column,
    TableSheet,
)
from app.services.workbook.rows_xml import (
    Encoder,
    PendingRows,
    date_cell,
    text_cell,
    value_cell,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from app.services.workbook.context import ExportContext

DATE_FORMAT = "DD/MM/YYYY"
# Characters a spreadsheet may treat as the start of a formula (or, for tab / CR / LF,
# use to smuggle one past a CSV conversion): such text is forced to a text cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
# XML 1.0 cannot hold these control characters; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_CELL_LIMIT = 32767
_OOXML_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")

# Okabe-Ito colours, safe for colour-blind readers; the word is always in the cell too.
RISK_COLOURS: dict[str, str] = {
    "High": "D55E00",
    "Raised": "E69F00",
    "Low": "009E73",
    NOT_YET_ASSESSED: "BBBBBB",
}
_BY_POSITION = ("D55E00", "E69F00", "009E73")
HEADER_FILL = "DDE3EA"
THIN = Side(style="thin", color="9AA5B1")
FONT = "Arial"  # present (or metric-compatible) in Excel and LibreOffice alike
LINE_HEIGHT = 15.0  # points per line of 11-point text
FITS_ON_A_LINE = 1.15  # characters of ordinary text per unit of column width (see wraps)


def risk_colour(risk: str, scale: Sequence[str]) -> str | None:
    """The fill for a risk word: by name for the default scale, else by its position."""
    if risk in RISK_COLOURS:
        return RISK_COLOURS[risk]
    if risk in scale:
        pos = list(scale).index(risk)
        # Top of the scale takes the strongest colour, the bottom the calmest.
        if pos == len(scale) - 1:
            return _BY_POSITION[-1]
        return _BY_POSITION[min(pos, len(_BY_POSITION) - 2)]
    return None


def clean_text(value: str) -> str:
    """Text that XML and Excel can hold, otherwise exactly as typed.

    A carriage return would reach the reader as a line feed (XML normalises line ends),
    so it is written with the OOXML escape _x000D_, which Excel and LibreOffice decode;
    text that already looks like such an escape is itself escaped (_x005F_) so it reads
    back literally.
    """
    value = _ILLEGAL.sub("", value)
    if "_x" in value:
        value = _OOXML_ESCAPE.sub(r"_x005F\g<0>", value)
    if "\r" in value:
        value = value.replace("\r", "_x000D_")
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[: EXCEL_CELL_LIMIT - 1] + "\u2026"
    return value


def needs_text_guard(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


def guarded_text(value: str, style: str | None) -> tuple[str, bool, str | None]:
    """Text cleaned for a cell, whether it must be forced to text (a formula lookalike),
    and the style it then takes (quotePrefix tells Excel it is text even when edited)."""
    guard = needs_text_guard(value)
    value = clean_text(value)
    if guard:
        style = "guarded_wrap" if style in ("wrap", "wrap_top") else "guarded"
    return value, guard, style


def needs_own_cell(value: str) -> bool:
    """Text that cannot go in as a plain value: a formula lookalike, or characters to clean."""
    return (
        value.startswith(FORMULA_PREFIXES)
        or "\r" in value
        or "_x" in value
        or _ILLEGAL.search(value) is not None
    )


@dataclass
class Styles:
    """Prepared styles; a cell takes a copy of one (cheaper than setting fonts per cell)."""

    ws: WriteOnlyWorksheet
    scale: Sequence[str]
    _arrays: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._define(
            "header",
            font=Font(name=FONT, bold=True),
            fill=_fill(HEADER_FILL),
            border=_box(),
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
        # Table cells keep the spreadsheet's usual bottom alignment, like the plain cells
        # beside them; the label/value sheets (Cover, Summary) align to the top.
        self._define("date", number_format=DATE_FORMAT, alignment=Alignment(horizontal="left"))
        self._define(
            "date_top",
            number_format=DATE_FORMAT,
            alignment=Alignment(horizontal="left", vertical="top"),
        )
        self._define("text", alignment=Alignment(vertical="top"))
        self._define("wrap", alignment=Alignment(wrap_text=True))
        self._define("wrap_top", alignment=Alignment(wrap_text=True, vertical="top"))
        # quotePrefix tells Excel the cell is text even if someone edits it later.
        self._define("guarded", quote_prefix=True)
        self._define("guarded_wrap", quote_prefix=True, alignment=Alignment(wrap_text=True))
        self._define("percent", number_format='0.0"%"', alignment=Alignment(vertical="top"))
        self._define("bold", font=Font(name=FONT, bold=True), alignment=Alignment(vertical="top"))
        self._define("title", font=Font(name=FONT, bold=True, size=16))
        self._define("section", font=Font(name=FONT, bold=True, size=12), fill=_fill(HEADER_FILL))
        self._define("marking", font=Font(name=FONT, bold=True, size=14, color="000000"))
        self._define("fictional", font=Font(name=FONT, bold=True, size=40, color="9E1B32"))
        self._define("overdue", font=Font(name=FONT, bold=True))
        for word in [*self.scale, NOT_YET_ASSESSED]:
            colour = risk_colour(word, self.scale)
            if colour:
                self._define(
                    f"risk:{word}",
                    font=Font(name=FONT, bold=True, color="000000"),
                    fill=_fill(colour),
                    border=_box(),
                )

    def _define(self, name: str, *, quote_prefix: bool = False, **attrs: Any) -> None:
        cell = WriteOnlyCell(self.ws)
        for key, value in attrs.items():
            setattr(cell, key, value)
        if quote_prefix:
            cell.quotePrefix = True
        self._arrays[name] = cell._style

    def cell(self, value: Any, style: str | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        if isinstance(value, str):
            value, guarded, style = guarded_text(value, style)
            if guarded:
                # Assigning "=..." would make openpyxl write a formula; force a text cell.
                cell._value = value
                cell.data_type = "s"
            else:
                cell.value = value
        else:
            cell.value = value
        if style is not None and style in self._arrays:
            cell._style = copy(self._arrays[style])
        return cell

    def has(self, name: str) -> bool:
        return name in self._arrays

    def all_ids(self) -> dict[str, int]:
        """The number openpyxl gives each style in the workbook (registering every one),
        for the cells rows_xml writes."""
        ids: dict[str, int] = {}
        for name, array in self._arrays.items():
            cell = WriteOnlyCell(self.ws)
            cell._style = copy(array)
            ids[name] = cell.style_id
        return ids


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def _box() -> Border:
    return Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _hf_escape(text: str) -> str:
    return text.replace("&", "&&")


def page_setup(ws: WriteOnlyWorksheet, ctx: ExportContext, *, header_rows: int = 1) -> None:
    """Landscape, one page wide, header row on every page, marking in header and footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    marking = _hf_escape(ctx.response.protective_marking or "OFFICIAL-SENSITIVE")
    fictional = "FICTIONAL demo data" if ctx.response.is_demo else ""
    ws.oddHeader.center.text = marking
    ws.oddHeader.center.size = 12
    ws.oddHeader.center.font = "Arial,Bold"
    ws.oddHeader.left.text = fictional
    ws.oddHeader.left.size = 12
    ws.oddHeader.left.font = "Arial,Bold"
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.center.text = marking
    ws.oddFooter.center.size = 12
    ws.oddFooter.center.font = "Arial,Bold"
    ws.oddFooter.left.text = fictional or "Circles mapping workbook"
    ws.oddFooter.right.text = "Page &P of &N"


def set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _display_len(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind == DATE or isinstance(value, date | datetime):
        return 10
    if isinstance(value, float):
        return len(f"{value:.1f}")
    text = value if isinstance(value, str) else str(value)
    if "\n" not in text:
        return len(text)
    return max((len(line) for line in text.splitlines()), default=0)


def write_table(ctx: ExportContext, wb: Workbook, sheet: TableSheet) -> PendingRows | None:
    """Write a registered table sheet: openpyxl writes its settings and header row, and a
    placeholder where the data rows go; the rows, returned, are spliced in as the file
    is finished (rows_xml.py). None when the sheet has no data rows."""
    keep = [i for i, c in enumerate(sheet.columns) if not (ctx.circulation and c.full_only)]
    columns = [sheet.columns[i] for i in keep]
    rows = [[row[i] for i in keep] for row in sheet.rows(ctx)]
    if ctx.circulation:
        # Every text cell, and any number in a text column (a date of birth's serial),
        # checked against every young person's names and date of birth (redaction.py).
        text_columns = {j for j, c in enumerate(columns) if c.kind == TEXT}
        title, check = sheet.title, ctx.redactor.check
        for row in rows:
            for j, v in enumerate(row):
                if isinstance(v, str):
                    if (found := check(v)) is not None:
                        row[j] = found
                        ctx.redactions[title] = ctx.redactions.get(title, 0) + 1
                elif v is not None and j in text_columns:
                    row[j] = ctx.cell(v, title)
    ws = wb.create_sheet(sheet.title)
    styles = Styles(ws, ctx.response.risk_levels)

    # Widths that fit: the longest entry, between the header's words and the column's cap.
    widths: list[float] = []
    wrapped: list[int] = []  # columns holding text that wraps (see wraps())
    for j, col in enumerate(columns):
        longest_word = max(len(w) for w in col.header.split())
        longest, multiline = _longest([r[j] for r in rows], col.kind)
        width = min(max(longest, longest_word, 6) + 2, col.max_width)
        widths.append(width)
        if longest > width * FITS_ON_A_LINE or multiline:
            wrapped.append(j)
    set_widths(ws, widths)
    ws.freeze_panes = "A2"
    page_setup(ws, ctx)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    add_validations(ctx, ws, columns, len(rows))

    header_lines = max(lines_needed(c.header, w) for c, w in zip(columns, widths, strict=True))
    if header_lines > 1:
        ws.row_dimensions[1].height = header_lines * LINE_HEIGHT
    ws.append([styles.cell(c.header, "header") for c in columns])
    if not rows:
        return None
    heights: dict[int, float] = {}
    if wrapped:
        for i, row in enumerate(rows, 2):
            lines = max(
                lines_needed(row[j], widths[j]) if wraps(row[j], widths[j]) else 1 for j in wrapped
            )
            if lines > 1:
                # Not every reader recomputes row heights on opening; text spilling over
                # the next row is unreadable on paper.
                heights[i] = min(lines, 12) * LINE_HEIGHT
    ids = styles.all_ids()
    pending = PendingRows(
        title=sheet.title,
        rows=rows,
        letters=[get_column_letter(j) for j in range(1, len(columns) + 1)],
        # Every style's number, taken now: the rows are written after openpyxl has saved
        # its list of styles, so a style first used then would be missing from the file.
        encoders=[_encoder(ids, col, w) for col, w in zip(columns, widths, strict=True)],
        heights=heights,
    )
    ws.append([pending.token])  # row 2, replaced by the data rows in rows_xml.splice
    return pending


def wraps(value: Any, width: float) -> bool:
    """Text shown wrapped: longer than its column holds, or holding line breaks.

    Column widths are counted in "0"s, wider than most letters: ordinary mixed-case text
    takes about 0.85 of that, so a column `width` wide holds about FITS_ON_A_LINE times
    `width` characters on one line (seen in LibreOffice's print of the demo: setting names
    just over the width were wrapped onto two lines for nothing). The row heights of
    wrapped text still count `width - 2` characters to a line, to be safe.
    """
    return isinstance(value, str) and (len(value) > width * FITS_ON_A_LINE or "\n" in value)


def _longest(values: list[Any], kind: str) -> tuple[int, bool]:
    """The widest entry of a column in characters (the longest line of a text with line
    breaks), and whether any text has line breaks."""
    longest, multiline = 0, False
    for v in values:
        if v is None:
            continue
        if v.__class__ is str:
            if "\n" in v:
                multiline = True
                n = max(map(len, v.splitlines()), default=0)
            else:
                n = len(v)
        else:
            n = _display_len(v, kind)
        if n > longest:
            longest = n
    return longest, multiline


def lines_needed(value: Any, width: float) -> int:
    """How many lines a wrapped text needs in a column `width` characters wide."""
    if not isinstance(value, str) or not value:
        return 1
    usable = int(max(width - 2, 4))
    if "\n" not in value:
        return max(1, -(-len(value) // usable))
    return sum(max(1, -(-len(part) // usable)) for part in value.splitlines() or [""])


def fit_row_height(
    ws: WriteOnlyWorksheet, index: int, row: Sequence[Any], widths: Sequence[float]
) -> None:
    """Give a row with wrapped text the height it needs (set before the row is written)."""
    lines = max((lines_needed(v, w) for v, w in zip(row, widths, strict=False)), default=1)
    if lines > 1:
        ws.row_dimensions[index].height = min(lines, 12) * LINE_HEIGHT


def _encoder(ids: dict[str, int], col: Column, width: float) -> Encoder:
    """How one column's non-empty values become cells (chosen once per column): the same
    choices `Styles.cell` makes for the Cover and Summary, written by rows_xml with the
    style numbers in `ids` (Styles.all_ids)."""
    date_id = ids["date"]

    def styled_text(ref: str, v: str, style: str | None) -> str:
        v, _guarded, style = guarded_text(v, style)
        return text_cell(ref, v, ids.get(style) if style else None)

    def other(ref: str, v: Any, style: str | None) -> str:
        if isinstance(v, str):
            return styled_text(ref, v, style)
        if isinstance(v, date) and style is None:
            style = "date"  # a date always shows as a date, never a bare serial number
        return value_cell(ref, v, ids.get(style) if style else None)

    def text(ref: str, v: Any) -> str:
        if v.__class__ is not str:
            return other(ref, v, None)
        if wraps(v, width):
            return styled_text(ref, v, "wrap")
        if needs_own_cell(v):
            return styled_text(ref, v, None)
        return text_cell(ref, v)  # plain text

    if col.kind == DATE:
        return lambda ref, v: date_cell(ref, v, date_id) if isinstance(v, date) else text(ref, v)
    if col.kind == RISK:
        return lambda ref, v: other(ref, v, f"risk:{v}" if f"risk:{v}" in ids else None)
    if col.kind == PERCENT:
        return lambda ref, v: other(ref, v, "percent")
    return text


def add_validations(ctx: ExportContext, ws: WriteOnlyWorksheet, columns, n_rows: int) -> None:  # noqa: ANN001
    """Drop-downs from the hidden Lists sheet on enumerated columns; risk colour rules."""
    last_row = max(n_rows + 1, 2) + 200  # room for rows added by hand at the meeting
    for j, col in enumerate(columns, 1):
        letter = get_column_letter(j)
        area = f"{letter}2:{letter}{last_row}"
        if col.choices and col.choices in ctx.list_ranges:
            dv = DataValidation(
                type="list",
                formula1=ctx.list_ranges[col.choices],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error=f"Choose one of the {col.header.lower()} values in the list.",
            )
            dv.add(area)
            ws.data_validations.append(dv)
        if col.kind == RISK:
            # A risk changed by hand at the meeting takes its colour too.
            for word in [*ctx.response.risk_levels, NOT_YET_ASSESSED]:
                colour = risk_colour(word, ctx.response.risk_levels)
                if colour:
                    ws.conditional_formatting.add(
                        area,
                        CellIsRule(
                            operator="equal",
                            formula=[f'"{word}"'],
                            fill=_fill(colour),
                            font=Font(name=FONT, bold=True, color="000000"),
                        ),
                    )
