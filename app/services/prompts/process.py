"""The helper process of workbook/background.py: `python -m app.services.prompts.process
FILE YYYY-MM-DD` opens FILE read-only and writes (newest audit entry id, prompts) to
stdout, pickled. Nothing else is written to stdout; exit 1 with nothing written on any
failure. Not a command for users (see `python -m app export`).

`... FILE YYYY-MM-DD|today --page` writes the Prompts page's `WorkedOut` instead (prompts,
bridges, next-step owners; app/services/prompts/worked_out.py).

It lives outside the workbook package on purpose: importing that package loads openpyxl
and every sheet, a fifth of a second the helper does not need on the export's critical
path."""

from __future__ import annotations

import os
import pickle
import sys
from datetime import date


def main(argv: list[str]) -> int:
    try:
        from app.models.database import open_database
        from app.services.editing.audit import newest_entry_id
        from app.services.prompts.engine import prompts_for

        path, day, *mode = argv
        db = open_database(path, readonly=True, upgrade=False, lock=False)
        try:
            with db.read() as session:
                if mode == ["--page"]:  # the Prompts page's (app/services/prompts/worked_out.py)
                    from app.services.prompts.worked_out import worked_out_on

                    as_of = None if day == "today" else date.fromisoformat(day)
                    result = worked_out_on(session, db.response_id, as_of)
                else:
                    result = (
                        newest_entry_id(session),
                        prompts_for(session, db.response_id, date.fromisoformat(day)),
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
