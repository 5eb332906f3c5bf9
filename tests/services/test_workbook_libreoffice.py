"""A real office suite opens the exported workbook: LibreOffice converts every sheet to CSV.

LibreOffice refuses (no output) a file it would have to repair, so a converted sheet with
the expected content shows the workbook opens cleanly. Skipped, with the reason, where
LibreOffice is not installed (.ci/run installs it).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from app.services.people.young_people import add_person
from app.services.workbook import export_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; install libreoffice-calc-nogui to run it",
)
# Separator 44 (,), quote 34 ("), UTF-8 (76), from line 1, ..., sheet -1 = every sheet.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(xlsx: Path, out_dir: Path) -> dict[str, list[list[str]]]:
    profile = out_dir / "profile"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(out_dir),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    sheets = {}
    for f in out_dir.glob(f"{xlsx.stem}*.csv"):
        name = f.stem[len(xlsx.stem) + 1 :] or "Cover"
        with f.open(encoding="utf-8", newline="") as fh:
            sheets[name] = list(csv.reader(fh))
    assert sheets, f"LibreOffice wrote nothing: {result.stdout} {result.stderr}"
    return sheets


def test_libreoffice_opens_the_workbook_and_sees_its_content(editor, new_db, tmp_path):
    rid = new_db.response_id
    editor.do(
        lambda s: add_person(
            s,
            rid,
            {
                "given_name": "Ada",
                "family_name": "Fakename",
                "notes": '=HYPERLINK("http://example.invalid","Click")',
            },
        )
    )
    result = export_workbook(new_db, tmp_path / "map.xlsx")
    sheets = convert(result.path, tmp_path / "lo")
    cover = sum(sheets["Cover"], [])
    assert "OFFICIAL-SENSITIVE" in cover
    people = sheets.get("Young people")
    if people is None:  # LibreOffice older than 7.2 converts the first sheet only
        pytest.skip("this LibreOffice converts only the first sheet to CSV")
    header, *rows = people
    row = dict(zip(header, rows[0], strict=False))
    assert row["Reference"] == "YP-01"
    assert row["Given name"] == "Ada"
    # The formula lookalike arrives as the text typed, not as a live link.
    assert row["Notes"] == '=HYPERLINK("http://example.invalid","Click")'
    assert "Lists" in sheets and "Summary" in sheets
