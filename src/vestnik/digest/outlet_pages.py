"""The digest's pages on an outlet's site, served as routes of its home page: the subscribe
form (``podpiska/``), the «delete my address» form and the archive of issues (``digest/``).

The forms post with Django's CSRF token. Readers' pages are stored by the page cache, and a
page carrying a token sets a cookie, which the cache never stores; so the cached pages (the
footer, a region's page) carry only a button that opens ``podpiska/`` for the right list,
and that page, never cached, carries the address field and the token.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.routable_page.models import path

from vestnik.articles.models import ArticlePage, ReaderRule
from vestnik.outlets.models import OutletHomePage
from vestnik.regions.models import Region

from .forms import AddressForm
from .messages import issue_context
from .models import DigestList, Issue
from .subscribing import request_deletion, subscribe

__all__ = ["install"]


@path("podpiska/")
def subscribe_page(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    """GET: the form for the outlet's list, or a region's (``?region=slug``); POST: the
    confirmation letter, and the same answer whatever the address."""
    slug = request.POST.get("region") or request.GET.get("region") or ""
    region = Region.objects.filter(slug=slug).first() if slug else None
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        subscribe(outlet, region, form.cleaned_data["email"])
        return uncached(render(outlet, request, "digest/check_mail.html", "Проверьте почту"))
    return uncached(
        render(
            outlet,
            request,
            "digest/subscribe.html",
            "Рассылка",
            form=form,
            listed_region=region,
            list_name=DigestList(outlet=outlet, region=region).name,
        )
    )


@path("podpiska/udalit/")
def deletion_page(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        request_deletion(outlet, form.cleaned_data["email"])
        return uncached(render(outlet, request, "digest/check_mail.html", "Проверьте почту"))
    return uncached(
        render(outlet, request, "digest/delete_request.html", "Удалить адрес", form=form)
    )


@path("digest/")
def archive(outlet: OutletHomePage, request: HttpRequest) -> HttpResponse:
    issues = Issue.objects.filter(digest_list__outlet=outlet).select_related("digest_list__region")
    return unstored(render(outlet, request, "digest/archive.html", "Архив рассылки", issues=issues))


@path("digest/<int:pk>/")
def issue_page(outlet: OutletHomePage, request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(
        Issue.objects.select_related("digest_list__region"), pk=pk, digest_list__outlet=outlet
    )
    context = issue_context(issue)
    # As it went out, less what a reader may no longer see (unpublished, restricted since).
    visible = set(
        ArticlePage.objects.visible_to_readers(ReaderRule.now())
        .filter(pk__in=[entry["page"] for entry in issue.items])
        .values_list("pk", flat=True)
    )
    for kind in ("most_read", "newest"):
        context[kind] = [entry for entry in context[kind] if entry["page"] in visible]
    if not context["most_read"] and not context["newest"] and issue.items:
        raise Http404("Выпуск недоступен")
    return unstored(render(outlet, request, "digest/issue_page.html", issue.subject, **context))


def render(
    outlet: OutletHomePage, request: HttpRequest, template: str, heading: str, **context: object
) -> HttpResponse:
    return outlet.render(
        request, template=template, context_overrides={"heading": heading, **context}
    )


def uncached(response: HttpResponse) -> HttpResponse:
    """A page with a form: its own CSRF token, never stored by the page cache or a proxy."""
    add_never_cache_headers(response)
    return response


def unstored(response: HttpResponse) -> HttpResponse:
    """The archive changes when the worker builds an issue, which purges nothing: the page
    cache does not store it (``pagecache.middleware`` honours ``no-cache``)."""
    patch_cache_control(response, no_cache=True)
    return response


def install() -> None:
    OutletHomePage.add_routes(subscribe_page, deletion_page, archive, issue_page)
