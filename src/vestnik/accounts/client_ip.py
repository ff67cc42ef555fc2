"""The login throttle's address of a request (django-axes' ``AXES_CLIENT_IP_CALLABLE``)."""

from django.conf import settings
from django.http import HttpRequest

from vestnik.client_address import client_address

__all__ = ["login_address"]


def login_address(request: HttpRequest) -> str:
    return client_address(request.META, settings.VESTNIK_BEHIND_PROXY)
