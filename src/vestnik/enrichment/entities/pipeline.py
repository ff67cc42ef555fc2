"""The pipeline: natasha's mentions, widened, named, merged and completed."""

from __future__ import annotations

from typing import Final

from vestnik.enrichment.entities.adapt import adapt_doc
from vestnik.enrichment.entities.kinds import correct_kinds, correct_quoted_places, merge_kinds
from vestnik.enrichment.entities.merging import merge_abbreviations, merge_named
from vestnik.enrichment.entities.people import _order, merge_people
from vestnik.enrichment.entities.records import Entity, Field, Found, NerModels
from vestnik.enrichment.entities.repeats import add_repeats
from vestnik.enrichment.entities.spans import abbreviated_organisations
from vestnik.enrichment.entities.text import _CYRILLIC, _LOWER

__all__ = ["extract_entities", "find_mentions"]

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
