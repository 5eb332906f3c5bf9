"""How tests/data/schema_v1.circles was made (kept for the record; the file is committed).

Schema version 1 was the first released schema: it lacked the checklist, information
sharing, cross-boundary and prompt dismissal tables and two columns added in version 2.
Run from the repository root: `python tests/data/make_schema_v1.py`. All data is fictional.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from app.models.database import APPLICATION_ID
from app.models.entities import Base

OUT = Path(__file__).with_name("schema_v1.circles")
V2_TABLES = [
    "checklist_item",
    "information_sharing",
    "cross_boundary_agreement",
    "prompt_dismissal",
]
V2_COLUMNS = [("young_person", "moved_setting_date"), ("concern", "evidence_location")]


def main() -> None:
    from sqlalchemy import create_engine

    OUT.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{OUT}")
    Base.metadata.create_all(engine)
    engine.dispose()
    con = sqlite3.connect(OUT)
    for t in V2_TABLES:
        con.execute(f"DROP TABLE {t}")
    for t, c in V2_COLUMNS:
        con.execute(f"ALTER TABLE {t} DROP COLUMN {c}")
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute("PRAGMA user_version=1")
    d = date(2025, 1, 10).isoformat()
    con.execute(
        "INSERT INTO response (id, title, lead_area, referral_date, stage, review_date, "
        "protective_marking, prompt_window_days, risk_scale, need_levels, is_demo) "
        "VALUES (1, 'FICTIONAL v1 response', 'Oldtown', ?, 'scoping', '2025-02-10', "
        "'OFFICIAL-SENSITIVE', 42, 'High,Raised,Low', 'L1 Universal|L2 Early help', 1)",
        (d,),
    )
    con.execute(
        "INSERT INTO setting (id, response_id, kind, name) VALUES "
        "(1, 1, 'school', 'Oldtown School (fictional)')"
    )
    for i, (g, f) in enumerate([("Ada", "Fictional"), ("Bo", "Notreal"), ("Cy", "Madeupson")]):
        con.execute(
            "INSERT INTO young_person (id, response_id, reference, given_name, "
            "family_name, setting_id, looked_after, ehe_cme, inclusion, pinned) "
            "VALUES (?, 1, ?, ?, ?, 1, 0, 0, 'in_scope', 0)",
            (i + 1, f"YP-{i + 1:02d}", g, f),
        )
    con.execute(
        "INSERT INTO connection (id, response_id, person_a_id, person_b_id, mode, kind, "
        "source_agency, confidence, date_identified, status) VALUES "
        "(1, 1, 1, 2, 'real_life', 'friend', 'School', 'reported', ?, 'active')",
        (d,),
    )
    con.execute(
        "INSERT INTO assessment (id, response_id, person_id, agency, status, "
        "booked_date, completed_date, risk) VALUES "
        "(1, 1, 1, 'CAMHS', 'completed', ?, ?, 'Low')",
        (d, d),
    )
    con.execute(
        "INSERT INTO concern (id, response_id, person_id, date, date_precision, "
        "date_known, reporting_agency, category, others_present, content_shared, "
        "group_reference) VALUES (1, 1, 2, ?, 'day', ?, 'School', 'suspected', 0, 0, 0)",
        (d, d),
    )
    con.commit()
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


if __name__ == "__main__":
    main()
