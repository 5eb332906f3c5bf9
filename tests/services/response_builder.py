"""A small hand-built response for service tests: settings, people, links, concerns."""

from __future__ import annotations

from datetime import date, timedelta

from app.models.database import Database
from app.models.entities import Assessment, Connection, Setting, YoungPerson
from app.services.editing.editor import Editor
from app.services.people.concerns import add_concern
from app.services.prompts.engine import prompts_for

TODAY = date.today()
D0 = TODAY - timedelta(days=60)  # concerns are dated from here, well inside the past


class Builder:
    """Adds settings, young people, connections and concerns to a test response."""

    def __init__(self, db: Database, editor: Editor) -> None:
        self.db, self.editor, self.rid = db, editor, db.response_id
        self.ids: dict[str, int] = {}
        self.settings: dict[str, int] = {}

    def setting(self, name: str, kind: str = "school", area: str | None = "Testshire") -> int:
        with self.db.session.begin() as s:
            row = Setting(response_id=self.rid, kind=kind, name=name, area=area)
            s.add(row)
            s.flush()
            self.settings[name] = row.id
        return self.settings[name]

    def person(self, ref: str, setting: str | None = None, **extra) -> int:
        with self.db.session.begin() as s:
            row = YoungPerson(
                response_id=self.rid,
                reference=ref,
                given_name="Test",
                family_name=ref,
                setting_id=self.settings[setting] if setting else None,
                **extra,
            )
            s.add(row)
            s.flush()
            self.ids[ref] = row.id
        return self.ids[ref]

    def link(
        self,
        a: str,
        b: str,
        *,
        mode: str = "real_life",
        kind: str = "friend",
        confidence: str = "confirmed",
        status: str = "active",
        setting: str | None = None,
        identified: date = D0,
    ) -> None:
        with self.db.session.begin() as s:
            s.add(
                Connection(
                    response_id=self.rid,
                    person_a_id=self.ids[a],
                    person_b_id=self.ids[b],
                    mode=mode,
                    kind=kind,
                    source_agency="School",
                    confidence=confidence,
                    date_identified=identified,
                    status=status,
                    setting_id=self.settings[setting] if setting else None,
                )
            )

    def concern(self, ref: str, day: date, setting: str | None = None, known: date | None = None):
        values = {
            "person_id": self.ids[ref],
            "date": day,
            "date_known": known or day,
            "reporting_agency": "School",
            "category": "self_injury",
            "setting_id": self.settings[setting] if setting else None,
        }
        return self.editor.do(lambda s: add_concern(s, self.rid, values))

    def assessed(self, ref: str, day: date) -> None:
        with self.db.session.begin() as s:
            s.add(
                Assessment(
                    response_id=self.rid,
                    person_id=self.ids[ref],
                    agency="CAMHS",
                    status="completed",
                    completed_date=day,
                    risk="Low",
                )
            )

    def prompts(self, rule: str | None = None, as_of: date | None = None):
        with self.db.read() as s:
            found = prompts_for(s, self.rid, as_of)
        return [p for p in found if rule is None or p.rule == rule]
