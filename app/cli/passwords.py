"""The `--password-file F` option shared by verbs that write or read a protected workbook.

A password is never taken from the command line itself: it would show in the process list
and the shell's history. It is read from a file (the first line) or, with `-`, from
standard input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli import CliError

HELP = (
    "read the workbook's password from this file (its first line), or from standard "
    "input with '-'; never give a password on the command line"
)


def add_password_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-file", metavar="F", help=HELP)


def read_password(arg: str | None) -> str | None:
    """The password named by --password-file, or None when the option was not given."""
    if arg is None:
        return None
    try:
        if arg == "-":
            text = sys.stdin.readline()
        else:
            with Path(arg).expanduser().open(encoding="utf-8-sig") as fh:
                text = fh.readline()
    except FileNotFoundError as exc:
        raise CliError(f"The password file {arg} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"The password file {arg} could not be read.") from exc
    password = text.rstrip("\r\n")
    if not password:
        raise CliError("The password file is empty; put the password on its first line.")
    return password
