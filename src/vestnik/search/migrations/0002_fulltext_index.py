"""The full-text index beside search_searchdocument, in each database's own way.

SQLite: an external-content FTS5 table over the analysed columns, kept in step by triggers
(the pattern of the SQLite FTS5 manual, section 4.4.3), so every ORM write to a document
updates the index in the same transaction. unicode61 must not strip diacritics: «й» is a
letter of its own, not «и» with a mark.

PostgreSQL: generated tsvector columns over the same analysed text with the `simple`
configuration (the text is already lemmatised; Snowball must not stem it again), weighted
headline A, lead and tags/regions B, body C, plus a separate vector of facet ids, each with
a GIN index. Hyphens become spaces on both sides so «северо-восточный» is two positions, as
on SQLite.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        headline_terms, lead_terms, body_terms, extra_terms, facet_terms,
        content='search_searchdocument', content_rowid='article_id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, headline_terms, lead_terms, body_terms, extra_terms,
                               facet_terms)
        VALUES (new.article_id, new.headline_terms, new.lead_terms, new.body_terms,
                new.extra_terms, new.facet_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline_terms, lead_terms, body_terms,
                               extra_terms, facet_terms)
        VALUES ('delete', old.article_id, old.headline_terms, old.lead_terms, old.body_terms,
                old.extra_terms, old.facet_terms);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, headline_terms, lead_terms, body_terms,
                               extra_terms, facet_terms)
        VALUES ('delete', old.article_id, old.headline_terms, old.lead_terms, old.body_terms,
                old.extra_terms, old.facet_terms);
        INSERT INTO search_fts(rowid, headline_terms, lead_terms, body_terms, extra_terms,
                               facet_terms)
        VALUES (new.article_id, new.headline_terms, new.lead_terms, new.body_terms,
                new.extra_terms, new.facet_terms);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]

POSTGRESQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', replace(headline_terms, '-', ' ')), 'A')
        || setweight(to_tsvector('simple', replace(lead_terms, '-', ' ')), 'B')
        || setweight(to_tsvector('simple', replace(extra_terms, '-', ' ')), 'B')
        || setweight(to_tsvector('simple', replace(body_terms, '-', ' ')), 'C')
    ) STORED""",
    """ALTER TABLE search_searchdocument ADD COLUMN facets tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', facet_terms)) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_facets ON search_searchdocument USING gin (facets)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_searchdocument DROP COLUMN facets",
    "ALTER TABLE search_searchdocument DROP COLUMN vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
