"""Page passwords (Wagtail's view restrictions) counted by django-axes like admin logins.

Wagtail checks a page password in its own form, outside Django's authentication, so nothing
counted the guesses: 31 of them took 1.4 s. Each restriction is counted as an account of its
own, per address, and is locked out after the same number of failures as a login."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from wagtail.views import authenticate_with_password

from .lockout import lockout_response

__all__ = ["throttled_authenticate_with_password"]


def throttled_authenticate_with_password(
    request: HttpRequest, page_view_restriction_id: int, page_id: int
) -> HttpResponse:
    """Wagtail's view, refused while this address is locked out of this restriction; a
    submitted password that does not let the reader through counts as a failure."""
    credentials = {"username": f"page-password-{page_view_restriction_id}"}
    if request.method == "POST" and not AxesProxyHandler.is_allowed(request, credentials):
        return lockout_response(request, None, credentials)
    response = authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code != 302:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return response
