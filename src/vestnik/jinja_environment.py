"""The Jinja2 environment of the public pages: article, outlet listings, search, 404, 500.

Readers' pages are rendered with Jinja2, which compiles a template to Python: on an article
page that is not cached, Django's template engine took as long as everything else put
together. The admin, the error page of last resort (500.html), StreamField blocks (rendered
once, at save) and the XML of feeds and sitemaps stay on Django's engine. The filters and
functions here are the same Python the Django tags call, so both engines print a date, a
credit or a URL alike.
"""

from datetime import datetime
from functools import cache
from typing import Any

from django.template.defaultfilters import truncatechars
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString
from jinja2 import ChainableUndefined, Environment, pass_context
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import (
    routablepageurl,
)

from vestnik.articles import pictures
from vestnik.articles.models.stories import canonical_href
from vestnik.articles.region_map import region_map
from vestnik.articles.sharing import share_links
from vestnik.articles.templatetags.vestnik_tags import item_date, published_date
from vestnik.feeds.page_head import article_metadata, feed_links
from vestnik.language.typography import end_sentence
from vestnik.outlets.chrome import OutletChrome, outlet_chrome
from vestnik.outlets.models import Section
from vestnik.pagecache.inline_styles import inline_style
from vestnik.readership.most_read import most_read
from vestnik.search.templatetags.search_tags import highlighted

__all__ = ["environment"]


def iso_datetime(value: datetime | None) -> str:
    """«2024-01-29T09:41:00+03:00» for ``<time datetime>``: Django's ``date:'c'`` on the
    Moscow clock, without its format machinery (a page prints six of them)."""
    if value is None:
        return ""
    moscow = timezone.get_default_timezone()  # as the date filters (vestnik_tags._local)
    return (timezone.localtime(value, moscow) if timezone.is_aware(value) else value).isoformat()


@pass_context
def page_chrome(context: Any) -> OutletChrome:
    """The header's and footer's outlet: the one answering the request's host."""
    return outlet_chrome(context.get("request"), context.get("outlet") or context.get("page"))


@pass_context
def page_inline_style(context: Any, css: str) -> SafeString:
    return inline_style(context.get("request"), css)


@pass_context
def section_url(context: Any, section: Section) -> str:
    """The page of one of an outlet's sections: «/rubrics/gorod/» on the outlet's own host."""
    return str(routablepageurl(context, section.outlet, "section_articles", section.slug))


def environment(**options: Any) -> Environment:
    # As in Django's templates, ``page.title`` is empty where there is no page (the 404).
    options["undefined"] = ChainableUndefined
    env = Environment(
        extensions=["wagtail.jinja2tags.core", "wagtail.images.jinja2tags.images"], **options
    )
    env.globals.update(
        # Static files do not change while a server runs (``vestnik serve`` collects them
        # first), and the manifest lookup behind each URL costs more than the page's dates.
        static=cache(static),
        routablepageurl=pass_context(routablepageurl),
        canonical_href=canonical_href,
        region_map_for=region_map,
        share_links=share_links,
        pictures=pictures,  # the picture specs: pictures.LEAD_PICTURE …
        article_metadata=pass_context(article_metadata),
        feed_links=pass_context(feed_links),
        most_read=most_read,
        outlet_chrome=page_chrome,
        inline_style=page_inline_style,
        section_url=section_url,
    )
    env.filters.update(
        iso_datetime=iso_datetime,
        published_date=published_date,
        item_date=item_date,
        sentence=end_sentence,
        highlighted=highlighted,
        truncatechars=truncatechars,
    )
    return env
