"""Text pages are now keyed by their date and headline, whichever command brought them in.

Rows that ``ingest-file`` keyed by the file's address take the new key, and articles that
``import-text`` made (an article with an import digest, no canonical address and no row of
its own) get a row, so importing the same page again updates them instead of
adding a second article.
"""

from zoneinfo import ZoneInfo

from django.db import migrations

from vestnik.ingest.documents import text_page_identity

MOSCOW = ZoneInfo("Europe/Moscow")
STEP = 4


def key_text_pages(apps, schema_editor):  # type: ignore[no-untyped-def]
    IngestedItem = apps.get_model("ingest", "IngestedItem")
    ArticlePage = apps.get_model("articles", "ArticlePage")
    OutletHomePage = apps.get_model("outlets", "OutletHomePage")

    def identity(article) -> str:  # type: ignore[no-untyped-def]
        return text_page_identity(article.published_at.astimezone(MOSCOW), article.title)

    taken = set(IngestedItem.objects.filter(source__isnull=True).values_list("outlet_id", "guid"))
    for row in IngestedItem.objects.filter(
        source__isnull=True, guid__startswith="file:", url=""
    ).select_related("article"):
        if row.article is None or row.article.canonical_url:
            continue
        key = (row.outlet_id, identity(row.article))
        if key not in taken:
            taken.add(key)
            row.guid = key[1]
            row.save(update_fields=["guid"])
    recorded = set(IngestedItem.objects.values_list("article_id", flat=True))
    for article in ArticlePage.objects.filter(canonical_url="").exclude(source_digest=""):
        if article.pk in recorded or article.published_at is None:
            continue
        # Wagtail's tree: a page's parent has its path less the last step of four.
        outlet = OutletHomePage.objects.filter(path=article.path[:-STEP]).first()
        if outlet is None:
            continue
        key = (outlet.pk, identity(article))
        if key not in taken:
            taken.add(key)
            IngestedItem.objects.create(
                outlet_id=outlet.pk, guid=key[1], content_hash="", article=article
            )


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0003_source_item_identity_and_internal_hosts"),
        ("articles", "0003_provenance_and_rendered_body"),
        ("outlets", "0001_initial"),
    ]

    operations = [migrations.RunPython(key_text_pages, migrations.RunPython.noop)]
