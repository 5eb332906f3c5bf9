"""The table sheets' data rows, written by rows_xml, read back exactly as openpyxl's own
cells would: the same values and types, the same number formats, fills and fonts."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape

from app.services.workbook import export_workbook
from app.services.workbook.registry import DATE, NUMBER, PERCENT, RISK, Column
from app.services.workbook.rows_xml import PendingRows, SpliceError, splice
from app.services.workbook.writer import Styles, _encoder, wraps

COLUMNS = [
    Column("Text", max_width=12),
    Column("Date", DATE),
    Column("Count", NUMBER),
    Column("Risk", RISK),
    Column("Share", PERCENT),
]
# Every kind of value the sheets hold, and the awkward ones: formula lookalikes, text that
# needs wrapping, spaces to keep, XML's own characters, control characters, accents, a
# carriage return, text that looks like an OOXML escape, a date-time, a boolean, a float.
ROWS = [
    ["YP-01", date(2026, 3, 4), 3, "High", 12.5],
    ["=SUM(A1:A2)", "not known", 0, "Raised", 0],
    ["a long note that needs wrapping over lines", datetime(2026, 1, 2, 13, 30), 2.75, "Low", 1],
    [" leading and trailing ", None, None, "Not yet assessed", None],
    ['<b>&amp;</b> "quoted"', date(1999, 12, 31), -4, "Unknown word", 100.0],
    ["tab\tand\x07bell", None, True, None, None],
    ["Zoë Ótálora", None, 10**12, "", None],
    ["line one\r\nline two", None, None, "High", None],
    ["_x0041_ stays", None, None, None, None],
    ["+44 7700 900000", None, None, None, None],
    ["-", None, None, None, None],
    ["@mention", None, None, None, None],
]
SCALE = ["High", "Raised", "Low"]
WIDTHS = [14, 12, 8, 18, 8]


def by_openpyxl(path: Path) -> None:
    """The same cells, each made by Styles.cell as the Cover and Summary are."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("T")
    st = Styles(ws, SCALE)
    ws.append([c.header for c in COLUMNS])
    for row in ROWS:
        cells = []
        for col, width, v in zip(COLUMNS, WIDTHS, row, strict=True):
            if v is None or v == "":
                cells.append(None)
            elif col.kind == DATE and isinstance(v, date):
                cells.append(st.cell(v, "date"))
            elif col.kind == RISK:
                cells.append(st.cell(v, f"risk:{v}" if st.has(f"risk:{v}") else None))
            elif col.kind == PERCENT:
                cells.append(st.cell(v, "percent"))
            elif wraps(v, width):
                cells.append(st.cell(v, "wrap"))
            elif isinstance(v, str):
                cells.append(st.cell(v))
            else:
                cells.append(v)
        ws.append(cells)
    wb.save(path)


def by_rows_xml(path: Path, tmp: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("T")
    st = Styles(ws, SCALE)
    ws.append([c.header for c in COLUMNS])
    ids = st.all_ids()
    pending = PendingRows(
        title="T",
        rows=ROWS,
        letters=["A", "B", "C", "D", "E"],
        encoders=[_encoder(ids, c, w) for c, w in zip(COLUMNS, WIDTHS, strict=True)],
        heights={4: 30.0},
    )
    ws.append([pending.token])
    stage = tmp / "stage.xlsx"
    wb.save(stage)
    splice(stage, path, [pending])


def cells(path: Path) -> list[list[tuple]]:
    ws = load_workbook(path)["T"]
    out = []
    for row in ws.iter_rows(min_row=1, max_row=len(ROWS) + 1, max_col=len(COLUMNS)):
        out.append(
            [
                (
                    c.value,
                    c.data_type,
                    c.number_format,
                    c.fill.fgColor.rgb if c.fill.fill_type else None,
                    c.font.b,
                    c.alignment.wrap_text,
                    c.quotePrefix,
                )
                for c in row
            ]
        )
    return out


def test_rows_read_back_as_openpyxls_own_cells(tmp_path):
    by_openpyxl(tmp_path / "openpyxl.xlsx")
    by_rows_xml(tmp_path / "rows.xlsx", tmp_path)
    ours, theirs = cells(tmp_path / "rows.xlsx"), cells(tmp_path / "openpyxl.xlsx")
    assert len(ours) == len(ROWS) + 1
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert a == b, f"row {i + 1}"
    # And what a user sees: the formula lookalike is text, the dates are dates, the
    # risk is filled, the spaces and the carriage return are kept.
    ws = load_workbook(tmp_path / "rows.xlsx")["T"]
    assert ws["A3"].value == "=SUM(A1:A2)" and ws["A3"].data_type == "s"
    assert ws["B2"].value == datetime(2026, 3, 4) and ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["D2"].fill.fgColor.rgb.endswith("D55E00")
    assert ws["A5"].value == " leading and trailing "
    # openpyxl leaves OOXML escapes as they are; Excel and LibreOffice decode them.
    assert unescape(ws["A9"].value) == "line one\r\nline two"
    assert unescape(ws["A10"].value) == "_x0041_ stays"
    assert ws.row_dimensions[4].height == 30
    # Excel trims leading and trailing spaces unless the cell says to keep them.
    for path in (tmp_path / "rows.xlsx", tmp_path / "openpyxl.xlsx"):
        with zipfile.ZipFile(path) as zf:
            sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        a5 = sheet[sheet.index('<c r="A5"') :]
        assert a5[: a5.index("</c>")].count('xml:space="preserve"') == 1, path.name


def test_the_data_rows_replace_the_placeholder_in_a_real_export(demo_db, tmp_path):
    out = tmp_path / "demo.xlsx"
    export_workbook(demo_db, out)
    with zipfile.ZipFile(out) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert b"circles-rows-" not in xml, "no placeholder is left in the file"
    with zipfile.ZipFile(out) as zf:
        # No Zip64 extra field, which some readers take for damage.
        assert all(i.extra == b"" for i in zf.infolist())
    ws = load_workbook(out)["Young people"]
    refs = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert refs[:3] == ["YP-01", "YP-02", "YP-03"] and len(refs) >= 40


def test_a_missing_placeholder_is_an_error_not_a_silent_gap(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("T")
    ws.append(["Header"])
    wb.save(tmp_path / "stage.xlsx")
    lost = PendingRows(title="T", rows=[["x"]], letters=["A"], encoders=[lambda r, v: ""])
    with pytest.raises(SpliceError, match="T"):
        splice(tmp_path / "stage.xlsx", tmp_path / "out.xlsx", [lost])
