"""Crash harness: kill a process in the middle of editing, then prove nothing was lost.

A *worker* opens a response file for editing (taking the one-writer lock, so every start
after a kill also recovers a lock left by a crash), then applies random edits through the
headless editing path (`Editor` with the people / connections / assessments /
response_details service functions, undo and redo included). Before each edit it prints
`B <delta>` (what the edit will do, in a small model of the response keyed by the young
people's unique given names) and, after the commit returns, `C`. The harness kills the
worker with SIGKILL (TerminateProcess via Popen.kill on Windows) after a short random
delay, then checks:

- the file passes `app.services.files.integrity.check_file` (else: a corrupt file), and
- the file holds exactly the state after the last edit reported as committed, or that
  state plus the one edit in flight (it may have committed just before the kill). Any
  other state is a lost commit (counted as the number of model entries that differ).

The same file is reused across kills. On POSIX the workers are forked from one "fork
server" process that has already imported SQLAlchemy and the app, so a kill costs
milliseconds rather than an interpreter start; elsewhere each worker is a new process.

Note what this proves and what it does not: a killed *process* loses nothing it reported
as committed. Power loss is guarded by `PRAGMA synchronous=FULL` (every commit is fsynced)
but cannot be simulated here.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
FAMILY = "Crashtest"
AGENCIES = ("School", "CAMHS", "Police", "Children's Services")
KINDS = ("friend", "same_class", "group_chat", "direct_messages")
CONFIDENCES = ("confirmed", "reported", "suspected")
MAX_PEOPLE = 24

Model = dict[str, Any]
Delta = list[list[Any]]


# ----- the model: what the response should hold --------------------------------------------
def empty_model() -> Model:
    return {"people": {}, "links": {}, "assess": {}, "review": None}


def link_key(a: str, b: str, kind: str) -> str:
    x, y = sorted((a, b))
    return f"{x}|{y}|{kind}"


def apply_delta(model: Model, delta: Delta) -> Model:
    m = {
        "people": dict(model["people"]),
        "links": dict(model["links"]),
        "assess": dict(model["assess"]),
        "review": model["review"],
    }
    for op in delta:
        tag = op[0]
        if tag == "P+":
            m["people"][op[1]] = op[2]
        elif tag == "P-":
            m["people"].pop(op[1], None)
            m["links"] = {k: v for k, v in m["links"].items() if op[1] not in k.split("|")[:2]}
            m["assess"].pop(op[1], None)
        elif tag == "N":
            m["people"][op[1]] = op[2]
        elif tag == "L+":
            m["links"][op[1]] = op[2]
        elif tag == "L-":
            m["links"].pop(op[1], None)
        elif tag == "A+":
            m["assess"][op[1]] = op[2]
        elif tag == "A-":
            m["assess"].pop(op[1], None)
        elif tag == "R":
            m["review"] = op[1]
    return m


def read_model(path: Path) -> Model:
    """The model as the file holds it (read-only)."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        people = dict(
            con.execute(
                "SELECT given_name, notes FROM young_person WHERE family_name=?", (FAMILY,)
            ).fetchall()
        )
        links = {
            link_key(a, b, kind): conf
            for a, b, kind, conf in con.execute(
                "SELECT a.given_name, b.given_name, c.kind, c.confidence FROM connection c "
                "JOIN young_person a ON a.id=c.person_a_id "
                "JOIN young_person b ON b.id=c.person_b_id WHERE c.status='active'"
            )
        }
        assess = dict(
            con.execute(
                "SELECT p.given_name, a.status FROM assessment a "
                "JOIN young_person p ON p.id=a.person_id"
            ).fetchall()
        )
        review = con.execute("SELECT review_date FROM response").fetchone()[0]
    finally:
        con.close()
    return {"people": people, "links": links, "assess": assess, "review": str(review)}


def compare(actual: Model, expected: Model, pending: Delta | None) -> tuple[int, bool]:
    """(entries lost, whether the edit in flight committed) after a kill.

    The file must hold the reported state, or that state plus the edit in flight."""
    if actual == expected:
        return 0, False
    if pending is not None and actual == apply_delta(expected, pending):
        return 0, True
    if pending is not None:
        return min(
            differences(actual, expected), differences(actual, apply_delta(expected, pending))
        ), False
    return differences(actual, expected), False


def differences(a: Model, b: Model) -> int:
    n = int(a["review"] != b["review"])
    for part in ("people", "links", "assess"):
        keys = set(a[part]) | set(b[part])
        n += sum(1 for k in keys if a[part].get(k, "<none>") != b[part].get(k, "<none>"))
    return n


