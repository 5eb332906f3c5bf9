"""Issue 12, export side: every file Circles writes is private from its first byte, a killed
export's temporary file is removed at the next start, every export is recorded or not
made, and a workbook can be protected with a password the way Excel does."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.models.database import open_database
from app.models.entities import AuditEntry
from app.services.files import private as files
from app.services.files import temp_files
from app.services.files.encryption import PasswordError, decrypt_bytes, is_encrypted
from app.services.importing.template import write_template
from app.services.workbook import ExportError, export_workbook
from app.services.workbook import export as export_module
from tests.services.test_faults import fail_on_nth_write

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes")
AS_OF = date(2026, 1, 31)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.fixture
def recording(tmp_path):
    """Temporary files listed in a pending folder inside the test's own folder."""
    pending = files.start_up(tmp_path / "data")
    with temp_files.recording_in(pending):
        yield pending


def exports(db) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.kind == "export")))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


# ----- private from the first byte ------------------------------------------------------------
@POSIX
def test_workbooks_and_the_template_come_out_owner_only_under_any_umask(demo_db, tmp_path, umask):
    out = tmp_path / "out"
    out.mkdir()
    written = [
        export_workbook(demo_db, out / "full.xlsx").path,
        export_workbook(demo_db, out / "circulation.xlsx", circulation=True).path,
        export_workbook(demo_db, out / "protected.xlsx", password="Correct horse 7").path,
        write_template(out / "template.xlsx"),
    ]
    for path in written:
        assert mode(path) == 0o600, (path.name, oct(mode(path)), oct(umask))
    assert leftovers(out) == []


@POSIX
def test_every_temporary_file_is_owner_only_while_it_is_written(demo_db, tmp_path, monkeypatch):
    """Look at the files on disk at the moment the rows are spliced in (the longest step)."""
    seen: dict[str, int] = {}
    real = export_module.splice

    def watch(src, dst, pending, progress=None):  # noqa: ANN001
        real(src, dst, pending, progress)
        for p in tmp_path.iterdir():
            if p.name.startswith(".~"):
                seen[p.name] = mode(p)

    monkeypatch.setattr(export_module, "splice", watch)
    old = os.umask(0)
    try:
        export_workbook(demo_db, tmp_path / "map.xlsx", password="pw")
    finally:
        os.umask(old)
    assert len(seen) == 2 and set(seen.values()) == {0o600}, seen
    assert all(files.is_temp_name(Path(n)) for n in seen)
    assert leftovers(tmp_path) == []


@POSIX
def test_an_export_that_fails_midway_leaves_its_files_private_and_listed_until_the_next_start(
    demo_db, tmp_path, monkeypatch
):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    data = tmp_path / "data"
    pending = files.start_up(data)

    class Killed(BaseException):
        """Stands in for SIGKILL: nothing after it runs, no cleanup either."""

    def killed(src, dst, *_a, **_k):  # noqa: ANN001, ANN002, ANN003
        dst.write_bytes(src.read_bytes()[:5000])  # half a workbook, names included
        raise Killed

    monkeypatch.setattr(export_module, "splice", killed)
    monkeypatch.setattr(files, "discard", lambda tmp: None)  # a dead process tidies nothing
    old = os.umask(0o022)
    try:
        with temp_files.recording_in(pending), pytest.raises(Killed):
            export_workbook(demo_db, out_dir / "map.xlsx")
    finally:
        os.umask(old)
    strays = [out_dir / n for n in leftovers(out_dir)]
    assert len(strays) == 2 and all(mode(p) == 0o600 for p in strays)
    assert any(p.stat().st_size > 0 for p in strays)
    # The process is still alive here, holding its entries: a start beside it leaves them.
    files.start_up(data)
    assert all(p.exists() for p in strays)
    # Its death releases them; the next start removes the files, whatever the folder.
    for fd, _entry in list(temp_files._entries.values()):
        os.close(fd)
    temp_files._entries.clear()
    files.start_up(data)
    assert leftovers(out_dir) == [] and list(pending.iterdir()) == []


