"""Small text rules shared by editors' tools: comparison keys for headlines and names."""

import re

from vestnik.language.folding import fold_yo

__all__ = ["end_sentence", "normalize_headline"]

QUOTES = "«»„“”\"'‘’"
SPACES = re.compile(r"\s+")


def normalize_headline(text: str) -> str:
    """A key under which two spellings of one headline compare equal.

    Case, ё/е, quote styles, runs of spaces and a final full stop do not matter:

    >>> normalize_headline("Мэр о «Технополисе».") == normalize_headline('мэр  о "Технополисе"')
    True
    """
    text = fold_yo(text.casefold())
    text = text.translate({ord(quote): '"' for quote in QUOTES})
    text = SPACES.sub(" ", text).strip()
    return text.rstrip(". ")


SENTENCE_ENDS = (".", "!", "?", "…")


def end_sentence(text: str) -> str:
    """The text with a full stop, unless it already ends a sentence.

    >>> end_sentence("Мэр подвёл итоги «Технополиса»"), end_sentence("Что дальше?")
    ('Мэр подвёл итоги «Технополиса».', 'Что дальше?')
    """
    text = text.rstrip()
    return text if not text or text.endswith(SENTENCE_ENDS) else text + "."
