"""The read API under /api/v1/: outlets, articles, regions, tags and search.

Only live, public articles of live outlets are ever shown; see ``ReadOnlyEndpoint`` for
caching, errors and methods.
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from vestnik.articles.models import ArticlePage, ArticlePageQuerySet, Tag
from vestnik.language.query import parse_query
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region
from vestnik.search.forms import SearchForm
from vestnik.search.service import SearchPage

from .base import ReadOnlyEndpoint
from .filters import ArticleFilters, TagFilters, find_outlet, given_params
from .pagination import MAX_PER_PAGE, NO_SUCH_PAGE, envelope, page_link, positive_int_param
from .schema import LIST_ERRORS, NOT_FOUND, form_parameters
from .serializers import (
    ArticleDetailSerializer,
    ArticleSummarySerializer,
    OutletSerializer,
    RegionTreeSerializer,
    SearchPageSerializer,
    SearchResultSerializer,
    TagSerializer,
    live_outlets,
    outlets_by_path,
)

# Search pages are shorter than lists by default: each result carries a snippet.
SEARCH_PER_PAGE = 10


def published_articles() -> ArticlePageQuerySet:
    """What a reader may see (live, not expired, public, under a live outlet), on a site."""
    under_outlet = Q(pk__in=[])
    for path, depth in live_outlets().values_list("path", "depth"):
        under_outlet |= Q(path__startswith=path, depth=depth + 1)
    return ArticlePage.objects.visible_to_readers().filter(under_outlet)


class OutletContextMixin:
    """Hands serializers the live outlets once per request (see ``outlets_by_path``)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        context["outlets"] = outlets_by_path()
        return context


@extend_schema(
    tags=["outlets"],
    summary="Издания сети",
    responses={200: OutletSerializer(many=True), **LIST_ERRORS},
)
class OutletList(ReadOnlyEndpoint, generics.ListAPIView):
    """Live outlets of the network, by name."""

    serializer_class = OutletSerializer

    def get_queryset(self) -> QuerySet[OutletHomePage]:
        return live_outlets().order_by("title")


@extend_schema(
    tags=["outlets"], summary="Издание", responses={200: OutletSerializer, 404: NOT_FOUND}
)
class OutletDetail(ReadOnlyEndpoint, generics.RetrieveAPIView):
    """One outlet by its slug."""

    serializer_class = OutletSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[OutletHomePage]:
        return live_outlets()


@extend_schema(
    tags=["articles"],
    summary="Статьи, новые первыми",
    parameters=[ArticleFilters],
    responses={200: ArticleSummarySerializer(many=True), **LIST_ERRORS},
)
class ArticleList(OutletContextMixin, ReadOnlyEndpoint, generics.ListAPIView):
    """Published articles, newest first, narrowed by outlet, region, tag and Moscow dates."""

    serializer_class = ArticleSummarySerializer

    def get_queryset(self) -> QuerySet[ArticlePage]:
        filters = ArticleFilters(data=given_params(self.request))
        filters.is_valid(raise_exception=True)
        return filters.apply(published_articles()).newest_first()


@extend_schema(
    tags=["articles"],
    summary="Статья целиком",
    responses={200: ArticleDetailSerializer, 404: NOT_FOUND},
)
class ArticleDetail(OutletContextMixin, ReadOnlyEndpoint, generics.RetrieveAPIView):
    """One published article with its body, photo, credits, tags, regions, «Читайте также»
    and provenance."""

    serializer_class = ArticleDetailSerializer

    def get_queryset(self) -> QuerySet[ArticlePage]:
        return published_articles().select_related("photo")


@extend_schema(
    tags=["regions"],
    summary="Округа Москвы с их районами и кодами ОКАТО/ОКТМО",
    responses={200: RegionTreeSerializer(many=True), **LIST_ERRORS},
)
class RegionList(ReadOnlyEndpoint, generics.ListAPIView):
    """Moscow's okrugs, each with the districts, settlements and city districts inside it."""

    serializer_class = RegionTreeSerializer
    queryset = (
        Region.objects.okrugs()
        .prefetch_related(Prefetch("children", Region.objects.order_by("name")))
        .order_by("name")
    )


