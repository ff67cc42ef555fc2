"""What a full-text search backend does for Vestnik; one per database engine."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from vestnik.language.query import SearchQuery

Order = Literal["relevance", "date"]

# Relevance is multiplied by 1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS): a story of
# today counts up to twice a year-old one with the same words, and the effect fades smoothly.
RECENCY_DAYS = 30.0

# Counting stops past this many matches (the page says «более 1000»), and PostgreSQL ranks
# the newest this many of a broader query: scoring every article that mentions «Россия»
# costs more than the rest of the search together, and a reader who wants more narrows the
# words or the dates rather than paging past a thousand results.
MATCH_LIMIT = 1000


@dataclass(frozen=True)
class SearchFilters:
    facets: tuple[str, ...] = ()  # tokens every hit must carry: o<outlet>, r<region>, t<tag>
    excluded_facets: tuple[str, ...] = ()  # tokens no hit may carry
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive


@dataclass(frozen=True)
class Hit:
    article_id: int
    score: float


class SearchBackend:
    """Runs a parsed query against the index; the index is written through the ORM."""

    match_limit = MATCH_LIMIT

    def search(
        self,
        query: SearchQuery,
        filters: SearchFilters,
        *,
        match_all: bool = True,
        order: Order = "relevance",
        recency_boost: float = 1.0,
        limit: int = 10,
        offset: int = 0,
    ) -> tuple[list[Hit], int]:
        """The page of hits and the number of matching articles, counted up to
        ``match_limit + 1``. With ``match_all`` off, any one of the query's words or phrases
        is enough (the relaxed fallback)."""
        raise NotImplementedError

    def similar(self, terms: Sequence[str], *, limit: int) -> list[int]:
        """Ids of the ``limit`` articles best matching any of ``terms``, best first, ranked
        as a relaxed search without recency would rank them: the candidates of «Читайте
        также». Cheaper than ``search``: no count, no page, no date or facet filters."""
        raise NotImplementedError
