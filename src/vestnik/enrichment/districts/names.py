"""Rules 3 to 6 of the package docstring: is a district, settlement, alias or place name
in the text the region, and how sure is that.

Each rule is a short function of a ``_Reading`` that tells whether the name survives it;
``_NAME_RULES`` applies them in order and the first that says no rejects the name. A rule
may also move the reading's confidence. The order is the order of the docstring: the
words that make a name something else first, then the rule of the name's shape, then
the context that makes it more or less sure. *(After razdel's ``segmenters/sentenize.py``,
whose ``RULES`` list applies small named functions in order.)*
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Final, Literal

from vestnik.enrichment.districts.declension import _fold
from vestnik.enrichment.districts.records import _Cues, _Entry, _Shape
from vestnik.enrichment.districts.span import _Span
from vestnik.language.analysis import Token

# «Дмитровский район Московской области»: the region word is up to three words on.
_ELSEWHERE_REACH: Final = 3
# How far the context moves a confidence towards 1 (cues) or towards 0 (doubts).
_CUE_GAIN: Final = 0.7
_PREPOSITION_GAIN: Final = 0.25
_LOWER_CASE: Final = 0.6
_QUOTED: Final = 0.7
_LANDMARK: Final = 0.9
_COMMON_NAME: Final = 0.85
_NEUTER_NAME: Final = 0.9
_NEUTER_AT_START: Final = 0.75
# Forms a neuter adjective-name takes («Отрадное», «в Отрадном», «Отрадного»); the
# feminine «Отрадная», «на Отрадной» is a street.
_NEUTER_FORMS: Final = ("ое", "ее", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем")
# «районов», «районы», «поселениях»: a plural unit word after a list of adjectives.
_PLURAL_UNIT: Final = ("ов", "ы", "ам", "ах", "ами", "ий", "иям", "иях", "иями")
# Forms a masculine one takes: «Бабушкинский», «Бабушкинского», «в Бабушкинском»; the
# feminine «Северная Каролина» is no district Северный.
_MASCULINE_FORMS: Final = ("ий", "ый", "ой", "ого", "его", "ому", "ему", "им", "ым", "ом", "ем")


class _Reading:
    """One candidate name in its place in the text, as the rules see it.

    What the rules ask of the context is looked up once, when first asked.
    """

    def __init__(self, span: _Span, entry: _Entry, cues: _Cues) -> None:
        self.span = span
        self.entry = entry
        self.cues = cues
        self.confidence = entry.confidence
        # Set by the adjective rule: a unit word names the district («Бабушкинский район»).
        self.unit_named = False

    @cached_property
    def after(self) -> Token | None:
        return self.span.after()

    @cached_property
    def owner(self) -> Token | None | Literal[False]:
        return self.span.quote_owner()

    @property
    def quoted(self) -> bool:
        return self.owner is not False

    @cached_property
    def district_cue(self) -> bool:
        """A resident or unit word before the name, maybe across a list («жители»)."""
        return self.span.list_reaches_before(self.cues.district)

    @property
    def cue(self) -> bool:
        return self.unit_named or self.district_cue

    @cached_property
    def surface(self) -> str:
        """The name's last word as written, folded: its ending tells its case and gender."""
        return _fold(self.span.tokens[self.span.last].text)


_Rule = Callable[[_Reading], bool]


# --- rule 3: words that make the name something else ------------------------------------


def _not_after_blocking_word(reading: _Reading) -> bool:
    """«аэропорт Внуково», «в аэропортах Шереметьево, Домодедово, Внуково»."""
    return not reading.span.list_reaches_before(reading.cues.block_before)


def _not_before_blocking_word(reading: _Reading) -> bool:
    """«Ярославский вокзал», «Можайское шоссе»; «Восточный округ» is an okrug."""
    after, cues = reading.after, reading.cues
    return after is None or after.term not in cues.block_after | cues.okrug | cues.okrug_admin


def _not_before_okrug_abbreviation(reading: _Reading) -> bool:
    """«Восточный АО» is an okrug, not a district «Восточный»."""
    after = reading.after
    return after is None or after.term not in reading.cues.okrug_short or not after.text.isupper()


def _not_elsewhere(reading: _Reading) -> bool:
    """«Можайский район Подмосковья»: a namesake outside Moscow."""
    return not reading.span.followed_within(reading.cues.elsewhere, _ELSEWHERE_REACH)


def _not_in_blocking_quotes(reading: _Reading) -> bool:
    """«ЖК «Новое Внуково»», «СИЗО «Лефортово»»."""
    owner = reading.owner
    return not (owner and (owner.term,) in reading.cues.block_before)


def _a_form_of_the_name(reading: _Reading) -> bool:
    """«депутат Митин», «Аэропорты»: the same term as a one-word name, not its form."""
    words, span = reading.entry.words, reading.span
    forms = words[0].forms
    return not (len(words) == 1 and forms and _fold(span.tokens[span.first].text) not in forms)


