"""The import template: an .xlsx other agencies fill in and send back (no Qt).

Four sheets (Young people, Connections, Concerns, Assessments) with exactly the headers
of `fields.FIELDS` (`*` marks a required column), a notes row under the headers that the
importer recognises and skips, drop-downs for enumerations fed from a hidden Lists sheet,
and the protective marking in every sheet's header and footer. Written under a temporary
name in the destination folder and moved into place.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.models.vocab import AGENCIES, DEFAULT_MARKING, DEFAULT_NEED_LEVELS, DEFAULT_RISK_SCALE
from app.services.files import private as files
from app.services.importing.fields import (
    BOOL,
    ENUM,
    FIELDS,
    KINDS,
    NEED,
    RISK,
    Field,
)

# Rows offered for typing (drop-downs and date formats apply to these).
TEMPLATE_ROWS = 1000
FIRST_DATA_ROW = 3  # row 1 headers, row 2 notes
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
NOTES_FILL = PatternFill("solid", fgColor="F2F2F2")
AGENCY_KEYS = {"lead_agency", "source_agency", "reporting_agency", "agency"}


class TemplateError(Exception):
    """The template could not be written; str(error) is one sentence for the user."""


def template_fields(kind: str) -> list[Field]:
    return [f for f in FIELDS[kind] if f.in_template]


def _lists(risk_levels: Sequence[str], need_levels: Sequence[str]) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {"Yes or No": ["Yes", "No"], "Agency": list(AGENCIES)}
    lists["Risk"] = list(risk_levels)
    lists["Level of need"] = list(need_levels)
    for kind in KINDS:
        for f in template_fields(kind):
            if f.type == ENUM and f.vocab is not None:
                lists.setdefault(f.vocab.__name__, f.vocab.labels())
    return lists


def _list_name(f: Field) -> str | None:
    if f.type == ENUM and f.vocab is not None:
        return f.vocab.__name__
    if f.type == BOOL:
        return "Yes or No"
    if f.type == RISK:
        return "Risk"
    if f.type == NEED:
        return "Level of need"
    if f.key in AGENCY_KEYS:
        return "Agency"
    return None


def _mark(ws: Worksheet, marking: str) -> None:
    for hf in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        hf.center.text = marking
        hf.center.font = "Arial,Bold"
    for hf in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        hf.left.text = marking
        hf.right.text = "Page &P of &N"


def build_template(
    *,
    risk_levels: Sequence[str] = DEFAULT_RISK_SCALE,
    need_levels: Sequence[str] = DEFAULT_NEED_LEVELS,
    marking: str = DEFAULT_MARKING,
) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    lists = _lists(risk_levels, need_levels)
    ranges: dict[str, str] = {}
    lists_ws = wb.create_sheet("Lists")
    for col, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        lists_ws.cell(1, col, name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists_ws.cell(row, col, value)
        ranges[name] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
    lists_ws.sheet_state = "hidden"
    _mark(lists_ws, marking)

    last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
    for index, kind in enumerate(KINDS):
        ws = wb.create_sheet(kind, index)
        lines = 1
        for col, f in enumerate(template_fields(kind), start=1):
            letter = get_column_letter(col)
            head = ws.cell(1, col, f.template_header)
            head.font = Font(bold=True)
            head.fill = HEADER_FILL
            head.alignment = Alignment(vertical="top")
            note = ws.cell(2, col, f.note)
            note.font = Font(italic=True, color="595959", size=9)
            note.fill = NOTES_FILL
            note.alignment = Alignment(wrap_text=True, vertical="top")
            width = max(16, min(30, len(f.header) + 6))
            ws.column_dimensions[letter].width = width
            # Tall enough for the longest note to wrap without being cut off (9 pt text).
            lines = max(lines, -(-len(f.note) // int(width * 1.1)))
            cells = f"{letter}{FIRST_DATA_ROW}:{letter}{last}"
            list_name = _list_name(f)
            if list_name is not None:
                # Agencies are suggestions (free text is allowed); the rest are lists.
                strict = list_name != "Agency"
                dv = DataValidation(
                    type="list",
                    formula1=f"={ranges[list_name]}",
                    allow_blank=True,
                    showErrorMessage=strict,
                    errorTitle="Not in the list",
                    error=f"Choose {f.header} from the list.",
                )
                dv.add(cells)
                ws.add_data_validation(dv)
            if f.type == "date":
                # A column style: dates typed anywhere below show dd/mm/yyyy, and no
                # empty cells are written (they would look like rows to other tools).
                ws.column_dimensions[letter].number_format = "DD/MM/YYYY"
        ws.row_dimensions[2].height = 11.5 * lines + 4
        ws.freeze_panes = f"A{FIRST_DATA_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:2"
        _mark(ws, marking)
    wb.active = 0
    wb.properties.title = "Circles import template"
    wb.properties.creator = "Circles"
    wb.properties.keywords = marking
    return wb


def write_template(
    path: Path,
    *,
    force: bool = True,
    risk_levels: Sequence[str] = DEFAULT_RISK_SCALE,
    need_levels: Sequence[str] = DEFAULT_NEED_LEVELS,
    marking: str = DEFAULT_MARKING,
) -> Path:
    """Write the template to `path` (an .xlsx), safely; returns the path written."""
    path = Path(path).expanduser()
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if path.is_dir():
        raise TemplateError(f"{path} is a folder; give a file name ending .xlsx.")
    if path.exists() and not force:
        raise TemplateError(f"{path} already exists; use --force to replace it.")
    if not path.parent.is_dir():
        raise TemplateError(f"The folder {path.parent} does not exist.")
    wb = build_template(risk_levels=risk_levels, need_levels=need_levels, marking=marking)
    try:
        # A private temporary file (0600 from its first byte) moved into place: the
        # template holds no one, but once filled in it is OFFICIAL-SENSITIVE.
        with files.private_temp(path) as tmp:
            wb.save(tmp)
            os.replace(tmp, path)
    except PermissionError as exc:
        raise TemplateError(f"Circles cannot write in {path.parent}: permission denied.") from exc
    except OSError as exc:
        if getattr(exc, "errno", None) == 28:
            raise TemplateError("The disk is full; the template was not saved.") from exc
        raise TemplateError(f"{path.name} could not be written ({exc.strerror or exc}).") from exc
    return path
