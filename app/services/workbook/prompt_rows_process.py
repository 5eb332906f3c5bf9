"""The helper process of background.py: `python -m app.services.workbook.prompt_rows_process
FILE YYYY-MM-DD` opens FILE read-only and writes (marker, Prompts sheet rows) to stdout,
pickled. Nothing else is written to stdout; exit 1 with nothing written on any failure.
Not a command for users (see `python -m app export`)."""

from __future__ import annotations

import os
import pickle
import sys
from datetime import date


def main(argv: list[str]) -> int:
    try:
        from app.models.database import open_database
        from app.services.workbook.background import data_marker
        from app.services.workbook.prompts_sheet import prompt_rows

        path, day = argv
        db = open_database(path, readonly=True, upgrade=False, lock=False)
        try:
            with db.read() as session:
                result = (
                    data_marker(session),
                    prompt_rows(session, db.response_id, date.fromisoformat(day)),
                )
        finally:
            db.close()
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - the parent works the rows out itself
        return 1
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # The export waits for this process to end; tearing down the interpreter (freeing
    # the graph of thousands of people object by object) took half a second for nothing.
    # The file was opened read-only and stdout is flushed: nothing is left to save.
    os._exit(code)