# --- rules 4 to 6: by the shape of the name ---------------------------------------------


def _adjective_name(reading: _Reading) -> bool:
    """Rule 4: «Бабушкинский» counts capitalised, masculine, with a unit word next to it."""
    if not reading.span.capitalised() or not reading.surface.endswith(_MASCULINE_FORMS):
        return False  # «северным районам», «Северная Каролина»
    if not _has_unit_word(reading):
        return False
    reading.unit_named = True
    return True


def _has_unit_word(reading: _Reading) -> bool:
    """«район Бабушкинский», «Бабушкинский и Лосиноостровский районы»; not «Киевский
    район Харькова»."""
    span, cues, after = reading.span, reading.cues, reading.after
    if span.list_reaches_before(cues.unit):
        return True
    if after is not None and after.term in cues.unit_after:
        return not span.names_another_city(span.last + 2)
    return span.list_reaches_after(cues.unit_after) is not None


def _neuter_name(reading: _Reading) -> bool:
    """Rule 4: «в Отрадном», «Сосенское» count alone in a neuter form (not «на Отрадной»)."""
    span = reading.span
    if not reading.surface.endswith(_NEUTER_FORMS) or _before_masculine_unit(reading):
        return False
    at_start = span.at_sentence_start()
    if not reading.cue:
        if not span.capitalised():
            return False
        if at_start and reading.entry.words[0].term in reading.cues.common:
            return False  # «Отрадное известие пришло утром»
    reading.confidence *= _NEUTER_AT_START if at_start else _NEUTER_NAME
    return True


def _before_masculine_unit(reading: _Reading) -> bool:
    """«в Первомайском районе», «Ивановского и Тамбовского районов»: masculine namesakes;
    but «Отрадного и Алтуфьевского района» lists two districts."""
    span = reading.span
    unit = span.list_reaches_after(reading.cues.unit_after)
    return unit is not None and (
        unit == span.last + 1 or _fold(span.tokens[unit].text).endswith(_PLURAL_UNIT)
    )


def _common_name(reading: _Reading) -> bool:
    """Rule 5: «Сокол» counts capitalised mid-sentence or after a unit or resident word."""
    span = reading.span
    if (reading.entry.words[0].term,) in reading.cues.block_before and span.followed_by_name():
        return False  # «в Аэропорту Шереметьево»: an airport's name follows
    if not reading.cue and (reading.quoted or not span.capitalised() or span.at_sentence_start()):
        return False  # «Сокол поймал голубя», зефир «Сокол»
    reading.confidence *= _COMMON_NAME
    return True


def _abbreviation_name(reading: _Reading) -> bool:
    """«ВДНХ» in capitals; «вднх» proves nothing."""
    return sum(char.isupper() for char in reading.span.tokens[reading.span.first].text) >= 2


def _plain_name(reading: _Reading) -> bool:
    """Rule 6: any other name counts in any form; in lower case it is less sure."""
    if not reading.span.capitalised():
        reading.confidence *= _LOWER_CASE
    return True


_SHAPE_RULES: Final[Mapping[_Shape, _Rule]] = {
    "adjective": _adjective_name,
    "neuter": _neuter_name,
    "common": _common_name,
    "abbreviation": _abbreviation_name,
}


def _by_shape(reading: _Reading) -> bool:
    return _SHAPE_RULES.get(reading.entry.shape, _plain_name)(reading)


# --- the context: more or less sure -----------------------------------------------------


def _doubt_from_context(reading: _Reading) -> bool:
    """After «парк», «усадьба» a park named after the district; in quotes, a brand."""
    before = reading.span.before()
    if before is not None and before.term in reading.cues.landmark_before:
        reading.confidence *= _LANDMARK
    elif reading.quoted and not reading.cue:
        reading.confidence *= _QUOTED
    return True


def _gain_from_context(reading: _Reading) -> bool:
    """A resident or unit word before the name, or a preposition «в», «на», «у»."""
    if reading.cue:
        reading.confidence += (1 - reading.confidence) * _CUE_GAIN
    elif reading.span.after_preposition():
        reading.confidence += (1 - reading.confidence) * _PREPOSITION_GAIN
    return True


_NAME_RULES: Final[tuple[_Rule, ...]] = (
    _not_after_blocking_word,
    _not_before_blocking_word,
    _not_before_okrug_abbreviation,
    _not_elsewhere,
    _not_in_blocking_quotes,
    _a_form_of_the_name,
    _by_shape,
    _doubt_from_context,
    _gain_from_context,
)


def _name_confidence(span: _Span, entry: _Entry, cues: _Cues) -> float | None:
    """Apply ``_NAME_RULES`` to a district, settlement, alias or place name; None rejects it."""
    reading = _Reading(span, entry, cues)
    for rule in _NAME_RULES:
        if not rule(reading):
            return None
    return reading.confidence
