"""The text around a candidate name: phrases, lists, sentence starts, quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from vestnik.enrichment.districts.declension import _fold
from vestnik.language.analysis import Token

# Between two words of one phrase: spaces and quotes («метро «Сокол»»), or the dot of
# an abbreviation («м. Сокол», «ул. Янгеля»). A comma or a line break ends the phrase.
_JOINING_GAP: Final[re.Pattern[str]] = re.compile(r"[ \t\u00a0«»\"„“”'.]*")
# Between the members of a list: «Бабушкинский и Лосиноостровский», «Северный, Южный».
_LIST_GAP: Final[re.Pattern[str]] = re.compile(
    r"[\s«»\"„“”]*(?:,[\s«»\"„“”]*)?(?:(?:и|или)[\s«»\"„“”]+)?", re.IGNORECASE
)
# Between a name and a word a little further on in the same sentence.
_SAME_SENTENCE_GAP: Final[re.Pattern[str]] = re.compile(r"[^.!?;\n]*")
_WORD: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PREPOSITION: Final[re.Pattern[str]] = re.compile(
    r"(?:^|[^\w-])(?:в|во|на|у|из|от|до|около|возле|под)\s+[«\"„“]?$", re.IGNORECASE
)
_QUOTES: Final = frozenset('«"„“')
# How far back (and forward) the context patterns look, in characters.
_WINDOW: Final = 64
# What may stand between the end of a sentence and its first word: spaces, opening
# quotes and brackets, a dash of direct speech.
_LEADING: Final = "«\"„“'([—–- \t\u00a0"
# What may stand before a word inside a sentence, besides letters and digits.
_INSIDE: Final = frozenset(",;:»”)")
# How far a list may stretch between a name and its unit word.
_LIST_LENGTH: Final = 6


def _joined(text: str, left: Token, right: Token, abbreviations: frozenset[str]) -> bool:
    """Tell whether two tokens are one phrase: nothing but spaces, quotes or the dot of
    an abbreviation between them («метро «Сокол»», «м. Сокол»)."""
    gap = text[left.stop : right.start]
    if not _JOINING_GAP.fullmatch(gap):
        return False
    return "." not in gap or _fold(left.text) in abbreviations


def _starts_sentence(text: str, start: int, abbreviations: frozenset[str]) -> bool:
    """Tell whether the word at ``start`` opens a sentence, where capitals prove nothing.

    >>> short = frozenset({"м"})
    >>> _starts_sentence("Сокол поймал голубя", 0, short), _starts_sentence("На Соколе", 3, short)
    (True, False)
    >>> _starts_sentence("12 мая. «Сокол»", 9, short), _starts_sentence("у м. Сокол", 5, short)
    (True, False)
    >>> _starts_sentence("🛫 Аэропорты работают", 2, short)
    True
    """
    before = text[max(0, start - _WINDOW) : start]
    stripped = before.rstrip(_LEADING)
    # Nothing but spaces and quotes before: the text's start, or a run of blanks long
    # enough to be a break anyway.
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    if stripped[-1].isalnum() or stripped[-1] in _INSIDE:
        return False
    if stripped[-1] == ".":
        word = re.search(r"([\w-]+)\.$", stripped)
        # «м. Сокол», «ул. Янгеля», «г. Троицк»: the dot of an abbreviation.
        if word is not None and _fold(word.group(1)) in abbreviations:
            return False
    # A sentence end, or an emoji, bullet or markdown mark that opens a headline line.
    return True


@dataclass(frozen=True, slots=True)
class _Span:
    """A run of tokens ``tokens[first:last + 1]`` that names something, in context."""

    text: str
    tokens: Sequence[Token]
    first: int
    last: int
    abbreviations: frozenset[str]
    city: frozenset[str]

    def joined(self, left: Token, right: Token) -> bool:
        return _joined(self.text, left, right, self.abbreviations)

    def listed(self, left: Token, right: Token) -> bool:
        """Tell whether two tokens are neighbours in a list: joined, or «и», «или», «,»."""
        gap = self.text[left.stop : right.start]
        return self.joined(left, right) or _LIST_GAP.fullmatch(gap) is not None

    @property
    def start(self) -> int:
        return self.tokens[self.first].start

    @property
    def stop(self) -> int:
        return self.tokens[self.last].stop

    def before(self) -> Token | None:
        """The token right before the span, if it is part of the same phrase."""
        if self.first == 0:
            return None
        previous = self.tokens[self.first - 1]
        return previous if self.joined(previous, self.tokens[self.first]) else None

    def after(self) -> Token | None:
        """The token right after the span, if it is part of the same phrase."""
        if self.last + 1 >= len(self.tokens):
            return None
        following = self.tokens[self.last + 1]
        return following if self.joined(self.tokens[self.last], following) else None

    def preceded_by(self, cues: Iterable[tuple[str, ...]], *, first: int | None = None) -> bool:
        """Tell whether one of the ``cues`` (term runs) ends right before token ``first``."""
        index = self.first if first is None else first
        for cue in cues:
            begin = index - len(cue)
            if begin < 0:
                continue
            run = self.tokens[begin : index + 1]
            if all(token.term == term for token, term in zip(run, cue, strict=False)) and all(
                self.joined(left, right) for left, right in zip(run, run[1:], strict=False)
            ):
                return True
        return False

    def list_reaches_before(self, cues: Iterable[tuple[str, ...]]) -> bool:
        """Tell whether a cue stands before the span, maybe across a list of names.

        «районы Северный и Восточный»: for «Восточный» the list walks back over
        «Северный» to «районы».
        """
        index = self.first
        for _ in range(_LIST_LENGTH):
            if self.preceded_by(cues, first=index):
                return True
            if index == 0:
                return False
            previous = self.tokens[index - 1]
            if not (previous.text[:1].isupper() and self.listed(previous, self.tokens[index])):
                return False
            index -= 1
        return False

    def list_reaches_after(self, terms: frozenset[str]) -> int | None:
        """Return the index of a word of ``terms`` after the span, maybe across a list
        («Бабушкинский и Лосиноостровский районы»), or None."""
        index = self.last
        for _ in range(_LIST_LENGTH):
            if index + 1 >= len(self.tokens):
                return None
            following = self.tokens[index + 1]
            if following.term in terms and self.joined(self.tokens[index], following):
                return index + 1
            if not (following.text[:1].isupper() and self.listed(self.tokens[index], following)):
                return None
            index += 1
        return None

    def capitalised(self) -> bool:
        return self.tokens[self.first].text[:1].isupper()

    def at_sentence_start(self) -> bool:
        return _starts_sentence(self.text, self.start, self.abbreviations)

    def followed_within(self, terms: frozenset[str], count: int) -> bool:
        """Tell whether a word of ``terms`` is among the next ``count`` content words of
        the sentence («в районе Очакова в Николаевской области»)."""
        index = self.last
        while index + 1 < len(self.tokens) and index < self.last + count:
            gap = self.text[self.tokens[index].stop : self.tokens[index + 1].start]
            if not _SAME_SENTENCE_GAP.fullmatch(gap):
                return False
            index += 1
            if self.tokens[index].term in terms:
                return True
        return False

    def names_another_city(self, index: int) -> bool:
        """Tell whether ``tokens[index]`` continues the phrase with a place's name in the
        genitive that is not Moscow: «Киевский район Харькова», «Восточного округа
        Нью-Йорка». An okrug's abbreviation («Бабушкинский район СВАО») is Moscow."""
        if index >= len(self.tokens) or index == 0:
            return False
        token = self.tokens[index]
        return (
            self.joined(self.tokens[index - 1], token)
            and token.text[:1].isupper()
            and not token.text.isupper()
            and token.term not in self.city
        )

    def quote_owner(self) -> Token | None | Literal[False]:
        """Return the word before the open quote the span sits in, None if the quote
        opens the text or a clause, False if the span is not in quotes.

        «ЖК «Новое Внуково»»: «ЖК». Only «…» and "…", and only up to three words into
        the quotes.
        """
        window = self._window_before()
        offset = self.start - len(window)
        guillemet = window.rfind("«")
        if guillemet > window.rfind("»"):
            opening = guillemet
        elif window.count('"') % 2 == 1:
            opening = window.rfind('"')
        else:
            return False
        inside = window[opening + 1 :]
        if not _SAME_SENTENCE_GAP.fullmatch(inside) or len(_WORD.findall(inside)) > 3:
            return False
        quote = offset + opening
        index = self.first - 1
        while index >= 0 and self.tokens[index].start > quote:
            index -= 1
        if index < 0 or self.text[self.tokens[index].stop : quote].strip():
            return None
        return self.tokens[index]

    def defines_abbreviation(self) -> bool:
        """«Специальной астрофизической обсерватории (САО)»: the abbreviation in brackets
        spells the initials of the words before it, so it stands for them."""
        letters = self.text[self.start : self.stop]
        if not letters.isalpha() or not letters.isupper():
            return False
        before = self._window_before().rstrip()
        after = self.text[self.stop : self.stop + _WINDOW].lstrip()
        if not before.endswith("(") or not after.startswith(")"):
            return False
        words = _WORD.findall(before[:-1])[-len(letters) :]
        return "".join(word[0] for word in words).upper() == letters

    def after_preposition(self) -> bool:
        return _PREPOSITION.search(self._window_before()) is not None

    def _window_before(self) -> str:
        # The patterns look a few characters back; slicing the whole prefix for each
        # candidate would make a long article quadratic.
        return self.text[max(0, self.start - _WINDOW) : self.start]

    def followed_by_quote(self) -> bool:
        """«ЗАО «Рога и копыта»»: the span is the legal form of the name that follows."""
        return self.text[self.stop : self.stop + _WINDOW].lstrip()[:1] in _QUOTES

    def followed_by_name(self) -> bool:
        """«Аэропорт Шереметьево»: the span is the kind of the thing named next."""
        following = self.after()
        return self.followed_by_quote() or (following is not None and following.text[:1].isupper())