def test_the_start_deletes_only_circles_temporary_files(tmp_path):
    """A damaged or edited entry can never make Circles delete anything else."""
    pending = files.start_up(tmp_path / "data")
    keep = tmp_path / "precious.xlsx"
    keep.write_bytes(b"someone's own workbook")
    stray = files.temp_files.temp_name(tmp_path / "map.xlsx")
    stray.write_bytes(b"left by a killed export")
    for i, target in enumerate([keep, stray, Path("relative") / stray.name]):
        (pending / f"entry{i}.pending").write_text(f"{target}\n", encoding="utf-8")
    files.start_up(tmp_path / "data")
    assert keep.exists() and not stray.exists()
    assert list(pending.iterdir()) == []


@POSIX
def test_the_data_folder_is_made_owner_only(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    files.start_up(data)
    assert mode(data) == 0o700 and mode(data / files.PENDING_FOLDER) == 0o700
    old = os.umask(0)
    try:
        fresh = files.private_folder(tmp_path / "new" / "data")
    finally:
        os.umask(old)
    assert mode(fresh) == 0o700


def test_a_name_with_pattern_characters_cleans_only_its_own_strays(new_db, tmp_path):
    out = tmp_path / "Map [draft].xlsx"
    mine = files.temp_files.temp_name(out)
    other = files.temp_files.temp_name(tmp_path / "Map d.xlsx")
    mine.write_bytes(b"x")
    other.write_bytes(b"x")
    export_workbook(new_db, out)
    assert not mine.exists() and other.exists() and out.exists()


# ----- recorded, or not made -------------------------------------------------------------------
def test_a_read_only_response_refuses_to_export_and_writes_nothing(demo_db, tmp_path):
    path = demo_db.path
    demo_db.close()
    db = open_database(path, readonly=True)
    try:
        with pytest.raises(ExportError) as err:
            export_workbook(db, tmp_path / "map.xlsx")
    finally:
        db.close()
    message = str(err.value)
    assert "read-only" in message and "audit log" in message and "not saved" in message
    assert len(message.splitlines()) == 1
    assert not (tmp_path / "map.xlsx").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("error", "words"),
    [("database or disk is full", "disk is full"), ("disk I/O error", "disk I/O error")],
)
def test_an_audit_entry_that_cannot_be_written_means_no_workbook(
    demo_db, tmp_path, recording, error, words
):
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"the previous export")
    before = len(exports(demo_db))
    undo = fail_on_nth_write(demo_db.engine, 1, error)
    try:
        with pytest.raises(ExportError) as err:
            export_workbook(demo_db, out, password="pw")
    finally:
        undo()
    message = str(err.value)
    assert words in message and "audit log" in message and "map.xlsx was not saved" in message
    assert len(message.splitlines()) == 1
    assert out.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == [] and list(recording.iterdir()) == []
    assert len(exports(demo_db)) == before
    # The next export works and is recorded.
    export_workbook(demo_db, out)
    assert len(exports(demo_db)) == before + 1


def test_the_entry_is_written_before_the_workbook_takes_its_name(new_db, tmp_path, monkeypatch):
    out = tmp_path / "map.xlsx"
    at_move: list[int] = []
    real = os.replace

    def replace(src, dst):  # noqa: ANN001
        at_move.append(len(exports(new_db)))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    export_workbook(new_db, out)
    assert at_move == [1]


def test_a_move_that_fails_after_the_entry_is_written_says_so_in_a_second_entry(
    new_db, tmp_path, monkeypatch
):
    out = tmp_path / "map.xlsx"

    def refuse(src, dst):  # noqa: ANN001
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        export_workbook(new_db, out)
    first, second = exports(new_db)
    assert first.action.startswith("Exported the mapping workbook")
    assert second.action.startswith("Not saved after all") and second.new == first.new
    assert not out.exists() and leftovers(tmp_path) == []


