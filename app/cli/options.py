"""The options several verbs share, each written once: the response FILE, --out, --force,
--as-of and --json, and reading --as-of into a day.

Each verb keeps its own help wording (passed in), so `--help` reads as it did; what is
shared is the option's name, kind and how its value is read.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.models.database import Database

RESPONSE_FILE = "the response file (.circles)"
JSON_HELP = "print one JSON object (stable keys)"


def add_file(p: argparse.ArgumentParser, help: str = RESPONSE_FILE) -> None:
    p.add_argument("file", help=help)


def add_out(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--out", required=True, help=help)


def add_force(p: argparse.ArgumentParser, help: str = "replace OUT if it exists") -> None:
    p.add_argument("--force", action="store_true", help=help)


def add_as_of(p: argparse.ArgumentParser, help: str, metavar: str | None = None) -> None:
    p.add_argument("--as-of", metavar=metavar, help=help)


def add_json(p: argparse.ArgumentParser, help: str = JSON_HELP) -> None:
    p.add_argument("--json", action="store_true", help=help)


def as_of(args: argparse.Namespace) -> date | None:
    """The --as-of day, or None (today) when it was not given; a bad day is one sentence."""
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.editing.validation import parse_iso_date

    return parse_iso_date(args.as_of, "--as-of") if args.as_of else None


def mode_words(circulation: bool) -> str:
    """How an export's sentence names its kind: the circulation copy or the full one."""
    return "circulation (references only)" if circulation else "full"


@contextlib.contextmanager
def reading(file: str) -> Iterator[Database]:
    """The response `file` open read-only for a verb that changes nothing, closed after."""
    from app.models.database import open_database

    db = open_database(file, readonly=True)
    try:
        yield db
    finally:
        db.close()
