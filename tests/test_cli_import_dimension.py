"""An import never drops a row silently, whatever a sheet's <dimension> element claims.

openpyxl in read-only mode stops at the last row the sheet says it has; some programs
write a stale <dimension>. These files are built as such a program would leave them.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.__main__ import main
from app.models.database import create_database, open_database
from app.models.entities import YoungPerson
from tests.services.import_files import PEOPLE, template_with_people, write_workbook


def _response(tmp_path: Path) -> Path:
    path = tmp_path / "response.circles"
    today = date.today()
    create_database(
        path,
        title="FICTIONAL response",
        lead_area="Testshire",
        referral_date=today - timedelta(days=14),
        review_date=today + timedelta(days=14),
    ).close()
    return path


def _people(path: Path) -> list[str]:
    db = open_database(path, readonly=True)
    try:
        with db.read() as s:
            return sorted(s.scalars(select(YoungPerson.given_name)))
    finally:
        db.close()


def _with_dimension(src: Path, out: Path, sheet: str, ref: str | None) -> Path:
    """`src` with one sheet's <dimension> replaced by `ref` (None: removed)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == sheet:
                xml = data.decode("utf-8")
                assert "<dimension " in xml
                new = "" if ref is None else f'<dimension ref="{ref}"/>'
                xml = re.sub(r"<dimension [^>]*/>", new, xml)
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return out


def _sheet_part(path: Path, name: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    index = wb.sheetnames.index(name) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


@pytest.mark.parametrize("ref", ["A1:N3", "A1:B1", "A1:N500", "A1:XFD1048576", None])
def test_template_with_a_wrong_dimension_imports_all_five(tmp_path, capsys, ref):
    response = _response(tmp_path)
    plain = template_with_people(tmp_path / "template.xlsx")
    source = _with_dimension(
        plain, tmp_path / "stale.xlsx", _sheet_part(plain, "Young people"), ref
    )
    assert main(["import", str(response), str(source)]) == 0, capsys.readouterr().err
    assert "Young people: 5 added" in capsys.readouterr().out
    assert _people(response) == sorted(p[0] for p in PEOPLE)


def test_plain_list_with_a_short_dimension_imports_every_row(tmp_path, capsys):
    response = _response(tmp_path)
    rows = [["Given name", "Family name", "Date of birth"], *[list(p) for p in PEOPLE]]
    plain = write_workbook(tmp_path / "plain.xlsx", {"Young people": rows})
    source = _with_dimension(plain, tmp_path / "short.xlsx", "xl/worksheets/sheet1.xml", "A1:N3")
    assert main(["import", str(response), str(source)]) == 0, capsys.readouterr().err
    db = open_database(response, readonly=True)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(YoungPerson)) == 5
    db.close()
