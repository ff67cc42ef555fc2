"""Russian text analysis for search: the same terms for an article and for a query.

A reader types «производства Собянина», the article says «на производствах» and
«Сергей Собянин»; both sides have to meet on the same terms. So documents and queries
go through one pipeline, and a form in a query matches every form of the word in a text:

1. clean-up that keeps every offset: control characters become spaces and Latin
   look-alike letters inside a Cyrillic word («Мoсква» with a Latin «o») become Cyrillic;
2. razdel splits the text into tokens; punctuation is dropped;
3. the token is folded: lower case, «ё» → «е», stress marks and soft hyphens removed;
4. stop words (``data/stopwords_ru.txt``) are dropped;
5. the rest is lemmatised by pymorphy3, with a Snowball stem for words that neither
   its dictionary nor its guesser can place; Latin words and numbers pass through.

>>> analyze_terms("В Южном Медведкове открыли новые производства")
['южный', 'медведково', 'открыть', 'новый', 'производство']
>>> analyze_terms("производств в медведково") == analyze_terms("Производство Медведково")
True

pymorphy3 and its dictionaries (about 15 MB in memory) are loaded on the first analysis,
not on import, so importing this module from a settings file, a migration or a CLI
command costs nothing.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

__all__ = ["Token", "analyze_terms", "analyze_text", "lemmatize_word"]


@dataclass(frozen=True, slots=True)
class Token:
    """One content word of a text and its search term.

    ``text`` is exactly ``source[start:stop]`` of the string that was analysed, so a
    result snippet can highlight the word as the author wrote it, while ``term`` is
    what the index stores and the query is compared with.

    >>> Token(text="Собянина", start=10, stop=18, term="собянин").term
    'собянин'
    """

    text: str
    start: int
    stop: int
    term: str


# --- clean-up that keeps offsets ------------------------------------------------------
#
# Every replacement below maps one character to one character, so an offset into the
# cleaned text is an offset into the original, and Token.text can be sliced from it.

# Control characters (NUL, BEL, form feeds from pasted PDFs) and the invisible separators
# glue neighbouring words together in razdel; as spaces they separate them, as they
# should. Soft hyphens and joiners are not here: they sit inside a word and are removed
# from its term instead (see _fold).
_SEPARATORS: Final[dict[int, str]] = {
    **{code: " " for code in range(0x20)},
    **{code: " " for code in range(0x7F, 0xA0)},
    0x200B: " ",  # zero width space
    0x2028: " ",  # line separator
    0x2029: " ",  # paragraph separator
    0x2060: " ",  # word joiner
    0xFEFF: " ",  # byte order mark / zero width no-break space
}

# Latin letters that look exactly like Cyrillic ones. Copy-pasted and OCR'd text mixes
# them into Russian words («Мoсква»); razdel would split such a word at every script
# change, and no dictionary knows the pieces.
_LATIN_TO_CYRILLIC: Final[dict[int, str]] = str.maketrans(
    "aceopxyABCEHKMOPTXY",
    "асеорхуАВСЕНКМОРТХУ",
)
_CYRILLIC = "А-Яа-яЁё"
_SCRIPT_BOUNDARY: Final[re.Pattern[str]] = re.compile(
    f"[A-Za-z][{_CYRILLIC}]|[{_CYRILLIC}][A-Za-z]"
)
_MIXED_WORD: Final[re.Pattern[str]] = re.compile(f"[A-Za-z{_CYRILLIC}]+")
_LOOKALIKES: Final[frozenset[str]] = frozenset("aceopxyABCEHKMOPTXY")


def _fold_lookalikes(match: re.Match[str]) -> str:
    word = match.group()
    # Only a word that mixes scripts, and only when every Latin letter in it has a
    # Cyrillic twin: «iPhoneа» or «Mоsква» (Latin «s») are left alone, not guessed at.
    if not _SCRIPT_BOUNDARY.search(word):
        return word
    if any(char not in _LOOKALIKES for char in word if char.isascii()):
        return word
    return word.translate(_LATIN_TO_CYRILLIC)


def _clean(text: str) -> str:
    """Return ``text`` with separators spaced and look-alikes folded, same length."""
    text = text.translate(_SEPARATORS)
    if _SCRIPT_BOUNDARY.search(text):
        text = _MIXED_WORD.sub(_fold_lookalikes, text)
    return text


# --- folding a single word ------------------------------------------------------------

# Characters that do not belong in a term: combining acute and grave (stress marks in
# dictionaries and textbooks: «за́мок»), soft hyphens, zero-width joiners and direction
# marks. Checked with one regex first because almost no word has them.
_INVISIBLE: Final[re.Pattern[str]] = re.compile("[\u0300\u0301\u00ad\u200c-\u200f\u202a-\u202e]")
# A decomposed «й» or «ё» (letter + combining mark) must compose before the lookups.
_COMBINING: Final[re.Pattern[str]] = re.compile("[\u0300-\u036f]")


def _fold(word: str) -> str:
    """Lower-case a word, drop stress marks and invisible characters, write «е» for «ё».

    «ё» is optional in Russian print: the same outlet writes «Бирюлёво» and «Бирюлево»,
    a reader types either. Folding it on both sides is what lets them meet.

    >>> _fold("Бирюлёво")
    'бирюлево'
    """
    if _COMBINING.search(word):
        word = unicodedata.normalize("NFD", word)
        word = _INVISIBLE.sub("", word)
        word = unicodedata.normalize("NFC", word)
    elif _INVISIBLE.search(word):
        word = _INVISIBLE.sub("", word)
    return word.lower().replace("ё", "е")


# --- stop words -----------------------------------------------------------------------


@functools.cache
def stop_words() -> frozenset[str]:
    """Return the stop words, folded, read once from ``data/stopwords_ru.txt``.

    >>> "не" in stop_words(), "район" in stop_words()
    (True, False)
    """
    source = resources.files("vestnik.language").joinpath("data/stopwords_ru.txt")
    words = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(_fold(line))
    return frozenset(words)


# --- the morphology, built once and lazily --------------------------------------------

_build_lock = threading.Lock()
_morph: Any = None
_stemmer: Any = None


def _morph_analyzer() -> Any:
    """Return the shared pymorphy3 MorphAnalyzer, building it on the first call.

    Loading the dictionaries takes a fraction of a second and some 15 MB, so it is
    done once per process and only by code that actually analyses text. The lock keeps
    two threads of one worker from loading them twice.
    """
    global _morph
    if _morph is None:
        with _build_lock:
            if _morph is None:
                import pymorphy3  # type: ignore[import-untyped]

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


def _snowball() -> Any:
    """Return the shared Snowball stemmer for Russian, building it on the first call."""
    global _stemmer
    if _stemmer is None:
        with _build_lock:
            if _stemmer is None:
                import Stemmer  # type: ignore[import-not-found]

                _stemmer = Stemmer.Stemmer("russian")
    return _stemmer


# --- choosing the lemma ---------------------------------------------------------------
#
# pymorphy3 returns every parse it can think of, each with a normal form and a score.
# The rule, tuned on the names of Moscow's districts and metro stations and on the words
# of the shared Telegram news sample (see tests/language/test_analysis.py):
#
# 1. Parses that come from the dictionary (including hyphenated words pymorphy assembles
#    from dictionary parts, «интернет-магазин», «35-летний») are trusted. Their scores
#    are added up per normal form and the best normal form wins. Adding up matters:
#    «Бутово» has one adjective parse («бутовый») and two place parses (nominative and
#    accusative of «Бутово»); the place wins two to one.
# 2. Near ties (within _TIE) go to a proper name, places first, then organisations, then
#    surnames, first names and patronymics. «Митине» and «Перове» are equally likely the
#    locative of Митино/Перово or of the surnames Митин/Перов; a district news site
#    writes «в Митине» far more often than «о Митине», and the nominative «Митино»
#    already lemmatises to the place, so the tie goes to the place and both forms meet.
#    A clear common-noun winner keeps its word: «Гора» stays «гора», not the name «Гор».
# 3. When nothing is in the dictionary, every parse is a guess from the word's ending.
#    The best-scoring guess is often an adjective built from a place name («Руднево» →
#    «рудневый», «Рудневом» → «рудневый»), which is never what a reader means, so only
#    a noun guess made from a known ending (pymorphy's KnownSuffixAnalyzer) is taken:
#    «Руднево» → «руднево», «Байдена» → «байден», «Стельмаховке» → «стельмаховка».
# 4. With no noun guess either, the word gets its Snowball stem («релизнули» →
#    «релизнул»), which at least folds its regular endings.
# 5. Words of up to three letters that the dictionary does not know (acronyms such as
#    «ВАО», «ЦАО») are kept as they are: stemming «вао» to «ва» would only collide.
#
# Letter case plays no part. The first version preferred proper names for capitalised
# words only, as the issue suggested, but a reader types «руднево» or «митине» in lower
# case, and a rule that depends on case would analyse the query differently from the
# article it is looking for. pymorphy3 ignores case anyway; so does this rule.

_TIE: Final = 0.02

# Lower rank wins a near tie.
_PROPER_RANK: Final[dict[str, int]] = {"Geox": 0, "Orgn": 1, "Surn": 2, "Name": 3, "Patr": 4}
_COMMON_RANK: Final = len(_PROPER_RANK)

# Analysers whose parses rest on dictionary words rather than on a guess from the ending.
_TRUSTED_METHODS: Final[frozenset[str]] = frozenset(
    {
        "DictionaryAnalyzer",
        "HyphenatedWordsAnalyzer",
        "HyphenSeparatedParticleAnalyzer",
        "HyphenAdverbAnalyzer",
        "KnownPrefixAnalyzer",
        "NumberAnalyzer",
        "RomanNumberAnalyzer",
    }
)
_SUFFIX_GUESS: Final = "KnownSuffixAnalyzer"
_SHORT_UNKNOWN: Final = 3

_HAS_CYRILLIC: Final[re.Pattern[str]] = re.compile(f"[{_CYRILLIC}]")


def _methods(parse: Any) -> list[str]:
    return [type(step[0]).__name__ for step in parse.methods_stack]


def _is_trusted(parse: Any) -> bool:
    methods = _methods(parse)
    # UnknownPrefixAnalyzer strips an arbitrary prefix and looks up the rest, so
    # «Рудневе» becomes «Ру» + «днева»: its parses are guesses even though the
    # dictionary was consulted.
    return "UnknownPrefixAnalyzer" not in methods and methods[-1] in _TRUSTED_METHODS


def _proper_rank(parse: Any) -> int:
    grammemes = parse.tag.grammemes
    return min(
        (rank for name, rank in _PROPER_RANK.items() if name in grammemes), default=_COMMON_RANK
    )


def _choose_lemma(word: str, parses: list[Any]) -> str | None:
    """Apply rules 1–3 above to pymorphy3's parses; None sends the word to the stemmer."""
    scores: dict[str, float] = {}
    ranks: dict[str, int] = {}
    for parse in parses:
        if _is_trusted(parse):
            lemma = parse.normal_form
            scores[lemma] = scores.get(lemma, 0.0) + parse.score
            ranks[lemma] = min(ranks.get(lemma, _COMMON_RANK), _proper_rank(parse))
    if scores:
        best = max(scores.values())
        # max() keeps the first of equal keys, and dicts keep pymorphy's order.
        contenders = [lemma for lemma, score in scores.items() if score >= best - _TIE]
        return min(contenders, key=lambda lemma: (ranks[lemma], -scores[lemma]))

    nouns = [
        parse
        for parse in parses
        if parse.tag.POS == "NOUN" and _methods(parse)[-1] == _SUFFIX_GUESS
    ]
    if nouns:
        return str(max(nouns, key=lambda parse: parse.score).normal_form)
    return None


