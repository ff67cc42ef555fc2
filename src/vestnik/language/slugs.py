"""Latin slugs from Russian text: one rule for the admin, the importers and tags.

«Итоги Технополиса» → «itogi-tekhnopolisa». anyascii transliterates (х → kh, ц → ts), then
the result is cut to the characters Django's ``slugify`` keeps, so slugs made before this
module existed are made again unchanged.
"""

import re

from anyascii import anyascii

__all__ = ["SLUG_LENGTH", "headline_slug", "latin_slug"]

SLUG_LENGTH = 80

NOT_SLUG = re.compile(r"[^\w\s-]", re.ASCII)
GAPS = re.compile(r"[-\s]+")


def latin_slug(text: str) -> str:
    """Lower-case ASCII letters, digits and hyphens; empty if nothing transliterates."""
    value = NOT_SLUG.sub("", anyascii(text).lower())
    return GAPS.sub("-", value).strip("-_")


def headline_slug(headline: str) -> str:
    """An article's slug of at most SLUG_LENGTH characters: «Технополис» → «tekhnopolis»."""
    return latin_slug(headline)[:SLUG_LENGTH].strip("-") or "article"
