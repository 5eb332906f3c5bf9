"""The command-line verbs: what administrators script against."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def circles(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_new_then_check(tmp_path):
    path = tmp_path / "r.circles"
    r = circles(
        "new",
        str(path),
        "--title",
        "Spring response",
        "--area",
        "Testshire",
        "--referral-date",
        "2026-01-05",
        "--review-date",
        "2026-02-05",
    )
    assert r.returncode == 0, r.stderr
    assert path.exists()
    r = circles("check", str(path))
    assert r.returncode == 0 and "OK" in r.stdout


def test_new_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "r.circles"
    path.write_text("keep me")
    args = [
        "new",
        str(path),
        "--title",
        "T",
        "--area",
        "A",
        "--referral-date",
        "2026-01-05",
        "--review-date",
        "2026-02-05",
    ]
    r = circles(*args)
    assert r.returncode == 2
    assert "already exists; use --force" in r.stderr
    assert path.read_text() == "keep me"
    assert circles(*args, "--force").returncode == 0
    assert circles("check", str(path)).returncode == 0


def test_new_rejects_bad_dates(tmp_path):
    r = circles(
        "new",
        str(tmp_path / "r.circles"),
        "--title",
        "T",
        "--area",
        "A",
        "--referral-date",
        "05/01/2026",
        "--review-date",
        "2026-02-05",
    )
    assert r.returncode == 2
    assert "not a date in the form YYYY-MM-DD" in r.stderr
    r = circles(
        "new",
        str(tmp_path / "r.circles"),
        "--title",
        "T",
        "--area",
        "A",
        "--referral-date",
        "2026-03-05",
        "--review-date",
        "2026-02-05",
    )
    assert r.returncode == 2 and "before the referral date" in r.stderr
    assert not (tmp_path / "r.circles").exists()


def test_demo_passes_check(tmp_path):
    path = tmp_path / "demo.circles"
    r = circles("demo", str(path))
    assert r.returncode == 0, r.stderr
    assert "FICTIONAL" in r.stdout
    r = circles("check", str(path))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("case", ["missing", "folder", "text", "damaged"])
def test_check_reports_bad_files_in_one_line(case, tmp_path):
    path = tmp_path / "x.circles"
    if case == "folder":
        path.mkdir()
    elif case == "text":
        path.write_text("not a database")
    elif case == "damaged":
        assert circles("demo", str(path)).returncode == 0
        data = bytearray(path.read_bytes())
        for i in range(4096 * 3, 4096 * 6):  # scribble over b-tree pages
            data[i] = 0x5A
        path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    r = circles("check", str(path))
    assert r.returncode == 2
    assert r.stderr.strip(), "a problem must be printed"
    if case != "damaged":
        assert len(r.stderr.strip().splitlines()) == 1
    if before:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_check_reports_broken_invariants(tmp_path):
    import sqlite3

    path = tmp_path / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE assessment SET risk=NULL "
        "WHERE id=(SELECT min(id) FROM assessment WHERE status='completed')"
    )
    con.commit()
    con.close()
    r = circles("check", str(path))
    assert r.returncode == 2
    assert "is completed but has no completed date or no assessed risk" in r.stderr


@pytest.mark.parametrize("verb", ["new", "demo", "check"])
def test_help_on_each_verb(verb):
    r = circles(verb, "--help")
    assert r.returncode == 0
    assert verb in r.stdout and "usage" in r.stdout.lower()


def test_unknown_option_is_refused():
    r = circles("--frobnicate")
    assert r.returncode == 2
