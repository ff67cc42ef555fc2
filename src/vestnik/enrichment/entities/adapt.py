"""natasha's tokens and spans, adapted into our ``Word`` and ``Found`` records."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any, Final

from vestnik.enrichment.entities.records import (
    EntityKind,
    Field,
    Found,
    Mention,
    NameRole,
    Reading,
    Word,
)
from vestnik.enrichment.entities.spans import settle_spans
from vestnik.enrichment.entities.text import _LETTER

__all__ = ["adapt_doc", "adapt_token"]

_KINDS: Final[dict[str, EntityKind]] = {"PER": "person", "ORG": "organisation", "LOC": "place"}
_ROLES: Final[dict[str, NameRole]] = {"Name": "first", "Patr": "middle", "Surn": "last"}
_INFLECTED_POS: Final = frozenset({"NOUN", "PROPN", "ADJ"})


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
