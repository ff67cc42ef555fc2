"""Small text rules shared by editors' tools: comparison keys for headlines and names, the end of
a sentence, a text cut to a length."""

import re
from collections.abc import Callable

from vestnik.language.folding import fold_yo

__all__ = ["cut_at_word", "end_sentence", "normalize_headline"]

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


ELLIPSIS = "…"
# Where a text may be cut: between words, not at a no-break space (U+00A0 after «в», U+202F in
# «10 000»), which binds what it stands between.
BREAKS = " \t\r\n"
# Left off before the «…»: a cut text ends with its last word, not with a comma or a dash; nor with
# a full stop (or an ellipsis of its own), which the «…» takes in, as Russian punctuation merges a
# stop into an ellipsis: «вход бесплатный…», never «вход бесплатный.…» with four dots.
TRAILING = BREAKS + ",;:—–-." + ELLIPSIS


def cut_at_word(text: str, limit: int, measure: Callable[[str], int] = len) -> str:
    """``text`` if it measures at most ``limit``, else its longest start that ends with a whole
    word and fits with «…» added; empty if not even the «…» fits. A first word longer than that is
    cut inside. ``measure`` is how the destination counts, character by character (e.g.
    Telegram's UTF-16 code units).

    >>> cut_at_word("Капремонт домов на Бутлерова начнётся в мае", 24)
    'Капремонт домов на…'
    >>> cut_at_word("Каток открыт до 23:00. Вход бесплатный.", 27)
    'Каток открыт до 23:00…'
    """
    if measure(text) <= limit:
        return text
    budget = limit - measure(ELLIPSIS)
    if budget < 0:
        return ""
    fits, used = 0, 0
    for char in text:
        used += measure(char)
        if used > budget:
            break
        fits += 1
    start = text[:fits]
    if fits < len(text) and text[fits] not in BREAKS:
        # The cut fell inside a word: back to the break before it, if there is one.
        word_start = max(start.rfind(char) for char in BREAKS)
        if word_start > 0:
            start = start[:word_start]
    return start.rstrip(TRAILING) + ELLIPSIS
