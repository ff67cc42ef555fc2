"""What a locked-out visitor is told, for the admin login and for page passwords alike."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

__all__ = ["lockout_response"]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: a 429 page in Russian that says how long to wait.

    The right password does not open the door before then, so the page says so."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    wait = ngettext("%(count)d минуту", "%(count)d минуты", minutes) % {"count": minutes}
    return render(
        request,
        "accounts/lockout.html",
        {"wait": wait, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
