"""The hidden Lists sheet: every enumeration a drop-down offers, one column each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter

from app.models import vocab
from app.services.workbook.registry import CustomSheet, register
from app.services.workbook.writer import Styles

if TYPE_CHECKING:
    from openpyxl import Workbook

    from app.services.workbook.context import ExportContext

LISTS_TITLE = "Lists"

# Name of the list (the Lists sheet's header, and Column.choices) -> its values.
LISTS: dict[str, Callable[[ExportContext], list[str]]] = {
    "Gender": lambda ctx: vocab.Gender.labels(),
    "Setting kind": lambda ctx: vocab.SettingKind.labels(),
    "Identification route": lambda ctx: vocab.IdentificationRoute.labels(),
    "Inclusion status": lambda ctx: vocab.Inclusion.labels(),
    "Date precision": lambda ctx: vocab.DatePrecision.labels(),
    "Concern source": lambda ctx: vocab.ConcernSource.labels(),
    "Concern category": lambda ctx: vocab.ConcernCategory.labels(),
    "Medical attention": lambda ctx: vocab.MedicalAttention.labels(),
    "Mode": lambda ctx: vocab.Mode.labels(),
    "Connection kind": lambda ctx: vocab.ConnectionKind.labels(),
    "Confidence": lambda ctx: vocab.Confidence.labels(),
    "Assessment status": lambda ctx: vocab.AssessmentStatus.labels(),
    "Assessed risk": lambda ctx: [*ctx.response.risk_levels, vocab.NOT_YET_ASSESSED],
    "Level of need": lambda ctx: ctx.response.need_level_list,
    "Meeting type": lambda ctx: vocab.MeetingType.labels(),
    "Attendance": lambda ctx: vocab.AttendanceStatus.labels(),
    "Action status": lambda ctx: vocab.ActionStatus.labels(),
    "Plan type": lambda ctx: vocab.PlanType.labels(),
    "Plan status": lambda ctx: vocab.PlanStatus.labels(),
    "Y/N": lambda ctx: ["Y", "N"],
}


def list_values(ctx: ExportContext) -> dict[str, list[str]]:
    return {name: fn(ctx) for name, fn in LISTS.items()}


def list_ranges(values: dict[str, list[str]]) -> dict[str, str]:
    """Where each list will sit on the Lists sheet, for data-validation formulas."""
    out = {}
    for j, (name, items) in enumerate(values.items(), 1):
        col = get_column_letter(j)
        out[name] = f"{LISTS_TITLE}!${col}$2:${col}${max(len(items), 1) + 1}"
    return out


def write_lists(ctx: ExportContext, wb: Workbook) -> int:
    values = list_values(ctx)
    ws = wb.create_sheet(LISTS_TITLE)
    ws.sheet_state = "hidden"
    styles = Styles(ws, ctx.response.risk_levels)
    for j, name in enumerate(values, 1):
        ws.column_dimensions[get_column_letter(j)].width = (
            max([len(name), *(len(v) for v in values[name])]) + 2
        )
    ws.append([styles.cell(name, "header") for name in values])
    depth = max(len(v) for v in values.values())
    for i in range(depth):
        # Checked like every cell in circulation mode (Circles' labels and the response's
        # own scales are known wording and pass unchanged).
        ws.append(
            [
                styles.cell(ctx.cell(v[i], LISTS_TITLE)) if i < len(v) else None
                for v in values.values()
            ]
        )
    return depth


register(CustomSheet(LISTS_TITLE, 1000, write_lists, hidden=True))
