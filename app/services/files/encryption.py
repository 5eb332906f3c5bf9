"""Password-protected workbooks, encrypted the way Excel does (ECMA-376 Agile), no Qt.

Agencies send spreadsheets about children by secure e-mail with a password. Excel keeps a
password-protected .xlsx inside an OLE container; msoffcrypto-tool (a well-kept library
that Excel's own files are tested against) writes and reads that container, so Circles
does not carry its own cryptography.

The plain workbook never needs to exist outside a private temporary file: `encrypt_file`
reads it and writes the encrypted bytes into another private file; `decrypt_bytes` returns
the plain workbook in memory, never on disk.
"""

from __future__ import annotations

import io
from pathlib import Path

# Excel's password limit; longer ones are refused rather than silently cut.
MAX_PASSWORD = 255


class PasswordError(Exception):
    """A wrong, empty or unusable password; str(error) is one sentence for the user."""


def check_password(password: str) -> str:
    if not password:
        raise PasswordError("The password is empty; give the password to use.")
    if len(password) > MAX_PASSWORD:
        raise PasswordError(
            f"The password is longer than Excel allows ({MAX_PASSWORD} characters)."
        )
    return password


def is_encrypted(path: Path) -> bool:
    """True when `path` is an OLE container holding an encrypted Office package."""
    import olefile  # msoffcrypto-tool's own dependency

    try:
        with open(path, "rb") as fh:
            if not olefile.isOleFile(fh):
                return False
            fh.seek(0)
            ole = olefile.OleFileIO(fh)
            try:
                return ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
            finally:
                ole.close()
    except OSError:
        return False
    except Exception:  # noqa: BLE001 - a damaged container is simply not one we can open
        return False


def encrypt_file(plain: Path, out: Path, password: str) -> None:
    """Write `plain` (an .xlsx) encrypted with `password` into the existing file `out`.

    `out` is opened without truncating its mode: create it private first (files.py).
    """
    from msoffcrypto.format.ooxml import OOXMLFile

    check_password(password)
    with open(plain, "rb") as src:
        office = OOXMLFile(src)
        buf = io.BytesIO()
        office.encrypt(password, buf)
    with open(out, "r+b") as dst:
        dst.truncate(0)
        dst.write(buf.getvalue())
        dst.flush()


def decrypt_bytes(path: Path, password: str) -> bytes:
    """The plain workbook inside an encrypted `path`, in memory. PasswordError if wrong."""
    from msoffcrypto import exceptions
    from msoffcrypto.format.ooxml import OOXMLFile

    check_password(password)
    try:
        with open(path, "rb") as fh:
            office = OOXMLFile(fh)
            office.load_key(password=password, verify_password=True)
            out = io.BytesIO()
            office.decrypt(out)
    except exceptions.InvalidKeyError as exc:
        raise PasswordError(
            f"The password for {path.name} is not right; nothing was read."
        ) from exc
    except (exceptions.DecryptionError, exceptions.FileFormatError, exceptions.ParseError) as exc:
        raise PasswordError(
            f"{path.name} is protected in a way Circles cannot open; save it from Excel "
            "with a password (File > Info > Protect Workbook > Encrypt with Password)."
        ) from exc
    return out.getvalue()
