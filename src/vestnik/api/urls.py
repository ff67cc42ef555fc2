from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views
from .errors import endpoint_not_found

app_name = "api"

endpoints = [
    path("outlets/", views.OutletList.as_view(), name="outlets"),
    path("outlets/<slug:slug>/", views.OutletDetail.as_view(), name="outlet"),
    path("articles/", views.ArticleList.as_view(), name="articles"),
    # Eighteen digits keep an id inside a 64-bit column; longer ones are simply not found.
    re_path(r"^articles/(?P<pk>[0-9]{1,18})/$", views.ArticleDetail.as_view(), name="article"),
    path("regions/", views.RegionList.as_view(), name="regions"),
    path("regions/<slug:slug>/", views.RegionDetail.as_view(), name="region"),
    path("tags/", views.TagList.as_view(), name="tags"),
    path("tags/<slug:slug>/", views.TagDetail.as_view(), name="tag"),
    path("search/", views.Search.as_view(), name="search"),
]

SCHEMA_SETTINGS = {
    "TITLE": "Вестник: API для чтения",
    "DESCRIPTION": (
        "Издания сети, их опубликованные статьи, регионы, теги и поиск. Только чтение, без "
        "входа. Ответы несут ETag: запрос с If-None-Match получает 304, если ничего не "
        'изменилось. Ошибки — JSON вида {"detail": …, "errors": {параметр: [сообщения]}}.'
    ),
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "vestnik.api.schema.allow_empty_query_values",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "vestnik.regions.models.Region.Kind",
        "TagKindEnum": "vestnik.articles.models.Tag.Kind",
    },
}

urlpatterns = [
    *endpoints,
    path(
        "schema/",
        SpectacularJSONAPIView.as_view(
            urlconf=[path("api/v1/", include((endpoints, "api")))],
            custom_settings=SCHEMA_SETTINGS,
        ),
        name="schema",
    ),
    # Anything else under /api/v1/ ending in a slash: JSON 404 rather than the site's page.
    re_path(r"^(?:[\s\S]*/)?$", endpoint_not_found),
]
