"""Searching the network: parse, match (relaxing when nothing matches all words), snippet."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Page

from vestnik.articles.models import ArticlePage
from vestnik.language.query import SearchQuery, parse_query
from vestnik.language.snippets import Fragment, highlight_text, make_snippet
from vestnik.page_urls import PageLocation

from .backends import SearchFilters, get_search_backend
from .backends.base import MATCH_LIMIT, Order
from .models import SearchDocument

PER_PAGE = 10
MAX_PAGE = 100  # deep pages cost the database and help no reader; refine the query instead

EMPTY_MESSAGE = "Введите слово или фразу для поиска."
STOP_WORDS_MESSAGE = "В запросе только служебные слова — добавьте слово по существу."
TRUNCATED_MESSAGE = "Запрос слишком длинный: искали по его началу."
RELAXED_MESSAGE = "Все слова вместе не нашлись — показаны материалы, где есть хотя бы часть."


@dataclass(frozen=True)
class SearchResult:
    article_id: int
    url: str
    headline: tuple[Fragment, ...]
    snippet: tuple[Fragment, ...]
    published_at: datetime
    outlet_id: int
    outlet_name: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    text: str
    query: SearchQuery
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0  # counted up to match_limit + 1
    page: int = 1
    per_page: int = PER_PAGE
    relaxed: bool = False
    messages: tuple[str, ...] = ()
    match_limit: int = MATCH_LIMIT

    @property
    def total_is_exact(self) -> bool:
        return self.total <= self.match_limit

    @property
    def shown_total(self) -> int:
        """How many matches a page may promise: more than the limit reads «более 1000»."""
        return min(self.total, self.match_limit)

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.shown_total // self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search_articles(
    text: str,
    *,
    facets: tuple[str, ...] = (),
    excluded_facets: tuple[str, ...] = (),
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    order: Order = "relevance",
    recency: bool = True,
    page: int = 1,
    per_page: int = PER_PAGE,
    request: HttpRequest | None = None,
) -> SearchPage:
    """One page of articles matching ``text``; every form of a word finds every other.

    All words must match; when that finds nothing, any of them will do (``relaxed``).
    Links are made for ``request``'s site: a path on its own outlet, the other outlet's
    address elsewhere, whatever host and port the index was built on.
    """
    query = parse_query(text)
    messages = [TRUNCATED_MESSAGE] if query.truncated else []
    if query.is_empty:
        messages.append(STOP_WORDS_MESSAGE if text.strip() else EMPTY_MESSAGE)
        return SearchPage(text, query, messages=tuple(messages))

    page = min(max(page, 1), MAX_PAGE)
    filters = SearchFilters(
        facets=facets, excluded_facets=excluded_facets, date_from=date_from, date_to=date_to
    )
    boost = float(getattr(settings, "VESTNIK_SEARCH_RECENCY_BOOST", 1.0)) if recency else 0.0
    backend = get_search_backend()
    offset = (page - 1) * per_page
    arguments = {
        "order": order,
        "recency_boost": boost,
        # No page reaches past the matches the count stops at.
        "limit": max(0, min(per_page, backend.match_limit - offset)),
        "offset": offset,
    }
    hits, total = backend.search(query, filters, **arguments)  # type: ignore[arg-type]
    relaxed = False
    if total == 0 and len(query.terms) + len(query.phrases) > 1:
        hits, total = backend.search(query, filters, match_all=False, **arguments)  # type: ignore[arg-type]
        relaxed = total > 0
        if relaxed:
            messages.append(RELAXED_MESSAGE)

    ids = [hit.article_id for hit in hits]
    # The index holds only what readers may see; checked again here for what changed by
    # itself since (an expire_at passed) and for indexes built before the rule.
    shown = set(ArticlePage.objects.visible_to_readers().filter(pk__in=ids).values_list("pk"))
    documents = SearchDocument.objects.in_bulk([pk for (pk,) in shown])
    outlet_names = dict(
        Page.objects.filter(pk__in={d.outlet_id for d in documents.values()}).values_list(
            "pk", "title"
        )
    )
    terms = query.highlight_terms()
    results = [
        SearchResult(
            article_id=hit.article_id,
            url=PageLocation(document.url_path).get_url(request) or "",
            headline=highlight_text(document.headline, terms),
            snippet=make_snippet(f"{document.lead}\n\n{document.body}".strip(), terms),
            published_at=document.published_at,
            outlet_id=document.outlet_id,
            outlet_name=outlet_names.get(document.outlet_id, ""),
            score=hit.score,
        )
        for hit in hits
        if (document := documents.get(hit.article_id))
    ]
    return SearchPage(
        text, query, results, total, page, per_page, relaxed, tuple(messages), backend.match_limit
    )
