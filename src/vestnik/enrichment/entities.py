"""People, organisations and places named in an article, each once, in the nominative.

An editor tagging an article wants «Сергей Собянин», not the five forms the text uses
(«Сергея Собянина», «Собянин», «Собянину» ...), and wants to see where each was found.
natasha's news NER finds the mentions and its morphology puts them in the nominative;
this module decides which mentions are the same entity and what that entity is called:

- people: every mention is split into first name, patronymic and surname, each put in
  the nominative in the gender of the person («Анастасией Раковой» → «Анастасия Ракова»),
  and a bare surname or a first name with a surname joins the fullest name with that
  surname («Владимира Владимировича Путина», «Путин» → «Владимир Владимирович Путин»);
- organisations keep their quotes and the abbreviation or type word before them
  («ОЭЗ «Технополис Москва»», «компании «Микрон»» → «Компания «Микрон»»), which natasha
  cuts off; an abbreviation before a quoted name is an organisation even where natasha
  misses it; «Технополис Москва» and a bare «ОЭЗ» in the same article are the same
  organisation, and a bare «ОЭЗ» or «ГБУ» with nothing to join is dropped;
- places take natasha's nominative, except for the Moscow neuter names in
  -ово/-ево/-ино/-ыно, whose oblique forms natasha reads as surnames («в Рудневе» →
  «Руднев»): those go through the search lemmatiser, which knows them («Руднево»);
  quoted with no type before them, they are places too («в «Алабушеве»» → «Алабушево»).

>>> models = load_ner_models()  # doctest: +SKIP
>>> [(e.kind, e.name) for e in extract_entities(
...     "Сергей Собянин посетил Руднево. Собянину показали цеха.", models=models)]
... # doctest: +SKIP
[('person', 'Сергей Собянин'), ('place', 'Руднево')]

natasha and its models (about 250 MB in memory, under a second to load) are imported
only by load_ner_models(); the caller keeps what it returns and passes it in, so
importing this module costs nothing and a worker loads the models once.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from vestnik.enrichment.districts import nominative_name
from vestnik.language.analysis import lemmatize_word
from vestnik.language.folding import fold_yo
from vestnik.language.places import place_names

__all__ = [
    "Entity",
    "EntityKind",
    "Mention",
    "NerModels",
    "extract_entities",
    "load_ner_models",
]

EntityKind = Literal["person", "organisation", "place"]
Field = Literal["title", "body"]


@dataclass(frozen=True)
class Mention:
    """One place in the article where an entity is named.

    ``start`` and ``stop`` are offsets into the text of ``field``, and ``text`` is exactly
    that slice, so the admin can show and highlight the evidence as the author wrote it.

    >>> Mention(field="body", start=4, stop=19, text="Сергея Собянина").stop
    19
    """

    field: Field
    start: int
    stop: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, named in the nominative, with all its mentions.

    >>> Entity(kind="place", name="Руднево", mentions=()).name
    'Руднево'
    """

    kind: EntityKind
    name: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class NerModels:
    """natasha's segmenter, morphology dictionary and the NER and morphology taggers.

    ``make_doc`` is natasha's ``Doc`` class, kept here so that only load_ner_models()
    imports natasha. Build it with load_ner_models() and share it: the taggers are
    read-only, and one copy serves every thread of a worker.
    """

    segmenter: Any
    morph_vocab: Any
    ner_tagger: Any
    morph_tagger: Any
    make_doc: Callable[[str], Any]


_load_lock = threading.Lock()


@functools.cache
def _load_once() -> NerModels:
    # One BLAS thread: the taggers run on short batches, where more threads only contend
    # with the web workers. (No effect if numpy's BLAS is already loaded.)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    import pymorphy2_dicts_ru  # type: ignore[import-untyped]
    from natasha import (  # type: ignore[import-untyped]
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )

    dictionary = pymorphy2_dicts_ru.get_path()

    class PinnedMorphVocab(MorphVocab):  # type: ignore[misc]
        """natasha's MorphVocab on pymorphy2's dictionary, named by path.

        The usual recipe, PYMORPHY2_DICT_PATH in the environment, cannot be used here:
        the project's pymorphy3 (vestnik.language.analysis) reads the same variable, and
        a pymorphy3 analyser built after it is set loads pymorphy2's dictionary and
        crashes on its first guess (``struct.error`` in dawg).
        """

        @classmethod
        def choose_dictionary_path(cls, path: str | None = None, lang: str | None = None) -> str:
            return path or dictionary

    embedding = NewsEmbedding()
    return NerModels(
        segmenter=Segmenter(),
        morph_vocab=PinnedMorphVocab(),
        ner_tagger=NewsNERTagger(embedding),
        morph_tagger=NewsMorphTagger(embedding),
        make_doc=Doc,
    )


def load_ner_models() -> NerModels:
    """Load natasha's news models (some 250 MB, under a second), once per process.

    The only place natasha is imported. Later calls return the same models; the lock
    keeps two threads from loading them twice.
    """
    with _load_lock:
        return _load_once()


# --- what natasha gives us, in our terms ----------------------------------------------

