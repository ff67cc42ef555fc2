"""On PostgreSQL, keep each row's tsvectors in the row itself.

With the default storage the toaster may move a long article's vector out of line, and
every match of a common word then costs a TOAST lookup to test and rank it; as MAIN the
vector stays inline while the headline, lead and body texts go out of line first. Rows
written before this migration keep their layout until `vestnik search-index` rewrites them.
"""

from django.db import migrations


def set_storage(storage):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE search_searchdocument ALTER COLUMN vector SET STORAGE {storage}, "
                f"ALTER COLUMN facets SET STORAGE {storage}"
            )

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0003_enrichment_tables")]
    operations = [migrations.RunPython(set_storage("MAIN"), set_storage("EXTENDED"))]
