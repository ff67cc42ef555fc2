"""The article add and edit forms of the admin, as Chromium posts them after Wagtail's slug
script has filled the slug."""

from collections.abc import Iterable

from wagtail.test.utils.form_data import nested_form_data, streamfield

from vestnik.articles.models import ArticlePage
from vestnik.regions.models import Region


def article_form_data(
    title: str,
    slug: str,
    *,
    lead: str = "",
    photo: str = "",
    published_at: str = "",
    text_credit: str = "",
    tags: str = "",
    regions: Iterable[int] = (),
    authors: Iterable[int] = (),
) -> dict[str, object]:
    """Either form, with the publish action; ``authors``: the byline's, in order."""
    authors = list(authors)
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "lead": lead,
            "photo": photo,
            "body": streamfield([]),
            "published_at": published_at,
            "text_credit": text_credit,
            "tags": tags,
            "bylines": {
                "TOTAL_FORMS": str(len(authors)),
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
                **{
                    str(index): {"author": str(pk), "ORDER": str(index + 1), "DELETE": ""}
                    for index, pk in enumerate(authors)
                },
            },
            "related_items": {
                "TOTAL_FORMS": "0",
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "5",
            },
            "seo_title": "",
            "search_description": "",
            "action-publish": "action-publish",
        }
    )
    # nested_form_data would number a list's items; a multi-select posts one key many times.
    return {**data, "regions": [str(pk) for pk in regions]}


def add_form_data(title: str, slug: str, regions: tuple[Region, ...] = ()) -> dict[str, object]:
    return article_form_data(title, slug, regions=[region.pk for region in regions])


def edit_form_data(article: ArticlePage, title: str) -> dict[str, object]:
    """The edit form of ``article`` with a new title."""
    return article_form_data(
        title,
        article.slug,
        lead=article.lead,
        photo=str(article.photo_id or ""),
        published_at="2024-01-29 09:41",
        text_credit=article.text_credit,
        tags=", ".join(f'"{tag.name}"' for tag in article.tags.all()),
        regions=article.regions.values_list("pk", flat=True),
    )


def add_url(outlet) -> str:  # type: ignore[no-untyped-def]
    return f"/admin/pages/add/articles/articlepage/{outlet.pk}/"
