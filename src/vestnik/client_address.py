"""The address a request came from, through the reverse proxy where there is one.

Behind a proxy (``VESTNIK_BEHIND_PROXY``) every request's ``REMOTE_ADDR`` is the proxy's own, so
the reader's address is the last one in ``X-Forwarded-For``: the proxy appends the address it
saw, while anything before it came from the client and may be forged. Read counting tells
readers apart by it, and the login throttle locks a guessed account for one address, not for
everyone behind the proxy.
"""

from collections.abc import Mapping
from typing import Any

__all__ = ["client_address"]


def client_address(meta: Mapping[str, Any], behind_proxy: bool) -> str:
    """From a WSGI environ or Django's ``request.META``."""
    if behind_proxy:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.rpartition(",")[2].strip())
    return str(meta.get("REMOTE_ADDR", ""))
