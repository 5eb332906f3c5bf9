"""`python -m app export`: the workbook from the command line; refusals exit 2 in one sentence."""

from __future__ import annotations

from openpyxl import load_workbook

from app.cli import run_verb


def test_export_writes_then_refuses_to_overwrite_without_force(new_db, tmp_path, capsys):
    out = tmp_path / "map.xlsx"
    path = str(new_db.path)
    assert run_verb(["export", path, "--out", str(out), "--as-of", "2026-01-31"]) == 0
    said = capsys.readouterr().out
    assert str(out) in said and "31/01/2026" in said
    assert load_workbook(out).sheetnames[:2] == ["Cover", "Summary"]

    before = out.read_bytes()
    assert run_verb(["export", path, "--out", str(out), "--circulation"]) == 2
    err = capsys.readouterr().err.strip()
    assert "already exists" in err and "--force" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == before

    assert run_verb(["export", path, "--out", str(out), "--circulation", "--force"]) == 0
    headers = [c.value for c in next(load_workbook(out)["Young people"].iter_rows(max_row=1))]
    assert "Given name" not in headers and "Reference" in headers


def test_export_problems_are_one_sentence_and_exit_2(new_db, tmp_path, capsys):
    path = str(new_db.path)
    cases = [
        (["--out", str(tmp_path / "x.xlsx"), "--as-of", "31/01/2026"], "YYYY-MM-DD"),
        (["--out", str(tmp_path / "x.csv")], ".xlsx"),
        (["--out", str(tmp_path / "missing" / "x.xlsx")], "does not exist"),
    ]
    for extra, words in cases:
        assert run_verb(["export", path, *extra]) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1
    assert list(tmp_path.glob("*.xlsx")) == []
    assert (
        run_verb(["export", str(tmp_path / "nope.circles"), "--out", str(tmp_path / "y.xlsx")]) == 2
    )
    assert "There is no file" in capsys.readouterr().err