# ----- the worker ------------------------------------------------------------------------------
def _emit(line: str) -> None:
    # One os.write per line: unbuffered, and atomic on a pipe, so a kill never splits it.
    os.write(1, (line + "\n").encode("utf-8"))


def run_worker(path: Path, seed: int, max_edits: int = 100_000) -> None:
    """Apply random edits forever (until killed), reporting each one."""
    from sqlalchemy import select

    from app.models.database import open_database
    from app.models.entities import Assessment, YoungPerson
    from app.services.editing.editor import Editor
    from app.services.editing.validation import ValidationError
    from app.services.people import assessments, connections, response_details
    from app.services.people import young_people as people

    _emit(f"PID {os.getpid()}")
    rng = random.Random(seed)
    db = open_database(path)
    editor = Editor(db, user="crash-worker")
    rid = db.response_id
    model = read_model(path)
    history: list[tuple[Delta, Delta]] = []  # (delta, inverse) of edits that can be undone
    undone: list[tuple[Delta, Delta]] = []
    counter = 0
    today = date.today()
    referral = date.fromisoformat(str(_referral(path)))
    _emit("R")

    def ids_by_marker(s) -> dict[str, int]:  # noqa: ANN001
        rows = s.execute(
            select(YoungPerson.given_name, YoungPerson.id).where(YoungPerson.family_name == FAMILY)
        )
        return dict(rows.all())

    for _ in range(max_edits):
        markers = sorted(model["people"])
        roll = rng.random()
        build = None
        delta: Delta = []
        inverse: Delta = []
        kind_of_step = "do"
        if roll < 0.12 and history:
            kind_of_step = "undo"
        elif roll < 0.18 and undone:
            kind_of_step = "redo"
        elif roll < 0.40 or len(markers) < 3:
            if len(markers) >= MAX_PEOPLE:
                continue
            counter += 1
            marker = f"W{seed}n{counter}"
            notes = rng.choice([None, f"note {counter}"])
            delta, inverse = [["P+", marker, notes]], [["P-", marker]]

            def build(s, marker=marker, notes=notes):  # noqa: ANN001, ANN202
                return people.add_person(
                    s, rid, {"given_name": marker, "family_name": FAMILY, "notes": notes}
                )
        elif roll < 0.52:
            marker = rng.choice(markers)
            new = f"changed {rng.randrange(10**6)}"
            delta, inverse = [["N", marker, new]], [["N", marker, model["people"][marker]]]

            def build(s, marker=marker, new=new):  # noqa: ANN001, ANN202
                return people.update_person(s, ids_by_marker(s)[marker], {"notes": new})
        elif roll < 0.60 or len(markers) >= MAX_PEOPLE:
            marker = rng.choice(markers)
            delta = [["P-", marker]]
            inverse = [["P+", marker, model["people"][marker]]]
            inverse += [["L+", k, v] for k, v in model["links"].items() if marker in k.split("|")]
            if marker in model["assess"]:
                inverse.append(["A+", marker, model["assess"][marker]])

            def build(s, marker=marker):  # noqa: ANN001, ANN202
                return people.delete_people(s, [ids_by_marker(s)[marker]])
        elif roll < 0.74:
            a, b = rng.sample(markers, 2)
            kind = rng.choice(KINDS)
            key = link_key(a, b, kind)
            conf = rng.choice(CONFIDENCES)
            if key in model["links"]:
                delta, inverse = [["L+", key, conf]], [["L+", key, model["links"][key]]]

                def build(s, a=a, b=b, kind=kind, conf=conf):  # noqa: ANN001, ANN202
                    return connections.update_connection(
                        s, _link_id(s, ids_by_marker(s), a, b, kind), {"confidence": conf}
                    )
            else:
                delta, inverse = [["L+", key, conf]], [["L-", key]]

                def build(s, a=a, b=b, kind=kind, conf=conf):  # noqa: ANN001, ANN202
                    ids = ids_by_marker(s)
                    return connections.add_connection(
                        s,
                        rid,
                        {
                            "person_a_id": ids[a],
                            "person_b_id": ids[b],
                            "mode": "online"
                            if kind in ("group_chat", "direct_messages")
                            else "real_life",
                            "kind": kind,
                            "source_agency": rng.choice(AGENCIES),
                            "confidence": conf,
                            "date_identified": today,
                        },
                    )
        elif roll < 0.80 and model["links"]:
            key = rng.choice(sorted(model["links"]))
            a, b, kind = key.split("|")
            delta, inverse = [["L-", key]], [["L+", key, model["links"][key]]]

            def build(s, a=a, b=b, kind=kind):  # noqa: ANN001, ANN202
                return connections.delete_connections(
                    s, [_link_id(s, ids_by_marker(s), a, b, kind)]
                )
        elif roll < 0.92:
            marker = rng.choice(markers)
            if marker in model["assess"]:
                status = "booked" if model["assess"][marker] == "not_started" else "not_started"
                delta = [["A+", marker, status]]
                inverse = [["A+", marker, model["assess"][marker]]]

                def build(s, marker=marker, status=status):  # noqa: ANN001, ANN202
                    pid = ids_by_marker(s)[marker]
                    aid = s.scalar(select(Assessment.id).where(Assessment.person_id == pid))
                    values = {
                        "status": status,
                        "booked_date": today if status == "booked" else None,
                    }
                    return assessments.update_assessment(s, aid, values)
            else:
                delta, inverse = [["A+", marker, "not_started"]], [["A-", marker]]

                def build(s, marker=marker):  # noqa: ANN001, ANN202
                    return assessments.add_assessment(
                        s,
                        rid,
                        {"person_id": ids_by_marker(s)[marker], "agency": rng.choice(AGENCIES)},
                    )
        else:
            new_review = referral + timedelta(days=rng.randrange(1, 90))
            if str(new_review) == model["review"]:
                continue
            delta, inverse = [["R", str(new_review)]], [["R", model["review"]]]

            def build(s, new_review=new_review):  # noqa: ANN001, ANN202
                return response_details.update_response(s, rid, {"review_date": new_review})

        if kind_of_step == "undo":
            delta, inverse = history[-1][1], history[-1][0]
            _emit("B " + json.dumps(delta))
            editor.undo()
            undone.append(history.pop())
        elif kind_of_step == "redo":
            delta, inverse = undone[-1]
            _emit("B " + json.dumps(delta))
            editor.redo()
            history.append(undone.pop())
        else:
            _emit("B " + json.dumps(delta))
            try:
                editor.do(build)
            except ValidationError:
                _emit("X")
                continue
            history.append((delta, inverse))
            undone.clear()
        _emit("C")
        model = apply_delta(model, delta)
    db.close()


