"""Russian text analysis for search: the same terms for an article and for a query.

A reader types «производства Собянина», the article says «на производствах» and
«Сергей Собянин»; both sides have to meet on the same terms. So documents and queries
go through one pipeline, and a form in a query matches every form of the word in a text:

1. clean-up that keeps every offset: control characters become spaces and Latin
   look-alike letters inside a Cyrillic word («Мoсква» with a Latin «o») become Cyrillic;
2. razdel splits the text into tokens; punctuation is dropped;
3. the token is folded: lower case, «ё» → «е», stress marks and soft hyphens removed;
4. stop words (``data/stopwords_ru.txt``) are dropped;
5. a form of a place listed in ``data/places_ru.txt`` («в Рудневе», «Бутовом») becomes
   the place's nominative; the rest is lemmatised by pymorphy3, with a Snowball stem for
   words that neither its dictionary nor its guesser can place; Latin words and numbers
   pass through.

>>> analyze_terms("В Южном Медведкове открыли новые производства")
['южный', 'медведково', 'открыть', 'новый', 'производство']
>>> analyze_terms("производств в медведково") == analyze_terms("Производство Медведково")
True

pymorphy3 and its dictionaries (about 25 MB in memory) and the place list are loaded on
the first analysis, not on import, so importing this module from a settings file, a
migration or a CLI command costs nothing.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

from vestnik.language.folding import fold_yo
from vestnik.language.places import place_names

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
    **dict.fromkeys(range(0x20), " "),
    **dict.fromkeys(range(0x7F, 0xA0), " "),
    0x200B: " ",  # zero width space
    0x2028: " ",  # line separator
    0x2029: " ",  # paragraph separator
    0x2060: " ",  # word joiner
    0xFEFF: " ",  # byte order mark / zero width no-break space
}

# Latin letters that look exactly like Cyrillic ones. Copy-pasted and OCR'd text mixes
# them into Russian words («Мoсква»); razdel would split such a word at every script
# change, and no dictionary knows the pieces.
_LATIN_TO_CYRILLIC: Final[dict[int, int]] = str.maketrans(
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
    return fold_yo(word.lower())


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

    Loading the dictionaries takes about 0.1 s and some 25 MB, so it is
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


# --- the gazetteer: place names pymorphy does not decline right -----------------------
#
# pymorphy3's dictionary lacks most of Moscow's neuter place names in -ово/-ево/-ино/-ыно,
# and its guesser reads their oblique cases as something else: «в Рудневе» as the
# surname «руднев» (while «Руднево» is «руднево»), «Бутовом» and «Ореховом» as the
# adjectives «бутовый», «ореховый». data/places_ru.txt lists such names (and a few others
# pymorphy gets wrong), and every form of a listed name is looked up before pymorphy is
# asked (rule 0 below). The forms are generated, not guessed:
#
# - a word in -ово/-ево/-ино/-ыно/-цо declines as a neuter noun: -о, -а, -у, -ом, -е
#   («Руднево», «Руднева», «Рудневу», «Рудневом», «Рудневе»); one in -ье likewise:
#   -ье, -ья, -ью, -ьем («Замоскворечье», «Замоскворечья»). The term is the name itself;
# - any other word is declined by pymorphy from its nominative parse, in its own gender
#   and number («Кузьминки» → «кузьминок», «кузьминкам», ...). An adjective's term is the
#   adjective's lemma, as rule 2 has it («Тёплый», «в Тёплом» → «теплый»), a noun's is
#   its normal form («кузьминки»). In a name of several words («Тёплый Стан») each word
#   is still analysed on its own, and only the kinds of word pymorphy gets wrong are
#   declined here: -о words, adjectives and proper names; a common noun such as «Стан»
#   or «горы» is left to pymorphy, so that «стану» stays the verb «стать»;
# - a hyphenated name is one token («в Орехове-Борисове»): its last part takes the case
#   and every earlier part is either in the same case or left in the nominative, as
#   both are written («в Тропарёве-Никулине», «в Тропарёво-Никулине»). Its term is the
#   whole name in the nominative.
#
# A form shared by two names goes to the one listed first, except that a name's own
# nominative always gives the name.

_CASES: Final = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NEUTER_PLACE: Final[re.Pattern[str]] = re.compile("(?:ов|ев|ин|ын|ц)о$")
# Case endings that replace the final «о» of a neuter place, or the «е» of one in -ье.
_NEUTER_ENDINGS: Final[dict[str, str]] = {
    "nomn": "о",
    "gent": "а",
    "datv": "у",
    "accs": "о",
    "ablt": "ом",
    "loct": "е",
}
_IE_ENDINGS: Final[dict[str, str]] = {
    "nomn": "е",
    "gent": "я",
    "datv": "ю",
    "accs": "е",
    "ablt": "ем",
    "loct": "е",
}
_PROPER_GRAMMEMES: Final = frozenset({"Geox", "Orgn", "Surn", "Name", "Patr"})

_gazetteer_lock = threading.Lock()
_places: dict[str, str] | None = None

# The cases of one word or name: case → its forms there, folded.
_Declension = dict[str, set[str]]


def _declined_by_ending(word: str) -> _Declension | None:
    """Decline a neuter place in -ово/-ево/-ино/-ыно/-цо or -ье by its ending."""
    if _NEUTER_PLACE.search(word):
        endings = _NEUTER_ENDINGS
    elif word.endswith("ье"):
        endings = _IE_ENDINGS
    else:
        return None
    stem = word[:-1]
    return {case: {stem + ending} for case, ending in endings.items()}


def _nominative_parse(word: str) -> Any:
    """Return the parse of ``word`` as a nominative: an adjective, else a place, else the
    likeliest one («горы» is «гора», not the rare name «Гор»)."""
    parses = [parse for parse in _morph_analyzer().parse(word) if "nomn" in parse.tag.grammemes]

    def preference(parse: Any) -> tuple[bool, bool]:
        return parse.tag.POS != "ADJF", "Geox" not in parse.tag.grammemes

    # min() keeps the first of equal keys: pymorphy's order, best first.
    return min(parses, key=preference, default=None)


def _declined_by_pymorphy(parse: Any) -> _Declension:
    """Decline a parse through its six cases, keeping its gender and number."""
    forms: _Declension = {}
    for case in _CASES:
        inflected = parse.inflect({case})
        forms[case] = {_fold(inflected.word)} if inflected is not None else set()
    forms["nomn"].add(_fold(parse.word))
    return forms


def _declined_compound(word: str) -> _Declension:
    """Decline a hyphenated name: the last part in each case, the others as well or not."""
    parts: list[_Declension] = []
    for text in word.split("-"):
        declined = _declined_by_ending(text)
        if declined is None:
            parse = _nominative_parse(text)
            declined = (
                _declined_by_pymorphy(parse)
                if parse is not None
                else {case: {text} for case in _CASES}
            )
        parts.append(declined)
    last = len(parts) - 1
    forms: _Declension = {}
    for case in _CASES:
        options = [
            part[case] if index == last else part[case] | part["nomn"]
            for index, part in enumerate(parts)
        ]
        # Every combination: a part has one or two forms in a case.
        forms[case] = {"-".join(combination) for combination in itertools.product(*options)}
    return forms


def _declined_place_word(word: str, *, alone: bool) -> tuple[str, _Declension] | None:
    """Return the term and the cases of one listed word, or None to leave it to pymorphy.

    ``alone`` is true when the word is the whole name; a word of a longer name is only
    declined when pymorphy may get it wrong (see the section comment).
    """
    if "-" in word:
        return word, _declined_compound(word)
    declined = _declined_by_ending(word)
    if declined is not None:
        return word, declined
    parse = _nominative_parse(word)
    if parse is None:
        return None
    is_adjective = parse.tag.POS == "ADJF"
    if not (alone or is_adjective or parse.tag.grammemes & _PROPER_GRAMMEMES):
        return None
    term = _fold(parse.normal_form) if is_adjective or not alone else word
    return term, _declined_by_pymorphy(parse)


def _build_places(names: list[str]) -> dict[str, str]:
    nominatives: dict[str, str] = {}
    forms: dict[str, str] = {}
    for name in names:
        words = name.split()
        for word in words:
            declined = _declined_place_word(word, alone=len(words) == 1)
            if declined is None:
                continue
            term, cases = declined
            nominatives.setdefault(word, term)
            for case in _CASES:
                for form in cases[case]:
                    forms.setdefault(form, term)
    return {**forms, **nominatives}


def _gazetteer() -> dict[str, str]:
    """Return every form of every listed place, folded, mapped to the place's term.

    Read from ``data/places_ru.txt`` and declined on the first call, which happens on
    the first analysis of a Cyrillic word, since the declension needs pymorphy.

    >>> places = _gazetteer()
    >>> places["рудневе"], places["теплом"], places["орехове-борисове"]
    ('руднево', 'теплый', 'орехово-борисово')
    """
    global _places
    if _places is None:
        with _gazetteer_lock:
            if _places is None:
                _places = _build_places([_fold(name) for name in place_names()])
    return _places


def _is_listed_place(word: str) -> bool:
    """Tell whether the folded ``word`` is the nominative of a listed -о place."""
    return _gazetteer().get(word) == word and _NEUTER_PLACE.search(word) is not None


# --- choosing the lemma ---------------------------------------------------------------
#
# pymorphy3 returns every parse it can think of, each with a normal form and a score.
# Search needs one term per word, and needs every form of a word to land on the same
# term; picking pymorphy's first parse does not give that for the names a district
# paper lives on. The rule below was tuned on all cases of the names of Moscow's
# districts and metro stations (shared/data) and on the paradigms of the 1,500 most
# frequent lemmas and the unknown words of 8,000 posts of the shared Telegram sample:
# on the common lemmas, 98.1 % of forms reach their lemma against 96.6 % for
# pymorphy's first parse. Of the 385 words in district and station names (the parts of
# hyphenated names counted too), each put through its six cases, 33 lemmatised
# differently in some case before the gazetteer (rule 0 and its part in rules 3 and 4)
# and 8 do with it. Of the 94,750 distinct words of the whole Telegram sample, the
# gazetteer changes the term of 14, among them «старого» → «старый» (was «старое»),
# «теплом» → «теплый», «Мантуров» → «мантурово» (like «Мантурова»).
#
# Listed places (the gazetteer, data/places_ru.txt, see the section above):
#
# 0. A word that is a form of a listed place gets the place's term, whatever pymorphy
#    thinks of it: «Рудневе», «Рудневу» → «руднево», not the surname «руднев»;
#    «Бутовом», «Ореховом» → «бутово», «орехово», not the adjectives «бутовый»,
#    «ореховый»; «в Тёплом Стане» → «теплый», «стан», not «тепло». Words that merely
#    look like such forms are left alone: «Собянина», «Путина», «Медведева» are no
#    place's forms and stay surnames.
#
# Words the dictionary knows (parses from the dictionary, including the hyphenated
# words pymorphy assembles from dictionary parts, «интернет-магазин», «35-летний»):
#
# 1. Each normal form scores its best parse. Within _TIE of the best, the tie goes:
#    a. to an adjective, when a proper name competes with it: «в Курском» is «курский»,
#       not the instrumental of «Курск»; «данной» is «данный», not the name «Данна»;
#       «Беговой» is «беговой», not the surname «Бегов». The name's reading of such a
#       form is the rare one, and without this step «данной» would become «данна»;
#    b. to a proper name, places first, then organisations, surnames, first names,
#       patronymics: «Бутово» is as likely the adjective «бутовый» (ADJS) as the
#       place, and «Сокольники» as likely «сокольник» as the park;
#    c. to a normal form that is, read as a word, its own first normal form, then to
#       the shorter one: pymorphy scores «парке» evenly between «парк», «парка» and
#       «парок», and «парк» is what people mean. This step alone is worth 1.5 points
#       on the frequent lemmas;
#    d. to pymorphy's own order.
# 2. A place name that declines as an adjective («Отрадное», «Тверская», NOUN,Geox) is
#    not used when the word also parses as an adjective: it lemmatises as the adjective
#    («отрадный», «тверской»), the only term its other cases («Отрадного», «на
#    Тверской») can reach.
# 3. Surnames and places built on one stem are merged into the place: when «X» ends in
#    -ов/-ев/-ин/-ын and the dictionary has the place «Xо» or the gazetteer lists it,
#    «X» becomes «Xо». «Митине», «Митина» and «Митину» are as often the surname Митин
#    as the district Митино; merged, every form of both meets every other, and a reader
#    looking for either finds it («Руднев», «Рудневым» → «руднево», like «Рудневе»).
#    The price is a little precision: «Пушкин» also finds «Пушкино», «Борисов» finds
#    «Борисово». That is why the gazetteer leaves out places named after a common
#    surname that pymorphy already gets right.
#
# Words it does not know (only guesses from the ending):
#
# 4. A guess is taken only where it names something: an adjective in -ский/-цкий
#    («Вороновское», «Краснопахорском» → «вороновский», «краснопахорский»), or a
#    proper-name noun («Байдена» → «байден»; «Бекасово» read as a place, not as the
#    adjective «бекасовый», its best-scoring guess, which no reader means). Ordinary
#    unknown nouns are guessed badly too («биткоин» → «биткоина»), and the stem serves
#    them better. A guessed surname «X» merges into the place «Xо» as in rule 3
#    («Мантуров» → «мантурово», like «Мантурова», which the dictionary knows), and a
#    guessed place «Xо» that is not listed, whose «X» is a known surname, becomes «X»
#    for the same reason («Бекасово», «Бекасовом» → «бекасов», like «Бекасова»).
# 5. Anything else gets its Snowball stem («хабре», «хабра» → «хабр»), except words of
#    up to three letters («ВАО», «ЦАО»), which are kept whole: «вао» would stem to «ва».
#    Single letters are kept whole too; pymorphy reads «т» as the abbreviation of «так».
#
# Letter case plays no part. Preferring proper names only for capitalised words, as
# first planned, would analyse «митине» or «руднево» typed into the search box
# differently from «Митине» and «Руднево» in the article, and readers type in lower
# case. «ё» is folded before parsing and before the gazetteer for the same reason, so
# «тёплом» and «теплом» meet; the cost is that both read as the adjective «тёплый» of
# Тёплый Стан (rule 0), also where «теплом» is the noun «тепло» («обеспечить теплом»).

# pymorphy's scores for a word are often exact fractions (1/3 for each of three parses);
# a small margin treats rounding noise as the tie it is.
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
_ADJECTIVE_ENDINGS: Final = ("ое", "ее", "ая", "яя", "ый", "ий", "ой", "ые", "ие")
_SURNAME_SUFFIXES: Final = ("ов", "ев", "ёв", "ин", "ын")
_PLACE_ENDINGS: Final = tuple(suffix + "о" for suffix in _SURNAME_SUFFIXES)
_PLACE_ADJECTIVE_ENDINGS: Final = ("ский", "цкий")

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


def _trusted_parses(word: str) -> list[Any]:
    return [parse for parse in _morph_analyzer().parse(word) if _is_trusted(parse)]


@functools.lru_cache(maxsize=20_000)
def _place_named_after(lemma: str) -> str | None:
    """Return the place «митино» for the surname or possessive «митин», if there is one.

    The place is one the dictionary knows or one listed in the gazetteer («руднев» →
    «руднево»).
    """
    if not lemma.endswith(_SURNAME_SUFFIXES):
        return None
    place = lemma + "о"
    if _is_listed_place(_fold(place)):
        return place
    for parse in _trusted_parses(place):
        if "Geox" in parse.tag.grammemes and parse.normal_form == place:
            return place
    return None


@functools.lru_cache(maxsize=20_000)
def _is_surname(lemma: str) -> bool:
    """Tell whether the dictionary knows ``lemma`` as a surname («румянцев»)."""
    return any(
        "Surn" in parse.tag.grammemes and parse.normal_form == lemma
        for parse in _trusted_parses(lemma)
    )


@functools.lru_cache(maxsize=20_000)
def _is_own_lemma(lemma: str) -> bool:
    """Tell whether ``lemma`` read as a word is, first of all, its own dictionary form."""
    parses = _trusted_parses(lemma)
    return bool(parses) and parses[0].normal_form == lemma


def _term_of(parse: Any) -> str:
    lemma: str = parse.normal_form
    return _place_named_after(lemma) or lemma


def _choose_known(parses: list[Any]) -> str:
    has_adjective = any(parse.tag.POS == "ADJF" for parse in parses)
    scores: dict[str, float] = {}
    ranks: dict[str, int] = {}
    adjectives: set[str] = set()
    for parse in parses:
        if (
            has_adjective
            and parse.tag.POS == "NOUN"
            and "Geox" in parse.tag.grammemes
            and parse.normal_form.endswith(_ADJECTIVE_ENDINGS)
        ):
            continue
        term = _term_of(parse)
        scores[term] = max(scores.get(term, 0.0), parse.score)
        ranks[term] = min(ranks.get(term, _COMMON_RANK), _proper_rank(parse))
        if parse.tag.POS == "ADJF":
            adjectives.add(term)
    if not scores:
        return str(parses[0].normal_form)
    best = max(scores.values())
    contenders = [term for term, score in scores.items() if score >= best - _TIE]
    if len(contenders) == 1:
        return contenders[0]
    names_compete = any(ranks[term] < _COMMON_RANK for term in contenders)

    def preference(term: str) -> tuple[bool, int, bool, int, float]:
        return (
            not (names_compete and term in adjectives),
            ranks[term],
            not _is_own_lemma(term),
            len(term),
            -scores[term],
        )

    # min() keeps the first of equal keys, and the dict keeps pymorphy's order.
    return min(contenders, key=preference)


def _choose_guess(parses: list[Any]) -> str | None:
    # pymorphy3 returns parses best first.
    guesses = [parse for parse in parses if _methods(parse)[-1] == _SUFFIX_GUESS]
    for parse in guesses:
        if parse.tag.POS == "ADJF" and parse.normal_form.endswith(_PLACE_ADJECTIVE_ENDINGS):
            return str(parse.normal_form)
    for parse in guesses:
        if parse.tag.POS == "NOUN" and _proper_rank(parse) < _COMMON_RANK:
            lemma: str = parse.normal_form
            place = _place_named_after(lemma)
            if place is not None:
                return place
            if (
                lemma.endswith(_PLACE_ENDINGS)
                and not _is_listed_place(_fold(lemma))
                and _is_surname(lemma[:-1])
            ):
                return lemma[:-1]
            return lemma
    return None


def _choose_lemma(word: str) -> str | None:
    """Apply rules 1–4 above to a folded word; None sends it to the stemmer (rule 5).

    Rule 0, the gazetteer, is applied before this, by lemmatize_word.
    """
    if not all(unicodedata.name(char, "") for char in word if char.isalpha()):
        # pymorphy3 tells a Latin word by the letters' Unicode names and fails on a letter
        # that has none (Tangut, CJK extensions: «технополис𗀀»); no dictionary knows it.
        return None
    parses = _morph_analyzer().parse(word)
    trusted = [parse for parse in parses if _is_trusted(parse)]
    if trusted:
        return _choose_known(trusted)
    return _choose_guess(parses)


@functools.lru_cache(maxsize=200_000)
def lemmatize_word(word: str) -> str:
    """Return the search term of one word: its folded lemma, stem, or the word itself.

    The same word always gives the same term, whatever its case and whether it comes
    from an article or from a query; that is the whole point. Results are cached for
    200k words (some 40 MB when full): news text repeats its vocabulary, and on 2,000
    posts two lookups in three are already hits.

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
    if len(folded) == 1:
        return folded
    # Rule 0: a form of a listed place is the place, whatever pymorphy would say.
    place = _gazetteer().get(folded)
    if place is not None:
        return place
    lemma = _choose_lemma(folded)
    if lemma is not None:
        return _fold(lemma)
    if len(folded) <= _SHORT_UNKNOWN:
        return folded
    return str(_snowball().stemWord(folded))


# --- the public pipeline --------------------------------------------------------------

# A token is content when it has a letter or a digit; «—», «»», «!!!» are not.
_CONTENT: Final[re.Pattern[str]] = re.compile(r"[^\W_]")
# razdel leaves trailing slashes and the like on some tokens («123/» from a URL).
# Combining marks are not junk: a decomposed «й» ends «Новыи\u0306» (see _fold).
_JUNK_CHAR = r"(?:_|[^\w\u0300-\u036f])"
_EDGE_JUNK: Final[re.Pattern[str]] = re.compile(f"^{_JUNK_CHAR}+|{_JUNK_CHAR}+$")


def _spans(cleaned: str) -> Iterator[tuple[int, int]]:
    """Yield (start, stop) of every content token of already cleaned text."""
    from razdel import tokenize  # type: ignore[import-untyped]

    for token in tokenize(cleaned):
        surface = token.text
        if not _CONTENT.search(surface):
            continue
        start, stop = token.start, token.stop
        if _EDGE_JUNK.search(surface):
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
