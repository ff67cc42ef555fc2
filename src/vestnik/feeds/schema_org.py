"""schema.org ``NewsArticle`` JSON-LD for an article page, and its safe serialisation.

Search engines read it to show the headline, date, photo credit and place of a story;
the vocabulary follows https://schema.org/NewsArticle.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from .facts import ArticleFacts, LeadImage, Place

__all__ = ["dump_json_ld", "news_article"]

# «Д. Гришкин», «А. Б. Иванова», «Мария Петрова», «Анна-Мария Лебедева»: a person's byline.
# Anything else («Звёздный бульвар», «mos.ru», «Пресс-служба Мосгордумы») is an organisation.
_PERSON_NAME: Final = re.compile(
    r"(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?){1,2}"
)

# Inside <script>, the HTML parser ends the element at the first «</script» whatever JSON
# thinks; «<!--» can switch it into another state. Escaping these three characters as JSON
# \u escapes keeps the value identical for a JSON reader (the same as Django's json_script).
_SCRIPT_ESCAPES: Final = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def news_article(facts: ArticleFacts) -> dict[str, Any]:
    """The ``NewsArticle`` object; fields with nothing to say are left out."""
    publisher = {"@type": "Organization", "name": facts.outlet_name, "url": facts.outlet_url}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts.url},
        "url": facts.url,
        "headline": facts.headline,
        "inLanguage": "ru",
        "datePublished": facts.published.isoformat(timespec="seconds"),
        "dateModified": facts.modified.isoformat(timespec="seconds"),
        "author": publisher if facts.credit == facts.outlet_name else credited(facts.credit),
        "creditText": facts.credit,
        "publisher": publisher,
    }
    if facts.lead:
        data["description"] = facts.lead
    if facts.image is not None:
        data["image"] = image_object(facts.image)
    if facts.places:
        data["contentLocation"] = [place_object(place) for place in facts.places]
    if facts.tags:
        data["keywords"] = list(facts.tags)
    if facts.source_url:
        data["isBasedOn"] = facts.source_url
    return data


def credited(name: str) -> dict[str, str]:
    """A credit line as a Person or an Organization, by its shape."""
    kind = "Person" if _PERSON_NAME.fullmatch(name.strip()) else "Organization"
    return {"@type": kind, "name": name}


def image_object(image: LeadImage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "ImageObject",
        "url": image.url,
        "contentUrl": image.url,
        "width": image.width,
        "height": image.height,
    }
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    if image.credit_author:
        data["creator"] = credited(image.credit_author)
    # The agency that took the photo holds it; a freelancer without one holds it themselves.
    if holder := image.credit_source or image.credit_author:
        data["copyrightHolder"] = credited(holder)
    return data


def place_object(place: Place) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Place", "name": place.name}
    if place.within is not None:
        data["containedInPlace"] = place_object(place.within)
    return data


def dump_json_ld(data: dict[str, Any]) -> str:
    """JSON that can sit inside ``<script type="application/ld+json">`` whatever it holds.

    >>> dump_json_ld({"headline": "</script> & «ё»"})
    '{"headline": "\\\\u003C/script\\\\u003E \\\\u0026 «ё»"}'
    """
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