_KINDS: Final[dict[str, EntityKind]] = {"PER": "person", "ORG": "organisation", "LOC": "place"}
NameRole = Literal["first", "middle", "last"]
_ROLES: Final[dict[str, NameRole]] = {"Name": "first", "Patr": "middle", "Surn": "last"}
_INFLECTED_POS: Final = frozenset({"NOUN", "PROPN", "ADJ"})


@dataclass(frozen=True)
class Reading:
    """One dictionary reading of a word as part of a person's name.

    >>> Reading(role="last", gender="Fem", nominative="сергунина").role
    'last'
    """

    role: NameRole
    gender: str | None
    nominative: str


@dataclass(frozen=True)
class Word:
    """A token of a mention with what the morphology says about it.

    ``pos``, ``case`` and ``gender`` come from natasha's tagger, in context; ``normal`` is
    the word in the nominative as the dictionary declines it (the word itself when it is
    already nominative or unknown); ``readings`` are its readings as a first name,
    patronymic or surname, those agreeing with the tagger first (only for people).
    """

    text: str
    start: int
    stop: int
    pos: str
    case: str | None
    gender: str | None
    normal: str
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class Found:
    """A mention as the tagger found it (organisations widened to their quotes)."""

    kind: EntityKind
    mention: Mention
    words: tuple[Word, ...]


