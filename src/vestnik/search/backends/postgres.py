"""Search on PostgreSQL: tsvector (`simple` config) over pre-lemmatised text, ts_rank_cd."""

from collections.abc import Sequence
from typing import Any

from django.db import connection, connections, router

from vestnik.language.query import SearchQuery

from ..models import SearchDocument
from .base import RECENCY_DAYS, Hit, Order, SearchBackend, SearchFilters

PHRASE = "phraseto_tsquery('simple', replace(%s, '-', ' '))"


def tsquery(query: SearchQuery, match_all: bool) -> tuple[str, list[Any]]:
    """A tsquery expression built from parameters only, so no input is ever query syntax."""
    parts = [PHRASE for _ in query.terms] + [PHRASE for _ in query.phrases]
    params: list[Any] = [*query.terms, *(" ".join(p) for p in query.phrases)]
    expression = f" {'&&' if match_all else '||'} ".join(parts)
    for excluded in query.excluded:
        expression = f"({expression}) && !!{PHRASE}"
        params.append(" ".join(excluded))
    return expression, params


def matches(expression: str, where: Sequence[str] = ()) -> str:
    """FROM and WHERE of the documents matching a tsquery expression, under conditions."""
    conditions = " AND ".join(["vector @@ q.query", *where])
    return f"FROM search_searchdocument, (SELECT {expression} AS query) q WHERE {conditions}"


def newest_ranked(source: str, score: str) -> str:
    """The newest matches of `source` (the first %s: how many), ranked by `score`.

    Found through the published_at index for a common word, they are all that is scored:
    identical to ranking everything whenever the query matches fewer. Takes LIMIT and
    OFFSET parameters last.
    """
    return (
        f"SELECT article_id, {score} AS score FROM ("
        f"SELECT article_id, published_at, vector, q.query {source} "
        "ORDER BY published_at DESC LIMIT %s) newest "
        "ORDER BY score DESC, article_id LIMIT %s OFFSET %s"
    )


class PostgresSearchBackend(SearchBackend):
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
        expression, query_params = tsquery(query, match_all)
        where = []
        params: list[Any] = []
        if filters.facets:
            where.append("facets @@ to_tsquery('simple', %s)")
            params.append(" & ".join(filters.facets))
        if filters.excluded_facets:
            where.append("NOT facets @@ to_tsquery('simple', %s)")
            params.append(" | ".join(filters.excluded_facets))
        if filters.date_from:
            where.append("published_at >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("published_at < %s")
            params.append(filters.date_to)
        source = matches(expression, where)
        match_params = [*query_params, *params]
        if order == "relevance":
            score = (
                "ts_rank_cd(vector, query) * (1.0 + %s / (1.0 + "
                f"extract(epoch FROM now() - published_at) / 86400.0 / {RECENCY_DAYS}))"
            )
            page_sql = newest_ranked(source, score)
            page_params = [recency_boost, *match_params, self.match_limit, limit, offset]
        else:
            page_sql = (
                f"SELECT article_id {source} ORDER BY published_at DESC, article_id "
                "LIMIT %s OFFSET %s"
            )
            page_params = [*match_params, limit, offset]
        # A reader's search reads a replica (``vestnik.replicas``); the worker's, the primary.
        with connections[router.db_for_read(SearchDocument)].cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s) counted",
                [*match_params, self.match_limit + 1],
            )
            total = cursor.fetchone()[0]
            cursor.execute(page_sql, page_params)
            rows = cursor.fetchall()
        if order == "relevance":
            return [Hit(row[0], float(row[1])) for row in rows], total
        return [Hit(row[0], 0.0) for row in rows], total

    def similar(self, terms: Sequence[str], *, limit: int) -> list[int]:
        # As a relevance search ranks, by ts_rank_cd alone. The caller keeps the terms few
        # and rare, so the window of the newest matches rarely cuts.
        expression, params = tsquery(
            SearchQuery(terms=tuple(terms), phrases=(), excluded=()), False
        )
        with connection.cursor() as cursor:
            cursor.execute(
                newest_ranked(matches(expression), "ts_rank_cd(vector, query)"),
                [*params, self.match_limit, limit, 0],
            )
            return [row[0] for row in cursor.fetchall()]
