"""What a full-text search backend does for Vestnik; one per database engine."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from vestnik.language.query import SearchQuery

Order = Literal["relevance", "date"]

# Relevance is multiplied by 1 + RECENCY_BOOST / (1 + age in days / RECENCY_DAYS): a story of
# today counts up to twice a year-old one with the same words, and the effect fades smoothly.
RECENCY_DAYS = 30.0


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
        """The page of hits and the total number of matching articles. With ``match_all``
        off, any one of the query's words or phrases is enough (the relaxed fallback)."""
        raise NotImplementedError
