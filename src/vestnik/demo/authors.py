"""The demo network's authors and the bylines of some of its articles, from data/authors.json.

Idempotent like the rest of the demo: an author is kept by slug, and an article whose byline
already names its authors in order is left alone. A changed byline is published as a new
revision, as an editor's would be, so the edit screen shows it too.
"""

import json
from pathlib import Path

from vestnik.articles.models import ArticlePage, Author, Byline

AUTHORS_JSON = Path(__file__).resolve().parent / "data" / "authors.json"


def load_authors(articles: dict[str, ArticlePage], path: Path = AUTHORS_JSON) -> None:
    """``articles``: the demo's articles by their key in network.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    authors = {}
    for spec in data["authors"]:
        authors[spec["slug"]], _ = Author.objects.update_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "bio": spec["bio"]}
        )
    for key, slugs in data["bylines"].items():
        article = articles[key]
        wanted = [authors[slug].pk for slug in slugs]
        if [author.pk for author in article.authors] == wanted:
            continue
        article.bylines = [Byline(author_id=pk) for pk in wanted]
        article.save_revision().publish()
