"""Settings: schools, clubs, homes, neighbourhoods and online spaces (no Qt)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import Setting
from app.models.vocab import SettingKind
from app.services.editing.editor import Edit
from app.services.editing.ops import delete_edit, insert_op, update_op
from app.services.editing.validation import ValidationError, existing, require


def find_setting(session: Session, response_id: int, name: str) -> Setting | None:
    return session.scalar(
        select(Setting).where(
            Setting.response_id == response_id, func.lower(Setting.name) == name.strip().lower()
        )
    )


def add_setting(session: Session, response_id: int, values: dict[str, Any]) -> Edit:
    require(values.get("name"), "Setting name")
    require(values.get("kind"), "Setting kind")
    SettingKind(values["kind"])
    if find_setting(session, response_id, values["name"]) is not None:
        raise ValidationError(f"A setting called '{values['name']}' already exists.")
    return Edit(
        f"Add setting {values['name']}",
        (insert_op("setting", {**values, "response_id": response_id}),),
    )


def update_setting(session: Session, setting_id: int, values: dict[str, Any]) -> Edit:
    s = existing(session, Setting, setting_id, "setting")
    op = update_op(session, "setting", setting_id, values)
    return Edit(f"Edit setting {s.name}", (op,) if op else ())


def delete_setting(session: Session, setting_id: int) -> Edit:
    s = existing(session, Setting, setting_id, "setting")
    return delete_edit(session, f"Delete setting {s.name}", "setting", [setting_id])
