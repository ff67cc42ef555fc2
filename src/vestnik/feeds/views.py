"""Sitemaps and robots.txt of the outlet the request's host names. Plain GET views whose
output depends on the host and path alone, so the page cache can keep them.

A sitemap names an XSL stylesheet (``sitemap.xsl``, same origin), which a browser applies
to show a person a table of addresses and dates; crawlers read the XML as before. The public
policy's ``script-src 'none'`` also forbids XSLT, so a sitemap carries its own policy,
which allows that one stylesheet and nothing else that runs."""

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
    return readable_in_a_browser(request, response)


def news_sitemap(request: HttpRequest) -> TemplateResponse:
    outlet = outlet_for_request(request)
    response: TemplateResponse = sitemap_views.sitemap(
        request, {"news": NewsSitemap(outlet, request)}, template_name="feeds/news_sitemap.xml"
    )
    # The view knows URLs only; the news extension also names the publication.
    assert response.context_data is not None  # the sitemap view always passes a context
    response.context_data["publication_name"] = outlet.title
    return readable_in_a_browser(request, response)


def readable_in_a_browser(request: HttpRequest, response: TemplateResponse) -> TemplateResponse:
    """Name the stylesheet, and allow it (and the site's CSS it links) and nothing else."""
    stylesheet = reverse("feeds:sitemap_xsl")
    assert response.context_data is not None
    response.context_data["stylesheet"] = stylesheet
    # A source with a path allows that one file; an http: source also matches its https:
    # address (CSP level 3), so the policy holds behind a TLS proxy too.
    response["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {request.build_absolute_uri(stylesheet)}; "
        "style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )
    return response


def sitemap_xsl(request: HttpRequest) -> HttpResponse:
    """The stylesheet the sitemaps name: the same for every outlet."""
    return render(request, "feeds/sitemap.xsl", content_type="text/xsl; charset=utf-8")


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
