"""Filling an agency return as an agency would: openpyxl, typing into unlocked cells only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def fill_return(src: Path, dst: Path, answers: dict[str, dict[str, Any]]) -> None:
    """`answers`: reference -> {column header: value}. Refuses to type into a locked cell,
    as Excel would under sheet protection."""
    wb = load_workbook(src)
    ws = wb["Return"]
    headers = [c.value for c in ws[1]]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for ref, cells in answers.items():
        for header, value in cells.items():
            cell = ws.cell(rows[ref], headers.index(header) + 1)
            assert ws.protection.sheet and not cell.protection.locked, header
            cell.value = value
    wb.save(dst)
