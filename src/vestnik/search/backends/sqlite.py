"""Search on SQLite: FTS5 over pre-lemmatised text, ranked by BM25."""

from collections.abc import Sequence
from typing import Any

from django.db import connection

from vestnik.language.query import SearchQuery

from .base import RECENCY_DAYS, Hit, Order, SearchBackend, SearchFilters

# bm25() column weights, in the FTS table's column order: headline, lead, tags and regions,
# body; facet tokens never score.
BM25_WEIGHTS = "10.0, 4.0, 1.0, 4.0, 0.0"
TEXT_COLUMNS = "{headline_terms lead_terms body_terms extra_terms}"


def quote(terms: tuple[str, ...] | list[str]) -> str:
    """An FTS5 string literal: the terms as one phrase, quotes doubled, so no input is syntax."""
    return '"' + " ".join(terms).replace('"', '""') + '"'


def match_expression(query: SearchQuery, filters: SearchFilters, match_all: bool) -> str:
    positives = [quote([term]) for term in query.terms] + [quote(p) for p in query.phrases]
    joiner = " AND " if match_all else " OR "
    expression = f"{TEXT_COLUMNS} : ({joiner.join(positives)})"
    for excluded in query.excluded:
        expression = f"({expression}) NOT {TEXT_COLUMNS} : {quote(excluded)}"
    for token in filters.facets:
        expression = f"({expression}) AND facet_terms : {quote([token])}"
    for token in filters.excluded_facets:
        expression = f"({expression}) NOT facet_terms : {quote([token])}"
    return expression


class SQLiteSearchBackend(SearchBackend):
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
        where = ["search_fts MATCH %s"]
        params: list[Any] = [match_expression(query, filters, match_all)]
        if filters.date_from:
            where.append("d.published_at >= %s")
            params.append(filters.date_from)
        if filters.date_to:
            where.append("d.published_at < %s")
            params.append(filters.date_to)
        source = (
            "FROM search_fts JOIN search_searchdocument d ON d.article_id = search_fts.rowid "
            f"WHERE {' AND '.join(where)}"
        )
        # bm25() is negative, better matches more so: a boost factor above 1 keeps that order.
        score = (
            f"bm25(search_fts, {BM25_WEIGHTS}) * (1.0 + %s / (1.0 + "
            f"(julianday('now') - julianday(d.published_at)) / {RECENCY_DAYS}))"
        )
        order_by = "score, d.article_id" if order == "relevance" else "d.published_at DESC"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s)",
                [*params, self.match_limit + 1],
            )
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT d.article_id, {score} AS score {source} "
                f"ORDER BY {order_by} LIMIT %s OFFSET %s",
                [recency_boost, *params, limit, offset],
            )
            hits = [Hit(article_id, -score) for article_id, score in cursor.fetchall()]
        return hits, total

    def similar(self, terms: Sequence[str], *, limit: int) -> list[int]:
        # The FTS table alone: its rowid is the article id, and without recency nothing of
        # the documents table is needed to rank.
        query = SearchQuery(terms=tuple(terms), phrases=(), excluded=())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                f"ORDER BY bm25(search_fts, {BM25_WEIGHTS}), rowid LIMIT %s",
                [match_expression(query, SearchFilters(), match_all=False), limit],
            )
            return [row[0] for row in cursor.fetchall()]