@functools.lru_cache(maxsize=200_000)
def lemmatize_word(word: str) -> str:
    """Return the search term of one word: its folded lemma, stem, or the word itself.

    The same word always gives the same term, whatever its case and whether it comes
    from an article or from a query; that is the whole point. Results are cached (200k
    words, a few tens of MB), since news text repeats its vocabulary heavily.

    >>> [lemmatize_word(w) for w in ("Собянину", "производствах", "Алабушеве")]
    ['собянин', 'производство', 'алабушево']
    >>> lemmatize_word("Руднево"), lemmatize_word("Бирюлёве"), lemmatize_word("Mos.ru")
    ('руднево', 'бирюлево', 'mos.ru')
    """
    folded = _fold(word)
    if not _HAS_CYRILLIC.search(folded):
        # Latin words, numbers, codes: nothing to lemmatise, and a Russian stemmer
        # would only damage them.
        return folded
    parses = _morph_analyzer().parse(folded)
    lemma = _choose_lemma(folded, parses)
    if lemma is not None:
        return _fold(lemma)
    if len(folded) <= _SHORT_UNKNOWN:
        return folded
    return str(_snowball().stemWord(folded))


# --- the public pipeline --------------------------------------------------------------

# A token is content when it has a letter or a digit; «—», «»», «!!!» are not.
_CONTENT: Final[re.Pattern[str]] = re.compile(r"[^\W_]")
# razdel leaves trailing slashes and the like on some tokens («123/» from a URL).
_EDGE_JUNK: Final[re.Pattern[str]] = re.compile(r"^[\W_]+|[\W_]+$")


