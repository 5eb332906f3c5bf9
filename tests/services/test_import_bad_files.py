"""Bad import files (issue item 10): each gives a clear sentence, none crashes or hangs,
none changes the database (a full dump of every table is compared before and after)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from app.services.editing.editor import Editor
from app.services.editing.validation import ValidationError
from app.services.importing import MAX_ROWS, ImportFileError, import_edit, plan_import
from app.services.importing.source import MAX_UNPACKED_BYTES
from tests.services.import_files import (
    SHEET_HEAD,
    SHEET_TAIL,
    dump,
    inline_row,
    raw_xlsx,
    write_workbook,
)

CONN = ["Person A", "Person B", "Mode", "Kind", "Source agency", "Confidence", "Date identified"]
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def attempt(db, path: Path, **kw) -> list[str]:
    """Plan and try to apply; returns the messages. Asserts that nothing changed."""
    before = dump(db)
    try:
        with db.read() as s:
            plan = plan_import(s, db.response_id, path, **kw)
    except ImportFileError as exc:
        messages = [str(exc)]
    else:
        messages = [str(p) for p in plan.problems]
        assert messages, "a bad file must produce a problem"
        with pytest.raises(ValidationError, match="Nothing was imported"):
            Editor(db, user="tester").do(lambda s: import_edit(s, plan))
    assert dump(db) == before
    return messages


def conn_book(tmp_path, *rows, headers=CONN):
    return write_workbook(tmp_path / "links.xlsx", {"Connections": [headers, *rows]})


def test_not_a_workbook(tmp_path, demo_db):
    fake = tmp_path / "minutes.xlsx"
    fake.write_text("These are not the minutes you are looking for.")
    assert attempt(demo_db, fake) == ["minutes.xlsx is not an Excel workbook (it may be damaged)."]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj")
    assert attempt(demo_db, pdf) == ["report.pdf is not an Excel workbook (.xlsx) or a CSV file."]
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    assert attempt(demo_db, docx) == ["letter.xlsx is a Word document, not a workbook."]
    broken = tmp_path / "broken.xlsx"
    good = write_workbook(tmp_path / "good.xlsx", {"Connections": [CONN]})
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "damaged" in attempt(demo_db, broken)[0]


def test_password_protected_workbook(tmp_path, demo_db):
    # Excel wraps an encrypted .xlsx in an OLE compound file holding an "EncryptedPackage"
    # stream; this stand-in has the same signature and directory entry name.
    path = tmp_path / "protected.xlsx"
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50)
    directory += "EncryptedPackage".encode("utf-16-le") + bytes(50)
    path.write_bytes(header + directory + bytes(4096))
    assert attempt(demo_db, path) == [
        "protected.xlsx is password-protected; give its password with --password-file "
        "FILE (a file holding it, or - to type it), or import it from File > Import, "
        "which asks for it."
    ]
    old = tmp_path / "old.xls"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4096))
    assert "old-style Excel file (.xls)" in attempt(demo_db, old)[0]


def test_empty_files(tmp_path, demo_db):
    for name in ("empty.xlsx", "empty.csv"):
        (tmp_path / name).write_bytes(b"")
        assert attempt(demo_db, tmp_path / name) == [f"{name} is empty."]
    blank = tmp_path / "blank.xlsx"
    Workbook().save(blank)
    assert attempt(demo_db, blank) == ["blank.xlsx holds no rows to import."]
    headers_only = tmp_path / "headers.csv"
    headers_only.write_text(",".join(CONN) + "\n")
    assert attempt(demo_db, headers_only) == ["headers.csv holds no rows to import."]


def test_missing_required_columns(tmp_path, demo_db):
    path = conn_book(tmp_path, ["YP-01", "YP-02", "Online", "Friend", "School"], headers=CONN[:5])
    assert attempt(demo_db, path) == [
        "Connections, column Confidence: This required column is missing",
        "Connections, column Date identified: This required column is missing",
    ]


def test_bad_dates(tmp_path, demo_db):
    path = conn_book(
        tmp_path,
        ["YP-01", "YP-02", "Online", "Friend", "School", "Reported", "31/02/2026"],
        ["YP-01", "YP-03", "Online", "Friend", "School", "Reported", "next Tuesday"],
        ["YP-01", "YP-04", "Online", "Friend", "School", "Reported", "02/03/26"],
        ["YP-01", "YP-05", "Online", "Friend", "School", "Reported", "01/01/2999"],
    )
    assert attempt(demo_db, path) == [
        "Connections, row 2, column Date identified: '31/02/2026' is not a real date",
        "Connections, row 3, column Date identified: 'next Tuesday' is not a date; use "
        "dd/mm/yyyy or yyyy-mm-dd",
        "Connections, row 4, column Date identified: '02/03/26' is not a date; use "
        "dd/mm/yyyy or yyyy-mm-dd",
        "Connections, row 5, column Date identified: The date identified is in the future",
    ]


def test_unknown_values(tmp_path, demo_db):
    path = conn_book(
        tmp_path, ["YP-01", "YP-02", "Online", "Enemy", "School", "Certain", "01/01/2026"]
    )
    assert attempt(demo_db, path) == [
        "Connections, row 2, column Kind: 'Enemy' is not one of: Same school, Same class, "
        "Friend, Sibling or family, Partner, Club, Neighbourhood, Residential placement, "
        "Same group chat, Same platform community, Gaming group, Follows / contacts, "
        "Direct messages",
        "Connections, row 2, column Confidence: 'Certain' is not one of: Confirmed, Reported, "
        "Suspected",
    ]


def test_a_person_who_does_not_exist_and_a_self_connection(tmp_path, demo_db):
    path = conn_book(
        tmp_path,
        ["YP-01", "YP-99", "Online", "Friend", "School", "Reported", "01/01/2026"],
        ["YP-03", "yp-03", "Online", "Friend", "School", "Reported", "01/01/2026"],
    )
    assert attempt(demo_db, path) == [
        "Connections, row 2, column Person B: There is no young person 'YP-99' in this "
        "response or in the Young people sheet",
        "Connections, row 3, column Person B: A young person cannot be connected to themselves",
    ]


def test_100000_rows_give_the_documented_limit(tmp_path, demo_db):
    csv_path = tmp_path / "huge.csv"
    lines = ["Given name,Family name"] + [f"Given{i},Family{i}" for i in range(100_000)]
    csv_path.write_text("\n".join(lines) + "\n")
    limit = (
        f"Young people: The sheet has more than {MAX_ROWS:,} rows of data; Circles imports at "
        f"most {MAX_ROWS:,} rows per sheet, so split it into smaller files"
    )
    assert attempt(demo_db, csv_path) == [limit]
    rows = [inline_row(1, ["Given name", "Family name"])]
    rows += [inline_row(n, [f"G{n}", f"F{n}"]) for n in range(2, 100_002)]
    xlsx = raw_xlsx(
        tmp_path / "huge.xlsx", SHEET_HEAD.format(prolog="") + "".join(rows) + SHEET_TAIL
    )
    assert attempt(demo_db, xlsx) == [limit]


def test_a_sheet_that_goes_on_for_ever(tmp_path, demo_db):
    """A stray cell far below the data: openpyxl would hand back every blank row between."""
    rows = inline_row(1, ["Given name", "Family name"]) + inline_row(2, ["Ada", "Fictional"])
    rows += inline_row(1_000_000, ["stray"])
    xlsx = raw_xlsx(tmp_path / "long.xlsx", SHEET_HEAD.format(prolog="") + rows + SHEET_TAIL)
    assert attempt(demo_db, xlsx) == [
        "Young people: The sheet goes on beyond row 100,000; Circles reads at most 100,000 "
        "rows, so delete the rows below the data or split it"
    ]


def test_formulas_are_refused_never_evaluated(tmp_path, demo_db):
    path = tmp_path / "formulas.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Young people"
    ws.append(["Reference", "Home area", "Notes"])
    ws.append(["YP-01", '=HYPERLINK("http://example.invalid","x")', None])
    ws.append(["YP-02", "Eastham", None])
    ws["C3"].value = "=typed as text"
    ws["C3"].data_type = "s"  # a text cell that merely starts with "=": taken as typed
    wb.save(path)
    assert attempt(demo_db, path) == [
        "Young people, row 2, column Home area: The cell holds a formula "
        '(=HYPERLINK("http://example.invalid","x")); Circles never runs formulas, so type the '
        "value itself"
    ]
    with demo_db.read() as s:
        plan = plan_import(s, demo_db.response_id, path, sheet="Young people")
    text_row = next(r for r in plan.rows if r.row == 3)
    assert text_row.values["notes"] == "=typed as text"


def test_zip_bomb_is_refused_from_the_zip_directory(tmp_path, demo_db):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 8):
                part.write(chunk)
    assert path.stat().st_size < 2_000_000
    (message,) = attempt(demo_db, path)
    assert message.startswith("bomb.xlsx would unpack to")
    assert "zip bomb" in message


def test_xml_bomb_is_refused(tmp_path, demo_db, monkeypatch):
    xml = SHEET_HEAD.format(prolog=BILLION_LAUGHS) + inline_row(1, ["&lol9;"]) + SHEET_TAIL
    path = raw_xlsx(tmp_path / "laughs.xlsx", xml)
    bomb = (
        "laughs.xlsx contains XML entity declarations, which workbooks never need (an 'XML "
        "bomb'); it was not opened."
    )
    assert attempt(demo_db, path) == [bomb]
    # Without Circles' own scan of the zip, openpyxl's defusedxml refusal gives the same.
    from app.services.importing import source

    monkeypatch.setattr(source, "_check_zip", lambda path: None)
    assert attempt(demo_db, path) == [bomb]


def test_entity_bomb_in_the_workbook_part_is_never_expanded(tmp_path, demo_db, monkeypatch):
    """openpyxl parses the workbook part (sheet names) with lxml, not defusedxml: behind
    Circles' own check it must still not expand the entities (resolve_entities=False)."""
    from app.services.importing import source

    monkeypatch.setattr(source, "_check_zip", lambda path: None)
    path = tmp_path / "names.xlsx"
    raw_xlsx(path, SHEET_HEAD.format(prolog="") + inline_row(1, ["Reference"]) + SHEET_TAIL)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    wb_xml = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = (
        wb_xml.replace("?>", "?>" + BILLION_LAUGHS, 1)
        .replace('name="Young people"', 'name="&lol9;"')
        .encode()
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    # Refused in the same words (and attempt() checks the response is unchanged); expanded,
    # the name would have been a billion "lol"s.
    assert attempt(demo_db, path) == [
        "names.xlsx contains XML entity declarations, which workbooks never need (an 'XML "
        "bomb'); it was not opened."
    ]


def test_openpyxl_itself_parses_with_defusedxml(tmp_path):
    """Behind Circles' own check, openpyxl refuses the entities too (defusedxml installed)."""
    import defusedxml

    assert openpyxl.DEFUSEDXML is True
    xml = SHEET_HEAD.format(prolog=BILLION_LAUGHS) + inline_row(1, ["&lol9;"]) + SHEET_TAIL
    path = raw_xlsx(tmp_path / "laughs.xlsx", xml)
    with pytest.raises(ValueError) as caught:
        wb = openpyxl.load_workbook(path, read_only=True)
        list(wb.worksheets[0].iter_rows())
    assert isinstance(caught.value.__cause__, defusedxml.EntitiesForbidden)


def test_mutated_files_never_crash(tmp_path, demo_db):
    """Bytes changed at random in a good workbook and CSV: an ImportFileError or a plan."""
    import random

    rng = random.Random(20261122)
    good = conn_book(
        tmp_path, ["YP-01", "YP-02", "Online", "Friend", "School", "Reported", "01/01/2026"]
    )
    sources = [
        good.read_bytes(),
        (",".join(CONN) + "\nYP-01,YP-02,Online,Friend,School,Reported,01/01/2026\n").encode(),
    ]
    before = dump(demo_db)
    for i in range(60):
        data = bytearray(sources[i % 2])
        for _ in range(rng.randint(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"case{i}{'.xlsx' if i % 2 == 0 else '.csv'}"
        path.write_bytes(bytes(data))
        try:
            with demo_db.read() as s:
                plan = plan_import(s, demo_db.response_id, path)
        except ImportFileError as exc:
            assert str(exc).endswith(".")
        else:
            assert all(str(p) for p in plan.problems)
    assert dump(demo_db) == before
