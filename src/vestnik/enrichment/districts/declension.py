"""The case forms of a gazetteer name that is a noun, built by its ending.

The analyser gives two case forms of some names different terms («к Тёплому Стану»
reads «стану» as the verb «стать»); a name word's stem plus a case ending of its
declension class is the fallback that still finds them.
"""

from typing import Final

from vestnik.language.folding import fold_yo

_ADJECTIVE_ENDINGS: Final = ("ий", "ый", "ой", "ое", "ее", "ая", "яя", "ие", "ые")

# Case endings of a name that is a noun, by its ending in the nominative, singular
# only for a singular name: «Сокол» is never «Соколы», «Митино» never «Митиным».
_MASCULINE: Final = ("", "а", "у", "ом", "е")
_FEMININE: Final = ("а", "ы", "и", "е", "у", "ой", "ою")
_SOFT_FEMININE: Final = ("я", "и", "е", "ю", "ей", "ею")
_NEUTER: Final = ("о", "а", "у", "ом", "е")
_SOFT_NEUTER: Final = ("е", "я", "ю", "ем")
_PLURAL: Final = ("ы", "и", "ов", "ев", "ей", "ам", "ям", "ами", "ями", "ах", "ях")
_VOWELS: Final = frozenset("аеиоуыэюяй")
_MIN_STEM: Final = 3


def _fold(word: str) -> str:
    """Lower-case and write «е» for «ё», as the analyser does before its lookups."""
    return fold_yo(word.lower())


def _declension_of(word: str) -> frozenset[str]:
    """Return the case forms of a name word that is a noun, folded; ∅ for the rest.

    Stem plus the endings of its class, and the fleeting vowel where the class has one
    («Кузьминки» → «Кузьминок», «Метрогородок» → «Метрогородка»). Adjectives get none:
    the analyser lemmatises them reliably; nor do hyphenated names, which it declines
    as whole tokens, and stems shorter than three letters.

    >>> sorted(_declension_of("Стан"))
    ['стан', 'стана', 'стане', 'станом', 'стану']
    >>> {"кузьминок", "кузьминках"} <= _declension_of("Кузьминки"), _declension_of("Тёплый")
    (True, frozenset())
    """
    folded = _fold(word)
    if not folded.isalpha() or folded.endswith(_ADJECTIVE_ENDINGS):
        return frozenset()
    last = folded[-1]
    extra: set[str] = set()
    endings: tuple[str, ...]
    if last in "ыи":
        stem, endings = folded[:-1], _PLURAL
        if stem.endswith("к"):
            extra = {stem[:-1] + "ок", stem[:-1] + "ек"}
    elif last == "а":
        stem, endings = folded[:-1], _FEMININE
    elif last == "я":
        stem, endings = folded[:-1], _SOFT_FEMININE
    elif last == "о":
        stem, endings = folded[:-1], _NEUTER
    elif last == "е":
        stem, endings = folded[:-1], _SOFT_NEUTER
    elif last in _VOWELS or last == "ь":
        return frozenset()
    else:
        stem, endings = folded, _MASCULINE
        if folded.endswith(("ок", "ек")):
            extra = {folded[:-2] + folded[-1] + ending for ending in _MASCULINE if ending}
    if len(stem) < _MIN_STEM:
        return frozenset()
    return frozenset({stem + ending for ending in endings} | extra)
