"""Distribution URLs of every outlet, resolved by host before Wagtail's page tree."""

from django.urls import path, re_path

from . import views
from .aggregators import (
    OutletDzenFeed,
    OutletYandexFeed,
    RegionDzenFeed,
    RegionYandexFeed,
    SectionDzenFeed,
    SectionYandexFeed,
)
from .feeds import (
    OutletAtomFeed,
    OutletFeed,
    RegionFeed,
    SectionAtomFeed,
    SectionFeed,
    TagFeed,
)

app_name = "feeds"

urlpatterns = [
    path("rss/", OutletFeed(), name="rss"),
    path("atom/", OutletAtomFeed(), name="atom"),
    path("rss/dzen/", OutletDzenFeed(), name="dzen"),
    path("rss/yandex/", OutletYandexFeed(), name="yandex"),
    # Slugs as the outlet's own tag and region routes accept them (outlets/models.py).
    re_path(r"^tags/(?P<slug>[-\w]+)/rss/$", TagFeed(), name="tag_rss"),
    re_path(r"^regions/(?P<slug>[-\w]+)/rss/$", RegionFeed(), name="region_rss"),
    re_path(r"^rubrics/(?P<slug>[-\w]+)/rss/$", SectionFeed(), name="section_rss"),
    re_path(r"^rubrics/(?P<slug>[-\w]+)/atom/$", SectionAtomFeed(), name="section_atom"),
    re_path(r"^rubrics/(?P<slug>[-\w]+)/rss/dzen/$", SectionDzenFeed(), name="section_dzen"),
    re_path(r"^rubrics/(?P<slug>[-\w]+)/rss/yandex/$", SectionYandexFeed(), name="section_yandex"),
    re_path(r"^regions/(?P<slug>[-\w]+)/rss/dzen/$", RegionDzenFeed(), name="region_dzen"),
    re_path(r"^regions/(?P<slug>[-\w]+)/rss/yandex/$", RegionYandexFeed(), name="region_yandex"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("sitemap.xsl", views.sitemap_xsl, name="sitemap_xsl"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
