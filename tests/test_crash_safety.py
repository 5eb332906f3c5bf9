"""Crash safety, proved: an editing process killed at random moments loses nothing it
reported as committed, and leaves a file that passes `check` (benchmarks/crash_harness.py).
"""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from app.services.files.integrity import check_file
from benchmarks.crash_harness import (
    apply_delta,
    compare,
    link_key,
    make_file,
    read_model,
    run_kills,
)

# Chance decides when each worker is killed: the seed is printed at the start of each test
# and in every failure; CIRCLES_CRASH_SEED=N replays a run.
SEED = int(os.environ.get("CIRCLES_CRASH_SEED") or random.randrange(10_000))


def test_two_hundred_kills_lose_no_committed_edit(tmp_path):
    print(f"crash test seed {SEED} (CIRCLES_CRASH_SEED={SEED} replays it)")
    path = tmp_path / "crash.circles"
    result = run_kills(path, 200, seed=SEED, max_delay=0.04)
    seen = f"seed {SEED}, {result.commits} commits reported: {result.problems}"
    # What was lost, never how much was done: on a busy machine a worker may be killed
    # before its first commit (or before it takes the lock), and that is no failure.
    assert result.corrupt_files == 0, seen
    assert result.lost_commits == 0, seen
    assert result.kills == 200, seen
    assert check_file(path) == [], seen


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server is POSIX only")
def test_workers_started_as_new_processes_are_killed_the_windows_way(tmp_path):
    # On Windows there is no fork: each worker is a new process ended with Popen.kill
    # (TerminateProcess). Exercise that path here too.
    print(f"crash test seed {SEED} (CIRCLES_CRASH_SEED={SEED} replays it)")
    result = run_kills(tmp_path / "spawn.circles", 3, seed=SEED, max_delay=0.3, use_fork=False)
    seen = f"seed {SEED}: {result.problems}"
    assert result.kills == 3, seen
    assert result.corrupt_files == 0 and result.lost_commits == 0, seen


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
