"""`report`: the overview report PDF holds the figures of `coverage --json` and no name or
date of birth of the demo; private, audited, refused where it must be."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from app.__main__ import main
from app.models.database import open_database
from app.models.entities import YoungPerson
from app.services.files.demo import build_demo

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (poppler-utils) is not installed; .ci/run installs it",
)


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def pdf_text(path) -> str:  # noqa: ANN001
    # NFKC: Qt sets "fi" and "fl" as ligatures, which pdftotext gives back as one letter.
    return unicodedata.normalize(
        "NFKC",
        subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout,
    )


@needs_pdftotext
def test_report_holds_the_coverage_figures_and_no_name(demo, tmp_path, capsys):
    day = "2026-12-01"
    assert main(["coverage", str(demo), "--as-of", day, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    out = tmp_path / "report.pdf"
    assert main(["report", str(demo), "--out", str(out), "--as-of", day]) == 0
    said = capsys.readouterr()
    assert "Wrote the overview report" in said.out and said.err == ""
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert "OFFICIAL-SENSITIVE" in page and "FICTIONAL" in page, n
        assert f"Page {n} of {len(pages)}" in page
    flat = " ".join(text.split())
    assert re.search(rf"Young people in scope {figures['in_scope']}\b", flat)
    assert re.search(rf"Assessed on time {figures['assessed_on_time']}\b", flat)
    assert re.search(rf"Assessed late {figures['assessed_late']}\b", flat)
    assert f"Percent assessed {figures['percent_assessed']:.1f}%" in flat
    assert "As of 01/12/2026" in flat
    db = open_database(demo, readonly=True)
    try:
        with db.read() as s:
            people = s.query(YoungPerson).all()
            names = {p.given_name for p in people} | {p.family_name for p in people}
            dobs = [p.date_of_birth for p in people if p.date_of_birth]
    finally:
        db.close()
    found = {w.casefold() for w in re.findall(r"[A-Za-z]+", text)}
    for name in names:
        assert name.casefold() not in found, name
    for dob in dobs:
        for form in (f"{dob:%d/%m/%Y}", dob.isoformat(), f"{dob:%d/%m/%y}"):
            assert form not in text, form
    with sqlite3.connect(demo) as con:
        assert (
            con.execute(
                "SELECT count(*) FROM audit_entry WHERE action LIKE 'Exported the overview report%'"
            ).fetchone()[0]
            == 1
        )


def test_report_refusals_are_one_sentence(demo, tmp_path, capsys):
    out = tmp_path / "report.pdf"
    out.write_text("keep me")
    assert main(["report", str(demo), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_text() == "keep me"
    assert main(["report", str(demo), "--out", str(tmp_path / "report.txt")]) == 2
    assert "must end in .pdf" in capsys.readouterr().err
    assert main(["report", str(demo), "--out", str(tmp_path / "no" / "r.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", str(demo), "--out", str(tmp_path / "r.pdf"), "--as-of", "1/2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    # A read-only response cannot record the export, so there is no report.
    demo.chmod(0o444)
    try:
        assert main(["report", str(demo), "--out", str(tmp_path / "ro.pdf")]) == 2
        assert "read-only" in capsys.readouterr().err
        assert not (tmp_path / "ro.pdf").exists()
    finally:
        demo.chmod(0o600)
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == ["report.pdf"]


def test_report_replaces_with_force_and_runs_without_a_display(demo, tmp_path):
    out = tmp_path / "report.pdf"
    out.write_text("old")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "report",
            str(demo),
            "--out",
            str(out),
            "--force",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
