"""`circles returns FILE --agency NAME --out OUT.xlsx [--include-assessed] [--as-of DAY]
[--password-file F] [--force]`, or `--all --out-dir DIR`: write agency return workbooks.

Each workbook lists the young people the agency is assessing or leads and who are not yet
assessed, with the assessment columns to fill in; it is recorded as sent (the Coverage tab
and `coverage --json` show it as outstanding until it comes back through `import`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import CliError
from app.cli.options import add_as_of, add_file, add_force, as_of
from app.cli.passwords import add_password_argument, read_password

if TYPE_CHECKING:
    from app.services.returns.export import ReturnResult

NAME = "returns"
HELP = (
    "Write agency return workbooks: for one agency (--agency) or every agency with young "
    "people to assess (--all), the young people it is to assess and the columns to fill in."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--agency", metavar="NAME", help="the agency the return is for")
    which.add_argument(
        "--all", action="store_true", help="one workbook per agency with young people to assess"
    )
    p.add_argument("--out", help="with --agency: the workbook to write (.xlsx)")
    p.add_argument("--out-dir", metavar="DIR", help="with --all: the folder to write them in")
    p.add_argument(
        "--include-assessed",
        action="store_true",
        help="list the agency's young people already assessed too",
    )
    add_as_of(p, "the day 'not yet assessed' is judged on (default today)")
    add_force(p, "replace workbooks that exist")
    add_password_argument(p)


def _targets(args: argparse.Namespace, agencies: list[str]) -> list[tuple[str, Path]]:
    if args.agency is not None:
        if not args.out:
            raise CliError("Give the workbook to write with --out OUT.xlsx.")
        return [(args.agency, Path(args.out).expanduser())]
    if not args.out_dir:
        raise CliError("Give the folder to write the returns in with --out-dir DIR.")
    folder = Path(args.out_dir).expanduser()
    if not folder.is_dir():
        raise CliError(f"The folder {folder} does not exist; nothing was written.")
    from app.services.returns.export import file_name_for

    return [(a, folder / file_name_for(a)) for a in agencies]


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.cli.exporting import exporting, refuse_existing
    from app.services.files.exports import ExportError
    from app.services.returns.export import export_return
    from app.services.returns.selection import agencies_to_ask

    day = as_of(args)
    password = read_password(args.password_file)
    with exporting(args.file) as db:
        agencies: list[str] = []
        if args.all:
            with db.read() as s:
                agencies = agencies_to_ask(s, db.response_id, day)
            if not agencies:
                raise CliError("No agency has young people to assess; nothing was written.")
        targets = _targets(args, agencies)
        for _, out in targets:  # every one checked before any is written
            refuse_existing(out, args.force)
        results: list[ReturnResult] = []
        for agency, out in targets:
            try:
                results.append(
                    export_return(
                        db,
                        agency,
                        out,
                        include_assessed=args.include_assessed,
                        as_of=day,
                        password=password,
                    )
                )
            except ExportError as exc:
                if args.all and "has no young people" in str(exc):
                    continue
                raise
    for r in results:
        names = "names and dates of birth" if r.with_names else "references only"
        lock = ", password-protected" if r.password_protected else ""
        print(
            f"Wrote the return {r.return_id} for {r.agency} to {r.path} ({r.people} young "
            f"{'person' if r.people == 1 else 'people'}, {names}{lock}); marked {r.marking}."
        )
    return 0
