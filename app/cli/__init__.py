"""Command-line verbs for administrators and scripts. Names and --json keys are stable.

Each verb is a module in this package with NAME, HELP, `add_arguments(parser)` and
`run(args) -> int`; add new verbs to VERB_MODULES. Errors are one sentence on stderr and
exit code 2. Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from collections.abc import Sequence

VERB_MODULES = [
    "app.cli.new",
    "app.cli.demo",
    "app.cli.check",
    "app.cli.coverage",
    "app.cli.export",
    "app.cli.prompts",
    "app.cli.template",
    "app.cli.import_",
    "app.cli.returns",
    "app.cli.graphml",
    "app.cli.report",
    "app.cli.upgrade",
    "app.cli.copy",
]

EXIT_OK = 0
EXIT_PROBLEM = 2


class CliError(Exception):
    """A refusal reported as one sentence and exit code 2."""


def _verbs() -> dict[str, object]:
    mods = [importlib.import_module(m) for m in VERB_MODULES]
    return {m.NAME: m for m in mods}  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="circles",
        description="Circles: map young people identified for support in a self-harm group "
        "response. With no verb, opens the app (on FILE, or on the default "
        "response in your data folder).",
    )
    from app import __version__

    parser.add_argument("--version", action="version", version=f"Circles {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the app on FILE (or the default response), close it again and say "
        "whether it worked: exit 0 when it did, 2 with one sentence when not",
    )
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, mod in _verbs().items():
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)  # type: ignore[attr-defined]
        mod.add_arguments(p)  # type: ignore[attr-defined]
    return parser


def run_verb(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    mod = _verbs()[args.verb]
    # Imported once a verb runs, not for `--help`: they load SQLAlchemy and the models.
    from sqlalchemy.exc import SQLAlchemyError

    from app.models.database import DatabaseFileError
    from app.models.faults import fault_sentence
    from app.services.editing.validation import ValidationError

    try:
        return int(mod.run(args))  # type: ignore[attr-defined]
    except (DatabaseFileError, ValidationError, CliError) as exc:
        return _refuse(args.verb, str(exc))
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        # The last resort for a fault no verb foresaw (a full disk, an I/O error, a file
        # damaged in a way opening did not notice): one sentence, never a traceback, and
        # never SQLAlchemy's own text, which quotes the SQL and its values.
        if isinstance(exc, BrokenPipeError):
            raise  # the reader went away (`| head`): app/__main__.py ends quietly
        return _refuse(args.verb, fault_sentence(exc, getattr(args, "file", None)))


def _refuse(verb: str, sentence: str) -> int:
    print(f"circles {verb}: {' '.join(sentence.split())}", file=sys.stderr)
    return EXIT_PROBLEM


def is_verb(argv: Sequence[str]) -> bool:
    return bool(argv) and argv[0] in _verbs()
