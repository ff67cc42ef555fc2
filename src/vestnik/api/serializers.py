"""What the API says about outlets, articles, regions, tags and search results.

Articles look up their outlet in ``context["outlets"]`` (live outlets by tree path, see
``outlets_by_path``) so a list of fifty items costs no query per item.
"""

from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Page
from wagtail.query import PageQuerySet

from vestnik.articles.models import ArticlePage, Tag, Teaser, VestnikImage, read_also
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region
from vestnik.search.service import SearchResult

# The rendition the article page shows, so an app can show the same crop.
PHOTO_FILTER = "fill-960x540"

datetime_field = serializers.DateTimeField()


def live_outlets() -> PageQuerySet:
    return OutletHomePage.objects.live().public().select_related("region")


def outlets_by_path() -> dict[str, OutletHomePage]:
    """Live outlets keyed by their tree path; an article's parent path finds its outlet."""
    return {outlet.path: outlet for outlet in live_outlets()}


def outlet_of(article: Page, context: dict[str, Any]) -> OutletHomePage | None:
    return context["outlets"].get(article.path[: -Page.steplen])


def absolute(request: HttpRequest, url: str) -> str:
    """Wagtail gives a path when the page is on the request's own site; apps need a full URL."""
    return request.build_absolute_uri(url) if url else ""


def render_body(article: ArticlePage) -> str:
    """The body as the article page shows it: stored at save time, else rendered now."""
    if article.body_html:
        return article.body_html
    return "\n".join(str(block.render_as_block()) for block in article.body)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Что не так, по-русски")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Только для 400: параметр → сообщения о нём",
    )


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["name", "full_name", "abbreviation", "slug", "kind", "okato", "oktmo"]


class RegionTreeSerializer(RegionSerializer):
    children = RegionSerializer(many=True, read_only=True, help_text="Районы и поселения")

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "children"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name", "slug", "kind"]


class OutletRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(source="title")


class OutletSerializer(OutletRefSerializer):
    region = RegionSerializer()
    description = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="Главная страница издания")

    def get_url(self, outlet: OutletHomePage) -> str:
        request = self.context["request"]
        return absolute(request, outlet.get_full_url(request) or "")


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    headline = serializers.CharField(source="title")
    lead = serializers.CharField()
    published_at = serializers.SerializerMethodField(help_text="ISO 8601, московское время")
    url = serializers.SerializerMethodField(help_text="Страница статьи на сайте издания")
    outlet = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_published_at(self, article: ArticlePage) -> str:
        return datetime_field.to_representation(article.published_at or article.first_published_at)

    def get_url(self, article: ArticlePage) -> str:
        request = self.context["request"]
        return absolute(request, article.get_full_url(request) or "")

    @extend_schema_field(OutletRefSerializer)
    def get_outlet(self, article: ArticlePage) -> dict[str, Any]:
        return OutletRefSerializer(outlet_of(article, self.context)).data


