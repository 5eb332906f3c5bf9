"""Property: random and mutated workbooks and CSV files fed to import never crash, and a
file that fails changes nothing.

Runs once the importer (app/services/importing.py, built in parallel) is merged. Its
contract: `plan_import(session, response_id, path, sheet=None)` never writes and raises
`ImportFileError` only for unreadable files (other trouble goes into `plan.problems`);
`Editor(db).execute(lambda s: import_edit(s, plan))` applies a plan whose `plan.ok`.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

importing = pytest.importorskip("app.services.importing")

from app.models.database import backup_to, open_database  # noqa: E402
from app.services.editing.editor import Editor  # noqa: E402
from app.services.editing.validation import ValidationError  # noqa: E402
from app.services.files.demo import build_demo  # noqa: E402

HEADERS = [
    "Reference",
    "Given name",
    "Family name",
    "Date of birth",
    "Age",
    "Gender",
    "Setting",
    "Current setting",
    "Year group",
    "Home area",
    "Looked after",
    "Lead agency",
    "Notes",
    "Person A",
    "Person B",
    "Mode",
    "Kind",
    "Source agency",
    "Confidence",
    "Date identified",
    "Assessment status",
    "Completed date",
    "",
]
CELL = st.one_of(
    st.none(),
    st.text(max_size=25),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(
        ["=1+1", "@SUM(A1)", "+44", "-", "YP-01", "Yes", "n", "31/02/2010", "\t", "\r"]
    ),
    st.sampled_from(["Friend", "Online", "Confirmed", "School", "Completed", "2011-04-05"]),
)
TABLE = st.tuples(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    st.lists(st.lists(CELL, max_size=9), max_size=12),
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz_import") / "demo.circles"
    build_demo(path).close()
    return path


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in sorted(tables)}
    finally:
        con.close()


def csv_bytes(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headers)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(headers: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        cells = []
        for v in row:
            if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
                v = str(v)  # openpyxl cannot store NaN or infinity
            if isinstance(v, str):
                v = "".join(ch for ch in v if ch.isprintable() or ch in "\t\n")
            cells.append(v)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mutate(data: bytes, flips: list[tuple[int, int]], cut: int | None) -> bytes:
    raw = bytearray(data)
    for pos, value in flips:
        if raw:
            raw[pos % len(raw)] = value
    if cut is not None and raw:
        raw = raw[: cut % len(raw)]
    return bytes(raw)


def feed(demo_file: Path, folder: Path, name: str, content: bytes) -> None:
    """Plan (and, if the plan is good, apply) an import; check the contract."""
    path = folder / "fuzz.circles"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    backup_to(demo_file, path)
    source = folder / name
    source.write_bytes(content)
    db = open_database(path)
    try:
        before = dump(path)
        try:
            with db.read() as s:
                plan = importing.plan_import(s, db.response_id, source)
        except importing.ImportFileError as exc:
            assert str(exc).strip(), "an unreadable file gets a sentence"
            assert dump(path) == before
            return
        assert dump(path) == before, "planning an import never writes"
        if not plan.ok:
            assert plan.problems
            return
        try:
            Editor(db).execute(lambda s: importing.import_edit(s, plan))
        except (ValidationError, LookupError):
            assert dump(path) == before, "a failed import changes nothing"
    finally:
        db.close()


FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(TABLE)
def test_random_csv_files(demo_file, tmp_path, table):
    feed(demo_file, tmp_path, "people.csv", csv_bytes(*table))


@FUZZ
@given(TABLE)
def test_random_workbooks(demo_file, tmp_path, table):
    feed(demo_file, tmp_path, "people.xlsx", xlsx_bytes(*table))


@FUZZ
@given(
    TABLE,
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    st.none() | st.integers(0, 10**6),
)
def test_mutated_workbooks(demo_file, tmp_path, table, flips, cut):
    feed(demo_file, tmp_path, "returned.xlsx", mutate(xlsx_bytes(*table), flips, cut))


@FUZZ
@given(
    TABLE,
    st.lists(st.tuples(st.integers(0, 10**5), st.integers(0, 255)), max_size=6),
    st.none() | st.integers(0, 10**5),
    st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_mutated_csv_files(demo_file, tmp_path, table, flips, cut, encoding):
    text = csv_bytes(*table).decode("utf-8")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    feed(demo_file, tmp_path, "school list.csv", mutate(data, flips, cut))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["x.xlsx", "x.csv", "x.xlsm", "x"]))
def test_random_bytes(demo_file, tmp_path, data, name):
    feed(demo_file, tmp_path, name, data)


def test_a_good_csv_really_imports(demo_file, tmp_path):
    """The fuzzing above is only worth something if valid files do import."""
    dob = (date.today() - timedelta(days=14 * 365)).isoformat()
    content = csv_bytes(["Given name", "Family name", "Date of birth"], [["Ivy", "Fictional", dob]])
    path = tmp_path / "fuzz.circles"
    backup_to(demo_file, path)
    source = tmp_path / "good.csv"
    source.write_bytes(content)
    db = open_database(path)
    try:
        with db.read() as s:
            plan = importing.plan_import(s, db.response_id, source)
        assert plan.ok, plan.problems
        Editor(db).execute(lambda s: importing.import_edit(s, plan))
        con = sqlite3.connect(path)
        try:
            assert con.execute(
                "SELECT count(*) FROM young_person WHERE given_name='Ivy'"
            ).fetchone() == (1,)
        finally:
            con.close()
    finally:
        db.close()
