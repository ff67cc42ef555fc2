"""Normalising people: a mention split into first name, patronymic and surname."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from vestnik.enrichment.entities.adapt import _shape_like
from vestnik.enrichment.entities.records import NameRole, Word
from vestnik.enrichment.entities.text import _is_word

__all__ = ["PersonName", "name_person"]

# --- people ---------------------------------------------------------------------------
#
# A mention is split into first name, patronymic and surname by the dictionary's
# readings and the order Russian writes them in («Сергей Семёнович Собянин», «Собянин
# Сергей Семёнович», «Петровым Олегом», «С. С. Собянин»). Each part is put in the
# nominative in the person's gender, which the first name or the patronymic tells best.
# The dictionary does not know many female surnames («Раковой» is only the adjective
# «раковый» there), and natasha declines them as adjectives («Раковая»); the regular
# endings of Russian surnames in -ов/-ин/-ский do not need a dictionary.

_INITIALS: Final[re.Pattern[str]] = re.compile(r"[А-ЯЁA-Z]")
_PATRONYMIC: Final[re.Pattern[str]] = re.compile(
    r"(?:вич|ьич)(?:а|у|ем|е)?$|(?:вн|чн)(?:а|ы|е|у|ой|ою)$"
)
_FEMININE_PATRONYMIC: Final[re.Pattern[str]] = re.compile(r"(?:вн|чн)(?:а|ы|е|у|ой|ою)$")
_SURNAME_ENDINGS: Final[dict[str, tuple[tuple[re.Pattern[str], str], ...]]] = {
    "Masc": (
        (re.compile(r"(ов|ев|ёв|ин|ын)(?:а|у|ым|е)?$"), r"\1"),
        (re.compile(r"(ск|цк)(?:ий|ого|ому|им|ом)$"), r"\1ий"),
    ),
    "Fem": (
        (re.compile(r"(ов|ев|ёв|ин|ын)(?:а|ой|ою|у)$"), r"\1а"),
        (re.compile(r"(ск|цк)(?:ая|ой|ую)$"), r"\1ая"),
    ),
}
_PATRONYMIC_ENDINGS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"(вич|ьич)(?:а|у|ем|е)$"), r"\1"),
    (re.compile(r"(вн|чн)(?:ы|е|у|ой|ою)$"), r"\1а"),
)
# Gender-neutral surname stem: «Ракова» and «Раков», «Ракитская» and «Ракитский».
_SURNAME_STEM: Final[re.Pattern[str]] = re.compile(r"(?<=ов|ев|ин|ын)а$|(?<=ск|цк)(?:ий|ая|ой)$")


@dataclass(frozen=True)
class PersonName:
    """A person's name as one mention gives it, each part in the nominative.

    An initial is kept as written with its dot («С.»).

    >>> PersonName(first="Сергей", middle=None, last="Собянин").full
    'Сергей Собянин'
    """

    first: str | None
    middle: str | None
    last: str | None

    @property
    def full(self) -> str:
        return " ".join(part for part in (self.first, self.middle, self.last) if part)


def _has_role(word: Word, role: NameRole) -> bool:
    return any(reading.role == role for reading in word.readings)


def _is_patronymic(word: Word) -> bool:
    if word.readings:
        return _has_role(word, "middle")
    return _PATRONYMIC.search(word.text.lower()) is not None


def _is_initial(word: Word) -> bool:
    return _INITIALS.fullmatch(word.text) is not None


def _assign_roles(words: Sequence[Word]) -> dict[NameRole, Word]:
    """Tell which word of a person's mention is the first name, patronymic, surname."""
    names = [word for word in words if not _is_initial(word)]
    has_initials = len(names) < len(words)
    roles: dict[NameRole, Word] = {}
    # A patronymic follows the first name, whether the surname comes first or last.
    patronymic = next(
        (index for index, word in enumerate(names) if index and _is_patronymic(word)), None
    )
    if patronymic is not None:
        roles["middle"] = names[patronymic]
        roles["first"] = names[patronymic - 1]
        rest = [
            word for index, word in enumerate(names) if index not in (patronymic - 1, patronymic)
        ]
        if rest:
            roles["last"] = rest[-1]
    elif len(names) == 1:
        word = names[0]
        alone_first = _has_role(word, "first") and not _has_role(word, "last")
        roles["first" if alone_first and not has_initials else "last"] = word
    elif names:
        head, tail = names[0], names[-1]
        # «Петровым Олегом»: the surname first, when only the second word is a name.
        reversed_order = (
            _has_role(tail, "first")
            and not _has_role(tail, "last")
            and not _has_role(head, "first")
        )
        roles["first"], roles["last"] = (tail, head) if reversed_order else (head, tail)
    return roles


def _person_gender(roles: dict[NameRole, Word]) -> str | None:
    first, middle, last = roles.get("first"), roles.get("middle"), roles.get("last")
    if first is not None:
        genders = [r.gender for r in first.readings if r.role == "first" and r.gender]
        if genders:
            # «Саша», «Женя» are both: the tagger's reading of the context decides.
            return first.gender if first.gender in genders else genders[0]
    if middle is not None:
        return "Fem" if _FEMININE_PATRONYMIC.search(middle.text.lower()) else "Masc"
    for word in (last, first):
        if word is not None and word.gender in ("Masc", "Fem"):
            return word.gender
    return None


def _by_ending(word: str, rules: Iterable[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, replacement in rules:
        if pattern.search(word):
            return pattern.sub(replacement, word)
    return None


def _part_nominative(word: Word, role: NameRole, gender: str | None) -> str:
    lower = word.text.lower()
    by_ending = None
    if role == "last" and gender in _SURNAME_ENDINGS:
        by_ending = _by_ending(lower, _SURNAME_ENDINGS[gender])
    elif role == "middle":
        by_ending = _by_ending(lower, _PATRONYMIC_ENDINGS)
    if by_ending is not None:
        return _shape_like(by_ending, "Aa")
    readings = [reading for reading in word.readings if reading.role == role]
    agreeing = [
        reading for reading in readings if gender is None or reading.gender in (gender, None)
    ]
    if agreeing or readings:
        return _shape_like((agreeing or readings)[0].nominative, "Aa")
    return _shape_like(word.normal.lower(), "Aa")


def name_person(words: Sequence[Word]) -> PersonName:
    """Split a person's mention into its parts, each in the nominative.

    >>> from vestnik.enrichment.entities.records import Reading
    >>> sergei = Word("Сергея", 0, 6, "PROPN", "Gen", "Masc", "Сергей",
    ...               (Reading("first", "Masc", "сергей"),))
    >>> sobyanin = Word("Собянина", 7, 15, "PROPN", "Gen", "Masc", "Собянин",
    ...                 (Reading("last", "Masc", "собянин"),))
    >>> name_person([sergei, sobyanin]).full
    'Сергей Собянин'
    """
    words = [word for word in words if _is_word(word)]
    roles = _assign_roles(words)
    gender = _person_gender(roles)
    parts: dict[NameRole, str] = {
        role: _part_nominative(word, role, gender) for role, word in roles.items()
    }
    initials = [word.text + "." for word in words if _is_initial(word)]
    if "first" not in parts and initials:
        parts["first"] = initials.pop(0)
    if "middle" not in parts and initials and parts["first"].endswith("."):
        parts["middle"] = initials.pop(0)
    return PersonName(parts.get("first"), parts.get("middle"), parts.get("last"))