class PhotoSerializer(serializers.Serializer):
    url = serializers.CharField(help_text=f"Кадр {PHOTO_FILTER}, как на странице статьи")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    caption = serializers.CharField()
    credit_author = serializers.CharField()
    credit_source = serializers.CharField()
    credit = serializers.CharField(help_text="«Фото: …» целиком")

    def to_representation(self, image: VestnikImage) -> dict[str, Any]:
        rendition = image.get_rendition(PHOTO_FILTER)
        return {
            "url": absolute(self.context["request"], rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "caption": image.caption,
            "credit_author": image.credit_author,
            "credit_source": image.credit_source,
            "credit": image.credit,
        }


class TeaserSerializer(serializers.Serializer):
    headline = serializers.CharField()
    lead = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(
        allow_null=True, help_text="null — статьи ещё нет в сети, показан только заголовок"
    )

    def to_representation(self, teaser: Teaser) -> dict[str, Any]:
        data = super().to_representation(teaser)
        data["url"] = absolute(self.context["request"], teaser.url) or None
        return data


class ProvenanceSerializer(serializers.Serializer):
    canonical_url = serializers.CharField(
        allow_null=True, help_text="Адрес первоисточника вне сети, если статья пришла оттуда"
    )
    original = ArticleSummarySerializer(
        allow_null=True, help_text="Оригинал в сети, если статья — его копия в другом издании"
    )


class ArticleDetailSerializer(ArticleSummarySerializer):
    body = serializers.SerializerMethodField(help_text="Текст статьи в HTML")
    photo = serializers.SerializerMethodField()
    text_credit = serializers.SerializerMethodField(help_text="«Текст: …»")
    tags = TagSerializer(many=True, source="tags.all")
    regions = RegionSerializer(many=True, source="regions.all")
    read_also = serializers.SerializerMethodField(help_text="«Читайте также», как на странице")
    provenance = serializers.SerializerMethodField()

    def get_body(self, article: ArticlePage) -> str:
        return render_body(article)

    @extend_schema_field(PhotoSerializer(allow_null=True))
    def get_photo(self, article: ArticlePage) -> dict[str, Any] | None:
        if article.photo is None:
            return None
        return PhotoSerializer(article.photo, context=self.context).data

    def get_text_credit(self, article: ArticlePage) -> str:
        outlet = outlet_of(article, self.context)
        return article.text_credit or (outlet.title if outlet else "")

    @extend_schema_field(TeaserSerializer(many=True))
    def get_read_also(self, article: ArticlePage) -> list[dict[str, Any]]:
        teasers = read_also(article, self.context["request"])
        return TeaserSerializer(teasers, many=True, context=self.context).data

    @extend_schema_field(ProvenanceSerializer)
    def get_provenance(self, article: ArticlePage) -> dict[str, Any]:
        original = None
        if article.original_id is not None:
            candidate = (
                ArticlePage.objects.visible_to_readers().filter(pk=article.original_id).first()
            )
            if candidate is not None and outlet_of(candidate, self.context) is not None:
                original = ArticleSummarySerializer(candidate, context=self.context).data
        return {"canonical_url": article.canonical_url or None, "original": original}


class SearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="article_id")
    headline = serializers.CharField()
    headline_highlights = serializers.ListField(
        child=serializers.CharField(), help_text="Слова заголовка, совпавшие с запросом"
    )
    snippet = serializers.CharField(help_text="Отрывок текста вокруг найденных слов")
    snippet_highlights = serializers.ListField(child=serializers.CharField())
    published_at = serializers.DateTimeField()
    url = serializers.CharField()
    outlet = OutletRefSerializer()
    score = serializers.FloatField(help_text="Релевантность; больше — ближе к запросу")

    def to_representation(self, result: SearchResult) -> dict[str, Any]:
        return {
            "id": result.article_id,
            "headline": "".join(f.text for f in result.headline),
            "headline_highlights": [f.text for f in result.headline if f.highlighted],
            "snippet": "".join(f.text for f in result.snippet),
            "snippet_highlights": [f.text for f in result.snippet if f.highlighted],
            "published_at": datetime_field.to_representation(result.published_at),
            "url": absolute(self.context["request"], result.url),
            "outlet": {
                "id": result.outlet_id,
                "slug": self.context["outlet_slugs"].get(result.outlet_id, ""),
                "name": result.outlet_name,
            },
            "score": round(result.score, 6),
        }


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Сколько найдено; не больше предела подсчёта")
    count_is_exact = serializers.BooleanField(
        help_text="false — найдено больше, чем count: поиск считает совпадения до предела"
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SearchResultSerializer(many=True)
    query = serializers.CharField(help_text="Запрос, как его поняли")
    relaxed = serializers.BooleanField(
        help_text="Все слова вместе не нашлись — показаны материалы хотя бы с частью слов"
    )
    messages = serializers.ListField(
        child=serializers.CharField(), help_text="Пояснения для читателя"
    )
