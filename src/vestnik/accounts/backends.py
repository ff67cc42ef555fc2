"""The login throttle in front of Django's own authentication."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for logins that arrive with a request (the admin's form).

    ``authenticate()`` without a request (Django's test client, management commands) has no
    address to count against; axes would refuse it outright, so it is let through to the
    next backend, which checks the password as usual."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
