"""`circles import ... --password-file F` opens a password-protected returned workbook.

Agencies return workbooks protected with a password, as Excel saves them. The password
comes from a file or standard input, never the command line; the plain workbook is read in
memory and the usual checks (zip sizes, XML entity declarations) still apply to it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.__main__ import main
from app.models.database import create_database, open_database
from app.models.entities import YoungPerson
from app.services.files.encryption import encrypt_file
from tests.services.import_files import (
    PEOPLE,
    SHEET_HEAD,
    SHEET_TAIL,
    dump,
    inline_row,
    raw_xlsx,
    template_with_people,
)

ROOT = Path(__file__).parents[1]
PASSWORD = "Fictional-pass 123"


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


def _encrypted(plain: Path, out: Path, password: str = PASSWORD) -> Path:
    out.touch(mode=0o600)  # encrypt_file writes into an existing (private) file
    encrypt_file(plain, out, password)
    plain.unlink()  # only the protected workbook remains, as an agency sends it
    return out


def _protected_template(tmp_path: Path) -> Path:
    return _encrypted(template_with_people(tmp_path / "plain.xlsx"), tmp_path / "returned.xlsx")


def _password_file(tmp_path: Path, text: str = PASSWORD) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _people(path: Path) -> list[str]:
    db = open_database(path, readonly=True)
    try:
        with db.read() as s:
            return sorted(s.scalars(select(YoungPerson.given_name)))
    finally:
        db.close()


def _dump(path: Path) -> dict:
    db = open_database(path, readonly=True)
    try:
        return dump(db)
    finally:
        db.close()


def test_password_file_opens_a_protected_workbook(tmp_path, capsys):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    pw = _password_file(tmp_path)
    args = ["import", str(response), str(source), "--password-file", str(pw)]
    assert main([*args, "--dry-run"]) == 0, capsys.readouterr().err
    assert "Young people: 5 added" in capsys.readouterr().out
    assert _people(response) == []
    assert main(args) == 0, capsys.readouterr().err
    assert "Young people: 5 added" in capsys.readouterr().out
    assert _people(response) == sorted(p[0] for p in PEOPLE)
    # The plain workbook was never written beside the protected one.
    assert sorted(tmp_path.glob("*.xlsx")) == [source]


def test_password_from_standard_input(tmp_path):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    r = subprocess.run(
        [sys.executable, "-m", "app", "import", str(response), str(source),
         "--password-file", "-"],
        input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert _people(response) == sorted(p[0] for p in PEOPLE)


def test_wrong_password_is_one_sentence_and_changes_nothing(tmp_path, capsys):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    before = _dump(response)
    pw = _password_file(tmp_path, "not the password")
    assert main(["import", str(response), str(source), "--password-file", str(pw)]) == 2
    err = capsys.readouterr().err
    assert err == "circles import: The password for returned.xlsx is not right; nothing was read.\n"
    assert _dump(response) == before


def test_no_password_says_how_to_give_one(tmp_path, capsys):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    before = _dump(response)
    assert main(["import", str(response), str(source)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "returned.xlsx is password-protected" in err and "--password-file" in err
    assert _dump(response) == before


@pytest.mark.parametrize("text", ["", "\n"])
def test_an_empty_password_file_is_refused(tmp_path, capsys, text):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    pw = tmp_path / "empty.txt"
    pw.write_text(text)
    assert main(["import", str(response), str(source), "--password-file", str(pw)]) == 2
    assert "password file is empty" in capsys.readouterr().err


def test_a_password_for_an_unprotected_workbook_is_harmless(tmp_path, capsys):
    response = _response(tmp_path)
    source = template_with_people(tmp_path / "plain.xlsx")
    pw = _password_file(tmp_path)
    assert main(["import", str(response), str(source), "--password-file", str(pw)]) == 0
    assert len(_people(response)) == 5


def test_checks_apply_to_the_workbook_inside(tmp_path, capsys):
    """An XML bomb or an over-large zip inside the protection is refused as outside it."""
    response = _response(tmp_path)
    pw = _password_file(tmp_path)
    before = _dump(response)
    bomb = raw_xlsx(
        tmp_path / "bomb-plain.xlsx",
        SHEET_HEAD.format(prolog='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>')
        + inline_row(1, ["Given name", "Family name"])
        + inline_row(2, ["&a;", "Fictional"])
        + SHEET_TAIL,
    )
    import random
    import zipfile

    # msoffcrypto-tool cannot read back what it encrypted from under 4 KB (Excel never
    # saves a workbook that small): pad the file with a part of random bytes.
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/media/padding.bin", random.Random(12).randbytes(8192))
    bomb = _encrypted(bomb, tmp_path / "bomb.xlsx")
    assert main(["import", str(response), str(bomb), "--password-file", str(pw)]) == 2
    assert "XML entity declarations" in capsys.readouterr().err

    big = tmp_path / "big-plain.xlsx"
    template_with_people(big)
    with zipfile.ZipFile(big, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", bytes(210 * 1024 * 1024))
    big = _encrypted(big, tmp_path / "big.xlsx")
    assert main(["import", str(response), str(big), "--password-file", str(pw)]) == 2
    assert "zip bomb" in capsys.readouterr().err
    assert _dump(response) == before


def test_a_damaged_protected_workbook_is_one_sentence(tmp_path, capsys):
    response = _response(tmp_path)
    source = _protected_template(tmp_path)
    data = source.read_bytes()
    source.write_bytes(data[: len(data) // 2])
    pw = _password_file(tmp_path)
    assert main(["import", str(response), str(source), "--password-file", str(pw)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "returned.xlsx" in err