# ----- password-protected ---------------------------------------------------------------------
def cells(wb) -> dict[str, list[tuple]]:
    out = {}
    for ws in wb.worksheets:
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        if ws.title == "Cover":  # generated-at differs by the minute between two exports
            rows = [r for r in rows if not (r and r[0] == "Generated at")]
        out[ws.title] = rows
    return out


def test_a_protected_workbook_is_unreadable_without_the_password_and_equal_with_it(
    demo_db, tmp_path
):
    plain = export_workbook(demo_db, tmp_path / "plain.xlsx", as_of=AS_OF)
    result = export_workbook(demo_db, tmp_path / "locked.xlsx", as_of=AS_OF, password="Tr1cky £")
    assert result.password_protected and not plain.password_protected
    locked = tmp_path / "locked.xlsx"
    assert is_encrypted(locked) and not is_encrypted(plain.path)
    assert locked.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE container
    with pytest.raises(Exception):  # noqa: B017, PT011 - openpyxl's own "not a zip file"
        load_workbook(locked)
    with pytest.raises(PasswordError) as err:
        decrypt_bytes(locked, "tr1cky £")
    assert "not right" in str(err.value) and len(str(err.value).splitlines()) == 1
    opened = load_workbook(io.BytesIO(decrypt_bytes(locked, "Tr1cky £")))
    expected = cells(load_workbook(plain.path))
    got = cells(opened)
    assert list(got) == list(expected)
    for title in expected:
        assert got[title] == expected[title], title
    assert sum(len(rows) for rows in got.values()) > 100
    assert leftovers(tmp_path) == []


def test_the_audit_log_says_the_export_was_password_protected(new_db, tmp_path):
    export_workbook(new_db, tmp_path / "a.xlsx", password="pw")
    export_workbook(new_db, tmp_path / "b.xlsx", circulation=True)
    a, b = exports(new_db)
    assert "password-protected" in a.action and a.new.endswith("a.xlsx")
    assert "password-protected" not in b.action


def test_an_unusable_password_is_one_sentence_and_no_file(new_db, tmp_path):
    for bad in ("", "x" * 256):
        with pytest.raises(ExportError) as err:
            export_workbook(new_db, tmp_path / "a.xlsx", password=bad)
        assert len(str(err.value).splitlines()) == 1
    assert list(tmp_path.glob("*.xlsx")) == [] and leftovers(tmp_path) == []


# ----- a real kill -------------------------------------------------------------------------------
KILLED_EXPORT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from app.services.files import private as files
    from app.services.files import temp_files
    from app.services.workbook import export as export_module
    from app.models.database import open_database

    data, response, out = (Path(a) for a in sys.argv[1:4])
    temp_files.use_folder(files.start_up(data))
    real = export_module.splice

    def splice(src, dst, pending, progress=None):
        def halfway(rows):
            os.kill(os.getpid(), signal.SIGKILL)  # killed while the rows are written
        real(src, dst, pending, halfway)

    export_module.splice = splice
    export_module.export_workbook(open_database(response, lock=False), out)
    """
)


@pytest.mark.skipif(not hasattr(os, "kill") or os.name != "posix", reason="SIGKILL")
def test_an_export_killed_while_writing_leaves_a_private_file_removed_at_the_next_start(
    demo_db, tmp_path
):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    data = tmp_path / "data"
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_EXPORT,
            str(data),
            str(demo_db.path),
            str(out_dir / "m.xlsx"),
        ],
        cwd=root,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    strays = [out_dir / n for n in leftovers(out_dir)]
    assert strays and all(mode(p) == 0o600 for p in strays)
    assert any(p.stat().st_size > 0 for p in strays)
    assert not (out_dir / "m.xlsx").exists()
    files.start_up(data)
    assert leftovers(out_dir) == []
