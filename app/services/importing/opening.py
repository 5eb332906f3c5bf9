"""Files that cannot be read as they are: the import's error classes, and opening a
password-protected workbook in memory (no Qt).

Excel keeps a password-protected .xlsx inside an OLE container; the plain workbook inside
is decrypted into memory (app.services.files.encryption) and never written to disk, and then
read like any other workbook, with the same limits (source.py).
"""

from __future__ import annotations

import io
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class ImportFileError(Exception):
    """The file cannot be read at all; str(error) is one sentence for the user."""


class PasswordNeeded(ImportFileError):
    """The workbook is password-protected and no password was given."""


class WrongPassword(ImportFileError):
    """The password given does not open the workbook (or is empty, or too long)."""


def is_protected(path: Path) -> bool:
    # Excel saves a password-protected .xlsx inside an OLE container with an
    # "EncryptedPackage" stream; an OLE file without one is an old .xls workbook.
    from app.services.files.encryption import is_encrypted

    if is_encrypted(path):
        return True
    try:
        with path.open("rb") as f:
            return ENCRYPTED_STREAM in f.read(4 * 1048576)
    except OSError:
        return False


def decrypted(path: Path, password: str | None, max_bytes: int) -> io.BytesIO:
    """The plain workbook inside a protected one, in memory only: it is never written to
    disk. The same limits apply to it as to any workbook (its size here, its zip's sizes
    and XML in _read_xlsx)."""
    from app.services.files.encryption import PasswordError, decrypt_bytes

    if password is None:
        raise PasswordNeeded(
            f"{path.name} is password-protected; give its password with --password-file "
            "FILE (a file holding it, or - to type it), or import it from File > Import, "
            "which asks for it."
        )
    try:
        plain = decrypt_bytes(path, password)
    except PasswordError as exc:
        raise WrongPassword(str(exc)) from exc
    except MemoryError as exc:
        raise ImportFileError(f"{path.name} is too large to import.") from exc
    except Exception as exc:  # noqa: BLE001 - a damaged container: olefile, struct, ...
        raise ImportFileError(
            f"{path.name} is password-protected but damaged; it cannot be opened."
        ) from exc
    if len(plain) > max_bytes:
        raise ImportFileError(
            f"{path.name} holds a workbook of {len(plain) / 1048576:.0f} MB; Circles imports "
            f"workbooks up to {max_bytes // 1048576} MB."
        )
    if not plain.startswith(ZIP_MAGIC):
        raise ImportFileError(
            f"{path.name} is password-protected but does not hold an Excel workbook (.xlsx)."
        )
    return io.BytesIO(plain)


def ole_message(path: Path) -> str:
    return (
        f"{path.name} is an old-style Excel file (.xls); open it in Excel and save it "
        "as an Excel Workbook (.xlsx) first."
    )
