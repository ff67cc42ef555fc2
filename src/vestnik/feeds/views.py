"""Sitemaps and robots.txt of the outlet the request's host names. Plain GET views whose
output depends on the host and path alone, so the page cache can keep them."""

from urllib.parse import urljoin

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse

from .outlet_site import outlet_for_request
from .sitemaps import NewsSitemap, outlet_sitemaps


def sitemap(request: HttpRequest) -> TemplateResponse:
    outlet = outlet_for_request(request)
    response: TemplateResponse = sitemap_views.sitemap(
        request, outlet_sitemaps(outlet, request), template_name="feeds/sitemap.xml"
    )
    return response


def news_sitemap(request: HttpRequest) -> TemplateResponse:
    outlet = outlet_for_request(request)
    response: TemplateResponse = sitemap_views.sitemap(
        request, {"news": NewsSitemap(outlet, request)}, template_name="feeds/news_sitemap.xml"
    )
    # The view knows URLs only; the news extension also names the publication.
    assert response.context_data is not None  # the sitemap view always passes a context
    response.context_data["publication_name"] = outlet.title
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    outlet = outlet_for_request(request)
    home = outlet.get_full_url(request)
    context = {
        "disallowed": [reverse("wagtailadmin_home"), "/" + outlet.reverse_subpage("search")],
        "sitemaps": [
            urljoin(home, reverse(name)) for name in ("feeds:sitemap", "feeds:news_sitemap")
        ],
    }
    return render(request, "feeds/robots.txt", context, content_type="text/plain; charset=utf-8")
