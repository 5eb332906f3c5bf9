"""The kind of a setting the import or a quick add makes: from a connection's kind or the
setting's name (here, not in services/importing, so the map's quick add does not load the
whole import package at start-up)."""

from __future__ import annotations

from app.models.vocab import ConnectionKind, SettingKind

_KIND_SETTING = {
    ConnectionKind.GROUP_CHAT: SettingKind.GROUP_CHAT,
    ConnectionKind.PLATFORM_COMMUNITY: SettingKind.PLATFORM_COMMUNITY,
    ConnectionKind.GAMING_GROUP: SettingKind.GAMING_SERVER,
    ConnectionKind.CLUB: SettingKind.CLUB,
    ConnectionKind.NEIGHBOURHOOD: SettingKind.NEIGHBOURHOOD,
    ConnectionKind.RESIDENTIAL: SettingKind.CHILDRENS_HOME,
    ConnectionKind.SAME_SCHOOL: SettingKind.SCHOOL,
    ConnectionKind.SAME_CLASS: SettingKind.SCHOOL,
}


def setting_kind_for_connection(kind: str) -> str | None:
    found = _KIND_SETTING.get(ConnectionKind(kind))
    return found.value if found else None


def guess_setting_kind(name: str, default: str = "other") -> str:
    """A new setting's kind from its name; `default` when the name does not say."""
    words = name.casefold()
    for needles, kind in (
        (("college",), SettingKind.COLLEGE),
        (("school", "academy", "high", "primary"), SettingKind.SCHOOL),
        (("club",), SettingKind.CLUB),
        (("home",), SettingKind.CHILDRENS_HOME),
        (("chat",), SettingKind.GROUP_CHAT),
        (("server", "gaming"), SettingKind.GAMING_SERVER),
        (("estate", "park", "neighbourhood"), SettingKind.NEIGHBOURHOOD),
    ):
        if any(n in words for n in needles):
            return kind.value
    return default
