"""`coverage FILE [--as-of] [--json]`: the stable keys, the readable table, refusals."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.test_cli import circles

KEYS = {
    "as_of",
    "review_date",
    "in_scope",
    "assessed_on_time",
    "assessed_late",
    "booked_on_time",
    "at_risk",
    "overdue",
    "declined_or_unable",
    "not_required",
    "percent_assessed",
    "days_left",
    "by_setting",
    "by_agency",
    "by_area",
    "people",
    "under_consideration",
    "removed",
    "returns",  # added with agency returns (issue 18)
}


def test_coverage_json_and_text_on_the_demo(tmp_path):
    path = tmp_path / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    r = circles("coverage", str(path), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == KEYS
    assert data["as_of"] == date.today().isoformat()
    assert data["in_scope"] == 37 and data["removed"] == 1 and data["under_consideration"] == 2
    states = [k for k in data["people"]]
    assert sum(data[s] for s in states) == data["in_scope"]
    assert all(len(data["people"][s]) == data[s] for s in states)
    assert set(data["by_area"]) == {"In area", "Out of area"}
    assert set(next(iter(data["by_setting"].values()))) == {"count", "assessed", "outstanding"}

    later = (date.today() + timedelta(days=30)).isoformat()
    r2 = json.loads(circles("coverage", str(path), "--as-of", later, "--json").stdout)
    assert r2["as_of"] == later and r2["days_left"] == data["days_left"] - 30
    assert r2["booked_on_time"] == 0 and r2["overdue"] > 0  # the review date has passed

    text = circles("coverage", str(path))
    assert text.returncode == 0
    assert f"{data['percent_assessed']:.1f}%" in text.stdout
    assert "By assessing agency" in text.stdout
    at_risk = data["people"]["at_risk"][0]
    line = next(x for x in text.stdout.splitlines() if x.strip().startswith(at_risk))
    assert "lead Lead" in line  # who owns the next step


def test_coverage_refuses_bad_input_in_one_sentence(tmp_path):
    path = tmp_path / "demo.circles"
    assert circles("demo", str(path)).returncode == 0
    r = circles("coverage", str(path), "--as-of", "31/12/2026")
    assert r.returncode == 2 and "not a date in the form YYYY-MM-DD" in r.stderr
    r = circles("coverage", str(tmp_path / "missing.circles"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_readme_documents_every_key():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "python -m app coverage FILE [--as-of YYYY-MM-DD] [--json]" in readme
    for key in KEYS:
        assert f"`{key}`" in readme, key
    assert "## Coverage" in readme


def test_help_on_coverage():
    r = circles("coverage", "--help")
    assert r.returncode == 0 and "--as-of" in r.stdout and "--json" in r.stdout
