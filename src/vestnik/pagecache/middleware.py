"""Django's side of the page cache: say which responses the WSGI layer may store.

A response is storable when the layer asked (a public anonymous GET, see ``wsgi_layer``),
it is a 200 that sets no cookie, and its view did not opt out with ``Cache-Control:
private``/``no-store``/``no-cache`` (Django's ``never_cache`` does that). The mark names
the Wagtail site that answered, so purging a site's pages reaches every host it answers.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.models import Site

from .inline_styles import style_hashes, with_style_hashes
from .surfaces import site_host
from .wsgi_layer import CACHEABLE_ENVIRON_KEY, MARK_HEADER

OPTING_OUT = ("private", "no-store", "no-cache")
# Screens with scripts: Wagtail's admin, Django's, and the API's browsable pages.
SCRIPTED_PREFIXES = ("/admin/", "/django-admin/", "/api/")


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.META.get(CACHEABLE_ENVIRON_KEY) and is_storable(request, response):
            site = Site.find_for_request(request)
            response[MARK_HEADER] = site_host(site) if site else ""
            # Browsers and proxies revalidate every time (answered with 304 from the cache),
            # so an edit is never hidden behind a max-age.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response


class ContentSecurityPolicyMiddleware:
    """``Content-Security-Policy`` on every response: the scriptless public policy on
    readers' pages (stored with them in the page cache), with the hashes of the page's own
    inline styles (``inline_styles``), the admin's policy on the admin and on the pages an
    editor sees, which carry Wagtail's userbar."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.public_policy = settings.VESTNIK_CONTENT_SECURITY_POLICY
        self.admin_policy = settings.VESTNIK_ADMIN_CONTENT_SECURITY_POLICY
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Without a session cookie nobody is logged in, and the user (the session behind
        # it) is not even looked at.
        user = getattr(request, "user", None)
        signed_in = self.session_cookie in request.COOKIES
        editor = signed_in and user is not None and user.is_authenticated
        scripted = editor or request.path.startswith(SCRIPTED_PREFIXES)
        policy = self.admin_policy if scripted else self.public_policy
        if policy and not scripted:
            # The admin's policy allows inline styles already; a hash there would take
            # 'unsafe-inline' away from Wagtail's userbar.
            policy = with_style_hashes(policy, style_hashes(request))
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


def is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in OPTING_OUT):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated
