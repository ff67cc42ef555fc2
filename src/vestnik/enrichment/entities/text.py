"""Small text helpers: the comparison key of a name, joining and capitalising words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from vestnik.enrichment.entities.records import Word
from vestnik.language.folding import fold_yo

# --- folding and spacing --------------------------------------------------------------

_LETTER: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]")
_CYRILLIC: Final[re.Pattern[str]] = re.compile("[А-Яа-яЁё]")
_LOWER: Final[re.Pattern[str]] = re.compile("[а-яё]")
_SPACES: Final[re.Pattern[str]] = re.compile(r"\s+")
_QUOTE_CHARS: Final[re.Pattern[str]] = re.compile('[«»„“”"]')


def _fold(text: str) -> str:
    """Return the comparison key of a name: lower case, «е» for «ё», no quotes.

    >>> _fold("ОЭЗ «Технополис Москва»"), _fold("Тропарёво")
    ('оэз технополис москва', 'тропарево')
    """
    text = _QUOTE_CHARS.sub(" ", fold_yo(text.lower()))
    return _SPACES.sub(" ", text).strip()


def _join(words: Sequence[Word], forms: Sequence[str]) -> str:
    """Join the forms of words with a space where the text had any space between them."""
    parts: list[str] = []
    for index, (word, form) in enumerate(zip(words, forms, strict=True)):
        if index and word.start > words[index - 1].stop:
            parts.append(" ")
        parts.append(form)
    return "".join(parts)


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _is_word(word: Word) -> bool:
    return _LETTER.search(word.text) is not None
