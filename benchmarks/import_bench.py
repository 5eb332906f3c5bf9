"""How long an import takes: `python benchmarks/import_bench.py [--rows N] [--json]`.

Writes a Young people sheet of N fictional rows and a Connections sheet linking each to the
next, then times reading, planning (the preview) and applying (plan again + one Edit) into
an empty response. Not a test: run it by hand or in CI to watch for regressions.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from openpyxl import Workbook  # noqa: E402

from app.models.database import create_database  # noqa: E402
from app.services.editing.editor import Editor  # noqa: E402
from app.services.importing import import_edit, plan_from_source, read_source  # noqa: E402


def make_workbook(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    people = wb.create_sheet("Young people")
    people.append(["Reference", "Given name", "Family name", "Date of birth", "Setting"])
    for i in range(1, rows + 1):
        people.append(
            [f"YP-{i:02d}", f"Given{i}", "Fictional", date(2011, 1, 1), f"School {i % 20}"]
        )
    links = wb.create_sheet("Connections")
    links.append(["Person A", "Person B", "Mode", "Kind", "Source agency", "Confidence",
                  "Date identified"])  # fmt: skip
    for i in range(1, rows):
        links.append([f"YP-{i:02d}", f"YP-{i + 1:02d}", "Online", "Friend", "School", "Reported",
                      date(2026, 1, 1)])  # fmt: skip
    wb.save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "bench.xlsx"
        make_workbook(source, args.rows)
        today = date.today()
        db = create_database(Path(tmp) / "bench.circles", title="Benchmark (fictional)",
                             lead_area="Nowhere", referral_date=today,
                             review_date=today + timedelta(days=28))  # fmt: skip
        t0 = time.perf_counter()
        data = read_source(source)
        t1 = time.perf_counter()
        with db.read() as s:
            plan = plan_from_source(s, db.response_id, data)
        t2 = time.perf_counter()
        assert plan.ok, plan.problems[:3]
        Editor(db).do(lambda s: import_edit(s, plan))
        t3 = time.perf_counter()
        db.close()
    n = args.rows
    result = {
        f"import_read_ms_{n}": round((t1 - t0) * 1000),
        f"import_plan_ms_{n}": round((t2 - t1) * 1000),
        f"import_apply_ms_{n}": round((t3 - t2) * 1000),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
