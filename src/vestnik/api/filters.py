"""Query-string filters of the article and tag lists: checked, then turned into querysets.

A malformed value (a date that is no date, a slug with spaces) is a 400 naming it. A
well-formed value that names nothing (an unknown outlet, region or tag) and a period that
ends before it starts find nothing: an empty list, as the schema promises every request of
its shape an answer (schemathesis checks that it gets one).
"""

from rest_framework import serializers
from rest_framework.request import Request

from vestnik.articles.models import ArticlePageQuerySet, Tag
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region
from vestnik.search.forms import moscow_days


def given_params(request: Request) -> dict[str, str]:
    """The query parameters that carry a value: ``tag=`` means no tag filter, as in a form."""
    return {name: value for name, value in request.query_params.items() if value != ""}


def find_outlet(value: str) -> OutletHomePage | None:
    """A live outlet by slug, or by page id as the search API has always accepted."""
    outlets = OutletHomePage.objects.live().public()
    outlet = outlets.filter(slug=value).first()
    if outlet is None and value.isascii() and value.isdigit() and len(value) < 19:
        outlet = outlets.filter(pk=int(value)).first()
    return outlet


def find_tag(value: str) -> Tag | None:
    return Tag.objects.filter(slug=value).first()


def day_field(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, help_text=help_text)


class ArticleFilters(serializers.Serializer):
    outlet = serializers.SlugField(
        required=False, help_text="Слаг издания: zvezdny; неизвестное — пустой список"
    )
    region = serializers.SlugField(
        required=False,
        help_text=(
            "Слаг или код ОКАТО/ОКТМО округа или района; округ включает свои районы; "
            "неизвестный — пустой список"
        ),
    )
    tag = serializers.SlugField(required=False, help_text="Слаг тега; неизвестный — пустой список")
    date_from = day_field("С этого дня включительно, ГГГГ-ММ-ДД, по Москве")
    date_to = day_field(
        "По этот день включительно, ГГГГ-ММ-ДД, по Москве; раньше date_from — пустой список"
    )

    # Each becomes the outlet, region or tag it names, or None when it names nothing.
    validate_outlet = staticmethod(find_outlet)
    validate_region = staticmethod(Region.objects.by_slug_or_code)
    validate_tag = staticmethod(find_tag)

    def apply(self, articles: ArticlePageQuerySet) -> ArticlePageQuerySet:
        """``articles`` narrowed by the valid filters; call after ``is_valid()``."""
        data = self.validated_data
        named = [data[name] for name in ("outlet", "region", "tag") if name in data]
        reversed_period = (
            data.get("date_from") and data.get("date_to") and (data["date_from"] > data["date_to"])
        )
        if None in named or reversed_period:
            return articles.none()
        if "outlet" in data:
            articles = articles.for_outlet(data["outlet"])
        if "region" in data:
            articles = articles.in_region(data["region"])
        if "tag" in data:
            articles = articles.tagged(data["tag"])
        date_from, date_to = moscow_days(data.get("date_from"), data.get("date_to"))
        if date_from is not None:
            articles = articles.filter(published_at__gte=date_from)
        if date_to is not None:
            articles = articles.filter(published_at__lt=date_to)
        return articles


class TagFilters(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Tag.Kind.choices, required=False, help_text="Вид тега: персона, организация, …"
    )