def _referral(path: Path) -> str:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute("SELECT referral_date FROM response").fetchone()[0]
    finally:
        con.close()


def _link_id(s, ids: dict[str, int], a: str, b: str, kind: str) -> int:  # noqa: ANN001
    from sqlalchemy import and_, or_, select

    from app.models.entities import Connection

    pa, pb = ids[a], ids[b]
    return s.scalar(
        select(Connection.id).where(
            or_(
                and_(Connection.person_a_id == pa, Connection.person_b_id == pb),
                and_(Connection.person_a_id == pb, Connection.person_b_id == pa),
            ),
            Connection.kind == kind,
            Connection.status == "active",
        )
    )


# ----- the fork server (POSIX) ---------------------------------------------------------------
def _warm_up() -> None:
    """Open and edit a scratch file once, so SQLAlchemy's first-use work is inherited."""
    import tempfile

    from app.models.database import open_database
    from app.services.editing.editor import Editor
    from app.services.people.young_people import add_person

    with tempfile.TemporaryDirectory() as folder:
        scratch = make_file(Path(folder) / "warm.circles")
        db = open_database(scratch)
        try:
            Editor(db).do(
                lambda s: add_person(s, db.response_id, {"given_name": "A", "family_name": "B"})
            )
            read_model(scratch)
        finally:
            db.close()


def run_server() -> None:
    """Read `run PATH SEED` lines; fork a worker for each and report `END` when it died."""
    from sqlalchemy.orm import configure_mappers

    import app.services.editing.validation  # noqa: F401
    import app.services.people.assessments  # noqa: F401 - imported once, before forking
    import app.services.people.connections  # noqa: F401
    import app.services.people.response_details  # noqa: F401
    import app.services.people.young_people  # noqa: F401
    from app.models.database import open_database  # noqa: F401

    configure_mappers()  # done once here rather than in every worker
    _warm_up()
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            break
        path, seed = Path(parts[1]), int(parts[2])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run_worker(path, seed)
            except BaseException as exc:  # noqa: BLE001 - reported to the harness
                _emit("E " + " ".join(f"{type(exc).__name__}: {exc}".split()))
                code = 1
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        _emit(f"END {status}")


# ----- the harness ----------------------------------------------------------------------------
@dataclass
class Result:
    kills: int = 0
    commits: int = 0
    lost_commits: int = 0
    corrupt_files: int = 0
    locks_recovered: int = 0
    in_flight_committed: int = 0
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, int]:
        return {
            "kills": self.kills,
            "commits": self.commits,
            "lost_commits": self.lost_commits,
            "corrupt_files": self.corrupt_files,
        }


