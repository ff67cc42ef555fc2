"""One-line ``<style>`` elements a readers' page may carry under the strict CSP.

An outlet's accent colour is one CSS variable, «:root{--accent:#1d5a8c}». As a stylesheet of
its own it would cost every page a request; allowing inline styles would let any injected
``style`` through. So the template asks for each inline style here, and the CSP middleware
allows exactly those by their SHA-256 hash (CSP Level 2 hash sources), on the response that
carries them: the hash is stored with the page in the cache, the header with the body.
"""

import base64
import hashlib

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

__all__ = ["inline_style", "style_hashes", "with_style_hashes"]

HASHES_ATTRIBUTE = "_vestnik_inline_style_hashes"


def inline_style(request: HttpRequest | None, css: str) -> SafeString:
    """``<style>css</style>``, allowed by the response's policy. ``css`` is the page's own
    text (an accent validated as «#rrggbb»), never a reader's."""
    digest = hashlib.sha256(css.encode()).digest()
    if request is not None:
        hashes: set[str] = request.__dict__.setdefault(HASHES_ATTRIBUTE, set())
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return format_html("<style>{}</style>", css)


def style_hashes(request: HttpRequest) -> list[str]:
    return sorted(request.__dict__.get(HASHES_ATTRIBUTE, ()))


def with_style_hashes(policy: str, hashes: list[str]) -> str:
    """The policy with the hashes added to its ``style-src`` (or a ``style-src`` made of
    ``'self'`` and them, where the policy has none)."""
    if not hashes:
        return policy
    directives = [directive.strip() for directive in policy.split(";") if directive.strip()]
    for index, directive in enumerate(directives):
        if directive.split()[0] == "style-src":
            directives[index] = " ".join([directive, *hashes])
            break
    else:
        directives.append(" ".join(["style-src 'self'", *hashes]))
    return "; ".join(directives)