def _shape_like(word: str, model: str) -> str:
    """Write a dictionary form (lower case) in the letter case of the text's word."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))
    return word


def _matches(form: Any, pos: str | None, feats: dict[str, str]) -> bool:
    # The tagger has read the word in its sentence; among the dictionary's readings the
    # right one is the one that agrees with it (this is what natasha's normalize does).
    noun_like = {"NOUN", "PROPN"}
    same_pos = form.pos == pos or (form.pos in noun_like and pos in noun_like)
    return bool(same_pos) and all(
        form.feats.get(name) == feats.get(name) for name in ("Gender", "Number", "Case")
    )


def _nominative(vocab: Any, text: str, pos: str, feats: dict[str, str]) -> str:
    if pos not in _INFLECTED_POS or feats.get("Case") in (None, "Nom"):
        return text
    for form in vocab(text.lower()):
        if _matches(form, pos, feats):
            inflected = form.inflect({"Nom"})
            if inflected is not None:
                return _shape_like(str(inflected.word), text)
    return text


def _name_readings(vocab: Any, text: str, feats: dict[str, str]) -> tuple[Reading, ...]:
    agreeing: list[Reading] = []
    others: list[Reading] = []
    for form in vocab(text.lower()):
        roles = [_ROLES[gram] for gram in ("Name", "Patr", "Surn") if gram in form.tag.grammemes]
        if not roles:
            continue
        inflected = form.inflect({"Nom"})
        nominative = str(inflected.word if inflected is not None else form.normal)
        reading = Reading(roles[0], form.feats.get("Gender"), nominative)
        if form.feats.get("Case") == feats.get("Case"):
            agreeing.append(reading)
        else:
            others.append(reading)
    return tuple(dict.fromkeys(agreeing + others))


def adapt_token(token: Any, vocab: Any, *, names: bool) -> Word:
    """Turn a tagged natasha token into a Word; ``names`` asks for its name readings."""
    feats: dict[str, str] = dict(token.feats or {})
    pos = str(token.pos or "X")
    text = str(token.text)
    return Word(
        text=text,
        start=int(token.start),
        stop=int(token.stop),
        pos=pos,
        case=feats.get("Case"),
        gender=feats.get("Gender"),
        normal=_nominative(vocab, text, pos, feats),
        readings=_name_readings(vocab, text, feats) if names and _LETTER.search(text) else (),
    )


def adapt_doc(
    doc: Any,
    field: Field,
    text: str,
    vocab: Any,
    organisations: Iterable[tuple[int, int]] = (),
) -> list[Found]:
    """Turn a natasha Doc (segmented, NER- and morph-tagged) into our mentions.

    ``text`` is the field as given, of which ``doc.text`` is the cleaned copy of the
    same length; ``organisations`` are spans natasha may have missed (see
    abbreviated_organisations). The spans are settled first (organisations widened to
    their quotes, spans swallowed by a widened one dropped); the tokens inside each are
    then adapted.
    """
    spans = [
        (_KINDS[span.type], int(span.start), int(span.stop))
        for span in doc.spans
        if span.type in _KINDS
    ]
    tokens = list(doc.tokens)
    starts = [int(token.start) for token in tokens]
    found: list[Found] = []
    for kind, start, stop in settle_spans(str(doc.text), spans, organisations):
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, stop)
        inside = [token for token in tokens[first:last] if int(token.stop) <= stop]
        words = tuple(adapt_token(token, vocab, names=kind == "person") for token in inside)
        if not any(_LETTER.search(word.text) for word in words):
            continue
        found.append(Found(kind, Mention(field, start, stop, text[start:stop]), words))
    return found


# --- organisation spans: quotes and the type before them ------------------------------
#
# natasha stops an organisation at its quotes: «ОЭЗ «Технополис Москва»» comes back as
# «ОЭЗ «Технополис Москва» or as «Технополис Москва». Quotes are part of how Russian
# writes a company's name, and the abbreviation or word before them says what it is, so
# both are taken back: left over an opening quote directly before the span, then over
# an all-caps abbreviation or a type word («компания», «завод», «центр»; in any case)
# directly before that quote; right over the closing quotes that balance the opening
# ones, so «Технополис «Москва»» stays balanced.
#
# natasha also misses some of them altogether (the «ОЭЗ «Технополис Москва»» of a title,
# «ГБУ «Жилищник района Марфино»»): two to five Cyrillic capitals directly before a
# quoted name that starts with a capital or a digit are an organisation wherever they
# stand, unless they name a place (_PLACE_ABBREVIATIONS). And a place natasha finds
# directly inside quotes after a type word is the organisation named after it
# («технопарк «Строгино»»).

_OPENING: Final[dict[str, str]] = {"«": "»", "„": "“", "“": "”", '"': '"'}
_CLOSING: Final = frozenset(_OPENING.values())
_QUOTES: Final = frozenset(_OPENING) | _CLOSING
# How far to look for the closing quote of a name natasha cut short, on the same line.
_QUOTE_REACH: Final = 150
_ABBREVIATION: Final[re.Pattern[str]] = re.compile("[А-ЯЁA-Z]{2,6}")
# Capitals that say where or what, not which kind of organisation: Moscow's okrugs
# («в ЦАО «Жилищник»» is «Жилищник» in ЦАО), roads and transport, countries. ЗАО and НАО
# are okrugs too, but directly before a quoted name they are company types («ЗАО
# «Микрон»»), as they are in the great majority of texts, and so are not listed here.
_PLACE_ABBREVIATIONS: Final = frozenset(
    {
        "ЦАО",
        "САО",
        "СВАО",
        "ВАО",
        "ЮВАО",
        "ЮАО",
        "ЮЗАО",
        "СЗАО",
        "ТАО",
        "МКАД",
        "ТТК",
        "МЦК",
        "МЦД",
        "БКЛ",
        "ТПУ",
        "РФ",
        "СССР",
        "США",
    }
)
_NAME_GAP: Final[re.Pattern[str]] = re.compile("[ \u00a0]{1,2}")
_WORD_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?<![\w-])([А-Яа-яЁёA-Za-z]+)[ \u00a0]$")
_ORGANISATION_TYPES: Final = frozenset(
    {
        "агентство",
        "академия",
        "ассоциация",
        "банк",
        "библиотека",
        "больница",
        "бюро",
        "газета",
        "гимназия",
        "гостиница",
        "движение",
        "журнал",
        "завод",
        "издательство",
        "институт",
        "кафе",
        "кинотеатр",
        "кластер",
        "клиника",
        "клуб",
        "колледж",
        "комбинат",
        "компания",
        "концерн",
        "корпорация",
        "лаборатория",
        "лицей",
        "магазин",
        "музей",
        "объединение",
        "организация",
        "отель",
        "партия",
        "поликлиника",
        "предприятие",
        "ресторан",
        "сеть",
        "союз",
        "спорткомплекс",
        "студия",
        "театр",
        "телеканал",
        "технопарк",
        "университет",
        "учреждение",
        "фабрика",
        "фирма",
        "фонд",
        "холдинг",
        "центр",
        "школа",
    }
)


def _is_type_abbreviation(word: str) -> bool:
    """Tell whether a word is an all-caps abbreviation of a kind of organisation.

    >>> [_is_type_abbreviation(word) for word in ("ГБУ", "ОЭЗ", "ЦАО", "Москва")]
    [True, True, False, False]
    """
    return _ABBREVIATION.fullmatch(word) is not None and word not in _PLACE_ABBREVIATIONS


def _is_type_word(word: str) -> bool:
    if _is_type_abbreviation(word):
        return True
    return lemmatize_word(word) in _ORGANISATION_TYPES


def _unclosed(text: str) -> list[str]:
    """Return the quotes opened in ``text`` and not closed, innermost last."""
    stack: list[str] = []
    for char in text:
        if stack and char == _OPENING[stack[-1]]:
            stack.pop()
        elif char in _OPENING:
            stack.append(char)
    return stack


def _has_stray_closing(text: str) -> bool:
    stack: list[str] = []
    for char in text:
        if stack and char == _OPENING[stack[-1]]:
            stack.pop()
        elif char in _OPENING:
            stack.append(char)
        elif char in _CLOSING:
            return True
    return False


def _close_quotes(text: str, start: int, stop: int) -> int | None:
    """Return where the quotes open in text[start:stop] are all closed, or None."""
    stack = _unclosed(text[start:stop])
    position = stop
    limit = min(len(text), stop + _QUOTE_REACH)
    while stack:
        if position >= limit or text[position] == "\n":
            return None
        char = text[position]
        if char == _OPENING[stack[-1]]:
            stack.pop()
        elif char in _OPENING:
            stack.append(char)
        position += 1
    return position


def _trim_quotes(text: str, start: int, stop: int) -> tuple[int, int]:
    """Drop quotes and spaces from the edges of a span whose quotes do not balance."""
    while start < stop and (text[start] in _QUOTES or text[start].isspace()):
        start += 1
    while stop > start and (text[stop - 1] in _QUOTES or text[stop - 1].isspace()):
        stop -= 1
    return start, stop


def extend_organisation(text: str, start: int, stop: int) -> tuple[int, int]:
    """Widen an organisation's span over its quotes and the type word before them.

    >>> text = "резидент ОЭЗ «Технополис Москва» и компании «Микрон»"
    >>> [text[slice(*extend_organisation(text, a, b))] for a, b in ((9, 31), (44, 50))]
    ['ОЭЗ «Технополис Москва»', 'компании «Микрон»']
    """
    original = (start, stop)
    while start > 0 and text[start - 1] in _OPENING:
        start -= 1
    closed = _close_quotes(text, start, stop)
    if closed is None or _has_stray_closing(text[start:closed]):
        return _trim_quotes(text, *original)
    stop = closed
    if text[start] in _OPENING:
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is not None and _is_type_word(before.group(1)):
            start = before.start(1)
    return start, stop


_ABBREVIATED: Final[re.Pattern[str]] = re.compile(
    r'(?<![А-ЯЁ][ \u00a0])(?<![\w-])([А-ЯЁ]{2,5})[ \u00a0]{1,2}(?=[«„“"])'
)


def abbreviated_organisations(text: str) -> list[tuple[int, int]]:
    """Return the spans of all-caps abbreviations followed by a quoted name.

    An abbreviation inside a run of capitals (a headline or a shout) does not count.

    >>> text = "ГБУ «Жилищник района Марфино» и в ЦАО «Мосгаз», ОЭЗ «Технополис «Москва»»"
    >>> [text[start:stop] for start, stop in abbreviated_organisations(text)]
    ['ГБУ «Жилищник района Марфино»', 'ОЭЗ «Технополис «Москва»»']
    """
    spans: list[tuple[int, int]] = []
    for match in _ABBREVIATED.finditer(text):
        if match.group(1) in _PLACE_ABBREVIATIONS:
            continue
        quote = match.end()
        inner = quote
        while inner < len(text) and text[inner] in _OPENING:
            inner += 1
        if inner == len(text) or not (text[inner].isupper() or text[inner].isdigit()):
            continue
        closed = _close_quotes(text, quote, inner)
        if closed is not None:
            spans.append((match.start(), closed))
    return spans


def _widen(text: str, kind: EntityKind, start: int, stop: int) -> tuple[EntityKind, int, int]:
    if kind == "organisation":
        return (kind, *extend_organisation(text, start, stop))
    if kind == "place" and start > 0 and text[start - 1] in _OPENING:
        wide_start, wide_stop = extend_organisation(text, start, stop)
        # A type word was taken: «технопарк «Строгино»» is an organisation.
        if wide_start < start and text[wide_start] not in _OPENING:
            return ("organisation", wide_start, wide_stop)
    return (kind, start, stop)


def settle_spans(
    text: str,
    spans: Iterable[tuple[EntityKind, int, int]],
    organisations: Iterable[tuple[int, int]] = (),
) -> list[tuple[EntityKind, int, int]]:
    """Widen organisations (extend_organisation) and the places that name one, drop
    spans a widened one covers, and join a person's name natasha split in two.

    ``organisations`` are whole names found without natasha (abbreviated_organisations):
    they are added, and an organisation of natasha's that ends where one of them does
    is cut to it (natasha's «Отчёт ОЭЗ «Технополис»» is «ОЭЗ «Технополис»»).

    >>> settle_spans("ОЭЗ «Технополис»", [("organisation", 0, 3), ("organisation", 5, 15)])
    [('organisation', 0, 16)]
    >>> settle_spans("Отчёт ОЭЗ «Технополис»", [("organisation", 0, 21)], [(6, 22)])
    [('organisation', 6, 22)]
    """
    whole = {stop: start for start, stop in organisations}
    widened = [_widen(text, kind, start, stop) for kind, start, stop in spans]
    widened = [
        (kind, whole[stop], stop)
        if kind == "organisation" and whole.get(stop, start) > start
        else (kind, start, stop)
        for kind, start, stop in widened
    ]
    widened.extend(("organisation", start, stop) for stop, start in whole.items())
    # Sorted by start, longest first, a span is covered when one before it reaches as far.
    kept: list[tuple[EntityKind, int, int]] = []
    reach = -1
    for kind, start, stop in sorted(set(widened), key=lambda span: (span[1], -span[2])):
        if start >= stop or stop <= reach:
            continue
        reach = stop
        previous = kept[-1] if kept else None
        # natasha splits «Собянин Сергей Семёнович» into «Собянин» and «Сергей
        # Семёнович»: two people with nothing but a space between them are one name.
        if (
            previous is not None
            and previous[0] == kind == "person"
            and _NAME_GAP.fullmatch(text, previous[2], start)
        ):
            kept[-1] = (kind, previous[1], stop)
        else:
            kept.append((kind, start, stop))
    return kept


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


def _surname_key(last: str) -> str:
    return _SURNAME_STEM.sub("", _fold(last))


def _order(mention: Mention) -> tuple[int, int]:
    """Sort key of a mention: the title comes before the body."""
    return (0 if mention.field == "title" else 1, mention.start)


def _nearest(groups: Sequence[Sequence[Mention]], mention: Mention) -> int:
    """Pick the group a partial mention refers to: the last one named before it.

    Journalists introduce a person in full and then use the surname, so «Смирнов»
    after «Иван Смирнов» is Иван even if «Алексей Смирнов» came earlier; a surname
    before any full name («Путин заявил...») goes to the first one named after it.
    The same goes for an organisation's abbreviation (merge_abbreviations).
    """
    here = _order(mention)

    def last_before(index: int) -> tuple[int, int]:
        before = [_order(m) for m in groups[index] if _order(m) < here]
        return max(before) if before else (-1, -1)

    preceding = [index for index in range(len(groups)) if last_before(index) >= (0, 0)]
    if preceding:
        return max(preceding, key=last_before)
    return min(range(len(groups)), key=lambda index: min(_order(m) for m in groups[index]))


def _mentions(members: Sequence[tuple[Mention, PersonName]]) -> list[Mention]:
    return [mention for mention, _ in members]


def _cluster_name(members: Sequence[tuple[Mention, PersonName]]) -> str:
    names = [name for _, name in sorted(members, key=lambda member: _order(member[0]))]
    full = [name for name in names if name.first and not name.first.endswith(".")]
    first = next((name.first for name in full), None) or next(
        (name.first for name in names if name.first), None
    )
    middle = next(
        (name.middle for name in names if name.middle and not name.middle.endswith(".")), None
    )
    if middle is None and first and first.endswith("."):
        middle = next((name.middle for name in names if name.middle), None)
    # The surname as a full mention writes it: its gender comes from the first name.
    last = next((name.last for name in full if name.last), None) or next(
        (name.last for name in names if name.last), None
    )
    return PersonName(first, middle, last).full


def merge_people(found: Sequence[Found]) -> list[Entity]:
    """Group person mentions into people (see _nearest for partial mentions).

    Full mentions (first name and surname) with the same surname and first name are
    one person, whatever the patronymic; initials join the full name they abbreviate;
    a bare surname or a bare first name joins the person named last before it.
    """
    named = sorted(
        ((item.mention, name_person(item.words)) for item in found),
        key=lambda pair: _order(pair[0]),
    )
    clusters: list[list[tuple[Mention, PersonName]]] = []
    keys: dict[tuple[str, str], int] = {}

    def add(key: tuple[str, str], member: tuple[Mention, PersonName]) -> None:
        if key not in keys:
            keys[key] = len(clusters)
            clusters.append([])
        clusters[keys[key]].append(member)

    def full_key(name: PersonName) -> tuple[str, str] | None:
        if name.first and name.last and not name.first.endswith("."):
            return _surname_key(name.last), _fold(name.first)
        return None

    partial: list[tuple[Mention, PersonName]] = []
    for mention, name in named:
        key = full_key(name)
        if key is not None:
            add(key, (mention, name))
        else:
            partial.append((mention, name))
    for mention, name in partial:
        if name.last:
            stem = _surname_key(name.last)
            candidates = [
                index
                for (key_stem, key_first), index in keys.items()
                if key_stem == stem
                and (not name.first or key_first.startswith(_fold(name.first).rstrip(".")))
            ]
            # The same gender first: «Петрова» is Мария Петрова rather than Иван Петров.
            same_gender = [
                index
                for index in candidates
                if any(
                    other.last and _fold(other.last) == _fold(name.last)
                    for _, other in clusters[index]
                )
            ]
            pool = same_gender or candidates
            if pool:
                clusters[pool[_nearest([_mentions(clusters[i]) for i in pool], mention)]].append(
                    (mention, name)
                )
                continue
            add((stem, _fold(name.first or "")), (mention, name))
        elif name.first:
            first = _fold(name.first)
            pool = [index for (_, key_first), index in keys.items() if key_first == first]
            if pool:
                clusters[pool[_nearest([_mentions(clusters[i]) for i in pool], mention)]].append(
                    (mention, name)
                )
                continue
            add(("", first), (mention, name))
        else:
            add(("", _fold(mention.text)), (mention, name))
    return [
        Entity(
            "person",
            _cluster_name(members) or _SPACES.sub(" ", members[0][0].text),
            tuple(sorted((mention for mention, _ in members), key=_order)),
        )
        for members in clusters
    ]


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
# an adjective in front; «Руднева», «Рудневу» alone may be a surname and stay a person.
_PLACE_ONLY_ENDING: Final[re.Pattern[str]] = re.compile("(?:е|ом)$")
_NEUTER_NOMINATIVE: Final[re.Pattern[str]] = re.compile("(?:ов|ев|ёв|ин|ын)о$")


def _is_misread_place(item: Found, surnames: set[str]) -> bool:
    words = [word for word in item.words if _is_word(word)]
    if not words or any(_has_role(w, "first") or _has_role(w, "middle") for w in words):
        return False
    *before, last = words
    nominative = _NEUTER_NOMINATIVE.search(last.text.lower()) is not None
    place = last.text if nominative else _mended_place(last)
    if place is None or _fold(place) not in _listed_places():
        return False
    # «Иван Руднев ... о Рудневе»: a surname the article gives a first name is a person.
    if _surname_key(last.text) in surnames or _surname_key(last.normal) in surnames:
        return False
    if before:
        return all(word.pos in _ADJECTIVE_POS for word in before)
    return nominative or _PLACE_ONLY_ENDING.search(last.text.lower()) is not None


def correct_kinds(found: Sequence[Found]) -> list[Found]:
    """Turn the Moscow districts natasha took for people into places."""
    surnames: set[str] = set()
    for item in found:
        # Only a real first name makes a surname: «Южного» is no first name.
        if item.kind == "person" and any(_has_role(word, "first") for word in item.words):
            last = name_person(item.words).last
            if last is not None:
                surnames.add(_surname_key(last))
    return [
        Found("place", item.mention, item.words)
        if item.kind == "person" and _is_misread_place(item, surnames)
        else item
        for item in found
    ]


def _quoted_place(item: Found) -> Found | None:
    words = item.words
    if item.kind != "organisation" or len(words) < 3 or words[0].text not in _OPENING:
        return None
    inner = words[1:-1]
    if words[-1].text != _OPENING[words[0].text] or any(w.text in _QUOTES for w in inner):
        return None
    names = [word for word in inner if _is_word(word)]
    listed = [word for word in names if lemmatize_word(word.text) in _listed_places()]
    if not listed or any(w not in listed and w.pos not in _ADJECTIVE_POS for w in names):
        return None
    start, stop = inner[0].start, inner[-1].stop
    offset = start - item.mention.start
    text = item.mention.text[offset : offset + stop - start]
    # «Руднево» as written is the nominative, whatever case the tagger read into it.
    words = tuple(
        replace(word, normal=word.text) if _NEUTER_NOMINATIVE.search(word.text.lower()) else word
        for word in inner
    )
    return Found("place", Mention(item.mention.field, start, stop, text), words)


def correct_quoted_places(found: Sequence[Found]) -> list[Found]:
    """Turn the quoted Moscow places natasha took for organisations into places.

    «в «Алабушеве»», «площадка «Руднево»»: a quoted name with nothing before it that
    says what kind of organisation it is (settle_spans has taken any type word or
    abbreviation into the span, and those stay organisations: «ОЭЗ «Алабушево»»,
    «технопарк «Строгино»») is the place it names when its words are a listed Moscow
    place and adjectives. The place's mention is the name inside the quotes.
    """
    return [_quoted_place(item) or item for item in found]


def merge_named(found: Sequence[Found]) -> list[Entity]:
    """Group organisation and place mentions by name.

    natasha may call the same name an organisation once and a place once («в
    Технополисе Москва»); the name is one entity, of the kind most of its mentions
    have, an organisation on a tie. An organisation is called by its fullest name.
    """
    groups: dict[str, list[tuple[EntityKind, str, Mention]]] = {}
    for item in sorted(found, key=lambda item: _order(item.mention)):
        if item.kind == "organisation":
            name, key = name_organisation(item.words)
        else:
            # A Moscow name is put in the nominative as the geo-tagger reads it.
            name = nominative_name(item.mention.text) or name_place(item.words)
            key = _fold(name)
        if key:
            groups.setdefault(key, []).append((item.kind, name, item.mention))
    entities: list[Entity] = []
    for members in groups.values():
        kind = prevailing_kind([kind for kind, _, _ in members])
        names = [name for member_kind, name, _ in members if member_kind == kind]
        # max() keeps the first of equal keys: the earliest of the longest names.
        name = max(names, key=len) if kind == "organisation" else names[0]
        entities.append(Entity(kind, name, tuple(mention for _, _, mention in members)))
    return entities


def prevailing_kind(kinds: Sequence[EntityKind]) -> EntityKind:
    """The kind of a name its mentions disagree on: the kind most of them have, an
    organisation on a tie, else the kind mentioned first.

    >>> prevailing_kind(["place", "person", "person"]), prevailing_kind(["person", "place"])
    ('person', 'person')
    """
    counts = Counter(kinds)
    return max(counts, key=lambda kind: (counts[kind], kind == "organisation", -kinds.index(kind)))


def merge_kinds(entities: Sequence[Entity]) -> list[Entity]:
    """One entity per name: natasha may read the same name as a person in one sentence
    and a place in another («Руднев»), and one name is one tag, so its mentions join under
    the prevailing kind (see ``prevailing_kind``); order is kept, by first mention.
    """
    groups: dict[str, list[Entity]] = {}
    for entity in entities:
        groups.setdefault(_fold(entity.name), []).append(entity)
    merged: list[Entity] = []
    for members in groups.values():
        if len(members) == 1:
            merged.append(members[0])
            continue
        pairs = sorted(
            ((m, e.kind) for e in members for m in e.mentions), key=lambda p: _order(p[0])
        )
        kinds = [kind for _, kind in pairs]
        kind = prevailing_kind(kinds)
        name = next(e.name for e in members if e.kind == kind)
        mentions = sorted({m for e in members for m in e.mentions}, key=_order)
        merged.append(Entity(kind, name, tuple(mentions)))
    return merged


# Abbreviations alone («в ОЭЗ», «ГБУ провело») are a short mention of the organisation
# the article names in full with that abbreviation («ОЭЗ «Технополис Москва»»); with no
# such organisation in the article, an abbreviation that says only what kind of
# organisation it is, or that has two letters, is no tag an editor could use.
_GENERIC_ABBREVIATIONS: Final = frozenset(
    {
        "АНО",
        "АО",
        "ГАУ",
        "ГБОУ",
        "ГБУ",
        "ГБУЗ",
        "ГБУК",
        "ГКБ",
        "ГКУ",
        "ГУП",
        "ДК",
        "ЖК",
        "ЖСК",
        "ЗАО",
        "ИП",
        "КБ",
        "МУП",
        "НАО",
        "НИИ",
        "НКО",
        "НПО",
        "НПП",
        "ОАО",
        "ОЭЗ",
        "ООО",
        "ПАО",
        "СНТ",
        "СОШ",
        "ТРЦ",
        "ТСЖ",
        "ТЦ",
        "ФГБУ",
        "ФГУП",
        "ФКУ",
    }
)
_TYPED_NAME: Final[re.Pattern[str]] = re.compile(r"([А-ЯЁA-Z]{2,6})[ \u00a0]+[«„“\"]")


def merge_abbreviations(entities: Sequence[Entity]) -> list[Entity]:
    """Join bare abbreviations to the organisation they abbreviate, or drop vague ones.

    >>> full = Entity("organisation", "ОЭЗ «Технополис»", (Mention("body", 0, 16, "x"),))
    >>> bare = Entity("organisation", "ОЭЗ", (Mention("body", 30, 33, "ОЭЗ"),))
    >>> [(e.name, len(e.mentions)) for e in merge_abbreviations([full, bare])]
    [('ОЭЗ «Технополис»', 2)]
    >>> [e.name for e in merge_abbreviations([bare, Entity("organisation", "МЧС", ())])]
    ['МЧС']
    """
    owners: dict[str, list[int]] = {}
    for index, entity in enumerate(entities):
        typed = _TYPED_NAME.match(entity.name) if entity.kind == "organisation" else None
        if typed is not None:
            owners.setdefault(typed.group(1), []).append(index)
    joined: dict[int, list[Mention]] = {}
    dropped: set[int] = set()
    for index, entity in enumerate(entities):
        if entity.kind != "organisation" or not _ABBREVIATION.fullmatch(entity.name):
            continue
        pool = owners.get(entity.name)
        if pool:
            dropped.add(index)
            for mention in entity.mentions:
                owner = pool[_nearest([entities[i].mentions for i in pool], mention)]
                joined.setdefault(owner, []).append(mention)
        elif len(entity.name) < 3 or entity.name in _GENERIC_ABBREVIATIONS:
            dropped.add(index)
    return [
        Entity(
            entity.kind,
            entity.name,
            tuple(sorted([*entity.mentions, *joined.get(index, ())], key=_order)),
        )
        for index, entity in enumerate(entities)
        if index not in dropped
    ]


# --- mentions natasha missed ----------------------------------------------------------
#
# natasha finds a name in one sentence and misses it in the next («Собянин:» in a title,
# «зоны «Технополис Москва»»). Once the article has named someone or something, the
# other places that name is written are its mentions too: a known person's surname in
# any case, a known organisation's quoted name as written.

_SURNAME_FORMS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile("(?<=ов|ев|ёв|ин|ын)$"), "(?:|а|у|ым|е)"),
    (re.compile("(?<=ов|ев|ёв|ин|ын)а$"), "(?:а|ой|ою|у)"),
    (re.compile("(?<=ск|цк)ий$"), "(?:ий|ого|ому|им|ом)"),
    (re.compile("(?<=ск|цк)ая$"), "(?:ая|ой|ую)"),
)


def _surname_pattern(surname: str) -> re.Pattern[str]:
    """Match a surname in any case, as a whole word: «Собянин» → «Собянину» too."""
    for ending, forms in _SURNAME_FORMS:
        if ending.search(surname):
            stem = ending.sub("", surname)
            return re.compile(rf"(?<![\w-]){re.escape(stem)}{forms}(?![\w-])")
    return re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")


def _quoted_name(name: str) -> str | None:
    """Return an organisation's name inside its outer quotes, if it has them."""
    quote = next((index for index, char in enumerate(name) if char in _OPENING), None)
    if quote is None or name[-1:] != _OPENING[name[quote]]:
        return None
    return name[quote + 1 : -1] or None


def _repeat_pattern(entity: Entity, people: Counter[str]) -> re.Pattern[str] | None:
    if entity.kind == "person":
        surname = entity.name.split()[-1]
        # Two people of one surname: a bare surname is left to natasha's reading.
        if surname.endswith(".") or people[_surname_key(surname)] > 1:
            return None
        return _surname_pattern(surname)
    if entity.kind == "organisation":
        inner = _quoted_name(entity.name)
        if inner is not None:
            return re.compile(rf"(?<![\w-]){re.escape(inner)}(?![\w-])")
    return None


def _overlaps(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Tell whether [start, stop) overlaps one of the sorted ``spans``.

    The mentions of a field barely overlap one another (settle_spans drops the covered
    ones), so only the last few spans starting before ``stop`` can reach ``start``.
    """
    before = bisect.bisect_left(spans, (stop, -1))
    return any(other_stop > start for _, other_stop in spans[max(0, before - 3) : before])


def add_repeats(entities: Sequence[Entity], fields: dict[Field, str]) -> list[Entity]:
    """Add the mentions of known people and quoted organisations natasha missed.

    >>> known = Entity("person", "Сергей Собянин", (Mention("body", 0, 14, "Сергей Собянин"),))
    >>> fields = {"title": "Собянину вручили", "body": "Сергей Собянин"}
    >>> [mention.text for mention in add_repeats([known], fields)[0].mentions]
    ['Собянину', 'Сергей Собянин']
    """
    taken: dict[Field, list[tuple[int, int]]] = {field: [] for field in fields}
    for entity in entities:
        for mention in entity.mentions:
            taken.setdefault(mention.field, []).append((mention.start, mention.stop))
    for spans in taken.values():
        spans.sort()
    people = Counter(
        _surname_key(entity.name.split()[-1]) for entity in entities if entity.kind == "person"
    )
    result: list[Entity] = []
    for entity in entities:
        pattern = _repeat_pattern(entity, people)
        if pattern is None:
            result.append(entity)
            continue
        found: list[Mention] = []
        for field, text in fields.items():
            for match in pattern.finditer(text):
                start, stop = match.span()
                if entity.kind == "organisation":
                    start, stop = extend_organisation(text, start, stop)
                if _overlaps(taken[field], start, stop):
                    continue
                bisect.insort(taken[field], (start, stop))
                found.append(Mention(field, start, stop, text[start:stop]))
        mentions = tuple(sorted([*entity.mentions, *found], key=_order))
        result.append(Entity(entity.kind, entity.name, mentions))
    return result


# --- the pipeline ---------------------------------------------------------------------

# Control characters and invisible separators become spaces, one for one, so offsets
# stay offsets into the original: pasted text glues «Москва\x00Собянин» into one token.
_SEPARATORS: Final[dict[int, str]] = {
    **dict.fromkeys(range(0x20), " "),
    **dict.fromkeys(range(0x7F, 0xA0), " "),
    0x200B: " ",
    0x2028: " ",
    0x2029: " ",
    0x2060: " ",
    0xFEFF: " ",
}


def find_mentions(field: Field, text: str, models: NerModels) -> list[Found]:
    """Run natasha on one field's text and return its mentions in our terms.

    Text without a Cyrillic letter is skipped: the models are Russian, and on Latin
    text they only produce noise. So is text without a lower-case letter: natasha
    reads a headline in capitals («СОБЯНИН ОТКРЫЛ ЗАВОД») as one organisation.
    """
    if not text or _CYRILLIC.search(text) is None or _LOWER.search(text) is None:
        return []
    cleaned = text.translate(_SEPARATORS)
    doc = models.make_doc(cleaned)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner_tagger)
    organisations = abbreviated_organisations(cleaned)
    if not doc.spans and not organisations:
        return []
    # The morphology is only needed to decline what was found.
    doc.tag_morph(models.morph_tagger)
    return adapt_doc(doc, field, text, models.morph_vocab, organisations)


def extract_entities(body: str, title: str = "", *, models: NerModels) -> list[Entity]:
    """Return the people, organisations and places named in an article.

    Each entity is named in the nominative and carries all its mentions; entities come
    in the order they are first mentioned, the title's first. The title is tagged on
    its own: without a final period natasha would read it into the first sentence.
    Odd input (empty, punctuation, Latin text) gives an empty list, not an error.

    >>> [(e.kind, e.name) for e in extract_entities(
    ...     "Собянину показали цеха в Рудневе.", "Сергей Собянин посетил «Технополис»",
    ...     models=load_ner_models())]  # doctest: +SKIP
    [('person', 'Сергей Собянин'), ('organisation', '«Технополис»'), ('place', 'Руднево')]
    """
    found = correct_quoted_places(
        correct_kinds(
            [*find_mentions("title", title, models), *find_mentions("body", body, models)]
        )
    )
    people = merge_people([item for item in found if item.kind == "person"])
    named = merge_abbreviations(merge_named([item for item in found if item.kind != "person"]))
    entities = add_repeats([*people, *named], {"title": title or "", "body": body or ""})
    return sorted(merge_kinds(entities), key=lambda entity: _order(entity.mentions[0]))
