"""The agency return workbook itself: Cover, Return and a hidden Lists sheet (no Qt).

Built with openpyxl's ordinary (not write-only) workbook: a return lists tens of young
people, and the sheet protection, unlocked cells and validations are simplest this way.
Sheet protection has no password: it keeps the agency from changing the locked columns or
the layout by accident (the importer checks them anyway), it is not secrecy; a password on
the whole file (--password-file) is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from app.models.entities import Response
from app.services.returns.columns import (
    COVER,
    DATE,
    ID_NAME,
    LISTS,
    NEED,
    RESPONSE_NAME,
    RETURN_STATUSES,
    RISK,
    SHEET,
    STATUS,
    TO_FILL,
    locked_columns,
)
from app.services.returns.selection import ReturnRow
from app.services.workbook.writer import DATE_FORMAT, FONT, HEADER_FILL, clean_text, page_setup

FILL_COLOUR = "FFF7D6"  # the cells to fill, pale yellow as forms usually show them
EXTRA_ROWS = 0  # rows cannot be added: the importer refuses people not sent


@dataclass(frozen=True)
class ReturnSheetInfo:
    response: Response
    agency: str
    return_id: str
    with_names: bool
    generated_at: datetime
    generated_by: str


def _status_label(code: str | None) -> str | None:
    for s in RETURN_STATUSES:
        if s.value == code:
            return s.label
    return None


def _text(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def build_return(info: ReturnSheetInfo, rows: list[ReturnRow]) -> Workbook:
    wb = Workbook()
    cover = wb.active
    cover.title = COVER
    ws = wb.create_sheet(SHEET)
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    ctx = SimpleNamespace(response=info.response)
    _write_lists(lists, info.response)
    _write_cover(cover, info, len(rows))
    _write_rows(ws, info, rows)
    for sheet in (cover, ws):
        page_setup(sheet, ctx, header_rows=1 if sheet is ws else 0)
        sheet.oddFooter.left.text = (
            "FICTIONAL demo data" if info.response.is_demo else "Circles agency return"
        )
    wb.defined_names[ID_NAME] = DefinedName(ID_NAME, attr_text=f'"{info.return_id}"')
    title = info.response.title.replace('"', "'")[:200]
    wb.defined_names[RESPONSE_NAME] = DefinedName(RESPONSE_NAME, attr_text=f'"{title}"')
    marking = info.response.protective_marking
    props = wb.properties
    props.creator = props.lastModifiedBy = "Circles"
    props.title = f"{marking} agency return {info.return_id}"
    props.subject = props.keywords = props.category = marking
    props.identifier = info.return_id
    wb.active = 1  # opens on the rows to fill
    return wb


def _write_lists(ws: Any, response: Response) -> None:
    columns = (
        [s.label for s in RETURN_STATUSES],
        response.risk_levels,
        response.need_level_list,
    )
    for j, values in enumerate(columns, 1):
        for i, value in enumerate(values, 1):
            ws.cell(i, j, value)
    ws.protection.sheet = True


def _list_range(j: int, n: int) -> str:
    letter = get_column_letter(j)
    return f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${max(n, 1)}"


def _write_cover(ws: Any, info: ReturnSheetInfo, n: int) -> None:
    r = info.response
    bold = Font(name=FONT, bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    ws.cell(1, 1, r.protective_marking).font = Font(name=FONT, bold=True, size=14)
    ws.cell(2, 1, f"Agency return for {info.agency}").font = Font(name=FONT, bold=True, size=16)
    names = (
        "Included: given name, family name and date of birth, to find each young person in "
        "your records."
        if info.with_names
        else "Not included: references, setting and year group only."
    )
    pairs: list[tuple[str, Any]] = [
        ("Response", r.title),
        ("Return id", info.return_id),
        ("Agency", info.agency),
        ("Young people listed", n),
        ("Return by (review date)", r.review_date),
        ("Names and dates of birth", names),
        (
            "How to fill it in",
            "On the Return sheet, fill in the yellow columns for each young person your "
            "agency has assessed or booked: Status (from the list), Booked date, Completed "
            "date, Assessor, Assessed risk and Level of need (from the lists) and Next "
            "review. A completed assessment needs its completed date and the assessed risk. "
            "Leave a row blank if there is nothing new. The other columns are locked: do not "
            "add, remove or reorder rows.",
        ),
        (
            "How to return it",
            f"Save the workbook (keep it as .xlsx) and send it back securely to the chair "
            f"by {r.review_date:%d/%m/%Y}. It can only be imported into the response named "
            "above, which checks the return id.",
        ),
        (
            "Handling",
            "Special-category personal data about children. Store it securely and delete it "
            "once returned.",
        ),
        ("Generated", f"{info.generated_at:%d/%m/%Y %H:%M} by {info.generated_by}"),
    ]
    if r.is_demo:
        pairs.insert(
            0, ("FICTIONAL", "FICTIONAL demo data: every person, place and event is invented.")
        )
    for i, (label, value) in enumerate(pairs, 4):
        a = ws.cell(i, 1, label)
        a.font = bold
        a.alignment = Alignment(vertical="top")
        b = ws.cell(i, 2, _text(value))
        b.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if isinstance(value, date):
            b.number_format = DATE_FORMAT
        if isinstance(value, str) and len(value) > 85:
            ws.row_dimensions[i].height = 15 * (len(value) // 85 + 1)
    ws.protection.sheet = True


def _write_rows(ws: Any, info: ReturnSheetInfo, rows: list[ReturnRow]) -> None:
    locked = locked_columns(info.with_names)
    columns = [*locked, *TO_FILL]
    header_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    fill = PatternFill("solid", start_color=FILL_COLOUR, end_color=FILL_COLOUR)
    for j, col in enumerate(columns, 1):
        c = ws.cell(1, j, col.header)
        c.font = Font(name=FONT, bold=True)
        c.fill = header_fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    unlocked = Protection(locked=False)
    for i, row in enumerate(rows, 2):
        for j, col in enumerate(locked, 1):
            c = ws.cell(i, j, _text(row.locked.get(col.key)))
            if col.kind == DATE:
                c.number_format = DATE_FORMAT
        for j, col in enumerate(TO_FILL, len(locked) + 1):
            value = row.filled.get(col.key)
            if col.kind == STATUS:
                value = _status_label(value)
            c = ws.cell(i, j, _text(value))
            c.protection = unlocked
            c.fill = fill
            if col.kind == DATE:
                c.number_format = DATE_FORMAT
    last = max(len(rows) + 1, 2)
    r = info.response
    sizes = {STATUS: len(RETURN_STATUSES), RISK: len(r.risk_levels), NEED: len(r.need_level_list)}
    list_col = {STATUS: 1, RISK: 2, NEED: 3}
    for j, col in enumerate(TO_FILL, len(locked) + 1):
        letter = get_column_letter(j)
        area = f"{letter}2:{letter}{last}"
        if col.kind in list_col:
            dv = DataValidation(
                type="list",
                formula1=_list_range(list_col[col.kind], sizes[col.kind]),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error=f"Choose one of the {col.header.lower()} values in the list.",
            )
        elif col.kind == DATE:
            dv = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(2000,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=col.header,
                error="Type a date, for example 14/03/2025.",
            )
        else:
            continue
        dv.add(area)
        ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    # No password: this guards the layout and the locked columns, not secrecy.
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
