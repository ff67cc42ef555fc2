"""Search documents keep the page's tree path, not the absolute URL it had when indexed.

An index built while serving on one port linked every result there when served on another;
results now build their link for the site that asks. Existing rows take their page's
``url_path``; a row whose page is gone keeps its old value until `vestnik search-index`.
A rename, not a new column: on SQLite, rebuilding the table would drop the FTS triggers.
"""

from django.db import migrations

FILL = """UPDATE search_searchdocument SET url_path = (
    SELECT p.url_path FROM wagtailcore_page p WHERE p.id = search_searchdocument.article_id)
WHERE EXISTS (SELECT 1 FROM wagtailcore_page p WHERE p.id = search_searchdocument.article_id)"""


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vectors_stay_inline"), ("wagtailcore", "0001_initial")]
    operations = [
        migrations.RenameField("searchdocument", "url", "url_path"),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
