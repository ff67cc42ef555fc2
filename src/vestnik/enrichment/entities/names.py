"""Normalising organisations and places: only the head of a name declines."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import Final

from vestnik.enrichment.entities.quotes import _ABBREVIATION, _OPENING
from vestnik.enrichment.entities.records import Word
from vestnik.enrichment.entities.text import _capitalised, _fold, _is_word, _join
from vestnik.language.analysis import lemmatize_word
from vestnik.language.places import place_names

__all__ = ["name_organisation", "name_place"]

# --- organisations and places ---------------------------------------------------------
#
# Only the head of a name declines: «Департамента культуры Москвы» is «Департамент
# культуры Москвы», not natasha's «Департамент культура Москва». So adjectives and the
# first noun are put in the nominative, and everything after that noun stays as written.

_ADJECTIVE_POS: Final = frozenset({"ADJ", "DET"})
_NOUN_POS: Final = frozenset({"NOUN", "PROPN"})
_OBLIQUE_NEUTER: Final[re.Pattern[str]] = re.compile("(?<=ов|ев|ёв|ин|ын)(?:а|у|ом|е)$", re.I)
_NEUTER_ADJECTIVE: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile("(?<=[кгх])ий$"), "ое"),
    (re.compile("(?:ый|ой)$"), "ое"),
    (re.compile("ий$"), "ее"),
)


def _head_forms(words: Sequence[Word], head: Callable[[Word], str] | None = None) -> list[str]:
    forms: list[str] = []
    declining = True
    for word in words:
        if declining and not _is_word(word):
            form = word.text  # quotes and hyphens before the head
        elif declining and _ABBREVIATION.fullmatch(word.text):
            form, declining = word.text, False  # «ОЭЗ», «МФЦ» do not decline
        elif declining and word.pos in _ADJECTIVE_POS:
            form = word.normal
        elif declining and word.pos in _NOUN_POS:
            form, declining = (head(word) if head else word.normal), False
        else:
            form, declining = word.text, False
        forms.append(form)
    return forms


def name_organisation(words: Sequence[Word]) -> tuple[str, str]:
    """Return an organisation's name and the key that tells it apart.

    The key leaves out the quotes and the type before them, so «Технополис Москва» and
    «ОЭЗ «Технополис Москва»» have the same one.

    >>> words = [Word("ОЭЗ", 0, 3, "PROPN", "Nom", None, "ОЭЗ"),
    ...          Word("«", 4, 5, "PUNCT", None, None, "«"),
    ...          Word("Технополис", 5, 15, "PROPN", "Nom", "Masc", "Технополис"),
    ...          Word("»", 15, 16, "PUNCT", None, None, "»")]
    >>> name_organisation(words)
    ('ОЭЗ «Технополис»', 'технополис')
    """
    quote = next((index for index, word in enumerate(words) if word.text in _OPENING), None)
    if not quote:
        name = _join(words, _head_forms(words))
        return _capitalised(name), _fold(name)
    # After a type the quoted name is in apposition and keeps the nominative as written
    # («в ОЭЗ «Технополис Москва»»), so only the type declines.
    prefix, quoted = words[:quote], words[quote:]
    forms = _head_forms(prefix) + [word.text for word in quoted]
    return _capitalised(_join(words, forms)), _fold(_join(quoted, [w.text for w in quoted]))


@functools.cache
def _listed_places() -> frozenset[str]:
    """Return the folded words of vestnik.language's list of Moscow place names."""
    return frozenset(_fold(word) for name in place_names() for word in name.split())


def _mended_place(word: Word) -> str | None:
    """Return the -о name a word is an oblique form of, if the lemmatiser agrees.

    «Рудневе», «Орехове-Борисове» → «Руднево», «Орехово-Борисово», spelt as the text
    spells them (capitals, «ё»); None for any other word.
    """
    parts = word.text.split("-")
    mended = [
        _OBLIQUE_NEUTER.sub("", part) + "о" if _OBLIQUE_NEUTER.search(part) else part
        for part in parts
    ]
    if mended == parts:
        return None
    candidate = "-".join(mended)
    return candidate if _fold(candidate) == lemmatize_word(word.text) else None


def _neuter_place(word: Word) -> str:
    """Return a place word in the nominative, mending Moscow's -ово/-ино names.

    natasha reads «в Рудневе» as the surname «Руднев» and leaves «Марфине» as it is.
    When the word is an oblique form of a neuter name in -ово/-ево/-ино/-ыно and the
    search lemmatiser, which knows Moscow's place names, agrees, the name is the -о form.
    natasha's own nominative stays when it made one and the -о name is not a Moscow
    one: «в Кирове» is Киров.
    """
    candidate = _mended_place(word)
    if candidate is None:
        return word.normal
    natasha_declined = word.normal.lower() != word.text.lower()
    if natasha_declined and _fold(candidate) not in _listed_places():
        return word.normal
    return candidate


def _neuter_adjective(form: str) -> str:
    for pattern, ending in _NEUTER_ADJECTIVE:
        if pattern.search(form):
            return pattern.sub(ending, form)
    return form


def name_place(words: Sequence[Word]) -> str:
    """Return a place's name in the nominative («Южном Медведкове» → «Южное Медведково»).

    >>> name_place([Word("Рудневе", 2, 9, "PROPN", "Loc", "Masc", "Руднев")])
    'Руднево'
    """
    forms = _head_forms(words, _neuter_place)
    head = next((index for index, word in enumerate(words) if word.pos in _NOUN_POS), None)
    if head is not None and forms[head] != words[head].normal:
        # The head became a neuter -о name: its adjectives agree («Южный» → «Южное»).
        for index in range(head):
            if words[index].pos in _ADJECTIVE_POS:
                forms[index] = _neuter_adjective(forms[index])
    return _capitalised(_join(words, forms))


# «в Кунцеве», «Южного Медведкова», «Алабушево» at the start of a title: natasha
# sometimes takes a Moscow district for a person. The nominative in -ово/-ино and the
# locative and instrumental endings (-е, -ом) are a place's, not a surname's, and so is
