"""Circulation mode's check of free text: does a cell name a young person or give a date
of birth, in whatever form it was typed?

Practitioners' notes never circulate (their columns are left out by design, see
registry.Column.full_only). What must circulate (action descriptions, decisions and their
rationale, prompt texts, settings' names, ...) is checked here, cell by cell, against every
recorded young person of the response, removed ones included:

* Names: each word of a given or family name (two letters or more), compared without
  regard to case or accents (Zoë Ålander is found as "zoe alander"), also inside e-mail
  addresses, user names, hashtags and run-together words. The text is folded (accents
  and case dropped, camelCase and letter/digit runs split into tokens), then a name of
  five letters or more is found anywhere in it ("quinbyzanzibarr", "#QuinbyZanzibarr");
  a four-letter name at the start of a token ("johnk2011"); a name of two or three letters
  only as a whole token ("zoe.alander@", "user amy_2011"), because "ali" inside "alibi"
  or "may" inside "mayor" would blank too much ordinary text. The whole name run together
  ("amylee") counts as a name of its own length.
* Dates of birth: in every common written form (2011-08-17, 17/8/11, 17/08/2011,
  17.08.2011, 17-08-2011, 08/17/2011, 17082011, "17 August 2011", "17th of Aug 2011",
  "August 17, 2011", "Aug 17 2011") and as the Excel serial number (40772), as text or
  as a number.

A matched cell is replaced whole (a name's spelling can leak from what is left around
it), by NAME_REMOVED or DOB_REMOVED, and counted. A family name that is also an ordinary
word (Black, May, Will) removes ordinary text too: that is accepted, safety first, and
the export's summary says how many cells went from which sheets.

One matcher is built per export, of sets and dictionaries (no pattern grows with the
number of people); each distinct text, and each distinct word in it, is checked once:
setting names, labels and ordinary words repeat from row to row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from openpyxl.utils.datetime import to_excel

NAME_REMOVED = "[name removed]"
DOB_REMOVED = "[date removed]"
# Never a name to look for: the word marking demo data.
KEEP_WORDS = frozenset({"fictional"})

LONG = 5  # names this long are found anywhere inside a word
PREFIX = 4  # names this long at the start of a token

# Letters that NFKD does not take apart into a base letter and an accent.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŧ": "t",
        "Ŧ": "T",
        # Dashes and slashes a word processor puts into a typed date (17–08–2011).
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u2044\u2215", "/"),
    }
)
# How a name's letters are also written without them: Müller as Mueller, Åse as Aase.
_SPELT_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "å": "aa", "Å": "Aa"}
)
_WORD = re.compile(r"[^\W\d_]+")
# Where a run-together word changes case (QuinbyZanzibarr, OBrien), split it.
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NUMBER = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_STARTS = frozenset(m[:3] for m in _MONTHS)
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)([a-z]*)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_SEP = r"\s*[/.\-]\s*|\s+"
_NUMERIC_DATE = re.compile(rf"(?<!\d)(\d{{1,4}})(?:{_SEP})(\d{{1,2}})(?:{_SEP})(\d{{1,4}})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}}){_ORD}[\s,\-/.]*(?:of\s+)?{_MONTH}[\s,\-/.]*(\d{{2,4}})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![a-z]){_MONTH}[\s,\-/.]*(\d{{1,2}}){_ORD}[\s,\-/.]*(\d{{2,4}})(?!\d)"
)


class Person(Protocol):
    given_name: str | None
    family_name: str | None
    date_of_birth: date | None


def fold(text: str) -> str:
    """The text without accents (Zoë -> Zoe, Ålander -> Alander, ß -> ss), case kept."""
    if text.isascii():
        return text
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents go, and so do invisible format characters (a zero-width space or a soft
    # hyphen pasted inside a name would otherwise hide it).
    return "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )


def _month(abbrev: str, rest: str) -> int | None:
    """The month a written month name stands for ("aug", "august", "sept"), else None
    ("mayor" is no month)."""
    word = abbrev + rest
    if word == "sept":
        return 9
    for i, name in enumerate(_MONTHS, 1):
        if name.startswith(word):
            return i
    return None


class Redactor:
    """Checks text against the names and dates of birth of a response's young people."""

    def __init__(self, people: Iterable[Person], keep: Iterable[str] = ()) -> None:
        short: set[str] = set()
        four: set[str] = set()
        long: set[str] = set()
        # (day, month, year) of each date of birth; serials and digit-only forms.
        self._dobs: set[tuple[int, int, int]] = set()
        self._dob_digits: set[str] = set()

        def add(word: str) -> None:
            if len(word) < 2 or word in KEEP_WORDS:
                return  # the O of O'Brien alone would blank every lone "o"
            (long if len(word) >= LONG else four if len(word) == PREFIX else short).add(word)

        for p in people:
            words: list[str] = []
            parts = [p.given_name or "", p.family_name or ""]
            parts += [x.translate(_SPELT_OUT) for x in parts if x.translate(_SPELT_OUT) != x]
            for part in parts:
                folded = fold(part)
                part_words = [w.lower() for w in _WORD.findall(folded)]
                words += part_words
                # McDonald also as Donald; the pieces are only worth it when long.
                for w in _WORD.findall(_CAMEL.sub(" ", folded)):
                    if len(w) >= PREFIX and w.lower() not in part_words:
                        words.append(w.lower())
                if part_words:
                    add("".join(part_words))  # O'Brien-Smith run together: obriensmith
            for w in words:
                add(w)
            given = "".join(_WORD.findall(fold(p.given_name or "").lower()))
            family = "".join(_WORD.findall(fold(p.family_name or "").lower()))
            if given and family:
                add(given + family)  # AmyLee typed as "amylee"
                add(family + given)
            d = p.date_of_birth
            if d is not None:
                self._dobs.update({(d.day, d.month, d.year), (d.day, d.month, -(d.year % 100))})
                self._dob_digits.update(
                    {
                        str(int(to_excel(d))),
                        f"{d.day:02d}{d.month:02d}{d.year}",
                        f"{d.year}{d.month:02d}{d.day:02d}",
                        f"{d.month:02d}{d.day:02d}{d.year}",
                        f"{d.day:02d}{d.month:02d}{d.year % 100:02d}",
                    }
                )
        self._short = frozenset(short)
        self._four = frozenset(four)
        # Long names by their first LONG letters: a word is searched by sliding a window
        # of that length along it and checking the few names that start there.
        self._long: dict[str, list[str]] = {}
        for word in long:
            self._long.setdefault(word[:LONG], []).append(word)
        # Each distinct run of letters is looked at once (words repeat from cell to cell).
        self._runs: dict[str, bool] = {}
        self._serials = {int(s) for s in self._dob_digits if len(s) == 5}
        self._keep = {k for k in keep if k}
        self._seen: dict[str, str | None] = {}

    def check(self, text: str) -> str | None:
        """NAME_REMOVED or DOB_REMOVED if the text names a young person or gives a date of
        birth, else None. The answer for each distinct text is remembered."""
        if text in self._seen:
            return self._seen[text]
        found = None if text in self._keep else self._find(text)
        self._seen[text] = found
        return found

    def check_number(self, value: Any) -> str | None:
        """A number in a free-text column that is a date of birth's Excel serial."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return DOB_REMOVED if value in self._serials else None

    def _find(self, text: str) -> str | None:
        folded = fold(text)
        if folded in (NAME_REMOVED, DOB_REMOVED):
            return None
        runs, known = self._runs, self._runs.get
        words = _WORD.findall(folded)
        for run in words:
            hit = known(run)
            if hit is None:
                hit = runs[run] = self._names_in(run)
            if hit:
                return NAME_REMOVED
        if self._dobs and _DIGIT.search(folded):
            # The written-month forms only where a word could be a month.
            months = any(w[:3].lower() in _MONTH_STARTS for w in words)
            if self._has_dob(folded.lower(), months):
                return DOB_REMOVED
        return None

    def _names_in(self, run: str) -> bool:
        """Whether a run of letters (case kept) holds a name: a long one anywhere in it, a
        four-letter one at the start of a part, a short one as a whole part (the parts of
        QuinbyZanzibarr are Quinby and Zanzibarr)."""
        lower = run.lower()
        if len(lower) >= LONG and self._long:
            starts = self._long.get
            for i in range(len(lower) - LONG + 1):
                names = starts(lower[i : i + LONG])
                if names and any(lower.startswith(n, i) for n in names):
                    return True
        short, four = self._short, self._four
        parts = _CAMEL.sub(" ", run).lower().split() if not run.islower() else (lower,)
        return any(p in short or p[:PREFIX] in four for p in parts)

    def _has_dob(self, lower: str, months: bool) -> bool:
        dobs = self._dobs
        if any(t in self._dob_digits for t in _NUMBER.findall(lower)):
            return True
        for a, b, c in _NUMERIC_DATE.findall(lower):
            if len(a) == 4:  # 2011-08-17
                if _is_dob(dobs, int(c), int(b), a):
                    return True
            elif _is_dob(dobs, int(a), int(b), c) or _is_dob(dobs, int(b), int(a), c):
                return True  # 17/08/2011, or the American 08/17/2011
        if not months:
            return False
        for day, abbrev, rest, year in _DAY_MONTH_YEAR.findall(lower):
            month = _month(abbrev, rest)
            if month and _is_dob(dobs, int(day), month, year):
                return True
        for abbrev, rest, day, year in _MONTH_DAY_YEAR.findall(lower):
            month = _month(abbrev, rest)
            if month and _is_dob(dobs, int(day), month, year):
                return True
        return False


def _is_dob(dobs: set[tuple[int, int, int]], day: int, month: int, year: str) -> bool:
    """Whether day, month and a written year (2011, or 11 for any century) are a date of
    birth; `dobs` holds each as (day, month, year) and as (day, month, -(year % 100))."""
    if len(year) == 4:
        return (day, month, int(year)) in dobs
    if len(year) == 2:
        return (day, month, -int(year)) in dobs
    return False


def summary_sentence(redactions: dict[str, int]) -> str | None:
    """What circulation mode removed, for the export's summary (dialog and command line),
    or None when nothing was."""
    total = sum(redactions.values())
    if not total:
        return None
    where = ", ".join(f"{sheet} {n}" for sheet, n in redactions.items() if n)
    if total == 1:
        cells = "cell that could name a young person or give a date of birth was"
    else:
        cells = "cells that could name a young person or give a date of birth were"
    return f"{total} {cells} removed ({where})."


def removed_sentence(redactions: dict[str, int]) -> str:
    """The summary's sentence for a circulation export, whether or not anything went."""
    return summary_sentence(redactions) or (
        "No cell named a young person or gave a date of birth, so none was removed."
    )