@extend_schema(
    tags=["regions"],
    summary="Округ или район с тем, что в него входит",
    responses={200: RegionTreeSerializer, 404: NOT_FOUND},
)
class RegionDetail(ReadOnlyEndpoint, generics.RetrieveAPIView):
    """One region by slug, with what lies inside it."""

    serializer_class = RegionTreeSerializer
    queryset = Region.objects.prefetch_related(
        Prefetch("children", Region.objects.order_by("name"))
    )
    lookup_field = "slug"


@extend_schema(
    tags=["tags"],
    summary="Теги статей: персоны, организации, места, темы",
    parameters=[TagFilters],
    responses={200: TagSerializer(many=True), **LIST_ERRORS},
)
class TagList(ReadOnlyEndpoint, generics.ListAPIView):
    """Tags of published articles, by name; ``kind`` keeps one kind."""

    serializer_class = TagSerializer

    def get_queryset(self) -> QuerySet[Tag]:
        filters = TagFilters(data=given_params(self.request))
        filters.is_valid(raise_exception=True)
        tags = used_tags()
        if kind := filters.validated_data.get("kind"):
            tags = tags.filter(kind=kind)
        return tags.order_by("name", "pk")


@extend_schema(tags=["tags"], summary="Тег", responses={200: TagSerializer, 404: NOT_FOUND})
class TagDetail(ReadOnlyEndpoint, generics.RetrieveAPIView):
    """One tag by its slug."""

    serializer_class = TagSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Tag]:
        return used_tags()


def used_tags() -> QuerySet[Tag]:
    """Tags of at least one published article: the rest lead an app nowhere."""
    return Tag.objects.filter(
        tagged_articles__content_object__in=published_articles().values("pk")
    ).distinct()


@extend_schema(
    tags=["search"],
    summary="Поиск по всей сети",
    description=(
        "Те же параметры, что у поиска на сайте: все слова запроса в любой форме, "
        "«фразы в кавычках», -исключения. Если все слова вместе не нашлись, ищется любое "
        "(relaxed=true, с пояснением в messages). Неизвестные издание, округ или тег и "
        "период, который кончается раньше начала, ничего не находят: пустой ответ, не 400."
    ),
    parameters=[
        *form_parameters(SearchForm),
        OpenApiParameter(
            "outlet", str, description="Только это издание: слаг или номер; неизвестное — пусто"
        ),
        OpenApiParameter(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            description=f"Сколько результатов на странице, по умолчанию {SEARCH_PER_PAGE}",
        ),
    ],
    responses={200: SearchPageSerializer, **LIST_ERRORS},
)
class Search(ReadOnlyEndpoint):
    """Full-text search over the whole network, with highlighted snippets."""

    def get(self, request: Request) -> Response:
        form = SearchForm(request.query_params)
        # Checked here as the lists check them, so both answer a bad number alike.
        requested = positive_int_param(request, "page", 1)
        per_page = positive_int_param(request, "per_page", SEARCH_PER_PAGE, MAX_PER_PAGE)
        valid = form.is_valid()
        if not valid and not form.finds_nothing():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {name: [e["message"] for e in errs] for name, errs in errors.items()}
            )
        outlet_id = None
        if name := request.query_params.get("outlet"):
            outlet = find_outlet(name)
            outlet_id = outlet.pk if outlet else None
            valid = valid and outlet is not None
        if valid:
            page = form.search(outlet_id=outlet_id, per_page=per_page, request=request)
        else:  # a well-formed filter that names nothing finds nothing, and says why
            notes = [str(message) for messages in form.errors.values() for message in messages]
            if name and outlet_id is None:
                notes.append(f"Нет такого издания: «{name}».")
            text = form.cleaned_data.get("q", "")
            page = SearchPage(text, parse_query(""), messages=tuple(notes))
        if requested > page.num_pages:
            raise NotFound(NO_SUCH_PAGE)
        slugs = dict(OutletHomePage.objects.values_list("pk", "slug"))
        results = SearchResultSerializer(
            page.results, many=True, context={"outlet_slugs": slugs, "request": request}
        ).data
        data = envelope(
            page.shown_total,
            page_link(request, page.page - 1 if page.has_previous else None),
            page_link(request, page.page + 1 if page.has_next else None),
            results,
        )
        data.update(
            count_is_exact=page.total_is_exact,
            query=page.text,
            relaxed=page.relaxed,
            messages=list(page.messages),
        )
        return Response(data)
