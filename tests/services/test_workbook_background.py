"""The Prompts sheet worked out in a helper process: the same rows, or worked out here."""

from __future__ import annotations

import gc
import os
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet import _writer as sheet_writer

from app.services.editing.editor import Editor
from app.services.people.young_people import add_person
from app.services.prompts.engine import dismiss_prompt, prompts_for
from app.services.workbook import background, export_workbook
from app.services.workbook.background import BackgroundPromptRows, data_marker
from app.services.workbook.prompts_sheet import prompt_rows

TODAY = date.today()


def in_process(db) -> list[list]:
    with db.read() as s:
        return prompt_rows(s, db.response_id, TODAY)


def marker(db) -> int:
    with db.read() as s:
        return data_marker(s)


def sheet_rows(path, title: str) -> list[tuple]:
    ws = load_workbook(path, read_only=True)[title]
    return [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]


@pytest.fixture
def spy(monkeypatch):
    """Every helper started during the test, and what each one's rows() returned."""
    started: list[BackgroundPromptRows] = []
    results: list[object] = []
    real_init, real_rows = BackgroundPromptRows.__init__, BackgroundPromptRows.rows

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.append(self)

    def rows(self, mark):
        got = real_rows(self, mark)
        results.append(got)
        return got

    monkeypatch.setattr(BackgroundPromptRows, "__init__", init)
    monkeypatch.setattr(BackgroundPromptRows, "rows", rows)
    return started, results


def test_the_helper_returns_the_rows_worked_out_here(demo_db):
    job = BackgroundPromptRows.start(demo_db.path, TODAY)
    assert job is not None
    rows = job.rows(marker(demo_db))
    expected = in_process(demo_db)
    assert len(expected) >= 3, "the demo should raise several prompts"
    assert rows == expected


def test_a_large_response_writes_the_helpers_rows_into_the_workbook(
    demo_db, tmp_path, monkeypatch, spy
):
    started, results = spy
    monkeypatch.setattr(background, "BACKGROUND_FROM", 1)  # the demo counts as large
    export_workbook(demo_db, tmp_path / "helped.xlsx")
    assert len(started) == 1
    assert results == [in_process(demo_db)], "the helper's rows were used"
    assert started[0]._process.poll() is not None, "the helper has finished"

    monkeypatch.setattr(background, "BACKGROUND_FROM", 10**9)  # worked out here
    export_workbook(demo_db, tmp_path / "alone.xlsx")
    assert len(started) == 1
    helped = sheet_rows(tmp_path / "helped.xlsx", "Prompts")
    assert helped and helped == sheet_rows(tmp_path / "alone.xlsx", "Prompts")


def test_a_small_response_starts_no_helper(demo_db, tmp_path, spy):
    started, _ = spy
    export_workbook(demo_db, tmp_path / "small.xlsx")
    assert started == []


def test_rows_read_before_a_change_are_not_used(demo_db):
    before = marker(demo_db)
    first = in_process(demo_db)
    with demo_db.read() as s:
        prompt = prompts_for(s, demo_db.response_id, TODAY)[0]
    Editor(demo_db, user="tester").do(
        lambda s: dismiss_prompt(s, demo_db.response_id, prompt, "Discussed at the meeting")
    )
    after = marker(demo_db)
    assert after != before

    # The helper reads the file as it is now: its rows do not match the older read.
    assert BackgroundPromptRows.start(demo_db.path, TODAY).rows(before) is None
    rows = BackgroundPromptRows.start(demo_db.path, TODAY).rows(after)
    assert rows == in_process(demo_db) != first
    assert rows[0][6].startswith("Dismissed: Discussed at the meeting")


def test_the_export_works_the_rows_out_again_when_the_data_moved(
    demo_db, tmp_path, monkeypatch, spy
):
    _, results = spy
    monkeypatch.setattr(background, "BACKGROUND_FROM", 1)
    # The helper starts only after the export's own read: add a young person in between,
    # as another window of the app might.
    real_start = BackgroundPromptRows.start.__func__

    def start_after_an_edit(cls, path, as_of):
        Editor(demo_db, user="tester").do(
            lambda s: add_person(
                s, demo_db.response_id, {"given_name": "Late", "family_name": "Fictionson"}
            )
        )
        return real_start(cls, path, as_of)

    monkeypatch.setattr(BackgroundPromptRows, "start", classmethod(start_after_an_edit))
    out = tmp_path / "moved.xlsx"
    export_workbook(demo_db, out)
    assert results == [None], "the helper saw newer data, so its rows were refused"
    assert len(sheet_rows(out, "Prompts")) >= 3


def test_a_helper_that_fails_changes_nothing(demo_db, tmp_path, monkeypatch, spy):
    _, results = spy
    monkeypatch.setattr(background, "BACKGROUND_FROM", 1)
    # The helper is given a file that is not there: it exits with nothing to say.
    assert BackgroundPromptRows.start(tmp_path / "missing.circles", TODAY).rows(0) is None

    real_init = BackgroundPromptRows.__init__

    def init_on_wrong_file(self, path, as_of):
        real_init(self, tmp_path / "missing.circles", as_of)

    monkeypatch.setattr(BackgroundPromptRows, "__init__", init_on_wrong_file)
    out = tmp_path / "fallback.xlsx"
    export_workbook(demo_db, out)
    assert results[-1] is None
    assert [r[5] for r in sheet_rows(out, "Prompts")] == [r[5] for r in in_process(demo_db)]


def test_no_helper_where_processes_cannot_start(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(background, "BACKGROUND_FROM", 1)
    monkeypatch.setattr(background.sys, "executable", "")
    assert BackgroundPromptRows.start(demo_db.path, TODAY) is None
    out = tmp_path / "no-helper.xlsx"
    export_workbook(demo_db, out)
    assert len(sheet_rows(out, "Prompts")) == len(in_process(demo_db))


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_failed_export_stops_its_helper(demo_db, tmp_path, monkeypatch, spy):
    started, _ = spy
    before = set(sheet_writer.ALL_TEMP_FILES)
    monkeypatch.setattr(background, "BACKGROUND_FROM", 1)

    def cancel(step: int, total: int) -> None:
        if step == 3:
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        export_workbook(demo_db, tmp_path / "cancelled.xlsx", progress=cancel)
    assert len(started) == 1
    assert started[0]._process.poll() is not None, "no helper left running"
    assert not (tmp_path / "cancelled.xlsx").exists()
    # The sheets already written (names included) are not left in the temp folder.
    left = [f for f in set(sheet_writer.ALL_TEMP_FILES) - before if os.path.exists(f)]
    assert left == []
    gc.collect()  # any stream left open would complain here
