"""What an article contributes to the search index: one ``SearchDocument`` row."""

from html import unescape

from django.utils.html import strip_tags

from vestnik.articles.models import ArticlePage
from vestnik.articles.models.stories import stands_in_for_story
from vestnik.language.analysis import analyze_terms

from .models import SearchDocument

# Marks a syndicated copy standing in for an original readers see (the story layer's
# ``stands_in_for_story``): network-wide searches leave it out, so the story appears once,
# under its original; an outlet's own search still finds the copy.
COPY_FACET = "copy"


def article_facets(article: ArticlePage) -> list[str]:
    """Filter tokens: ``o<outlet>``, ``r<region>`` for each region and all its ancestors (so an
    okrug filter is one token that also catches its districts' articles), ``t<tag>``, and
    ``COPY_FACET`` on a copy standing for a live original."""
    facets = [facet("o", article.get_parent().pk)]
    region_ids: set[int] = set()
    for region in article.regions.all():
        region_ids.update(r.pk for r in region.lineage())
    facets += [facet("r", pk) for pk in sorted(region_ids)]
    facets += [facet("t", pk) for pk in article.tagged_items.values_list("tag_id", flat=True)]
    if stands_in_for_story(article):
        facets.append(COPY_FACET)
    return facets


def facet(kind: str, pk: int) -> str:
    """The index token of a filter value: ``facet("r", 12)`` → ``"r12"``."""
    return f"{kind}{pk}"


def body_text(article: ArticlePage) -> str:
    """The body as plain paragraphs: what a snippet is cut from, what is indexed and what
    the enrichment reads. The one place rich text becomes text, so entities are unescaped
    here, once: «ГБУ &quot;Жилищник&quot;» is «ГБУ "Жилищник"» for the index, the duplicate
    signature and the entity extractor alike (quotes and captions are plain text already)."""
    parts: list[str] = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(unescape(strip_tags(block.value.source)))
        elif block.block_type == "quote":
            parts.append(
                " — ".join(p for p in (block.value["text"], block.value["attribution"]) if p)
            )
        elif block.block_type == "image" and block.value["caption"]:
            parts.append(block.value["caption"])
    return "\n\n".join(" ".join(part.split()) for part in parts if part.strip())


def build_document(article: ArticlePage) -> SearchDocument:
    body = body_text(article)
    names = [tag.name for tag in article.tags.all()]
    names += [region.full_name for region in article.regions.all()]
    return SearchDocument(
        article_id=article.pk,
        outlet_id=article.get_parent().pk,
        published_at=article.published_at or article.first_published_at,
        url_path=article.url_path,
        headline=article.title,
        lead=article.lead,
        body=body,
        headline_terms=" ".join(analyze_terms(article.title)),
        lead_terms=" ".join(analyze_terms(article.lead)),
        body_terms=" ".join(analyze_terms(body)),
        extra_terms=" ".join(analyze_terms(" . ".join(names))),
        facet_terms=" ".join(article_facets(article)),
    )