def make_file(path: Path) -> Path:
    from app.models.database import create_database

    today = date.today()
    create_database(
        path,
        title="Crash harness (fictional)",
        lead_area="Testshire",
        referral_date=today - timedelta(days=14),
        review_date=today + timedelta(days=14),
        force=True,
    ).close()
    return path


class _Runner:
    """Starts one worker and gives its report lines; kill() ends it."""

    def __init__(self, path: Path, use_fork: bool) -> None:
        self.path = path
        self.use_fork = use_fork
        self.server: subprocess.Popen | None = None
        if use_fork:
            self.server = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.crash_harness", "server"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=ROOT,
                bufsize=0,
            )
        self.proc: subprocess.Popen | None = None
        self.pid = 0

    @property
    def out(self) -> IO[bytes]:
        stream = self.server.stdout if self.use_fork else self.proc.stdout  # type: ignore[union-attr]
        assert stream is not None
        return stream

    def start(self, seed: int) -> list[str]:
        """Start a worker; returns the lines up to its ready line."""
        if self.use_fork:
            assert self.server is not None and self.server.stdin is not None
            self.server.stdin.write(f"run {self.path} {seed}\n".encode())
            self.server.stdin.flush()
        else:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.crash_harness",
                    "worker",
                    str(self.path),
                    str(seed),
                ],
                stdout=subprocess.PIPE,
                cwd=ROOT,
            )
        lines = []
        while True:
            line = self.out.readline().decode().strip()
            if not line or line.startswith("END") or line.startswith("E "):
                raise RuntimeError(f"the worker did not start: {line or 'no output'}")
            if line.startswith("PID "):
                self.pid = int(line.split()[1])
                continue
            lines.append(line)
            if line == "R":
                return lines

    def kill_and_drain(self) -> list[str]:
        """Kill the worker and return every line it reported."""
        if self.use_fork:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            lines = []
            while True:
                raw = self.out.readline()
                if not raw:
                    raise RuntimeError("the fork server ended")
                line = raw.decode().strip()
                if line.startswith("END"):
                    return lines
                lines.append(line)
        assert self.proc is not None
        self.proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        rest = self.proc.stdout.read().decode().splitlines()  # type: ignore[union-attr]
        self.proc.wait()
        return [line.strip() for line in rest]

    def close(self) -> None:
        if self.server is not None:
            assert self.server.stdin is not None
            self.server.stdin.close()
            self.server.wait(timeout=30)


def run_kills(
    path: Path,
    kills: int,
    *,
    seed: int = 1,
    max_delay: float = 0.04,
    use_fork: bool | None = None,
    fresh: bool = True,
) -> Result:
    """Kill `kills` workers on one file; check the file after each kill."""
    from app.models.lock import read_lock_info
    from app.services.files.integrity import check_file

    if fresh or not path.exists():
        make_file(path)
    use_fork = hasattr(os, "fork") if use_fork is None else use_fork
    rng = random.Random(seed)
    result = Result()
    expected = read_model(path)
    runner = _Runner(path, use_fork)
    try:
        for k in range(kills):
            had_lock = read_lock_info(path) is not None
            lines = runner.start(seed * 100_000 + k)
            time.sleep(rng.uniform(0, max_delay))
            lines += runner.kill_and_drain()
            result.kills += 1
            if had_lock:
                result.locks_recovered += 1
            pending: Delta | None = None
            for line in lines:
                if line.startswith("B "):
                    pending = json.loads(line[2:])
                elif line == "C" and pending is not None:
                    expected = apply_delta(expected, pending)
                    result.commits += 1
                    pending = None
                elif line == "X":
                    pending = None
                elif line.startswith("E "):
                    raise RuntimeError(f"the worker failed: {line[2:]}")
            problems = check_file(path)
            if problems:
                result.corrupt_files += 1
                result.problems.append(f"kill {k}: " + "; ".join(problems[:3]))
                break
            actual = read_model(path)
            lost, in_flight = compare(actual, expected, pending)
            result.in_flight_committed += in_flight
            if lost:
                result.lost_commits += lost
                result.problems.append(f"kill {k}: {lost} entries differ from what was reported")
            expected = actual
    finally:
        runner.close()
    return result


def main(argv: list[str]) -> int:
    if argv[:1] == ["server"]:
        run_server()
        return 0
    if argv[:1] == ["worker"]:
        try:
            run_worker(Path(argv[1]), int(argv[2]))
        except BaseException as exc:  # noqa: BLE001
            _emit("E " + " ".join(f"{type(exc).__name__}: {exc}".split()))
            return 1
        return 0
    print("usage: python -m benchmarks.crash_harness server | worker FILE SEED", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
