"""Private files for exports, and warnings for network shares and synced folders."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PureWindowsPath

import pytest

from app.services.files import private as files


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_exports_written_through_a_private_temp_file_are_owner_only(tmp_path):
    dest = tmp_path / "workbook.xlsx"
    tmp = files.private_temp_path(dest)
    assert tmp.parent == dest.parent and tmp.exists()
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
    tmp.unlink()

    old_umask = os.umask(0o022)
    try:
        # Even a writer that replaces the temp file (with the umask's 0644) ends up private.
        files.write_privately(dest, lambda p: p.write_bytes(b"OFFICIAL-SENSITIVE"))
    finally:
        os.umask(old_umask)
    assert dest.read_bytes() == b"OFFICIAL-SENSITIVE"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["workbook.xlsx"]


def test_a_failed_export_leaves_no_file(tmp_path):
    dest = tmp_path / "workbook.xlsx"

    def broken(p: Path) -> None:
        p.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        files.write_privately(dest, broken)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("C:/Users/jo/OneDrive - Testshire Council/Responses/r.circles", "OneDrive"),
        ("/home/jo/OneDrive/r.circles", "OneDrive"),
        ("/home/jo/Dropbox/r.circles", "Dropbox"),
        ("/Users/jo/Dropbox (Team)/r.circles", "Dropbox"),
        ("G:/My Drive/r.circles", "Google Drive"),
        ("/Users/jo/Google Drive/r.circles", "Google Drive"),
        ("/Users/jo/Library/Mobile Documents/com~apple~CloudDocs/r.circles", "iCloud Drive"),
        ("C:/Users/jo/iCloudDrive/r.circles", "iCloud Drive"),
    ],
)
def test_synced_folders_are_recognised(path, service):
    warning = files.location_warning(path, environ={})
    assert warning is not None and f"synced by {service}" in warning
    assert "not reliable" in warning


def test_the_onedrive_folder_named_by_windows_is_recognised(tmp_path):
    folder = tmp_path / "Work files"
    warning = files.location_warning(folder / "r.circles", environ={"OneDrive": str(folder)})
    assert warning is not None and "OneDrive" in warning


def test_unc_paths_are_network_shares():
    assert files.is_unc(PureWindowsPath(r"\\council-fs01\safeguarding\r.circles"))
    assert files.is_unc("//council-fs01/safeguarding/r.circles")
    assert not files.is_unc(r"\\?\C:\long\path.circles")
    warning = files.location_warning(r"\\council-fs01\safeguarding\r.circles", environ={})
    assert warning is not None and "network share" in warning


def test_network_mounts_are_recognised_from_the_mount_table(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "fs01:/export/teams /mnt/teams nfs4 rw 0 0\n"
        "//fs02/share /mnt/share\\040drive cifs rw 0 0\n"
    )
    assert files.mount_fs_type(Path("/mnt/teams/r.circles"), mounts) == "nfs4"
    assert files.mount_fs_type(Path("/mnt/share drive/r.circles"), mounts) == "cifs"
    assert files.mount_fs_type(Path("/home/jo/r.circles"), mounts) == "ext4"
    assert files.mount_fs_type(Path("/mnt/teamsx/r.circles"), mounts) == "ext4"


def test_a_local_file_gets_no_warning(tmp_path):
    assert files.location_warning(tmp_path / "r.circles", environ={}) is None
