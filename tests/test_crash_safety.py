"""Crash safety, proved: an editing process killed at random moments loses nothing it
reported as committed, and leaves a file that passes `check` (benchmarks/crash_harness.py).
"""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from benchmarks.crash_harness import (
    apply_delta,
    compare,
    link_key,
    make_file,
    read_model,
    run_kills,
)

SEED = random.randrange(10_000)


def test_two_hundred_kills_lose_no_committed_edit(tmp_path):
    path = tmp_path / "crash.circles"
    result = run_kills(path, 200, seed=SEED, max_delay=0.04)
    assert result.kills == 200
    assert result.corrupt_files == 0, (SEED, result.problems)
    assert result.lost_commits == 0, (SEED, result.problems)
    # The workers really edited: commits were reported and are in the file, and every start
    # after a kill recovered the lock the killed worker left behind.
    assert result.commits >= 100, result
    assert result.locks_recovered == 199
    model = read_model(path)
    assert model["people"], "the young people added survive the kills"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server is POSIX only")
def test_workers_started_as_new_processes_are_killed_the_windows_way(tmp_path):
    # On Windows there is no fork: each worker is a new process ended with Popen.kill
    # (TerminateProcess). Exercise that path here too.
    result = run_kills(tmp_path / "spawn.circles", 3, seed=SEED, max_delay=0.3, use_fork=False)
    assert result.kills == 3
    assert result.corrupt_files == 0 and result.lost_commits == 0, result.problems


def test_the_checker_notices_a_lost_commit(tmp_path):
    """A check that cannot fail proves nothing: tamper with a file and see it caught."""
    path = make_file(tmp_path / "tampered.circles")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO young_person (response_id, reference, given_name, family_name, inclusion,"
        " looked_after, ehe_cme, pinned) VALUES (1, 'YP-01', 'Wn1', 'Crashtest', 'in_scope',"
        " 0, 0, 0)"
    )
    con.commit()
    con.close()
    reported = apply_delta(read_model(path), [["N", "Wn1", "reported note"]])
    lost, _ = compare(read_model(path), reported, None)
    assert lost == 1
    # ... while the edit in flight may or may not have reached the file.
    in_flight = [["L+", link_key("Wn1", "Wn2", "friend"), "reported"]]
    assert compare(read_model(path), read_model(path), in_flight) == (0, False)
    assert compare(apply_delta(read_model(path), in_flight), read_model(path), in_flight) == (
        0,
        True,
    )
