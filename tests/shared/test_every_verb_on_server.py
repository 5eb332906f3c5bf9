"""Every verb that takes a response takes a shared address too (issue 19: "the whole verb
set works on a URL"): new, graphml, report and returns on the throwaway server, each
giving what it gives on a file."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from app.__main__ import main
from app.services.files.demo import build_demo

TITLE = "FICTIONAL demo: Northfield response"


def test_new_on_an_address_adds_an_empty_response(pg, capsys):
    url = pg.url(response="FICTIONAL new response")
    args = ["--title", "FICTIONAL new response", "--area", "Northfield (fictional)"]
    dates = ["--referral-date", "2026-11-02", "--review-date", "2026-12-14"]
    assert main(["new", url, *args, *dates]) == 0, capsys.readouterr().err
    assert main(["coverage", url, "--json"]) == 0, capsys.readouterr().err
    assert '"in_scope": 0' in capsys.readouterr().out


def test_graphml_and_returns_on_an_address_match_the_file(pg, tmp_path, capsys):
    build_demo(pg.url()).close()
    url = pg.url(response=TITLE)
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    outputs = {}
    for where, source in (("file", str(path)), ("server", url)):
        graph = tmp_path / f"{where}.graphml"
        assert main(["graphml", source, "--out", str(graph), "--circulation"]) == 0, (
            capsys.readouterr().err
        )
        nodes = ET.parse(graph).getroot().iter("{http://graphml.graphdrawing.org/xmlns}node")
        folder = tmp_path / f"{where}-returns"
        folder.mkdir()
        assert main(["returns", source, "--all", "--out-dir", str(folder)]) == 0, (
            capsys.readouterr().err
        )
        books = sorted(p.name for p in folder.glob("*.xlsx"))
        rows = [
            list(row)
            for p in sorted(folder.glob("*.xlsx"))
            for ws in load_workbook(p, read_only=True).worksheets
            for row in ws.iter_rows(values_only=True)
            if not any(isinstance(c, str) and "Generated" in c for c in row)
        ]
        outputs[where] = (sum(1 for _ in nodes), books, len(rows))
    assert outputs["server"] == outputs["file"]
    assert outputs["server"][0] == 40 and outputs["server"][1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_report_on_an_address_is_written(pg, tmp_path, capsys):
    build_demo(pg.url()).close()
    url = pg.url(response=TITLE)
    out = tmp_path / "report.pdf"
    assert main(["report", url, "--out", str(out)]) == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o077 == 0  # owner-only
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "OFFICIAL-SENSITIVE" in text and "Overview report" in text