def _spans(cleaned: str) -> Iterator[tuple[int, int]]:
    """Yield (start, stop) of every content token of already cleaned text."""
    from razdel import tokenize  # type: ignore[import-untyped]

    for token in tokenize(cleaned):
        surface = token.text
        if not _CONTENT.search(surface):
            continue
        start, stop = token.start, token.stop
        if not (surface[0].isalnum() and surface[-1].isalnum()):
            # Trim punctuation stuck to the edges, moving the offsets with it.
            inner = _EDGE_JUNK.sub("", surface)
            start += surface.find(inner)
            stop = start + len(inner)
        yield start, stop


def analyze_text(text: str) -> list[Token]:
    """Split ``text`` into content tokens, each with its search term.

    Punctuation and stop words are dropped; offsets point into ``text`` as given, so
    ``text[token.start:token.stop] == token.text``.

    >>> [(t.text, t.term) for t in analyze_text("Мэр Москвы Сергей Собянин открыл «Технополис»")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Мэр', 'мэр'), ('Москвы', 'москва'), ('Сергей', 'сергей'), ('Собянин', 'собянин'),
     ('открыл', 'открыть'), ('Технополис', 'технополис')]
    """
    if not text or text.isspace():
        return []
    cleaned = _clean(text)
    stop = stop_words()
    result: list[Token] = []
    for start, end in _spans(cleaned):
        surface = cleaned[start:end]
        if _fold(surface) in stop:
            continue
        result.append(Token(text[start:end], start, end, lemmatize_word(surface)))
    return result


def analyze_terms(text: str) -> list[str]:
    """Return the search terms of ``text`` in order: for documents and queries alike.

    >>> analyze_terms("Жители Алабушева против новых производств")
    ['житель', 'алабушево', 'против', 'новый', 'производство']
    """
    return [token.term for token in analyze_text(text)]
